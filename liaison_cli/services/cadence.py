"""Contact cadence and reach: the families owed a contact (their own cadence, or their tags'),
and the families who cannot be reached (failed attempts in a row, or none reached for days);
and what the listings share (here and in due.py): which families they keep (`--family`,
`--school`, `--tag`) and whom to call for each. The listings read the store's family index rows
and contact summary, never whole records or the contact log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..core.dates import SchoolCalendar, stored_date
from ..core.models import FamilyIndex
from ..storage import Session
from .app import App

# --------------------------------------------------------------------- which families, whom to call


def contact_point(row: FamilyIndex) -> tuple[str, str, str, bool]:
    """(guardian to call, their phone, the family's language, interpreter needed)."""
    return row.guardian, row.phone, row.language, row.interpreter


def family_filter(app: App, family: str | None, school: str | None, tag: str | None, s: Session):
    if family or school:
        # families.py (with its input parsing and did-you-mean) only when a listing names a
        # family or a school: start-up of the daily `followups` and `today`.
        from .families import get_family, school_aliases
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


# --------------------------------------------------------------------------- owed a contact


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


def owed_families(app: App, s: Session, keep, cal: SchoolCalendar) -> list[Owed]:
    """The active families `keep` keeps whose cadence has run out, longest overdue first."""
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
        guardian, phone, lang, interp = contact_point(fam)
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
        keep = family_filter(app, None, school, tag, s)
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
            guardian, phone, lang, interp = contact_point(fam)
            out.append(Unreachable(
                f"F{key}", fam.name, "; ".join(reasons), streak, last,
                (app.today - dt.date.fromisoformat(last)).days if last else None,
                sm.get("attempts", []), lang, interp, guardian, phone, fam.address,
            ))
    out.sort(key=lambda u: (-u.failed_streak, -(u.days_since_reached or 10**6), int(u.family_id[1:])))
    return out
