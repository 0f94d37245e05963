"""The one place that turns data into terminal text or JSON.

JSON goes to stdout as plain bytes (no colour, no wrapping); rich is imported only when a
table or a styled line is drawn, so `--json` runs never pay for it. Notices go to stderr.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from typing import Any

_console = None
_err_console = None


def _console_class():
    from rich.console import Console

    class PipeAwareConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; let it reach cli/failures.py, which ends a closed pipe
            # the same way on every path.
            self.quiet = True
            raise BrokenPipeError(32, "Broken pipe")

    return PipeAwareConsole


def console():
    global _console
    if _console is None:
        _console = _console_class()(highlight=False, soft_wrap=False)
    return _console


def err_console():
    global _err_console
    if _err_console is None:
        _err_console = _console_class()(stderr=True, highlight=False)
    return _err_console


def _default(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        return dataclasses.asdict(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    raise TypeError(type(obj).__name__)


def print_json(data: Any) -> None:
    import orjson

    out = orjson.dumps(data, default=_default, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    sys.stdout.buffer.write(out + b"\n")
    sys.stdout.flush()


def echo(text: str = "", style: str | None = None) -> None:
    """A line on stdout; plain when there is no style to draw."""
    if style is None and "[" not in text:
        sys.stdout.write(text + "\n")
        return
    console().print(text, style=style)


def notice(text: str) -> None:
    """A line on stderr: progress, warnings, paging hints."""
    if os.environ.get("NO_COLOR") is not None or not sys.stderr.isatty():
        sys.stderr.write(_strip_markup(text) + "\n")
        sys.stderr.flush()
        return
    err_console().print(text)


def warn(text: str) -> None:
    notice(f"[yellow]Warning:[/yellow] {text}")


def _strip_markup(text: str) -> str:
    from rich.text import Text

    return Text.from_markup(text).plain if "[" in text else text


def esc(text: Any) -> str:
    """Escape user data for rich markup (a name like "[bold]" stays literal)."""
    s = "" if text is None else str(text)
    if "[" not in s:
        return s
    from rich.markup import escape

    return escape(s)


def table(columns: list[str | tuple[str, dict[str, Any]]], rows: list[list[Any]], *,
          title: str | None = None, caption: str | None = None) -> None:
    from rich import box
    from rich.table import Table

    t = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
              title_justify="left", caption_justify="left", expand=False)
    for col in columns:
        if isinstance(col, tuple):
            t.add_column(col[0], **col[1])
        else:
            t.add_column(col)
    for r in rows:
        if r is None:  # a line between sections
            t.add_section()
            continue
        t.add_row(*[("" if c is None else c) for c in r])
    console().print(t)


def page(rows: list[Any], limit: int | None, show_all: bool, what: str) -> list[Any]:
    """The first page of a long listing, with a hint on stderr about the rest."""
    if show_all or limit is None or len(rows) <= limit:
        return rows
    notice(f"Showing {limit} of {len(rows)} {what}; add --all to see every one, or --json.")
    return rows[:limit]


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
