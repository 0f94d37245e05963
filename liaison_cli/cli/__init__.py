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
    """Run the CLI; every error becomes one sentence on stderr and a documented exit code."""
    import typer
    from typer._click.exceptions import ClickException  # typer 0.28 vendors click

    from ..errors import LiaisonError
    from .context import STATE

    command = typer.main.get_command(app)
    try:
        command.main(args=argv if argv is not None else sys.argv[1:], prog_name="liaison",
                     standalone_mode=False)
        return 0
    except LiaisonError as exc:
        if STATE.debug:
            raise
        _error(str(exc))
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _error("Stopped; nothing was changed.")
        return 10
    except ClickException as exc:
        if STATE.debug:
            raise
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        _error("Interrupted; nothing was changed.")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: never a traceback without --debug
        if STATE.debug:
            raise
        _error(f"Something went wrong inside liaison ({type(exc).__name__}); run the command "
               "again with --debug and report what it prints.")
        return 1


def _error(message: str) -> None:
    sys.stderr.write(f"Error: {message}\n")
    sys.stderr.flush()
