"""Events: open houses, family nights, workshops — who was invited, who came, who never comes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.dates import resolve_date
from ..core.models import EVENT_KINDS, Event, fold
from ..core.reports import Period, event_held, family_language, resolve_period
from ..core.suggest import choice_error
from ..errors import ConflictError, NotFoundError, UsageError
from .app import App
from .contacts import parse_time, record_contact
from .event_records import event_of, get_event
from .families import get_family, school_aliases
from .family_input import parse_lang, parse_tag
from .selection import Selection, select

_KIND_ALIASES = {"openhouse": "open-house", "family-nights": "family-night", "potlatch": "potluck",
                 "conference": "conference-night", "conferences": "conference-night",
                 "class": "parent-class", "parent-classes": "parent-class", "meeting": "other"}


def parse_event_kind(text: str) -> str:
    k = "-".join(text.strip().lower().replace("_", " ").split())
    k = _KIND_ALIASES.get(k, k)
    if k not in EVENT_KINDS:
        raise choice_error("--kind", text, EVENT_KINDS)
    return k


def _stored(e: Event) -> dict[str, Any]:
    d = e.to_dict()
    del d["id"]
    return d


# --------------------------------------------------------------------------- adding and listing


def add_event(app: App, *, title: str, kind: str, when: str, time: str = "", place: str = "",
              school: str = "", languages: list[str] = (), interpreter: bool = False) -> Event:
    title = " ".join(title.split())
    if not title:
        raise UsageError("An event needs a title: --title \"Family Math Night\".")
    kind = parse_event_kind(kind)
    day = resolve_date(when, app.today, app.calendar)
    time = parse_time(time) if time else ""
    if school:
        known = app.config.school(school)
        school = known.name if known else school.strip()
    langs = [code for code in (parse_lang(x) for x in languages) if code]
    now = app.stamp()
    with app.store.write() as s:
        event = Event(id="", title=title, kind=kind, date=day.isoformat(), time=time,
                      place=place.strip(), school=school, languages=langs, interpreter=interpreter,
                      created=now, updated=now)
        event.id = f"E{s.events.add(_stored(event))}"
    return event


@dataclass
class EventRow:
    id: str
    title: str
    kind: str
    date: str
    time: str
    place: str
    school: str
    languages: list[str]
    interpreter: bool
    invited: int
    attended: int
    rate: float | None
    held: bool


def _row(e: Event, today: dt.date) -> EventRow:
    invited = len(set(e.invited) | set(e.attended))
    came = len(set(e.attended))
    return EventRow(e.id, e.title, e.kind, e.date, e.time, e.place, e.school, e.languages,
                    e.interpreter, invited, came, round(came / invited, 3) if invited else None,
                    event_held(e.to_dict(), today))


def list_events(app: App, *, upcoming: bool = False, past: bool = False,
                kind: str | None = None) -> list[EventRow]:
    """Events by date; `upcoming` = today and later, `past` = before today."""
    if upcoming and past:
        raise UsageError("Use --upcoming or --past, not both.")
    k = parse_event_kind(kind) if kind else None
    iso = app.today.isoformat()
    with app.store.read() as s:
        events = [event_of(key, rec) for key, rec in s.events.rows().items()]
    out = []
    for e in events:
        if upcoming and e.date < iso or past and e.date >= iso or k and e.kind != k:
            continue
        out.append(_row(e, app.today))
    out.sort(key=lambda r: (r.date, r.time, int(r.id[1:])), reverse=past)
    return out


@dataclass
class Guest:
    family_id: str
    family_name: str
    language: str
    interpreter: bool
    attended: bool


@dataclass
class EventDetail:
    event: Event
    invited: int
    attended: int
    rate: float | None
    guests: list[Guest] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = self.event.to_dict()
        d.update({"invited_count": self.invited, "attended_count": self.attended, "rate": self.rate,
                  "guests": [g.__dict__ for g in self.guests]})
        return d


def show_event(app: App, ref: str) -> EventDetail:
    with app.store.read() as s:
        e = get_event(s, ref)
        fams = s.families.rows()
    row = _row(e, app.today)
    guests = []
    for fid in list(dict.fromkeys(e.invited + e.attended)):
        fam = fams.get(fid[1:], {})
        guests.append(Guest(fid, fam.get("name", "(forgotten)"), family_language(fam),
                            any(g.get("interpreter") for g in fam.get("guardians", [])),
                            fid in e.attended))
    guests.sort(key=lambda g: (not g.attended, int(g.family_id[1:])))
    return EventDetail(e, row.invited, row.attended, row.rate, guests)


# --------------------------------------------------------------------------- invitations


INVITATION_TEMPLATE = "event-invite"


@dataclass
class InviteResult:
    event: Event
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    letters: Any = None  # services.letters.MergeSummary when letters were written
    skipped_closed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event.to_dict(), "added": self.added, "already": self.already,
                "skipped_closed": self.skipped_closed,
                "letters": self.letters.to_dict() if self.letters is not None else None}


def invite(app: App, ref: str, *, tags: list[str] = (), families: list[str] = (),
           school: str | None = None, all_: bool = False, letters: Path | None = None,
           fmt: str = "md", progress=None) -> InviteResult:
    """Add families to an event's invitation list, chosen as `letter` chooses them (`--all`,
    `--tag`, `--families`, `--school`: services/selection.py); closed families are left out
    (`skipped_closed`), and one named by id is refused. With `letters`, also write each of them
    an invitation in their own language into that folder (a mail merge of the event-invite
    template, each letter recorded as a `letter` contact and in the disclosure log)."""
    sel = Selection(all_=all_, tags=list(tags), families=list(families), school=school or "")
    if not sel.given:
        raise UsageError("Say whom to invite: --all, --tag newcomer, --families F1,F2 or --school LES.")
    if letters is not None:
        # Start-up: the letters package brings jinja2 and babel (about 37 ms on top of this
        # module, measured); `event add`, `events` and `event attend` never write a letter.
        from .letters import parse_format

        fmt = parse_format(fmt)
        if letters.exists() and not letters.is_dir():
            raise UsageError(f"--letters {letters} is a file; give a folder for the letters.")
    with app.store.write() as s:
        e = get_event(s, ref)
        for named in families:
            fam = get_family(s, named, full=False)
            if fam.status == "closed":
                raise ConflictError(f"{fam.id} is closed; leave it out or run `liaison reopen {fam.id}`.")
        active, closed = select(app, s, sel)
        chosen = [f.id for f in active]
        if not chosen:
            raise NotFoundError("No active family matches; check the tag or school with "
                                "`liaison families --tag T`.")
        result = InviteResult(e, skipped_closed=closed)
        for fid in chosen:
            (result.already if fid in e.invited else result.added).append(fid)
        if result.added:
            e.invited = e.invited + result.added
            e.updated = app.stamp()
            s.events.update(e.id[1:], {"invited": e.invited, "updated": e.updated})
    if letters is not None:
        # After the invitation list is saved: the merge opens its own write session (the
        # store's lock is not re-entrant), and every family chosen now gets its letter.
        from .letters import LetterOptions, mail_merge  # start-up: as parse_format above

        opts = LetterOptions(template=INVITATION_TEMPLATE, lang="auto", fmt=fmt, event=e.id)
        result.letters = mail_merge(app, opts, Selection(families=chosen), letters, progress)
    return result


# --------------------------------------------------------------------------- attendance


@dataclass
class AttendResult:
    event: Event
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)


def attend(app: App, ref: str, family_refs: list[str]) -> AttendResult:
    """Record who came: each family is marked attended (and invited), and an `event` contact is
    logged for it on the event's date."""
    refs = [r for part in family_refs for r in part.split(",") if r.strip()]
    if not refs:
        raise UsageError("Name the families who came, like `liaison event attend E2 F1 F7`.")
    with app.store.write() as s:
        e = get_event(s, ref)
        day = dt.date.fromisoformat(e.date)
        if day > app.today:
            raise ConflictError(f"{e.id} is on {e.date}; record who came after it has taken place.")
        result = AttendResult(e)
        for r in refs:
            fam = get_family(s, r)
            if fam.status == "closed":
                raise ConflictError(f"{fam.id} is closed; leave it out or run `liaison reopen {fam.id}`.")
            if fam.id in result.added or fam.id in result.already:
                continue  # named twice
            if fam.id in e.attended:
                result.already.append(fam.id)
                continue
            e.attended.append(fam.id)
            if fam.id not in e.invited:
                e.invited.append(fam.id)
            result.added.append(fam.id)
            # Held in the family's language when the event offered it.
            offered = {x.split("-")[0] for x in e.languages}
            lang = fam.language if fam.language and fam.language.split("-")[0] in offered else ""
            c = record_contact(s, app, fam, kind="event", summary=f"Came to {e.title} ({e.id})",
                               date=day, time=e.time, language=lang, outcome="reached")
            result.contacts.append(c.id)
        if result.added:
            e.updated = app.stamp()
            s.events.update(e.id[1:], {"invited": e.invited, "attended": e.attended,
                                       "updated": e.updated})
    return result


# --------------------------------------------------------------------------- who never comes


@dataclass
class Missed:
    family_id: str
    family_name: str
    language: str
    interpreter: bool
    invited: int  # to how many of the period's events
    phone: str


@dataclass
class MissedResult:
    period: Period
    kind: str
    tag: str
    events: list[str]  # the events considered: of the kind, in the period, already held
    families: list[Missed] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.period.start.isoformat(), "to": self.period.end.isoformat(),
                "kind": self.kind, "tag": self.tag, "events": self.events,
                "families": [m.__dict__ for m in self.families]}


def missed(app: App, *, tag: str | None = None, kind: str | None = None, school: str | None = None,
           period: str | None = None, start: str | None = None, end: str | None = None) -> MissedResult:
    """Active families (with the tag, at the school) who came to none of the events (of the kind)
    held in the period — "newcomer families who missed every family night this term"."""
    p = resolve_period(period, start, end, app.today, app.calendar, default="this-term")
    k = parse_event_kind(kind) if kind else ""
    t = parse_tag(tag) if tag else ""
    schools = school_aliases(app, school) if school else None
    with app.store.read() as s:
        events = {key: rec for key, rec in s.events.rows().items()
                  if p.contains(rec["date"]) and event_held(rec, app.today)
                  and (not k or rec.get("kind") == k)}
        fams = s.families.rows()
    came: set[str] = set()
    invited: dict[str, int] = {}
    for rec in events.values():
        came |= set(rec.get("attended", []))
        for fid in set(rec.get("invited", [])):
            invited[fid] = invited.get(fid, 0) + 1
    result = MissedResult(p, k, t, [f"E{key}" for key in sorted(events, key=int)])
    if not events:
        return result  # nothing took place, so nobody missed anything
    for key in sorted(fams, key=int):
        rec = fams[key]
        fid = f"F{key}"
        if rec.get("status", "active") != "active" or fid in came:
            continue
        if t and t not in rec.get("tags", []):
            continue
        if schools and not any(fold(st.get("school")) in schools for st in rec.get("students", [])):
            continue
        phone = next((g.get("phone") for g in rec.get("guardians", []) if g.get("phone")), "")
        result.families.append(Missed(fid, rec.get("name", ""), family_language(rec),
                                      any(g.get("interpreter") for g in rec.get("guardians", [])),
                                      invited.get(fid, 0), phone))
    return result
