"""The report for the principal or a grant: read the store, hand the rows to reports.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import write_private_text
from ..core.reports import build_report, resolve_period
from ..errors import StoreError, UsageError
from .app import App
from .families import school_aliases


def report(app: App, *, period: str | None = None, start: str | None = None,
           end: str | None = None, school: str | None = None) -> dict[str, Any]:
    """The figures for a period (default: this month), optionally for one school.

    On a district database the figures cover the families the caller may see (the database's
    row-level security decides which); a supervisor's (or the administrator's) report covers
    the district, and adds `by_school`: the same figures for each of the district's schools."""
    p = resolve_period(period, start, end, app.today, app.calendar)
    schools = school_aliases(app, school) if school else None
    label = ""
    if school:
        known = app.config.school(school)
        label = known.name if known else school.strip()
    with app.store.read() as s:
        families = s.families.for_report()
        # The period's contacts, and each family's first contact date (for "new" families).
        contacts = list(s.contacts.between(p.start.isoformat(), p.end.isoformat()).items())
        first = s.contacts.first_dates()
        referrals, events = s.referrals.rows(), s.events.rows()
        # Who asks matters once the district has a team (a district without one reports as a
        # personal store does).
        caller = s.caller() if s.team() else None

    def figures(schools: set[str] | None, label: str) -> dict[str, Any]:
        return build_report(
            period=p, today=app.today, families=families, contacts=contacts,
            referrals=referrals, events=events, default_language=app.config.default_language,
            schools=schools, school_label=label, first_contact=first)

    data = figures(schools, label)
    data["period"]["liaison"] = app.config.liaison.name
    if caller is not None:
        data["period"]["role"] = caller["role"]
        district_wide = caller["supervisor"] or not caller["member"]
        data["period"]["scope"] = "district" if district_wide else "caseload"
        if district_wide and not school:
            data["by_school"] = [
                {"school": sc.name, "short": sc.short,
                 **{k: v for k, v in figures(school_aliases(app, sc.name), sc.name).items()
                    if k in ("families", "contacts", "referrals")}}
                for sc in app.config.schools]
            for row in data["by_school"]:
                row["contacts"] = {k: row["contacts"][k]
                                   for k in ("total", "reached", "home_visits")}
                row["referrals"] = {k: row["referrals"][k] for k in ("made", "completed")}
    return data


def write_html(app: App, data: dict[str, Any], path: Path) -> Path:
    """Write the one-page HTML report, private to its owner (mode 0600)."""
    # Start-up: report_html.py costs about 1.3 ms to import (measured); only `report --html`
    # needs it.
    from ..core.report_html import render_html

    path = Path(path).expanduser()
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name like report.html.")
    if not path.parent.exists():
        raise UsageError(f"The folder {path.parent} does not exist; create it or pick another.")
    try:
        write_private_text(path, render_html(data))
    except OSError as exc:
        raise StoreError(f"Could not write {path} ({exc.strerror}); check the folder and try again.") from None
    return path
