"""The command line: thin Typer commands that parse, call one service and print.

Errors are turned into exit codes in one place, `main()`.
"""

from __future__ import annotations

import sys

# Importing a module registers its commands on `app`; the order here is the order in --help.
from .app import app

# Command modules are imported on demand (registry.py); importing one registers its commands.
MODULES = ("setup", "families", "followups", "letters", "referrals", "events", "reports", "data")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status (errors are mapped in app.LiaisonGroup)."""
    command = __import__("typer").main.get_command(app)
    try:
        command.main(args=argv if argv is not None else sys.argv[1:], prog_name="liaison")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
