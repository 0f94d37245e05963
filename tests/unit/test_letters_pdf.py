"""PDF letters: Arabic shaped right to left, Vietnamese diacritics, Chinese, and clear errors
when the pdf extra or a font is missing. Skipped where PDF support, fonts or pdftotext are not
installed (Debian: pip install '.[pdf]'; apt-get install fonts-noto-core fonts-noto-cjk
poppler-utils)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_cli.errors import TemplateError
from liaison_cli.services import letters as svc

HAS_PDF = all(importlib.util.find_spec(m) for m in ("fpdf", "uharfbuzz", "fontTools"))
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None

AR = """---
title: رسالة ترحيب
---
{{ today|date }}

{% if greeting %}
السيدة {{ greeting }} المحترمة،
{% else %}
إلى العائلة الكريمة،
{% endif %}

# مرحبا بكم في مدرستنا

يسعدنا انضمام عائلتكم إلى مجتمعنا المدرسي. يمكنكم الاتصال بي على الرقم {{ liaison.phone }}.

{% for sc in schools %}
## {{ sc.name }}

العنوان: {{ sc.address }}
{% endfor %}

مع أطيب التحيات،
{{ liaison.name }}
"""
VI = """---
title: Thư chào mừng
---
Kính gửi {{ greeting }},

# Chào mừng gia đình đến với trường

Chúng tôi rất vui được chào đón gia đình. Quý vị có thể gọi cho tôi theo số {{ liaison.phone }}.
"""
ZH = """---
title: 欢迎信
---
{{ greeting }}您好：

# 欢迎来到我们的学校

我们非常高兴欢迎您的家庭加入我们的学校。我是{{ liaison.name }}，学校的家庭联络员。
"""


def fonts_for(script: str) -> bool:
    from liaison_cli.letters import pdf

    try:
        pdf.find_face(script)
    except TemplateError:
        return False
    return True


pytestmark = pytest.mark.skipif(not HAS_PDF, reason="the pdf extra is not installed")


@pytest.fixture
def pdf_app(sample_app, tmp_path):
    folder = tmp_path / "mine" / "welcome"
    folder.mkdir(parents=True)
    for lang, text in (("ar", AR), ("vi", VI), ("zh", ZH)):
        (folder / f"{lang}.md.j2").write_text(text, encoding="utf-8")
    sample_app.config.templates_dir = tmp_path / "mine"
    return sample_app


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    # Drop the bidi marks pdftotext adds around right-to-left runs, and the zero-width spaces
    # that let Chinese lines break.
    return "".join(c for c in out if c not in "\u200b\u200e\u200f\u202a\u202b\u202c\u2068\u2069")


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_an_arabic_letter_has_its_words_in_the_pdf(pdf_app, tmp_path):
    if not (fonts_for("arabic") and fonts_for("latin")):
        pytest.skip("no Arabic font (fonts-noto-core)")
    out = tmp_path / "ar.pdf"
    lt = svc.render_letter(pdf_app, svc.LetterOptions(template="welcome", fmt="pdf", dry_run=True),
                           "F2", out)
    assert lt.lang == "ar" and out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for word in ("مدرستنا", "عائلتكم", "المدرسي", "العنوان", "نوفمبر", "سارة", "حداد"):
        assert word in text, word
    assert "617-555-0123" in text  # a phone number keeps its order inside Arabic
    assert "1200 Maple Avenue, Riverton" in text  # so does an English address
    assert "Riverton Public Schools" in text  # the letterhead


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_vietnamese_and_chinese_letters(pdf_app, tmp_path):
    if fonts_for("latin"):
        out = tmp_path / "vi.pdf"
        svc.render_letter(pdf_app, svc.LetterOptions(template="welcome", fmt="pdf", dry_run=True),
                          "F1", out)
        text = pdf_text(out)
        assert "Chào mừng gia đình đến với trường" in text and "Nguyễn Thị Lan" in text
    if fonts_for("cjk"):
        out = tmp_path / "zh.pdf"
        svc.render_letter(pdf_app, svc.LetterOptions(template="welcome", fmt="pdf", dry_run=True),
                          "F4", out)
        text = pdf_text(out)
        assert "欢迎来到我们的学校" in text and "陈丽华" in text


def test_a_spanish_letter_is_a_print_ready_pdf_on_the_configured_paper(sample_app, tmp_path):
    if not fonts_for("latin"):
        pytest.skip("no Latin font")
    sample_app.config.paper = "a4"
    out = tmp_path / "es.pdf"
    svc.render_letter(sample_app, svc.LetterOptions(template="home-visit", fmt="pdf", dry_run=True),
                      "F3", out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"/MediaBox [0 0 595.28 841.89]" in data
    if HAS_PDFTOTEXT:
        text = pdf_text(out)
        assert "¿Podemos visitar a su familia en casa?" in text and "Firma:" in text


def test_a_missing_font_names_the_package_to_install(sample_app, tmp_path, monkeypatch):
    from liaison_cli.letters import pdf

    monkeypatch.setattr(pdf, "_font_index", {})
    with pytest.raises(TemplateError, match="fonts-noto-core"):
        svc.render_letter(sample_app, svc.LetterOptions(template="welcome", fmt="pdf", dry_run=True),
                          "F3", tmp_path / "x.pdf")
    with pytest.raises(TemplateError, match="fonts-noto-cjk"):
        pdf.find_face("cjk")


def test_without_the_pdf_extra_the_error_says_how_to_install_it(sample_app, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(TemplateError, match=r"pip install 'liaison\[pdf\]'"):
        svc.render_letter(sample_app, svc.LetterOptions(template="welcome", fmt="pdf", dry_run=True),
                          "F3", tmp_path / "x.pdf")
