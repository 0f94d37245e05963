"""Rendering a template file into a letter: compiled once per run, in the sandbox (sandbox.py)
with the letter language's filters (formatting.py), timed (limits.py), then tidied and typeset
(typography.py). Every way a template can fail becomes one TemplateError naming the file, the
line and whose letter it was.

Why the rendering is locked down: templates in the user's folder are code someone else may have
written. They run in Jinja's ImmutableSandboxedEnvironment with only `range` as a global,
StrictUndefined (a field the family lacks stops the letter, naming the field — never "Dear ,"),
and autoescaping for HTML, under time and size limits. The context is a small dict built per
family (services/letters.py).
"""

from __future__ import annotations

import re
import time
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from .. import __version__
from ..errors import TemplateError
from . import limits
from .compiled import CompiledCache
from .formatting import Formatter, format_locale
from .limits import BUDGET, RenderLimit, refuse, weight
from .sandbox import LetterEnvironment
from .templates import TemplateFile
from .typography import FSI, PDI, direction, needs_isolate, tidy, typeset


def _finalize(v: Any) -> Any:
    if v is None:
        raise jinja2.UndefinedError("a value printed here is empty (none); guard it with {% if %}")
    if isinstance(v, (list, tuple, dict)):
        refuse(weight(v), "the printed value")
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
        # Where compiled templates are kept between runs (compiled.py); None: not kept.
        self.cache_dir: Path | None = None
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
        # Read from limits.py at each letter, so a test (or a future setting) can change them.
        seconds, per_letter = limits.LETTER_SECONDS, limits.RUN_SECONDS_PER_LETTER
        allowed = min(seconds, seconds + self._letters * per_letter - self._spent)
        start = time.monotonic()
        BUDGET.why = (f"it ran longer than {seconds:g} seconds" if allowed >= seconds
                      else f"these {self._letters + 1} letters took longer than "
                           f"{self._spent + allowed:.1f} seconds together")
        BUDGET.deadline = start + allowed
        BUDGET.work = 0
        return start

    def _stop(self, start: float) -> None:
        BUDGET.deadline = float("inf")
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
                bytecode_cache=CompiledCache(f"{__version__}/{jinja2.__version__}/{key}",
                                             lambda: self.cache_dir),
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
