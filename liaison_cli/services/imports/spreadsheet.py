"""Any spreadsheet saved as CSV, with a column mapping (`--map FIELD=COLUMN`, a mapping file, or
columns whose names say what they hold, such as those `export csv families` writes): one family
per row, duplicates of families on record (or of earlier rows) skipped."""

from __future__ import annotations

import re
from pathlib import Path

from ...core.csvfile import unguard_cell
from ...core.dates import RANGE, stored_date
from ...core.langs import normalize_lang
from ...core.models import Family, Guardian, Student
from ...core.yamlio import parse_file, plain
from ...errors import UsageError
from ..app import App
from ..duplicates import duplicate_key, is_duplicate
from ..families import load_families
from ..family_input import GRADES, normalize_grade, parse_student, parse_tag
from .plans import Change, ImportPlan, apply_plan
from .reading import ImportProblems, Problem, Table, check_email, check_phone, read_csv

# --------------------------------------------------------------------------- plain CSV

PERSON_FIELDS = ("guardian", "relationship", "phone", "email", "lang", "interpreter")
STUDENT_FIELDS = ("student", "grade", "school", "teacher")
FAMILY_FIELDS = ("name", "home_lang", "address", "tags", "barriers", "notes", "arrival", "students")
SYNONYMS = {
    "name": ("family", "family name", "household", "last name", "surname", "apellido"),
    "guardian": ("parent", "guardian name", "parent name", "contact", "contact name"),
    "phone": ("telephone", "phone number", "cell", "mobile", "tel"),
    "email": ("e-mail", "email address", "mail"),
    "lang": ("language", "preferred language", "idioma"),
    "home_lang": ("home language",),
    "student": ("student name", "child", "child name"),
    "tags": ("tag",),
    "notes": ("note", "comments"),
    "arrival": ("arrival date", "enrolled", "enrollment date"),
}
_FIELD_RE = re.compile(r"^(guardian|relationship|phone|email|lang|interpreter|student|grade|school|teacher)"
                       r"([2-9]|[1-9][0-9])?$")
# The columns `export csv families` writes: guardian_2_phone, student_1_grade, … (any count).
_EXPORT_RE = re.compile(r"^(guardian|student) ([1-9][0-9]?) (name|relationship|phone|email|language|"
                        r"interpreter|grade|school|teacher)$")
_EXPORT_FIELDS = {"guardian": {"name": "guardian", "relationship": "relationship", "phone": "phone",
                               "email": "email", "language": "lang", "interpreter": "interpreter"},
                  "student": {"name": "student", "grade": "grade", "school": "school",
                              "teacher": "teacher"}}


def known_field(name: str) -> bool:
    return name in FAMILY_FIELDS or bool(_FIELD_RE.match(name))


def _norm_header(h: str) -> str:
    return re.sub(r"[\s_\-]+", " ", h.strip().lower())


def parse_mapping(pairs: list[str], mapping_file: Path | None) -> dict[str, str]:
    """--map FIELD=COLUMN pairs and/or a YAML file of `field: column` lines."""
    mapping: dict[str, str] = {}
    if mapping_file is not None:
        data = plain(parse_file(mapping_file))
        if isinstance(data, dict) and set(data) == {"columns"}:
            data = data["columns"]
        if not isinstance(data, dict) or not all(isinstance(v, str) and v for v in data.values()):
            raise UsageError(f"{mapping_file} must hold `field: Column name` lines, like `name: Family`.")
        mapping.update({str(k).strip(): v.strip() for k, v in data.items()})
    for pair in pairs:
        fname, sep, column = pair.partition("=")
        if not sep or not fname.strip() or not column.strip():
            raise UsageError(f"--map {pair!r} must look like name=\"Family\" (FIELD=COLUMN).")
        mapping[fname.strip()] = column.strip()
    for fname in mapping:
        if not known_field(fname):
            raise UsageError(f"{fname!r} is not a field to map; use {', '.join(FAMILY_FIELDS + PERSON_FIELDS + STUDENT_FIELDS)} "
                             "(guardian, phone, student… take a 2 to 99 suffix for more people).")
    return mapping


def resolve_mapping(header: list[str], mapping: dict[str, str], source: str) -> dict[str, str]:
    """The mapping completed with columns whose names say what they hold; checked against the
    file's header."""
    by_norm = {_norm_header(h): h for h in header}
    out: dict[str, str] = {}
    for fname, column in mapping.items():
        if column in header:
            out[fname] = column
        elif _norm_header(column) in by_norm:
            out[fname] = by_norm[_norm_header(column)]
        else:
            raise UsageError(f"{source} has no column {column!r} (for {fname}); its columns are "
                             f"{', '.join(repr(h) for h in header[:30])}.")
    taken = set(out.values())
    for h in header:
        m = _EXPORT_RE.match(_norm_header(h))
        fname = _EXPORT_FIELDS[m.group(1)].get(m.group(3)) if m else None
        if fname and h not in taken:
            fname += "" if m.group(2) == "1" else m.group(2)
            if fname not in out:
                out[fname] = h
                taken.add(h)
    candidates = list(FAMILY_FIELDS) + [f"{f}{i}" for i in ("", *map(str, range(2, 10)))
                                        for f in PERSON_FIELDS + STUDENT_FIELDS]
    for fname in candidates:
        if fname in out:
            continue
        names = {_norm_header(fname)} | set(SYNONYMS.get(fname, ()))
        hit = next((by_norm[n] for n in names if n in by_norm and by_norm[n] not in taken), None)
        if hit:
            out[fname] = hit
            taken.add(hit)
    if "name" not in out and "guardian" not in out:
        raise UsageError(f"Which column holds the family name? Add --map name=\"COLUMN\" (columns: "
                         f"{', '.join(repr(h) for h in header[:30])}).")
    return out


def ignored_columns(table: Table, cols: dict[str, str]) -> list[str]:
    """One warning per column the import does not read, with how many rows had a value in it."""
    used = set(cols.values())
    warnings, empty = [], []
    for h in table.header:
        if h in used:
            continue
        n = sum(1 for _, row in table.rows if row.get(h, ""))
        if n:
            warnings.append(f"The column {h!r} was ignored ({n} row{'s' if n != 1 else ''} had a "
                            "value in it); map it with --map FIELD=COLUMN if it holds a field.")
        else:
            empty.append(repr(h) if h else "(no name)")
    if empty:
        warnings.append(f"Empty column{'s' if len(empty) != 1 else ''} ignored: {', '.join(empty)}.")
    return warnings


def _suffixes(cols: dict[str, str], fields_: tuple[str, ...]) -> list[str]:
    """"", "2", "3"… for every person (guardian or student) the mapping has columns for."""
    found = {m.group(2) or "" for f in cols if (m := _FIELD_RE.match(f)) and m.group(1) in fields_}
    return sorted(found, key=lambda x: int(x or 1))


def _truthy(text: str) -> bool | None:
    t = text.strip().lower()
    if t in ("", "no", "n", "false", "0", "non", "não"):
        return False
    if t in ("yes", "y", "true", "1", "x", "si", "sí", "oui", "sim"):
        return True
    return None


def _row_family(line: int, row: dict[str, str], cols: dict[str, str], source: str,
                problems: list[Problem]) -> Family | None:
    def get(fname: str) -> str:
        c = cols.get(fname)
        return unguard_cell(row.get(c, "").strip()) if c else ""

    bad = len(problems)

    def problem(msg: str) -> None:
        problems.append(Problem(source, line, msg))

    guardians: list[Guardian] = []
    for i in _suffixes(cols, PERSON_FIELDS):
        gname = get(f"guardian{i}")
        phone, email = get(f"phone{i}"), get(f"email{i}")
        lang_text = get(f"lang{i}")
        if not (gname or phone or email):
            continue
        lang = normalize_lang(lang_text) if lang_text else ""
        if lang is None:
            problem(f"language {lang_text!r} is not a language; use a code like es or a name like Spanish")
            lang = ""
        if not check_email(email):
            problem(f"the email in column {cols.get(f'email{i}')!r} is not an email address")
        if not check_phone(phone):
            problem(f"the phone in column {cols.get(f'phone{i}')!r} is not a phone number")
        interp = _truthy(get(f"interpreter{i}"))
        if interp is None:
            problem(f"interpreter must be yes or no (column {cols.get(f'interpreter{i}')!r})")
        guardians.append(Guardian(name=gname or "(guardian)", relationship=get(f"relationship{i}"),
                                  phone=phone, email=email, language=lang, interpreter=bool(interp)))
    students: list[Student] = []
    for i in _suffixes(cols, STUDENT_FIELDS):
        sname = get(f"student{i}")
        if not sname:
            continue
        grade = get(f"grade{i}")
        try:
            grade = normalize_grade(grade) if grade else ""
        except UsageError:
            problem(f"grade {grade!r} is not one of {', '.join(GRADES)}")
        students.append(Student(name=sname, grade=grade, school=get(f"school{i}"),
                                teacher=get(f"teacher{i}")))
    for spec in filter(None, (x.strip() for x in get("students").split(";"))):
        try:
            students.append(parse_student(spec))
        except UsageError as exc:
            problem(str(exc))
    name = get("name")
    if not name and guardians and guardians[0].name != "(guardian)":
        name = guardians[0].name.split()[-1]
    if not name:
        problem("has no family name")
    home = get("home_lang")
    home_code = normalize_lang(home) if home else ""
    if home_code is None:
        problem(f"home language {home!r} is not a language")
        home_code = ""
    if "home_lang" not in cols:  # no such column: the first guardian's language stands in
        home_code = next((g.language for g in guardians if g.language), "")
    arrival = get("arrival")
    if arrival:
        day = stored_date(arrival)
        if day is None:
            problem(f"arrival {arrival!r} is not a date like 2026-09-14 (from {RANGE})")
        else:
            arrival = day.isoformat()
    tags: list[str] = []
    for t in filter(None, (x.strip() for x in re.split(r"[;,]", get("tags")))):
        tags.append(parse_tag(t))
    barriers = [b.strip().lower() for b in re.split(r"[;,]", get("barriers")) if b.strip()]
    if len(problems) > bad:
        return None
    fam = Family(id="", name=name, guardians=guardians, students=students,
                 home_language=home_code,
                 address=get("address"), tags=list(dict.fromkeys(tags)),
                 barriers=list(dict.fromkeys(barriers)), notes=get("notes"), arrival=arrival)
    return fam


def import_csv(app: App, path: Path, *, mapping: dict[str, str] | None = None,
               dry_run: bool = False, delimiter: str | None = None) -> ImportPlan:
    problems: list[Problem] = []
    table = read_csv(path, problems, delimiter=delimiter)
    if table is None:
        raise ImportProblems(problems)
    cols = resolve_mapping(table.header, mapping or {}, table.name)
    rows: list[tuple[int, Family]] = []
    for line, row in table.rows:
        fam = _row_family(line, row, cols, table.name, problems)
        if fam is not None:
            rows.append((line, fam))
    if problems:
        raise ImportProblems(problems)
    ignored = ignored_columns(table, cols)

    def plan_with(fams: dict[str, Family]) -> ImportPlan:
        plan = ImportPlan(f"csv {table.name}", warnings=list(ignored))
        known = [(f.id, duplicate_key(f)) for f in fams.values()]
        for line, fam in rows:
            key = duplicate_key(fam)
            twin = next((fid for fid, k in known if is_duplicate(k, key)), None)
            if twin is not None:
                where = twin if twin.startswith("F") else f"line {twin}"
                plan.skipped.append(Change(twin if twin.startswith("F") else "", fam.name,
                                           [f"duplicate of {where}"], line=line))
                continue
            known.append((str(line), key))
            desc = [f"{len(fam.guardians)} guardian(s), {len(fam.students)} student(s)"]
            plan.new.append(Change("", fam.name, desc, line=line, family=fam))
        return plan

    if dry_run:
        with app.store.read() as s:
            return plan_with(load_families(s))
    with app.store.write() as s:
        plan = plan_with(load_families(s))
        apply_plan(s, app, plan)
    return plan
