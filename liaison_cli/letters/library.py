"""The template library: the folders templates are found in, lookup with language fallback, and
the catalogue of every template in every language with its translation status.

Templates live in `<folder>/<template>/<lang>.<fmt>.j2`; the user's templates folder (config
`templates_dir`) is searched before the built-in one, file by file. Markdown (`md`) is the
master format: plain text and HTML are derived from it (output.py) unless an explicit
`<lang>.txt.j2` or `<lang>.html.j2` exists, so a translator writes one file per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.langs import LETTER_LANGUAGES, fallback_chain, is_tag, language_name, reader_chain
from ..errors import NotFoundError, TemplateError, UsageError
from .chinese import to_traditional
from .templates import MASTER_LANG, TemplateFile, read_template_file, review_status

FORMATS = ("md", "txt", "html", "pdf")
SOURCE_FORMATS = ("md", "txt", "html")
# The built-in templates in the order `liaison templates` lists them; others follow by name.
BUILTIN_ORDER = ("welcome", "home-visit", "event-invite", "conference-reminder",
                 "referral-notice", "tried-to-reach")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_FILE_RE = re.compile(r"^([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(md|txt|html)\.j2$")


@dataclass
class Resolved:
    """The file a letter is rendered from, and how the language was chosen."""

    file: TemplateFile
    asked: str
    lang: str  # the language used
    derived: bool  # the output format is derived from the Markdown master
    # The language was found before the default and English in the asked language's chain
    # (es-MX → es, fa → prs, zh-TW → zh-Hant): the reader reads it. False for a letter in the
    # default language or English because nothing nearer exists.
    near: bool = True
    converted_from: str = ""  # zh-Hant made from the zh letter: "zh"

    @property
    def fallback(self) -> bool:
        return self.asked != self.lang

    @property
    def foreign(self) -> bool:
        """A fallback the reader may not read: it opens with a notice in their language."""
        return self.fallback and not self.near


class Library:
    """The template folders, searched in order: the user's folder first, then the built-ins."""

    def __init__(self, folders: list[tuple[Path, str]]):
        self.folders = [(p, origin) for p, origin in folders if p is not None]
        self._files: dict[tuple[str, str, str], TemplateFile | None] = {}

    @classmethod
    def for_config(cls, config, builtin: Path) -> Library:
        folders: list[tuple[Path, str]] = []
        if config.templates_dir is not None:
            folders.append((Path(config.templates_dir), "yours"))
        folders.append((builtin, "built-in"))
        return cls(folders)

    def names(self) -> list[str]:
        found: set[str] = set()
        for folder, _ in self.folders:
            if folder.is_dir():
                found.update(p.name for p in folder.iterdir()
                             if p.is_dir() and _NAME_RE.match(p.name))
        order = {n: i for i, n in enumerate(BUILTIN_ORDER)}
        return sorted(found, key=lambda n: (order.get(n, len(order)), n))

    def check_name(self, template: str) -> str:
        name = template.strip().lower()
        if not _NAME_RE.match(name) or name not in self.names():
            known = ", ".join(self.names()) or "none"
            raise NotFoundError(
                f"No letter template {template!r}; the templates are {known} (run `liaison templates`)."
            )
        return name

    def files(self, template: str) -> dict[tuple[str, str], tuple[Path, str]]:
        """(lang, fmt) → (path, origin) for every file of `template`, user files winning."""
        out: dict[tuple[str, str], tuple[Path, str]] = {}
        if not _NAME_RE.match(template):
            return out
        for folder, origin in reversed(self.folders):
            sub = folder / template
            if not sub.is_dir():
                continue
            for p in sub.iterdir():
                m = _FILE_RE.match(p.name)
                if m and is_tag(m.group(1)) and p.is_file() and _inside(p, folder):
                    out[(m.group(1), m.group(2))] = (p, origin)
        return out

    def languages(self, template: str) -> list[str]:
        return sorted({lang for lang, _ in self.files(template)})

    def load(self, template: str, lang: str, fmt: str) -> TemplateFile | None:
        """The file for `template` in `lang` and `fmt`, or None. Only a template name, a
        language tag and a format of the documented shapes are looked up, and only a file that
        really is inside a templates folder is read: a language hand-edited into the store as
        `../../x` finds nothing (the letter falls back) instead of a file elsewhere."""
        key = (template, lang, fmt)
        if key not in self._files:
            found = None
            if not (_NAME_RE.match(template) and is_tag(lang) and fmt in SOURCE_FORMATS):
                return None
            for folder, origin in self.folders:
                path = folder / template / f"{lang}.{fmt}.j2"
                if path.is_file() and _inside(path, folder):
                    found = read_template_file(path, template, lang, fmt, origin)
                    break
            self._files[key] = found
        return self._files[key]

    def master(self, template: str) -> TemplateFile | None:
        return self.load(template, MASTER_LANG, "md")

    def resolve(self, template: str, asked: str, fmt: str, default: str = "en") -> Resolved:
        """The file to render `template` in `asked` (or the next language of its fallback
        chain) as `fmt`: an explicit `<lang>.<fmt>.j2`, else the Markdown master to derive from."""
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}.")
        own_chain = reader_chain(asked)
        for lang in fallback_chain(asked, default):
            near = lang in own_chain
            if fmt in ("txt", "html"):
                own = self.load(template, lang, fmt)
                if own is not None:
                    return Resolved(own, asked, lang, derived=False, near=near)
            md = self.load(template, lang, "md")
            if md is not None:
                return Resolved(md, asked, lang, derived=fmt != "md", near=near)
            if lang == "zh-Hant":
                simplified = self.load(template, "zh", "md")
                if simplified is not None:
                    return Resolved(to_traditional(simplified, asked), asked, lang,
                                    derived=fmt != "md", near=True, converted_from="zh")
        raise NotFoundError(
            f"Template {template} has no {asked} version and no English master ({template}/en.md.j2); "
            "add one to your templates folder."
        )

    def catalogue(self, template: str | None = None) -> list[dict[str, Any]]:
        """Every template × language: its status (master, ok, stale, missing, error) and who
        translated and reviewed it. Missing rows cover the built-in letter languages."""
        rows: list[dict[str, Any]] = []
        names = [self.check_name(template)] if template else self.names()
        for name in names:
            files = self.files(name)
            master_hash = ""
            master_error = ""
            try:
                master = self.master(name)
                master_hash = master.version if master else ""
            except TemplateError as exc:
                master_error = exc.message
            langs = sorted({lang for lang, _ in files},
                           key=lambda c: (list(LETTER_LANGUAGES).index(c)
                                          if c in LETTER_LANGUAGES else 99, c))
            for lang in langs:
                fmts = sorted(f for (lg, f) in files if lg == lang)
                fmt = "md" if "md" in fmts else fmts[0]
                path, origin = files[(lang, fmt)]
                row: dict[str, Any] = {
                    "template": name, "lang": lang, "language": language_name(lang),
                    "formats": fmts, "origin": origin, "path": str(path), "title": "",
                    "translator": "", "reviewer": "", "review_date": "", "master_hash": "",
                    "current_master_hash": master_hash, "version": "", "status": "ok",
                    "problem": "",
                }
                try:
                    tf = self.load(name, lang, fmt)
                except TemplateError as exc:
                    row.update(status="error", problem=exc.message)
                    rows.append(row)
                    continue
                assert tf is not None
                row.update({k: tf.meta.get(k, "") for k in
                            ("title", "translator", "reviewer", "review_date", "master_hash")})
                row["version"] = tf.version
                if lang == MASTER_LANG:
                    row["status"] = "master" if not master_error else "error"
                    row["problem"] = master_error
                elif not master_hash:
                    row["status"] = "no master"
                elif not tf.meta.get("master_hash"):
                    row.update(status="stale", problem="no master_hash in its front matter")
                elif tf.meta["master_hash"] != master_hash:
                    row.update(status="stale", problem=(
                        f"translated from master {tf.meta['master_hash']}, the master is now "
                        f"{master_hash}"))
                else:
                    row["status"] = review_status(tf, master_hash)
                rows.append(row)
            for lang in LETTER_LANGUAGES:
                if lang not in langs:
                    rows.append({
                        "template": name, "lang": lang, "language": language_name(lang),
                        "formats": [], "origin": "", "path": "", "title": "", "translator": "",
                        "reviewer": "", "review_date": "", "master_hash": "",
                        "current_master_hash": master_hash, "version": "", "status": "missing",
                        "problem": "",
                    })
        return rows


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is inside `folder` (links followed too)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False
