"""How an error reaches the user: one sentence on stderr and a documented exit code.

Shared by the Typer group (cli/root.py) and the fast path (liaison_cli/__main__.py); imports
nothing heavy.
"""

from __future__ import annotations

import os
import select
import signal
import sys

from ..errors import CancelledError, LiaisonError


def error(message: str) -> None:
    sys.stderr.write(f"Error: {message}\n")
    sys.stderr.flush()


# A closed pipe (`liaison families | head -1`) ends the run quietly with 128 + SIGPIPE, the status
# git and the C tools (cat, ls, seq) have when their reader goes away: the shell ignores it in a
# plain pipeline, and a `set -o pipefail` script treats liaison like every other tool.
PIPE_CLOSED = 141


def cancelled() -> int:
    """Ctrl-C (anywhere, prompts included) or Ctrl-D at a prompt: one calm line, and the
    documented "cancelled" code. A write interrupted before its commit leaves the store as it was."""
    try:
        # The ^C sits at the end of a prompt or an output line: start our own.
        sys.stderr.write(("\n" if sys.stderr.isatty() else "") + "Cancelled; nothing was changed.\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return CancelledError.exit_code


def pipe_closed() -> int:
    """The reader of stdout went away: say nothing, and point stdout at /dev/null so the
    interpreter's last flush of what is still buffered cannot fail again ("Exception ignored …
    BrokenPipeError", exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file behind stdout (tests): nothing to protect
        pass
    return PIPE_CLOSED


_sigpipe = False


def _note_sigpipe(signum, frame) -> None:
    global _sigpipe
    _sigpipe = True


def watch_pipe() -> None:
    """Note SIGPIPE instead of ignoring it (Python's default). A large write into a pipe whose
    reader has gone can come back short without an error (CPython's BufferedWriter returns the
    partial count), so the signal is the one sure sign that the output was cut off. The console
    script calls this; it must run in the main thread."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, _note_sigpipe)


def _stdout_closed() -> bool:
    """True when nothing reads stdout any more (a pipe whose reader has exited)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(ev & select.POLLERR for _, ev in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return False


def flush_stdout(code: int) -> int:
    """The exit status, once stdout is flushed: a closed pipe noticed here (while flushing, or
    by the SIGPIPE a short write raised earlier) ends as PIPE_CLOSED, not as an error."""
    global _sigpipe
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _sigpipe = True
    except (OSError, ValueError):
        pass
    if _sigpipe and _stdout_closed():
        closed = pipe_closed()
        return closed if code == 0 else code
    return code


def exit_code_for(exc: BaseException) -> int | None:
    """Print the message for `exc` and return its exit code; None when it is not ours to
    handle (the caller re-raises)."""
    if isinstance(exc, LiaisonError):
        error(str(exc))
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return cancelled()
    if isinstance(exc, BrokenPipeError):
        return pipe_closed()
    if isinstance(exc, OSError):
        error(f"The system refused an operation ({exc.strerror or type(exc).__name__}); check "
              "the disk and the folder's permissions, then run the command again.")
        return 6
    if isinstance(exc, Exception):  # the last line of defence: never a traceback without --debug
        error(f"Something went wrong inside liaison ({type(exc).__name__}); run the command "
              "again with --debug and report what it prints.")
        return 1
    return None
