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
        # No blank where a value should be: "Dear ,", "Estimada :", a dangling ", ." …
        assert not re.search(r"\w ,|\s[,.:;]\s|^[,.:;]", text, re.M), (lt.family_id, text)
        assert "None" not in text and "Missing" not in text, lt.family_id


def test_builtin_translations_follow_their_current_master():
    from liaison_cli.letters import Library

    lib = Library([(builtin_templates_dir(), "built-in")])
    bad = [f"{r['template']}/{r['lang']}: {r['status']} {r['problem']}" for r in lib.catalogue()
           if r["status"] not in ("master", "ok", "missing")]
    assert not bad, "update master_hash after checking the translation against the master:\n" + "\n".join(bad)


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
