"""Issue 13, item 4: no one left with bare English. Guardians' spoken and read languages, the
notice a fallback letter opens with (notices.yaml), fa → Dari, Traditional Chinese by OpenCC."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from liaison_cli.core.langs import fallback_chain, language_name, normalize_lang, reader_chain
from liaison_cli.core.models import Guardian, Student
from liaison_cli.errors import ConfigError, TemplateError, UsageError
from liaison_cli.letters.notices import all_notices, notice_for, notices_for
from liaison_cli.services import families
from liaison_cli.services import letters as svc

PHONE = "617-555-0123"  # the sample liaison's


def opts(template: str = "welcome", **kw) -> svc.LetterOptions:
    return svc.LetterOptions(template=template, dry_run=True, **kw)


def add(app, name: str, **guardian) -> str:
    fam = families.add_family(app, name=name, guardians=[Guardian(name=f"{name} Parent", **guardian)],
                              students=[Student(name="Ana", grade="3", school="Lincoln Elementary")])
    return fam.id


# --------------------------------------------------------------------------- the notices


def test_thirty_languages_each_two_sentences_with_the_number_and_a_draft_review():
    table = all_notices()
    assert len({c.split("-")[0] for c in table}) >= 30
    enders = {"rtl": ".۔", "ltr": ".。።။।។"}
    for code, n in table.items():
        assert n.review == "draft", code  # no native speaker has reviewed them yet
        assert n.text.count("{phone}") == 1, code
        text = n.render("617-555-0123")
        assert "617-555-0123" in text, code  # Latin digits, as dialled
        # Two sentences: two sentence ends in the language's own punctuation.
        assert sum(text.count(c) for c in enders[n.dir]) == 2, code
        assert text[-1] in enders[n.dir], code
        assert n.dir == ("rtl" if code in ("ar", "ur", "prs", "ps", "fa") else "ltr"), code


SCRIPTS = {  # a letter each notice must contain, so it is in its own script
    "ti": "\u1200", "am": "\u1200", "my": "\u1000", "ne": "\u0900", "hi": "\u0900",
    "bn": "\u0980", "pa": "\u0a00", "gu": "\u0a80", "te": "\u0c00", "km": "\u1780",
    "ko": "\uac00", "ru": "\u0400", "uk": "\u0400", "ar": "\u0600", "ur": "\u0600",
    "ps": "\u0600", "prs": "\u0600", "fa": "\u0600", "zh": "\u4e00", "zh-Hant": "\u4e00",
    "ja": "\u3040",
}


@pytest.mark.parametrize("code", sorted(SCRIPTS))
def test_each_notice_is_in_its_own_script(code):
    text = all_notices()[code].text
    lo = ord(SCRIPTS[code])
    width = {"\u4e00": 0x5200, "\u3040": 0x60, "\uac00": 0x2ba4}.get(SCRIPTS[code], 0x80)
    assert sum(lo <= ord(c) < lo + width for c in text) >= 8, code


def test_pashto_and_urdu_use_their_own_letters_not_arabic_lookalikes():
    assert "ښ" not in all_notices()["ur"].text
    assert any(c in all_notices()["ps"].text for c in "ړږښګ")  # Pashto letters
    assert "ے" in all_notices()["ur"].text and "۔" in all_notices()["ur"].text  # Urdu's own
    assert "ي" not in all_notices()["prs"].text and "ك" not in all_notices()["prs"].text


def test_traditional_chinese_notice_is_traditional():
    assert "這封信" in all_notices()["zh-Hant"].text and "这" not in all_notices()["zh-Hant"].text
    assert notice_for("zh-TW").lang == "zh-Hant" and notice_for("zh").lang == "zh"
    assert notice_for("fa-AF").lang == "fa" and notice_for("yo") is None


def test_a_right_to_left_notice_isolates_the_number():
    text = all_notices()["ps"].render(PHONE)
    assert "\u2068" + PHONE + "\u2069" in text
    assert PHONE in all_notices()["ti"].render(PHONE) and "\u2068" not in all_notices()["ti"].render(PHONE)


def test_notices_for_skip_the_letter_language_and_english_and_repeat_none():
    got = notices_for(["ti", "en", "am", "ti", "yo", "es"], "en")
    assert [n.lang for n in got] == ["ti", "am", "es"]
    assert notices_for(["es"], "es") == [] and notices_for(["es-MX"], "es") == []


# --------------------------------------------------------------------------- hunspell


HUNSPELL = {  # notice language → Debian dictionary (hunspell-xx)
    "es": "es_US", "ar": "ar", "vi": "vi_VN", "ru": "ru_RU", "pt": "pt_BR", "uk": "uk_UA",
    "fr": "fr_FR", "ko": "ko_KR", "tr": "tr_TR", "ro": "ro_RO", "sw": "sw_TZ",
    "hi": "hi_IN", "ne": "ne_NP", "bn": "bn_BD", "gu": "gu_IN", "te": "te_IN",
    # hunspell-uz is Cyrillic Uzbek; the notice is in the Latin alphabet Uzbekistan uses now.
}
# Words hunspell's dictionary lacks, each correct: the Indic dictionaries Debian ships are small
# word lists (hunspell-gu lacks even માટે "for").
ACCEPTED = {
    "hi": {"दुभाषिये", "लिए", "फ़ोन"},  # oblique of दुभाषिया; "for"; phone with its nukta
    "ne": {"फोन", "गर्नुहोस्"},  # phone; the polite imperative "please do"
    "bn": {"চিঠিটি", "গুরুত্বপূর্ণ", "ফোন"},  # the letter; important; phone
    "gu": {"પત્ર", "દુભાષિયા", "માટે", "પર", "ફોન"},  # letter, interpreter, for, on, phone
    "te": {"కోసం"},  # "for"
}
# Scripts whose vowel signs hunspell's tokenizer splits words at: checked a word a line.
WORD_PER_LINE = {"hi", "ne", "bn", "gu", "te"}


def _dictionary(name: str) -> bool:
    return bool(shutil.which("hunspell")) and any(
        (Path(d) / f"{name}.dic").exists() for d in ("/usr/share/hunspell", "/usr/share/myspell/dicts"))


@pytest.mark.parametrize("code", sorted(HUNSPELL))
def test_notice_spelling_with_hunspell(code):
    name = HUNSPELL[code]
    if not _dictionary(name):
        pytest.skip(f"no hunspell dictionary {name} (Debian: hunspell-{name.split('_')[0].lower()})")
    text = all_notices()[code].text.replace("{phone}", " ")
    if code in WORD_PER_LINE:
        words = re.findall(r"[^\s.,।:;!?]+", text)
        res = subprocess.run(["hunspell", "-d", name, "-w"], input="\n".join(words),
                             capture_output=True, text=True, check=True)
    else:
        res = subprocess.run(["hunspell", "-d", name, "-l"], input=text, capture_output=True,
                             text=True, check=True)
    unknown = set(res.stdout.split()) - ACCEPTED.get(code, set())
    assert not unknown, f"{code}: hunspell does not know {sorted(unknown)}"


# --------------------------------------------------------------------------- languages


def test_kiche_by_name_and_fa_and_traditional_chinese_chains():
    for typed in ("K'iche'", "K’iche’", "kiche", "quc"):
        assert normalize_lang(typed) == "quc", typed
    assert language_name("quc") == "K'iche'"
    assert language_name("zh-TW") == "Chinese (Traditional)"
    assert fallback_chain("fa") == ["fa", "prs", "en"]
    assert fallback_chain("zh-TW") == ["zh-TW", "zh-Hant", "en"]
    assert fallback_chain("zh-Hant-HK", "es") == ["zh-Hant-HK", "zh-Hant", "es", "en"]
    assert reader_chain("es-MX") == ["es-MX", "es"] and reader_chain("ti") == ["ti"]


def test_add_family_with_speaks_and_reads(run, app):
    r = run('add-family --name Tzoc --guardian "Juana Tzoc:mother" --speaks quc --reads es,en '
            '--home-lang "K\'iche\'" --json')
    assert r.exit_code == 0, r.output
    fam = families.show_family(app, "F1")
    g = fam.guardians[0]
    assert (g.speaks, g.reads, fam.home_language) == (["quc"], ["es", "en"], "quc")
    r = run("show F1")
    assert "K'iche' (quc)" in r.stdout and "reads Spanish (es), English (en)" in r.stdout
    assert run("families --lang quc --json").stdout.count('"F1"') == 1


def test_edit_guardian_spec_sets_speaks_and_reads_and_lang_lists_are_explained(run, app):
    assert run('add-family --name Tesfay --guardian "Mehret:mother"').exit_code == 0
    r = run('edit F1 --set-guardian "Mehret:speaks=ti,am:reads=ti"')
    assert r.exit_code == 0, r.output
    g = families.show_family(app, "F1").guardians[0]
    assert (g.speaks, g.reads) == (["ti", "am"], ["ti"])
    r = run('edit F1 --set-guardian "Mehret:lang=quc,es"')
    assert r.exit_code == 2
    assert "--set-guardian lang" in r.stderr and "reads=" in r.stderr and "--lang " not in r.stderr
    r = run('edit F1 --add-guardian "Yonas:father::::reads=ti,en"')
    assert r.exit_code == 0, r.output
    assert families.show_family(app, "F1").guardians[1].reads == ["ti", "en"]
    r = run('edit F1 --set-guardian "Mehret:reads=elvish"')
    assert r.exit_code == 2 and "--set-guardian reads" in r.stderr


def test_a_letter_uses_the_first_language_read_that_has_a_template(sample_app):
    fid = add(sample_app, "Tzoc", speaks=["quc"], reads=["quc", "es"], relationship="mother")
    lt = svc.render_letter(sample_app, opts(), fid)
    assert (lt.asked, lt.lang, lt.fallback, lt.notices) == ("es", "es", False, [])
    assert "Estimada" in lt.content
    # An explicit --lang still wins.
    assert svc.render_letter(sample_app, opts(lang="en"), fid).lang == "en"


def test_a_tigrinya_family_gets_the_notice_and_the_interpreter_reminder(sample_app, run):
    fid = add(sample_app, "Tesfay", speaks=["ti"], reads=["ti"])
    lt = svc.render_letter(sample_app, opts(), fid)
    assert (lt.asked, lt.lang, lt.foreign, lt.notices) == ("ti", "en", True, ["ti"])
    first = lt.content.split("\n\n")[0]
    assert first == "**" + all_notices()["ti"].render(PHONE) + "**"
    assert "Tigrinya (draft)" in svc.fallback_warning(lt)
    r = run(f"letter welcome --family {fid} --dry-run")
    assert r.exit_code == 0
    assert r.stdout.startswith("**እዚ ደብዳቤ ኣገዳሲ እዩ።")
    assert f"{fid} may not read this letter's language: arrange an interpreter" in r.stderr


def test_notices_in_each_of_the_readers_languages_marked_in_html(sample_app):
    fid = add(sample_app, "Yusufzai", language="ps", speaks=["ps", "ur"])
    lt = svc.render_letter(sample_app, opts(fmt="html"), fid)
    assert lt.notices == ["ps", "ur"]
    page = lt.content
    assert '<p lang="ps" dir="rtl"><strong>دا لیک مهم دی.' in page
    assert '<p lang="ur" dir="rtl">' in page
    assert page.index('lang="ps"') < page.index('lang="ur"') < page.index("Dear ")
    assert '<html lang="en" dir="ltr">' in page
    txt = svc.render_letter(sample_app, opts(fmt="txt"), fid).content
    assert txt.startswith("دا لیک مهم دی.") and "**" not in txt


def test_a_generic_letter_in_a_language_without_a_template_has_the_notice(sample_app):
    lt = svc.render_letter(sample_app, opts(lang="my"))
    assert lt.content.startswith("**ဤစာသည် အရေးကြီးပါသည်။") and lt.notices == ["my"]


def test_no_notice_when_the_letter_is_in_a_language_the_reader_reads(sample_app):
    for lang in ("es", "es-MX", "fa", "zh-TW", "en"):
        lt = svc.render_letter(sample_app, opts(lang=lang))
        assert lt.notices == [] and not lt.foreign, lang


def test_the_notice_needs_a_number(sample_app):
    sample_app.config.liaison.phone = ""
    for s in sample_app.config.schools:
        s.phone = ""
    with pytest.raises(ConfigError, match="liaison.phone"):
        svc.render_letter(sample_app, opts(lang="ti"))
    assert svc.render_letter(sample_app, opts(lang="es")).lang == "es"  # only fallbacks need it


def test_fa_falls_back_to_dari(sample_app):
    lt = svc.render_letter(sample_app, opts(lang="fa"))
    assert (lt.lang, lt.fallback, lt.foreign) == ("prs", True, False)
    assert "Dari (prs)" in svc.fallback_warning(lt)


def test_mail_merge_counts_foreign_letters_as_needing_an_interpreter(sample_app, tmp_path):
    fid = add(sample_app, "Tesfay", reads=["ti"])
    summary = svc.mail_merge(sample_app, opts(), svc.Selection(families=[fid]), tmp_path / "out")
    assert summary.interpreter_families == [fid]
    [lt] = summary.letters
    assert lt.notices == ["ti"]
    assert next((tmp_path / "out").iterdir()).read_text(encoding="utf-8").startswith("**እዚ")


# --------------------------------------------------------------------------- Traditional Chinese


needs_opencc = pytest.mark.skipif(importlib.util.find_spec("opencc") is None,
                                  reason="opencc-python-reimplemented is not installed")


@needs_opencc
def test_zh_tw_gets_a_traditional_letter_converted_with_opencc(sample_app, run):
    simplified = svc.render_letter(sample_app, opts(lang="zh")).content
    lt = svc.render_letter(sample_app, opts(lang="zh-TW"))
    assert (lt.lang, lt.fallback, lt.converted_from) == ("zh-Hant", False, "zh")
    assert "歡迎加入我們的學校大家庭" in lt.content and "欢迎" not in lt.content
    assert "资讯" not in lt.content and "資訊" in lt.content  # Taiwan's word for 信息
    assert "2026年11月20日" in lt.content
    assert "欢迎加入我们的学校大家庭" in simplified  # the Simplified letter is untouched
    r = run("letter welcome --lang zh-TW")
    assert r.exit_code == 0 and "converted from the Simplified Chinese" in r.stderr
    # No fallback warning: only the one about English data left in it (no zh-Hant catalogue).
    warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("Warning")]
    assert all("English string" in ln for ln in warnings), warnings
    hk = svc.render_letter(sample_app, opts(lang="zh-HK"))
    assert "資訊" not in hk.content and "信息" in hk.content  # Hong Kong keeps 信息


@needs_opencc
def test_names_are_not_converted(sample_app):
    fid = add(sample_app, "张", language="zh-TW")
    lt = svc.render_letter(sample_app, opts(), fid)
    assert lt.lang == "zh-Hant" and "张" in lt.content


# --------------------------------------------------------------------------- PDF


HAS_PDF = importlib.util.find_spec("fpdf") is not None and importlib.util.find_spec("uharfbuzz") is not None
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return unicodedata.normalize("NFC", "".join(c for c in out if c not in "\u200b\u200e\u200f\u2066\u2067\u2068\u2069"))


@pytest.mark.skipif(not (HAS_PDF and HAS_PDFTOTEXT), reason="the pdf extra or pdftotext is missing")
@pytest.mark.parametrize("lang,words", [("ti", ["ደብዳቤ", "ተርጓሚ"]), ("my", ["ဤစာသည်", "အခမဲ့"]),
                                        ("ps", ["ژباړونکي", "لپاره"])])
def test_fallback_pdfs_carry_the_notice_in_its_script(sample_app, tmp_path, lang, words):
    from liaison_cli.letters import pdf

    needed = {"ti": "NotoSansEthiopic-Regular.ttf", "my": "NotoSansMyanmar-Regular.ttf",
              "ps": "NotoNaskhArabic-Regular.ttf"}[lang]
    if needed not in pdf._fonts():
        pytest.skip(f"{needed} is not installed (Debian: fonts-noto-core)")
    out = tmp_path / f"{lang}.pdf"
    svc.render_letter(sample_app, opts(lang=lang, fmt="pdf"), None, out)
    text = _pdf_text(out)
    for w in words:
        assert w in text, w
    assert "617-555-0123" in text and "Dear family" in text


@pytest.mark.skipif(not HAS_PDF, reason="the pdf extra is not installed")
def test_a_notice_script_without_a_font_names_the_package(sample_app, tmp_path, monkeypatch):
    from liaison_cli.letters import pdf

    fonts = {k: v for k, v in pdf._fonts().items() if "Ethiopic" not in k}
    if "NotoSans-Regular.ttf" not in fonts and "DejaVuSans.ttf" not in fonts:
        pytest.skip("no Latin font")
    monkeypatch.setattr(pdf, "_font_index", fonts)
    with pytest.raises(TemplateError, match=r"Ethiopic .*fonts-noto-core"):
        svc.render_letter(sample_app, opts(lang="ti", fmt="pdf"), None, tmp_path / "ti.pdf")
    assert not (tmp_path / "ti.pdf").exists()


def test_parse_langs():
    assert families.parse_langs(["quc", "es,en", "es"], "--reads") == ["quc", "es", "en"]
    with pytest.raises(UsageError, match="--reads"):
        families.parse_langs("es,??", "--reads")
