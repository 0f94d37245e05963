"""services, service add|edit|remove, refer, referrals, referral update, referral show."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from ...errors import UsageError
from ...services import directory
from ...services import referrals as svc
from ..completion import complete_family
from ..context import STATE
from ..render import output, pager
from ..render.result import Result
from ..root import command, group
from .options import JSON

service_app = group("service", help="The directory of services families are referred to.",
                          no_args_is_help=True)
referral_app = group("referral", help="Follow one referral: move it along, see its history.",
                           no_args_is_help=True)


# --------------------------------------------------------------------------- the directory


@command("services")
def services(
    search: Annotated[str | None, typer.Argument(help="Words to look for in names, organisations and eligibility (accents and case ignored).", show_default=False)] = None,
    category: Annotated[str | None, typer.Option("--category", help="Only this category: tutoring, counselling, food, housing, health, esl, adult-classes, legal, clothing, …", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Only services working in this language (es, ar, …).", show_default=False)] = None,
    json: JSON = False,
) -> Result:
    """List or search the services directory.

    Example: liaison services tutoring --lang es
    """

    rows = svc.list_services(STATE.app(), search, category=category, lang=lang)
    return Result(lambda: [s.to_dict() for s in rows], lambda: _draw_services(rows))


def _draw_services(rows) -> None:
    if not rows:
        output.echo("No service matches. Add one with `liaison service add --name … --category …`.")
        return
    e = output.esc
    category = None
    for s in rows:
        if s.category != category:
            category = s.category
            output.echo(("" if s is rows[0] else "\n") + f"[bold]{e(category)}[/bold]")
        bits = [x for x in (e(s.organisation), e(s.phone), ", ".join(s.languages)) if x]
        output.echo(f"  {s.id:<4} [bold]{e(s.name)}[/bold]" + (" — " + " · ".join(bits) if bits else ""))
        if s.eligibility:
            output.echo(f"       {e(s.eligibility)}")
        if s.address:
            output.echo(f"       {e(s.address)}")
    output.echo("\nRefer a family with `liaison refer FAMILY --service NAME`.")


@service_app.command("add")
def service_add(
    name: Annotated[str, typer.Option("--name", help="The service's name, as you would type it in `refer --service`.")],
    category: Annotated[str, typer.Option("--category", help="tutoring, counselling, food, housing, health, esl, adult-classes, legal, clothing, transport, …")],
    organisation: Annotated[str, typer.Option("--organisation", "--org", help="The partner organisation that runs it.")] = "",
    phone: Annotated[str, typer.Option("--phone")] = "",
    address: Annotated[str, typer.Option("--address")] = "",
    lang: Annotated[list[str] | None, typer.Option("--lang", help="A language it works in (repeat for more).", show_default=False)] = None,
    eligibility: Annotated[str, typer.Option("--eligibility", help="Who can use it, what to bring.")] = "",
    json: JSON = False,
) -> Result:
    """Add a service to the directory.

    Example: liaison service add --name "Homework Club" --category tutoring --organisation "City Library" --lang en --lang es
    """

    s = svc.add_service(STATE.app(), name=name, category=category, organisation=organisation,
                        phone=phone, address=address, languages=lang or [],
                        eligibility=eligibility)
    return Result(s.to_dict(), lambda: output.echo(f"Added {s.id} {output.esc(s.name)} ({s.category})."))


@service_app.command("edit")
def service_edit(
    service: Annotated[str, typer.Argument(help="The service, by id (S4) or name.")],
    name: Annotated[str | None, typer.Option("--name", help="A new name (old referrals keep the name they were made to).", show_default=False)] = None,
    category: Annotated[str | None, typer.Option("--category", show_default=False)] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", "--org", help="The partner organisation (\"\" clears it).", show_default=False)] = None,
    phone: Annotated[str | None, typer.Option("--phone", show_default=False)] = None,
    address: Annotated[str | None, typer.Option("--address", show_default=False)] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="The languages it works in, replacing the list (repeat for more).", show_default=False)] = None,
    eligibility: Annotated[str | None, typer.Option("--eligibility", show_default=False)] = None,
    json: JSON = False,
) -> Result:
    """Change a service in the directory: its name, phone, address, languages, ….

    Example: liaison service edit S4 --phone 617-555-0199 --lang en --lang es --lang ar
    """

    s, changed = directory.edit_service(
        STATE.app(), service, name=name, category=category, languages=lang,
        organisation=organisation, phone=phone, address=address, eligibility=eligibility)
    return Result(s.to_dict(), lambda: output.echo(f"Updated {s.id} {output.esc(s.name)}: {', '.join(changed)}."))


@service_app.command("remove")
def service_remove(
    service: Annotated[str, typer.Argument(help="The service, by id (S4) or name.")],
    force: Annotated[bool, typer.Option("--force", help="Remove it even though families were referred to it.")] = False,
) -> Result:
    """Take a service out of the directory.

    A service that families were referred to stays (exit 4) unless you add --force; its
    referrals keep the name and organisation they were made to either way.

    Example: liaison service remove S4
    """

    res = directory.remove_service(STATE.app(), service, force=force)
    return Result({"service": res.service.to_dict(), "referrals": res.referrals},
                  lambda: _draw_removed(res))


def _draw_removed(res) -> None:
    line = f"Removed {res.service.id} {output.esc(res.service.name)} from the directory."
    if res.referrals:
        line += f" Its {res.referrals} referral{'s' if res.referrals != 1 else ''} keep its name."
    output.echo(line)


# --------------------------------------------------------------------------- referrals


@command()
def refer(
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.", autocompletion=complete_family)],
    service: Annotated[str, typer.Option("--service", help="The service, by name (the start is enough) or id S4; see `liaison services`.")],
    student: Annotated[str | None, typer.Option("--student", help="The student it is for, if one.", show_default=False)] = None,
    note: Annotated[str, typer.Option("--note", help="Why, in a few words.")] = "",
    consent_given: Annotated[bool, typer.Option("--consent-given", help="The family has just agreed to share their details with partner services: record it with today's date.")] = False,
    signpost: Annotated[bool, typer.Option("--signpost", help="Only give the family the service's contact details: nothing is shared, so no consent is needed and nothing is disclosed.")] = False,
    json: JSON = False,
) -> Result:
    """Refer a family to a service, and plan a check on the outcome.

    Needs the family's consent to share their details (`--consent-given` records it). Logs the
    disclosure, and plans a follow-up to check the outcome (10 school days by default).
    With --signpost the family only gets the service's contact details to call themselves: that
    is recorded as a `signpost` contact, with no consent needed and no disclosure.

    Example: liaison refer F3 --service "Homework Club" --student Ana --note "Reading support"
    """

    if signpost:

        if consent_given:
            raise UsageError("--signpost shares nothing with the service; leave out --consent-given.")
        done = directory.signpost(STATE.app(), family, service, student=student, note=note)
        return Result({"contact": done.contact.to_dict(), "service": done.service.to_dict()},
                      lambda: _draw_signposted(done))
    res = svc.refer(STATE.app(), family, service, student=student, note=note,
                    consent_given=consent_given)
    return Result({"referral": res.referral.to_dict(), "followup": res.followup.to_dict(),
                   "consent_recorded": res.consent_recorded}, lambda: _draw_referred(res))


def _draw_signposted(done) -> None:
    output.echo(f"Recorded that {done.contact.family_id} was given the contact details of "
                f"{output.esc(done.service.name)} as {done.contact.id}; nothing was shared.")


def _draw_referred(res) -> None:
    # The consent notice goes with the text (the JSON says it in "consent_recorded"), as before.
    r = res.referral
    if res.consent_recorded:
        output.notice(f"Recorded {r.family_id}'s consent to share with partner services, dated today.")
    to = f"{output.esc(r.service)}" + (f" ({output.esc(r.organisation)})" if r.organisation else "")
    output.echo(f"Referred {r.family_id} to {to} as {r.id}. Outcome check: follow-up "
                f"{res.followup.id} due {output.day(res.followup.due)}.")
    output.echo(f"When you hear back: `liaison referral update {r.id} --status accepted`.")


def _status_cell(status: str) -> str:
    style = {"completed": "green", "declined": "red", "no-response": "red",
             "accepted": "cyan", "in-progress": "cyan"}.get(status)
    return f"[{style}]{status}[/{style}]" if style else status


@command("referrals")
def list_referrals(
    status: Annotated[str | None, typer.Option("--status", help="referred, accepted, in-progress, completed, declined, no-response, or open / closed.", show_default=False)] = None,
    service: Annotated[str | None, typer.Option("--service", help="Only referrals to this service (words of its name).", show_default=False)] = None,
    family: Annotated[str | None, typer.Option("--family", help="Only this family.", autocompletion=complete_family, show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every row, not the first page.")] = False,
    json: JSON = False,
) -> Result:
    """List referrals, newest first.

    Example: liaison referrals --status open
    """

    app_ = STATE.app()
    rows = svc.list_referrals(app_, status=status, service=service, family=family)
    return Result(lambda: [dataclasses.asdict(r) for r in rows],
                  lambda: _draw_referrals(app_, rows, all_))


def _draw_referrals(app_, rows, all_: bool) -> None:
    if not rows:
        output.echo("No referrals match.")
        return
    e = output.esc
    shown = output.page(rows, app_.config.page_size, all_, "referrals")
    iso_today = app_.today.isoformat()
    students = any(r.student for r in shown)
    outcomes = any(r.outcome for r in shown)
    cols = ["ID", "Family", "Service"] + (["For"] if students else []) + ["Referred", "Status", "Check due"]
    cols += ["Outcome"] if outcomes else []
    table_rows = []
    for r in shown:
        check = r.check_due
        if check and check < iso_today:
            check = f"[red]{check}[/red]"
        elif check == iso_today:
            check = f"[yellow]{check}[/yellow]"
        row = [r.id, f"{r.family_id} {e(r.family_name)}", e(r.service)]
        row += [e(r.student)] if students else []
        row += [r.date, _status_cell(r.status), check]
        row += [e(r.outcome)] if outcomes else []
        table_rows.append(row)
    with pager.paged():
        output.table(cols, table_rows, title=f"[bold]Referrals[/bold] ({len(rows)})")
        if any(r.check_due and r.check_due <= iso_today for r in shown):
            output.echo("\nAsk the service how it went, then `liaison referral update ID --status …`.")


@referral_app.command("update")
def referral_update(
    referral: Annotated[str, typer.Argument(help="Referral id (R3).")],
    status: Annotated[str | None, typer.Option("--status", help="accepted, in-progress, completed, declined or no-response.", show_default=False)] = None,
    note: Annotated[str, typer.Option("--note", help="What you heard, in a few words.")] = "",
    outcome: Annotated[str, typer.Option("--outcome", help="What came of it, for the report.")] = "",
    json: JSON = False,
) -> Result:
    """Move a referral along (referred → accepted → in-progress → completed | declined | no-response).

    Every change lands on the family's timeline; closing a referral closes its outcome check.

    Example: liaison referral update R3 --status completed --outcome "Reading up one level"
    """

    res = svc.update_referral(STATE.app(), referral, status=status, note=note, outcome=outcome)
    return Result({"referral": res.referral.to_dict(), "closed_followups": res.closed_followups},
                  lambda: _draw_updated(res))


def _draw_updated(res) -> None:
    r = res.referral
    line = f"{r.id} ({r.family_id}, {output.esc(r.service)}) is {r.status}."
    if res.closed_followups:
        ids = ", ".join(str(i) for i in res.closed_followups)
        line += f" Closed its outcome check (follow-up {ids})."
    output.echo(line)


@referral_app.command("show")
def referral_show(
    referral: Annotated[str, typer.Argument(help="Referral id (R3).")],
    json: JSON = False,
) -> Result:
    """Show one referral with its history and outcome check.

    Example: liaison referral show R3
    """

    d = svc.show_referral(STATE.app(), referral)
    return Result(d.to_dict, lambda: _draw_referral(d))  # data: built only for --json


def _draw_referral(d) -> None:
    r, e = d.referral, output.esc
    output.echo(f"[bold]{r.id}[/bold] {r.family_id} {e(d.family_name)} → {e(r.service)}"
                + (f" ({e(r.organisation)})" if r.organisation else ""))
    output.echo(f"  Status:   {_status_cell(r.status)}" + (f" — {e(r.outcome)}" if r.outcome else ""))
    output.echo(f"  Referred: {output.day(r.date)}" + (f", for {e(r.student)}" if r.student else ""))
    if r.note:
        output.echo(f"  Note:     {e(r.note)}")
    if d.service and d.service.phone:
        output.echo(f"  Service:  {e(d.service.phone)}" + (f", {e(d.service.address)}" if d.service.address else ""))
    if d.followup:
        state = f"due {output.day(d.followup.due)}" if d.followup.status == "open" else d.followup.status
        output.echo(f"  Check:    follow-up {d.followup.id}, {state}")
    output.echo("")
    output.table(["Date", "Status", "Note"],
                 [[output.day(h["date"]), h["status"], e(h.get("note", ""))] for h in r.history],
                 title="History")
    if d.next_statuses:
        output.echo(f"\nNext: `liaison referral update {r.id} --status {d.next_statuses[0]}` "
                    f"(or {', '.join(d.next_statuses[1:])}).")
