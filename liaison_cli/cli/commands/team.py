"""team, team add, assign: the district team on the PostgreSQL database."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import UsageError
from ...services import team as svc
from ..context import STATE
from ..render import output
from ..render.result import Result, use_json
from ..root import command, group

team_app = group("team", help="The district team: who covers which schools.",
                       invoke_without_command=True)


@team_app.callback()
def team(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.", callback=use_json)] = False,
) -> Result | None:
    """The district team: who covers which schools.

    Example: liaison team
    """
    if ctx.invoked_subcommand is not None:
        use_json(False)  # this --json is the listing's: `team --json add …` speaks in words
        return None

    members = svc.list_members(STATE.app())
    return Result([{"role": m.role, "schools": m.schools, "supervisor": m.supervisor,
                    "login": m.login} for m in members], lambda: _draw_team(members))


def _draw_team(members) -> None:
    if not members:
        output.echo("No one is in the team yet; add liaisons with "
                    "`liaison team add ROLE --school SHORT`.")
        return
    rows = [[m.role, "supervisor" if m.supervisor else "liaison",
             "every school (reads only)" if m.supervisor else ", ".join(m.schools) or "—"]
            + ([] if m.login else ["(no login role)"]) for m in members]
    cols = ["Role", "Kind", "Schools"] + (["Note"] if any(not m.login for m in members) else [])
    output.table(cols, [r + [""] * (len(cols) - len(r)) for r in rows])


@team_app.command("add")
def team_add(
    role: Annotated[str, typer.Argument(help="The liaison's PostgreSQL role (her login name).")],
    school: Annotated[list[str] | None, typer.Option("--school", help="A school she covers, by short code or name (repeat for each).", show_default=False)] = None,
    supervisor: Annotated[bool, typer.Option("--supervisor", help="A supervisor: reads every school's families, changes none.")] = False,
) -> Result:
    """Add a liaison (the schools she covers) or a supervisor to the team.

    Run by the district's database administrator. Creates the login role when it does not
    exist yet, without a password: set one in psql (`\\password ROLE`) or use the district's
    usual authentication; a password never goes on the command line.

    Example: liaison team add maria --school LIN --school WHS
    """

    added = svc.add_member(STATE.app(), role, school or [], supervisor=supervisor)
    m = added.member
    return Result({"role": m.role, "schools": m.schools, "supervisor": m.supervisor,
                   "login": m.login, "created": added.created}, lambda: _draw_added(added))


def _draw_added(added) -> None:
    m = added.member
    what = "a supervisor (reads every family, changes none)" if m.supervisor else \
        f"a liaison covering {', '.join(m.schools)}"
    output.echo(f"{m.role} is {what}.")
    if added.created:
        output.echo(f"Created the login role {m.role} without a password: set one with psql "
                    f"(`\\password {m.role}`) or let her log in by the district's usual method "
                    "(pg_hba.conf), then point her config at the database.")


@command("assign")
def assign(
    family: Annotated[str | None, typer.Argument(help="Family id (F7) or name.", show_default=False)] = None,
    to: Annotated[str, typer.Option("--to", help="The liaison (role) who takes the family or caseload.", show_default=False)] = "",
    from_: Annotated[str, typer.Option("--from", help="Hand over this liaison's whole caseload: her families, their open follow-ups, her schools.", show_default=False)] = "",
) -> Result:
    """Assign a family to a liaison, or hand one liaison's caseload to another.

    Run by the district's database administrator. A handover is one transaction: all of it
    moves, or nothing does.

    Example: liaison assign F12 --to maria; liaison assign --from maria --to joao
    """

    if not to:
        raise UsageError("Say who takes it: --to ROLE.")
    if from_ and family:
        raise UsageError("Give a family (assign F12 --to ROLE) or --from ROLE (a handover), "
                         "not both.")
    if not from_ and not family:
        raise UsageError("Give a family (assign F12 --to ROLE) or a caseload to hand over "
                         "(assign --from ROLE --to ROLE).")
    if family:
        fid, role = svc.assign(STATE.app(), family, to)
        return Result({"family_id": fid, "role": role},
                      lambda: output.echo(f"{fid} is assigned to {role}."))
    h = svc.handover(STATE.app(), from_, to)
    return Result({"from": h.from_role, "to": h.to_role, "families": h.families,
                   "open_followups": h.open_followups, "schools": h.schools},
                  lambda: _draw_handover(h))


def _draw_handover(h) -> None:
    output.echo(f"Handed {h.from_role}'s caseload to {h.to_role}: {len(h.families)} "
                f"famil{'y' if len(h.families) == 1 else 'ies'} assigned"
                + (f" ({', '.join(h.families)})" if 0 < len(h.families) <= 20 else "")
                + f", {h.open_followups} open follow-up{'' if h.open_followups == 1 else 's'} "
                "with them" + (f", and the schools {', '.join(h.schools)}" if h.schools else "")
                + ".")
