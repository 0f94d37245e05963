"""PDF letters in right-to-left and CJK scripts, turned into PNG pages (pdftoppm) and looked at
by the test: the page has ink, right-to-left body lines sit against the right margin and
left-to-right ones against the left, and no glyph is drawn as the empty box a missing font
leaves (a tofu box is an outlined rectangle with a blank middle: counted from the pixels).
tests/unit/test_letters_pdf_words.py checks the words themselves with pdftotext.
Skipped where PDF support, fonts or poppler-utils are not installed.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess

import pytest

from liaison_cli.services import letters as svc
from tests.unit.test_letters_pdf_words import FAMILY_FOR, HAS_PDF, _has_fonts

pytestmark = [
    pytest.mark.skipif(not HAS_PDF, reason="the pdf extra is not installed"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None,
                       reason="pdftoppm (poppler-utils) is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("PIL") is None, reason="Pillow is not installed"),
]

DPI = 72  # one pixel a point: a US letter page is 612 × 792


def _page(app, tmp_path, template: str, lang: str, family: str):
    from PIL import Image

    out = tmp_path / f"{template}-{lang}.pdf"
    event = "E4" if template == "event-invite" else None  # the sample's upcoming event
    svc.render_letter(app, svc.LetterOptions(template=template, lang=lang, fmt="pdf",
                                             event=event, dry_run=True), family, out)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-gray", str(out),
                    str(tmp_path / "page")], check=True, capture_output=True)
    (png,) = tmp_path.glob("page*.png")
    return Image.open(png).convert("L")


def _ink_rows(img):
    """Per text line below the letterhead: (first inked column, last inked column)."""
    w, h = img.size
    px = img.load()
    lines, start = [], None
    for y in range(90, h - 40):  # below the letterhead rule, above the page foot
        dark = [x for x in range(w) if px[x, y] < 128]
        if dark and start is None:
            start, lo, hi = y, min(dark), max(dark)
        elif dark:
            lo, hi = min(lo, min(dark)), max(hi, max(dark))
        elif start is not None:
            lines.append((lo, hi))
            start = None
    return lines


@pytest.mark.parametrize("lang", ["ar", "prs"])
@pytest.mark.parametrize("template", ["welcome", "event-invite"])
def test_right_to_left_pdf_pages_are_set_from_the_right(sample_app, tmp_path, lang, template):
    if not _has_fonts(lang):
        pytest.skip(f"no font for {lang}")
    img = _page(sample_app, tmp_path, template, lang,
                "F3" if template == "event-invite" else FAMILY_FOR[lang])
    w, _h = img.size
    lines = _ink_rows(img)
    assert len(lines) >= 8, "a page of text"
    right = max(hi for _lo, hi in lines)
    # Most lines end at the right margin (right-aligned); short ones start far from the left.
    flush_right = [ln for ln in lines if ln[1] >= right - 4]
    assert len(flush_right) >= len(lines) * 0.6, lines
    short = [ln for ln in lines if ln[1] - ln[0] < w / 3]
    assert short and all(lo > w / 2 for lo, _hi in short if _hi >= right - 4), short


@pytest.mark.parametrize("lang", ["zh", "zh-TW", "vi"])
def test_left_to_right_pdf_pages_are_set_from_the_left_with_every_glyph_drawn(
        sample_app, tmp_path, lang):
    base = lang.split("-")[0]
    if not _has_fonts(base):
        pytest.skip(f"no font for {lang}")
    img = _page(sample_app, tmp_path, "welcome", lang, FAMILY_FOR[base])
    lines = _ink_rows(img)
    assert len(lines) >= 8
    left = min(lo for lo, _hi in lines)
    assert sum(lo <= left + 4 for lo, _hi in lines) >= len(lines) * 0.8, lines
    assert not _tofu_boxes(img), "glyphs drawn as empty boxes: a font is missing"


def _tofu_boxes(img) -> int:
    """How many empty rectangles the size of a glyph (8–16 px wide at 72 dpi) the page has:
    a closed outline with a blank inside, which no CJK or Latin glyph of the body font is."""
    w, h = img.size
    px = img.load()
    found = 0
    for y in range(90, h - 60):
        x = 0
        while x < w - 20:
            if px[x, y] < 128 and px[x + 1, y] < 128:
                run = x
                while run < w and px[run, y] < 128:
                    run += 1
                width = run - x
                if 7 <= width <= 16:
                    # The same run one glyph height down, dark sides and a blank middle.
                    for dy in range(8, 17):
                        if y + dy >= h:
                            break
                        bottom = all(px[i, y + dy] < 128 for i in range(x, run))
                        sides = all(px[x, y + k] < 128 and px[run - 1, y + k] < 128
                                    for k in range(dy))
                        middle = all(px[i, y + k] > 200 for k in range(2, dy - 1)
                                     for i in range(x + 2, run - 2))
                        if bottom and sides and middle:
                            found += 1
                            break
                x = run
            else:
                x += 1
    return found


def test_the_tofu_counter_finds_a_missing_glyph_box(tmp_path):
    """The box counter itself: an empty outlined rectangle is found, a filled one is not."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (612, 792), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle([100, 200, 111, 213], outline=0)
    draw.rectangle([200, 200, 211, 213], fill=0)
    assert _tofu_boxes(img) == 1
