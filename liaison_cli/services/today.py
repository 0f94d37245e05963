"""The morning screen: everything that wants the liaison's attention today."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.models import REFERRAL_CLOSED
from .app import App
from .cadence import Owed, Unreachable, unreachable
from .due import Row, followups_due


@dataclass
class Day:
    date: str
    due: list[Row] = field(default_factory=list)  # overdue and today
    owed: list[Owed] = field(default_factory=list)
    unreachable: list[Unreachable] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    referrals_waiting: list[dict[str, Any]] = field(default_factory=list)
    later_this_week: int = 0


def the_day(app: App) -> Day:
    # One read session for the whole screen: the services below read inside it (the store's
    # read nests), so each file is parsed once, from one snapshot.
    with app.store.read() as s:
        listing = followups_due(app, "this-week")
        day = Day(date=app.today.isoformat())
        day.due = [r for r in listing.rows if r.group in ("overdue", "today")]
        day.later_this_week = sum(1 for r in listing.rows if r.group == "this-week")
        day.owed = listing.owed
        day.unreachable = unreachable(app)
        iso = app.today.isoformat()
        for key, e in s.events.rows().items():
            if e["date"] == iso:
                day.events.append({"id": f"E{key}", "title": e["title"], "time": e.get("time", ""),
                                   "place": e.get("place", ""), "invited": len(e.get("invited", []))})
        waiting = {k: r for k, r in s.referrals.rows().items()
                   if r["status"] not in REFERRAL_CLOSED}
        checks = s.followups.get_many(r["followup_id"] for r in waiting.values()
                                      if r.get("followup_id"))
        fams = s.families.index_of(r["family_id"][1:] for r in waiting.values())
        for key, r in waiting.items():
            check = checks.get(str(r["followup_id"])) if r.get("followup_id") else None
            check_due = check["due"] if check and check["status"] == "open" else ""
            if check_due and check_due > iso:
                continue
            fam = fams.get(r["family_id"][1:])
            day.referrals_waiting.append({
                "id": f"R{key}", "family_id": r["family_id"], "family_name": fam.name if fam else "",
                "service": r["service"], "status": r["status"], "since": r["date"],
                "check_due": check_due,
            })
    day.events.sort(key=lambda e: e["time"])
    day.referrals_waiting.sort(key=lambda r: r["since"])
    return day
