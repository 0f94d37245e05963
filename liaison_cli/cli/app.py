"""The Typer application every command module registers on."""

from __future__ import annotations

from typing import Annotated

import typer

from .context import STATE

HELP = """A caseload tool for home-school liaison officers.

Log calls and visits, keep every follow-up you promised, and write to families in their own
language. Start with `liaison init --sample` to try it on a made-up caseload, then
`liaison today`.
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def version_callback(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"liaison {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    home: Annotated[str | None, typer.Option(
        "--home", help="Folder holding config.yaml, the store and backups (default: LIAISON_HOME, "
        "then your user data folder).", show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=version_callback, is_eager=True, help="Show the version.")] = False,
) -> None:
    STATE.home_option = home
    STATE.debug = debug
    if ctx.invoked_subcommand is None:
        from .output import is_terminal

        if is_terminal():
            from .followups import today_screen

            today_screen()
        else:
            print(ctx.get_help())
