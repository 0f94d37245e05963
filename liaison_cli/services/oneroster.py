"""OneRoster 1.1 / 1.2 CSV import: a folder or the zip a student information system exports.

`manifest.csv` (propertyName,value) says the version and, per file, `bulk`, `delta` or `absent`.
Without a manifest the folder is read as a bulk (full) export.

Households: students and their parents, guardians and relatives are linked through
`agentSourcedIds` (on either side); guardians shared by siblings make one household. A household
is matched on re-import by `external_ids["oneroster"]` (its guardians' sourcedIds, sorted), or
failing that by any person it shares with a family imported before. Re-import updates what comes
from the roster (names, phones, emails, grades, schools, languages) and keeps what the liaison
added: notes, tags, barriers, consents, address, status, teacher names, interpreter flags,
guardians and students added by hand, and every contact, follow-up and referral (other tables,
never touched). An empty roster cell never erases a value the liaison typed.

A bulk export is the whole roster: a person it no longer lists leaves the family. A delta holds
only what changed: its rows add or update people, `status=tobedeleted` removes them, and a
person it does not list is left exactly as they are.

A zip is read in memory (nothing is extracted, so no member can write anywhere); members with
unsafe paths, encryption, too many files or too many bytes are refused.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..config import Config, School
from ..errors import UsageError
from ..langs import normalize_lang
from ..models import Family, Guardian, Student, fold
from .app import App
from .duplicates import duplicate_key, is_duplicate
from .families import load_families
from .family_input import normalize_grade
from .imports import (
    Change,
    ImportPlan,
    ImportProblems,
    Problem,
    Table,
    _apply,
    _check_email,
    _check_phone,
    _require_columns,
    parse_csv,
)

ONEROSTER_ROLES = {"administrator", "aide", "guardian", "parent", "proctor", "relative", "student",
                   "teacher"}
GUARDIAN_ROLES = ("parent", "guardian", "relative")
LANG_COLUMNS = ("metadata.language", "metadata.homeLanguage", "metadata.home_language",
                "metadata.primaryLanguage", "metadata.lang", "language", "homeLanguage")
VERSIONS = ("1.0", "1.1", "1.2")
MODES = ("bulk", "delta", "absent")
READ = ("users", "orgs", "demographics", "roles")  # the files a liaison's import reads
ZIP_MAX_MEMBERS = 200
ZIP_MAX_FILE = 256 * 1024 * 1024   # a 50,000-family users.csv is about 50 MB
ZIP_MAX_TOTAL = 512 * 1024 * 1024


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



# --------------------------------------------------------------------------- the export's files


def _zip_files(path: Path) -> dict[str, bytes]:
    """The CSV members of a zip, by file name, read in memory with every limit checked."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UsageError(f"{path} is not a readable zip file; give the zip your student "
                         "information system exported, or the folder it unpacks to.") from None
    out: dict[str, bytes] = {}
    total = 0
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > ZIP_MAX_MEMBERS:
            raise UsageError(f"{path} holds {len(infos)} files, more than a OneRoster export's "
                             f"{ZIP_MAX_MEMBERS}; check it is the right zip.")
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or ":" in name:
                raise UsageError(f"{path} holds a file with an unsafe path ({info.filename!r}); "
                                 "nothing was imported — ask for a fresh export.")
            base = parts[-1] if parts else ""
            if "__MACOSX" in parts or base.startswith(".") or not base.lower().endswith(".csv"):
                continue
            if info.flag_bits & 0x1:
                raise UsageError(f"{path} is encrypted; unpack it with its password and import the folder.")
            if base in out:
                raise UsageError(f"{path} holds two files named {base}; give the folder of one export.")
            if info.file_size > ZIP_MAX_FILE or total + info.file_size > ZIP_MAX_TOTAL:
                raise UsageError(f"{path} unpacks to more than {ZIP_MAX_TOTAL // 2**20} MB; "
                                 "that is not a roster export — check the file.")
            with zf.open(info) as fh:  # the size in the header can lie: count what comes out
                data = fh.read(ZIP_MAX_FILE + 1)
            if len(data) > ZIP_MAX_FILE or total + len(data) > ZIP_MAX_TOTAL:
                raise UsageError(f"{path} unpacks to more than {ZIP_MAX_TOTAL // 2**20} MB; "
                                 "that is not a roster export — check the file.")
            total += len(data)
            out[base] = data
    return out


def _source(path: Path) -> tuple[Callable[[str], bytes | None], str]:
    """A function giving a file's bytes by name (None when absent), and what to call the export."""
    if path.is_dir():
        def from_folder(name: str) -> bytes | None:
            f = path / name
            if not f.is_file():
                return None
            try:
                return f.read_bytes()
            except OSError as exc:
                raise UsageError(f"{f} cannot be read ({exc.strerror}).") from None
        return from_folder, str(path)
    if path.is_file() and zipfile.is_zipfile(path):
        files = _zip_files(path)
        return files.get, str(path)
    if path.exists():
        raise UsageError(f"{path} is neither a folder nor a zip; give the OneRoster export "
                         "(the zip, or the folder holding users.csv).")
    raise UsageError(f"{path} does not exist; give the OneRoster export (a zip or a folder "
                     "holding users.csv).")


@dataclass
class Manifest:
    version: str = ""
    modes: dict[str, str] = field(default_factory=dict)  # "users" → bulk | delta | absent

    def mode(self, name: str) -> str:
        return self.modes.get(name, "bulk" if not self.modes else "absent")


def _manifest(raw: bytes | None, problems: list[Problem]) -> Manifest:
    if raw is None:
        return Manifest()
    table = parse_csv("manifest.csv", raw, problems)
    if table is None or not _require_columns(table, ("propertyName", "value"), problems):
        return Manifest()
    man = Manifest()
    for line, row in table.rows:
        prop, value = row["propertyName"], row["value"].strip()
        if prop == "oneroster.version":
            if value not in VERSIONS:
                problems.append(Problem(table.name, line, f"oneroster.version {value!r} is not one "
                                        f"this import reads ({', '.join(VERSIONS)})"))
            man.version = value
        elif prop.startswith("file."):
            if value.lower() not in MODES:
                problems.append(Problem(table.name, line, f"{prop} is {value!r}; it must be bulk, "
                                        "delta or absent"))
                continue
            man.modes[prop[5:]] = value.lower()
    if not man.modes:
        problems.append(Problem(table.name, 1, "lists no file.* lines, so it says nothing about "
                                "users.csv"))
    return man


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
    get, label = _source(path)
    man = _manifest(get("manifest.csv"), problems)
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
            _require_columns(roles, ("userSourcedId", "role"), problems):
        for _line, row in sorted(roles.rows, key=lambda r: r[1].get("roleType", "") != "primary"):
            if row.get("status", "").lower() != "tobedeleted":
                role_of.setdefault(row["userSourcedId"], (row["role"], row.get("orgSourcedId", "")))
    needed = ("sourcedId", "givenName", "familyName") + (() if role_of else ("role",))
    if not _require_columns(users, needed, problems):
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
        if not _check_email(email):
            problems.append(Problem(users.name, line, f"the email of user {sid!r} is not an email address"))
        if not _check_phone(phone):
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
    if demo is not None and _require_columns(demo, ("sourcedId",), problems):
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
                  roster_ids: list[str], fields_: tuple[str, ...], changes: list[str],
                  keep: frozenset[str] = frozenset()) -> list:
    """Update the roster's people in `existing` (matched by the name last imported for their
    sourcedId, or by name), add new ones, drop people the roster no longer lists; keep the
    ones the liaison added, and the ones in `keep` (left out by --school)."""
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
    gone_names = {fold(n) for sid, n in old_names.items() if sid not in roster_ids and sid not in keep}
    kept = []
    for i, p in enumerate(out):
        if i not in claimed and fold(p.name) in gone_names:
            changes.append(f"{kind} removed (no longer in the roster): {p.name}")
            continue
        kept.append(p)
    return kept


def _update_from_roster(fam: Family, new: Family, hh: Household,
                        keep: frozenset[str] = frozenset()) -> list[str]:
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
                                 ("grade", "school"), changes, keep)
    if new.home_language and new.home_language != fam.home_language:
        changes.append(f"home language {fam.home_language or '(none)'} → {new.home_language}")
        fam.home_language = new.home_language
    ext = {k: v for k, v in fam.external_ids.items()
           if not k.startswith("oneroster") or k[10:] in keep}
    ext.update(new.external_ids)
    if ext != fam.external_ids:
        if not changes:
            changes.append("roster ids")
        fam.external_ids = ext
    return changes


# --------------------------------------------------------------------------- which schools


def choose_schools(config: Config, wanted: list[str]) -> list[School]:
    """The config's schools named by --school (short code or name, as config.yaml has them)."""
    chosen: list[School] = []
    for text in wanted:
        school = config.school(text)
        if school is None:
            known = ", ".join(s.short or s.name for s in config.schools)
            raise UsageError(f"--school {text!r} is not a school in config.yaml"
                             + (f" ({known})" if known else " (it lists none yet)")
                             + "; use a short code or a name from there.")
        if school not in chosen:
            chosen.append(school)
    return chosen


def _at(chosen: list[School], school: str) -> bool:
    return any(s.matches(school) for s in chosen)


def _limit(hh: Household, chosen: list[School]) -> tuple[Household, frozenset[str]]:
    """The household with only its students at the chosen schools, and the sourcedIds left out."""
    if not chosen:
        return hh, frozenset()
    kept = [p for p in hh.students if _at(chosen, p.school)]
    left = frozenset(p.sid for p in hh.students if p not in kept)
    return Household(hh.key, hh.guardians, kept, hh.outside), left


def _counted(counter: Counter[str]) -> str:
    return ", ".join(f"{name} ({n})" for name, n in sorted(counter.items(), key=lambda x: (-x[1], x[0])))


def _summarise(plan: ImportPlan, config: Config, new: list[Household], students: list[Person],
               left_out: int, chosen: list[School]) -> None:
    """Households with no guardian and students at schools the config does not list: counted,
    named by school, and warned about, so they are never counted as new families unawares."""
    lone = [hh for hh in new if not hh.guardians]
    lone_schools = Counter(p.school or "no school given" for hh in lone for p in hh.students)
    elsewhere = Counter(p.school or "no school given" for p in students if config.school(p.school) is None)
    if lone:
        plan.warnings.append(
            f"{len(lone)} new household{'s have' if len(lone) != 1 else ' has'} no parent or guardian "
            f"in the roster (students only, at {_counted(lone_schools)}); "
            f"{'they are' if len(lone) != 1 else 'it is'} added with no one to contact — check "
            f"{'them' if len(lone) != 1 else 'it'}, or limit the import with --school.")
    if elsewhere:
        n = sum(elsewhere.values())
        plan.warnings.append(
            f"{n} student{'s are' if n != 1 else ' is'} at schools not in config.yaml: "
            f"{_counted(elsewhere)}; add the schools you serve to config.yaml, or import only "
            "yours with --school.")
    plan.details = {"households_without_guardian": len(lone),
                    "without_guardian_by_school": dict(lone_schools),
                    "students_at_other_schools": dict(elsewhere)}
    if chosen:
        plan.details["schools"] = [s.name for s in chosen]
        plan.details["households_left_out"] = left_out


# --------------------------------------------------------------------------- planning


def plan_oneroster(roster: Roster, fams: dict[str, Family], config: Config | None = None,
                   chosen: list[School] | None = None) -> ImportPlan:
    config, chosen = config or Config(), chosen or []
    if roster.delta:
        return _plan_delta(roster, fams, config, chosen)
    plan = ImportPlan("oneroster")
    used: set[str] = set()
    new_hh: list[Household] = []
    students: list[Person] = []
    left_out = 0
    for whole in roster.households:
        hh, keep = _limit(whole, chosen)
        if chosen and not hh.students:
            left_out += 1
            continue
        students += hh.students
        new = hh.to_family()
        cur = _match(fams, hh, used, plan)
        if cur is None:
            desc = [f"{len(new.guardians)} guardian(s), {len(new.students)} student(s)"]
            plan.new.append(Change("", new.name, desc, family=new))
            new_hh.append(hh)
            continue
        used.add(cur.id)
        fam = Family.from_dict(cur.to_dict())
        changes = _update_from_roster(fam, new, hh, keep)
        if changes:
            plan.updated.append(Change(fam.id, fam.name, changes, family=fam))
        else:
            plan.unchanged += 1
    _summarise(plan, config, new_hh, students, left_out, chosen)
    return plan


def _plan_delta(roster: Roster, fams: dict[str, Family], config: Config,
                chosen: list[School]) -> ImportPlan:
    """A delta changes only the people it lists: added, updated, or removed when tobedeleted."""
    plan = ImportPlan("oneroster delta")
    holder = {k[10:]: f.id for f in fams.values() for k in f.external_ids if k.startswith("oneroster:")}
    work: dict[str, tuple[Family, list[str]]] = {}

    def working(fid: str) -> tuple[Family, list[str]]:
        if fid not in work:
            work[fid] = (Family.from_dict(fams[fid].to_dict()), [])
        return work[fid]

    new_hh: list[Household] = []
    students: list[Person] = []
    left_out = 0
    unknown: set[str] = set()
    for hh in roster.households:
        unknown |= {a for a in hh.outside if a not in holder}
        targets = Counter(holder[x] for x in hh.person_ids() | hh.outside if x in holder)
        if not targets:
            hh, _ = _limit(hh, chosen)
            if chosen and not hh.students:
                left_out += 1
                continue
            cur = _match(fams, hh, set(work), plan)  # typed by hand before: adopt it
            if cur is None:
                new = hh.to_family()
                plan.new.append(Change("", new.name, [f"{len(new.guardians)} guardian(s), "
                                                      f"{len(new.students)} student(s)"], family=new))
                new_hh.append(hh)
                students += hh.students
                continue
            targets = Counter({cur.id: 1})
        ranked = targets.most_common()
        if len(ranked) > 1:
            others = ", ".join(fid for fid, _ in ranked[1:])
            plan.warnings.append(f"The roster now links {ranked[0][0]} and {others}; "
                                 f"{ranked[0][0]} was updated — merge the others by hand if right.")
        fid = ranked[0][0]
        fam, changes = working(fid)
        old = {k[10:]: v for k, v in fam.external_ids.items() if k.startswith("oneroster:")}
        studs = [p for p in hh.students if p.sid in old or not chosen or _at(chosen, p.school)]
        students += studs
        new = Household(hh.key, hh.guardians, studs).to_family()
        g_ids, s_ids = [p.sid for p in hh.guardians], [p.sid for p in studs]
        fam.guardians = _merge_people("guardian", fam.guardians, new.guardians,
                                      {k: old[k] for k in g_ids if k in old}, g_ids,
                                      ("phone", "email", "language"), changes)
        fam.students = _merge_people("student", fam.students, new.students,
                                     {k: old[k] for k in s_ids if k in old}, s_ids,
                                     ("grade", "school"), changes)
        if new.home_language and not fam.home_language:
            changes.append(f"home language (none) → {new.home_language}")
            fam.home_language = new.home_language
        for p in hh.guardians + studs:
            if fam.external_ids.get(f"oneroster:{p.sid}") != p.name:
                fam.external_ids[f"oneroster:{p.sid}"] = p.name
                holder[p.sid] = fid
                if not changes:
                    changes.append("roster ids")
    for sid, lang in roster.languages.items():
        if sid not in holder:
            continue
        fam, changes = working(holder[sid])
        name = fold(fam.external_ids.get(f"oneroster:{sid}", ""))
        g = next((g for g in fam.guardians if fold(g.name) == name), None)
        if g is not None and g.language != lang:
            changes.append(f"guardian {g.name}: language {g.language or '(none)'} → {lang}")
            g.language = lang
    for sid, role in roster.deleted.items():
        if sid not in holder:
            continue
        fam, changes = working(holder[sid])
        name = fam.external_ids.pop(f"oneroster:{sid}", "")
        kind = "student" if role == "student" else "guardian"
        people = fam.students if kind == "student" else fam.guardians
        idx = next((i for i, p in enumerate(people) if fold(p.name) == fold(name)), None)
        if idx is not None:
            del people[idx]
            changes.append(f"{kind} removed (tobedeleted in the roster): {name}")
        key = fam.external_ids.get("oneroster", "")
        if sid in key.split(","):
            fam.external_ids["oneroster"] = ",".join(x for x in key.split(",") if x != sid)
    if unknown:
        plan.warnings.append(f"The delta links people to {len(unknown)} sourcedId"
                             f"{'s' if len(unknown) != 1 else ''} never imported "
                             f"({', '.join(sorted(unknown)[:5])}{', …' if len(unknown) > 5 else ''}); "
                             "those links were left out — import the full (bulk) export to add them.")
    for fid, (fam, changes) in work.items():
        if changes:
            plan.updated.append(Change(fid, fam.name, changes, family=fam))
        else:
            plan.unchanged += 1
    _summarise(plan, config, new_hh, students, left_out, chosen)
    return plan


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
        _apply(s, app, plan)
    return plan
