"""The terminal views of the daily loop, without typer: the fast path (liaison_cli/__main__.py)
renders `followups` from here without importing it."""

from __future__ import annotations

import dataclasses

from . import output
from .context import STATE


def _short(iso: str) -> str:
    import datetime as dt

    from ..dates import short

    return short(dt.date.fromisoformat(iso)) if iso else "—"


def _next_line(fu) -> str:
    if fu is None:
        return "No open follow-up for this family."
    return f"Next follow-up: {fu.id} due {_short(fu.due)} — {output.esc(fu.action)}."


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


def render_rows(rows, heading: str, total: int | None = None) -> None:
    """One group of follow-ups under a heading line (with the group's total when only a page
    of it is shown)."""
    output.echo(f"[bold]{heading}[/bold] ({total if total is not None else len(rows)})")
    render_groups([("", rows)])


def render_groups(groups) -> None:
    """Follow-ups under group headings (Overdue, Today, …) in ONE table: rich measures every
    cell to size the columns, so one table of 50 rows draws in half the time of four."""
    e = output.esc
    groups = [(h, rows) for h, rows in groups if rows]
    if output.console().width < 80:
        # A narrow terminal: two lines per follow-up rather than a table squeezed to nothing.
        for heading, rows in groups:
            if heading:
                output.echo(f"[bold]{heading}[/bold] ({len(rows)})")
            for r in rows:
                repeat = f" (every {r.every_days}d)" if r.every_days else ""
                output.echo(f"{r.id:>4}  {r.family_id} {e(r.family_name)} · {_lang_cell(r.language, r.interpreter)} · {_due_cell(r)}")
                output.echo(f"      {e(r.action)}{repeat}" + (f" · {e(r.phone)}" if r.phone else ""))
        return
    out: list = []
    for heading, rows in groups:
        if out:
            out.append(None)  # a section line between groups
        if heading:
            out.append(["", f"[bold]{heading}[/bold] ({len(rows)})", "", "", "", ""])
        for r in rows:
            repeat = f" [dim](every {r.every_days}d)[/dim]" if r.every_days else ""
            out.append([str(r.id), f"{r.family_id} {e(r.family_name)}", _lang_cell(r.language, r.interpreter),
                        _call_cell(r.phone, r.guardian), e(r.action) + repeat, _due_cell(r)])
    tight = {"no_wrap": True}
    output.table([("ID", {**tight, "justify": "right"}),
                  ("Family", {**tight, "max_width": 16, "overflow": "ellipsis"}),
                  ("Lang", tight), ("Call", {"max_width": 14, "overflow": "fold"}),
                  ("Action", {"ratio": 1, "min_width": 14}), ("Due", {**tight, "min_width": 11})], out)


OWED_SHOWN = 10  # the longest-owed first; `--all` shows every one


def render_owed(owed, total: int | None = None) -> None:
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
                 title=f"[bold]Owed a contact[/bold] ({total if total is not None else len(owed)})")


def show_followups(due, family, school, tag, all_: bool, json: bool) -> None:
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
    titles = {"overdue": "Overdue", "today": "Today", "this-week": "This week", "later": "Later"}
    if shown:
        output.echo("")
        render_groups([(titles[g], [r for r in shown if r.group == g]) for g in svc.GROUPS])
    if listing.owed:
        output.echo("")
        owed = listing.owed if all_ else listing.owed[:OWED_SHOWN]
        render_owed(owed, total=len(listing.owed))
        if len(owed) < len(listing.owed):
            output.echo(f"… and {len(listing.owed) - len(owed)} more owed a contact: "
                        "`liaison followups --all`.")
    if listing.rows:
        output.echo("\nClose one with `liaison done ID`, move it with `liaison snooze ID WHEN`.")


def today_screen(json: bool = False, all_: bool = False) -> None:
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
        # A page, like `followups`: at 5,000 families every due row was 8,000 lines and seconds.
        shown = output.page(day.due, app_.config.page_size, all_, "follow-ups due today or overdue")
        render_rows(shown, "Due today or overdue", total=len(day.due))
        output.echo("  → call, then `liaison done ID --log phone`; not today? `liaison snooze ID WHEN`")
    else:
        output.echo("\nNo follow-ups overdue or due today.")
    if day.later_this_week:
        output.echo(f"  {day.later_this_week} more due later this week: `liaison followups`.")
    if day.owed:
        output.echo("")
        owed = day.owed if all_ else day.owed[:OWED_SHOWN]
        render_owed(owed, total=len(day.owed))
        if len(owed) < len(day.owed):
            output.echo(f"  … and {len(day.owed) - len(owed)} more: `liaison today --all`.")
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
