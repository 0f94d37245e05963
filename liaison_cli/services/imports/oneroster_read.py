"""OneRoster 1.1 / 1.2 CSV import: the folder or zip a student information system exports
(its files and manifest: oneroster_files.py), read and checked into households.

Households: students and their parents, guardians and relatives are linked through
`agentSourcedIds` (on either side); guardians shared by siblings make one household. Every bad
row is reported with its file and line, and nothing is imported. How households are matched to
the families on record, and what a re-import changes: oneroster_plan.py; the command's
entry point: oneroster.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...core.langs import normalize_lang
from ...core.models import Family, Guardian, Student
from ...errors import UsageError
from ..family_input import normalize_grade
from .oneroster_files import export_source, read_manifest
from .reading import (
    ImportProblems,
    Problem,
    Table,
    check_email,
    check_phone,
    parse_csv,
    require_columns,
)

ONEROSTER_ROLES = {"administrator", "aide", "guardian", "parent", "proctor", "relative", "student",
                   "teacher"}
GUARDIAN_ROLES = ("parent", "guardian", "relative")
LANG_COLUMNS = ("metadata.language", "metadata.homeLanguage", "metadata.home_language",
                "metadata.primaryLanguage", "metadata.lang", "language", "homeLanguage")
READ = ("users", "orgs", "demographics", "roles")  # the files a liaison's import reads


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
    outside: set[str] = field(default_factory=set)  # delta: links to people imported before

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


def _ids(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(",") if x.strip()]


def _grade(text: str) -> str:
    """OneRoster grades use CEDS codes ("03", "KG", "PK"); keep anything else as written."""
    first = _ids(text)[0] if _ids(text) else ""
    if not first:
        return ""
    try:
        return normalize_grade(first)
    except UsageError:
        return first


@dataclass
class Roster:
    """What an export says: households (grouped within it), and for a delta what it removes."""
    delta: bool
    version: str
    households: list[Household]
    deleted: dict[str, str] = field(default_factory=dict)     # sourcedId → role, tobedeleted
    languages: dict[str, str] = field(default_factory=dict)   # delta demographics of others


def read_oneroster(path: Path, *, lang_column: str | None = None) -> Roster:
    """Read and check a OneRoster CSV export (a folder or a zip); raises ImportProblems listing
    every bad row."""
    problems: list[Problem] = []
    get, label = export_source(path)
    man = read_manifest(get("manifest.csv"), problems)
    tables: dict[str, Table | None] = {}
    for name in READ:
        mode = man.mode(name)
        raw = get(f"{name}.csv") if mode != "absent" else None
        if raw is None:
            if man.modes and mode != "absent":
                problems.append(Problem("manifest.csv", 0, f"says {name}.csv is {mode}, but the "
                                        "export has no such file"))
            elif name == "users" and not man.modes:
                problems.append(Problem("users.csv", 0, f"there is no such file ({label})"))
            tables[name] = None
            continue
        tables[name] = parse_csv(f"{name}.csv", raw, problems)
    if man.modes and man.mode("users") == "absent":
        raise UsageError("The manifest says this export has no users.csv, so it holds no families "
                         "to import.")
    users, orgs, demo, roles = (tables[n] for n in READ)
    delta = man.mode("users") == "delta"
    if users is None:
        raise ImportProblems(problems)
    # OneRoster 1.2 moves roles (and their schools) to roles.csv.
    role_of: dict[str, tuple[str, str]] = {}
    if roles is not None and "role" not in users.header and \
            require_columns(roles, ("userSourcedId", "role"), problems):
        for _line, row in sorted(roles.rows, key=lambda r: r[1].get("roleType", "") != "primary"):
            if row.get("status", "").lower() != "tobedeleted":
                role_of.setdefault(row["userSourcedId"], (row["role"], row.get("orgSourcedId", "")))
    needed = ("sourcedId", "givenName", "familyName") + (() if role_of else ("role",))
    if not require_columns(users, needed, problems):
        raise ImportProblems(problems)
    schools: dict[str, str] = {}
    school_types: dict[str, str] = {}
    if orgs is not None and require_columns(orgs, ("sourcedId", "name"), problems):
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
    deleted: dict[str, str] = {}
    seen: set[str] = set()
    for line, row in users.rows:
        sid = row["sourcedId"]
        role_text, role_org = role_of.get(sid, (row.get("role", ""), ""))
        role = role_text.strip().lower()
        if not sid:
            problems.append(Problem(users.name, line, "has no sourcedId"))
            continue
        if sid in seen:
            problems.append(Problem(users.name, line, f"repeats the sourcedId {sid!r}"))
            continue
        seen.add(sid)
        if role not in ONEROSTER_ROLES:
            problems.append(Problem(users.name, line, f"role {role_text!r} is not a OneRoster role "
                                    f"({', '.join(sorted(ONEROSTER_ROLES))})"))
            continue
        status = row.get("status", "").strip().lower()
        if status not in ("", "active", "tobedeleted", "inactive"):
            problems.append(Problem(users.name, line, f"status {row['status']!r} is not active or tobedeleted"))
            continue
        if status == "tobedeleted":
            deleted[sid] = role
            continue
        if role not in GUARDIAN_ROLES and role != "student":
            continue  # staff
        if not row["givenName"] and not row["familyName"]:
            problems.append(Problem(users.name, line, f"user {sid!r} has neither givenName nor familyName"))
            continue
        email, phone = row.get("email", ""), row.get("phone", "") or row.get("sms", "")
        if not check_email(email):
            problems.append(Problem(users.name, line, f"the email of user {sid!r} is not an email address"))
        if not check_phone(phone):
            problems.append(Problem(users.name, line, f"the phone of user {sid!r} is not a phone number"))
        p = Person(sid, role, row["givenName"], row["familyName"], line, email=email, phone=phone,
                   lang=lang_of(users, row, line), agents=_ids(row.get("agentSourcedIds", "")))
        org_ids = _ids(row.get("orgSourcedIds", "") or row.get("primaryOrgSourcedId", "")) or \
            _ids(role_org)
        if orgs is not None and not delta:  # a delta's orgs.csv lists only the changed orgs
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

    languages: dict[str, str] = {}
    if demo is not None and require_columns(demo, ("sourcedId",), problems):
        for line, row in demo.rows:
            sid = row["sourcedId"]
            if sid in deleted:
                continue
            if sid not in seen:
                if delta:  # someone imported before whose language changed
                    lang = lang_of(demo, row, line)
                    if lang:
                        languages[sid] = lang
                    continue
                problems.append(Problem(demo.name, line, f"sourcedId {sid!r} is not in users.csv"))
                continue
            lang = lang_of(demo, row, line)
            if sid in people and lang and not people[sid].lang:
                people[sid].lang = lang

    # Links, either direction; a link to a removed or staff user is dropped.
    outside: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {sid: set() for sid in people}
    for p in people.values():
        for a in p.agents:
            if a not in seen and delta:
                outside.setdefault(p.sid, set()).add(a)  # checked against the store when planning
                continue
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
        out = set().union(*(outside.get(m, set()) for m in members))
        households.append(Household(key, guardians, students, out))
    return Roster(delta, man.version, households, deleted, languages)
