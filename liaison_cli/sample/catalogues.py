"""The sample district's own catalogues: every English string its letters print from config.yaml
and the records, translated into each of the nine letter languages besides English.

They are data, one gettext catalogue per language in translations/ beside this file
(translations/es.po, …), read with Babel the first time they are asked for. `liaison init
--sample` writes them to translations/LANG.po in the home folder, so the sample's letters carry no
English but names and addresses. Written for parents in the United States, the way a school
letter to them would say it, with times as each language's letters print them; each file's
header says how. School names and other proper names stay as they are.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

FOLDER = Path(__file__).with_name("translations")
LANGUAGES = ("es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs")


def read_catalogue(lang: str) -> dict[str, str]:
    """One language's translations, English → translation, in the file's order."""
    po = read_po(io.BytesIO((FOLDER / f"{lang}.po").read_bytes()), abort_invalid=True)
    return {m.id: m.string for m in po if m.id}


@cache
def read_catalogues() -> dict[str, dict[str, str]]:
    """Every language's translations, read once."""
    return {lang: read_catalogue(lang) for lang in LANGUAGES}
