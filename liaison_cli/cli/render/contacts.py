"""`liaison log`: a contact recorded, shared by the Typer command and the fast path
(liaison_cli/__main__.py), which runs the common forms of `log` without importing typer; and
what `log`, `done`, `snooze` and `followup add` say when a follow-up lands on a closed day.

typer is imported only to ask something on a terminal (the note when --note is missing, whether
to move a follow-up off a closure), as the Typer command always asked it.
"""

from __future__ import annotations

from ...core.dates import parse_every, short
from ...errors import UsageError
from ...services import contacts as contacts_svc
from ..context import STATE
from . import output
from .followups import next_line
from .result import Result


class AskSchoolDay:
    """Offers the next school day when a follow-up lands on a closure (only on a terminal)."""

    def __init__(self) -> None:
        self.asked = False

    def __call__(self, closed) -> bool:
        if not output.is_terminal():
            return False
        self.asked = True
        import typer  # only to ask on a terminal (see the module's note)

        return typer.confirm(f"{short(closed.day)} is {closed.why}. Move the follow-up to "
                             f"{short(closed.next_school_day)}, the next school day?",
                             default=True, err=True)


def tell_closed(closed, ask: AskSchoolDay) -> None:
    """Say on stderr that a follow-up landed on (or was moved off) a day school is shut."""
    if closed is None:
        return
    if closed.moved:
        output.notice(f"{short(closed.day)} is {closed.why}; the follow-up is due "
                      f"{short(closed.next_school_day)}, the next school day.")
    elif closed.notable and not ask.asked:
        after = (f"the next school day is {short(closed.next_school_day)}; add --school-day to "
                 "move it there" if closed.next_school_day else
                 "the calendar has no school day after it; add the next terms to config.yaml")
        output.warn(f"{short(closed.day)} is {closed.why}: {after}.")


def log_result(family: str, *, kind: str = "phone", note: str | None = None, date: str | None = None,
               time: str | None = None, direction: str = "to", with_: str | None = None,
               lang: str | None = None, interpreter: str | None = None, outcome: str = "reached",
               follow_up: str | None = None, action: str | None = None, every: str | None = None,
               school_day: bool = False) -> Result:
    """The body of `liaison log FAMILY`."""
    if not note:
        if not output.is_terminal():
            raise UsageError("Missing --note; say in a few words what happened.")
        import typer  # only to ask on a terminal (see the module's note)

        note = typer.prompt("What happened")
    ask = AskSchoolDay()
    res = contacts_svc.log_contact(
        STATE.app(), family, kind=kind, note=note, when=date, time=time or "", direction=direction,
        with_guardian=with_ or "", lang=lang or "", interpreter=interpreter or "", outcome=outcome,
        follow_up=follow_up, action=action or "", every=parse_every(every) if every else None,
        school_day=school_day, ask=ask,
    )
    tell_closed(res.closed, ask)
    if res.no_visit_consent:
        fid = res.contact.family_id
        output.warn(f"{fid} has no home-visit consent on record; when they agree, record it with "
                    f"`liaison edit {fid} --consent home-visit`.")
    return Result({"contact": res.contact.to_dict(),
                   "followup": res.followup.to_dict() if res.followup else None},
                  lambda: output.echo(_logged_line(res)))


def _logged_line(res) -> str:
    c = res.contact
    what = f"Logged {c.kind} ({c.outcome}) with {c.family_id} on {output.day(c.date)} as {c.id}."
    if res.followup:
        return f"{what} Follow-up {res.followup.id} due {output.day(res.followup.due)}: {output.esc(res.followup.action)}."
    return f"{what} {next_line(res.next_open)}"
