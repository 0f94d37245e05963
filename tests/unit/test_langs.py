"""langs.py: language tags as typed and as read back from records."""

from __future__ import annotations

import pytest

from liaison_cli.core.langs import UNKNOWN, is_tag, language_name, normalize_lang, record_lang


@pytest.mark.parametrize("text,code", [
    ("es", "es"), ("ES_mx", "es-MX"), ("Spanish", "es"), ("zh-hans", "zh-Hans"), ("prs", "prs"),
    (" vi ", "vi"),
])
def test_record_languages_are_normalised(text, code):
    assert record_lang(text) == code == normalize_lang(text)
    assert is_tag(code)


@pytest.mark.parametrize("text", [
    "../../../tmp/evil", "en/../../x", "/etc/passwd", "es\x00", "e", "en-", "es.md", "x" * 40,
    "en-" + "-".join(["abcdefgh"] * 5), 7, ["es"], {"lang": "es"},
])
def test_a_malformed_record_language_reads_as_unknown(text):
    assert record_lang(text) == UNKNOWN
    assert language_name(UNKNOWN) == "an unknown language"


def test_an_empty_record_language_stays_empty():
    assert record_lang("") == record_lang(None) == record_lang("  ") == ""


@pytest.mark.parametrize("code", ["../x", "EN", "en_US", "es-MX/..", "", None, 3, "a" * 36])
def test_only_normalised_tags_are_tags(code):
    assert not is_tag(code)


# ------------------------------------------------------------------ names through langcodes


@pytest.mark.parametrize("text,code", [
    ("K'iche'", "quc"), ("Kiche", "quc"), ("Kʼicheʼ", "quc"), ("k’iché", "quc"), ("Somali", "so"),
    ("Soomaali", "so"), ("español", "es"), ("Español", "es"), ("Farsi", "fa"), ("Q'anjob'al", "kjb"),
    ("Tigrinya", "ti"), ("Haitian Creole", "ht"),
    # the product's own choices: Dari letters are prs, the Karen languages kar, Mandarin the
    # Simplified Chinese letters
    ("Dari", "prs"), ("dari", "prs"), ("Karen", "kar"), ("Mandarin", "zh"),
])
def test_a_language_is_found_by_its_name_in_any_common_form(text, code):
    assert normalize_lang(text) == code


@pytest.mark.parametrize("text", ["English please", "Somali language", "Hello World", "Klingon blah",
                                  "[bold]x", "K'iche'; rm -rf"])
def test_text_that_only_starts_with_a_name_is_not_a_language(text):
    assert normalize_lang(text) is None


@pytest.mark.parametrize("code,label", [
    ("quc", "K'iche' (quc)"), ("prs", "Dari (prs)"), ("so", "Somali (so)"), ("hmn", "Hmong (hmn)"),
    ("kar", "Karen (kar)"), ("es-MX", "Spanish (es-MX)"), ("qqx", "qqx"),
])
def test_codes_are_shown_with_their_names(code, label):
    from liaison_cli.core.langs import language_label

    assert language_label(code) == label
    assert language_name("quc") == "K'iche'"
