"""The sample caseload behind `liaison init --sample`, and big generated ones for benchmarks.

Everything here is invented: the district (Riverton), its schools, the families, their phone
numbers (the 555-01xx range is reserved for fiction) and their email addresses (the reserved
`.example` domain). Every date is counted from `app.today`, never from the real clock, so the
sample always has overdue, due-today, due-this-week and later follow-ups, families owed a
contact and families nobody has reached for a month, whatever day it is loaded.

`load_sample(app)` writes the hand-written caseload of 42 households; `load_sample(app, N)`
generates N families from a seeded random source. What lives where:

    district.py     the district: schools, grades, teachers, interpreters, services directory
    calendar.py     dates from today: the school year's terms and closures, due dates
    config_text.py  the sample's config.yaml
    specs.py        the shape the hand-written families are written in
    people.py       the 42 hand-written families and their stories
    referrals.py    the hand-written families' referrals
    contacts.py     everyday contact lines, kinds and times, for both caseloads
    records.py      the caseload as store-ready dicts (`Built`)
    handwritten.py  the hand-written caseload's records
    names.py        name pools and naming rules for generated families
    generate.py     generated caseloads of any size
    load.py         writing a caseload to the store in one bulk load
    catalogues.py   reading translations/*.po: the sample's data strings in each letter language
    translations/   one gettext catalogue per letter language but English (package data)
"""

from __future__ import annotations

from .calendar import school_year
from .catalogues import read_catalogues
from .config_text import sample_config_text
from .district import SCHOOLS
from .load import load_sample

__all__ = ["CATALOGUES", "ES", "SCHOOLS", "load_sample", "sample_config_text", "school_year"]


def __getattr__(name: str):
    """CATALOGUES (language → English → translation) and ES, its Spanish one, read from
    translations/*.po the first time one is asked for, not on every import of the package."""
    if name == "CATALOGUES":
        return read_catalogues()
    if name == "ES":
        return read_catalogues()["es"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
