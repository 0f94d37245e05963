"""Letter templates: lookup, front matter, language fallback, safe rendering, txt and html.

The only module that imports jinja2. Templates live in `<folder>/<template>/<lang>.<fmt>.j2`;
the user's templates folder (config `templates_dir`) is searched before the built-in one, file
by file. Each file starts with a `---` front-matter block (title, translator, reviewer,
review_date and, for translations, the `master_hash` of the English master they follow).

Markdown (`md`) is the master format. Plain text and HTML are derived from the rendered
Markdown here (an explicit `<lang>.txt.j2` or `<lang>.html.j2` wins), so a translator writes one
file per language. The Markdown is a small, fixed subset (see docs/templates.md): headings,
paragraphs where every line break is kept, `- ` lists, `---` rules and `**bold**`. No links,
images or raw HTML, so nothing in a letter can point a parent somewhere unexpected.

Why the rendering is locked down: templates in the user's folder are code someone else may have
written. They run in Jinja's ImmutableSandboxedEnvironment with only `range` as a global,
StrictUndefined (a field the family lacks stops the letter, naming the field — never "Dear ,"),
and autoescaping for HTML, under time and size limits (see "render limits" below). The context is a small dict built per family (services/letters.py).
"""

from __future__ import annotations

import functools
import itertools
import re
import string
import time
import traceback
import types
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.filters import FILTERS
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from ..errors import TemplateError
from .chinese import opencc_config, to_traditional, traditional_text
from .context import Missing, is_missing, jsonable, value
from .formatting import FORMAT_LOCALE, HT_MONTHS, Formatter, format_locale
from .library import BUILTIN_ORDER, FORMATS, SOURCE_FORMATS, Library, Resolved
from .markdown import Block, inline_runs, parse_markdown
from .output import (
    HTML_PAGE,
    display_width,
    markdown_to_html,
    markdown_to_text,
    notices_html,
    notices_markdown,
)
from .templates import (
    FRONT_KEYS,
    HASH_LEN,
    MASTER_LANG,
    TemplateFile,
    body_hash,
    read_template_file,
    review_status,
    split_front_matter,
)
from .typography import FSI, PDI, direction, needs_isolate, tidy, typeset

# --------------------------------------------------------------------------- render limits
#
# A template in the user's folder may loop for ever or build a gigabyte of text. A letter is a
# few kilobytes, so rendering runs under limits no real letter comes near: every value a
# template builds (by `*`, `+`, `%`, `~`, a filter or a method) is checked before or right after
# it is made, all it builds together is counted, the letter's own text is capped, and the time
# is checked in every loop, every call and every piece of output. Going past one stops the
# letter with a TemplateError naming the template.

LETTER_SECONDS = 3.0  # one letter
RUN_SECONDS_PER_LETTER = 0.25  # a run of letters (a mail merge), on average, after the first
MAX_CHARS = 1_000_000  # characters (or items) in one value, and in the letter
MAX_WORK = 20_000_000  # characters (or items) a template may build in all, for one letter
MAX_RANGE = 10_000  # items in range()
MAX_INT_BITS = 100_000  # bits in a number built by **


class RenderLimit(Exception):
    """A template went past a render limit; Renderer.render names the template."""


class _Budget:
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


_BUDGET = _Budget()


def _refuse(n: int, what: str) -> None:
    if n > MAX_CHARS:
        raise RenderLimit(f"{what} would be {n:,} characters or items long (at most {MAX_CHARS:,})")


def _weight(v: Any, limit: int = MAX_CHARS) -> int:
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
                total += _weight(item, limit - total)
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
                _refuse(int(width), "a formatted value")


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
                    _refuse(int(width), "a formatted value")


def _check_mul(a: Any, b: Any) -> None:
    for seq, n in ((a, b), (b, a)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and n > 0:
            _refuse(_weight(seq, MAX_CHARS) * n, "the repeated value")


def _check_pow(a: Any, b: Any) -> None:
    if isinstance(a, int) and isinstance(b, int) and b > 0 and abs(a) > 1:
        if abs(a).bit_length() * b > MAX_INT_BITS:
            raise RenderLimit(f"the number {a} ** {b} is too large")


def _check_binop(op: str, a: Any, b: Any) -> None:
    if op == "*":
        _check_mul(a, b)
    elif op == "**":
        _check_pow(a, b)
    elif op == "%" and isinstance(a, str):
        _check_printf(a)
    elif op == "+" and isinstance(a, (str, list, tuple)) and isinstance(b, (str, list, tuple)):
        _refuse(_weight(a) + _weight(b), "the joined value")


def _times(s: Any, old: Any, new: Any, count: Any = -1) -> int:
    """The length of `s.replace(old, new, count)`, before making it."""
    s, old, new = str(s), str(old), str(new)
    n = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        n = min(n, count)
    return len(s) + n * max(len(new) - len(old), 0)


def _joined(items: list, sep: Any) -> int:
    return sum(_weight(i) for i in items) + max(len(items) - 1, 0) * len(str(sep))


def _pre_filter(name: str, value: Any, args: tuple, kwargs: dict) -> Any:
    """Refuse a built-in filter call whose result would be too large; returns the value to
    filter (a generator is read into a list first when its length matters)."""
    def arg(i: int, key: str, default: Any = None) -> Any:
        return args[i] if len(args) > i else kwargs.get(key, default)

    if name == "center":
        w = arg(0, "width", 80)
        if isinstance(w, int):
            _refuse(w, "the centred text")
    elif name == "indent":
        w = arg(0, "width", 4)
        lines = str(value).count("\n") + 1
        _refuse(len(str(value)) + lines * (w if isinstance(w, int) else len(str(w))),
                "the indented text")
    elif name == "wordwrap":
        wrap = arg(2, "wrapstring") or "\n"
        _refuse(len(str(value)) * (1 + len(str(wrap))), "the wrapped text")
    elif name == "replace":
        _refuse(_times(value, arg(0, "old", ""), arg(1, "new", ""), arg(2, "count", -1)),
                "the replaced text")
    elif name == "join":
        value = list(value) if not isinstance(value, (str, list, tuple)) else value
        _refuse(_joined(list(value), arg(0, "d", "")), "the joined text")
    elif name in ("batch", "slice"):
        n = arg(0, "linecount" if name == "batch" else "slices")
        if isinstance(n, int):
            _refuse(n, f"the {name} count")
    elif name == "format":
        _check_printf(str(value))
    elif name == "sum":
        start = arg(1, "start", 0)
        if not isinstance(start, (int, float)):
            value = list(value)
            _refuse(len(value) * (_weight(value) + _weight(start)), "the summed value")
    return value


_AMPLIFYING_FILTERS = {"center", "indent", "wordwrap", "replace", "join", "batch", "slice",
                       "format", "sum"}


def _guard_filter(name: str, func: Any) -> Any:
    skip = 0 if getattr(func, "jinja_pass_arg", None) is None else 1
    sized = _BUDGET.sized

    if name not in _AMPLIFYING_FILTERS:
        @functools.wraps(func)
        def counted(*args: Any, **kwargs: Any) -> Any:
            return sized(func(*args, **kwargs))

        return counted

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            value = _pre_filter(name, args[skip], args[skip + 1:], kwargs)
            args = (*args[:skip], value, *args[skip + 1:])
        return sized(func(*args, **kwargs))

    return guarded


_GUARDED_FILTERS = {name: _guard_filter(name, f) for name, f in FILTERS.items()}
_STR_SIZERS = {
    "center": lambda s, w=0, *_: w, "ljust": lambda s, w=0, *_: w, "rjust": lambda s, w=0, *_: w,
    "zfill": lambda s, w=0: w, "expandtabs": lambda s, t=8: len(s) + s.count("\t") * t,
    "replace": lambda s, old="", new="", count=-1: _times(s, old, new, count),
}


_BUILTIN_METHOD = type("".join)


def _check_call(obj: Any, args: tuple, kwargs: dict) -> tuple:
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
        _refuse(_joined(items, owner), "the joined text")
        args = (items, *args[1:])
    elif name in _STR_SIZERS and not kwargs:
        try:
            n = _STR_SIZERS[name](owner, *args)
        except TypeError:
            return args  # the call itself reports the wrong arguments
        if isinstance(n, int):
            _refuse(n, f"the text from {name}()")
    return args


def _range(*args: int) -> range:
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise RenderLimit(f"range() of {len(r):,} numbers is too long (at most {MAX_RANGE:,})")
    return r


_ITER_FILTER, _SIZE_FILTER = "_liaison_guard_iter", "_liaison_guard_size"


class _GuardLoops(NodeTransformer):
    """Every `{% for %}` iterates through the budget's guard; every `~` result is sized."""

    def __init__(self, environment: jinja2.Environment):
        self.environment = environment

    def _call(self, name: str, node: nodes.Expr) -> nodes.Filter:
        # A filter, not a call: filters are called directly, without the sandbox's checks.
        call = nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)
        call.set_environment(self.environment)
        return call

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = self._call(_ITER_FILTER, node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        return self._call(_SIZE_FILTER, node)


class _GuardedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Any = None) -> None:
        _GuardLoops(self.environment).visit(node)
        super().visit_Template(node, frame)


class LetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox letters render in, with the render limits above."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _GuardedCodeGenerator

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        # Only `range` (ours, shorter than the sandbox's): no cycler, joiner, namespace or
        # lipsum, whose internals a hostile template could walk.
        self.globals = {"range": _range}
        self.filters.update(_GUARDED_FILTERS)
        self.filters[_ITER_FILTER] = _guard_iter
        self.filters[_SIZE_FILTER] = _BUDGET.sized
        self.concat = _concat  # type: ignore[assignment]

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _BUDGET.tick()
        _check_binop(operator, left, right)
        return _BUDGET.sized(super().call_binop(context, operator, left, right))

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _BUDGET.tick()
        args = _check_call(obj, args, kwargs)
        return _BUDGET.sized(super().call(context, obj, *args, **kwargs))


def _guard_iter(iterable: Any) -> Any:
    return _guarded(iter(iterable))


def _guarded(it: Any) -> Any:
    budget = _BUDGET
    for item in it:
        budget.ticks += 1
        if not budget.ticks & 15 and time.monotonic() > budget.deadline:
            budget.late()
        yield item


def _concat(chunks: Any) -> str:
    """The letter's text (and each macro's and `{% set %}` block's), capped and timed."""
    budget = _BUDGET
    out: list[str] = []
    n = 0
    it = iter(chunks)
    while True:  # read in batches: a Python step per chunk would slow every letter down
        batch = list(itertools.islice(it, 256))
        n += sum(map(len, batch))
        if n > MAX_CHARS:
            raise RenderLimit(f"the text grew past {MAX_CHARS:,} characters")
        out += batch
        if time.monotonic() > budget.deadline:
            budget.late()
        if len(batch) < 256:
            break
    budget.work += n
    if budget.work > MAX_WORK:
        raise RenderLimit(f"it built more than {MAX_WORK:,} characters or items in all")
    return "".join(out)


# --------------------------------------------------------------------------- rendering


def _finalize(v: Any) -> Any:
    if v is None:
        raise jinja2.UndefinedError("a value printed here is empty (none); guard it with {% if %}")
    if isinstance(v, (list, tuple, dict)):
        _refuse(_weight(v), "the printed value")
    return v


def _finalize_rtl(v: Any) -> Any:
    """In a right-to-left letter, a value with left-to-right text (an English address, a
    school's name, an email) or a number with dashes (a phone number) is wrapped in Unicode
    first-strong isolates, so "1200 Maple Avenue" keeps its number with its street and
    "617-555-0123" its order, instead of being reordered by the Arabic around it."""
    v = _finalize(v)
    if isinstance(v, str) and needs_isolate(v):
        return v.__class__(FSI) + v + v.__class__(PDI)
    return v


class Renderer:
    """Compiled templates and formatters, kept for a whole run so a mail merge of 1,000
    letters compiles each template once."""

    def __init__(self) -> None:
        self._envs: dict[tuple[str, bool], LetterEnvironment] = {}
        self._sources: dict[str, tuple[str, TemplateFile]] = {}
        self._formatters: dict[tuple[str, str, bool], Formatter] = {}
        self.new_run()

    def new_run(self) -> None:
        """Start a run of letters: each may take LETTER_SECONDS, and together they may take
        LETTER_SECONDS plus RUN_SECONDS_PER_LETTER for each letter after the first, so one slow
        template stops a mail merge early instead of taking seconds per family."""
        self._spent = 0.0
        self._letters = 0

    def _start(self) -> float:
        allowed = min(LETTER_SECONDS,
                      LETTER_SECONDS + self._letters * RUN_SECONDS_PER_LETTER - self._spent)
        start = time.monotonic()
        _BUDGET.why = (f"it ran longer than {LETTER_SECONDS:g} seconds" if allowed >= LETTER_SECONDS
                       else f"these {self._letters + 1} letters took longer than "
                            f"{self._spent + allowed:.1f} seconds together")
        _BUDGET.deadline = start + allowed
        _BUDGET.work = 0
        return start

    def _stop(self, start: float) -> None:
        _BUDGET.deadline = float("inf")
        self._spent += time.monotonic() - start
        self._letters += 1

    def formatter(self, lang: str, asked: str | None = None,
                  persian_digits: bool = True) -> Formatter:
        key = (lang, format_locale(lang, asked), persian_digits)
        f = self._formatters.get(key)
        if f is None:
            f = self._formatters[key] = Formatter(lang, asked, persian_digits)
        return f

    def _load_source(self, name: str):
        entry = self._sources.get(name)
        if entry is None:
            return None  # {% include %} / {% extends %} of anything else: TemplateNotFound
        source, _ = entry
        return source, name, lambda: True

    def _env(self, fmt: Formatter, autoescape: bool) -> LetterEnvironment:
        key = (f"{fmt.locale_code}/{fmt.lang}/{bool(fmt.digits)}", autoescape)
        env = self._envs.get(key)
        if env is None:
            env = LetterEnvironment(
                loader=jinja2.FunctionLoader(self._load_source),
                undefined=jinja2.StrictUndefined, autoescape=autoescape,
                finalize=_finalize_rtl if direction(fmt.lang) == "rtl" else _finalize,
                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                auto_reload=False,
            )
            env.filters.update({
                "date": fmt.date, "weekday_date": fmt.weekday_date, "time": fmt.time,
                "month": fmt.month,
                "number": fmt.number, "language": fmt.language, "and_list": fmt.and_list,
                "grade": fmt.grade, "article": fmt.article,
            })
            self._envs[key] = env
        return env

    def render(self, tf: TemplateFile, context: dict[str, Any], *, who: str,
               asked: str | None = None, persian_digits: bool = True) -> str:
        """Render `tf` with `context`; `who` ("family F3", "the generic letter") goes into
        error messages. Returns the text, tidied (no runs of blank lines) and typeset for its
        language (see `typeset`)."""
        fmt = self.formatter(context.get("lang", tf.lang), asked, persian_digits)
        autoescape = tf.fmt == "html"
        env = self._env(fmt, autoescape)
        # The body's hash in the key: a template edited while the process runs is recompiled.
        key = f"{tf.origin}:{tf.name}:{tf.version}"
        if key not in self._sources:
            # Blank lines stand in for the front matter so Jinja's line numbers are the file's.
            self._sources[key] = ("\n" * (tf.body_line - 1) + keep_line_breaks(tf.body), tf)
        where = f"Template {tf.name}" + (" (yours)" if tf.origin == "yours" else "")
        try:
            template = env.get_template(key)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"{where}, line {exc.lineno}: {(exc.message or '').rstrip('.')}; fix the template."
            ) from None
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{where}: {exc}; fix the template.") from None
        start = self._start()
        try:
            text = template.render(context)
        except RenderLimit as exc:
            line = _template_line(exc, key)
            raise TemplateError(
                f"{where}{line}: rendering stopped, {exc} ({who}); a letter never needs that "
                "much: make the template loop or repeat less (docs/templates.md, Limits)."
            ) from None
        except (RecursionError, MemoryError) as exc:
            what = "calls itself too deeply" if isinstance(exc, RecursionError) else "ran out of memory"
            raise TemplateError(
                f"{where}: rendering stopped, the template {what} ({who}); fix the template."
            ) from None
        except jinja2.UndefinedError as exc:
            line = _template_line(exc, key)
            raise TemplateError(
                f"{where}{line}: {exc.message} ({who}); fill the field in, or guard it in the "
                "template with {% if … %} (docs/templates.md lists every field)."
            ) from None
        except SecurityError as exc:
            line = _template_line(exc, key)
            raise TemplateError(
                f"{where}{line}: the template tried something letters may not do ({exc.message}); "
                "remove it."
            ) from None
        except jinja2.TemplateError as exc:
            line = _template_line(exc, key)
            raise TemplateError(f"{where}{line}: {exc} ({who}); fix the template.") from None
        except TemplateError as exc:  # a filter refused its value
            line = _template_line(exc, key)
            raise TemplateError(f"{where}{line}: {exc.message} ({who}); fix the template.") from None
        except (TypeError, ValueError, AttributeError, IndexError, KeyError, ZeroDivisionError,
                OverflowError) as exc:
            line = _template_line(exc, key)
            raise TemplateError(
                f"{where}{line}: the template failed ({type(exc).__name__}: {exc}) ({who}); "
                "fix the template."
            ) from None
        finally:
            self._stop(start)
        return typeset(tidy(text), fmt.lang, html_markup=autoescape)


_TAGS_ONLY_RE = re.compile(r"^\s*(?:\{%.*?%\}\s*)+$")
_ENDS_WITH_TAG_RE = re.compile(r"(?<![-+])%\}$")


def keep_line_breaks(source: str) -> str:
    """A block tag alone on its line vanishes with the line (trim_blocks); a line of text that
    ends with a tag (`… {% endif %}`) keeps its line break, as a translator expects. Done by
    giving such a closing tag Jinja's `+%}`, which turns trim_blocks off for it."""
    out = []
    for line in source.split("\n"):
        if line.endswith("%}") and not _TAGS_ONLY_RE.match(line):
            line = _ENDS_WITH_TAG_RE.sub("+%}", line)
        out.append(line)
    return "\n".join(out)


def _template_line(exc: BaseException, key: str) -> str:
    """", line 14" from the frames Jinja rewrote to point into the template."""
    line = 0
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == key:
            line = lineno
    if not line:
        lineno = getattr(exc, "lineno", None)
        line = lineno or 0
    return f", line {line}" if line else ""


# --------------------------------------------------------------------------- the Markdown subset


__all__ = [
    "Block", "body_hash", "BUILTIN_ORDER", "direction", "display_width", "FORMAT_LOCALE",
    "format_locale", "FORMATS", "Formatter", "FRONT_KEYS", "FSI", "HASH_LEN", "HT_MONTHS",
    "HTML_PAGE", "inline_runs", "is_missing", "jsonable", "Library", "markdown_to_html",
    "markdown_to_text", "MASTER_LANG", "Missing", "needs_isolate", "notices_html",
    "notices_markdown", "opencc_config", "parse_markdown", "PDI", "read_template_file",
    "Resolved", "review_status", "SOURCE_FORMATS", "split_front_matter", "TemplateFile",
    "tidy", "to_traditional", "traditional_text", "typeset", "value",
]
