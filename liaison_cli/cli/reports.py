"""report, playbooks, playbook apply, playbook show."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import output
from .completion import complete_family
from .context import STATE
from .root import app

JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
PERIODS = ("this-week, last-week, this-month, last-month, this-term, last-term, this-year "
           "(the school year, August to July) or last-year")

playbook_app = typer.Typer(help="Plans of dated steps to settle a family in (newcomer, military-transfer, …).",
                           no_args_is_help=True)
app.add_typer(playbook_app, name="playbook")


def _short(iso: str) -> str:
    import datetime as dt

    from ..dates import short

    return short(dt.date.fromisoformat(iso)) if iso else "—"


# --------------------------------------------------------------------------- the report


def _bar_width(label_width: int) -> int:
    """Room left for bars on this terminal (0 on a narrow one: the numbers are enough)."""
    width = output.console().width
    room = min(40, width - label_width - 22)
    return room if room >= 5 else 0


def _bars(title: str, items: dict[str, int], what: str = "", of: int | None = None) -> None:
    """A table of counts with their share (of `of`, else of the total) and a bar each."""
    from ..reports import percent

    e = output.esc
    if not items:
        output.echo(f"[bold]{title}[/bold]: none in this period.")
        return
    label_width = max(len(what), *(len(k) for k in items))
    room = _bar_width(label_width)
    top = max(items.values()) or 1
    total = of or sum(items.values())
    rows = []
    for k, v in items.items():
        row = [e(k), str(v), percent(v / total) if total else ""]
        if room:
            row.append("[cyan]" + "█" * max(1, round(room * v / top)) + "[/cyan]" if v else "")
        rows.append(row)
    cols: list[Any] = [what or "", ("Count", {"justify": "right"}), ("Share", {"justify": "right"})]
    if room:
        cols.append("")
    output.table(cols, rows, title=f"[bold]{title}[/bold]")


def render_report(data: dict[str, Any]) -> None:
    from ..reports import percent, referrals_note

    p, f, c = data["period"], data["families"], data["contacts"]
    lg, ref, ev = data["languages"], data["referrals"], data["events"]
    where = f" — {output.esc(p['school'])}" if p.get("school") else ""
    output.echo(f"[bold]Family liaison report{where}[/bold]")
    span = f"{_short(p['from'])} – {_short(p['to'])}"
    if len(p["label"]) + 2 + len(span) <= output.console().width:
        output.echo(f"{output.esc(p['label'])}: {span}")
    else:
        output.echo(f"{output.esc(p['label'])}:\n{span}")
    output.echo("")
    held = f"{ev['held']} event{'' if ev['held'] == 1 else 's'}"
    glance = [
        ("Families served", str(f["served"]), f"with at least one contact; {f['reached']} reached"),
        ("New families", str(f["new"]), "arrived or added in the period"),
        ("Active caseload", str(f["caseload"]), ""),
        ("Contacts", str(c["total"]), f"{c['attempts']} calls, visits and messages; {c['total'] - c['attempts']} letters"),
        ("Reached rate", percent(c["reached_rate"]), f"{c['reached']} of {c['attempts']} attempts reached the family"),
        ("Home visits", str(c["home_visits"]), ""),
        ("In the family's language", percent(lg["in_language_share"]),
         f"{lg['contacts_in_family_language']} of {c['total']} contacts, {lg['contacts_with_interpreter']} with an interpreter"),
        ("Referrals made", str(ref["made"]), referrals_note(ref)),
        ("Event attendance", percent(ev["rate"]), f"{ev['attended']} of {ev['invited']} invited came to {held}"),
    ]
    import textwrap

    width = output.console().width
    for label, value, note in glance:
        head = f"  {label:<25} {value:>5}"
        if not note or len(head) + 3 + len(note) <= width:
            output.echo(f"{head}   {output.esc(note)}".rstrip())
            continue
        output.echo(head)  # a narrow terminal: the note goes under the figure
        for part in textwrap.wrap(note, max(20, width - 6)):
            output.echo(f"      {output.esc(part)}")
    for title, items, what, of in (
        ("Contacts by kind", c["by_kind"], "Kind", None),
        ("Contact attempts by outcome", c["by_outcome"], "Outcome", None),
        ("Families served by language", lg["families_by_language"], "Language", None),
        # a family can face several barriers: the share is of the families served
        ("Barriers (share of the families served)", data["barriers"], "Barrier", f["served"]),
        ("Referrals by service", ref["by_service"], "Service", None),
        ("Referrals by status", ref["by_status"], "Status", None),
    ):
        output.echo("")
        _bars(title, items, what, of)
    output.echo("")
    if ev["list"]:
        room = _bar_width(15 + max(len(e["title"]) for e in ev["list"]) + 18)
        rows = []
        for e in ev["list"]:
            row = [_short(e["date"]), output.esc(e["title"]), str(e["invited"]), str(e["attended"]),
                   percent(e["rate"])]
            if room:
                row.append("[cyan]" + "█" * round(room * (e["rate"] or 0)) + "[/cyan]")
            rows.append(row)
        cols: list[Any] = ["Date", "Event", ("Invited", {"justify": "right"}),
                           ("Came", {"justify": "right"}), ("Rate", {"justify": "right"})]
        if room:
            cols.append("")
        output.table(cols, rows, title="[bold]Events[/bold]")
    else:
        output.echo("[bold]Events[/bold]: none took place in this period.")
    if ev["upcoming"]:
        output.echo(f"{ev['upcoming']} more planned later in the period.")
    if data.get("by_school"):
        output.echo("")
        output.table(
            ["School", ("Caseload", {"justify": "right"}), ("Served", {"justify": "right"}),
             ("Contacts", {"justify": "right"}), ("Reached", {"justify": "right"}),
             ("Referrals", {"justify": "right"}), ("Completed", {"justify": "right"})],
            [[output.esc(r["school"]), str(r["families"]["caseload"]),
              str(r["families"]["served"]), str(r["contacts"]["total"]),
              str(r["contacts"]["reached"]), str(r["referrals"]["made"]),
              str(r["referrals"]["completed"])] for r in data["by_school"]],
            title="[bold]By school[/bold] (a family with children in several schools counts "
                  "in each)")


def _csv(data: dict[str, Any]) -> None:
    from ..csvfile import csv_bytes
    from ..reports import report_rows

    # Barriers, services and event titles are typed by people: the one writer guards formulas.
    sys.stdout.buffer.write(csv_bytes([["section", "key", "value"], *report_rows(data)], bom=False))
    sys.stdout.flush()


@app.command()
def report(
    period: Annotated[str | None, typer.Option("--period", help=f"{PERIODS}. Default: this-month.", show_default=False)] = None,
    from_: Annotated[str | None, typer.Option("--from", help="Start of the period (YYYY-MM-DD).", show_default=False)] = None,
    to: Annotated[str | None, typer.Option("--to", help="End of the period (default today).", show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", help="Only families with a student at this school, and its events.", show_default=False)] = None,
    json: JSON = False,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV rows of section,key,value (UTF-8, formulas neutralised).")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a printable one-page HTML report with charts to this file instead of the table (private: mode 600).", show_default=False, dir_okay=False)] = None,
) -> None:
    """The figures for a principal or a grant: families served, contacts, languages, referrals, events.

    Counts only, no family names; the definitions are in the README.

    Example: liaison report --period this-term --html term.html
    """
    from ..errors import UsageError
    from ..services import reports as svc

    if json and csv:
        raise UsageError("Use --json or --csv, not both.")
    app_ = STATE.app()
    data = svc.report(app_, period=period, start=from_, end=to, school=school)
    if html is not None:
        path = svc.write_html(app_, data, html)
        output.notice(f"Wrote the report to {path} (readable by you only).")
    if json:
        output.print_json(data)
    elif csv:
        _csv(data)
    elif html is None:
        render_report(data)


# --------------------------------------------------------------------------- playbooks


@app.command("playbooks")
def playbooks(json: JSON = False) -> None:
    """List the playbooks: the bundled ones and those in your playbooks folder.

    Example: liaison playbooks
    """
    from ..services import playbooks as svc

    rows = svc.list_playbooks(STATE.app())
    if json:
        output.print_json([p.to_dict() for p in rows])
        return
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
) -> None:
    """Show a playbook's steps and the dates they would get.

    Example: liaison playbook show newcomer --from 2026-11-23
    """
    from ..services import playbooks as svc

    pb, first, steps = svc.preview(STATE.app(), name, from_)
    if json:
        d = pb.to_dict()
        d["preview"] = {"first_day": first,
                        "steps": [{"day": s.step.day, "action": s.step.action, "kind": s.step.kind,
                                   "due": s.due, "skipped": s.skipped} for s in steps]}
        output.print_json(d)
        return
    e = output.esc
    output.echo(f"[bold]{e(pb.title)}[/bold] ({pb.name}, from the family's {pb.start})")
    if pb.description:
        output.echo(e(pb.description))
    output.echo(f"[dim]{e(pb.path)}[/dim]")
    output.echo("")
    output.table(["When", "Date", "Kind", "Action"],
                 [[_day(s.step.day), _short(s.due) if s.due else f"— ({s.skipped})", s.step.kind,
                   e(s.step.action)] for s in steps],
                 title=f"Steps, starting {_short(first)}")


@playbook_app.command("apply")
def playbook_apply(
    name: Annotated[str, typer.Argument(help="Playbook name, like newcomer.")],
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.", autocompletion=complete_family)],
    from_: Annotated[str | None, typer.Option("--from", help="Start date (default: the family's arrival date, else today).", show_default=False)] = None,
    again: Annotated[bool, typer.Option("--again", help="Apply it even though it was applied to this family before.")] = False,
    past: Annotated[str | None, typer.Option("--past", help="Steps whose date has passed: done (recorded done today), skip, or keep (planned, overdue). Default: asked for each on a terminal, skipped off one.", show_default=False)] = None,
    skip_past: Annotated[bool, typer.Option("--skip-past", help="The same as --past skip.")] = False,
    json: JSON = False,
) -> None:
    """Plan a playbook's steps for a family as follow-ups, in school days from the start.

    Steps the family's record shows done already (the welcome letter sent, the welcome call
    made) are not planned again. Steps whose date has passed are offered as mark done / skip /
    keep on a terminal; off a terminal they are skipped, and listed.

    Example: liaison playbook apply newcomer F7 --from 2026-11-23
    """
    from ..errors import UsageError
    from ..services import playbooks as svc

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
                        f"{_short(p.due)} has passed: {p.step.action.replace('{family}', '…')}\n"
                        "  [d]one (mark it done), [s]kip it, or [k]eep it as an overdue follow-up?",
                        default="skip", err=True).strip().lower()
                    if said[:1] in words and words[said[:1]].startswith(said):
                        return words[said[:1]]
        else:
            choice = "skip"
    res = svc.apply_playbook(STATE.app(), name, family, start=from_, again=again,
                             past=choice or "skip", decide=decide)
    if json:
        output.print_json(res.to_dict())
        return
    e = output.esc
    iso_today = STATE.app().today.isoformat()
    n = len(res.followups)
    output.echo(f"Planned {n} follow-up{'s' if n != 1 else ''} for {res.family_id} from "
                f"{res.playbook.name} (start {_short(res.start)}):")
    rows = []
    for s in res.steps:
        if s.followup and s.followup.status == "done":
            rows.append([str(s.followup.id), "[green]marked done[/green]", e(s.followup.action)])
        elif s.followup:
            late = " [red](past)[/red]" if s.due < iso_today else ""
            rows.append([str(s.followup.id), _short(s.due) + late, e(s.followup.action)])
        else:
            rows.append(["—", "not planned", e(f"{s.step.action} ({s.skipped})")])
    output.table(["ID", "Due", "Action"], rows)
    if any(s.followup and s.followup.status == "open" and s.due < iso_today for s in res.steps):
        output.echo("Steps dated in the past are overdue now; `liaison snooze ID WHEN` moves one.")
