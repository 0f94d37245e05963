"""Summaries as plain data: the figures a principal or a grant asks for.

Pure: everything comes in as stored rows and dates, a plain dict goes out (rendered as a table,
JSON, CSV or HTML elsewhere). The definitions, written once here:

* **served**: a family (of the school, with --school) with at least one contact in the period;
  **reached**: with at least one reached conversation (a letter is not a conversation).
* **new**: a family whose arrival date is in the period; for a family without one, the earlier of
  the day it was added and its first contact (so an imported caseload is not all "new").
* **reached rate**: reached conversations / conversation attempts (every contact but letters).
* **in the family's language**: a contact held in one of the family's languages (home language or
  a guardian's), or with an interpreter. A contact with no language recorded counts as held in the
  default language of config.yaml.
* **events**: the events of the period that have taken place (before today, or today once
  attendance is recorded); the others are only counted as upcoming.
* **referrals**: the referrals made in the period, by service and by where they stand now.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from .dates import SchoolCalendar, resolve_date, short
from .models import REFERRAL_CLOSED, REFERRAL_STATUSES, fold
from .suggest import choice_error

PERIODS = ("this-week", "last-week", "this-month", "last-month", "this-term", "last-term",
           "this-year", "last-year")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    def contains(self, iso: str) -> bool:
        return self.start.isoformat() <= iso[:10] <= self.end.isoformat()

    def describe(self) -> str:
        return f"{self.label}: {short(self.start)} – {short(self.end)}"


def _month(day: dt.date) -> tuple[dt.date, dt.date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _school_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """August to July: the school year `day` falls in."""
    y = day.year if day.month >= 8 else day.year - 1
    return dt.date(y, 8, 1), dt.date(y + 1, 7, 31)


def _terms_back(today: dt.date, cal: SchoolCalendar, back: int) -> tuple[dt.date, dt.date]:
    """The term containing today (or the last one begun, between terms); `back` terms before."""
    if not cal.terms:
        raise UsageError("config.yaml lists no terms under calendar:; add them, or use --from and --to.")
    begun = [t for t in cal.terms if t[0] <= today]
    if len(begun) <= back:
        raise UsageError("config.yaml lists no term that early; add it under calendar:, or use --from and --to.")
    return begun[-1 - back]


def resolve_period(period: str | None, start: str | None, end: str | None, today: dt.date,
                   cal: SchoolCalendar, *, default: str = "this-month") -> Period:
    """--period NAME, or --from D [--to D] (to defaults to today)."""
    if period and (start or end):
        raise UsageError("Use either --period or --from/--to, not both.")
    if start or end:
        if not start:
            raise UsageError("--to needs --from too, like --from 2026-09-01 --to 2026-11-30.")
        a = resolve_date(start, today, cal, past=True)
        b = resolve_date(end, today, cal, past=True) if end else today
        if b < a:
            raise UsageError("The period ends before it starts; put the earlier date in --from.")
        return Period(a, b, "from " + a.isoformat() + " to " + b.isoformat())
    name = (period or default).strip().lower()
    if name == "this-week":
        a, b = cal.week_of(today)
        return Period(a, b, "this week")
    if name == "last-week":
        a, b = cal.week_of(today - dt.timedelta(days=7))
        return Period(a, b, "last week")
    if name == "this-month":
        a, b = _month(today)
        return Period(a, b, today.strftime("%B %Y"))
    if name == "last-month":
        a, b = _month(today.replace(day=1) - dt.timedelta(days=1))
        return Period(a, b, a.strftime("%B %Y"))
    if name in ("this-term", "last-term"):
        a, b = _terms_back(today, cal, 0 if name == "this-term" else 1)
        return Period(a, b, name.replace("-", " "))
    if name in ("this-year", "last-year"):
        a, b = _school_year(today)
        if name == "last-year":
            a, b = a.replace(year=a.year - 1), b.replace(year=b.year - 1)
        return Period(a, b, f"school year {a.year}–{str(b.year)[2:]}")
    raise choice_error("--period", period, PERIODS, also="or use --from and --to")


# --------------------------------------------------------------------------- the report


def event_held(e: dict[str, Any], today: dt.date) -> bool:
    """Taken place: before today, or today once anyone's attendance is recorded."""
    iso = today.isoformat()
    return e["date"] < iso or (e["date"] == iso and bool(e.get("attended")))


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _base(code: str) -> str:
    return (code or "").split("-")[0].lower()


def _family_langs(fam: dict[str, Any], default: str) -> set[str]:
    langs = {_base(fam.get("home_language", ""))} | {_base(g.get("language", "")) for g in fam.get("guardians", [])}
    langs.discard("")
    return langs or {_base(default)}


def family_language(fam: dict[str, Any]) -> str:
    """The language the family is written to in: the first guardian's, else the home one."""
    for g in fam.get("guardians", []):
        if g.get("language"):
            return g["language"]
    return fam.get("home_language", "")


def _counts(counter: Counter, order: Iterable[str] = ()) -> dict[str, int]:
    """Known keys first in their order, then the rest by count; zero counts dropped."""
    order = list(order)
    out = {k: counter[k] for k in order if counter.get(k)}
    for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
        if k not in out and v:
            out[k] = v
    return out


def build_report(*, period: Period, today: dt.date, families: dict[str, dict[str, Any]],
                 contacts: Iterable[tuple[str, dict[str, Any]]], referrals: dict[str, dict[str, Any]],
                 events: dict[str, dict[str, Any]], default_language: str = "en",
                 schools: set[str] | None = None, school_label: str = "",
                 first_contact: dict[str, str] | None = None) -> dict[str, Any]:
    """The report as one plain dict. `schools` (folded names) keeps the families with a student
    at one of them, and the events held there. `first_contact` (family id -> date of its first
    contact), when given, lets `contacts` be only those of the period."""
    from .models import CONTACT_KINDS, OUTCOMES  # start-up: models' dataclasses, for reports only

    def in_school(fam: dict[str, Any]) -> bool:
        return schools is None or any(fold(st.get("school")) in schools for st in fam.get("students", []))

    fams = {f"F{k}": v for k, v in families.items() if in_school(v)}
    by_kind: Counter = Counter()
    by_outcome: Counter = Counter()
    served: set[str] = set()
    reached_fams: set[str] = set()
    total = attempts = reached = home_visits = in_lang = interp = 0
    fam_langs: dict[str, set[str]] = {}  # per family, computed once (a month has 50,000 contacts)
    default_base = _base(default_language)
    given = first_contact is not None
    first_contact = dict(first_contact or {})
    for _key, c in contacts:
        fid = c.get("family_id", "")
        fam = fams.get(fid)
        if fam is None:
            continue
        day = c.get("date", "")
        if not given and day and (fid not in first_contact or day < first_contact[fid]):
            first_contact[fid] = day
        if not period.contains(day):
            continue
        total += 1
        served.add(fid)
        kind = c.get("kind", "other")
        outcome = c.get("outcome", "reached")
        by_kind[kind] += 1
        if kind == "home-visit":
            home_visits += 1
        if kind != "letter":
            attempts += 1
            by_outcome[outcome] += 1
            if outcome == "reached":
                reached += 1
                reached_fams.add(fid)
        if c.get("interpreter"):
            interp += 1
            in_lang += 1
        else:
            langs_of = fam_langs.get(fid)
            if langs_of is None:
                langs_of = fam_langs[fid] = _family_langs(fam, default_language)
            lang = c.get("language")
            if (_base(lang) if lang else default_base) in langs_of:
                in_lang += 1

    new = []
    for fid, fam in fams.items():
        since = fam.get("arrival") or min(
            [d for d in ((fam.get("created") or "")[:10], first_contact.get(fid, "")) if d],
            default="")
        if since and period.contains(since):
            new.append(fid)
    langs: Counter = Counter()
    barriers: Counter = Counter()
    for fid in served:
        fam = fams[fid]
        langs[_base(family_language(fam)) or "unknown"] += 1
        for b in fam.get("barriers", []):
            barriers[b] += 1

    ref_service: Counter = Counter()
    ref_status: Counter = Counter()
    ref_rows = []
    for key, r in referrals.items():
        if r.get("family_id") not in fams or not period.contains(r.get("date", "")):
            continue
        ref_service[r.get("service", "")] += 1
        ref_status[r.get("status", "referred")] += 1
        ref_rows.append(key)
    made = len(ref_rows)
    closed = sum(v for k, v in ref_status.items() if k in REFERRAL_CLOSED)

    held = []
    upcoming = 0
    for key, e in events.items():
        if not period.contains(e.get("date", "")):
            continue
        if schools is not None and fold(e.get("school")) not in schools:
            continue
        if not event_held(e, today):
            upcoming += 1
            continue
        invited = len(set(e.get("invited", [])) | set(e.get("attended", [])))
        came = len(set(e.get("attended", [])))
        held.append({"id": f"E{key}", "title": e.get("title", ""), "kind": e.get("kind", "other"),
                     "date": e["date"], "invited": invited, "attended": came,
                     "rate": _rate(came, invited)})
    held.sort(key=lambda e: (e["date"], int(e["id"][1:])))
    ev_invited = sum(e["invited"] for e in held)
    ev_attended = sum(e["attended"] for e in held)

    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(),
                   "label": period.label, "school": school_label, "generated": today.isoformat()},
        "families": {
            "caseload": sum(1 for f in fams.values() if f.get("status", "active") == "active"),
            "served": len(served), "reached": len(reached_fams), "new": len(new),
        },
        "contacts": {
            "total": total, "attempts": attempts, "reached": reached,
            "reached_rate": _rate(reached, attempts), "home_visits": home_visits,
            "by_kind": _counts(by_kind, CONTACT_KINDS), "by_outcome": _counts(by_outcome, OUTCOMES),
        },
        "languages": {
            "families_by_language": _counts(langs),
            "contacts_in_family_language": in_lang, "contacts_with_interpreter": interp,
            "in_language_share": _rate(in_lang, total),
        },
        "barriers": _counts(barriers),
        "referrals": {
            "made": made, "closed": closed, "completed": ref_status.get("completed", 0),
            "completed_rate": _rate(ref_status.get("completed", 0), closed),
            "by_service": _counts(ref_service), "by_status": _counts(ref_status, REFERRAL_STATUSES),
        },
        "events": {
            "held": len(held), "upcoming": upcoming, "invited": ev_invited, "attended": ev_attended,
            "rate": _rate(ev_attended, ev_invited), "list": held,
        },
    }


def report_rows(report: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """The report flattened to (section, key, value) rows, for CSV."""
    rows: list[tuple[str, str, Any]] = []
    for k, v in report["period"].items():
        rows.append(("period", k, v))
    for k, v in report["families"].items():
        rows.append(("families", k, v))
    c = report["contacts"]
    for k in ("total", "attempts", "reached", "reached_rate", "home_visits"):
        rows.append(("contacts", k, c[k]))
    rows += [("contacts_by_kind", k, v) for k, v in c["by_kind"].items()]
    rows += [("contacts_by_outcome", k, v) for k, v in c["by_outcome"].items()]
    lg = report["languages"]
    rows += [("families_by_language", k, v) for k, v in lg["families_by_language"].items()]
    for k in ("contacts_in_family_language", "contacts_with_interpreter", "in_language_share"):
        rows.append(("languages", k, lg[k]))
    rows += [("barriers", k, v) for k, v in report["barriers"].items()]
    r = report["referrals"]
    for k in ("made", "closed", "completed", "completed_rate"):
        rows.append(("referrals", k, r[k]))
    rows += [("referrals_by_service", k, v) for k, v in r["by_service"].items()]
    rows += [("referrals_by_status", k, v) for k, v in r["by_status"].items()]
    e = report["events"]
    for k in ("held", "upcoming", "invited", "attended", "rate"):
        rows.append(("events", k, e[k]))
    for ev in e["list"]:
        rows.append(("event_attendance", f"{ev['id']} {ev['date']} {ev['title']}",
                     f"{ev['attended']}/{ev['invited']}"))
    return [(s, k, "" if v is None else v) for s, k, v in rows]


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def referrals_note(ref: dict[str, Any]) -> str:
    """Where the referrals made stand, for the terminal and the HTML report alike: "1 completed,
    1 declined or unanswered, 2 still open". `closed` counts the completed ones too."""
    parts = [f"{ref['completed']} completed"]
    ended = ref["closed"] - ref["completed"]
    if ended:
        parts.append(f"{ended} declined or unanswered")
    still_open = ref["made"] - ref["closed"]
    if still_open:
        parts.append(f"{still_open} still open")
    return ", ".join(parts)
