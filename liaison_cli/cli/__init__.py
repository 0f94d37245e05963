"""The command line: thin Typer commands that parse, call one service and print.

Errors are turned into exit codes in one place, `main()`.
"""

from __future__ import annotations

import sys

# Importing a module registers its commands on `app`; the order here is the order in --help.
from . import families, setup  # noqa: E402,F401  (registration by import)
from .app import app

for _name in ("followups", "letters", "referrals", "events", "reports", "data"):
    try:
        __import__(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:  # a capability not built yet in this checkout
        if _exc.name != f"{__name__}.{_name}":
            raise


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status (errors are mapped in app.LiaisonGroup)."""
    command = __import__("typer").main.get_command(app)
    try:
        command.main(args=argv if argv is not None else sys.argv[1:], prog_name="liaison")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
