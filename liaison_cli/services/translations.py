"""Translations for data: the English text letters take from config and records.

Event titles and places, office hours, supply-list items, service names and descriptions and
the liaison's title are typed in English. Each can carry a translation per language, kept in the
home folder as one gettext catalogue per language (`translations/<lang>.po`). Translators work
on a PO file: `export` writes every English string letters use (msgid) with where it comes from
(msgctxt: "event E4 title", "office hours", "supply list item", "service S2 description") and
what is already translated; `import` reads one back (Babel's PO support).

A letter looks each string up by (msgctxt, msgid), then by msgid alone (the same English text
translated elsewhere, say an event title used twice). What is not found stays English, and the
letter counts the English strings it printed (`Tracker`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from ..config import ensure_private_dir, write_private_text
from ..core.langs import LETTER_LANGUAGES, language_name, normalize_lang
from ..core.models import fold
from ..errors import NotFoundError, UsageError
from ..storage import Session
from .app import App

FOLDER = "translations"
MASTER = "en"


@dataclass(frozen=True)
class Source:
    """One English string a letter may print, and where it comes from."""

    context: str  # the PO msgctxt: "event E4 title", "office hours", …
    text: str
    where: str = ""  # a note for the translator: "Lincoln Elementary, grade 3"


# --------------------------------------------------------------------------- the catalogue


@dataclass
class Catalogue:
    """One language's translations: (context, English) → translation."""

    lang: str
    entries: dict[tuple[str, str], str] = field(default_factory=dict)

    def get(self, context: str, text: str) -> str | None:
        found = self.entries.get((context, text))
        if found:
            return found
        return self._by_text().get(text)

    def _by_text(self) -> dict[str, str]:
        by = getattr(self, "_by_text_cache", None)
        if by is None:
            by = {}
            for (_, en), tr in sorted(self.entries.items()):
                if tr:
                    by.setdefault(en, tr)
            object.__setattr__(self, "_by_text_cache", by)
        return by


def folder(home: Path) -> Path:
    return home / FOLDER


def catalogue_path(home: Path, lang: str) -> Path:
    return folder(home) / f"{lang}.po"


def _babel_locale(lang: str) -> str | None:
    # Start-up: liaison_cli.letters brings jinja2 (about 17 ms on top of this module,
    # measured); `translations` (the status) never names a catalogue's locale.
    from ..letters import format_locale

    loc = format_locale(lang, None)
    try:
        Locale.parse(loc)
    except (UnknownLocaleError, ValueError):  # Babel has no data for it (Haitian Creole)
        return None
    return loc


def _read(path: Path, source: str) -> Catalog:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"There is no file {source}; check the path.") from None
    except OSError as exc:
        raise UsageError(f"Cannot read {source} ({exc.strerror}); check the file.") from None
    try:
        return read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{source} is not a readable PO file ({str(exc).rstrip('.')}); "
                         "fix it in your PO editor and import it again.") from None


def load_catalogue(home: Path, lang: str) -> Catalogue:
    """The home folder's catalogue for `lang` (empty when there is none yet)."""
    cat = Catalogue(lang)
    path = catalogue_path(home, lang)
    if lang == MASTER or not path.is_file():
        return cat
    po = _read(path, f"{FOLDER}/{path.name} in the home folder")
    for m in po:
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string \
                and not m.fuzzy:
            cat.entries[(m.context or "", m.id)] = m.string
    return cat


def save_catalogue(home: Path, cat: Catalogue) -> Path:
    po = Catalog(locale=_babel_locale(cat.lang), project="liaison data",
                 fuzzy=False, charset="utf-8")
    po.language_team = f"{language_name(cat.lang)} ({cat.lang})"
    for (context, text), tr in sorted(cat.entries.items()):
        po.add(text, tr, context=context or None)
    ensure_private_dir(folder(home))
    path = catalogue_path(home, cat.lang)
    buf = io.BytesIO()
    write_po(buf, po, width=0, sort_output=False, omit_header=False)
    write_private_text(path, buf.getvalue())
    return path


def catalogue_languages(home: Path) -> list[str]:
    d = folder(home)
    if not d.is_dir():
        return []
    return sorted(p.stem for p in d.glob("*.po") if normalize_lang(p.stem) == p.stem)


# --------------------------------------------------------------------------- what letters use


def sources(app: App, s: Session) -> list[Source]:
    """Every English string a letter may take from config or records, in a stable order."""
    out: list[Source] = []
    seen: set[tuple[str, str]] = set()

    def add(context: str, text: str, where: str = "") -> None:
        text = (text or "").strip()
        if text and (context, text) not in seen:
            seen.add((context, text))
            out.append(Source(context, text, where))

    cfg = app.config
    add("liaison title", cfg.liaison.title)
    for school in cfg.schools:
        add("office hours", school.office_hours, school.name)
    for school in cfg.schools:
        for grade, items in school.supply_lists.items():
            for item in items:
                add("supply list item", item, f"{school.name}, grade {grade}")
    # Every event, today's and past ones too: an invitation, a reminder or a thank-you may
    # name any of them.
    for k, rec in sorted(s.events.rows().items(), key=lambda kv: int(kv[0])):
        add(f"event E{k} title", rec.get("title", ""))
        add(f"event E{k} place", rec.get("place", ""))
    for k, rec in sorted(s.services.rows().items(), key=lambda kv: int(kv[0])):
        add(f"service S{k} name", rec.get("name", ""))
        add(f"service S{k} description", rec.get("eligibility", ""))
    return out


def service_contexts(s: Session) -> dict[str, str]:
    """A service's name (folded) → its id, to name the msgctxt of a referral's service."""
    return {fold(rec.get("name", "")): f"S{k}" for k, rec in s.services.rows().items()}


class Tracker:
    """Translates the data strings of one run of letters into one language and remembers
    which stayed English, so each letter can count the English strings it printed."""

    def __init__(self, cat: Catalogue):
        self.cat = cat
        self.english: set[str] = set()

    def __call__(self, text: Any, context: str) -> Any:
        if not isinstance(text, str) or not text.strip() or self.cat.lang == MASTER:
            return text
        tr = self.cat.get(context, text.strip())
        if tr:
            return tr
        self.english.add(text.strip())
        return text

    def left_in(self, letter_text: str) -> list[str]:
        """The English strings this letter printed, longest first (a string printed only
        inside a longer English one is not counted twice)."""
        found: list[str] = []
        for t in sorted(self.english, key=lambda x: (-len(x), x)):
            if t in letter_text and not any(t in longer for longer in found):
                found.append(t)
        return sorted(found)


# --------------------------------------------------------------------------- the use cases


def languages_of(app: App) -> list[str]:
    """The languages to count: every letter language but English, and any with a catalogue."""
    langs = [c for c in LETTER_LANGUAGES if c != MASTER]
    langs += [c for c in catalogue_languages(app.home) if c not in langs and c != MASTER]
    return langs


def status(app: App) -> list[dict[str, Any]]:
    """Per language: how many of the strings letters use are translated and missing."""
    with app.store.read() as s:
        srcs = sources(app, s)
    rows = []
    for lang in languages_of(app):
        cat = load_catalogue(app.home, lang)
        done = sum(1 for x in srcs if cat.get(x.context, x.text))
        rows.append({"lang": lang, "language": language_name(lang), "strings": len(srcs),
                     "translated": done, "missing": len(srcs) - done,
                     "catalogue": str(catalogue_path(app.home, lang))
                     if catalogue_path(app.home, lang).is_file() else None})
    return rows


def parse_lang(text: str) -> str:
    code = normalize_lang(text or "")
    if code is None:
        raise UsageError(f"{text!r} is not a language; use a code like es, ar or vi.")
    if code == MASTER:
        raise UsageError("English is the language the strings are written in; export another "
                         "language, like es.")
    return code


def export_po(app: App, lang: str) -> bytes:
    """A PO file of every English string letters use, with the translations already made."""
    lang = parse_lang(lang)
    with app.store.read() as s:
        srcs = sources(app, s)
    cat = load_catalogue(app.home, lang)
    po = Catalog(locale=_babel_locale(lang), project="liaison data", fuzzy=False,
                 charset="utf-8")
    po.language_team = f"{language_name(lang)} ({lang})"
    for x in srcs:
        exact = cat.entries.get((x.context, x.text), "")
        elsewhere = "" if exact else cat.get(x.context, x.text) or ""
        notes = [x.where] if x.where else []
        flags = ()
        if elsewhere:
            notes.append("translated as this elsewhere; check it fits here")
            flags = ("fuzzy",)
        po.add(x.text, exact or elsewhere, context=x.context, auto_comments=notes, flags=flags)
    buf = io.BytesIO()
    write_po(buf, po, width=0, sort_output=False)
    return buf.getvalue()


@dataclass
class ImportResult:
    lang: str
    path: Path
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped_fuzzy: int = 0
    missing: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "catalogue": str(self.path), "added": self.added,
                "changed": self.changed, "unchanged": self.unchanged,
                "skipped_fuzzy": self.skipped_fuzzy, "missing": self.missing}


def import_po(app: App, file: Path, lang: str | None = None) -> ImportResult:
    """Read a translated PO file into the home catalogue of its language. Empty and fuzzy
    entries change nothing (a fuzzy one awaits the translator's check)."""
    po = _read(file, str(file))
    code = parse_lang(lang) if lang else None
    if code is None:
        header = str(po.locale) if po.locale else ""
        code = normalize_lang(header.replace("_", "-")) if header else None
        team = re.search(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\)\s*$", po.language_team or "")
        if code is None and team:
            code = normalize_lang(team.group(1))
        if code is None:
            raise UsageError(f"{file} does not say its language; add --lang es (or set "
                             "`Language:` in its header).")
        # Babel's locale for a letter language maps back to it: es_US → es, fa_AF → prs.
        code = _letter_lang(code)
    cat = load_catalogue(app.home, code)
    result = ImportResult(code, catalogue_path(app.home, code))
    for m in po:
        if not m.id or not isinstance(m.id, str) or not isinstance(m.string, str):
            continue
        if not m.string.strip():
            continue
        if m.fuzzy:
            result.skipped_fuzzy += 1
            continue
        key = (m.context or "", m.id)
        old = cat.entries.get(key)
        if old is None:
            result.added += 1
        elif old != m.string:
            result.changed += 1
        else:
            result.unchanged += 1
        cat.entries[key] = m.string
    if result.added or result.changed:
        save_catalogue(app.home, Catalogue(code, dict(cat.entries)))
    with app.store.read() as s:
        srcs = sources(app, s)
    fresh = load_catalogue(app.home, code) if (result.added or result.changed) else cat
    result.missing = sum(1 for x in srcs if not fresh.get(x.context, x.text))
    return result


def _letter_lang(code: str) -> str:
    from ..letters import FORMAT_LOCALE  # start-up: as in _babel_locale

    for lang, loc in FORMAT_LOCALE.items():
        if normalize_lang(loc.replace("_", "-")) == code:
            return lang
    base = code.split("-")[0]
    return base if base in LETTER_LANGUAGES else code


def install_catalogue(home: Path, lang: str, entries: dict[tuple[str, str], str]) -> Path:
    """Write a whole catalogue (the sample's)."""
    return save_catalogue(home, Catalogue(lang, dict(entries)))


def install_sample(app: App) -> list[str]:
    """Write the sample district's catalogues (every letter language but English) for the
    strings its letters print; returns the languages written."""
    # Here, not at the top: the sample's catalogues are parsed with Babel's PO reader when first
    # asked for (nine files, about 100 ms); only `init --sample` installs them, and every
    # `letter` imports this module.
    from ..sample import CATALOGUES

    with app.store.read() as s:
        srcs = sources(app, s)
    written = []
    for lang, table in CATALOGUES.items():
        entries = {(x.context, x.text): table[x.text] for x in srcs if x.text in table}
        install_catalogue(app.home, lang, entries)
        written.append(lang)
    return written
