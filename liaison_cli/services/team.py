"""The district team: who covers which schools, assigning families, handing a caseload over.

Access itself is the database's business (row-level security, pg_schema/0002_team.sql): these
use cases only record who is in the team and to whom a family is assigned. They need the
district database, and adding members or assigning families needs its administrator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import NotFoundError, UsageError
from .app import App
from .families import get_family
from .family_input import resolve_school

# PostgreSQL role names as a district would write them: no quoting needed, no surprises.
_ROLE_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass
class Member:
    role: str
    schools: list[str]
    supervisor: bool
    login: bool = True


@dataclass
class Added:
    member: Member
    created: bool  # the login role was made now (it has no password yet)


@dataclass
class Handover:
    from_role: str
    to_role: str
    families: list[str] = field(default_factory=list)
    open_followups: int = 0
    schools: list[str] = field(default_factory=list)


def _district(app: App):
    if not app.district:
        raise UsageError("A team needs the district database; set LIAISON_DATABASE_URL or "
                         "`store: postgresql://…` in config.yaml (see `liaison db init`).")
    return app.store


def parse_role(text: str) -> str:
    role = text.strip()
    if not _ROLE_RE.match(role):
        raise UsageError(f"{text!r} is not a database role name a liaison can log in with; use "
                         "lower-case letters, digits and _ (like maria or j_nguyen).")
    return role


def add_member(app: App, role: str, schools: list[str], *, supervisor: bool = False) -> Added:
    """Add `role` to the team (creating its login role when missing): a liaison covering
    `schools` (short codes or names of the district's schools), or a supervisor."""
    store = _district(app)
    role = parse_role(role)
    if supervisor and schools:
        raise UsageError("A supervisor reads every school's families; give either --supervisor "
                         "or --school, not both.")
    if not supervisor and not schools:
        raise UsageError("Give the schools the liaison covers (--school SHORT, once per school), "
                         "or --supervisor.")
    names: list[str] = []
    for text in schools:
        name = resolve_school(app, text).name
        if name not in names:
            names.append(name)
    with store.write() as s:
        created = s.team_add(role, names, supervisor)
        member = next(m for m in s.team() if m["role"] == role)
    return Added(Member(**member), created)


def list_members(app: App) -> list[Member]:
    with _district(app).read() as s:
        return [Member(**m) for m in s.team()]


def _member(s, role: str) -> dict:
    role = parse_role(role)
    for m in s.team():
        if m["role"] == role:
            return m
    raise NotFoundError(f"{role} is not in the team; add them with `liaison team add {role} "
                        "--school SHORT` first (`liaison team` lists the team).")


def assign(app: App, ref: str, to_role: str) -> tuple[str, str]:
    """Assign one family to a liaison; (family id, role)."""
    store = _district(app)
    with store.write() as s:
        m = _member(s, to_role)
        if m["supervisor"]:
            raise UsageError(f"{m['role']} is a supervisor, who reads every family and changes "
                             "none; assign the family to a liaison.")
        family = get_family(s, ref, full=False)
        s.families.assign(family.id[1:], m["role"])
    return family.id, m["role"]


def handover(app: App, from_role: str, to_role: str) -> Handover:
    """Everything `from_role` looks after goes to `to_role` in one transaction: the families
    assigned to her (their open follow-ups go with them) and the schools she covers."""
    store = _district(app)
    with store.write() as s:
        src, dst = _member(s, from_role), _member(s, to_role)
        if src["role"] == dst["role"]:
            raise UsageError("--from and --to name the same liaison; nothing to hand over.")
        if dst["supervisor"]:
            raise UsageError(f"{dst['role']} is a supervisor, who changes no family; hand the "
                             "caseload to a liaison.")
        numbers = s.families.reassign(src["role"], dst["role"])
        moved = s.team_move_schools(src["role"], dst["role"])
        open_count = sum(len(s.followups.open_of_family(f"F{n}")) for n in numbers)
    return Handover(src["role"], dst["role"], [f"F{n}" for n in numbers], open_count, moved)
