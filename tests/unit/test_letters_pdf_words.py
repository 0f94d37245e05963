"""PDF letters carry every word of the letter, in every language, read back with pdftotext.

An Arabic or Dari welcome letter once printed its translated supply list as boxes on page 1 and
blanks on page 2: a line opening with a fallback-font character (the "•" bullet) left the PDF's
font state unset or wrong for every later line set wholly in the body font. Nothing looked wrong
in the text the letter was made from, only in the PDF. Skipped where PDF support, fonts or
pdftotext are not installed (Debian: pip install '.[pdf]'; apt-get install fonts-noto-core
fonts-noto-cjk poppler-utils).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import unicodedata

import pytest

from liaison_cli.errors import TemplateError
from liaison_cli.services import letters as svc

HAS_PDF = all(importlib.util.find_spec(m) for m in ("fpdf", "uharfbuzz", "fontTools"))
pytestmark = [
    pytest.mark.skipif(not HAS_PDF, reason="the pdf extra is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None,
                       reason="pdftotext (poppler-utils) is not installed"),
]

# The sample family who reads each language (F3 García also gets the English letter).
FAMILY_FOR = {"en": "F3", "es": "F3", "ar": "F2", "vi": "F1", "zh": "F4", "so": "F5",
              "ht": "F6", "pt": "F7", "fr": "F8", "prs": "F9"}
# Bidi marks and isolates, zero-width space and (non-)joiner: pdftotext adds or drops them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u2066"
                                    "\u2067\u2068\u2069\u2060"))


def _script(lang: str) -> str:
    from liaison_cli.letters import pdf

    return pdf.script_of(lang)


def _has_fonts(lang: str) -> bool:
    from liaison_cli.letters import pdf

    try:
        pdf.find_face(_script(lang))
        pdf.find_face("latin")
    except TemplateError:
        return False
    return True


_LATIN = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff"
# A word is a run of Latin letters and digits or a run of other letters (Chinese runs whole):
# "وLina" is two words, as a right-to-left line sets them apart.
_WORD_RE = re.compile(rf"[{_LATIN}]+|[^\W{_LATIN}_]+")


def _bare(text: str) -> str:
    """Composed, without marks: pdftotext gives an Arabic tanwin as its own glyph, placed
    where it is drawn ("مجا ًنا")."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", _bare(text))


def _words(md: str) -> list[str]:
    """Every word of the letter."""
    return sorted(set(_WORD_RE.findall(_bare(md))))


def _letter(app, tmp_path, template: str, lang: str, family: str, **opts):
    md = svc.render_letter(app, svc.LetterOptions(template=template, lang=lang, dry_run=True,
                                                  **opts), family).content
    out = tmp_path / f"{template}-{lang}.pdf"
    svc.render_letter(app, svc.LetterOptions(template=template, lang=lang, fmt="pdf",
                                             dry_run=True, **opts), family, out)
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                         text=True, check=True)
    return md, run.stdout, run.stderr


@pytest.mark.parametrize("lang", sorted(FAMILY_FOR))
def test_every_word_of_a_welcome_letter_is_in_its_pdf(sample_app, tmp_path, lang):
    if not _has_fonts(lang):
        pytest.skip(f"no font for {lang}")
    md, text, errors = _letter(sample_app, tmp_path, "welcome", lang, FAMILY_FOR[lang])
    assert "No font" not in errors
    page_text = _squeezed(text)
    missing = [w for w in _words(md) if w not in page_text]
    assert not missing, missing
    # The supply lists in particular, translated from the sample's catalogue.
    items = [ln[2:] for ln in md.splitlines() if ln.startswith("- ") and "**" not in ln]
    assert len(items) >= 6
    for item in items:
        for word in _words(item):
            assert word in page_text, (item, word)


@pytest.mark.parametrize("lang", ["ar", "prs"])
def test_a_right_to_left_list_after_a_page_break_keeps_its_font(sample_app, tmp_path, lang):
    """The failure at its smallest: bullets of words with no Latin in them, each bullet drawn
    before its item, across a page break (the second page used to have no font at all)."""
    if not _has_fonts(lang):
        pytest.skip(f"no font for {lang}")
    from liaison_cli.letters import pdf

    words = {"ar": ["أقلام حبر حمراء", "سماعات رأس", "آلة حاسبة علمية"],
             "prs": ["کاغذ چهارخانه", "یک ماشین حساب ساینسی", "هدفون"]}[lang]
    items = [f"{words[n % 3]} {n}" for n in range(60)]
    md = "# " + words[0] + "\n\n" + "\n".join(f"- {it}" for it in items) + "\n\n" + words[1] + "\n"
    data = pdf.render_pdf(md, lang=lang, title="t", letterhead="Riverton Public Schools")
    out = tmp_path / "list.pdf"
    out.write_bytes(data)
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                         text=True, check=True)
    assert "No font" not in run.stderr
    pages = run.stdout.split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    page_text = _squeezed(run.stdout)
    for word in _words(md):
        assert word in page_text, word
    assert page_text.count(_squeezed(words[1])) >= 21  # every item and the paragraph after
