"""What rich prints when it prints no styles, without importing rich.

When stdout is not a terminal (a pipe, a file, `watch`, a script) rich draws no colour, so a
listing is only text laid out in columns; importing rich and letting it measure every cell cost
`liaison followups` about 120 of its 260 ms at 300 families (benchmarks/bench.py). This module
lays out the same text by rich's own rules (rich.table's column widths, rich.text's wrapping
and cropping, rich.markup's tags and escapes), for the text it can be sure of: characters rich
draws without control codes, markup whose tags are plain styles, nothing that could be an emoji
code. Wide scripts are measured with rich.cells (a few ms, not the
console). For anything else each function answers None and output.py lets rich draw.
tests/cli/test_plain.py draws thousands of random tables, lines and paragraphs both ways and
compares them byte for byte.
"""

from __future__ import annotations

import itertools
import os
import re
import sys

# Control characters, which rich strips or draws its own way: left to rich.
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# The characters rich.cells counts as one cell each without looking them up (its
# _SINGLE_CELL_UNICODE_RANGES, less Greek, Cyrillic and box drawing): measured with len().
_WIDE = re.compile(r"[^\n\x20-\x7e\xa0-\xac\xae-\u02ff]")
_EMOJI = re.compile(r":\S*?:")  # rich replaces a known :code: with an emoji
_TAGS = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")  # rich.markup.RE_TAGS
_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")  # rich.markup.escape's pattern
_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word
_TRAILING = re.compile(r"\s+$")  # rich.text._re_whitespace
# The tags the views write: plain styles, which draw nothing when rich draws no colour.
_STYLE_WORDS = frozenset(("bold", "dim", "italic", "underline", "red", "green", "yellow", "blue",
                          "cyan", "magenta", "white", "black", "not"))


def active() -> bool:
    """True when rich would write stdout without any control codes: it is not a terminal, as
    rich's Console.is_terminal decides (TTY_COMPATIBLE, FORCE_COLOR, isatty), and it takes
    UTF-8 (else rich swaps the box lines for ASCII)."""
    env = os.environ
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible == "1":
        return False
    if compatible != "0":
        force = env.get("FORCE_COLOR")
        if force is not None:
            if force != "":
                return False
        else:
            try:
                if sys.stdout.isatty():
                    return False
            except (AttributeError, ValueError):
                pass
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    return encoding.startswith("utf")


def width() -> int:
    """The width rich lays stdout out for when it is not a terminal: COLUMNS, else the size of
    whichever of stdin, stdout and stderr is a terminal, else 80 (rich's Console.size)."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    cols = 0
    for fd in (0, 1, 2):
        try:
            cols = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    return cols or 80


class _OneCell:
    """Cell arithmetic for text whose every character takes one cell: len() and slices."""

    cell_len = staticmethod(len)

    @staticmethod
    def chop_cells(text: str, width: int) -> list[str]:
        return [text[i:i + width] for i in range(0, len(text), width)]

    @staticmethod
    def set_cell_size(text: str, total: int) -> str:
        return text + " " * (total - len(text)) if len(text) < total else text[:total]


def cells_for(texts) -> object:
    """The cell arithmetic for `texts`: len() when every character is one cell, else
    rich.cells' (CJK takes two cells, combining marks none), which is all of rich it imports."""
    if not any(_WIDE.search(t) for t in texts if t):
        return _OneCell
    from rich import cells  # rich.cells alone (a few ms): wide scripts (see the module's note)

    return cells


def escape(text: str) -> str:
    """rich.markup.escape: user data kept literal inside markup."""
    out = _ESCAPE.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", text)
    if out.endswith("\\") and not out.endswith("\\\\"):
        return out + "\\"
    return out


def text(markup: str) -> str | None:
    """The characters rich would print for `markup` (its tags dropped, escapes undone), or
    None when this module cannot be sure: a tag that is not a plain style, a tag that does not
    close, a possible emoji code, a character that is not one cell wide."""
    if "[" in markup:
        out: list[str] = []
        stack: list[str] = []
        position = 0
        for match in _TAGS.finditer(markup):
            full, escapes, tag = match.groups()
            start, end = match.span()
            if start > position:
                out.append(markup[position:start].replace("\\[", "["))
            position = end
            if escapes:
                backslashes, escaped = divmod(len(escapes), 2)
                if backslashes:
                    out.append("\\" * backslashes)
                if escaped:
                    out.append(full[len(escapes):])
                    continue
            if tag.startswith("/"):
                name = tag[1:].strip()
                if not name:
                    if not stack:
                        return None
                    stack.pop()
                    continue
                name = " ".join(name.split())
                if name not in stack:
                    return None
                del stack[len(stack) - 1 - stack[::-1].index(name)]
                continue
            if "=" in tag or not set(tag.split()) <= _STYLE_WORDS:
                return None
            stack.append(" ".join(tag.split()))
        if position < len(markup):
            out.append(markup[position:].replace("\\[", "["))
        plain = "".join(out)
    else:
        plain = markup
    if _UNSAFE.search(plain) or _EMOJI.search(plain):
        return None
    return plain


# ----------------------------------------------------------------- rich.text, for one-cell text


def _divide_line(line: str, room: int, fold: bool, c) -> list[int]:
    """rich._wrap.divide_line."""
    breaks: list[int] = []
    used = 0
    position = 0
    while (match := _WORD.match(line, position)) is not None:
        start, position = match.span()
        word = match.group()
        size = c.cell_len(word.rstrip())
        if room - used >= size:
            used += c.cell_len(word)
        elif size > room:
            if fold:
                pieces = c.chop_cells(word, room)
                for i, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if i == len(pieces) - 1:
                        used = c.cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                used = c.cell_len(word)
        elif used and start:
            breaks.append(start)
            used = c.cell_len(word)
    return breaks


def _truncate(line: str, room: int, overflow: str, c, pad: bool = False) -> str:
    """rich.text.Text.truncate."""
    length = c.cell_len(line)
    if length > room:
        line = c.set_cell_size(line, room - 1) + "…" if overflow == "ellipsis" else c.set_cell_size(line, room)
    if pad and length < room:
        line += " " * (room - length)
    return line


def wrap(plain: str, room: int, justify: str = "default", overflow: str = "fold",
         no_wrap: bool = False, c=None) -> list[str]:
    """rich.text.Text.wrap: the lines of `plain` in `room` cells."""
    c = c or cells_for([plain])
    lines: list[str] = []
    for line in plain.split("\n"):
        if no_wrap:
            new = [line]
        else:
            cuts = [0, *_divide_line(line, room, overflow == "fold", c), len(line)]
            new = []
            for a, b in itertools.pairwise(cuts):
                piece = line[a:b]
                if len(piece) > room:  # Text.rstrip_end
                    space = _TRAILING.search(piece)
                    if space:
                        piece = piece[:len(piece) - min(len(space.group()), len(piece) - room)]
                new.append(piece)
        if justify == "left":
            new = [_truncate(x, room, overflow, c, pad=True) for x in new]
        elif justify == "right":
            new = [_truncate(x.rstrip(), room, overflow, c) for x in new]
            new = [" " * (room - c.cell_len(x)) + x for x in new]
        elif justify != "default":
            raise ValueError(justify)
        lines.extend(_truncate(x, room, overflow, c) for x in new)
    return lines


def _measure(plain: str, c) -> tuple[int, int]:
    """rich.text.Text.__rich_measure__: (longest word, longest line)."""
    lines = plain.splitlines()
    longest = max(map(c.cell_len, lines)) if lines else 0
    words = plain.split()
    return (max(map(c.cell_len, words)) if words else longest), longest


def _fit(m: tuple[int, int], room: int) -> tuple[int, int]:
    """Measurement.get's ending: normalize, with_maximum(room), (0, 0) when nothing fits."""
    lo, hi = m
    lo = min(max(0, lo), hi)
    lo, hi = max(0, lo), max(0, max(lo, hi))
    lo, hi = min(lo, room), min(hi, room)
    if hi < 1:
        return 0, 0
    lo = min(max(0, lo), hi)
    return max(0, lo), max(0, max(lo, hi))


def echo_lines(plain: str, room: int) -> list[str]:
    """Console.print of a line of markup (soft_wrap off): wrapped and cropped to the width."""
    c = cells_for([plain])
    return [_crop(x, room, c) for x in wrap(plain, room, c=c)]


def _crop(line: str, room: int, c) -> str:
    """Segment.split_and_crop_lines without padding: a line cut to the width."""
    return c.set_cell_size(line, room) if c.cell_len(line) > room else line


# ----------------------------------------------------------------- rich.table, SIMPLE_HEAD


_COLUMN_OPTIONS = frozenset(("no_wrap", "justify", "max_width", "min_width", "ratio"))


def table(columns: list[tuple[str, dict]], rows: list[list[str] | None], room: int,
          title: str | None = None, caption: str | None = None) -> tuple[list[str], int] | None:
    """The lines rich prints for output.table's Table (box SIMPLE_HEAD, no edge, no edge
    padding, not expanded, a header row, sections where a row is None) in `room` columns, and
    the table's minimum width as rich measures it when it may take 10,000 columns (whether a
    word would have to be split); None when rich must draw it. Cells are already plain text."""
    n = len(columns)
    if not n or room < 1:
        return None
    opts = [o for _h, o in columns]
    if any(set(o) - _COLUMN_OPTIONS or o.get("justify", "left") not in ("left", "right") for o in opts):
        return None
    body: list[list[str]] = []
    ends: set[int] = set()  # the rows followed by a section line
    for r in rows:
        if r is None:
            if body:
                ends.add(len(body) - 1)
        else:
            body.append(r)
    cells = [[h] + [r[i] for r in body] for i, (h, _o) in enumerate(columns)]
    c = cells_for([title, caption, *(x for col in cells for x in col)])
    pads = [(0 if i == 0 else 1, 0 if i == n - 1 else 1) for i in range(n)]
    extra = n - 1

    def measure_column(i: int, limit: int) -> tuple[int, int]:
        if limit < 1:
            return 0, 0
        edge = sum(pads[i])
        lows, highs = [], []
        for cell in cells[i]:  # Padding.__rich_measure__ around Text.__rich_measure__
            if limit - edge < 1:
                m = (limit, limit)
            else:
                lo, hi = _fit(_measure(cell, c), limit)
                m = (min(lo + edge, limit), min(hi + edge, limit))
            lo, hi = _fit(m, limit)
            lows.append(lo)
            highs.append(hi)
        lo, hi = (max(lows) if lows else 1), (max(highs) if highs else limit)
        lo, hi = min(lo, limit), min(hi, limit)
        o = opts[i]
        if o.get("min_width") is not None:
            least = max(0, o["min_width"] + edge)
            lo, hi = max(lo, least), max(hi, least)
        if o.get("max_width") is not None:
            most = o["max_width"] + edge
            lo, hi = min(lo, most), min(hi, most)
        return lo, hi

    def column_widths(limit: int) -> list[int]:
        widths = [measure_column(i, limit)[1] or 1 for i in range(n)]
        if sum(widths) > limit:
            widths = _collapse(widths, [not o.get("no_wrap") for o in opts], limit)
            if sum(widths) > limit:
                widths = _ratio_reduce(sum(widths) - limit, [1] * n, widths, widths)
            widths = [measure_column(i, w)[1] or 0 for i, w in enumerate(widths)]
        return widths

    # Table.__rich_measure__ with 10,000 columns: the sum of the columns' least widths.
    wide = sum(column_widths(10_000 - extra))
    least = sum(measure_column(i, wide)[0] for i in range(n)) + extra

    widths = column_widths(room - extra)
    if any(w - sum(p) < 1 for w, p in zip(widths, pads, strict=True)):
        return None
    full = sum(widths) + extra
    out: list[str] = []
    if title:
        out += wrap(title, full, "left", c=c)
    for index, row in enumerate([[c[0] for c in cells], *body]):
        drawn = []
        for i, cell in enumerate(row):
            o, (left, right) = opts[i], pads[i]
            inner = widths[i] - left - right
            lines = wrap(cell, inner, o.get("justify", "left"), "ellipsis", bool(o.get("no_wrap")), c)
            drawn.append([" " * left + c.set_cell_size(x, inner) + " " * right for x in lines])
        height = max(len(d) for d in drawn)
        for i, d in enumerate(drawn):
            blank = [" " * widths[i]] * (height - len(d))
            drawn[i] = blank + d if index == 0 else d + blank  # the header sits on its line
        out += [" ".join(parts) for parts in zip(*drawn, strict=True)]
        if index == 0:
            out.append("─" * full)
        elif index < len(body) and index - 1 in ends:
            out.append(" " * full)
    if caption:
        out += wrap(caption, full, "left", c=c)
    return [_crop(x, room, c) for x in out], least


def _collapse(widths: list[int], wrapable: list[bool], limit: int) -> list[int]:
    """rich.table.Table._collapse_widths."""
    total = sum(widths)
    excess = total - limit
    if any(wrapable):
        while total and excess > 0:
            top = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(w if ok and w != top else 0 for w, ok in zip(widths, wrapable, strict=True))
            difference = top - second
            ratios = [1 if (w == top and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not difference:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - limit
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    out = []
    for r, m, v in zip(ratios, maximums, values, strict=True):
        if r and total_ratio > 0:
            share = min(m, round(r * remaining / total_ratio))
            out.append(v - share)
            remaining -= share
            total_ratio -= r
        else:
            out.append(v)
    return out
