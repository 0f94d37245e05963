"""log, followups, add-followup, done, snooze, cancel, unreachable, today."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from ...core.dates import grammar_help, parse_every
from ...errors import UsageError
from ...services import contacts as contacts_svc
from ...services import followups as followups_svc
from ..completion import complete_family
from ..context import STATE
from ..render import output
from ..render.contacts import AskSchoolDay, log_result, tell_closed
from ..render.followups import followups_result, lang_cell, today_result
from ..render.result import Result
from ..root import command
from .options import JSON

WHEN_HELP = ("today, tomorrow, a weekday, next monday, next week, in 3 days, +2w, "
             "+5 school days or YYYY-MM-DD (see Dates below)")
DATES = grammar_help()

# What a contact carries: `log` and `done --log` take the same options, defined once here.
Note = Annotated[str | None, typer.Option("--note", help="What happened, in a few words.", show_default=False)]
When = Annotated[str | None, typer.Option("--date", help="When it happened (default today): today, yesterday, monday (the last one), last tuesday, 3 days ago, YYYY-MM-DD.", show_default=False)]
Time = Annotated[str | None, typer.Option("--time", help="Time of day, like 15:30 or 3:30pm.", show_default=False)]
Direction = Annotated[str, typer.Option("--direction", help="to (you reached out) or from (the family did).")]
With = Annotated[str | None, typer.Option("--with", help="Which guardian you spoke with.", show_default=False)]
Lang = Annotated[str | None, typer.Option("--lang", help="Language the contact was held in.", show_default=False)]
Interpreter = Annotated[str | None, typer.Option("--interpreter", help="Interpreter's name, if one was used.", show_default=False)]
Outcome = Annotated[str, typer.Option("--outcome", help="reached, no-answer, left-message, bounced, wrong-number or declined.")]
FollowUpWhen = Annotated[str | None, typer.Option("--follow-up", help=f"Also plan a follow-up: {WHEN_HELP}.", show_default=False)]
Action = Annotated[str | None, typer.Option("--action", help="What to do at the follow-up.", show_default=False)]
Every = Annotated[str | None, typer.Option("--every", help="Make the follow-up repeat: 1w, 2w, 10d (counted from the day it is done).", show_default=False)]
SchoolDay = Annotated[bool, typer.Option("--school-day", help="If the follow-up falls on a closure, a break or a weekend, move it to the next school day.")]


@command(epilog=DATES)
def log(
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.", autocompletion=complete_family)],
    kind: Annotated[str, typer.Option("--kind", help="phone, text, email, home-visit, meeting, conference, event, letter, signpost, other. A home visit with no home-visit consent on record warns.")] = "phone",
    note: Note = None,
    date: When = None,
    time: Time = None,
    direction: Direction = "to",
    with_: With = None,
    lang: Lang = None,
    interpreter: Interpreter = None,
    outcome: Outcome = "reached",
    follow_up: FollowUpWhen = None,
    action: Action = None,
    every: Every = None,
    school_day: SchoolDay = False,
    json: JSON = False,
) -> Result:
    """Log a call, visit, message or meeting with a family.

    Example: liaison log F3 --kind phone --note "Talked about the bus pass" --follow-up friday --action "Check the pass arrived"
    """

    return log_result(family, kind=kind, note=note, date=date, time=time, direction=direction,
                      with_=with_, lang=lang, interpreter=interpreter, outcome=outcome,
                      follow_up=follow_up, action=action, every=every, school_day=school_day)


@command(epilog=DATES)
def followups(
    due: Annotated[str | None, typer.Option("--due", help="Which follow-ups: overdue, a WHEN (due on or before it) or a range A..B (see Dates below). Default: overdue plus this week.", show_default=False)] = None,
    family: Annotated[str | None, typer.Option("--family", help="Only this family.", autocompletion=complete_family, show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", help="Only families at this school.", show_default=False)] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only families with this tag.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every row, not the first page.")] = False,
    json: JSON = False,
) -> Result:
    """List open follow-ups, overdue first, and the families owed a contact.

    Every WHEN but a range means "due on or before": `--due friday` lists what is due by
    Friday, overdue ones included; `--due this-week` (or `this week`) every open follow-up due
    on or before the last day of this week, and `next week`, `this month`, `next month` run to
    the end of that week or month. A range A..B lists only what is due from A to B.
    Below 80 columns each row is drawn as a card rather than a table.

    Example: liaison followups --due this-week
    """
    return followups_result(due, family, school, tag, all_)


@command("add-followup", epilog=DATES)
def add_followup(
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.", autocompletion=complete_family)],
    when: Annotated[list[str], typer.Argument(metavar="WHEN", help=f"When: {WHEN_HELP}.", show_default=False)],
    action: Annotated[str, typer.Option("--action", help="What to do.")],
    every: Annotated[str | None, typer.Option("--every", help="Repeat: 1w, 2w, 10d (counted from the day it is done).", show_default=False)] = None,
    school_day: SchoolDay = False,
    json: JSON = False,
) -> Result:
    """Plan a follow-up without logging a contact.

    Example: liaison add-followup F3 +5sd --action "Ask how the tutoring is going"
    """

    ask = AskSchoolDay()
    res = followups_svc.add_followup(STATE.app(), family, " ".join(when), action, parse_every(every) if every else None,
                           school_day=school_day, ask=ask)
    tell_closed(res.closed, ask)
    fu = res.followups[0]
    return Result(fu.to_dict(), lambda: output.echo(
        f"Follow-up {fu.id} for {fu.family_id} due {output.day(fu.due)}: {output.esc(fu.action)}."))


@command(epilog=DATES)
def done(
    followup: Annotated[list[str], typer.Argument(help="Follow-up ids (numbers); several are done together or not at all.", show_default=False)],
    note: Annotated[str | None, typer.Option("--note", help="How it went (with --log, the contact's note; default: the follow-up's action).", show_default=False)] = None,
    log_: Annotated[str | None, typer.Option("--log", help="Also log the contact: phone, text, email, home-visit, … The options below go with it, as with `liaison log`.", show_default=False)] = None,
    date: When = None,
    time: Time = None,
    direction: Direction = "to",
    with_: With = None,
    lang: Lang = None,
    interpreter: Interpreter = None,
    outcome: Outcome = "reached",
    follow_up: FollowUpWhen = None,
    action: Action = None,
    every: Every = None,
    school_day: SchoolDay = False,
    json: JSON = False,
) -> Result:
    """Mark a follow-up done (a repeating one schedules its next).

    Several ids are marked together, or none is when one of them is unknown or not open.
    `--json` prints one object for one id, an array for several.

    Example: liaison done 12 --log phone --lang es --interpreter "Ana Ruiz" --with Rosa --note "Pass arrived"
    """

    ask = AskSchoolDay()
    plan = None
    if log_:
        plan = contacts_svc.plan_contact(
            STATE.app(), kind=log_, note=note or "", when=date, time=time or "",
            direction=direction, with_guardian=with_ or "", lang=lang or "",
            interpreter=interpreter or "", outcome=outcome, follow_up=follow_up,
            action=action or "", every=parse_every(every) if every else None,
            school_day=school_day, ask=ask, note_required=False)
    else:
        given = [flag for flag, value in (
            ("--date", date), ("--time", time), ("--direction", direction != "to"),
            ("--with", with_), ("--lang", lang), ("--interpreter", interpreter),
            ("--outcome", outcome != "reached"), ("--follow-up", follow_up), ("--action", action),
            ("--every", every), ("--school-day", school_day)) if value]
        if given:
            raise UsageError(f"{given[0]} goes with --log KIND, like --log phone {given[0]} ….")
    results = followups_svc.mark_done(STATE.app(), followup, note=note or "", plan=plan)
    tell_closed(plan.closed if plan else None, ask)
    rows = [{"followup": r.followup.to_dict(),
             "next": r.next.to_dict() if r.next else None,
             "contact": r.contact.to_dict() if r.contact else None,
             "planned": r.planned.to_dict() if r.planned else None} for r in results]
    return Result(rows[0] if len(rows) == 1 else rows, lambda: _draw_done(results))


def _draw_done(results) -> None:
    for res in results:
        line = f"Done: follow-up {res.followup.id} ({res.followup.family_id})."
        if res.contact:
            line += f" Logged {res.contact.kind} ({res.contact.outcome}) as {res.contact.id}."
        if res.planned:
            line += f" Follow-up {res.planned.id} due {output.day(res.planned.due)}: {output.esc(res.planned.action)}."
        if res.next:
            line += f" Next one ({res.next.id}) due {output.day(res.next.due)}."
        output.echo(line)


_UNITS = {"d", "day", "days", "w", "wk", "wks", "week", "weeks", "m", "month", "months", "sd", "school"}


def split_ids_when(words: list[str]) -> tuple[list[str], str]:
    """`12 14 next monday` → (["12", "14"], "next monday"): the ids are the leading numbers, the
    rest is the WHEN — unless a number is followed by a unit (`12 3 days`: 3 belongs to WHEN)."""

    ids: list[str] = []
    for i, w in enumerate(words):
        number = w.lstrip("#").isdigit()
        unit_next = i + 1 < len(words) and words[i + 1].lower() in _UNITS
        if not number or unit_next or i == len(words) - 1:
            ids, rest = words[:i], words[i:]
            break
    else:
        rest = []
    if not ids or not rest:
        raise UsageError("Give the follow-up ids and then the new day, like `liaison snooze 12 14 monday`.")
    return ids, " ".join(rest)


@command(epilog=DATES)
def snooze(
    ids_when: Annotated[list[str], typer.Argument(metavar="ID... WHEN", help=f"Follow-up ids (numbers), then the new due date: {WHEN_HELP}. Several ids move together or not at all.", show_default=False)],
    school_day: SchoolDay = False,
) -> Result:
    """Move a follow-up to a later day.

    Several ids move together, or none does when one of them is unknown or not open.

    Example: liaison snooze 12 14 next monday --school-day
    """

    ids, when = split_ids_when(ids_when)
    ask = AskSchoolDay()
    res = followups_svc.snooze(STATE.app(), ids, when, school_day=school_day, ask=ask)
    tell_closed(res.closed, ask)
    return Result([fu.to_dict() for fu in res.followups], lambda: [
        output.echo(f"Follow-up {fu.id} ({fu.family_id}) now due {output.day(fu.due)}.")
        for fu in res.followups])


@command()
def cancel(
    followup: Annotated[list[str], typer.Argument(help="Follow-up ids (numbers); several are cancelled together or not at all.", show_default=False)],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is no longer needed.", show_default=False)] = None,
) -> Result:
    """Cancel a follow-up that is no longer needed.

    Example: liaison cancel 12 13 --reason "Family moved"
    """

    done_ = followups_svc.cancel(STATE.app(), followup, reason or "")
    return Result([fu.to_dict() for fu in done_], lambda: [
        output.echo(f"Cancelled follow-up {fu.id} ({fu.family_id}).") for fu in done_])


@command("unreachable")
def unreachable_cmd(
    attempts: Annotated[int | None, typer.Option("--attempts", min=1, help="Failed attempts in a row (default from config).", show_default=False)] = None,
    days: Annotated[int | None, typer.Option("--days", min=1, help="Days without a reached contact (default from config).", show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", show_default=False)] = None,
    tag: Annotated[str | None, typer.Option("--tag", show_default=False)] = None,
    json: JSON = False,
) -> Result:
    """Families you cannot reach: the list to take on a home visit or to the front office.

    Example: liaison unreachable --attempts 3 --days 30
    """

    rows = followups_svc.unreachable(STATE.app(), attempts=attempts, days=days, school=school, tag=tag)
    return Result(lambda: [dataclasses.asdict(u) for u in rows], lambda: _draw_unreachable(rows))


def _draw_unreachable(rows) -> None:
    if not rows:
        output.echo("Every active family has been reached recently.")
        return
    e = output.esc
    table_rows = []
    for u in rows:
        tries = ", ".join(f"{a['date'][5:]} {a['kind']} {a['outcome']}" for a in u.attempts[-4:])
        table_rows.append([u.family_id + " " + e(u.family_name), lang_cell(u.language, u.interpreter),
                           f"{e(u.guardian)} {e(u.phone)}".strip(), e(u.address), e(u.reason),
                           tries or "—"])
    output.table(["Family", "Lang", "Phone", "Address", "Why", "Last attempts"], table_rows,
                 title=f"[bold]Unreachable[/bold] ({len(rows)})")
    output.echo("\nTry another way: a home visit (with permission), the front office, or a letter "
                "(`liaison letter tried-to-reach --family ID`).")


@command()
def today(
    all_: Annotated[bool, typer.Option("--all", help="Show every due follow-up and every family owed a contact, not the first page.")] = False,
    json: JSON = False,
) -> Result:
    """The day at a glance: what is due, who is owed a call, who cannot be reached, today's events.

    Shows the first page of what is due (`page_size` in config.yaml, 25 by default), with the
    total and how to see the rest; `--all` shows every row. Below 80 columns each row is drawn
    as a card rather than a table. `liaison` with no command shows this too, on a terminal.

    Example: liaison today
    """
    return today_result(all_=all_)
