"""Bringing families in: a OneRoster 1.1/1.2 CSV export from the student information system, or any
spreadsheet saved as CSV with a column mapping.

Both work in two steps. First every file is read and every row checked; any malformed row is
reported with its file and line and nothing is imported. Then the plan (what is new, what
changes) is made and applied in ONE write session, so an import is whole or absent.

    reading.py          CSV rows with their lines; problems, collected (ImportProblems)
    plans.py            an import's plan, and applying it
    spreadsheet.py      `import csv`: column mapping, one family per row
    oneroster_files.py  a OneRoster export's folder or zip (read in memory) and its manifest
    oneroster_read.py   the export read and checked into households
    oneroster_plan.py   households matched to the families on record (bulk or delta)
    oneroster.py        `import oneroster`: read, plan, apply
"""

from ..duplicates import duplicate_key, is_duplicate
from .oneroster import import_oneroster
from .oneroster_plan import choose_schools, plan_oneroster
from .oneroster_read import Household, Person, Roster, read_oneroster
from .plans import Change, ImportPlan, apply_plan
from .reading import ImportProblems, Problem, Table, parse_csv, read_csv
from .spreadsheet import import_csv, parse_mapping, resolve_mapping

__all__ = [
    "Change", "Household", "ImportPlan", "ImportProblems", "Person", "Problem", "Roster", "Table",
    "apply_plan", "choose_schools", "duplicate_key", "import_csv", "import_oneroster",
    "is_duplicate", "parse_csv", "parse_mapping", "plan_oneroster", "read_csv", "read_oneroster",
    "resolve_mapping",
]
