"""Translations for data (issue 13, items 1 and 6): catalogues per language in the home folder,
PO export and import, the English left in a letter, and the review status of templates."""

from __future__ import annotations

import json

import pytest
from babel.messages.pofile import read_po, write_po

from liaison_cli.services import translations as tr

pytestmark = pytest.mark.both_backends


@pytest.fixture
def sample(sample_app):
    return sample_app


@pytest.fixture
def no_vi(sample_app):
    """The sample without its Vietnamese catalogue: a language nobody has translated yet."""
    (sample_app.home / "translations" / "vi.po").unlink()
    return sample_app


LETTER_LANGS = ("en", "es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs")


def _po(text: str):
    import io

    return read_po(io.BytesIO(text.encode("utf-8")))


def _upcoming_event(app):
    with app.store.read() as s:
        return next((f"E{k}", rec) for k, rec in sorted(s.events.rows().items(), key=lambda kv: int(kv[0]))
                    if rec["date"] > app.today.isoformat())


def test_export_names_where_each_english_string_comes_from(run, no_vi):
    r = run("translations export vi")
    assert r.exit_code == 0, r.output
    po = _po(r.stdout)
    got = {(m.context, m.id): m.string for m in po if m.id}
    eid, event = _upcoming_event(no_vi)
    assert (f"event {eid} title", event["title"]) in got
    assert (f"event {eid} place", event["place"]) in got
    assert ("office hours", "Monday to Friday, 7:45 to 3:30") in got
    assert ("supply list item", "earbuds") in got
    assert ("service S2 description",
            "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings.") in got
    assert ("liaison title", "Family Liaison") in got
    assert not any(got.values())  # nothing is translated into Vietnamese yet
    # the supply item says which school and grade it is on, for the translator
    item = next(m for m in po if m.id == "a protractor")
    assert any("Roosevelt Middle School" in c for c in item.auto_comments)


def test_listing_counts_missing_strings_per_language(run, no_vi):
    rows = {r["lang"]: r for r in json.loads(run("translations --json").stdout)}
    total = rows["vi"]["strings"]
    assert total > 50
    assert rows["vi"]["missing"] == total and rows["vi"]["translated"] == 0
    # the sample ships a catalogue for each of its other letter languages
    for lang in LETTER_LANGS[1:]:
        if lang != "vi":
            assert (rows[lang]["missing"], rows[lang]["translated"]) == (0, total), lang
    r = run("translations")
    assert r.exit_code == 0 and "Vietnamese" in r.stdout


def test_a_letter_counts_its_english_strings_and_lists_them_with_verbose(run, no_vi):
    eid, event = _upcoming_event(no_vi)
    r = run(f"letter event-invite --family F1 --lang vi --event {eid} --dry-run")
    assert r.exit_code == 0, r.output
    assert event["title"] in r.stdout
    assert "English string" in r.stderr and "translations export vi" in r.stderr
    assert event["title"] not in r.stderr  # only counted without --verbose
    r = run(f"letter event-invite --family F1 --lang vi --event {eid} --dry-run --verbose")
    assert f"  {event['title']}" in r.stderr and f"  {event['place']}" in r.stderr
    # English letters are written in English: nothing to count
    r = run(f"letter event-invite --family F1 --lang en --event {eid} --dry-run")
    assert "English string" not in r.stderr


def test_translated_po_round_trip_puts_the_translation_in_the_letter(run, no_vi, tmp_path):
    eid, event = _upcoming_event(no_vi)
    out = tmp_path / "vi.po"
    assert run(f"translations export vi --out {out}").exit_code == 0
    with out.open("rb") as fh:
        po = read_po(fh)
    for m in po:
        if m.context == f"event {eid} title":
            m.string = "Toán cấp hai: cách giúp con ở nhà"
        elif m.context == f"event {eid} place":
            m.string = "Thư viện trường Roosevelt Middle School"
    with out.open("wb") as fh:
        write_po(fh, po)
    r = run(f"translations import {out}")
    assert r.exit_code == 0, r.output
    assert "2 new" in r.stdout
    assert (no_vi.home / "translations" / "vi.po").is_file()
    r = run(f"letter event-invite --family F1 --lang vi --event {eid} --dry-run --verbose")
    assert "Toán cấp hai: cách giúp con ở nhà" in r.stdout, r.stdout
    assert event["title"] not in r.stdout
    # nothing is left in English: the default liaison title is not printed after the role
    assert "English string" not in r.stderr and "Family Liaison" not in r.stdout
    rows = {x["lang"]: x for x in json.loads(run("translations --json").stdout)}
    assert rows["vi"]["translated"] == 2
    # exporting again carries what is translated
    again = {(m.context, m.id): m.string for m in _po(run("translations export vi").stdout)}
    assert again[(f"event {eid} title", event["title"])] == "Toán cấp hai: cách giúp con ở nhà"


@pytest.mark.parametrize("lang", [*LETTER_LANGS, "zh-TW", "zh-HK"])
def test_the_sample_event_invitation_and_welcome_have_no_english_data(run, sample, lang):
    """Traditional Chinese letters take the Simplified catalogue, converted as the letter is."""
    for args in ("event-invite --family F1", "welcome --family F3", "welcome",
                 "event-invite", "event-invite --event E4 --family F3",
                 "event-invite --event E1 --family F1"):  # E1 was held before today
        r = run(f"letter {args} --lang {lang} --dry-run --verbose")
        assert r.exit_code == 0, r.output
        assert "English string" not in r.stderr, (args, r.stderr)


# One translated string from config per language: the office hours and an item on the
# kindergarten supply list, in the letter itself.
SAMPLE_LINES = {
    "es": ("de lunes a viernes", "audífonos de botón"),
    "ar": ("من الاثنين إلى الجمعة", "قلم تلوين شمعي"),
    "vi": ("từ thứ Hai đến thứ Sáu", "bút sáp màu"),
    "zh": ("周一至周五", "蜡笔"),
    "so": ("Isniinta ilaa Jimcaha", "xabag ul"),
    "ht": ("lendi rive vandredi", "kreyon sir"),
    "pt": ("de segunda a sexta", "gizes de cera"),
    "fr": ("du lundi au vendredi", "crayons de cire"),
    "prs": ("دوشنبه تا جمعه", "پنسل رنگه مومی"),
}


@pytest.mark.parametrize("lang", sorted(SAMPLE_LINES))
def test_the_sample_welcome_letter_prints_its_data_translated(run, sample, lang):
    r = run(f"letter welcome --lang {lang}")
    assert r.exit_code == 0, r.output
    assert "Monday to Friday" not in r.stdout
    if lang != "so":  # the Somali list adds the English name in brackets, for the shop
        assert "earbuds" not in r.stdout
    for text in SAMPLE_LINES[lang]:
        assert text in r.stdout, (lang, text)


def test_a_mail_merge_counts_english_per_language(run, no_vi, tmp_path):
    r = run(f"letter welcome --all --lang vi --dry-run --out {tmp_path / 'out'} --json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert "Monday to Friday, 7:45 to 3:30" in summary["english_strings"]["vi"]
    assert "English string" in r.stderr


def test_import_of_a_broken_po_changes_nothing(run, sample, tmp_path):
    before = (sample.home / "translations" / "es.po").read_bytes()
    bad = tmp_path / "bad.po"
    bad.write_text('msgctxt "office hours"\nmsgid "x"\nmsgstr "y"\nthis is not PO\n', encoding="utf-8")
    r = run(f"translations import {bad} --lang es")
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: ") and "not a readable PO file" in r.stderr
    assert "Traceback" not in r.output
    assert (sample.home / "translations" / "es.po").read_bytes() == before
    r = run(f"translations import {tmp_path / 'none.po'}")
    assert r.exit_code == 3 and "Traceback" not in r.output


def test_fuzzy_and_empty_entries_do_not_become_translations(no_vi, tmp_path):
    from babel.messages.catalog import Catalog

    po = Catalog(locale="vi")
    po.add("earbuds", "tai nghe nhét tai", context="supply list item", flags=("fuzzy",))
    po.add("headphones", "", context="supply list item")
    po.add("a ruler", "một cây thước", context="supply list item")
    path = tmp_path / "vi.po"
    with path.open("wb") as fh:
        write_po(fh, po)
    res = tr.import_po(no_vi, path)
    assert (res.lang, res.added, res.skipped_fuzzy) == ("vi", 1, 1)
    cat = tr.load_catalogue(no_vi.home, "vi")
    assert cat.get("supply list item", "a ruler") == "một cây thước"
    assert cat.get("supply list item", "earbuds") is None
    assert cat.get("supply list item", "headphones") is None


def test_a_letter_from_a_draft_translation_says_so(run, sample, tmp_path):
    r = run("letter welcome --family F3 --lang es --dry-run")
    assert "draft" in r.stderr and "reviewed" in r.stderr
    r = run("letter welcome --family F3 --lang en --dry-run")
    assert "draft" not in r.stderr
    # a reviewed translation in the user's folder is quiet
    from liaison_cli.letters import body_hash

    mine = tmp_path / "mine" / "welcome"
    mine.mkdir(parents=True)
    en_body = "Hello\n"
    (mine / "en.md.j2").write_text("---\ntitle: W\n---\n" + en_body, encoding="utf-8")
    (mine / "es.md.j2").write_text(
        f"---\ntitle: B\ntranslator: Ana\nreviewer: Luis\nreview_date: 2026-11-02\n"
        f"master_hash: {body_hash(en_body)}\n---\nHola\n", encoding="utf-8")
    cfg = sample.home / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        'templates_dir: ""', f'templates_dir: "{tmp_path / "mine"}"'), encoding="utf-8")
    r = run("letter welcome --family F3 --lang es --dry-run")
    assert r.stdout == "Hola\n" and "draft" not in r.stderr
    row = next(x for x in json.loads(run("templates --json").stdout)
               if (x["template"], x["lang"]) == ("welcome", "es"))
    assert row["status"] == "reviewed"
