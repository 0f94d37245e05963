"""The terminal views of the daily loop, without typer: the fast path (liaison_cli/__main__.py)
runs `followups` from here (`followups_result`, the command's whole body) without importing it.

The services are imported in the functions that call them: `log`, `done` and the other commands
that only borrow a cell or a line from here would otherwise load the listing's services too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..context import STATE
from . import output, pager
from .result import Result


def next_line(fu) -> str:
    if fu is None:
        return "No open follow-up for this family."
    return f"Next follow-up: {fu.id} due {output.day(fu.due)} — {output.esc(fu.action)}."


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
    d = dt.date.fromisoformat(iso)
    if abs((d - STATE.today).days) < 180:
        return f"{d.strftime('%a')} {d.day} {d.strftime('%b')}"
    return output.day(iso)


def lang_cell(lang: str, interpreter: bool) -> str:
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

    def cards() -> None:
        # A narrow terminal: one card per follow-up rather than a table squeezed to nothing.
        for heading, rows in groups:
            if heading:
                output.echo(f"[bold]{heading}[/bold] ({len(rows)})")
            for r in rows:
                output.card(f"[bold]{r.id}  {r.family_id} {e(r.family_name)}[/bold] · {_due_cell(r)}", [
                    ("Action", e(r.action)),
                    ("Call", ", ".join(e(v) for v in (r.phone, r.guardian) if v)),
                    ("Lang", lang_cell(r.language, r.interpreter)),
                    ("Every", f"{r.every_days} days" if r.every_days else ""),
                ])

    out: list = []
    for heading, rows in groups:
        if out:
            out.append(None)  # a section line between groups
        if heading:
            out.append(["", f"[bold]{heading}[/bold] ({len(rows)})", "", "", "", ""])
        for r in rows:
            repeat = f" [dim](every {r.every_days}d)[/dim]" if r.every_days else ""
            out.append([str(r.id), f"{r.family_id} {e(r.family_name)}", lang_cell(r.language, r.interpreter),
                        _call_cell(r.phone, r.guardian), e(r.action) + repeat, _due_cell(r)])
    # Names and numbers wrap between words, never cut to "…" or split: when the table cannot
    # fit its longest words, output.table draws the cards instead.
    tight = {"no_wrap": True}
    cells = [r for r in out if r is not None]
    output.table([("ID", {**tight, "justify": "right"}),
                  ("Family", {"max_width": output.word_cap([r[1] for r in cells], 16)}),
                  ("Lang", tight), ("Call", {"max_width": output.word_cap([r[3] for r in cells], 14)}),
                  ("Action", {"ratio": 1, "min_width": 14}), ("Due", {**tight, "min_width": 11})], out,
                 cards=cards)


OWED_SHOWN = 10  # the longest-owed first; `--all` shows every one


def render_owed(owed, total: int | None = None) -> None:
    e = output.esc
    title = f"[bold]Owed a contact[/bold] ({total if total is not None else len(owed)})"

    def cards() -> None:
        output.echo(title)
        for o in owed:
            output.card(f"[bold]{o.family_id} {e(o.family_name)}[/bold] · {_owed_cell(o)}", [
                ("Call", ", ".join(e(v) for v in (o.phone, o.guardian) if v)),
                ("Lang", lang_cell(o.language, o.interpreter)),
                ("Cadence", f"every {o.every_days}d"),
                ("Last reached", _day(o.last_reached) if o.last_reached else "never"),
            ])

    rows = [[o.family_id + " " + e(o.family_name), lang_cell(o.language, o.interpreter),
             _call_cell(o.phone, o.guardian), f"every {o.every_days}d",
             _day(o.last_reached) if o.last_reached else "never",
             _owed_cell(o)] for o in owed]
    tight = {"no_wrap": True}
    output.table([("Family", {"max_width": output.word_cap([r[0] for r in rows], 16)}), ("Lang", tight),
                  ("Call", {"max_width": output.word_cap([r[2] for r in rows], 14)}),
                  ("Cadence", tight), ("Last reached", tight), ("Owed", tight)], rows,
                 title=title, cards=cards)


def _owed_cell(o) -> str:
    return f"[red]{o.days_over}d over[/red]" if o.days_over else "[yellow]due today[/yellow]"


def followups_result(due, family, school, tag, all_: bool) -> Result:
    """The body of `liaison followups`, shared by the command and the fast path."""
    from ...services import due as svc  # see the module's note

    app_ = STATE.app()

    def listing(with_owed: bool):
        return svc.followups_due(app_, due, family=family, school=school, tag=tag, with_owed=with_owed)

    return Result(lambda: [dict(vars(r)) for r in listing(False).rows],
                  lambda: draw_followups(app_, listing(True), all_))


def draw_followups(app_, listing, all_: bool) -> None:
    from ...core.dates import describe_window  # see the module's note
    from ...services.due import GROUPS

    with pager.paged():
        output.para(f"Follow-ups {describe_window(listing.window, app_.today, app_.calendar)}", 0, 2)
        if not listing.rows:
            output.echo("Nothing due. ")
        shown = output.page(listing.rows, app_.config.page_size, all_, "follow-ups")
        titles = {"overdue": "Overdue", "today": "Today", "this-week": "This week", "later": "Later"}
        if shown:
            output.echo("")
            render_groups([(titles[g], [r for r in shown if r.group == g]) for g in GROUPS])
        if listing.owed:
            output.echo("")
            owed = listing.owed if all_ else listing.owed[:OWED_SHOWN]
            render_owed(owed, total=len(listing.owed))
            if len(owed) < len(listing.owed):
                output.para(f"… and {len(listing.owed) - len(owed)} more owed a contact: "
                            "`liaison followups --all`.", 0, 2)
        if listing.rows:
            output.echo("")
            output.para("Close one with `liaison done ID`, move it with `liaison snooze ID WHEN`.", 0, 2)


def today_result(all_: bool = False) -> Result:
    """The body of `liaison today` (and of `liaison` alone on a terminal)."""
    from ...services.today import the_day  # see the module's note

    app_ = STATE.app()
    day = the_day(app_)
    return Result(lambda: dataclasses.asdict(day), lambda: draw_today(app_, day, all_))


def draw_today(app_, day, all_: bool) -> None:
    from ...core.dates import short  # see the module's note

    with pager.paged():
        e = output.esc
        output.echo(f"[bold]{short(app_.today)}[/bold] — your day")
        if day.events:
            output.echo("")
            output.echo("[bold]Events today[/bold]")
            for ev in day.events:
                output.para(f"{ev['time'] or ''} {e(ev['title'])} ({e(ev['place'])}), {ev['invited']} families invited "
                            f"→ record who came: `liaison event attend {ev['id']} F…`".strip(), 2, 4)
        if day.due:
            output.echo("")
            # A page, like `followups`: at 5,000 families every due row was 8,000 lines and seconds.
            shown = output.page(day.due, app_.config.page_size, all_, "follow-ups due today or overdue")
            render_rows(shown, "Due today or overdue", total=len(day.due))
            output.para("→ call, then `liaison done ID --log phone`; not today? `liaison snooze ID WHEN`", 2, 4)
        else:
            output.echo("\nNo follow-ups overdue or due today.")
        if day.later_this_week:
            output.para(f"{day.later_this_week} more due later this week: `liaison followups`.", 2, 4)
        if day.owed:
            output.echo("")
            owed = day.owed if all_ else day.owed[:OWED_SHOWN]
            render_owed(owed, total=len(day.owed))
            if len(owed) < len(day.owed):
                output.para(f"… and {len(day.owed) - len(owed)} more: `liaison today --all`.", 2, 4)
            output.para("→ reach them, then `liaison log ID --kind phone --note …`", 2, 4)
        if day.unreachable:
            output.echo("")
            output.echo(f"[bold]Unreachable[/bold] ({len(day.unreachable)})")
            for u in day.unreachable[:5]:
                output.para(f"{u.family_id} {e(u.family_name)}: {e(u.reason)}", 2, 4)
            output.para("→ plan a visit or ask the front office: `liaison unreachable`", 2, 4)
        if day.referrals_waiting:
            output.echo("")
            output.echo(f"[bold]Referrals waiting for an outcome[/bold] ({len(day.referrals_waiting)})")
            for r in day.referrals_waiting[:5]:
                output.para(f"{r['id']} {r['family_id']} {e(r['family_name'])} → {e(r['service'])} ({r['status']} since {output.day(r['since'])})", 2, 4)
            output.para("→ ask the service, then `liaison referral update ID --status …`", 2, 4)
