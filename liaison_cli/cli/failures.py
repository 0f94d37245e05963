"""How an error reaches the user: one sentence on stderr and a documented exit code.

Shared by the Typer group (cli/root.py) and the fast path (liaison_cli/__main__.py); imports
nothing heavy.
"""

from __future__ import annotations

import sys


def error(message: str) -> None:
    sys.stderr.write(f"Error: {message}\n")
    sys.stderr.flush()


def exit_code_for(exc: BaseException) -> int | None:
    """Print the message for `exc` and return its exit code; None when it is not ours to
    handle (the caller re-raises)."""
    from ..errors import LiaisonError

    if isinstance(exc, LiaisonError):
        error(str(exc))
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        error("Interrupted; nothing was changed.")
        return 130
    if isinstance(exc, BrokenPipeError):
        return 0
    if isinstance(exc, OSError):
        error(f"The system refused an operation ({exc.strerror or type(exc).__name__}); check "
              "the disk and the folder's permissions, then run the command again.")
        return 6
    if isinstance(exc, Exception):  # the last line of defence: never a traceback without --debug
        error(f"Something went wrong inside liaison ({type(exc).__name__}); run the command "
              "again with --debug and report what it prints.")
        return 1
    return None
