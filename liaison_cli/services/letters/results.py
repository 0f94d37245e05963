"""What a letter run gives back: each Letter (its language, whether it fell back, what stayed in
English, the review status of its translation) and a mail merge's summary; and the sentences the
command line tells the liaison about them (a fallback, a draft translation, an interpreter)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.langs import UNKNOWN, language_name
from ...letters import all_notices, opencc_config


@dataclass
class Letter:
    template: str
    title: str
    asked: str
    lang: str
    fmt: str
    content: str | bytes
    version: str
    family_id: str | None = None
    guardian: str = ""
    contact_id: str | None = None
    path: Path | None = None
    interpreter_needed: bool = False
    english: list[str] = field(default_factory=list)  # data strings left in English
    review: str = ""  # the translation's review status: master, draft, reviewed, stale
    foreign: bool = False  # a fallback the reader may not read (not es-MX → es or fa → prs)
    notices: list[str] = field(default_factory=list)  # the languages of the opening notices
    converted_from: str = ""  # "zh": a Traditional Chinese letter made from the Simplified one

    @property
    def fallback(self) -> bool:
        return self.asked != self.lang and not self.converted_from

    def to_dict(self) -> dict[str, Any]:
        return {"template": self.template, "title": self.title, "asked": self.asked,
                "lang": self.lang, "format": self.fmt, "version": self.version,
                "family_id": self.family_id, "contact_id": self.contact_id,
                "path": str(self.path) if self.path else None, "fallback": self.fallback,
                "interpreter_needed": self.interpreter_needed,
                "english_strings": list(self.english), "review": self.review,
                "notices": list(self.notices), "converted_from": self.converted_from or None}


@dataclass
class MergeSummary:
    folder: Path
    template: str
    letters: list[Letter] = field(default_factory=list)
    skipped_closed: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def languages(self) -> Counter:
        return Counter(lt.lang for lt in self.letters)

    @property
    def fallbacks(self) -> Counter:
        return Counter(f"{lt.asked} → {lt.lang}" for lt in self.letters if lt.fallback)

    @property
    def english(self) -> dict[str, list[str]]:
        """Per letter language: the English data strings its letters printed."""
        out: dict[str, set[str]] = {}
        for lt in self.letters:
            if lt.english:
                out.setdefault(lt.lang, set()).update(lt.english)
        return {lang: sorted(v) for lang, v in sorted(out.items())}

    @property
    def drafts(self) -> Counter:
        """Letters per language rendered from a translation nobody has reviewed yet."""
        return Counter(lt.lang for lt in self.letters if lt.review in ("draft", "stale"))

    @property
    def interpreter_families(self) -> list[str]:
        """Families flagged as needing an interpreter, and those whose letter went out in a
        language they may not read."""
        return sorted({lt.family_id for lt in self.letters
                       if (lt.interpreter_needed or lt.foreign) and lt.family_id},
                      key=lambda f: int(f[1:]))

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "template": self.template,
                "files": len(self.letters), "dry_run": self.dry_run,
                "languages": dict(self.languages), "fallbacks": dict(self.fallbacks),
                "interpreter_needed": self.interpreter_families,
                "skipped_closed": self.skipped_closed,
                "english_strings": self.english, "drafts": dict(self.drafts),
                "letters": [lt.to_dict() for lt in self.letters]}


# ------------------------------------------------------------------------- what the liaison is told


def fallback_warning(lt: Letter) -> str:
    if lt.asked == UNKNOWN:
        return (f"The language recorded for {lt.family_id or 'this family'} is not a language "
                f"code; this letter is in {language_name(lt.lang)} ({lt.lang}). Correct it with "
                "`liaison edit` (--set-guardian \"NAME:lang=es\" or --home-lang).")
    text = (f"There is no {language_name(lt.asked)} ({lt.asked}) version of {lt.template} yet; "
            f"this letter is in {language_name(lt.lang)} ({lt.lang}).")
    if lt.foreign:
        text += notice_sentence(lt.notices)
    return text + " Run `liaison templates` to see which translations exist."


def notice_sentence(codes: list[str]) -> str:
    """What a fallback letter opens with, in words for the liaison."""
    table = all_notices()
    if not codes:
        return " It opens with no notice: liaison has none in the family's language."
    names = ", ".join(f"{table[c].name} ({table[c].review})" for c in codes)
    return f" It opens with a notice in {names} giving your number for a free interpreter."


def converted_notice(lt: Letter) -> str:
    return (f"This letter is in Traditional Chinese, converted from the Simplified Chinese "
            f"translation with OpenCC's {opencc_config(lt.asked)} table; no one has reviewed it "
            "as Traditional Chinese yet.")


def merge_fallback_warning(asked: str, used: str, n: int, noun: str = "letter") -> str:
    """The warning for `n` letters of a mail merge asked in `asked` that went out in `used`."""
    many = f"{n} {noun}{'s' if n != 1 else ''}"
    if asked == UNKNOWN:
        return (f"{many} went out in {language_name(used)} ({used}): the language recorded for "
                f"the famil{'ies' if n != 1 else 'y'} is not a language code; correct it with "
                "`liaison edit`.")
    return (f"{many} for {language_name(asked)} ({asked}) readers went out in "
            f"{language_name(used)} ({used}): no translation yet.")


def english_warning(lt: Letter) -> str:
    n = len(lt.english)
    return (f"This {language_name(lt.lang)} letter still prints {n} English "
            f"string{'s' if n != 1 else ''} from your config or records (no translation yet"
            f"{'' if n == 1 else ' for them'}); add --verbose to list "
            f"{'it' if n == 1 else 'them'}, and translate with "
            f"`liaison translations export {lt.lang}`.")


def merge_english_warning(lang: str, n: int) -> str:
    return (f"The {language_name(lang)} ({lang}) letters still print {n} English "
            f"string{'s' if n != 1 else ''} from your config or records; add --verbose to list "
            f"{'it' if n == 1 else 'them'}, and translate with "
            f"`liaison translations export {lang}`.")


def draft_warning(lang: str, review: str, n: int = 1) -> str:
    what = (f"{n} {language_name(lang)} ({lang}) letters come" if n != 1
            else f"This {language_name(lang)} ({lang}) letter comes")
    why = {"draft": "a draft translation no native speaker has reviewed yet",
           "stale": "a stale translation, made from an older English master"}.get(
        review, "a translation that is a draft or stale (not reviewed for its current text)")
    return (f"{what} from {why}; have it checked before relying on it "
            "(`liaison templates` shows the review status).")


def interpreter_reminder(family_id: str | None, foreign: bool = False) -> str:
    who = family_id or "This reader"
    if foreign:
        return (f"{who} may not read this letter's language: arrange an interpreter for any "
                "call, visit or meeting it leads to.")
    return (f"{who} needs an interpreter: arrange one for any call, visit or meeting this "
            "letter leads to.")
