"""Follow-ups, contact cadence and unreachable families: the liaison's daily loop.

The listings read three files only — families, follow-ups and the contact summary the store
keeps beside the contact shards — never the contact log itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..dates import SchoolCalendar, Window, resolve_date, resolve_window, stored_date
from ..errors import ConflictError, NotFoundError, UsageError
from ..models import FamilyIndex, FollowUp, parse_number
from ..storage import Session
from .app import App
from .families import get_family, school_aliases

if TYPE_CHECKING:
    from .contacts import ContactPlan

GROUPS = ("overdue", "today", "this-week", "later")


# --------------------------------------------------------------------------- writing


def create_followup(s: Session, app: App, family_id: str, due: dt.date, action: str, *,
                    every_days: int | None = None, source: str = "",
                    referral_id: str = "") -> FollowUp:
    if not action.strip():
        raise UsageError("A follow-up needs an action: --action \"call back about the bus pass\".")
    now = app.stamp()
    fu = FollowUp(id=0, family_id=family_id, due=due.isoformat(), action=action.strip(),
                  every_days=every_days, source=source, referral_id=referral_id,
                  created=now, updated=now)
    d = fu.to_dict()
    del d["id"]
    fu.id = s.followups.add(d)
    return fu


def next_open_followup(s: Session, family_id: str) -> FollowUp | None:
    best = None
    for key, f in s.followups.open_of_family(family_id).items():
        if best is None or (f["due"], int(key)) < (best[1]["due"], int(best[0])):
            best = (key, f)
    return FollowUp.from_dict({**best[1], "id": int(best[0])}) if best else None


def get_followup(s: Session, ref: str | int) -> FollowUp:
    n = parse_number("followups", ref)
    if n is None:
        raise UsageError(f"{ref!r} is not a follow-up id; they are numbers, like 12.")
    rec = s.followups.get(n)
    if rec is None:
        raise NotFoundError(f"No follow-up {n}; run `liaison followups --due this-month` to see them.")
    return FollowUp.from_dict({**rec, "id": n})


def _require_open(fu: FollowUp) -> None:
    if fu.status != "open":
        raise ConflictError(f"Follow-up {fu.id} is already {fu.status}.")


def _open_followups(s: Session, refs: Sequence[str]) -> list[FollowUp]:
    """Every follow-up named, all open, or an error naming the ones that are not (all or nothing)."""
    if not refs:
        raise UsageError("Name at least one follow-up id, like 12.")
    several = len(refs) > 1
    bad = [r for r in refs if parse_number("followups", r) is None]
    if bad:
        raise UsageError(f"{bad[0]!r} is not a follow-up id; they are numbers, like 12"
                         + ("; nothing was changed." if several else "."))
    found: dict[int, FollowUp] = {}
    missing: list[int] = []
    for ref in refs:
        n = parse_number("followups", ref)
        if n in found or n in missing:
            continue
        rec = s.followups.get(n)
        if rec is None:
            missing.append(n)
        else:
            found[n] = FollowUp.from_dict({**rec, "id": n})
    if missing:
        if not several:
            raise NotFoundError(f"No follow-up {missing[0]}; run `liaison followups --due this-month` to see them.")
        raise NotFoundError(f"No follow-up {_and(missing)}; nothing was changed. Run "
                            "`liaison followups --due this-month` to see them.")
    shut = [fu for fu in found.values() if fu.status != "open"]
    if shut:
        if not several:
            _require_open(shut[0])
        raise ConflictError(f"Follow-up {_and([f'{fu.id} is already {fu.status}' for fu in shut])}; "
                            "nothing was changed.")
    return list(found.values())


def _and(items: Sequence[object]) -> str:
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --------------------------------------------------------------------------- school days

AskSchoolDay = Callable[["ClosedDay"], bool]


@dataclass(frozen=True)
class ClosedDay:
    """A follow-up day on which school is shut, and the next day it is open."""

    day: dt.date
    why: str                            # "a school closure (PD day)", "between terms", "a Saturday"
    next_school_day: dt.date | None     # None: the calendar has no school day after it
    notable: bool                       # a closure or a break (a weekend goes without saying)
    moved: bool = False


def closed_day(app: App, day: dt.date) -> ClosedDay | None:
    """Why `day` is not a school day, or None when it is one (or lies past the known terms)."""
    cal = app.calendar
    if cal.is_school_day(day):
        return None
    try:
        after = cal.add_school_days(day, 1)
    except UsageError:
        after = None
    if day.weekday() >= 5:
        return ClosedDay(day, f"a {day.strftime('%A')}", after, notable=False)
    for c in app.config.closures:
        if c.start <= day <= c.end:
            return ClosedDay(day, f"a school closure ({c.name})" if c.name else "a school closure",
                             after, notable=True)
    terms = sorted(app.config.terms, key=lambda t: t.start)
    for before, later in zip(terms, terms[1:], strict=False):
        if before.end < day < later.start:
            return ClosedDay(day, f"between terms ({later.name or 'the next term'} starts "
                                  f"{later.start.isoformat()})", after, notable=True)
    return None  # before the first term or after the last: the calendar does not say


def settle_due(app: App, due: dt.date, *, school_day: bool = False,
               ask: AskSchoolDay | None = None) -> tuple[dt.date, ClosedDay | None]:
    """The day a follow-up lands on: moved to the next school day with `school_day`, or when
    `ask` (the command line on a terminal) says so; the ClosedDay tells the caller what happened."""
    closed = closed_day(app, due)
    if closed is None:
        return due, None
    move = school_day or (closed.notable and closed.next_school_day is not None
                          and ask is not None and ask(closed))
    if move and closed.next_school_day is not None:
        return closed.next_school_day, replace(closed, moved=True)
    return due, closed


# --------------------------------------------------------------------------- done, snooze, cancel


@dataclass
class DoneResult:
    followup: FollowUp
    next: FollowUp | None = None
    contact: Any = None
    planned: FollowUp | None = None  # the follow-up `done --log … --follow-up WHEN` planned


def mark_done(app: App, refs: Sequence[str], *, note: str = "", plan: ContactPlan | None = None
              ) -> list[DoneResult]:
    """Mark follow-ups done, all or none; with `plan` (from contacts.plan_contact) also log the
    contact with each family. A contact plan's empty note means the follow-up's action."""
    from .contacts import contact_in

    results = []
    with app.store.write() as s:
        for fu in _open_followups(s, refs):
            family = get_family(s, fu.family_id, full=False)
            result = DoneResult(fu)
            if plan is not None:
                this = replace(plan, note=note.strip() or fu.action)
                result.contact, result.planned = contact_in(s, app, family, this, followup_id=fu.id)
            fu.status, fu.done_on, fu.note, fu.updated = "done", app.today.isoformat(), note.strip(), app.stamp()
            s.followups.update(fu.id, {"status": fu.status, "done_on": fu.done_on, "note": fu.note,
                                         "updated": fu.updated})
            if fu.every_days:
                # The next one counts from the day this one was done, not from its due date.
                result.next = create_followup(
                    s, app, fu.family_id, app.today + dt.timedelta(days=fu.every_days), fu.action,
                    every_days=fu.every_days, source=f"repeats follow-up {fu.id}",
                    referral_id=fu.referral_id,
                )
            results.append(result)
    return results


@dataclass
class Moved:
    followups: list[FollowUp]
    closed: ClosedDay | None = None


def _due_ahead(app: App, when: str, *, school_day: bool, ask: AskSchoolDay | None,
               passed: str) -> tuple[dt.date, ClosedDay | None]:
    due = resolve_date(when, app.today, app.calendar, ahead=True)
    if due < app.today:
        raise UsageError(f"{due.isoformat()} has passed; {passed}.")
    return settle_due(app, due, school_day=school_day, ask=ask)


def snooze(app: App, refs: Sequence[str], when: str, *, school_day: bool = False,
           ask: AskSchoolDay | None = None) -> Moved:
    """Move open follow-ups to a later day, all or none."""
    due, closed = _due_ahead(app, when, school_day=school_day, ask=ask, passed="snooze to today or later")
    with app.store.write() as s:
        fus = _open_followups(s, refs)
        for fu in fus:
            fu.due, fu.snoozed, fu.updated = due.isoformat(), fu.snoozed + 1, app.stamp()
            s.followups.update(fu.id, {"due": fu.due, "snoozed": fu.snoozed, "updated": fu.updated})
    return Moved(fus, closed)


def cancel(app: App, refs: Sequence[str], reason: str) -> list[FollowUp]:
    """Cancel open follow-ups, all or none."""
    if not reason or not reason.strip():
        raise UsageError("Say why: --reason \"family moved\".")
    with app.store.write() as s:
        fus = _open_followups(s, refs)
        for fu in fus:
            fu.status, fu.done_on, fu.note, fu.updated = "cancelled", app.today.isoformat(), reason.strip(), app.stamp()
            s.followups.update(fu.id, {"status": fu.status, "done_on": fu.done_on, "note": fu.note,
                                         "updated": fu.updated})
    return fus


def add_followup(app: App, ref: str, when: str, action: str, every: int | None = None, *,
                 school_day: bool = False, ask: AskSchoolDay | None = None) -> Moved:
    due, closed = _due_ahead(app, when, school_day=school_day, ask=ask, passed="pick today or later")
    with app.store.write() as s:
        family = get_family(s, ref)
        if family.status == "closed":
            raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` first.")
        fu = create_followup(s, app, family.id, due, action, every_days=every, source="added")
    return Moved([fu], closed)


# --------------------------------------------------------------------------- listing


@dataclass
class Row:
    """One open follow-up as the listing shows it."""

    id: int
    family_id: str
    family_name: str
    due: str
    action: str
    status: str
    group: str
    days_overdue: int
    language: str
    interpreter: bool
    guardian: str
    phone: str
    every_days: int | None
    source: str
    referral_id: str


@dataclass
class Owed:
    """A family whose contact cadence has run out."""

    family_id: str
    family_name: str
    every_days: int
    last_reached: str
    owed_since: str
    days_over: int
    language: str
    interpreter: bool
    guardian: str
    phone: str


@dataclass
class Listing:
    window: Window
    rows: list[Row] = field(default_factory=list)
    owed: list[Owed] = field(default_factory=list)


def _contact_point(row: FamilyIndex) -> tuple[str, str, str, bool]:
    """(guardian to call, their phone, the family's language, interpreter needed)."""
    return row.guardian, row.phone, row.language, row.interpreter


def _family_filter(app: App, family: str | None, school: str | None, tag: str | None, s: Session):
    fid = get_family(s, family, full=False).id if family else None
    schools = school_aliases(app, school) if school else None
    tag = tag.strip().lower() if tag else None

    def keep(key: str, row: FamilyIndex) -> bool:
        if fid and f"F{key}" != fid:
            return False
        if tag and tag not in row.tags:
            return False
        if schools and not any(sc in schools for sc in row.schools):
            return False
        return True

    return keep


def followups_due(app: App, when: str | None = None, *, family: str | None = None,
                  school: str | None = None, tag: str | None = None,
                  with_owed: bool = True) -> Listing:
    """Open follow-ups due within `when` (default: overdue plus this week), overdue first."""
    cal = app.calendar
    window = resolve_window(when or "this-week", app.today, cal)
    today = app.today
    iso_today = today.isoformat()
    week_end = cal.week_of(today)[1].isoformat()
    lo = window.start.isoformat() if window.start else ""
    hi = window.end.isoformat()
    listing = Listing(window)
    with app.store.read() as s:
        keep = _family_filter(app, family, school, tag, s)
        # Each with its family's index row: a district holds tens of thousands of families.
        for key, (f, fam) in s.followups.open_due(hi, lo).items():
            due = f["due"]
            fnum = f["family_id"][1:]
            if fam.status != "active" or not keep(fnum, fam):
                continue
            guardian, phone, lang, interp = _contact_point(fam)
            if due < iso_today:
                group = "overdue"
            elif due == iso_today:
                group = "today"
            elif due <= week_end:
                group = "this-week"
            else:
                group = "later"
            overdue = (today - dt.date.fromisoformat(due)).days if group == "overdue" else 0
            listing.rows.append(Row(
                id=int(key), family_id=f["family_id"], family_name=fam.name, due=due,
                action=f["action"], status="open", group=group, days_overdue=overdue,
                language=lang, interpreter=interp, guardian=guardian, phone=phone,
                every_days=f.get("every_days"), source=f.get("source", ""),
                referral_id=f.get("referral_id", ""),
            ))
        if with_owed:
            listing.owed = _owed(app, s, keep, cal)
    listing.rows.sort(key=lambda r: (r.due, r.id))
    return listing


def cadence_days(app: App, row: FamilyIndex, cal: SchoolCalendar) -> int | None:
    """The family's own cadence, else the shortest cadence of its tags that applies today."""
    if row.cadence_days:
        return row.cadence_days
    best = None
    for tag in row.tags:
        rule = app.config.cadence.get(tag)
        if rule is None:
            continue
        if rule.first_term_only and not _in_first_term(row, app.today, cal):
            continue
        best = rule.days if best is None else min(best, rule.days)
    return best


def _in_first_term(row: FamilyIndex, today: dt.date, cal: SchoolCalendar) -> bool:
    """True while today is in the first term that starts on or contains the arrival date."""
    arrival = row.arrival
    if not arrival or not cal.terms:
        return True  # nothing to count from: keep the closer cadence
    arrived = dt.date.fromisoformat(arrival)
    for _start, end in cal.terms:
        if end >= arrived:
            return today <= end
    return False


def _start_of_relationship(row: FamilyIndex) -> str:
    return row.arrival or row.created


def _owed(app: App, s: Session, keep, cal: SchoolCalendar) -> list[Owed]:
    # Only families with a cadence (their own, or a tag's) can be owed a contact.
    out = []
    for key, (fam, last) in s.families.with_cadence(app.config.cadence).items():
        if fam.status != "active" or not keep(key, fam):
            continue
        every = cadence_days(app, fam, cal)
        if not every:
            continue
        since = last or _start_of_relationship(fam)
        if not since:
            continue
        since_day = stored_date(since)
        if since_day is None:  # not a date, or a hand-edited far one: nothing to count from
            continue
        owed_on = since_day + dt.timedelta(days=every)
        if owed_on > app.today:
            continue
        guardian, phone, lang, interp = _contact_point(fam)
        out.append(Owed(f"F{key}", fam.name, every, last, owed_on.isoformat(),
                        (app.today - owed_on).days, lang, interp, guardian, phone))
    out.sort(key=lambda o: (-o.days_over, int(o.family_id[1:])))
    return out


# --------------------------------------------------------------------------- unreachable


@dataclass
class Unreachable:
    family_id: str
    family_name: str
    reason: str
    failed_streak: int
    last_reached: str
    days_since_reached: int | None
    attempts: list[dict[str, Any]]
    language: str
    interpreter: bool
    guardian: str
    phone: str
    address: str


def unreachable(app: App, *, attempts: int | None = None, days: int | None = None,
                school: str | None = None, tag: str | None = None) -> list[Unreachable]:
    """Families with N failed attempts in a row, or no reached contact in D days."""
    n = attempts or app.config.unreachable_attempts
    d = days or app.config.unreachable_days
    out = []
    with app.store.read() as s:
        keep = _family_filter(app, None, school, tag, s)
        cutoff = (app.today - dt.timedelta(days=d)).isoformat()
        for key, (fam, sm) in s.families.unreachable_candidates(n, cutoff).items():
            if fam.status != "active" or not keep(key, fam):
                continue
            streak = sm.get("failed_streak", 0)
            last = sm.get("last_reached", "")
            since = last or _start_of_relationship(fam)
            gap = (app.today - dt.date.fromisoformat(since)).days if since else None
            reasons = []
            if fam.no_way:
                reasons.append(fam.no_way)
            if streak >= n:
                reasons.append(f"{streak} failed attempts in a row")
            if gap is not None and gap > d:
                reasons.append(f"not reached in {gap} days" if last else f"never reached ({gap} days)")
            if not reasons:
                continue
            guardian, phone, lang, interp = _contact_point(fam)
            out.append(Unreachable(
                f"F{key}", fam.name, "; ".join(reasons), streak, last,
                (app.today - dt.date.fromisoformat(last)).days if last else None,
                sm.get("attempts", []), lang, interp, guardian, phone, fam.address,
            ))
    out.sort(key=lambda u: (-u.failed_streak, -(u.days_since_reached or 10**6), int(u.family_id[1:])))
    return out
