"""Rendering a letter: the template library, the language a reader is written to (asked, and
what the library has), the opening notices of a letter the reader may not read, and the output
formats (Markdown, text, HTML, PDF). A Writer serves one run: one letter or a whole merge."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...config import write_private_text
from ...core.langs import UNKNOWN, record_lang
from ...core.models import Family, Guardian
from ...errors import ConfigError
from ...letters import (
    COMPILED_FOLDER,
    Library,
    Renderer,
    Resolved,
    direction,
    markdown_to_html,
    markdown_to_text,
    notices_for,
    notices_html,
    notices_markdown,
    review_status,
)
from ..app import App
from ..setup import builtin_templates_dir
from .options import LetterOptions, parse_format
from .results import Letter

# --------------------------------------------------------------------------- rendering


# Compiled templates are kept for the process (keyed by the template body's hash, so an edit
# is seen): the test suite and a long-lived caller render hundreds of letters.
_RENDERER = Renderer()


class Writer:
    """Renders letters for one run: the library, the compiled templates and the page options."""

    def __init__(self, app: App, opts: LetterOptions):
        self.app = app
        self.opts = opts
        self.lib = library(app)
        self.template = self.lib.check_name(opts.template)
        self.fmt = parse_format(opts.fmt)
        self.renderer = _RENDERER
        self.renderer.cache_dir = app.home / COMPILED_FOLDER  # compiled templates, between runs
        self.renderer.new_run()  # the time limits count from here
        self._resolved: dict[str, Resolved] = {}
        self._en_title: str | None = None
        self.last_text = ""  # the last letter's Markdown, before any conversion

    def review(self, r: Resolved) -> str:
        """The review status of the file `r` renders: master, draft, reviewed or stale."""
        master = self.lib.master(self.template)
        return review_status(r.file, master.version if master else "")

    def resolve(self, asked: str) -> Resolved:
        r = self._resolved.get(asked)
        if r is None:
            r = self._resolved[asked] = self.lib.resolve(
                self.template, asked, self.fmt, self.app.config.default_language)
        return r

    def readable(self, lang: str) -> bool:
        """Whether this template has a letter in `lang` or a language its readers read."""
        return self.resolve(lang).near

    def asked_for(self, lang_opt: str | None, guardian: Guardian | None,
                  family: Family | None) -> str:
        return asked_language(lang_opt, guardian, family, self.app.config.default_language,
                              self.readable)

    def notices(self, r: Resolved, langs: list[str], ctx: dict[str, Any]) -> list[tuple[str, str, str]]:
        """The notices a letter opens with: (lang, dir, text) in each of the reader's languages
        that has one, when the letter is a fallback the reader may not read."""
        if not r.foreign:
            return []
        found = notices_for(langs, r.lang)
        if not found:
            return []
        phone = self.app.config.liaison.phone.strip()
        if not phone:
            sch = ctx.get("school")
            p = sch.get("phone") if isinstance(sch, dict) else ""
            phone = p.strip() if isinstance(p, str) else ""
        if not phone:
            raise ConfigError(
                "A letter in a language the family may not read opens with a notice giving a "
                "number to call for an interpreter, and config.yaml has none; set liaison.phone "
                "in config.yaml (`liaison paths` shows where it is).")
        return [(n.lang, n.dir, n.render(phone)) for n in found]

    def letter(self, r: Resolved, content: str | bytes,
               notices: list[tuple[str, str, str]], **kw: Any) -> Letter:
        return Letter(self.template, r.file.title, r.asked, r.lang, self.fmt, content,
                      r.file.version, foreign=r.foreign, notices=[n[0] for n in notices],
                      converted_from=r.converted_from, **kw)

    @property
    def log_title(self) -> str:
        """The English title, for the disclosure log the staff read."""
        if self._en_title is None:
            master = self.lib.master(self.template)
            self._en_title = master.title if master else self.template
        return self._en_title

    def render(self, r: Resolved, ctx: dict[str, Any], who: str,
               notices: list[tuple[str, str, str]] = ()) -> str | bytes:
        """The letter in the output format; `notices` (lang, dir, text) open it."""
        text = self.renderer.render(r.file, ctx, who=who, asked=r.asked,
                                    persian_digits=self.app.config.persian_digits)
        self.last_text = text
        notices = list(notices)
        if not r.derived:
            if not notices:
                return text
            if self.fmt == "html":
                block = notices_html(notices)
                m = re.search(r"<body[^>]*>\n?", text, re.I)
                return text[:m.end()] + block + text[m.end():] if m else block + text
            return markdown_to_text(notices_markdown(notices)) + "\n" + text \
                if self.fmt == "txt" else notices_markdown(notices) + text
        cfg = self.app.config
        if self.fmt == "txt":
            return markdown_to_text(notices_markdown(notices) + text)
        if self.fmt == "html":
            return markdown_to_html(text, lang=r.lang, direction=direction(r.lang),
                                    title=r.file.title, paper=cfg.paper, letterhead=cfg.letterhead,
                                    notices=notices)
        if self.fmt == "pdf":
            # Start-up: pdf.py costs about 6 ms to import, and fpdf2 more when it renders
            # (measured); only a PDF letter needs them.
            from ...letters import pdf

            return pdf.render_pdf(text, lang=r.lang, title=r.file.title, paper=cfg.paper,
                                  letterhead=cfg.letterhead, notices=notices)
        return notices_markdown(notices) + text


def library(app: App) -> Library:
    """The templates this home folder's letters are written from: the liaison's own
    (`templates_dir` in config.yaml) over the built-in ones."""
    return Library.for_config(app.config, builtin_templates_dir())


def _codes(values: Any) -> list[str]:
    """Stored language lists (hand-edited, perhaps): the well-formed codes, in order."""
    if not isinstance(values, list):
        return []
    return [c for c in (record_lang(v) for v in values) if c and c != UNKNOWN]


def asked_language(opts_lang: str | None, guardian: Guardian | None, family: Family | None,
                   default: str, readable: Callable[[str], bool] | None = None) -> str:
    """The language a letter is asked in: --lang; else the first language the guardian reads
    that has a template (`readable`); else her preferred language, the first she reads or
    speaks, the family's home language, the default."""
    if opts_lang and opts_lang != "auto":
        return opts_lang
    if family is None:
        return default
    if guardian is not None:
        reads = _codes(guardian.reads)
        for code in reads:
            if readable is not None and readable(code):
                return code
        # Stored languages may have been edited by hand: a malformed one reads as UNKNOWN.
        if guardian.language:
            return record_lang(guardian.language) or default
        if reads or _codes(guardian.speaks):
            return (reads or _codes(guardian.speaks))[0]
    return record_lang(family.home_language or family.language) or default


def reader_languages(asked: str, guardian: Guardian | None, family: Family | None) -> list[str]:
    """Every language the reader is known to use, best first: the one asked, the guardian's
    preferred, spoken and read languages, the family's home language."""
    out = [asked]
    if guardian is not None:
        out += [record_lang(guardian.language)] + _codes(guardian.speaks) + _codes(guardian.reads)
    if family is not None:
        out.append(record_lang(family.home_language))
    return [c for c in dict.fromkeys(out) if c and c != UNKNOWN]


def as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_file(path: Path, content: str | bytes) -> None:
    """Write a letter file privately (mode 0600: it holds a family's details)."""
    write_private_text(path, content, durable=False)


# --------------------------------------------------------------------------- the catalogue


def list_templates(app: App, template: str | None = None) -> list[dict[str, Any]]:
    """Templates × languages with their status (master, ok, stale, missing, error)."""
    return library(app).catalogue(template)
