"""events, event add, event invite, event attend, event show, event missed."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer

from ...core.reports import percent
from ...services import events as svc
from ..context import STATE
from ..render import output
from ..render.result import Result
from ..root import command, group
from .options import JSON

KINDS = "open-house, workshop, family-night, potluck, conference-night, parent-class or other"
PERIODS = "this-week, last-week, this-month, last-month, this-term, last-term, this-year (school year) or last-year"

event_app = group("event", help="Plan an event, invite families, record who came.",
                        no_args_is_help=True)


def _rate(rate) -> str:
    return percent(rate)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in (values or []) for v in item.split(",") if v.strip()]


@command("events")
def events(
    upcoming: Annotated[bool, typer.Option("--upcoming", help="Only today's and later events.")] = False,
    past: Annotated[bool, typer.Option("--past", help="Only past events, newest first.")] = False,
    kind: Annotated[str | None, typer.Option("--kind", help=f"Only this kind: {KINDS}.", show_default=False)] = None,
    json: JSON = False,
) -> Result:
    """List events with how many families were invited and came.

    Example: liaison events --upcoming
    """

    rows = svc.list_events(STATE.app(), upcoming=upcoming, past=past, kind=kind)
    return Result(lambda: [dataclasses.asdict(r) for r in rows], lambda: _draw_events(rows))


def _draw_events(rows) -> None:
    if not rows:
        output.echo("No events. Plan one with `liaison event add --title … --kind … --date …`.")
        return
    e = output.esc
    output.table(
        ["ID", "Date", "Time", "Event", "Kind", "Place", "Lang", "Invited", "Came"],
        [[r.id, output.day(r.date), r.time, e(r.title), r.kind, e(r.place),
          ", ".join(r.languages) + (" +interp" if r.interpreter else ""), str(r.invited),
          f"{r.attended} ({_rate(r.rate)})" if r.held else "—"] for r in rows],
        title=f"[bold]Events[/bold] ({len(rows)})",
    )


@event_app.command("add")
def event_add(
    title: Annotated[str, typer.Option("--title", help="What families will see, like \"Family Math Night\".")],
    kind: Annotated[str, typer.Option("--kind", help=KINDS + ".")],
    date: Annotated[str, typer.Option("--date", help="When: a weekday (the next one), +2w, YYYY-MM-DD, …")],
    time: Annotated[str, typer.Option("--time", help="Start time, like 18:00 or 6pm.")] = "",
    place: Annotated[str, typer.Option("--place", help="Where, like \"Lincoln Elementary cafeteria\".")] = "",
    school: Annotated[str, typer.Option("--school", help="The school holding it (name or short code).")] = "",
    lang: Annotated[list[str] | None, typer.Option("--lang", help="A language it is held or interpreted in (repeat for more).", show_default=False)] = None,
    interpreter: Annotated[bool, typer.Option("--interpreter", help="Interpreters will be there.")] = False,
    json: JSON = False,
) -> Result:
    """Plan an event.

    Example: liaison event add --title "Family Math Night" --kind family-night --date 2026-12-03 --time 18:00 --place "LES cafeteria" --lang es --lang ar --interpreter
    """

    ev = svc.add_event(STATE.app(), title=title, kind=kind, when=date, time=time, place=place,
                       school=school, languages=_split(lang), interpreter=interpreter)
    return Result(ev.to_dict(), lambda: _draw_added(ev))


def _draw_added(ev) -> None:
    output.echo(f"Added {ev.id} {output.esc(ev.title)} on {output.day(ev.date)}"
                + (f" at {ev.time}" if ev.time else "") + ".")
    output.echo(f"Invite families with `liaison event invite {ev.id} --tag newcomer` or --families F1,F2.")


@event_app.command("invite")
def event_invite(
    event: Annotated[str, typer.Argument(help="Event id (E2) or words of its title.")],
    all_: Annotated[bool, typer.Option("--all", help="Invite every active family (with --tag or --school: those of them).")] = False,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Invite the active families with this tag (repeat: all of them).", show_default=False)] = None,
    families: Annotated[list[str] | None, typer.Option("--families", help="Families to invite: F1,F2 (repeatable).", show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", help="Only families at this school (alone: every active family there).", show_default=False)] = None,
    letters: Annotated[Path | None, typer.Option("--letters", help="Also write each family an invitation letter in its own language into this folder (recorded as a letter contact).", show_default=False, file_okay=False)] = None,
    fmt: Annotated[str, typer.Option("--format", help="With --letters: md, html or pdf.")] = "md",
    json: JSON = False,
) -> Result:
    """Add families to an event's invitation list, and write their invitation letters.

    Families are chosen as `letter` chooses them: --all, --families, then --tag and --school
    keep those that match (alone, each chooses every active family that matches). Closed
    families are left out.

    Example: liaison event invite E2 --tag newcomer --school LES --letters invitations/
    """

    with output.progress("Writing invitations", when=letters is not None) as progress:
        res = svc.invite(STATE.app(), event, tags=tag or [], families=_split(families),
                         school=school, all_=all_, letters=letters, fmt=fmt, progress=progress)
    if res.letters is not None:
        _fallback_warnings(res.letters)
    return Result(res.to_dict, lambda: _draw_invited(res))  # data: built only for --json


def _draw_invited(res) -> None:
    line = f"Invited {len(res.added)} famil{'y' if len(res.added) == 1 else 'ies'} to {res.event.id} {output.esc(res.event.title)}"
    if res.added:
        line += ": " + ", ".join(res.added[:20]) + (" …" if len(res.added) > 20 else "")
    output.echo(line + ".")
    if res.already:
        output.echo(f"{len(res.already)} already on the list.")
    if res.skipped_closed:
        output.echo(f"Left out {len(res.skipped_closed)} closed: {', '.join(res.skipped_closed)}.")
    if res.letters is not None:
        m = res.letters
        n = len(m.letters)
        langs = ", ".join(f"{lang} {c}" for lang, c in m.languages.most_common())
        output.echo(f"Wrote {n} invitation letter{'s' if n != 1 else ''} to {output.esc(m.folder)} "
                    f"({langs}); each is recorded as a letter contact.")
        if m.interpreter_families:
            output.echo("Interpreter needed: " + ", ".join(m.interpreter_families)
                        + " — say one will be at the event, or call them.")


def _fallback_warnings(merge) -> None:
    # Here, not at the top: the letters package loads jinja2 and babel; only an invitation
    # writes letters (start-up).
    from ...services.letters import merge_fallback_warning

    for pair, n in sorted(merge.fallbacks.items()):
        asked, used = pair.split(" → ")
        output.warn(merge_fallback_warning(asked, used, n, "invitation"))


@event_app.command("attend")
def event_attend(
    event: Annotated[str, typer.Argument(help="Event id (E2) or words of its title.")],
    families: Annotated[list[str], typer.Argument(help="The families who came: F1 F7 (or F1,F7).")],
    json: JSON = False,
) -> Result:
    """Record who came to an event (logs an `event` contact for each family).

    Example: liaison event attend E2 F1 F7 F12
    """

    res = svc.attend(STATE.app(), event, families)
    return Result({"event": res.event.to_dict(), "added": res.added, "already": res.already,
                   "contacts": res.contacts}, lambda: _draw_attended(res))


def _draw_attended(res) -> None:
    ev = res.event
    line = f"Recorded {len(res.added)} famil{'y' if len(res.added) == 1 else 'ies'} at {ev.id} {output.esc(ev.title)}"
    output.echo(line + (": " + ", ".join(res.added) if res.added else "") + ".")
    if res.already:
        output.echo(f"Already recorded: {', '.join(res.already)}.")
    invited = len(set(ev.invited) | set(ev.attended))
    output.echo(f"{len(ev.attended)} of {invited} invited came.")


@event_app.command("show")
def event_show(
    event: Annotated[str, typer.Argument(help="Event id (E2) or words of its title.")],
    json: JSON = False,
) -> Result:
    """Show an event: who was invited, who came, and the attendance rate.

    Example: liaison event show E2
    """

    d = svc.show_event(STATE.app(), event)
    return Result(d.to_dict, lambda: _draw_event(d))


def _draw_event(d) -> None:
    ev, e = d.event, output.esc
    output.echo(f"[bold]{ev.id} {e(ev.title)}[/bold] ({ev.kind})")
    output.echo(f"  When:  {output.day(ev.date)}" + (f" at {ev.time}" if ev.time else ""))
    if ev.place or ev.school:
        school = "" if ev.school and ev.school.casefold() in ev.place.casefold() else ev.school
        output.echo("  Where: " + ", ".join(e(x) for x in (ev.place, school) if x))
    if ev.languages or ev.interpreter:
        output.echo("  Languages: " + (", ".join(ev.languages) or "—")
                    + (" (interpreters there)" if ev.interpreter else ""))
    output.echo(f"  Came:  {d.attended} of {d.invited} invited ({_rate(d.rate)})")
    if d.guests:
        output.echo("")
        output.table(["Family", "Lang", "Came"],
                     [[f"{g.family_id} {e(g.family_name)}",
                       (g.language or "?") + (" +interp" if g.interpreter else ""),
                       "yes" if g.attended else ""] for g in d.guests],
                     title="Invited")


@event_app.command("missed")
def event_missed(
    tag: Annotated[str | None, typer.Option("--tag", help="Only families with this tag, like newcomer.", show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=f"Only events of this kind: {KINDS}.", show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", help="Only families at this school.", show_default=False)] = None,
    period: Annotated[str | None, typer.Option("--period", help=f"{PERIODS}. Default: this-term.", show_default=False)] = None,
    from_: Annotated[str | None, typer.Option("--from", help="Start of the period (YYYY-MM-DD).", show_default=False)] = None,
    to: Annotated[str | None, typer.Option("--to", help="End of the period (default today).", show_default=False)] = None,
    json: JSON = False,
) -> Result:
    """Families who came to none of the events held in a period.

    Example: liaison event missed --tag newcomer --kind family-night --period this-term
    """

    res = svc.missed(STATE.app(), tag=tag, kind=kind, school=school, period=period, start=from_, end=to)
    return Result(res.to_dict, lambda: _draw_missed(res))


def _draw_missed(res) -> None:
    what = res.kind.replace("-", " ") if res.kind else "event"
    what += "" if len(res.events) == 1 else "s"
    who = f"{res.tag} families" if res.tag else "Families"
    span = f"{output.day(res.period.start.isoformat())} – {output.day(res.period.end.isoformat())}"
    if not res.events:
        output.echo(f"No {what.removesuffix('s')} took place {res.period.label} ({span}).")
        return
    output.echo(f"{len(res.events)} {what} held {res.period.label} ({span}): {', '.join(res.events)}.")
    if not res.families:
        output.echo("Every matching family came to at least one.")
        return
    e = output.esc
    output.table(["Family", "Lang", "Phone", "Invited to"],
                 [[f"{m.family_id} {e(m.family_name)}",
                   (m.language or "?") + (" +interp" if m.interpreter else ""), e(m.phone),
                   f"{m.invited} of {len(res.events)}"] for m in res.families],
                 title=f"[bold]{e(who[:1].upper() + who[1:])} who missed every one[/bold] ({len(res.families)})")
