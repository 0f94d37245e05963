"""A OneRoster roster's households matched to the families on record: the import's plan.

A household is matched on re-import by `external_ids["oneroster"]` (its guardians' sourcedIds,
sorted), or failing that by any person it shares with a family imported before. Re-import
updates what comes from the roster (names, phones, emails, grades, schools, languages) and keeps
what the liaison added: notes, tags, barriers, consents, address, status, teacher names,
interpreter flags, guardians and students added by hand, and every contact, follow-up and
referral (other tables, never touched). An empty roster cell never erases a value the liaison
typed.

A bulk export is the whole roster: a person it no longer lists leaves the family. A delta holds
only what changed: its rows add or update people, `status=tobedeleted` removes them, and a
person it does not list is left exactly as they are.
"""

from __future__ import annotations

from collections import Counter

from ...config import Config, School
from ...core.models import Family, fold
from ...errors import UsageError
from ..duplicates import duplicate_key, is_duplicate
from .oneroster_read import Household, Person, Roster
from .plans import Change, ImportPlan

# --------------------------------------------------------------------------- matching households


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
