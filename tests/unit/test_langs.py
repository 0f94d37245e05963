"""langs.py: language tags as typed and as read back from records."""

from __future__ import annotations

import pytest

from liaison_cli.langs import UNKNOWN, is_tag, language_name, normalize_lang, record_lang


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
