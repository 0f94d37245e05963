"""db init, db status: the district's PostgreSQL database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import output
from .context import STATE
from .root import app

db_app = typer.Typer(help="Set up and check the district's PostgreSQL database.",
                     no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("init")
def db_init(
    config: Annotated[Path | None, typer.Option("--config", help="A file shaped like config.yaml's sections (schools, calendar, cadence, unreachable, referrals, week_start, timezone, services) to load as the district's settings.", show_default=False)] = None,
) -> None:
    """Create or upgrade the database's tables, and load the district's settings.

    Safe to run again: a database already at the current version is left as it is.

    Example: liaison db init --config district.yaml
    """
    from ..services import district

    report = district.init_database(STATE.app(), config)
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
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the database server, its schema version and the migrations still to apply.

    Example: liaison db status
    """
    from ..services import district

    st = district.database_status(STATE.app())
    if json:
        output.print_json({"server": st.server, "schema": st.version, "code": st.code_version,
                           "pending": [f"{v:04d}_{n}" for v, n in st.pending],
                           "settings": st.settings})
        return
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
