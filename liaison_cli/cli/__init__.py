"""The command line: thin Typer commands that parse, call one service and print.

Errors become exit codes in one place (failures.py, used by app.LiaisonGroup). `app` is loaded
on first use, so typer-free modules here (views, output, failures) can be imported by the fast
path in liaison_cli/__main__.py without paying for typer.
"""

from __future__ import annotations

import sys


def __getattr__(name: str):
    if name == "app":
        from .root import app  # on first use: typer is most of start-up, see the module's note

        return app
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status."""
    import typer  # here, not at the top: see the module's note

    from .root import app

    command = typer.main.get_command(app)
    try:
        command.main(args=argv if argv is not None else sys.argv[1:], prog_name="liaison")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
