"""`liaison import`: families from the student information system (OneRoster) or a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...errors import UsageError
from ...services import imports
from ...services.imports import oneroster
from ..context import STATE
from ..render import output
from ..render.result import Result
from ..root import group
from .options import DRY_RUN
from .options import JSON_TEXT as JSON

import_app = group("import", help="Bring families in from the student information system or a spreadsheet.",
                         no_args_is_help=True)


def plan_result(plan, dry_run: bool) -> Result:
    """What an import did (or, with --dry-run, would do): every change, then the totals."""
    return Result(lambda: _plan_data(plan), lambda: _draw_plan(plan, dry_run))


def _plan_data(plan) -> dict:
    data = plan.summary()
    data["changes"] = (
        [{"action": "add", "family_id": c.family_id, "name": c.name, "line": c.line or None,
          "changes": c.changes} for c in plan.new]
        + [{"action": "update", "family_id": c.family_id, "name": c.name, "changes": c.changes}
           for c in plan.updated]
        + [{"action": "skip", "family_id": c.family_id or None, "name": c.name,
            "line": c.line or None, "changes": c.changes} for c in plan.skipped])
    return data


def _draw_plan(plan, dry_run: bool) -> None:
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
) -> Result:
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

    plan = oneroster.import_oneroster(STATE.app(), export, dry_run=dry_run, lang_column=lang_column,
                                      schools=school or [])
    return plan_result(plan, dry_run)


@import_app.command("csv")
def import_csv(
    file: Annotated[Path, typer.Argument(help="A spreadsheet saved as CSV (UTF-8), one family per row.", show_default=False)],
    map_: Annotated[list[str] | None, typer.Option("--map", help="FIELD=COLUMN, e.g. name=Family or phone=\"Phone 1\". Fields: name, guardian, relationship, phone, email, lang, interpreter, student, grade, school, teacher (add 2–99 for more people; `export csv families` columns like guardian_2_phone are read as they are), students, home_lang, address, tags, barriers, notes, arrival. Repeatable.", show_default=False)] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="A YAML file of `field: Column` lines, the same fields as --map.", show_default=False)] = None,
    delimiter: Annotated[str | None, typer.Option("--delimiter", help="The cell separator (default: guessed from , ; or tab).", show_default=False)] = None,
    dry_run: DRY_RUN = False,
    json: JSON = False,
) -> Result:
    """Import families from a CSV file, skipping ones already on record.

    A row is a duplicate when its family name matches (accents and case ignored) and so does a
    phone number. Columns named like the fields are mapped without --map, and a file written by
    `export csv families` imports back as it was. Every column left unread is named in a
    warning with how many rows had a value in it.

    Example: liaison import csv families.csv --map name=Family --map phone="Phone 1" --dry-run
    """

    if delimiter is not None and len(delimiter) != 1:
        if delimiter.lower() in ("tab", "\\t"):
            delimiter = "\t"
        else:
            raise UsageError("--delimiter must be one character, like ; or tab.")
    cols = imports.parse_mapping(map_ or [], mapping)
    plan = imports.import_csv(STATE.app(), file, mapping=cols, dry_run=dry_run, delimiter=delimiter)
    return plan_result(plan, dry_run)
