"""Long output through a pager on a terminal, as git does: $LIAISON_PAGER, else $PAGER, else
`less -FRX`; never for --json, never off a terminal, never with --no-pager."""

from __future__ import annotations

import contextlib
import io
import os
import sys


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def command() -> list[str] | None:
    """The pager, as git chooses one: $LIAISON_PAGER, else $PAGER, else `less -FRX` when less
    is installed and the terminal is not dumb. Set to nothing or to `cat`, or naming a program
    that is not there: none."""
    import shlex  # only on a terminal (start-up of listings piped or redirected)
    import shutil

    for var in ("LIAISON_PAGER", "PAGER"):
        if var in os.environ:
            try:
                argv = shlex.split(os.environ[var])
            except ValueError:
                return None
            if not argv or argv[0] == "cat" or shutil.which(argv[0]) is None:
                return None
            return argv
    # A dumb terminal (Emacs' shell, a CI log, TERM=dumb) cannot drive less: print straight out.
    if os.environ.get("TERM", "") == "dumb":
        return None
    return ["less", "-FRX"] if shutil.which("less") else None


class _ForPager(io.StringIO):
    def isatty(self) -> bool:  # the text is bound for the terminal, through the pager
        return True


off = False  # --no-pager for this run (set by the root command)


@contextlib.contextmanager
def paged():
    """Send what is printed inside through the pager when stdout is a terminal and it is
    longer than the screen (`show`, long listings). Never for --json (print nothing JSON in
    here), never off a terminal, never with --no-pager (`off`)."""
    argv = None if off or not stdout_is_terminal() else command()
    if argv is None:
        yield
        return
    real, buf = sys.stdout, _ForPager()
    sys.stdout = buf
    try:
        yield
    except BaseException:
        sys.stdout = real
        real.write(buf.getvalue())
        raise
    sys.stdout = real
    _show(buf.getvalue(), argv, real)


def _show(text: str, argv: list[str], real) -> None:
    import shutil  # only when a pager runs (a few ms of start-up otherwise)
    import subprocess

    if text.count("\n") < shutil.get_terminal_size().lines:  # fits: no pager to quit
        real.write(text)
        real.flush()
        return
    real.flush()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE)
    except OSError:
        real.write(text)
        return
    try:
        proc.stdin.write(text.encode(getattr(real, "encoding", None) or "utf-8", errors="replace"))
        proc.stdin.close()
    except BrokenPipeError:  # the reader quit before the end
        pass
    while True:
        try:
            proc.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs, as in git
            continue


