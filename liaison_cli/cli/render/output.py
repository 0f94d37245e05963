"""The one place that turns data into terminal text or JSON.

JSON goes to stdout as plain bytes (no colour, no wrapping); rich is imported only when a
table or a styled line is drawn, so `--json` runs never pay for it: it is the largest import of a
listing (`-X importtime`, benchmarks/startup.py), which is why each rich import below sits in the
function that draws. orjson likewise, only for JSON. Notices go to stderr.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import re
import sys
from collections.abc import Callable
from typing import Any

from . import plain

_console = None
_err_console = None


def _console_class():
    from rich.console import Console  # rich: only when drawing (see the module's note)

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
    import orjson  # only for JSON (see the module's note)

    out = orjson.dumps(data, default=_default, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    sys.stdout.buffer.write(out + b"\n")
    sys.stdout.flush()


def echo(text: str = "", style: str | None = None) -> None:
    """A line on stdout; plain when there is no style to draw."""
    if style is None and "[" not in text:
        sys.stdout.write(text + "\n")
        return
    if plain.active() and (flat := plain.text(text)) is not None:
        sys.stdout.write("".join(line + "\n" for line in plain.echo_lines(flat, plain.width())))
        return
    console().print(text, style=style)


def notice(text: str) -> None:
    """A line on stderr: progress, warnings, paging hints."""
    if os.environ.get("NO_COLOR") is not None or not sys.stderr.isatty():
        plain = _strip_markup(text)
        if sys.stderr.isatty():  # between words, as the terminal would split one mid-word
            import shutil  # only for a terminal (start-up of piped runs)
            import textwrap

            plain = "\n".join(textwrap.wrap(plain, shutil.get_terminal_size().columns,
                                             break_long_words=False, break_on_hyphens=False))
        sys.stderr.write(plain + "\n")
        sys.stderr.flush()
        return
    err_console().print(text)


def warn(text: str) -> None:
    notice(f"[yellow]Warning:[/yellow] {text}")


def _strip_markup(text: str) -> str:
    if (flat := plain.text(text)) is not None:
        return flat
    from rich.text import Text  # rich: only for markup (see the module's note)

    return Text.from_markup(text).plain if "[" in text else text


def esc(text: Any) -> str:
    """Escape user data for rich markup (a name like "[bold]" stays literal)."""
    s = "" if text is None else str(text)
    return plain.escape(s) if "[" in s else s


NARROW = 80  # below this many columns, listings are drawn as cards: a table squeezed that far
# cut names to "L…" and split words across lines.


def width() -> int:
    """The width output is laid out for: the terminal's, COLUMNS, else 80."""
    return plain.width() if plain.active() else console().width


def narrow() -> bool:
    return width() < NARROW


def para(markup: str, indent: int = 0, hang: int | None = None) -> None:
    """Text wrapped to the terminal between words, never inside one (a word longer than the
    line is kept whole): the first line indented by `indent`, the rest by `hang`."""
    lead = " " * indent
    field(lead, markup, lead_cells=indent, hang=indent if hang is None else hang)


def field(lead: str, value: str, *, lead_cells: int, hang: int) -> None:
    """`lead` (markup taking `lead_cells` cells), then `value` (markup) wrapped between words
    to the terminal, each further line indented by `hang` cells."""
    if plain.active():
        flat_lead, flat = plain.text(lead), plain.text(value)
        if flat_lead is not None and flat is not None:
            room = max(plain.width() - hang, 12)
            lines = _wrap_plain(flat, room, first=max(plain.width() - lead_cells, 12))
            lead_len = plain.cells_for([flat_lead]).cell_len(flat_lead)
            sys.stdout.write(flat_lead + " " * max(0, lead_cells - lead_len)
                             + ("\n" + " " * hang).join(lines) + "\n")
            return
    from rich.text import Text  # rich: only when drawing (see the module's note)

    con = console()
    room = max(width() - hang, 12)
    lines = _wrap(Text.from_markup(value), room, first=max(width() - lead_cells, 12))
    out = Text.from_markup(lead)
    out.pad_right(max(0, lead_cells - out.cell_len))
    for i, line in enumerate(lines):
        if i:
            out.append("\n" + " " * hang)
        out.append_text(line)
    con.print(out, soft_wrap=True)  # already wrapped: rich must not fold it again


def _wrap(text, room: int, first: int | None = None) -> list:
    """Lines of `text` (a rich Text) of at most `room` cells (`first` for the first line),
    broken between words only. rich's own Text.wrap either folds a long word (splitting it)
    or, with overflow="ignore", does not wrap at all: `breaks` divides lines instead."""
    lines = []
    for para in text.split(allow_blank=True):
        if first is not None and first != room and not lines:
            cut = breaks(para.plain, first)[:1]
            if cut:
                head, para = para.divide(cut)
                head.rstrip()
                lines.append(head)
                para = para[len(para.plain) - len(para.plain.lstrip()):]
        for part in para.divide(breaks(para.plain, room)):
            part.rstrip()
            lines.append(part)
    return lines or [text]


def _wrap_plain(text: str, room: int, first: int | None = None) -> list[str]:
    """_wrap for one-cell text without markup (plain.py), without rich."""
    lines: list[str] = []
    for para in text.split("\n"):
        if first is not None and first != room and not lines:
            cut = breaks(para, first)[:1]
            if cut:
                lines.append(para[:cut[0]].rstrip())
                para = para[cut[0]:].lstrip()
        cuts = [0, *breaks(para, room), len(para)]
        lines += [para[a:b].rstrip() for a, b in itertools.pairwise(cuts)]
    return lines or [text]


_WORD = re.compile(r"\s*\S+\s*")  # a word with the spaces around it


def breaks(text: str, room: int) -> list[int]:
    """Where to start each new line of `text` so that every line fits in `room` cells,
    breaking between words only: a word longer than the line keeps a line of its own, whole."""
    cell_len = plain.cells_for([text]).cell_len  # len, or rich.cells' for wide scripts

    out: list[int] = []
    used = 0
    for word in _WORD.finditer(text):
        start, chunk = word.start(), word.group()
        if used and start and cell_len(chunk.rstrip()) > room - used:
            out.append(start)
            used = 0
        used += cell_len(chunk)
    return out


def card(title: str, fields: list[tuple[str, str]], indent: int = 4) -> None:
    """One row of a listing as a block: a title line, then "label: value" lines with the
    values aligned and wrapped between words. Markup in titles and values is kept."""
    para(title, 0, indent)
    label_cells = max((len(label) for label, _ in fields), default=0) + 2
    for label, value in fields:
        if value:
            field(" " * indent + f"[dim]{label}:[/dim]", value, lead_cells=indent + label_cells,
                  hang=indent + label_cells)


def word_cap(cells: list[str], floor: int) -> int:
    """A column's max_width that never cuts a word: `floor`, or its longest word if longer."""
    flat = [plain.text(c) for c in cells]
    if None not in flat:
        size = plain.cells_for(flat).cell_len
        return max(floor, *(size(w) for c in flat for w in c.split())) if cells else floor
    from rich.cells import cell_len  # rich: only when drawing (see the module's note)
    from rich.text import Text

    words = (w for c in cells for w in (Text.from_markup(c).plain if "[" in c else c).split())
    return max(floor, *(cell_len(w) for w in words)) if cells else floor


def table(columns: list[str | tuple[str, dict[str, Any]]], rows: list[list[Any]], *,
          title: str | None = None, caption: str | None = None,
          cards: Callable[[], None] | None = None) -> None:
    """A table; with `cards` (a function drawing the same rows as cards), the cards instead
    when the terminal is narrow or the table would have to split a word to fit."""
    if cards is not None and narrow():
        cards()
        return
    if plain.active() and _plain_table(columns, rows, title, caption, cards):
        return
    from rich import box  # rich: only when drawing (see the module's note)
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
    if cards is not None:
        from rich.measure import Measurement  # rich: only when drawing (see above)

        con = console()
        # Measured as if the terminal were endless: rich clamps a measurement to the width
        # it is given, which would hide that a word will not fit.
        if Measurement.get(con, con.options.update_width(10_000), t).minimum > con.width:
            cards()
            return
    console().print(t)


def _plain_table(columns, rows, title, caption, cards) -> bool:
    """table() without rich when plain.py can draw it exactly as rich would; False if not."""
    heads = [(plain.text(c[0]), c[1]) if isinstance(c, tuple) else (plain.text(c), {}) for c in columns]
    flat_rows = [None if r is None else [plain.text("" if c is None else c) if isinstance(c, str) or c is None
                                         else None for c in r] for r in rows]
    flat_title = None if title is None else plain.text(title)
    flat_caption = None if caption is None else plain.text(caption)
    if (any(h is None for h, _o in heads) or any(r is not None and None in r for r in flat_rows)
            or (title is not None and flat_title is None) or (caption is not None and flat_caption is None)):
        return False
    drawn = plain.table(heads, flat_rows, plain.width(), flat_title, flat_caption)
    if drawn is None:
        return False
    lines, least = drawn
    if cards is not None and least > plain.width():
        cards()
        return True
    sys.stdout.write("".join(line + "\n" for line in lines))
    return True


class progress:
    """A progress bar on stderr for a long job (a mail merge, sending, invitation letters), as a
    context manager giving the job its `step(done, total)`; on a pipe or a file, nothing (None).

        with output.progress("Writing letters") as step:
            service(..., progress=step)
    """

    def __init__(self, label: str, *, when: bool = True):
        self.label, self.when, self.bar = label, when, None

    def __enter__(self):
        if not (self.when and sys.stderr.isatty()):
            return None
        # rich's bar only on a terminal (start-up: see the module's note)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                            console=err_console(), transient=True)
        task = self.bar.add_task(self.label, total=None)
        self.bar.start()

        def step(done: int, total: int) -> None:
            self.bar.update(task, completed=done, total=total)

        return step

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def page(rows: list[Any], limit: int | None, show_all: bool, what: str) -> list[Any]:
    """The first page of a long listing, with a hint on stderr about the rest."""
    if show_all or limit is None or len(rows) <= limit:
        return rows
    notice(f"Showing {limit} of {len(rows)} {what}; add --all to see every one, or --json.")
    return rows[:limit]


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def day(iso: str) -> str:
    """A stored date (YYYY-MM-DD) as the terminal shows it, `Sun 22 Nov 2026`; "—" when none."""
    from ...core.dates import short  # here, not at the top: --json and plain lines never need it

    return short(dt.date.fromisoformat(iso)) if iso else "—"
