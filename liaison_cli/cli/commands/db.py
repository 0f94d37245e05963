"""db init, db status: the district's PostgreSQL database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...services import district, movein
from ...storage import codec_for
from ..context import STATE
from ..render import output
from ..render.result import Result, use_json
from ..root import group

db_app = group("db", help="Set up and check the district's PostgreSQL database.",
                     no_args_is_help=True)


@db_app.command("init")
def db_init(
    config: Annotated[Path | None, typer.Option("--config", help="A file shaped like config.yaml's sections (schools, calendar, cadence, unreachable, referrals, week_start, timezone, services) to load as the district's settings.", show_default=False)] = None,
) -> Result:
    """Create or upgrade the database's tables, and load the district's settings.

    Safe to run again: a database already at the current version is left as it is.

    Example: liaison db init --config district.yaml
    """

    report = district.init_database(STATE.app(), config)
    return Result({"server": report.server, "schema": report.version,
                   "applied": [f"{v:04d}_{n}" for v, n in report.applied],
                   "settings": report.settings, "services_added": report.services_added,
                   "services_kept": report.services_kept}, lambda: _draw_init(report))


def _draw_init(report) -> None:
    output.echo(f"Database: {report.server}")
    if report.applied:
        for version, name in report.applied:
            output.echo(f"Applied migration {version:04d} ({name}).")
    else:
        output.echo(f"The schema is already at version {report.version}; nothing to apply.")
    if report.settings:
        output.echo(f"Loaded district settings: {', '.join(report.settings)}.")
    for line in report.services_added:
        output.echo(f"Added service {line}.")
    if report.services_kept:
        output.echo(f"Already in the directory: {', '.join(report.services_kept)}.")


@db_app.command("status")
def db_status(
    json: Annotated[bool, typer.Option("--json", help="Print JSON.", callback=use_json)] = False,
) -> Result:
    """Show the database server, its schema version and the migrations still to apply.

    Example: liaison db status
    """

    st = district.database_status(STATE.app())
    return Result({"server": st.server, "schema": st.version, "code": st.code_version,
                   "pending": [f"{v:04d}_{n}" for v, n in st.pending],
                   "settings": st.settings}, lambda: _draw_status(st))


def _draw_status(st) -> None:
    output.echo(f"Server:  {st.server}")
    output.echo(f"Schema:  version {st.version} (this liaison knows {st.code_version})")
    if st.pending:
        output.echo("Pending: " + ", ".join(f"{v:04d} ({n})" for v, n in st.pending)
                    + " — run `liaison db init`")
    elif st.version > st.code_version:
        output.echo("Pending: none; the database is newer than this liaison — upgrade liaison")
    else:
        output.echo("Pending: none")
    output.echo("District settings: " + (", ".join(st.settings) if st.settings else "none "
                                           "(load them with `liaison db init --config district.yaml`)"))


@db_app.command("import-home")
def db_import_home(
    path: Annotated[Path, typer.Argument(help="The liaison's home folder (the one holding `store/`).", show_default=False)],
) -> Result:
    """Move a liaison's own caseload (her JSON store) into the district database, in one go.

    Families, contacts, follow-ups, referrals, events, services, the outbox and the disclosure
    log are copied in one transaction: a record the database refuses leaves it as it was.
    Numbers stay where the district has them free; a family number already in use gets a new
    one, listed here. Running it again adds only what is new in the folder since.

    Example: liaison db import-home ~/.local/share/liaison
    """

    codec = None
    home = movein.source_home(path)
    if movein.is_encrypted(home):

        codec = codec_for(home, STATE.passphrase())
    report = movein.import_home(STATE.app(), home, codec=codec)
    return Result({"source": report.source, "store_id": report.store_id, "target": report.target,
                   "added": report.added, "renumbered": report.renumbered,
                   "already": report.already, "disclosures": report.disclosures,
                   "families_moved": report.families_moved,
                   "services_matched": report.services_matched},
                  lambda: _draw_import_home(report))


def _draw_import_home(report) -> None:
    output.echo(f"From {report.source} (store {report.store_id}) into {report.target}:")
    if report.nothing_new:
        before = ", ".join(f"{n:,} {movein.LABELS[k]}" for k, n in report.already.items() if n)
        output.echo(f"Nothing new: everything in it was imported before ({before or 'no records'}).")
        return
    for kind in movein.KINDS:
        n = report.added.get(kind, 0)
        again = report.already.get(kind, 0)
        if n or again:
            line = f"  {n:,} {movein.LABELS[kind]}"
            if report.renumbered.get(kind):
                line += f" ({report.renumbered[kind]:,} with new numbers)"
            if again:
                line += f"; {again:,} imported before"
            output.echo(line)
    output.echo(f"  {report.disclosures:,} disclosure log entries (the import's own included)")
    if report.services_matched:
        output.echo("Services already in the district's directory (used instead of a copy):")
        for old, new, name in report.services_matched:
            output.echo(f"  {old} → {new}  {name}")
    if report.families_moved:
        output.echo("Family numbers already in use in the district, given new ones:")
        for old, new, name in report.families_moved:
            output.echo(f"  {old} → {new}  {name}")
