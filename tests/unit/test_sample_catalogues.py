"""The sample's catalogues are data (liaison_cli/sample/translations/*.po), edited by hand: each
language translates the same strings, and together they cover what the sample's letters print
from its config and records, with no entry left over."""

from __future__ import annotations

import datetime as dt

from liaison_cli.sample import CATALOGUES
from liaison_cli.sample.catalogues import FOLDER, LANGUAGES, read_catalogue
from liaison_cli.services.app import open_app
from liaison_cli.services.setup import init_home
from liaison_cli.services.translations import sources

TODAY = dt.date(2026, 11, 20)


def test_one_file_per_language_each_translating_the_same_strings_in_the_same_order():
    assert sorted(p.stem for p in FOLDER.glob("*.po")) == sorted(LANGUAGES)
    assert list(CATALOGUES) == list(LANGUAGES)
    english = list(CATALOGUES["es"])
    for lang in LANGUAGES:
        table = read_catalogue(lang)
        assert table == CATALOGUES[lang]
        assert list(table) == english, lang
        assert all(text.strip() and text == text.strip() for text in table.values()), lang


def test_the_catalogues_translate_every_string_the_sample_prints_and_nothing_else(tmp_path):
    printed: set[str] = set()
    for families in (None, 40):  # the hand-written caseload and a generated one
        home = tmp_path / f"home-{families}"
        init_home(home, TODAY, sample=True, families=families)
        app = open_app(home, TODAY)
        with app.store.read() as s:
            texts = {x.text for x in sources(app, s)}
        assert texts <= set(CATALOGUES["es"]), texts - set(CATALOGUES["es"])
        printed |= texts
    assert set(CATALOGUES["es"]) == printed
