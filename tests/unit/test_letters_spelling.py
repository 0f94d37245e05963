"""Spelling of the built-in templates, checked with hunspell where its dictionary is installed
(Debian: apt-get install hunspell hunspell-es hunspell-fr hunspell-pt-br hunspell-vi hunspell-ar …).

Only the template's own words are checked: the Jinja tags and what they print (names, schools,
the supply lists from config.yaml) are taken out first. A word hunspell does not know but a
native speaker would write goes in ACCEPTED with the reason.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from liaison_cli.letters import split_front_matter
from liaison_cli.services.setup import builtin_templates_dir

# The dictionaries to try for each letter language, best first.
DICTIONARIES = {
    "en": ["en_US"], "es": ["es_US", "es_MX", "es_ES", "es"], "fr": ["fr_FR", "fr"],
    "pt": ["pt_BR", "pt_PT"], "vi": ["vi_VN"], "ar": ["ar"], "so": ["so_SO", "so"],
    "ht": ["ht_HT", "ht"], "zh": [],
    # Debian has no Dari dictionary. hunspell-fa is Iranian Persian, a 2007 word list without
    # affix rules that lacks even برای; it flags correct Dari (تیلفون), so it is not used here.
    "prs": [],
}

ACCEPTED = {
    "en": {"Pre"},  # Pre-K
    # 3.er, 7.º (ordinal abbreviations); kínder and prekínder are the US and Latin-American
    # school words (the DLE has kínder as an Americanism), missing from hunspell-es.
    "es": {"er", "º", "kínder", "prekínder"},
    # hunspell-pt-br splits e-mail (the Brazilian spelling, in the VOLP) at the hyphen.
    "pt": {"mail"},
    # The US grade codes kept in brackets after the Vietnamese name: lớp mẫu giáo (K).
    "vi": {"Pre", "K"},
    # حفيدتكم, "your granddaughter" (to a grandparent raising her): the noun with the plural
    # possessive suffix, correct MSA that hunspell-ar does not list.
    "ar": {"حفيدتكم"},
}


def template_words(path: Path) -> str:
    meta, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    text = meta.get("title", "") + "\n" + body
    for pattern in (r"\{#.*?#\}", r"\{%.*?%\}", r"\{\{.*?\}\}"):
        text = re.sub(pattern, " ", text, flags=re.S)
    # A line of dashes is the Markdown rule, not a word (hunspell-fr reports "---").
    return re.sub(r"^-{3,}[ \t]*$", " ", text, flags=re.M)


def dictionary_for(lang: str) -> str | None:
    if not shutil.which("hunspell"):
        return None
    for name in DICTIONARIES.get(lang, [lang]):
        for folder in (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts")):
            if (folder / f"{name}.dic").exists():
                return name
    return None


def _languages() -> list[str]:
    return sorted({p.name.split(".")[0] for p in builtin_templates_dir().glob("*/*.md.j2")})


def unknown_words(lang: str, dictionary: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted(builtin_templates_dir().glob(f"*/{lang}.md.j2")):
        res = subprocess.run(["hunspell", "-d", dictionary, "-l"], input=template_words(path),
                             capture_output=True, text=True, check=True)
        words = sorted(set(res.stdout.split()) - ACCEPTED.get(lang, set()))
        if words:
            out[f"{path.parent.name}/{path.name}"] = words
    return out


@pytest.mark.parametrize("lang", _languages())
def test_templates_spell_correctly(lang):
    dictionary = dictionary_for(lang)
    if dictionary is None:
        pytest.skip(f"no hunspell dictionary for {lang}")
    assert unknown_words(lang, dictionary) == {}, (
        f"hunspell ({dictionary}) does not know these words; fix them, or add them to ACCEPTED "
        "with the reason")


# The sample district's catalogues (liaison_cli/sample/translations/*.po): what its letters print
# from config and records. Proper names (schools, programmes, places, products) are taken out.
SAMPLE_NAMES = re.compile(r"Lincoln Elementary|Roosevelt Middle School|Jefferson High School|"
                          r"Riverton|Bright Futures|MassHealth|McKinney-Vento|Warm Hands|"
                          r"Chromebook|SAT|USB")
SAMPLE_ACCEPTED = {
    # 3.er, 8.º and "p.m." split at the dots; crayones, resaltador(es) and reutilizable are the
    # words US and Mexican school supply lists use, missing from hunspell-es.
    "es": {"er", "º", "kínder", "m", "p", "crayones", "resaltador", "resaltadores",
           "reutilizable"},
    # "12e année": the ordinal, written as 3e, 8e and 9e are (hunspell-fr knows those).
    "fr": {"12e"},
    # "pen drive", the Brazilian word for a USB flash drive.
    "pt": {"pen"},
    # The units on a US ruler; hóa, khóa, khỏe, tùy in the tone placement of the 2018 school
    # spelling most Vietnamese-American readers learned (hunspell-vi lists hoá, khoá, khoẻ, tuỳ).
    "vi": {"cm", "inch", "hóa", "khóa", "khỏe", "tùy"},
    # هايلايتر: "highlighter" as Arab-American school supply lists write it, after the Arabic.
    "ar": {"هايلايتر"},
}


def _sample_languages() -> list[str]:
    from liaison_cli.sample import CATALOGUES

    return sorted(CATALOGUES)


@pytest.mark.parametrize("lang", _sample_languages())
def test_sample_catalogues_spell_correctly(lang):
    from liaison_cli.sample import CATALOGUES

    dictionary = dictionary_for(lang)
    if dictionary is None:
        pytest.skip(f"no hunspell dictionary for {lang}")
    text = "\n".join(SAMPLE_NAMES.sub(" ", v) for v in CATALOGUES[lang].values())
    res = subprocess.run(["hunspell", "-d", dictionary, "-l"], input=text, capture_output=True,
                         text=True, check=True)
    assert sorted(set(res.stdout.split()) - SAMPLE_ACCEPTED.get(lang, set())) == [], (
        f"hunspell ({dictionary}) does not know these words in the sample's {lang} catalogue")
