"""email, outbox, inbox: letters sent through the district's mail server, replies read back."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ...errors import ConfigError, LiaisonError, UsageError
from ...services.mail import inbox as inbox_svc
from ...services.mail import outbox as svc
from ...services.mail import transport
from .. import mailpass
from ..context import STATE
from ..render import output
from ..render.letters import print_sent
from ..render.result import Result, show, use_json
from ..root import command, group

email_app = group("email", help="Set up and check sending letters by email (config.yaml `email:`).",
                        no_args_is_help=True)
outbox_app = group("outbox", help="List email messages waiting to be sent (queued, unconfirmed) or refused by the server.",
                         invoke_without_command=True)

JSON = Annotated[bool, typer.Option("--json", help="Print JSON.", callback=use_json)]


@email_app.command("test")
def email_test(
    json: JSON = False,
) -> Result:
    """Connect to the mail servers, log in, and say what works (SMTP and IMAP each).

    Sends nothing and records nothing. Passwords: LIAISON_SMTP_PASSWORD /
    LIAISON_IMAP_PASSWORD, the system keyring (`liaison email password`), or a prompt.

    Example: liaison email test
    """
    app_ = STATE.app()
    rows = []
    for kind in ("smtp", "imap"):
        try:
            pw = mailpass.for_app(app_, kind)
            row = _check(app_, kind, pw)
        except LiaisonError as exc:
            row = {"server": kind, "ok": False, "message": str(exc)}
        rows.append(row)
    result = Result(rows, lambda: _draw_checks(rows))
    if not all(r["ok"] for r in rows):
        show(result)  # what works and what does not, then the exit code that says so
        raise typer.Exit(11)
    return result


def _draw_checks(rows) -> None:
    for r in rows:
        mark = "ok" if r["ok"] else "NOT WORKING"
        output.echo(f"{r['server'].upper()}: {mark} — {output.esc(r['message'])}")


def _check(app_, kind: str, pw: str) -> dict:
    server = svc.settings(app_, pw, imap=(kind == "imap"))
    if kind == "smtp":
        svc.sender(app_)
        conn = transport.Outgoing(server).open()
        conn.close()
        what = f"connected to {server.where} ({server.security}) and logged in as {server.username}"
        if conn.size_limit:
            what += f"; messages up to {conn.size_limit // 1024} KiB"
    else:
        folder = app_.config.email.imap_folder
        conn = transport.Incoming(server, folder).open()
        count = len(conn.uids())
        conn.close()
        what = (f"connected to {server.where} ({server.security}), logged in as {server.username}, "
                f"folder {folder} holds {count} message{'s' if count != 1 else ''}")
    return {"server": kind, "ok": True, "message": what + "."}


@email_app.command("password")
def email_password(
    smtp: Annotated[bool, typer.Option("--smtp", help="The password for sending (SMTP).")] = False,
    imap: Annotated[bool, typer.Option("--imap", help="The password for reading replies (IMAP).")] = False,
) -> Result:
    """Keep a mail password in the system keyring (asked on the terminal, never an argument).

    Example: liaison email password --smtp
    """
    if smtp == imap:
        raise UsageError("Choose one: --smtp (sending) or --imap (reading replies).")
    kind = "smtp" if smtp else "imap"
    app_ = STATE.app()
    em = app_.config.email
    host = em.smtp_host if smtp else em.imap_host
    user = em.username or app_.config.liaison.email
    if not host or not user:
        raise ConfigError(f"Set email.{kind}_host and liaison.email (or email.username) in "
                          "config.yaml first.")
    if not sys.stdin.isatty():
        raise UsageError("Run this on a terminal: the password is asked, never passed as an "
                         "argument.")
    pw = typer.prompt(f"{kind.upper()} password for {user} at {host}", hide_input=True)
    if not mailpass.store_in_keyring(kind, user, host, pw):
        raise ConfigError(f"This system has no usable keyring; set {mailpass.ENV[kind]} in the "
                          "environment instead.")
    return Result({"server": kind, "user": user, "host": host}, lambda: output.echo(
        f"Kept the {kind.upper()} password for {output.esc(user)} in the system keyring."))


# --------------------------------------------------------------------------- outbox


@outbox_app.callback()
def outbox(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Sent messages too.")] = False,
    json: JSON = False,
) -> Result | None:
    """List email messages waiting to be sent (queued, unconfirmed) or refused by the server.

    A queued message was deferred (4xx) or the connection was lost: `liaison outbox retry`
    sends it. A refused one (5xx) marked the guardian's address bad. An unconfirmed one was
    being sent when liaison was stopped: check your Sent folder before
    `liaison outbox retry --unconfirmed`.

    Example: liaison outbox
    """
    if ctx.invoked_subcommand is not None:
        return None  # (`outbox retry` has a --json of its own, which chooses for it)

    rows = svc.list_outbox(STATE.app(), everything=all_)
    return Result(rows, lambda: _draw_outbox(rows))


def _draw_outbox(rows) -> None:
    if not rows:
        output.echo("The outbox is empty: every message was sent.")
        return
    output.table(["#", "Family", "To", "Letter", "Status", "Tries", "Reason"],
                 [[str(r["id"]), r["family_id"], output.esc(r["address"]),
                   f"{r['template']} ({r['lang']})", r["status"], str(r["attempts"]),
                   output.esc(r["reason"])] for r in rows])
    if any(r["status"] == "queued" for r in rows):
        output.notice("Send the queued ones: `liaison outbox retry`.")


@outbox_app.command("retry")
def outbox_retry(
    ids: Annotated[list[int] | None, typer.Argument(help="Only these messages (numbers from `liaison outbox`).", show_default=False)] = None,
    unconfirmed: Annotated[bool, typer.Option("--unconfirmed", help="Also send those a stopped run may or may not have sent.")] = False,
    json: JSON = False,
) -> Result:
    """Send the queued email messages again.

    Example: liaison outbox retry
    """
    app_ = STATE.app()
    pw = mailpass.for_app(app_, "smtp")
    with output.progress("Sending") as progress:
        report = svc.retry(app_, password=pw, ids=list(ids or []), unconfirmed=unconfirmed,
                           progress=progress)
    return Result(report.to_dict(), lambda: _draw_retried(report))


def _draw_retried(report) -> None:
    if not (report.sent or report.queued or report.refused or report.failed):
        output.echo("Nothing waits in the outbox.")
        return
    print_sent(report)


# --------------------------------------------------------------------------- inbox


@command("inbox")
def inbox(
    json: JSON = False,
) -> Result:
    """Read replies from the mail folder into each family's timeline, with a follow-up to answer.

    A reply to a letter liaison sent (or from a guardian's address) becomes an email contact
    from the family — its subject and first lines, nothing else — and a follow-up "Answer …'s
    email" due the next school day. Bounces mark the address bad. Messages that match no family
    are listed, not recorded. Each message is handled once; nothing is marked read or moved.

    Example: liaison inbox
    """
    app_ = STATE.app()
    report = inbox_svc.read_inbox(app_, password=mailpass.for_app(app_, "imap"))
    return Result(report.to_dict(), lambda: _draw_inbox(report))


def _draw_inbox(report) -> None:
    for r in report.replies:
        output.echo(f"Reply from {r['family_id']}: logged {r['contact_id']}, follow-up "
                    f"{r['followup_id']} due {r['due']} ({output.esc(r['subject'])}).")
    for b in report.bounces:
        output.echo(f"Bounce: marked the email of {', '.join(b['family_ids'])} bad.")
    for u in report.unmatched:
        output.echo(f"Not matched: from {output.esc(u['from'])} \"{output.esc(u['subject'])}\" "
                    f"— {u['why']}.")
    output.echo(f"{len(report.replies)} repl{'y' if len(report.replies) == 1 else 'ies'}, "
                f"{len(report.bounces)} bounce{'s' if len(report.bounces) != 1 else ''}, "
                f"{len(report.unmatched)} not matched, {report.already} read before.")
