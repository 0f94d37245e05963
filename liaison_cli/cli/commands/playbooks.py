"""`liaison playbooks` and `liaison playbook show|apply`: plans of dated steps to settle a family
in."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import UsageError
from ...services import playbooks as svc
from ..completion import complete_family
from ..context import STATE
from ..render import output
from ..render.result import Result
from ..root import command, group
from .options import JSON

playbook_app = group("playbook", help="Plans of dated steps to settle a family in (newcomer, military-transfer, …).",
                           no_args_is_help=True)


@command("playbooks")
def playbooks(json: JSON = False) -> Result:
    """List the playbooks: the bundled ones and those in your playbooks folder.

    Example: liaison playbooks
    """

    rows = svc.list_playbooks(STATE.app())
    return Result(lambda: [p.to_dict() for p in rows], lambda: _draw_playbooks(rows))


def _draw_playbooks(rows) -> None:
    e = output.esc
    output.table(
        ["Name", "Title", "Steps", "From", "Source"],
        [[p.name, e(p.title), str(len(p.steps)), p.start,
          "bundled" if p.bundled else ("yours (replaces the bundled one)" if p.overrides_bundled else "yours")]
         for p in rows],
        title=f"[bold]Playbooks[/bold] ({len(rows)})",
    )
    output.echo("\nSee the steps with `liaison playbook show NAME`; plan them with "
                "`liaison playbook apply NAME FAMILY`.")


def _day(day) -> str:
    return "end of term" if day == "end-of-term" else f"day {day}"


@playbook_app.command("show")
def playbook_show(
    name: Annotated[str, typer.Argument(help="Playbook name, like newcomer.")],
    from_: Annotated[str | None, typer.Option("--from", help="Show the dates the steps would get from this start (default today).", show_default=False)] = None,
    json: JSON = False,
) -> Result:
    """Show a playbook's steps and the dates they would get.

    Example: liaison playbook show newcomer --from 2026-11-23
    """

    pb, first, steps = svc.preview(STATE.app(), name, from_)
    return Result(lambda: _preview_data(pb, first, steps), lambda: _draw_preview(pb, first, steps))


def _preview_data(pb, first, steps) -> dict:
    d = pb.to_dict()
    d["preview"] = {"first_day": first,
                    "steps": [{"day": s.step.day, "action": s.step.action, "kind": s.step.kind,
                               "due": s.due, "skipped": s.skipped} for s in steps]}
    return d


def _draw_preview(pb, first, steps) -> None:
    e = output.esc
    output.echo(f"[bold]{e(pb.title)}[/bold] ({pb.name}, from the family's {pb.start})")
    if pb.description:
        output.echo(e(pb.description))
    output.echo(f"[dim]{e(pb.path)}[/dim]")
    output.echo("")
    output.table(["When", "Date", "Kind", "Action"],
                 [[_day(s.step.day), output.day(s.due) if s.due else f"— ({s.skipped})", s.step.kind,
                   e(s.step.action)] for s in steps],
                 title=f"Steps, starting {output.day(first)}")


@playbook_app.command("apply")
def playbook_apply(
    name: Annotated[str, typer.Argument(help="Playbook name, like newcomer.")],
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.", autocompletion=complete_family)],
    from_: Annotated[str | None, typer.Option("--from", help="Start date (default: the family's arrival date, else today).", show_default=False)] = None,
    again: Annotated[bool, typer.Option("--again", help="Apply it even though it was applied to this family before.")] = False,
    past: Annotated[str | None, typer.Option("--past", help="Steps whose date has passed: done (recorded done today), skip, or keep (planned, overdue). Default: asked for each on a terminal, skipped off one.", show_default=False)] = None,
    skip_past: Annotated[bool, typer.Option("--skip-past", help="The same as --past skip.")] = False,
    json: JSON = False,
) -> Result:
    """Plan a playbook's steps for a family as follow-ups, in school days from the start.

    Steps the family's record shows done already (the welcome letter sent, the welcome call
    made) are not planned again. Steps whose date has passed are offered as mark done / skip /
    keep on a terminal; off a terminal they are skipped, and listed.

    Example: liaison playbook apply newcomer F7 --from 2026-11-23
    """

    if skip_past and past not in (None, "skip"):
        raise UsageError("--skip-past is --past skip; give one or the other.")
    choice = (past or "").strip().lower() or ("skip" if skip_past else "")
    if choice and choice not in svc.PAST_CHOICES:
        raise UsageError(f"--past {past!r}: choose done, skip or keep.")
    decide = None
    if not choice:
        if output.is_terminal():
            def decide(p) -> str:
                words = {c[0]: c for c in svc.PAST_CHOICES}
                while True:
                    said = typer.prompt(
                        f"{output.day(p.due)} has passed: {p.step.action.replace('{family}', '…')}\n"
                        "  [d]one (mark it done), [s]kip it, or [k]eep it as an overdue follow-up?",
                        default="skip", err=True).strip().lower()
                    if said[:1] in words and words[said[:1]].startswith(said):
                        return words[said[:1]]
        else:
            choice = "skip"
    res = svc.apply_playbook(STATE.app(), name, family, start=from_, again=again,
                             past=choice or "skip", decide=decide)
    return Result(res.to_dict, lambda: _draw_applied(res))  # data: built only for --json


def _draw_applied(res) -> None:
    e = output.esc
    iso_today = STATE.app().today.isoformat()
    n = len(res.followups)
    output.echo(f"Planned {n} follow-up{'s' if n != 1 else ''} for {res.family_id} from "
                f"{res.playbook.name} (start {output.day(res.start)}):")
    rows = []
    for s in res.steps:
        if s.followup and s.followup.status == "done":
            rows.append([str(s.followup.id), "[green]marked done[/green]", e(s.followup.action)])
        elif s.followup:
            late = " [red](past)[/red]" if s.due < iso_today else ""
            rows.append([str(s.followup.id), output.day(s.due) + late, e(s.followup.action)])
        else:
            rows.append(["—", "not planned", e(f"{s.step.action} ({s.skipped})")])
    output.table(["ID", "Due", "Action"], rows)
    if any(s.followup and s.followup.status == "open" and s.due < iso_today for s in res.steps):
        output.echo("Steps dated in the past are overdue now; `liaison snooze ID WHEN` moves one.")
