"""Finding one family by what a liaison types: F7, f7, 7 or a name, with a suggestion when
none matches. Apart from families.py (adding and editing, with their input parsers), so
`log`, `show` and the listings that only look a family up load none of that (start-up)."""

from __future__ import annotations

from ..core.models import Family, FamilyIndex, Guardian, fold, parse_number
from ..errors import NotFoundError, UsageError
from ..storage import Session


def get_family(session: Session, ref: str, *, full: bool = True) -> Family:
    """A family by id (F7, f7, 7) or by an unambiguous name; suggestions when not found.

    Lookup uses the store's roster (names and status only); `full=False` returns a Family built
    from it — id, name, status, tags and guardian names, nothing else — for the write paths that
    only need to know the family exists (`log`, `done`), so they never parse every family record.
    """
    number = parse_number("families", ref)
    index = session.families.index_of([number]) if number is not None else {}
    if str(number) not in index:  # a name, or no such number (suggestions need every id)
        index = session.families.index()
    key = _find_key(index, ref)
    if not full:
        row = index[key]
        return Family(id=f"F{key}", name=row.name, status=row.status, tags=list(row.tags),
                      guardians=[Guardian(name=n) for n in row.guardians])
    return Family.from_dict({**session.families.get(key), "id": f"F{key}"})


def _find_key(index: dict[str, FamilyIndex], ref: str) -> str:
    number = parse_number("families", ref)
    if number is not None:
        if str(number) in index:
            return str(number)
        raise NotFoundError(f"No family F{number}.{_suggest(index, str(number))}")
    wanted = fold(ref).strip()
    if not wanted:
        raise UsageError("Give a family id like F7 or a family name.")
    hits = [k for k, v in index.items() if fold(v.name) == wanted]
    if not hits:
        hits = [k for k, v in index.items() if wanted in fold(v.name)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        ids = ", ".join(f"F{k}" for k in sorted(hits, key=int)[:8])
        raise UsageError(f"{len(hits)} families match that name ({ids}); use the id.")
    raise NotFoundError("No family matches that name; run `liaison families NAME` to search, "
                        "or use the family's id.")


def _suggest(rows: dict[str, FamilyIndex], digits: str) -> str:
    """" Did you mean F7 (García)?" for ids one edit away."""
    near = [k for k in rows if _one_edit(k, digits)]
    if not near:
        return " Run `liaison families` to see the ids."
    # A doubled or dropped key (F77 for F7) is the likeliest slip, then a neighbouring number.
    near.sort(key=lambda k: (len(k) == len(digits), abs(int(k) - int(digits)), int(k)))
    shown = " or ".join(f"F{k} ({rows[k].name})" for k in near[:2])
    return f" Did you mean {shown}?"


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))
