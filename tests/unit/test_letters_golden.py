"""Golden letters: every built-in template in every language present, for the sample family F3.

A change to a template or a translation shows up here as a diff a reviewer reads. After an
intended change, rewrite the expected files and read the diff before committing:

    LIAISON_REGEN_GOLDEN=1 .venv/bin/pytest tests/unit/test_letters_golden.py

The cases are collected from the template folders, so a new translation (say
templates/welcome/vi.md.j2) is covered as soon as it exists: the first run with the variable set
writes tests/golden/welcome/vi.md. Also here: every template renders in every language for
every sample family.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from letters_family import add_grandmother_family

from liaison_cli.services import letters as svc
from liaison_cli.services.setup import builtin_templates_dir

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
REGEN = os.environ.get("LIAISON_REGEN_GOLDEN") == "1"
FAMILY = "F3"  # the sample's García family: Spanish, two children at Lincoln Elementary

# The options each template is rendered with (the command-line flags of `liaison letter`).
OPTIONS: dict[str, dict[str, str]] = {
    "welcome": {},
    "home-visit": {},
    "event-invite": {"event": "E4"},
    "conference-reminder": {"conference_date": "2026-12-02", "conference_time": "3:30pm",
                            "conference_place": "Room 12"},
    "referral-notice": {},
    "tried-to-reach": {},
}


GRANDMOTHER: dict[str, str] = {}  # the id letters_app gave the Nguyễn family


def _cases() -> list[tuple[str, str]]:
    root = builtin_templates_dir()
    out = []
    for template in OPTIONS:
        for path in sorted((root / template).glob("*.md.j2")):
            out.append((template, path.name.split(".")[0]))
    return out


CASES = _cases()


def _referral_for(app, family: str) -> None:
    """The sample F3 has no referral; make one so referral-notice has something to say."""
    from liaison_cli.services import referrals

    referrals.refer(app, family, "Homework Help Club", student="Mateo García", consent_given=True)


@pytest.fixture
def letters_app(sample_app):
    _referral_for(sample_app, FAMILY)
    GRANDMOTHER["id"] = add_grandmother_family(sample_app)
    return sample_app


def test_every_builtin_template_has_an_english_and_a_spanish_version():
    assert {t for t, _ in CASES} == set(OPTIONS)
    for template in OPTIONS:
        assert (template, "en") in CASES and (template, "es") in CASES


@pytest.mark.parametrize("template,lang", CASES)
def test_golden_letter(letters_app, template, lang):
    opts = svc.LetterOptions(template=template, lang=lang, dry_run=True, **OPTIONS[template])
    letter = svc.render_letter(letters_app, opts, FAMILY)
    assert letter.lang == lang and not letter.fallback
    text = letter.content
    path = GOLDEN / template / f"{lang}.md"
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with LIAISON_REGEN_GOLDEN=1 once and read it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{template}/{lang} changed; if intended, run with LIAISON_REGEN_GOLDEN=1 and review the diff")


@pytest.mark.parametrize("template,lang", CASES)
def test_golden_letter_for_a_grandmother(letters_app, template, lang):
    """The Nguyễn family (letters_family.py): agreement with a grandmother, three children of
    known and unknown gender, Mrs./Mr./Dr. teachers, Vietnamese given names, an event without
    her language's interpreter and more failed attempts than a letter should list."""
    opts = svc.LetterOptions(template=template, lang=lang, dry_run=True, **OPTIONS[template])
    text = svc.render_letter(letters_app, opts, GRANDMOTHER["id"]).content
    path = GOLDEN / template / f"{lang}.grandmother.md"
    if REGEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with LIAISON_REGEN_GOLDEN=1 once and read it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{template}/{lang} (grandmother) changed; if intended, regenerate and review the diff")


@pytest.mark.parametrize("template,lang", CASES)
def test_every_template_renders_for_every_sample_family(letters_app, tmp_path, template, lang):
    sel = svc.Selection(all_=True)
    if template == "referral-notice":
        with letters_app.store.read() as s:
            open_ = {r["family_id"] for r in s.raw("referrals").values()
                     if r["status"] in ("referred", "accepted", "in-progress")}
            active = {f"F{k}" for k, f in s.raw("families").items() if f["status"] == "active"}
        sel = svc.Selection(families=sorted(open_ & active, key=lambda f: int(f[1:])))
    opts = svc.LetterOptions(template=template, lang=lang, dry_run=True, **OPTIONS[template])
    summary = svc.mail_merge(letters_app, opts, sel, tmp_path / "out")
    assert summary.letters and all(lt.lang == lang for lt in summary.letters)
    for lt in summary.letters:
        text = lt.path.read_text(encoding="utf-8")
        # No blank where a value should be: "Dear ,", "Estimada :", a dangling ", ." … (a
        # no-break space before French ":" and ";" is typography, not a blank)
        assert not re.search(r"\w ,|[ \t\n][,.:;]\s|^[,.:;]", text, re.M), (lt.family_id, text)
        assert "None" not in text and "Missing" not in text, lt.family_id


def test_builtin_translations_follow_their_current_master():
    from liaison_cli.letters import Library

    lib = Library([(builtin_templates_dir(), "built-in")])
    bad = [f"{r['template']}/{r['lang']}: {r['status']} {r['problem']}" for r in lib.catalogue()
           if r["status"] not in ("master", "draft", "reviewed", "missing")]
    assert not bad, "update master_hash after checking the translation against the master:\n" + "\n".join(bad)


# --------------------------------------------------------------------------- typography


_FR_COLON_RE = re.compile(r"(?<!\d):|:(?!\d)")  # a colon that is not inside a time (7:45)


@pytest.mark.parametrize("template", list(OPTIONS))
def test_a_french_letter_has_a_no_break_space_before_every_colon(letters_app, template):
    """French typography: U+00A0 before `:`, U+202F (narrow no-break) before `; ! ?` — in the
    template's words and in the data it prints (English event titles included)."""
    opts = svc.LetterOptions(template=template, lang="fr", dry_run=True, **OPTIONS[template])
    text = svc.render_letter(letters_app, opts, FAMILY).content
    colons = [m.start() for m in _FR_COLON_RE.finditer(text)]
    assert colons, "the letter has no colon to check"
    for at in colons:
        assert text[at - 1] == "\u00a0", text[max(0, at - 30):at + 5]
    for m in re.finditer(r"[;!?]", text):
        assert text[m.start() - 1] in "\u202f;!?", text[max(0, m.start() - 30):m.end()]
    assert not re.search(r"[ \u202f]:|[ \u00a0][;!?]", text)


def test_dari_letters_print_dates_in_persian_digits_and_phone_numbers_as_written(letters_app):
    opts = svc.LetterOptions(template="welcome", lang="prs", dry_run=True)
    text = svc.render_letter(letters_app, opts, FAMILY).content
    assert text.startswith("۲۰ نومبر ۲۰۲۶\n")  # LIAISON_TODAY of the tests: 2026-11-20
    assert letters_app.config.liaison.phone in text
    letters_app.config.persian_digits = False  # config.yaml `persian_digits: no`
    text = svc.render_letter(letters_app, opts, FAMILY).content
    assert text.startswith("20 نومبر 2026\n")


def test_chinese_letters_close_warmly(letters_app):
    for template in OPTIONS:
        opts = svc.LetterOptions(template=template, lang="zh", dry_run=True, **OPTIONS[template])
        text = svc.render_letter(letters_app, opts, FAMILY).content
        assert "祝好！" in text and "敬礼" not in text, template


# Languages without a translation of their own: Tigrinya falls back to English and opens with
# the Tigrinya notice (issue 13, item 4); Taiwan's Chinese is the Simplified letter converted
# to Traditional characters with OpenCC. A reviewer reads both diffs like any translation.
FALLBACK_LANGS = {"ti": "en", "zh-TW": "zh-Hant"}
FALLBACK_CASES = [(t, lang) for t in OPTIONS for lang in FALLBACK_LANGS]


@pytest.mark.parametrize("template,lang", FALLBACK_CASES)
def test_golden_fallback_letter(letters_app, template, lang):
    pytest.importorskip("opencc") if lang == "zh-TW" else None
    opts = svc.LetterOptions(template=template, lang=lang, dry_run=True, **OPTIONS[template])
    letter = svc.render_letter(letters_app, opts, FAMILY)
    assert letter.lang == FALLBACK_LANGS[lang]
    assert (letter.notices == ["ti", "es"]) if lang == "ti" else letter.converted_from == "zh"
    text = letter.content
    path = GOLDEN / template / f"fallback-{lang}.md"
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with LIAISON_REGEN_GOLDEN=1 once and read it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{template}/fallback-{lang} changed; if intended, run with LIAISON_REGEN_GOLDEN=1 and "
        "review the diff")
