"""init, paths, restore: the home folder, its config and the store's backups."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import UsageError
from ...services import setup
from ..context import STATE
from ..render import output
from ..render.result import Result, use_json
from ..root import command


@command()
def init(
    sample: Annotated[bool, typer.Option("--sample", help="Also load a made-up caseload of about 40 families to try things on.")] = False,
    families: Annotated[int | None, typer.Option("--families", min=1, max=100000, help="With --sample: generate this many families instead (for trying big caseloads).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="With --sample: replace an existing store (its backups are kept).")] = False,
) -> Result:
    """Create config.yaml and an empty store in the home folder.

    Example: liaison init --sample
    """

    result = setup.init_home(STATE.home, STATE.today, sample=sample, families=families, force=force,
                             database_url=STATE.database_url)
    return Result({"home": str(result.home), "config": str(result.config),
                   "wrote_config": result.wrote_config, "loaded": result.loaded},
                  lambda: _draw_init(result))


def _draw_init(result) -> None:
    output.echo(f"Home folder: {result.home}")
    output.echo(("Wrote " if result.wrote_config else "Kept ") + f"{result.config}")
    if result.loaded:
        output.echo(f"Loaded the sample caseload: {result.loaded}.")
        output.echo("Next: `liaison today` for the day at a glance, `liaison families` for everyone.")
    else:
        output.echo("Next: edit config.yaml with your schools, then `liaison add-family`.")


@command()
def paths(
    json: Annotated[bool, typer.Option("--json", help="Print JSON.", callback=use_json)] = False,
) -> Result:
    """Show where the config, store, backups and templates are.

    Example: liaison paths
    """

    info = setup.paths(STATE.home)
    return Result(info, lambda: _draw_paths(info))


def _draw_paths(info: dict[str, str]) -> None:
    width = max(len(k) for k in info)
    for k, v in info.items():
        output.echo(f"{k.replace('_', ' '):<{width}}  {v}")


@command()
def restore(
    backup: Annotated[str | None, typer.Argument(help="The backup to bring back (see --list).", show_default=False)] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the backups, newest first.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    json: Annotated[bool, typer.Option("--json", help="With --list: print JSON.", callback=use_json)] = False,
) -> Result:
    """Bring the store back to how it was before one of the last 10 changes.

    The current state is itself backed up first, so a restore can be undone.

    Example: liaison restore --list, then liaison restore 2026-11-20T15-02-11.123456
    """

    app_ = STATE.app()
    setup.require_folder_store(app_, "restore")
    if list_ or backup is None:
        rows = setup.list_backups(app_)
        return Result(rows, lambda: _draw_backups(rows))
    if not yes:
        if not output.is_terminal():

            raise UsageError("Add --yes to restore without a terminal to confirm on.")
        typer.confirm(f"Replace the store with backup {backup}?", abort=True)
    setup.restore_backup(app_, backup)
    use_json(False)  # --json goes with --list: what a restore did is said in words, as before
    return Result({"restored": backup}, lambda: output.echo(
        f"Restored {backup}. The state before the restore is the newest backup."))


def _draw_backups(rows) -> None:
    if not rows:
        output.echo("No backups yet: one is made before every change.")
        return
    output.table(["Backup", "Taken (UTC)", "Families", "Follow-ups open"],
                 [[r["name"], r["taken"],
                   "damaged" if r["damaged"] else str(r["families"]),
                   "" if r["damaged"] else str(r["open_followups"])] for r in rows])
    output.notice("Restore one with `liaison restore NAME`.")
