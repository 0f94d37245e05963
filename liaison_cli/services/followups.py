"""Follow-ups, contact cadence and unreachable families: the liaison's daily loop.

Here: find a follow-up; mark it done (logging the contact with it), snooze, cancel, add. Each
command changes all the follow-ups it names, or none. What is due is listed by due.py, who is
owed a contact or cannot be reached by cadence.py, and a follow-up's record and the school day it
lands on are in scheduling.py (which contacts.py shares); their names are importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..core.dates import resolve_date
from ..core.models import FollowUp, parse_number
from ..errors import ConflictError, NotFoundError, UsageError
from ..storage import Session
from .app import App
from .cadence import Owed, Unreachable, cadence_days, unreachable  # noqa: F401  (re-exported)
from .due import GROUPS, Listing, Row, followups_due  # noqa: F401  (re-exported)
from .families import get_family
from .scheduling import (  # noqa: F401  (closed_day, next_open_followup: re-exported)
    AskSchoolDay,
    ClosedDay,
    closed_day,
    create_followup,
    next_open_followup,
    settle_due,
)

if TYPE_CHECKING:
    from .contacts import ContactPlan

# --------------------------------------------------------------------------- finding


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
    # Start-up: `liaison followups`, the daily command, imports this module and never logs a
    # contact; contacts.py costs it about 1 ms (measured), so only `done --log` loads it.
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

