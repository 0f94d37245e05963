"""Logging contacts: what happened with a family, and what was promised next."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core.dates import resolve_date
from ..core.models import CONTACT_KINDS, OUTCOMES, Contact, Family, FollowUp, fold
from ..core.suggest import choice_error
from ..errors import ConflictError, UsageError
from ..storage import Session
from .app import App
from .family_input import parse_lang
from .lookup import get_family
from .scheduling import AskSchoolDay, ClosedDay, create_followup, next_open_followup, settle_due

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
    now = app.stamp()
    contact = Contact(
        id="", family_id=family.id, date=date.isoformat(), kind=kind, summary=summary,
        time=time, direction=direction, guardian=guardian, language=language,
        interpreter=interpreter, outcome=outcome, followup_id=followup_id,
        letter=dict(letter or {}), created=now, updated=now,
    )
    d = contact.to_dict()
    del d["id"]
    contact.id = f"C{s.contacts.add(d)}"
    return contact


@dataclass
class LogResult:
    contact: Contact
    followup: FollowUp | None
    next_open: FollowUp | None
    closed: ClosedDay | None = None  # the follow-up's day was not a school day
    no_visit_consent: bool = False  # a home visit logged with no home-visit consent on record


@dataclass
class ContactPlan:
    """A contact to record, checked before the store is opened (what `log` and `done --log` share)."""

    kind: str
    note: str
    day: dt.date
    time: str = ""
    direction: str = "to"
    with_guardian: str = ""
    lang: str = ""
    interpreter: str = ""
    outcome: str = "reached"
    due: dt.date | None = None
    action: str = ""
    every: int | None = None
    closed: ClosedDay | None = None


def plan_contact(app: App, *, kind: str, note: str, when: str | None = None, time: str = "",
                 direction: str = "to", with_guardian: str = "", lang: str = "",
                 interpreter: str = "", outcome: str = "reached", follow_up: str | None = None,
                 action: str = "", every: int | None = None, school_day: bool = False,
                 ask: AskSchoolDay | None = None, note_required: bool = True) -> ContactPlan:
    """Check everything a contact carries; `ask` may move a follow-up off a closed day.

    `done --log` leaves the note to the follow-up's action (`note_required=False`)."""
    kind = parse_kind(kind)
    outcome = parse_outcome(outcome)
    if direction not in ("to", "from"):
        raise UsageError("--direction must be to (you reached out) or from (the family did).")
    if note_required and (not note or not note.strip()):
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
    if school_day and not follow_up:
        raise UsageError("--school-day needs --follow-up WHEN, like --follow-up friday --school-day.")
    due = closed = None
    if follow_up:
        due = resolve_date(follow_up, app.today, cal, ahead=True)
        if due < app.today:
            raise UsageError(f"The follow-up date {due.isoformat()} has passed; pick today or later.")
        due, closed = settle_due(app, due, school_day=school_day, ask=ask)
    return ContactPlan(kind=kind, note=(note or "").strip(), day=day, time=time, direction=direction,
                       with_guardian=with_guardian, lang=lang, interpreter=interpreter,
                       outcome=outcome, due=due, action=action.strip(), every=every, closed=closed)


def contact_in(s: Session, app: App, family: Family, plan: ContactPlan, *,
               followup_id: int | None = None) -> tuple[Contact, FollowUp | None]:
    """Record a planned contact (and its follow-up) in an open write session."""
    guardian = ""
    if plan.with_guardian:
        wanted = fold(plan.with_guardian)
        hits = [g for g in family.guardians if wanted in fold(g.name)]
        if len(hits) != 1:
            raise UsageError(f"--with does not name one guardian of {family.id}; run "
                             f"`liaison show {family.id}` to see them.")
        guardian = hits[0].name
    contact = record_contact(
        s, app, family, kind=plan.kind, summary=plan.note, date=plan.day, time=plan.time,
        direction=plan.direction, guardian=guardian, language=plan.lang,
        interpreter=plan.interpreter, outcome=plan.outcome, followup_id=followup_id,
    )
    fu = None
    if plan.due is not None:
        fu = create_followup(s, app, family.id, plan.due, plan.action or f"Follow up: {plan.note}",
                             every_days=plan.every, source=f"contact {contact.id}")
        if followup_id is None:
            s.contacts.update(contact.id[1:], {"followup_id": fu.id}, family_id=family.id)
            contact.followup_id = fu.id
    return contact, fu


def log_contact(app: App, ref: str, *, kind: str, note: str, when: str | None = None,
                time: str = "", direction: str = "to", with_guardian: str = "", lang: str = "",
                interpreter: str = "", outcome: str = "reached", follow_up: str | None = None,
                action: str = "", every: int | None = None, school_day: bool = False,
                ask: AskSchoolDay | None = None) -> LogResult:
    plan = plan_contact(app, kind=kind, note=note, when=when, time=time, direction=direction,
                        with_guardian=with_guardian, lang=lang, interpreter=interpreter,
                        outcome=outcome, follow_up=follow_up, action=action, every=every,
                        school_day=school_day, ask=ask)
    with app.store.write() as s:
        family = get_family(s, ref, full=False)
        if family.status == "closed":
            raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` first.")
        contact, fu = contact_in(s, app, family, plan)
        nxt = next_open_followup(s, family.id)
        # `family` is the roster's sketch (no consents); read them only for a home visit.
        no_consent = plan.kind == "home-visit" and "home-visit" not in (
            (s.families.get(family.number) or {}).get("consents") or {})
    return LogResult(contact, fu, nxt, plan.closed, no_consent)
