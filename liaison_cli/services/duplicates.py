"""When two families are the same household: ONE rule, for `add-family` and every import."""

from __future__ import annotations

import re

from ..core.models import Family, fold
from ..storage import Session

DupeKey = tuple[str, set[str], set[str]]


def _phone_digits(phone: str) -> str:
    d = re.sub(r"\D", "", phone or "")
    return d[-10:] if len(d) >= 7 else ""


def duplicate_key(fam: Family) -> DupeKey:
    """What is compared: the folded family name, the guardians' phones (last ten digits) and the
    guardians' folded names."""
    return (fold(fam.name), {_phone_digits(g.phone) for g in fam.guardians} - {""},
            {fold(g.name) for g in fam.guardians if g.name != "(guardian)"})


def is_duplicate(a: DupeKey, b: DupeKey) -> bool:
    """Same family when the names match (accents and case ignored) and a phone matches — or,
    when neither has a phone, a guardian's name does (or neither names one)."""
    if a[0] != b[0]:
        return False
    if a[1] and b[1]:
        return bool(a[1] & b[1])
    if a[1] or b[1]:
        return False
    return bool(a[2] & b[2]) or (not a[2] and not b[2])


def find_duplicate(session: Session, fam: Family) -> Family | None:
    """The family on record that `fam` duplicates (lowest id first), else None.

    Only families whose name matches are built from the store, so this stays cheap at any size.
    """
    key = duplicate_key(fam)
    index = session.families.index()
    same_name = sorted((k for k, row in index.items() if fold(row.name) == key[0]), key=int)
    if not same_name:
        return None
    for k in same_name:
        other = Family.from_dict({**session.families.get(k), "id": f"F{k}"})
        if is_duplicate(duplicate_key(other), key):
            return other
    return None
