"""log, followups, add-followup, done, snooze, cancel, unreachable, today."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from . import output
from .context import STATE
from .root import app
from .views import _lang_cell, _next_line, _short, today_screen

JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
WHEN_HELP = ("today, tomorrow, a weekday (the next one: on a Friday, `friday` is next week's), "
             "this-week, next-week, this-month, +3d, +2w, +5sd (school days) or YYYY-MM-DD")


@app.command()
def log(
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.")],
    kind: Annotated[str, typer.Option("--kind", help="phone, text, email, home-visit, meeting, conference, event, letter, other.")] = "phone",
    note: Annotated[str | None, typer.Option("--note", help="What happened, in a few words.", show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", help="When it happened (default today): today, yesterday, monday (the last one), -3d, YYYY-MM-DD.", show_default=False)] = None,
    time: Annotated[str | None, typer.Option("--time", help="Time of day, like 15:30 or 3:30pm.", show_default=False)] = None,
    direction: Annotated[str, typer.Option("--direction", help="to (you reached out) or from (the family did).")] = "to",
    with_: Annotated[str | None, typer.Option("--with", help="Which guardian you spoke with.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language the contact was held in.", show_default=False)] = None,
    interpreter: Annotated[str | None, typer.Option("--interpreter", help="Interpreter's name, if one was used.", show_default=False)] = None,
    outcome: Annotated[str, typer.Option("--outcome", help="reached, no-answer, left-message, bounced, wrong-number or declined.")] = "reached",
    follow_up: Annotated[str | None, typer.Option("--follow-up", help=f"Also plan a follow-up: {WHEN_HELP}.", show_default=False)] = None,
    action: Annotated[str | None, typer.Option("--action", help="What to do at the follow-up.", show_default=False)] = None,
    every: Annotated[str | None, typer.Option("--every", help="Make the follow-up repeat: 1w, 2w, 10d (counted from the day it is done).", show_default=False)] = None,
    json: JSON = False,
) -> None:
    """Log a call, visit, message or meeting with a family.

    Example: liaison log F3 --kind phone --note "Talked about the bus pass" --follow-up friday --action "Check the pass arrived"
    """
    from ..errors import UsageError
    from ..services import contacts as svc
    from .families import parse_every

    if not note:
        if not output.is_terminal():
            raise UsageError("Missing --note; say in a few words what happened.")
        note = typer.prompt("What happened")
    res = svc.log_contact(
        STATE.app(), family, kind=kind, note=note, when=date, time=time or "", direction=direction,
        with_guardian=with_ or "", lang=lang or "", interpreter=interpreter or "", outcome=outcome,
        follow_up=follow_up, action=action or "", every=parse_every(every) if every else None,
    )
    if json:
        output.print_json({"contact": res.contact.to_dict(),
                           "followup": res.followup.to_dict() if res.followup else None})
        return
    c = res.contact
    what = f"Logged {c.kind} ({c.outcome}) with {c.family_id} on {_short(c.date)} as {c.id}."
    if res.followup:
        output.echo(f"{what} Follow-up {res.followup.id} due {_short(res.followup.due)}: {output.esc(res.followup.action)}.")
    else:
        output.echo(f"{what} {_next_line(res.next_open)}")


@app.command()
def followups(
    due: Annotated[str | None, typer.Option("--due", help=f"Which follow-ups: overdue or {WHEN_HELP}, or a range A..B. Default: overdue plus this week.", show_default=False)] = None,
    family: Annotated[str | None, typer.Option("--family", help="Only this family.", show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", help="Only families at this school.", show_default=False)] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only families with this tag.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every row, not the first page.")] = False,
    json: JSON = False,
) -> None:
    """List open follow-ups, overdue first, and the families owed a contact.

    `--due this-week` lists every open follow-up due on or before the last day of this week.
    Below 80 columns each row is drawn as a card rather than a table.

    Example: liaison followups --due this-week
    """
    from .views import show_followups

    show_followups(due, family, school, tag, all_, json)


@app.command("add-followup")
def add_followup(
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.")],
    when: Annotated[str, typer.Argument(help=f"When: {WHEN_HELP}.")],
    action: Annotated[str, typer.Option("--action", help="What to do.")],
    every: Annotated[str | None, typer.Option("--every", help="Repeat: 1w, 2w, 10d (counted from the day it is done).", show_default=False)] = None,
    json: JSON = False,
) -> None:
    """Plan a follow-up without logging a contact.

    Example: liaison add-followup F3 +5sd --action "Ask how the tutoring is going"
    """
    from ..services import followups as svc
    from .families import parse_every

    fu = svc.add_followup(STATE.app(), family, when, action, parse_every(every) if every else None)
    if json:
        output.print_json(fu.to_dict())
        return
    output.echo(f"Follow-up {fu.id} for {fu.family_id} due {_short(fu.due)}: {output.esc(fu.action)}.")


@app.command()
def done(
    followup: Annotated[str, typer.Argument(help="Follow-up id (a number).")],
    note: Annotated[str | None, typer.Option("--note", help="How it went.", show_default=False)] = None,
    log_: Annotated[str | None, typer.Option("--log", help="Also log the contact: phone, text, email, home-visit, …", show_default=False)] = None,
    outcome: Annotated[str, typer.Option("--outcome", help="With --log: reached, no-answer, left-message, …")] = "reached",
    json: JSON = False,
) -> None:
    """Mark a follow-up done (a repeating one schedules its next).

    Example: liaison done 12 --log phone --note "Pass arrived"
    """
    from ..services import followups as svc

    res = svc.mark_done(STATE.app(), followup, note=note or "", log_kind=log_, outcome=outcome)
    if json:
        output.print_json({"followup": res.followup.to_dict(),
                           "next": res.next.to_dict() if res.next else None,
                           "contact": res.contact.to_dict() if res.contact else None})
        return
    line = f"Done: follow-up {res.followup.id} ({res.followup.family_id})."
    if res.contact:
        line += f" Logged {res.contact.kind} ({res.contact.outcome}) as {res.contact.id}."
    if res.next:
        line += f" Next one ({res.next.id}) due {_short(res.next.due)}."
    output.echo(line)


@app.command()
def snooze(
    followup: Annotated[str, typer.Argument(help="Follow-up id (a number).")],
    when: Annotated[str, typer.Argument(help=f"New due date: {WHEN_HELP}.")],
) -> None:
    """Move a follow-up to a later day.

    Example: liaison snooze 12 monday
    """
    from ..services import followups as svc

    fu = svc.snooze(STATE.app(), followup, when)
    output.echo(f"Follow-up {fu.id} ({fu.family_id}) now due {_short(fu.due)}.")


@app.command()
def cancel(
    followup: Annotated[str, typer.Argument(help="Follow-up id (a number).")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is no longer needed.", show_default=False)] = None,
) -> None:
    """Cancel a follow-up that is no longer needed.

    Example: liaison cancel 12 --reason "Family moved"
    """
    from ..services import followups as svc

    fu = svc.cancel(STATE.app(), followup, reason or "")
    output.echo(f"Cancelled follow-up {fu.id} ({fu.family_id}).")


@app.command("unreachable")
def unreachable_cmd(
    attempts: Annotated[int | None, typer.Option("--attempts", min=1, help="Failed attempts in a row (default from config).", show_default=False)] = None,
    days: Annotated[int | None, typer.Option("--days", min=1, help="Days without a reached contact (default from config).", show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", show_default=False)] = None,
    tag: Annotated[str | None, typer.Option("--tag", show_default=False)] = None,
    json: JSON = False,
) -> None:
    """Families you cannot reach: the list to take on a home visit or to the front office.

    Example: liaison unreachable --attempts 3 --days 30
    """
    from ..services import followups as svc

    rows = svc.unreachable(STATE.app(), attempts=attempts, days=days, school=school, tag=tag)
    if json:
        output.print_json([dataclasses.asdict(u) for u in rows])
        return
    if not rows:
        output.echo("Every active family has been reached recently.")
        return
    e = output.esc
    table_rows = []
    for u in rows:
        tries = ", ".join(f"{a['date'][5:]} {a['kind']} {a['outcome']}" for a in u.attempts[-4:])
        table_rows.append([u.family_id + " " + e(u.family_name), _lang_cell(u.language, u.interpreter),
                           f"{e(u.guardian)} {e(u.phone)}".strip(), e(u.address), e(u.reason),
                           tries or "—"])
    output.table(["Family", "Lang", "Phone", "Address", "Why", "Last attempts"], table_rows,
                 title=f"[bold]Unreachable[/bold] ({len(rows)})")
    output.echo("\nTry another way: a home visit (with permission), the front office, or a letter "
                "(`liaison letter tried-to-reach --family ID`).")


@app.command()
def today(
    all_: Annotated[bool, typer.Option("--all", help="Show every due follow-up and every family owed a contact, not the first page.")] = False,
    json: JSON = False,
) -> None:
    """The day at a glance: what is due, who is owed a call, who cannot be reached, today's events.

    Shows the first page of what is due (`page_size` in config.yaml, 25 by default), with the
    total and how to see the rest; `--all` shows every row. Below 80 columns each row is drawn
    as a card rather than a table. `liaison` with no command shows this too, on a terminal.

    Example: liaison today
    """
    today_screen(json=json, all_=all_)
