"""A family's rights: `liaison forget` (erase a family everywhere) and `liaison audit` (the
disclosure log and its check)."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import CancelledError, NotFoundError, StoreError, UsageError
from ...services import audit as svc
from ...services import families, privacy
from ...storage import is_district
from ..context import STATE
from ..render import output
from ..render.result import Result, show
from ..root import command, group
from .options import JSON_TEXT as JSON

audit_app = group("audit", help="The disclosure log: every letter, export and referral that shared "
                        "family data.", invoke_without_command=True)


@command()
def forget(
    family: Annotated[str, typer.Argument(help="The family (F7 or a name).", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation (for scripts).")] = False,
    why: Annotated[str, typer.Option("--why", help="The reason kept in the log: asked (the family asked; the default), left, retention or mistake. No free text: it could name the family.")] = "asked",
    json: JSON = False,
) -> Result:
    """Erase a family and every record about them: store, backups and exports.

    Contacts, follow-ups, referrals and event invitations go too; other families' records stay
    exactly as they were. The disclosure log keeps only "forgotten F7" and one of four fixed
    reasons. This cannot be undone.

    Example: liaison forget F7 --yes
    """

    privacy.forget_reason(why)  # a wrong reason is refused before the confirmation prompt
    app_ = STATE.app()
    if not yes:
        if not output.is_terminal():
            raise UsageError(f"Add --yes to forget {family} without a terminal to confirm on.")
        try:
            fam = families.show_family(app_, family)
            label = f"{fam.id} ({fam.name})"
        except NotFoundError:
            label = family
        if not typer.confirm(f"Erase {label} and every record about them from the store, every "
                             "backup and the exports? This cannot be undone.", default=False):
            raise CancelledError("Nothing was forgotten.")
    result = privacy.forget_family(app_, family, why=why)
    return Result(result, lambda: _draw_forgotten(result))


def _draw_forgotten(result) -> None:
    # The warning and the notice go with the text, as before (--json prints the result alone).
    parts = [f"{n} {t}" for t, n in sorted(result.removed.items()) if t != "events"]
    if result.removed.get("events"):
        parts.append(f"its place on {result.removed['events']} event list(s)")
    removed = ", ".join(parts) or "nothing left in the store"
    output.echo(f"Forgot {result.family_id}: removed {removed}.")
    output.echo(f"Backups rewritten: {result.backups_rewritten}"
                + (f"; dropped unreadable backups: {', '.join(result.backups_dropped)}" if result.backups_dropped else "")
                + f". Files removed: {len(result.files_removed)}, rewritten: {len(result.files_rewritten)}."
                + (f" Log entries redacted: {result.log_redacted}." if result.log_redacted else ""))
    if result.files_to_check:
        output.warn("These files mention a one-word name of theirs (it may be another word); "
                    "check them by hand: " + ", ".join(output.esc(f) for f in result.files_to_check))
    output.notice("The disclosure log records that the family was forgotten, and nothing about them. "
                  "Copies outside the home folder (printed letters, e-mails, spreadsheets you saved "
                  "elsewhere) must be removed by hand.")


@audit_app.callback()
def audit(
    ctx: typer.Context,
    family: Annotated[str | None, typer.Option("--record", "--family", help="Only entries about this record (F7, R3, …).", show_default=False)] = None,
    what: Annotated[str | None, typer.Option("--what", help="Only entries of this kind (letter, export, referral, forgotten).", show_default=False)] = None,
    json: JSON = False,
) -> Result | None:
    """List the disclosure log: what family data was shared, to whom, why and when.

    An entry written by a command that then failed is marked "did not happen" (`"done": false`
    in --json). `liaison audit verify` checks that no entry was edited or removed.

    Example: liaison audit --family F7
    """
    if ctx.invoked_subcommand is not None:
        return None

    rows = svc.list_entries(STATE.app(), record=family or "", what=what or "")
    return Result(rows, lambda: _draw_entries(rows, filtered=bool(family or what)))


def _draw_entries(rows, filtered: bool) -> None:
    if not rows:
        output.echo("No entries match." if filtered else "The disclosure log is empty.")
        return
    table_rows = []
    for r in rows:
        recs = r["records"] or []
        shown = ", ".join(recs[:6]) + (f" +{len(recs) - 6}" if len(recs) > 6 else "")
        when = str(r["at"] or "").replace("T", " ")[:16]
        what_ = output.esc(r["what"]) if r["done"] else f"{output.esc(r['what'])} (did not happen: the command failed)"
        table_rows.append([str(r["seq"]), when, what_, output.esc(r["to"]),
                           output.esc(r["why"]), shown, output.esc(r["detail"])])
    output.table(["#", ("When (UTC)", {"no_wrap": True}), "What", "To", "Why", "Records", "Detail"],
                 table_rows)


@audit_app.command("verify")
def audit_verify(json: JSON = False) -> Result:
    """Check the disclosure log's hash chain: exits non-zero naming the first edited or missing entry.

    Example: liaison audit verify
    """

    app_ = STATE.app()
    result = svc.verify_log(app_)
    if not result.ok:
        # --json prints what the check found, then the error; the text has only the error. The
        # renderer chosen for the run decides (the text one draws nothing for a Result without draw).
        show(Result(result))
        if is_district(app_.store):
            where = (f"entry {result.line} of the district database's log" if result.line
                     else "the district database's log")
        else:
            where = (f"line {result.line} of {svc.log_path(app_.home)}" if result.line
                     else f"the log of {svc.log_path(app_.home)}")
        raise StoreError(f"The disclosure log fails verification at {where}: {result.problem}; "
                         "keep this copy as evidence and tell whoever oversees data protection.")
    return Result(result, lambda: _draw_intact(result))


def _draw_intact(result) -> None:
    extra = []
    if result.redacted:
        extra.append(f"{result.redacted} redacted by `forget`")
    if result.unconfirmed:
        extra.append(f"{result.unconfirmed} for a change that failed and did not happen")
    output.echo(f"The disclosure log is intact: {result.entries} entries"
                + (f" ({'; '.join(extra)})" if extra else "") + ".")
