"""log, followups, add-followup, done, snooze, cancel, unreachable, today."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from . import output
from .app import app
from .context import STATE

JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
WHEN_HELP = ("today, tomorrow, a weekday (the next one: on a Friday, `friday` is next week's), "
             "this-week, next-week, this-month, +3d, +2w, +5sd (school days) or YYYY-MM-DD")


def _short(iso: str) -> str:
    import datetime as dt

    from ..dates import short

    return short(dt.date.fromisoformat(iso)) if iso else "—"


def _next_line(fu) -> str:
    if fu is None:
        return "No open follow-up for this family."
    return f"Next follow-up: {fu.id} due {_short(fu.due)} — {output.esc(fu.action)}."


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


def _call_cell(phone: str, guardian: str) -> str:
    """The number first (what the liaison dials), then who to ask for."""
    if not phone:
        return output.esc(guardian)
    return f"{output.esc(phone)}\n[dim]{output.esc(guardian)}[/dim]" if guardian else output.esc(phone)


def _due_cell(r) -> str:
    if r.group == "overdue":
        days = f"{r.days_overdue}d overdue"
        style = "bold red" if r.days_overdue > 7 else "red"
        return f"[{style}]{days}[/{style}]"
    if r.group == "today":
        return "[yellow]today[/yellow]"
    return _day(r.due)


def _day(iso: str) -> str:
    """"Tue 24 Nov" — the year only when it is not this one's season."""
    import datetime as dt

    d = dt.date.fromisoformat(iso)
    if abs((d - STATE.today).days) < 180:
        return f"{d.strftime('%a')} {d.day} {d.strftime('%b')}"
    return _short(iso)


def _lang_cell(lang: str, interpreter: bool) -> str:
    """"so+int": the family's language, and whether to book an interpreter."""
    return f"{lang or '?'}{'+int' if interpreter else ''}"


def render_rows(rows, heading: str) -> None:
    e = output.esc
    if output.console().width < 80:
        # A narrow terminal: two lines per follow-up rather than a table squeezed to nothing.
        output.echo(f"[bold]{heading}[/bold] ({len(rows)})")
        for r in rows:
            repeat = f" (every {r.every_days}d)" if r.every_days else ""
            output.echo(f"{r.id:>4}  {r.family_id} {e(r.family_name)} · {_lang_cell(r.language, r.interpreter)} · {_due_cell(r)}")
            output.echo(f"      {e(r.action)}{repeat}" + (f" · {e(r.phone)}" if r.phone else ""))
        return
    out = []
    for r in rows:
        repeat = f" [dim](every {r.every_days}d)[/dim]" if r.every_days else ""
        out.append([str(r.id), f"{r.family_id} {e(r.family_name)}", _lang_cell(r.language, r.interpreter),
                    _call_cell(r.phone, r.guardian), e(r.action) + repeat, _due_cell(r)])
    tight = {"no_wrap": True}
    output.table([("ID", {**tight, "justify": "right"}),
                  ("Family", {**tight, "max_width": 16, "overflow": "ellipsis"}),
                  ("Lang", tight), ("Call", {"max_width": 14, "overflow": "fold"}),
                  ("Action", {"ratio": 1, "min_width": 14}), ("Due", {**tight, "min_width": 11})], out,
                 title=f"[bold]{heading}[/bold] ({len(rows)})")


def render_owed(owed) -> None:
    e = output.esc
    rows = [[o.family_id + " " + e(o.family_name), _lang_cell(o.language, o.interpreter),
             _call_cell(o.phone, o.guardian), f"every {o.every_days}d",
             _day(o.last_reached) if o.last_reached else "never",
             f"[red]{o.days_over}d over[/red]" if o.days_over else "[yellow]due today[/yellow]"]
            for o in owed]
    tight = {"no_wrap": True}
    output.table([("Family", {**tight, "max_width": 16, "overflow": "ellipsis"}), ("Lang", tight),
                  ("Call", {"max_width": 14, "overflow": "fold"}), ("Cadence", tight),
                  ("Last reached", tight), ("Owed", tight)], rows,
                 title=f"[bold]Owed a contact[/bold] ({len(owed)})")


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

    Example: liaison followups --due this-week
    """
    from ..dates import describe_window
    from ..services import followups as svc

    app_ = STATE.app()
    listing = svc.followups_due(app_, due, family=family, school=school, tag=tag, with_owed=not json)
    if json:
        output.print_json([dict(vars(r)) for r in listing.rows])
        return
    output.echo(f"Follow-ups {describe_window(listing.window, app_.today, app_.calendar)}")
    if not listing.rows:
        output.echo("Nothing due. ")
    shown = output.page(listing.rows, app_.config.page_size, all_, "follow-ups")
    titles = {"overdue": "Overdue", "today": "Today", "this-week": "Later this week", "later": "Later"}
    for group in svc.GROUPS:
        rows = [r for r in shown if r.group == group]
        if rows:
            output.echo("")
            render_rows(rows, titles[group])
    if listing.owed:
        output.echo("")
        render_owed(output.page(listing.owed, app_.config.page_size, all_, "families owed a contact"))
    if listing.rows:
        output.echo("\nClose one with `liaison done ID`, move it with `liaison snooze ID WHEN`.")


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
def today(json: JSON = False) -> None:
    """The day at a glance: what is due, who is owed a call, who cannot be reached, today's events.

    `liaison` with no command shows this too, on a terminal.

    Example: liaison today
    """
    today_screen(json=json)


def today_screen(json: bool = False) -> None:
    from ..dates import short
    from ..services.today import the_day

    app_ = STATE.app()
    day = the_day(app_)
    if json:
        output.print_json(dataclasses.asdict(day))
        return
    e = output.esc
    output.echo(f"[bold]{short(app_.today)}[/bold] — your day")
    if day.events:
        output.echo("")
        output.echo("[bold]Events today[/bold]")
        for ev in day.events:
            output.echo(f"  {ev['time'] or ''} {e(ev['title'])} ({e(ev['place'])}), {ev['invited']} families invited "
                        f"→ record who came: `liaison event attend {ev['id']} F…`")
    if day.due:
        output.echo("")
        render_rows(day.due, "Due today or overdue")
        output.echo("  → call, then `liaison done ID --log phone`; not today? `liaison snooze ID WHEN`")
    else:
        output.echo("\nNo follow-ups overdue or due today.")
    if day.later_this_week:
        output.echo(f"  {day.later_this_week} more due later this week: `liaison followups`.")
    if day.owed:
        output.echo("")
        render_owed(day.owed[:10])
        if len(day.owed) > 10:
            output.echo(f"  … and {len(day.owed) - 10} more: `liaison followups --all`.")
        output.echo("  → reach them, then `liaison log ID --kind phone --note …`")
    if day.unreachable:
        output.echo("")
        output.echo(f"[bold]Unreachable[/bold] ({len(day.unreachable)})")
        for u in day.unreachable[:5]:
            output.echo(f"  {u.family_id} {e(u.family_name)}: {e(u.reason)}")
        output.echo("  → plan a visit or ask the front office: `liaison unreachable`")
    if day.referrals_waiting:
        output.echo("")
        output.echo(f"[bold]Referrals waiting for an outcome[/bold] ({len(day.referrals_waiting)})")
        for r in day.referrals_waiting[:5]:
            output.echo(f"  {r['id']} {r['family_id']} {e(r['family_name'])} → {e(r['service'])} ({r['status']} since {_short(r['since'])})")
        output.echo("  → ask the service, then `liaison referral update ID --status …`")
