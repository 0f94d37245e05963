"""import, export, forget, audit, encrypt, decrypt: data in and out, and a family's rights."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import output
from .context import STATE
from .root import app

JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
DRY_RUN = Annotated[bool, typer.Option("--dry-run", help="Show what would change; change nothing.")]
TO = Annotated[str, typer.Option("--to", help="Who the data is for (kept in the disclosure log).")]
WHY = Annotated[str, typer.Option("--why", help="Why it is shared (kept in the disclosure log).")]

import_app = typer.Typer(help="Bring families in from the student information system or a spreadsheet.",
                         no_args_is_help=True)
export_app = typer.Typer(help="Write families, contacts, follow-ups, referrals or events out for a "
                         "spreadsheet, a calendar or a parent.", no_args_is_help=True)
audit_app = typer.Typer(help="The disclosure log: every letter, export and referral that shared "
                        "family data.", invoke_without_command=True)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
app.add_typer(audit_app, name="audit")


# --------------------------------------------------------------------------- import


def _print_plan(plan, json: bool, dry_run: bool) -> None:
    if json:
        data = plan.summary()
        data["changes"] = (
            [{"action": "add", "family_id": c.family_id, "name": c.name, "line": c.line or None,
              "changes": c.changes} for c in plan.new]
            + [{"action": "update", "family_id": c.family_id, "name": c.name, "changes": c.changes}
               for c in plan.updated]
            + [{"action": "skip", "family_id": c.family_id or None, "name": c.name,
                "line": c.line or None, "changes": c.changes} for c in plan.skipped])
        output.print_json(data)
        return
    verb = "Would add" if dry_run else "Added"
    for c in plan.new:
        where = f"line {c.line}: " if c.line else ""
        ident = f"{c.family_id} " if c.family_id else ""
        output.echo(f"{verb} {where}{ident}{output.esc(c.name)} ({output.esc('; '.join(c.changes))})")
    verb = "Would update" if dry_run else "Updated"
    for c in plan.updated:
        output.echo(f"{verb} {c.family_id} {output.esc(c.name)}:")
        for line in c.changes:
            output.echo(f"  - {output.esc(line)}")
    for c in plan.skipped:
        where = f"line {c.line}: " if c.line else ""
        output.echo(f"Skipped {where}{output.esc(c.name)} ({output.esc('; '.join(c.changes))})")
    for w in plan.warnings:
        output.warn(output.esc(w))
    total = (f"{len(plan.new)} new, {len(plan.updated)} updated, {plan.unchanged} unchanged"
             + (f", {len(plan.skipped)} skipped as duplicates" if plan.skipped else ""))
    if dry_run:
        output.notice(f"Dry run: {total}. Nothing was changed; run again without --dry-run to import.")
    else:
        output.notice(f"Imported: {total}.")


@import_app.command("oneroster")
def import_oneroster(
    export: Annotated[Path, typer.Argument(help="The OneRoster 1.1/1.2 CSV export: the zip the student information system gives, or the folder holding users.csv (orgs.csv, demographics.csv, manifest.csv).", show_default=False)],
    dry_run: DRY_RUN = False,
    school: Annotated[list[str] | None, typer.Option("--school", help="Import only students at this school (its short code or name in config.yaml) and their guardians. Repeatable.", show_default=False)] = None,
    lang_column: Annotated[str | None, typer.Option("--lang-column", help="The district's column holding the home language (default: metadata.language and similar).", show_default=False)] = None,
    json: JSON = False,
) -> None:
    """Import students and their guardians from a OneRoster CSV export (a zip or a folder).

    Siblings who share a guardian become one household. Importing again updates names, phones,
    emails, grades, schools and languages, and keeps your notes, tags, contacts and follow-ups.
    manifest.csv says whether the export is bulk (the whole roster: anyone it no longer lists
    leaves the family) or delta (only changes: its rows add or update people, tobedeleted
    removes them, anyone it leaves out stays as they are). Households with no guardian and
    students at schools not in config.yaml are counted in a warning. A malformed row stops the
    import with its file and line; nothing is half-imported.

    Example: liaison import oneroster ./roster-2026-11.zip --school LIN --dry-run
    """
    from ..services.imports import oneroster

    plan = oneroster.import_oneroster(STATE.app(), export, dry_run=dry_run, lang_column=lang_column,
                                      schools=school or [])
    _print_plan(plan, json, dry_run)


@import_app.command("csv")
def import_csv(
    file: Annotated[Path, typer.Argument(help="A spreadsheet saved as CSV (UTF-8), one family per row.", show_default=False)],
    map_: Annotated[list[str] | None, typer.Option("--map", help="FIELD=COLUMN, e.g. name=Family or phone=\"Phone 1\". Fields: name, guardian, relationship, phone, email, lang, interpreter, student, grade, school, teacher (add 2–99 for more people; `export csv families` columns like guardian_2_phone are read as they are), students, home_lang, address, tags, barriers, notes, arrival. Repeatable.", show_default=False)] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="A YAML file of `field: Column` lines, the same fields as --map.", show_default=False)] = None,
    delimiter: Annotated[str | None, typer.Option("--delimiter", help="The cell separator (default: guessed from , ; or tab).", show_default=False)] = None,
    dry_run: DRY_RUN = False,
    json: JSON = False,
) -> None:
    """Import families from a CSV file, skipping ones already on record.

    A row is a duplicate when its family name matches (accents and case ignored) and so does a
    phone number. Columns named like the fields are mapped without --map, and a file written by
    `export csv families` imports back as it was. Every column left unread is named in a
    warning with how many rows had a value in it.

    Example: liaison import csv families.csv --map name=Family --map phone="Phone 1" --dry-run
    """
    from ..errors import UsageError
    from ..services import imports

    if delimiter is not None and len(delimiter) != 1:
        if delimiter.lower() in ("tab", "\\t"):
            delimiter = "\t"
        else:
            raise UsageError("--delimiter must be one character, like ; or tab.")
    cols = imports.parse_mapping(map_ or [], mapping)
    plan = imports.import_csv(STATE.app(), file, mapping=cols, dry_run=dry_run, delimiter=delimiter)
    _print_plan(plan, json, dry_run)


# --------------------------------------------------------------------------- export


def _write_out(result, out: Path | None) -> None:
    if out is None:
        import sys

        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
        return
    output.notice(f"Wrote {result.count} {result.what.split(' as ')[0] if ' as ' in result.what else 'entries'} "
                  f"to {output.esc(out)}.")


def _export(table: str, fmt: str, out, family, status, to, why) -> None:
    from ..services import exports

    result = exports.export_table(STATE.app(), table, fmt, out=out, family=family, status=status or "",
                                  to_whom=to, why=why)
    _write_out(result, out)


WHAT = Annotated[str, typer.Argument(help="families, contacts, followups, referrals or events.", show_default=False)]
OUT_FILE = Annotated[Path | None, typer.Option("--out", help="Write to this file (mode 0600) instead of the screen.", show_default=False)]
FAMILY = Annotated[str | None, typer.Option("--family", help="Only this family's records.", show_default=False)]
STATUS = Annotated[str | None, typer.Option("--status", help="Only records with this status (open, done, active, closed, referred, …).", show_default=False)]


def _table_name(what: str) -> str:
    from ..errors import UsageError

    t = what.strip().lower().replace("-", "")
    t = {"family": "families", "contact": "contacts", "followup": "followups",
         "referral": "referrals", "event": "events"}.get(t, t)
    if t not in ("families", "contacts", "followups", "referrals", "events"):
        raise UsageError(f"Export {what!r}? Use families, contacts, followups, referrals or events "
                         "(and `export family F7` for everything about one family).")
    return t


@export_app.command("csv")
def export_csv(what: WHAT, out: OUT_FILE = None, family: FAMILY = None, status: STATUS = None,
               to: TO = "", why: WHY = "") -> None:
    """Export records as CSV for a spreadsheet (UTF-8; formulas neutralised, phone numbers kept).

    A file written with --out starts with a byte-order mark so Excel reads every script; the
    screen or a pipe gets none.

    Example: liaison export csv families --out families.csv --to "principal" --why "grant report"
    """
    _export(_table_name(what), "csv", out, family, status, to, why)


@export_app.command("json")
def export_json(what: WHAT, out: OUT_FILE = None, family: FAMILY = None, status: STATUS = None,
                to: TO = "", why: WHY = "") -> None:
    """Export records as a JSON array.

    Example: liaison export json followups --status open --out followups.json
    """
    _export(_table_name(what), "json", out, family, status, to, why)


@export_app.command("ics")
def export_ics(
    out: OUT_FILE = None,
    family: FAMILY = None,
    followups: Annotated[bool, typer.Option("--followups/--no-followups", help="Include open follow-ups (all-day, on their due date).")] = True,
    events: Annotated[bool, typer.Option("--events/--no-events", help="Include events (timed when a time was recorded).")] = True,
    past: Annotated[bool, typer.Option("--past", help="Also include events that are over.")] = False,
    ids_only: Annotated[bool, typer.Option("--ids-only", help="Name families by id only (for a calendar synced to a phone or the cloud).")] = False,
    to: TO = "", why: WHY = "",
) -> None:
    """Export open follow-ups and upcoming events as an iCalendar (.ics) file.

    Entries keep the same UID on every export (with this store's own id in it), so importing a
    newer file updates your calendar instead of adding copies, and another liaison's feed never
    collides with yours. Timed events are in `timezone:` from config.yaml (this computer's zone
    when it is empty).

    Example: liaison export ics --out liaison.ics
    """
    from ..services import exports

    result = exports.export_ics(STATE.app(), followups=followups, events=events, family=family,
                                names=not ids_only, past_events=past, out=out, to_whom=to, why=why)
    _write_out(result, out)
    if result.left_out:
        from ..dates import RANGE

        n = result.left_out
        output.warn(f"Left out {n} follow-up{'s' if n != 1 else ''} or event{'s' if n != 1 else ''} "
                    f"whose date is missing or not from {RANGE}; give "
                    f"{'them' if n != 1 else 'it'} a real date (`liaison snooze ID WHEN` for a follow-up) "
                    "and export again.")


@export_app.command("family")
def export_family(
    family: Annotated[str, typer.Argument(help="The family (F7 or a name).", show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", help="The folder to write into (default: exports/ in the home folder).", show_default=False)] = None,
    to: TO = "", why: WHY = "",
    json: JSON = False,
) -> None:
    """Export everything held about one family, for a parent to read (Markdown and JSON).

    The export is recorded in the disclosure log.

    Example: liaison export family F7
    """
    from ..services import privacy

    result = privacy.export_family(STATE.app(), family, out=out, to_whom=to, why=why)
    if json:
        output.print_json({"family_id": result.family_id, "folder": str(result.folder),
                           "files": [str(p) for p in result.files]})
        return
    output.echo(f"Wrote everything held about {result.family_id} to {output.esc(result.folder)}:")
    for p in result.files:
        output.echo(f"  {output.esc(p.name)}")
    output.notice("The export is in the disclosure log (`liaison audit`). Give the parent the .md "
                  "file; the .json holds the same records for computers.")


# --------------------------------------------------------------------------- forget


@app.command()
def forget(
    family: Annotated[str, typer.Argument(help="The family (F7 or a name).", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation (for scripts).")] = False,
    why: Annotated[str, typer.Option("--why", help="The reason kept in the log: asked (the family asked; the default), left, retention or mistake. No free text: it could name the family.")] = "asked",
    json: JSON = False,
) -> None:
    """Erase a family and every record about them: store, backups and exports.

    Contacts, follow-ups, referrals and event invitations go too; other families' records stay
    exactly as they were. The disclosure log keeps only "forgotten F7" and one of four fixed
    reasons. This cannot be undone.

    Example: liaison forget F7 --yes
    """
    from ..errors import CancelledError, NotFoundError, UsageError
    from ..services import families, privacy

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
    if json:
        output.print_json(result)
        return
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


# --------------------------------------------------------------------------- audit


@audit_app.callback()
def audit(
    ctx: typer.Context,
    family: Annotated[str | None, typer.Option("--record", "--family", help="Only entries about this record (F7, R3, …).", show_default=False)] = None,
    what: Annotated[str | None, typer.Option("--what", help="Only entries of this kind (letter, export, referral, forgotten).", show_default=False)] = None,
    json: JSON = False,
) -> None:
    """List the disclosure log: what family data was shared, to whom, why and when.

    An entry written by a command that then failed is marked "did not happen" (`"done": false`
    in --json). `liaison audit verify` checks that no entry was edited or removed.

    Example: liaison audit --family F7
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..services import audit as svc

    rows = svc.list_entries(STATE.app(), record=family or "", what=what or "")
    if json:
        output.print_json(rows)
        return
    if not rows:
        output.echo("The disclosure log is empty." if not (family or what) else "No entries match.")
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
def audit_verify(json: JSON = False) -> None:
    """Check the disclosure log's hash chain: exits non-zero naming the first edited or missing entry.

    Example: liaison audit verify
    """
    from ..errors import StoreError
    from ..services import audit as svc

    app_ = STATE.app()
    result = svc.verify_log(app_)
    if json:
        output.print_json(result)
    if not result.ok:
        from ..storage import is_district

        if is_district(app_.store):
            where = (f"entry {result.line} of the district database's log" if result.line
                     else "the district database's log")
        else:
            where = (f"line {result.line} of {svc.log_path(app_.home)}" if result.line
                     else f"the log of {svc.log_path(app_.home)}")
        raise StoreError(f"The disclosure log fails verification at {where}: {result.problem}; "
                         "keep this copy as evidence and tell whoever oversees data protection.")
    if not json:
        extra = []
        if result.redacted:
            extra.append(f"{result.redacted} redacted by `forget`")
        if result.unconfirmed:
            extra.append(f"{result.unconfirmed} for a change that failed and did not happen")
        output.echo(f"The disclosure log is intact: {result.entries} entries"
                    + (f" ({'; '.join(extra)})" if extra else "") + ".")


# --------------------------------------------------------------------------- encryption


@app.command()
def encrypt() -> None:
    """Encrypt the store and its backups with a passphrase (needs `pip install 'liaison[crypto]'`).

    The passphrase comes from LIAISON_PASSPHRASE or is asked twice on a terminal; every later
    command needs it. An interrupted run leaves a store that opens with the passphrase, and
    every command warns until `liaison encrypt` is run again: it encrypts what was left plain.

    Example: liaison encrypt
    """
    from ..crypto import require_backend
    from ..errors import CryptoError
    from ..services import privacy, setup

    require_backend()  # the missing-package message before any prompt
    app_ = STATE.app()
    setup.require_folder_store(app_, "encrypt")
    if STATE.store_encrypted():
        passphrase = ""
    else:
        try:
            passphrase = STATE.passphrase(confirm=True)
        except CryptoError:
            raise CryptoError("Choose a passphrase: set LIAISON_PASSPHRASE, or run `liaison "
                              "encrypt` on a terminal to be asked.") from None
    result = privacy.encrypt_store(app_, passphrase)
    if result.already:
        if result.store_files or result.backup_files:
            output.echo("The store was already encrypted; finished an interrupted run: encrypted "
                        f"{result.store_files} store file(s) and {result.backup_files} backup "
                        "file(s) left plain.")
        else:
            output.echo("The store was already encrypted; nothing was left plain.")
    else:
        output.echo(f"Encrypted {result.store_files} store files and {result.backup_files} backup files.")
        output.notice("Keep the passphrase safe: without it nobody, you included, can read the "
                      "records. Set LIAISON_PASSPHRASE or you will be asked on each command.")
    for note in result.notes:
        output.warn(note)
    exports = app_.home / "exports"
    if exports.is_dir() and any(p.is_file() for p in exports.rglob("*")):
        output.warn("Files in the exports folder are not encrypted; delete the ones you no longer need.")


@app.command()
def decrypt() -> None:
    """Write the store and its backups unencrypted again (asks for the passphrase).

    Run it again after an interrupted run: it decrypts the backups that were left encrypted.

    On a terminal the passphrase is asked without echoing it. A script sets LIAISON_PASSPHRASE
    from a file only you can read, so it never appears on a command line or in the shell
    history: export LIAISON_PASSPHRASE="$(cat ~/.liaison-passphrase)"

    Example: liaison decrypt
    """
    from ..errors import CryptoError
    from ..services import privacy, setup

    app_ = STATE.app()
    setup.require_folder_store(app_, "decrypt")
    passphrase = ""
    if privacy.decrypt_unfinished(app_):
        try:
            passphrase = STATE.passphrase()
        except CryptoError:
            raise CryptoError("An interrupted `liaison decrypt` left backups encrypted; set "
                              "LIAISON_PASSPHRASE or run it on a terminal to be asked, to finish "
                              "it.") from None
    result = privacy.decrypt_store(app_, passphrase)
    if result.already and not (result.store_files or result.backup_files):
        output.echo("The store is already decrypted (0 store files left encrypted); nothing to do.")
    elif result.already:
        output.echo("The store was already decrypted; finished an interrupted run: decrypted "
                    f"{result.store_files} store file(s) and {result.backup_files} backup "
                    "file(s) left encrypted.")
    else:
        output.echo(f"Decrypted {result.store_files} store files and {result.backup_files} backup files.")
    for note in result.notes:
        output.warn(note)
