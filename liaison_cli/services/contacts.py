"""Logging contacts: what happened with a family, and what was promised next."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..dates import resolve_date
from ..errors import ConflictError, UsageError
from ..models import CONTACT_KINDS, OUTCOMES, Contact, Family, FollowUp, fold
from ..store import Session
from ..suggest import choice_error
from .app import App
from .families import get_family, parse_lang

_TIME_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
KIND_ALIASES = {"call": "phone", "visit": "home-visit", "home": "home-visit", "sms": "text",
                "mail": "email", "conf": "conference", "ptc": "conference"}


def parse_kind(text: str) -> str:
    k = text.strip().lower()
    k = KIND_ALIASES.get(k, k)
    if k not in CONTACT_KINDS:
        raise choice_error("--kind", text, CONTACT_KINDS)
    return k


def parse_outcome(text: str) -> str:
    o = text.strip().lower().replace("_", "-").replace(" ", "-")
    if o not in OUTCOMES:
        raise choice_error("--outcome", text, OUTCOMES)
    return o


def parse_time(text: str) -> str:
    """"3:30pm", "15:30", "9" → "15:30", "09:00"."""
    m = _TIME_RE.match(text.strip().lower().replace(" ", ""))
    if not m:
        raise UsageError(f"--time {text!r} is not a time; write it like 15:30 or 3:30pm.")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise UsageError(f"--time {text!r}: with am/pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UsageError(f"--time {text!r} is not a time of day.")
    return f"{hour:02d}:{minute:02d}"


def record_contact(s: Session, app: App, family: Family, *, kind: str, summary: str,
                   date: dt.date, time: str = "", direction: str = "to", guardian: str = "",
                   language: str = "", interpreter: str = "", outcome: str = "reached",
                   followup_id: int | None = None, letter: dict[str, str] | None = None) -> Contact:
    """Insert one contact in an open write session (the building block every writer uses)."""
    n = s.next_id("contacts")
    now = app.stamp()
    contact = Contact(
        id=f"C{n}", family_id=family.id, date=date.isoformat(), kind=kind, summary=summary,
        time=time, direction=direction, guardian=guardian, language=language,
        interpreter=interpreter, outcome=outcome, followup_id=followup_id,
        letter=dict(letter or {}), created=now, updated=now,
    )
    d = contact.to_dict()
    del d["id"]
    s.insert(s.contacts(family.number), n, d)
    return contact


@dataclass
class LogResult:
    contact: Contact
    followup: FollowUp | None
    next_open: FollowUp | None


def log_contact(app: App, ref: str, *, kind: str, note: str, when: str | None = None,
                time: str = "", direction: str = "to", with_guardian: str = "", lang: str = "",
                interpreter: str = "", outcome: str = "reached", follow_up: str | None = None,
                action: str = "", every: int | None = None) -> LogResult:
    from .followups import create_followup, next_open_followup

    kind = parse_kind(kind)
    outcome = parse_outcome(outcome)
    if direction not in ("to", "from"):
        raise UsageError("--direction must be to (you reached out) or from (the family did).")
    if not note or not note.strip():
        raise UsageError("Missing --note; say in a few words what happened.")
    cal = app.calendar
    day = resolve_date(when, app.today, cal, past=True) if when else app.today
    if day > app.today:
        raise UsageError(f"{day.isoformat()} is in the future; log a contact after it happens "
                         "(use --follow-up to plan one).")
    time = parse_time(time) if time else ""
    lang = parse_lang(lang) if lang else ""
    if action and not follow_up:
        raise UsageError("--action needs --follow-up WHEN, like --follow-up friday.")
    due = resolve_date(follow_up, app.today, cal) if follow_up else None
    if due is not None and due < app.today:
        raise UsageError(f"The follow-up date {due.isoformat()} has passed; pick today or later.")
    with app.store.write() as s:
        family = get_family(s, ref, full=False)
        if family.status == "closed":
            raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` first.")
        guardian = ""
        if with_guardian:
            wanted = fold(with_guardian)
            hits = [g for g in family.guardians if wanted in fold(g.name)]
            if len(hits) != 1:
                raise UsageError(f"--with {with_guardian!r} does not name one guardian of "
                                 f"{family.id}; run `liaison show {family.id}` to see them.")
            guardian = hits[0].name
        contact = record_contact(
            s, app, family, kind=kind, summary=note.strip(), date=day, time=time,
            direction=direction, guardian=guardian, language=lang, interpreter=interpreter,
            outcome=outcome,
        )
        fu = None
        if due is not None:
            fu = create_followup(s, app, family.id, due, action.strip() or f"Follow up: {note.strip()}",
                                 every_days=every, source=f"contact {contact.id}")
            s.contacts(family.number).update({"followup_id": fu.id}, doc_ids=[int(contact.id[1:])])
            contact.followup_id = fu.id
        nxt = next_open_followup(s, family.id)
    return LogResult(contact, fu, nxt)
