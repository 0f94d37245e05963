"""Render limits: what a template in the user's folder may build before the letter is stopped.

A template in the user's folder may loop for ever or build a gigabyte of text. A letter is a
few kilobytes, so rendering runs under limits no real letter comes near: every value a
template builds (by `*`, `+`, `%`, `~`, a filter or a method) is checked before or right after
it is made, all it builds together is counted, the letter's own text is capped, and the time
is checked in every loop, every call and every piece of output (sandbox.py wires these checks
into Jinja; render.py sets each letter's deadline). Going past one stops the letter with a
TemplateError naming the template. No jinja2 here: only the numbers, the budget of the letter
being rendered, and the checks that refuse a value before it is made.
"""

from __future__ import annotations

import re
import string
import time
import types
from typing import Any

LETTER_SECONDS = 3.0  # one letter
RUN_SECONDS_PER_LETTER = 0.25  # a run of letters (a mail merge), on average, after the first
MAX_CHARS = 1_000_000  # characters (or items) in one value, and in the letter
MAX_WORK = 20_000_000  # characters (or items) a template may build in all, for one letter
MAX_RANGE = 10_000  # items in range()
MAX_INT_BITS = 100_000  # bits in a number built by **


class RenderLimit(Exception):
    """A template went past a render limit; Renderer.render names the template."""


class Budget:
    """The limits of the letter being rendered (a Renderer renders one letter at a time)."""

    deadline = float("inf")
    why = ""
    work = 0
    ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if not self.ticks & 15 and time.monotonic() > self.deadline:
            self.late()

    def late(self) -> None:
        raise RenderLimit(self.why)

    def sized(self, v: Any) -> Any:
        """`v`, counted and checked: a string, list or tuple of at most MAX_CHARS."""
        if isinstance(v, (str, list, tuple)):
            n = len(v)
            if n > MAX_CHARS:
                raise RenderLimit(f"it built a value of {n:,} characters or items (at most "
                                  f"{MAX_CHARS:,})")
            self.work += n
            if self.work > MAX_WORK:
                raise RenderLimit(f"it built more than {MAX_WORK:,} characters or items in all")
        return v


BUDGET = Budget()


def refuse(n: int, what: str) -> None:
    if n > MAX_CHARS:
        raise RenderLimit(f"{what} would be {n:,} characters or items long (at most {MAX_CHARS:,})")


def weight(v: Any, limit: int = MAX_CHARS) -> int:
    """Roughly how many characters `v` prints as: strings by length, containers summed (a list
    that holds one long string many times weighs it each time); stops counting past `limit`."""
    if isinstance(v, str):
        return len(v)
    if isinstance(v, dict):
        v = list(v.items())
    if isinstance(v, (list, tuple)):
        total = len(v)
        for item in v:
            if isinstance(item, (str, list, tuple, dict)):
                total += weight(item, limit - total)
            if total > limit:
                break
        return total
    return 1


_PRINTF_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_WIDTH_RE = re.compile(r"^(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?")


def _check_printf(fmt: str) -> None:
    """`'%999999999d' % 1` makes a gigabyte: widths and precisions are capped, `*` refused."""
    for m in _PRINTF_RE.finditer(fmt):
        for width in m.groups():
            if width == "*":
                raise RenderLimit("a `*` width in % formatting is not allowed")
            if width:
                refuse(int(width), "a formatted value")


def _check_format(fmt: str) -> None:
    """The same for str.format: `'{:>999999999}'`."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # format() itself reports it
    for _, _, spec, _ in fields:
        if spec:
            if "{" in spec:
                raise RenderLimit("a width taken from an argument in format() is not allowed")
            m = _WIDTH_RE.match(spec)
            for width in (m.groups() if m else ()):
                if width:
                    refuse(int(width), "a formatted value")


def _check_mul(a: Any, b: Any) -> None:
    for seq, n in ((a, b), (b, a)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and n > 0:
            refuse(weight(seq, MAX_CHARS) * n, "the repeated value")


def _check_pow(a: Any, b: Any) -> None:
    if isinstance(a, int) and isinstance(b, int) and b > 0 and abs(a) > 1:
        if abs(a).bit_length() * b > MAX_INT_BITS:
            raise RenderLimit(f"the number {a} ** {b} is too large")


def check_binop(op: str, a: Any, b: Any) -> None:
    if op == "*":
        _check_mul(a, b)
    elif op == "**":
        _check_pow(a, b)
    elif op == "%" and isinstance(a, str):
        _check_printf(a)
    elif op == "+" and isinstance(a, (str, list, tuple)) and isinstance(b, (str, list, tuple)):
        refuse(weight(a) + weight(b), "the joined value")


def _times(s: Any, old: Any, new: Any, count: Any = -1) -> int:
    """The length of `s.replace(old, new, count)`, before making it."""
    s, old, new = str(s), str(old), str(new)
    n = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        n = min(n, count)
    return len(s) + n * max(len(new) - len(old), 0)


def _joined(items: list, sep: Any) -> int:
    return sum(weight(i) for i in items) + max(len(items) - 1, 0) * len(str(sep))


def pre_filter(name: str, value: Any, args: tuple, kwargs: dict) -> Any:
    """Refuse a built-in filter call whose result would be too large; returns the value to
    filter (a generator is read into a list first when its length matters)."""
    def arg(i: int, key: str, default: Any = None) -> Any:
        return args[i] if len(args) > i else kwargs.get(key, default)

    if name == "center":
        w = arg(0, "width", 80)
        if isinstance(w, int):
            refuse(w, "the centred text")
    elif name == "indent":
        w = arg(0, "width", 4)
        lines = str(value).count("\n") + 1
        refuse(len(str(value)) + lines * (w if isinstance(w, int) else len(str(w))),
                "the indented text")
    elif name == "wordwrap":
        wrap = arg(2, "wrapstring") or "\n"
        refuse(len(str(value)) * (1 + len(str(wrap))), "the wrapped text")
    elif name == "replace":
        refuse(_times(value, arg(0, "old", ""), arg(1, "new", ""), arg(2, "count", -1)),
                "the replaced text")
    elif name == "join":
        value = list(value) if not isinstance(value, (str, list, tuple)) else value
        refuse(_joined(list(value), arg(0, "d", "")), "the joined text")
    elif name in ("batch", "slice"):
        n = arg(0, "linecount" if name == "batch" else "slices")
        if isinstance(n, int):
            refuse(n, f"the {name} count")
    elif name == "format":
        _check_printf(str(value))
    elif name == "sum":
        start = arg(1, "start", 0)
        if not isinstance(start, (int, float)):
            value = list(value)
            refuse(len(value) * (weight(value) + weight(start)), "the summed value")
    return value


_STR_SIZERS = {
    "center": lambda s, w=0, *_: w, "ljust": lambda s, w=0, *_: w, "rjust": lambda s, w=0, *_: w,
    "zfill": lambda s, w=0: w, "expandtabs": lambda s, t=8: len(s) + s.count("\t") * t,
    "replace": lambda s, old="", new="", count=-1: _times(s, old, new, count),
}


_BUILTIN_METHOD = type("".join)


def check_call(obj: Any, args: tuple, kwargs: dict) -> tuple:
    """Refuse a method call on a string that would make too much text; returns the arguments
    (a generator given to join is read into a list first)."""
    kind = type(obj)
    if kind is _BUILTIN_METHOD:
        method = obj
    elif kind is types.FunctionType:  # the sandbox's wrapper of str.format
        method = getattr(obj, "__wrapped__", None)
    else:
        return args  # a macro, range, a filter: nothing to check before the call
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str):
        return args
    name = getattr(method, "__name__", "")
    if name in ("format", "format_map"):
        _check_format(owner)
    elif name == "join" and args:
        items = list(args[0])
        refuse(_joined(items, owner), "the joined text")
        args = (items, *args[1:])
    elif name in _STR_SIZERS and not kwargs:
        try:
            n = _STR_SIZERS[name](owner, *args)
        except TypeError:
            return args  # the call itself reports the wrong arguments
        if isinstance(n, int):
            refuse(n, f"the text from {name}()")
    return args
