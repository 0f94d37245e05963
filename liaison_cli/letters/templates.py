"""One template file: its front matter, its body and the hash that versions it, and the review
status of a translation against its English master.

Each file starts with a `---` front-matter block (title, translator, reviewer, review_date
and, for translations, the `master_hash` of the English master they follow); the rest is the
Jinja body rendered by render.py.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.yamlio import parse_text, plain
from ..errors import ConfigError, TemplateError

MASTER_LANG = "en"
FRONT_KEYS = ("title", "translator", "reviewer", "review_date", "master_hash", "notes")
HASH_LEN = 12


@dataclass
class TemplateFile:
    """One template file, its front matter read and its body kept for rendering."""

    template: str
    lang: str
    fmt: str
    path: Path
    origin: str  # "built-in" or "yours"
    meta: dict[str, str]
    body: str
    body_line: int  # the file line the body starts on (1-based)

    @property
    def name(self) -> str:
        return f"{self.template}/{self.lang}.{self.fmt}.j2"

    @property
    def title(self) -> str:
        return self.meta.get("title", "") or self.template

    @functools.cached_property
    def version(self) -> str:
        """The hash of this file's body: recorded with each letter sent."""
        return body_hash(self.body)


def body_hash(body: str) -> str:
    """The sha256 prefix of a template body, blind to trailing spaces and edge blank lines, so
    re-saving a master in another editor does not make every translation stale."""
    lines = [ln.rstrip() for ln in body.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LEN]


def review_status(tf: TemplateFile, master_hash: str) -> str:
    """"master" for the English master; for a translation "stale" when the master changed
    since it was translated, "reviewed" when a reviewer and a review date are recorded, else
    "draft" (machine or team drafts nobody fluent has checked yet)."""
    if tf.lang == MASTER_LANG:
        return "master"
    if master_hash and tf.meta.get("master_hash") != master_hash:
        return "stale"
    if tf.meta.get("reviewer", "").strip() and _REVIEW_DATE_RE.match(tf.meta.get("review_date", "")):
        return "reviewed"
    return "draft"


_REVIEW_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def split_front_matter(text: str, source: str) -> tuple[dict[str, str], str, int]:
    """(front matter, body, the body's first line) of a template file's text."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if not text.startswith("---\n"):
        raise TemplateError(
            f"{source} does not start with a front-matter block; begin it with `---`, `title: …`, "
            "`---` (see docs/templates.md)."
        )
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise TemplateError(f"{source}: the front matter is not closed; add a line `---` after it.")
    head = text[4:end + 1]
    body = text[end + 5:]
    body_line = head.count("\n") + 3
    try:
        data = plain(parse_text(head, source)) if head.strip() else {}
    except ConfigError as exc:
        raise TemplateError(f"The front matter of {exc.message}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{source}: the front matter must be `key: value` lines.")
    meta: dict[str, str] = {}
    for key, value in data.items():
        if key not in FRONT_KEYS:
            raise TemplateError(
                f"{source}: unknown front-matter key `{key}`; the keys are {', '.join(FRONT_KEYS)}."
            )
        if value is not None and not isinstance(value, str):
            raise TemplateError(f"{source}: front-matter `{key}` must be text on one line.")
        meta[key] = (value or "").strip()
    return meta, body, body_line


def read_template_file(path: Path, template: str, lang: str, fmt: str, origin: str) -> TemplateFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateError(f"{path} is not UTF-8 text; save it as UTF-8 and run again.") from None
    except OSError as exc:
        raise TemplateError(f"Cannot read {path} ({exc.strerror}); check the file.") from None
    meta, body, line = split_front_matter(text, f"{template}/{path.name}")
    return TemplateFile(template, lang, fmt, path, origin, meta, body, line)
