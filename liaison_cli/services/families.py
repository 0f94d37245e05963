"""Families: add, find, list, edit, close and reopen.

What a liaison types about a family (students, grades, schools, languages, consents, tags) is
read in family_input.py; its parsers are importable from here too, as the command line does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.models import Family, Guardian, Student, fold
from ..errors import ConflictError, NotFoundError, UsageError
from ..storage import Session
from .app import App
from .duplicates import duplicate_key, find_duplicate
from .family_input import (  # noqa: F401  (the parsers, re-exported for the command line)
    GRADES,
    check_schools,
    normalize_grade,
    parse_consent,
    parse_lang,
    parse_langs,
    parse_student,
    parse_tag,
    resolve_school,
)
from .lookup import get_family  # noqa: F401  (re-exported: most services find a family here)

# --------------------------------------------------------------------------- finding


def load_families(session: Session) -> dict[str, Family]:
    return {f"F{k}": Family.from_dict({**v, "id": f"F{k}"}) for k, v in session.families.rows().items()}


# --------------------------------------------------------------------------- adding


def add_family(app: App, *, name: str, guardians: list[Guardian] = (), students: list[Student] = (),
               home_language: str = "", address: str = "", tags: list[str] = (),
               barriers: list[str] = (), consents: dict[str, str] | None = None, arrival: str = "",
               notes: str = "", cadence_days: int | None = None,
               external_ids: dict[str, str] | None = None, force: bool = False) -> Family:
    """Add a family; a ConflictError when it duplicates one on record (`find_duplicate`),
    unless `force`."""
    name = name.strip()
    if not name:
        raise UsageError("A family needs a name: --name \"García\".")
    if not home_language:
        home_language = next((g.language for g in guardians if g.language), "") or next(
            (g.speaks[0] for g in guardians if g.speaks), "")
    now = app.stamp()
    with app.store.write() as s:
        family = Family(
            id="", name=name, guardians=list(guardians), students=list(students),
            home_language=home_language, address=address, tags=_unique(tags),
            barriers=_unique(barriers), consents=dict(consents or {}), arrival=arrival, notes=notes,
            cadence_days=cadence_days, external_ids=dict(external_ids or {}), created=now, updated=now,
        )
        twin = None if force else find_duplicate(s, family)
        if twin is not None:
            # The id only, as in every error: `liaison show` has the rest.
            closed = f" (closed: `liaison reopen {twin.id}`)" if twin.status == "closed" else ""
            key = duplicate_key(family)
            same = "name and phone" if key[1] else "name and guardian" if key[2] else "name"
            raise ConflictError(
                f"This looks like {twin.id}{closed}, already on record with the same {same}; "
                f"run `liaison show {twin.id}`, or add --force to add it anyway.")
        family.id = f"F{s.families.add(family_record(family))}"
    return family


def family_record(family: Family) -> dict[str, Any]:
    """The dict the store keeps for `family`: everything but its id."""
    d = family.to_dict()
    del d["id"]
    return d


def _unique(items) -> list[str]:
    out: list[str] = []
    for i in items:
        if i and i not in out:
            out.append(i)
    return out


# --------------------------------------------------------------------------- listing


@dataclass
class FamilyFilter:
    tag: list[str] = field(default_factory=list)
    lang: str = ""
    school: str = ""
    grade: str = ""
    barrier: str = ""
    status: str = "active"  # active, closed or all
    text: str = ""
    interpreter: bool | None = None

    def match(self, f: Family, school_names: set[str]) -> bool:
        if self.status != "all" and f.status != self.status:
            return False
        if self.tag and not all(t in f.tags for t in self.tag):
            return False
        if self.lang:
            langs = {f.home_language.split("-")[0]} | {
                c.split("-")[0] for g in f.guardians for c in [g.language, *g.speaks, *g.reads]
                if isinstance(c, str)}
            if self.lang.split("-")[0] not in langs:
                return False
        if self.school and not any(fold(s.school) in school_names for s in f.students):
            return False
        if self.grade and not any(s.grade == self.grade for s in f.students):
            return False
        if self.barrier and fold(self.barrier) not in {fold(b) for b in f.barriers}:
            return False
        if self.interpreter is not None and f.interpreter_needed != self.interpreter:
            return False
        if self.text and not all(w in f.search_text() for w in fold(self.text).split()):
            return False
        return True


def school_aliases(app: App, text: str) -> set[str]:
    """Every spelling of the school `text` names (full name and short code), folded."""
    names = {fold(text)}
    school = app.config.school(text)
    if school:
        names |= {fold(school.name), fold(school.short)}
    return names - {""}


def list_families(app: App, flt: FamilyFilter) -> list[Family]:
    if flt.grade:
        flt.grade = normalize_grade(flt.grade)
    schools = school_aliases(app, flt.school) if flt.school else set()
    with app.store.read() as s:
        # A text search lets the store leave out the records that cannot match (PostgreSQL).
        rows = s.families.search(fold(flt.text).split() if flt.text else [],
                                 "" if flt.status == "all" else flt.status)
        # Status and tags are checked on the stored dicts first, so a listing of 20,000 families
        # builds records only for the ones it might show.
        keys = [k for k, v in rows.items()
                if (flt.status == "all" or v.get("status", "active") == flt.status)
                and all(t in v.get("tags", ()) for t in flt.tag)]
        fams = [Family.from_dict({**rows[k], "id": f"F{k}"}) for k in sorted(keys, key=int)]
    return [f for f in fams if flt.match(f, schools)]


def show_family(app: App, ref: str) -> Family:
    with app.store.read() as s:
        return get_family(s, ref)


# --------------------------------------------------------------------------- editing


@dataclass
class FamilyEdit:
    """What `edit` changes. None = leave alone; "" for a text field = clear it."""

    name: str | None = None
    home_language: str | None = None
    address: str | None = None
    arrival: str | None = None
    notes: str | None = None
    cadence_days: int | None = None
    clear_cadence: bool = False
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    add_barriers: list[str] = field(default_factory=list)
    remove_barriers: list[str] = field(default_factory=list)
    add_guardians: list[Guardian] = field(default_factory=list)
    remove_guardians: list[str] = field(default_factory=list)
    set_guardian: dict[str, dict[str, Any]] = field(default_factory=dict)
    add_students: list[Student] = field(default_factory=list)
    remove_students: list[str] = field(default_factory=list)
    add_consents: dict[str, str] = field(default_factory=dict)
    remove_consents: list[str] = field(default_factory=list)
    mark: list[tuple[str, str, bool]] = field(default_factory=list)  # (guardian, email|phone, bad)
    marked_on: str = ""  # the date a bad mark carries


def _find_person(people, name: str, what: str, family_id: str):
    wanted = fold(name)
    hits = [p for p in people if fold(p.name) == wanted] or [
        p for p in people if wanted and wanted in fold(p.name)]
    if len(hits) != 1:
        raise NotFoundError(
            f"{family_id} has {'no' if not hits else 'more than one'} {what} matching that name; "
            f"run `liaison show {family_id}` to see the names."
        )
    return hits[0]


def apply_edit(family: Family, e: FamilyEdit) -> list[str]:
    """Change `family` in place; returns what changed, in words (no values)."""
    changed: list[str] = []
    for attr in ("name", "home_language", "address", "arrival", "notes"):
        value = getattr(e, attr)
        if value is not None and value != getattr(family, attr):
            if attr == "name" and not value.strip():
                raise UsageError("A family's name cannot be empty.")
            setattr(family, attr, value)
            changed.append(attr.replace("_", " "))
    if e.cadence_days is not None or e.clear_cadence:
        family.cadence_days = None if e.clear_cadence else e.cadence_days
        changed.append("cadence")
    # Removals come before additions (and updates before additions), whatever the order on the
    # command line: `--remove-student Yusuf --add-student "Yusuf:5:HES"` replaces Yusuf, and the
    # new entry is never mistaken for the one being removed or changed.
    for t in e.remove_tags:
        if t not in family.tags:
            raise NotFoundError(f"{family.id} has no tag {t!r}.")
        family.tags.remove(t)
        changed.append(f"tag -{t}")
    for t in e.add_tags:
        if t not in family.tags:
            family.tags.append(t)
            changed.append(f"tag +{t}")
    for b in e.remove_barriers:
        if b not in family.barriers:
            raise NotFoundError(f"{family.id} has no barrier {b!r}.")
        family.barriers.remove(b)
        changed.append(f"barrier -{b}")
    for b in e.add_barriers:
        if b not in family.barriers:
            family.barriers.append(b)
            changed.append(f"barrier +{b}")
    for name in e.remove_guardians:
        family.guardians.remove(_find_person(family.guardians, name, "guardian", family.id))
        changed.append("guardian removed")
    for name, fields_ in e.set_guardian.items():
        g = _find_person(family.guardians, name, "guardian", family.id)
        for k, v in fields_.items():
            if k in ("email", "phone") and v != getattr(g, k):
                setattr(g, f"{k}_bad", {})  # a new address or number has not failed yet
            setattr(g, k, v)
        changed.append("guardian updated")
    for name, kind, bad in e.mark:
        g = _find_person(family.guardians, name, "guardian", family.id)
        if not getattr(g, kind):
            raise ConflictError(f"That guardian of {family.id} has no {kind} to mark; add one "
                                f"with --set-guardian \"NAME:{kind}=…\".")
        setattr(g, f"{kind}_bad", {"date": e.marked_on, "reason": "marked by hand"} if bad else {})
        changed.append(f"{kind} marked {'bad' if bad else 'working'}")
    for g in e.add_guardians:
        family.guardians.append(g)
        changed.append("guardian added")
    for name in e.remove_students:
        family.students.remove(_find_person(family.students, name, "student", family.id))
        changed.append("student removed")
    for st in e.add_students:
        family.students.append(st)
        changed.append("student added")
    for kind in e.remove_consents:
        if family.consents.pop(kind, None) is None:
            raise NotFoundError(f"{family.id} has no {kind} consent on record.")
        changed.append(f"consent {kind} withdrawn")
    for kind, day in e.add_consents.items():
        family.consents[kind] = day
        changed.append(f"consent {kind}")
    return changed


def update_family(app: App, ref: str, mutate) -> tuple[Family, Any]:
    """Load, change with `mutate(family) -> result`, save; one locked transaction."""
    with app.store.write() as s:
        family = get_family(s, ref)
        result = mutate(family)
        family.updated = app.stamp()
        # update() merges keys; a cleared optional field must be written as its empty value,
        # which family_record always does, so the merge equals a replace.
        s.families.update(family.number, family_record(family))
    return family, result


def edit_family(app: App, ref: str, e: FamilyEdit) -> tuple[Family, list[str]]:
    e.marked_on = e.marked_on or app.today.isoformat()
    family, changed = update_family(app, ref, lambda f: apply_edit(f, e))
    return family, changed


def tag_families(app: App, refs: list[str], add: list[str], remove: list[str]
                 ) -> list[tuple[Family, list[str]]]:
    """Add and remove tags on several families in one store write: all of them, or none when
    one family is unknown or lacks a tag being removed."""
    if not add and not remove:
        raise UsageError("Say which tags: --tag newcomer or --untag newcomer.")
    e = FamilyEdit(add_tags=list(add), remove_tags=list(remove))
    done: dict[str, tuple[Family, list[str]]] = {}
    with app.store.write() as s:
        for ref in refs:
            family = get_family(s, ref)
            if family.id in done:
                continue
            changed = apply_edit(family, e)
            if changed:
                family.updated = app.stamp()
                s.families.update(family.number, family_record(family))
            done[family.id] = (family, changed)
    return list(done.values())


def close_family(app: App, ref: str, reason: str) -> Family:
    if not reason.strip():
        raise UsageError("Say why the family is closed: --reason \"moved away\".")

    def mutate(f: Family) -> None:
        if f.status == "closed":
            raise ConflictError(f"{f.id} is already closed; `liaison reopen {f.id}` reopens it.")
        f.status, f.closed_reason, f.closed_on = "closed", reason.strip(), app.today.isoformat()

    return update_family(app, ref, mutate)[0]


def reopen_family(app: App, ref: str) -> Family:
    def mutate(f: Family) -> None:
        if f.status != "closed":
            raise ConflictError(f"{f.id} is already active.")
        f.status, f.closed_reason, f.closed_on = "active", "", ""

    return update_family(app, ref, mutate)[0]
