"""The notice a fallback letter opens with, in the family's own language(s).

A letter that goes out in English (or the config's default language) because the template has
no translation for the family's language begins with two short sentences in that language:
"This letter is important. Call NUMBER for a free interpreter." The texts live in
notices.yaml beside this file, one entry per language with its review status; see the comment
at its top for where the list of languages comes from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..core.langs import reader_chain
from ..errors import ConfigError
from .typography import FSI, PDI

NOTICES_FILE = Path(__file__).resolve().parent / "notices.yaml"
REVIEW_STATES = ("draft", "reviewed")
MAX_NOTICES = 3  # a letter to a household that reads several languages opens with at most three


@dataclass(frozen=True)
class Notice:
    lang: str
    name: str
    endonym: str
    dir: str
    text: str  # with {phone}
    review: str

    def render(self, phone: str) -> str:
        # Isolated, a phone number keeps its left-to-right order inside an Arabic, Dari, Pashto
        # or Urdu sentence.
        number = f"{FSI}{phone}{PDI}" if self.dir == "rtl" else phone
        return self.text.replace("{phone}", number)


@functools.cache
def all_notices() -> dict[str, Notice]:
    from ..core.yamlio import parse_file, plain  # start-up: only letters that carry a notice

    data = plain(parse_file(NOTICES_FILE))
    out: dict[str, Notice] = {}
    for code, entry in (data or {}).get("notices", {}).items():
        if entry.get("review") not in REVIEW_STATES or "{phone}" not in entry.get("text", ""):
            raise ConfigError(f"{NOTICES_FILE.name}: the notice for {code} needs a text with "
                              "{phone} and a review of draft or reviewed.")
        out[code] = Notice(code, entry["name"], entry["endonym"], entry.get("dir", "ltr"),
                           entry["text"], entry["review"])
    return out


def notice_for(lang: str) -> Notice | None:
    """The notice for `lang` or the nearest tag it falls back to (`zh-TW` → zh-Hant, `fa-AF`
    → fa); None when there is none."""
    table = all_notices()
    for code in reader_chain(lang):
        if code in table:
            return table[code]
    return None


def notices_for(langs: list[str], letter_lang: str) -> list[Notice]:
    """The notices for a letter in `letter_lang` read by someone whose languages are `langs`
    (best first): one per language, none in the letter's own language, at most MAX_NOTICES."""
    out: list[Notice] = []
    letter_base = letter_lang.split("-")[0]
    for lang in langs:
        if not lang or lang.split("-")[0] in (letter_base, "en"):
            continue
        n = notice_for(lang)
        if n is not None and n not in out and n.lang.split("-")[0] != letter_base:
            out.append(n)
        if len(out) == MAX_NOTICES:
            break
    return out
