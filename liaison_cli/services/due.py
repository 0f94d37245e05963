"""`liaison followups`: the open follow-ups due in a window, grouped overdue, today, this week
and later, with the families whose contact cadence has run out.

The listing reads three files only — families, follow-ups and the contact summary the store
keeps beside the contact shards — never the contact log itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.dates import Window, resolve_window
from .app import App
from .cadence import Owed, contact_point, family_filter, owed_families

GROUPS = ("overdue", "today", "this-week", "later")


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
class Listing:
    window: Window
    rows: list[Row] = field(default_factory=list)
    owed: list[Owed] = field(default_factory=list)


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
        keep = family_filter(app, family, school, tag, s)
        # Each with its family's index row: a district holds tens of thousands of families.
        for key, (f, fam) in s.followups.open_due(hi, lo).items():
            due = f["due"]
            fnum = f["family_id"][1:]
            if fam.status != "active" or not keep(fnum, fam):
                continue
            guardian, phone, lang, interp = contact_point(fam)
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
            listing.owed = owed_families(app, s, keep, cal)
    listing.rows.sort(key=lambda r: (r.due, r.id))
    return listing

