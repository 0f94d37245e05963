"""`liaison import oneroster`: a OneRoster 1.1 / 1.2 CSV export — the folder or the zip a student
information system exports, bulk or delta as its manifest says — brought in.

    oneroster_files.py  the export's folder or zip (read in memory, with limits) and its manifest
    oneroster_read.py   its files read and checked into households (every bad row reported)
    oneroster_plan.py   households matched to the families on record: what is new, what changes
"""

from __future__ import annotations

from pathlib import Path

from ..app import App
from ..families import load_families
from .oneroster_plan import choose_schools, plan_oneroster
from .oneroster_read import read_oneroster
from .plans import ImportPlan, apply_plan


def import_oneroster(app: App, path: Path, *, dry_run: bool = False,
                     lang_column: str | None = None, schools: list[str] | None = None) -> ImportPlan:
    """A OneRoster export (folder or zip; bulk or delta, as its manifest says) brought in, only
    students at `schools` (and their guardians) when given."""
    chosen = choose_schools(app.config, list(schools or []))
    roster = read_oneroster(path, lang_column=lang_column)
    if dry_run:
        with app.store.read() as s:
            return plan_oneroster(roster, load_families(s), app.config, chosen)
    with app.store.write() as s:
        plan = plan_oneroster(roster, load_families(s), app.config, chosen)
        apply_plan(s, app, plan)
    return plan
