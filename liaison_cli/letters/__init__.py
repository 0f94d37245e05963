"""Letters: templates in the family's language, rendered safely, as Markdown, text, HTML or PDF.

The only package that imports jinja2 (ruff's banned-api rule). One module a job:

    templates.py   one template file: front matter, body hash, review status
    library.py     the template folders, lookup with language fallback, the catalogue
    chinese.py     Traditional Chinese from the Simplified letter (OpenCC)
    context.py     the values a letter's context holds (Missing for an empty field)
    formatting.py  dates, times, numbers, language names per letter language (Babel)
    grammar.py     grade names and the articles before a service's name
    typography.py  direction, bidi isolates, French spacing, tidying
    limits.py      render limits: the numbers, the budget, the checks
    sandbox.py     the Jinja sandbox those limits are wired into
    render.py      Renderer: one template file and a context to a letter
    compiled.py    compiled templates kept between runs (the home's .template-cache/)
    markdown.py    the letter Markdown subset, parsed (hand-written: see its docstring)
    output.py      rendered Markdown as plain text and as a printable HTML page
    notices.py     the notice a fallback letter opens with (notices.yaml)
    pdf.py         PDF letters (the `pdf` extra); imported only for --format pdf

Templates live in `<folder>/<template>/<lang>.<fmt>.j2`, the user's folder searched before the
built-in one. Markdown (`md`) is the master format; text and HTML are derived from the rendered
Markdown unless an explicit `<lang>.txt.j2` or `<lang>.html.j2` exists. docs/templates.md is
the translator's guide. The names below are what the rest of liaison uses.
"""

from __future__ import annotations

from .chinese import opencc_config, traditional_text
from .compiled import FOLDER as COMPILED_FOLDER
from .context import jsonable, value
from .formatting import FORMAT_LOCALE, HT_MONTHS, Formatter, format_locale
from .library import FORMATS, Library, Resolved
from .markdown import parse_markdown
from .notices import all_notices, notice_for, notices_for
from .output import markdown_to_html, markdown_to_text, notices_html, notices_markdown
from .render import Renderer, keep_line_breaks
from .templates import body_hash, review_status, split_front_matter
from .typography import direction, tidy

__all__ = [
    "all_notices", "body_hash", "COMPILED_FOLDER", "direction", "FORMAT_LOCALE", "format_locale", "FORMATS",
    "Formatter", "HT_MONTHS", "jsonable", "keep_line_breaks", "Library", "markdown_to_html",
    "markdown_to_text", "notice_for", "notices_for", "notices_html", "notices_markdown",
    "opencc_config", "parse_markdown", "Renderer", "Resolved", "review_status",
    "split_front_matter", "tidy", "traditional_text", "value",
]
