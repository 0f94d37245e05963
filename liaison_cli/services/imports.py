"""Bringing families in: a OneRoster 1.1 CSV export from the student information system, or any
spreadsheet saved as CSV with a column mapping.

Both work in two steps. First every file is read and every row checked; any malformed row is
reported with its file and line and nothing is imported. Then the plan (what is new, what
changes) is made and applied in ONE write session, so an import is whole or absent.

OneRoster households: students and their parents, guardians and relatives are linked through
`agentSourcedIds` (on either side); guardians shared by siblings make one household. A household
is matched on re-import by `external_ids["oneroster"]` (its guardians' sourcedIds, sorted), or
failing that by any person it shares with a family imported before. Re-import updates what comes
from the roster (names, phones, emails, grades, schools, languages) and keeps what the liaison
added: notes, tags, barriers, consents, address, status, teacher names, interpreter flags,
guardians and students added by hand, and every contact, follow-up and referral (other tables,
never touched). An empty roster cell never erases a value the liaison typed.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import RANGE, stored_date
from ..errors import UsageError
from ..langs import normalize_lang
from ..models import Family, Guardian, Student, fold
from .app import App
from .duplicates import duplicate_key, is_duplicate
from .families import GRADES, load_families, normalize_grade, parse_student, parse_tag

ONEROSTER_ROLES = {"administrator", "aide", "guardian", "parent", "proctor", "relative", "student",
                   "teacher"}
GUARDIAN_ROLES = ("parent", "guardian", "relative")
LANG_COLUMNS = ("metadata.language", "metadata.homeLanguage", "metadata.home_language",
                "metadata.primaryLanguage", "metadata.lang", "language", "homeLanguage")
MAX_SHOWN = 40


# --------------------------------------------------------------------------- problems


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file} line {self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class ImportProblems(UsageError):
    """Malformed input: every problem with its file and line; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:MAX_SHOWN])
        more = f"\n  … and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
        n = len(problems)
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} in the import; nothing was imported — fix "
            f"{'them' if n != 1 else 'it'} and run the command again:\n{shown}{more}"
        )


# --------------------------------------------------------------------------- reading CSV


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_csv(path: Path, problems: list[Problem], *, delimiter: str | None = None) -> Table | None:
    """Every row of a CSV file with the line it starts on; problems are collected, not raised."""
    name = path.name
    if path.is_dir():
        problems.append(Problem(name, 0, f"is a folder ({path}); give a CSV file"))
        return None
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, 0, f"there is no such file ({path})"))
        return None
    except OSError as exc:
        problems.append(Problem(name, 0, f"cannot be read ({exc.strerror})"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "is not UTF-8 text; save it as \"CSV UTF-8\" and run again"))
        return None
    if "\x00" in text:
        problems.append(Problem(name, text[:text.index("\x00")].count("\n") + 1,
                                "holds a NUL character; it is not a CSV text file"))
        return None
    if delimiter is None:
        first = text.split("\n", 1)[0]
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    start = 1
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if header is None:
                header = [h.strip() for h in record]
                dupes = [h for h, n in Counter(header).items() if n > 1 and h]
                if dupes:
                    problems.append(Problem(name, line, f"the column {dupes[0]!r} appears twice"))
                continue
            if not any(c.strip() for c in record):
                continue  # blank line
            if len(record) != len(header):
                problems.append(Problem(name, line, f"has {len(record)} cells where the header has "
                                        f"{len(header)}"))
                continue
            rows.append((line, {h: c.strip() for h, c in zip(header, record, strict=True)}))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, f"is not valid CSV ({exc})"))
        return None
    if header is None:
        problems.append(Problem(name, 1, "is empty; it needs a header line"))
        return None
    return Table(name, header, rows)


def _require_columns(table: Table, needed: tuple[str, ...], problems: list[Problem]) -> bool:
    missing = [c for c in needed if c not in table.header]
    if missing:
        problems.append(Problem(table.name, 1, f"has no {', '.join(missing)} column"
                                f"{'s' if len(missing) > 1 else ''} (OneRoster 1.1 names them so)"))
        return False
    return True


def _ids(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(",") if x.strip()]


def _check_email(text: str) -> bool:
    return not text or bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text))


def _check_phone(text: str) -> bool:
    return not text or (sum(c.isdigit() for c in text) >= 3 and
                        bool(re.fullmatch(r"[0-9+()./\- xXet]+", text)))


def _grade(text: str) -> str:
    """OneRoster grades use CEDS codes ("03", "KG", "PK"); keep anything else as written."""
    first = _ids(text)[0] if _ids(text) else ""
    if not first:
        return ""
    try:
        return normalize_grade(first)
    except UsageError:
        return first


# --------------------------------------------------------------------------- OneRoster


@dataclass
class Person:
    sid: str
    role: str
    given: str
    family: str
    line: int
    email: str = ""
    phone: str = ""
    grade: str = ""
    school: str = ""
    lang: str = ""
    agents: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " ".join(x for x in (self.given, self.family) if x)


@dataclass
class Household:
    key: str
    guardians: list[Person]
    students: list[Person]

    def person_ids(self) -> set[str]:
        return {p.sid for p in self.guardians + self.students}

    def to_family(self) -> Family:
        langs = Counter(p.lang for p in self.guardians if p.lang) or \
            Counter(p.lang for p in self.students if p.lang)
        home = langs.most_common(1)[0][0] if langs else ""
        name = next((p.family for p in self.guardians if p.family), "") or \
            next((p.family for p in self.students if p.family), "") or \
            (self.guardians + self.students)[0].name
        fam = Family(id="", name=name, home_language=home)
        fam.guardians = [Guardian(name=p.name, relationship=p.role, phone=p.phone, email=p.email,
                                  language=p.lang) for p in self.guardians]
        fam.students = [Student(name=p.name, grade=p.grade, school=p.school) for p in self.students]
        fam.external_ids = {"oneroster": self.key}
        for p in self.guardians + self.students:
            fam.external_ids[f"oneroster:{p.sid}"] = p.name
        return fam


def read_oneroster(folder: Path, *, lang_column: str | None = None) -> list[Household]:
    """Read and check a OneRoster 1.1 CSV folder; raises ImportProblems listing every bad row."""
    problems: list[Problem] = []
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give the folder holding users.csv.")
    users = read_csv(folder / "users.csv", problems)
    orgs = read_csv(folder / "orgs.csv", problems) if (folder / "orgs.csv").exists() else None
    demo = read_csv(folder / "demographics.csv", problems) if (folder / "demographics.csv").exists() else None
    if users is None:
        raise ImportProblems(problems)
    if not _require_columns(users, ("sourcedId", "role", "givenName", "familyName"), problems):
        raise ImportProblems(problems)

    schools: dict[str, str] = {}
    school_types: dict[str, str] = {}
    if orgs is not None and _require_columns(orgs, ("sourcedId", "name"), problems):
        for line, row in orgs.rows:
            sid = row["sourcedId"]
            if not sid:
                problems.append(Problem(orgs.name, line, "has no sourcedId"))
            elif sid in schools:
                problems.append(Problem(orgs.name, line, f"repeats the sourcedId {sid!r}"))
            elif not row["name"]:
                problems.append(Problem(orgs.name, line, f"org {sid!r} has no name"))
            else:
                schools[sid] = row["name"]
                school_types[sid] = row.get("type", "").lower()

    def lang_of(table: Table, row: dict[str, str], line: int) -> str:
        cols = [lang_column] if lang_column else [c for c in LANG_COLUMNS if c in table.header]
        for c in cols:
            value = row.get(c, "")
            if value:
                code = normalize_lang(value)
                if code is None:
                    problems.append(Problem(table.name, line, f"{c} {value!r} is not a language; "
                                            "use a code like es or a name like Spanish"))
                    return ""
                return code
        return ""

    if lang_column and lang_column not in users.header and not (demo and lang_column in demo.header):
        problems.append(Problem(users.name, 1, f"has no column {lang_column!r} (from --lang-column)"))

    people: dict[str, Person] = {}
    deleted: set[str] = set()
    seen: set[str] = set()
    for line, row in users.rows:
        sid, role = row["sourcedId"], row["role"].strip().lower()
        if not sid:
            problems.append(Problem(users.name, line, "has no sourcedId"))
            continue
        if sid in seen:
            problems.append(Problem(users.name, line, f"repeats the sourcedId {sid!r}"))
            continue
        seen.add(sid)
        if role not in ONEROSTER_ROLES:
            problems.append(Problem(users.name, line, f"role {row['role']!r} is not a OneRoster role "
                                    f"({', '.join(sorted(ONEROSTER_ROLES))})"))
            continue
        status = row.get("status", "").strip().lower()
        if status not in ("", "active", "tobedeleted", "inactive"):
            problems.append(Problem(users.name, line, f"status {row['status']!r} is not active or tobedeleted"))
            continue
        if status == "tobedeleted":
            deleted.add(sid)
            continue
        if role not in GUARDIAN_ROLES and role != "student":
            continue  # staff
        if not row["givenName"] and not row["familyName"]:
            problems.append(Problem(users.name, line, f"user {sid!r} has neither givenName nor familyName"))
            continue
        email, phone = row.get("email", ""), row.get("phone", "") or row.get("sms", "")
        if not _check_email(email):
            problems.append(Problem(users.name, line, f"the email of user {sid!r} is not an email address"))
        if not _check_phone(phone):
            problems.append(Problem(users.name, line, f"the phone of user {sid!r} is not a phone number"))
        p = Person(sid, role, row["givenName"], row["familyName"], line, email=email, phone=phone,
                   lang=lang_of(users, row, line), agents=_ids(row.get("agentSourcedIds", "")))
        org_ids = _ids(row.get("orgSourcedIds", ""))
        if orgs is not None:
            unknown = [o for o in org_ids if o not in schools]
            if unknown:
                problems.append(Problem(users.name, line, f"orgSourcedIds names {unknown[0]!r}, "
                                        "which is not in orgs.csv"))
        if role == "student":
            p.grade = _grade(row.get("grades", ""))
            if orgs is not None:
                school_ids = [o for o in org_ids if school_types.get(o) == "school"] or \
                    [o for o in org_ids if o in schools]
                p.school = schools.get(school_ids[0], "") if school_ids else ""
        people[sid] = p

    if demo is not None and _require_columns(demo, ("sourcedId",), problems):
        for line, row in demo.rows:
            sid = row["sourcedId"]
            if sid in deleted:
                continue
            if sid not in seen:
                problems.append(Problem(demo.name, line, f"sourcedId {sid!r} is not in users.csv"))
                continue
            lang = lang_of(demo, row, line)
            if sid in people and lang and not people[sid].lang:
                people[sid].lang = lang

    # Links, either direction; a link to a removed or staff user is dropped.
    links: dict[str, set[str]] = {sid: set() for sid in people}
    for p in people.values():
        for a in p.agents:
            if a not in seen:
                problems.append(Problem(users.name, p.line, f"agentSourcedIds names {a!r}, which "
                                        "is not in users.csv"))
                continue
            q = people.get(a)
            if q is None:
                continue
            if (p.role == "student") == (q.role == "student"):
                continue  # OneRoster links students to agents; other pairs say nothing of a household
            links[p.sid].add(a)
            links[a].add(p.sid)
    if problems:
        raise ImportProblems(sorted(problems, key=lambda x: (x.file, x.line)))

    # Households: connected groups of students and their guardians.
    households: list[Household] = []
    done: set[str] = set()
    order = {sid: i for i, sid in enumerate(people)}
    for sid in people:
        if sid in done:
            continue
        group, stack = set(), [sid]
        while stack:
            x = stack.pop()
            if x in group:
                continue
            group.add(x)
            stack.extend(links[x] - group)
        done |= group
        members = sorted(group, key=order.__getitem__)
        guardians = [people[m] for m in members if people[m].role != "student"]
        students = [people[m] for m in members if people[m].role == "student"]
        key = ",".join(sorted(g.sid for g in guardians)) if guardians else \
            "student:" + ",".join(sorted(s.sid for s in students))
        households.append(Household(key, guardians, students))
    return households


# --------------------------------------------------------------------------- plans


@dataclass
class Change:
    family_id: str  # "" for a new family
    name: str
    changes: list[str]
    line: int = 0
    family: Family | None = None


@dataclass
class ImportPlan:
    source: str
    new: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    applied: bool = False

    def summary(self) -> dict[str, Any]:
        return {"source": self.source, "applied": self.applied, "new": len(self.new),
                "updated": len(self.updated), "unchanged": self.unchanged,
                "skipped": len(self.skipped), "warnings": self.warnings}


def _match(fams: dict[str, Family], hh: Household, used: set[str],
           plan: ImportPlan) -> Family | None:
    by_key = [f for f in fams.values() if f.external_ids.get("oneroster") == hh.key]
    if by_key:
        return by_key[0] if by_key[0].id not in used else None
    ids = hh.person_ids()
    overlap: Counter[str] = Counter()
    for f in fams.values():
        n = sum(1 for k in f.external_ids if k.startswith("oneroster:") and k[10:] in ids)
        if n:
            overlap[f.id] = n
    for fid in [fid for fid in overlap if fid in used]:
        del overlap[fid]
    if not overlap:
        # A family the liaison added by hand before the first import: same name and phone.
        key = duplicate_key(hh.to_family())
        twins = [f for f in fams.values() if "oneroster" not in f.external_ids
                 and f.id not in used and is_duplicate(duplicate_key(f), key)]
        if len(twins) == 1:
            plan.warnings.append(f"{twins[0].id} was added by hand and matches a roster household "
                                 "by name and phone; it now follows the roster.")
            return twins[0]
        return None
    ranked = overlap.most_common()
    if len(ranked) > 1:
        others = ", ".join(fid for fid, _ in ranked[1:])
        plan.warnings.append(f"The roster now puts {ranked[0][0]} and {others} in one household; "
                             f"{ranked[0][0]} was updated — merge the others by hand if right.")
    return fams[ranked[0][0]]


def _merge_people(kind: str, existing: list, roster: list, old_names: dict[str, str],
                  roster_ids: list[str], fields_: tuple[str, ...], changes: list[str]) -> list:
    """Update the roster's people in `existing` (matched by the name last imported for their
    sourcedId, or by name), add new ones, drop people the roster no longer lists; keep the
    ones the liaison added."""
    out = list(existing)
    claimed: set[int] = set()
    for sid, new in zip(roster_ids, roster, strict=True):
        wanted = {fold(old_names.get(sid, "")), fold(new.name)} - {""}
        idx = next((i for i, p in enumerate(out) if i not in claimed and fold(p.name) in wanted), None)
        if idx is None and sid not in old_names:
            # Typed by hand before the first import, often by first name only ("Ana").
            first = fold(new.name).split()[:1]
            idx = next((i for i, p in enumerate(out) if i not in claimed and fold(p.name).split() == first), None)
        if idx is None:
            out.append(new)
            claimed.add(len(out) - 1)
            changes.append(f"{kind} added: {new.name}")
            continue
        claimed.add(idx)
        cur = out[idx]
        for attr in ("name", *fields_):
            value = getattr(new, attr)
            if value and value != getattr(cur, attr):
                changes.append(f"{kind} {cur.name}: {attr} {getattr(cur, attr) or '(none)'} → {value}")
                setattr(cur, attr, value)
    gone_names = {fold(n) for sid, n in old_names.items() if sid not in roster_ids}
    kept = []
    for i, p in enumerate(out):
        if i not in claimed and fold(p.name) in gone_names:
            changes.append(f"{kind} removed (no longer in the roster): {p.name}")
            continue
        kept.append(p)
    return kept


def _update_from_roster(fam: Family, new: Family, hh: Household) -> list[str]:
    changes: list[str] = []
    old_names = {k[10:]: v for k, v in fam.external_ids.items() if k.startswith("oneroster:")}
    g_ids = [p.sid for p in hh.guardians]
    s_ids = [p.sid for p in hh.students]
    g_names = {fold(g.name) for g in fam.guardians}
    s_names = {fold(st.name) for st in fam.students}
    old_g = {sid: n for sid, n in old_names.items()
             if sid in g_ids or (sid not in s_ids and fold(n) in g_names)}
    old_s = {sid: n for sid, n in old_names.items()
             if sid in s_ids or (sid not in g_ids and fold(n) in s_names)}
    if new.name and new.name != fam.name:
        changes.append(f"name {fam.name} → {new.name}")
        fam.name = new.name
    fam.guardians = _merge_people("guardian", fam.guardians, new.guardians, old_g, g_ids,
                                  ("phone", "email", "language"), changes)
    fam.students = _merge_people("student", fam.students, new.students, old_s, s_ids,
                                 ("grade", "school"), changes)
    if new.home_language and new.home_language != fam.home_language:
        changes.append(f"home language {fam.home_language or '(none)'} → {new.home_language}")
        fam.home_language = new.home_language
    ext = {k: v for k, v in fam.external_ids.items() if not k.startswith("oneroster")}
    ext.update(new.external_ids)
    if ext != fam.external_ids:
        if not changes:
            changes.append("roster ids")
        fam.external_ids = ext
    return changes


def plan_oneroster(households: list[Household], fams: dict[str, Family]) -> ImportPlan:
    plan = ImportPlan("oneroster")
    used: set[str] = set()
    for hh in households:
        new = hh.to_family()
        cur = _match(fams, hh, used, plan)
        if cur is None:
            desc = [f"{len(new.guardians)} guardian(s), {len(new.students)} student(s)"]
            plan.new.append(Change("", new.name, desc, family=new))
            continue
        used.add(cur.id)
        fam = Family.from_dict(cur.to_dict())
        changes = _update_from_roster(fam, new, hh)
        if changes:
            plan.updated.append(Change(fam.id, fam.name, changes, family=fam))
        else:
            plan.unchanged += 1
    return plan


def _stored(fam: Family) -> dict[str, Any]:
    d = fam.to_dict()
    del d["id"]
    return d


def _apply(s, app: App, plan: ImportPlan) -> None:
    now = app.stamp()
    table = s.table("families")
    for ch in plan.new:
        fam = ch.family
        assert fam is not None
        number = s.next_id("families")
        fam.id, fam.created, fam.updated = f"F{number}", now, now
        ch.family_id = fam.id
        s.insert(table, number, _stored(fam))
    for ch in plan.updated:
        fam = ch.family
        assert fam is not None
        fam.updated = now
        table.update(_stored(fam), doc_ids=[fam.number])
    plan.applied = True


def import_oneroster(app: App, folder: Path, *, dry_run: bool = False,
                     lang_column: str | None = None) -> ImportPlan:
    households = read_oneroster(folder, lang_column=lang_column)
    if dry_run:
        with app.store.read() as s:
            return plan_oneroster(households, load_families(s))
    with app.store.write() as s:
        plan = plan_oneroster(households, load_families(s))
        _apply(s, app, plan)
    return plan


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
_FIELD_RE = re.compile(r"^(guardian|relationship|phone|email|lang|interpreter|student|grade|school|teacher)([2-9])?$")


def known_field(name: str) -> bool:
    return name in FAMILY_FIELDS or bool(_FIELD_RE.match(name))


def _norm_header(h: str) -> str:
    return re.sub(r"[\s_\-]+", " ", h.strip().lower())


def parse_mapping(pairs: list[str], mapping_file: Path | None) -> dict[str, str]:
    """--map FIELD=COLUMN pairs and/or a YAML file of `field: column` lines."""
    mapping: dict[str, str] = {}
    if mapping_file is not None:
        from ..yamlio import parse_file, plain

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
                             "(guardian, phone, student… take a 2 to 9 suffix for more people).")
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
        return row.get(c, "").strip() if c else ""

    bad = len(problems)

    def problem(msg: str) -> None:
        problems.append(Problem(source, line, msg))

    guardians: list[Guardian] = []
    for i in ("", *map(str, range(2, 10))):
        gname = get(f"guardian{i}")
        phone, email = get(f"phone{i}"), get(f"email{i}")
        lang_text = get(f"lang{i}")
        if not (gname or phone or email):
            continue
        lang = normalize_lang(lang_text) if lang_text else ""
        if lang is None:
            problem(f"language {lang_text!r} is not a language; use a code like es or a name like Spanish")
            lang = ""
        if not _check_email(email):
            problem(f"the email in column {cols.get(f'email{i}')!r} is not an email address")
        if not _check_phone(phone):
            problem(f"the phone in column {cols.get(f'phone{i}')!r} is not a phone number")
        interp = _truthy(get(f"interpreter{i}"))
        if interp is None:
            problem(f"interpreter must be yes or no (column {cols.get(f'interpreter{i}')!r})")
        guardians.append(Guardian(name=gname or "(guardian)", relationship=get(f"relationship{i}"),
                                  phone=phone, email=email, language=lang, interpreter=bool(interp)))
    students: list[Student] = []
    for i in ("", *map(str, range(2, 10))):
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
                 home_language=home_code or next((g.language for g in guardians if g.language), ""),
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

    def plan_with(fams: dict[str, Family]) -> ImportPlan:
        plan = ImportPlan(f"csv {table.name}")
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
        _apply(s, app, plan)
    return plan
