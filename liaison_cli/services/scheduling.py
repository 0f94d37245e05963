"""Putting a follow-up on the calendar: its record (made, or the family's next open one) and
the school day it lands on (moved off a closure, a break or a weekend when asked).

Contacts promise follow-ups (`log --follow-up`) and follow-ups log contacts (`done --log`), so
this piece sits below both: contacts.py and followups.py import it at module level, and
followups.py imports contacts.py, never the other way round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..core.models import FollowUp
from ..errors import UsageError
from ..storage import Session
from .app import App

# --------------------------------------------------------------------------- the record


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

