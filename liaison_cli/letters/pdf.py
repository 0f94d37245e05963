"""Print-ready PDF letters (the optional `pdf` extra: fpdf2 with uharfbuzz shaping).

Imported only for `--format pdf`. Takes the letter's rendered Markdown (markdown.py's subset)
and lays it out on Letter or A4 paper with the config's letterhead line. Text is shaped with
HarfBuzz, so Arabic letters join and run right to left, Vietnamese stacks its diacritics, and
Chinese uses a CJK font. Fonts are the system's, found at run time (Debian: fonts-noto-core,
fonts-noto-cjk; DejaVu as a fallback for Latin and Arabic); a missing one stops the letter
with the package to install, never a page of empty boxes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..core.langs import RTL
from ..errors import TemplateError
from .markdown import inline_runs, parse_markdown

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts", Path.home() / ".fonts",
             Path("/Library/Fonts"), Path("/System/Library/Fonts"))

# (regular, bold, face name inside a collection or None), best first, per script.
LATIN_FONTS = [("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", None),
               ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", None)]
ARABIC_FONTS = [("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", None),
                ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", None),
                ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", None)]
CJK_FONTS = [("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
             ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf", None),
             ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf", None),
             ("wqy-zenhei.ttc", "wqy-zenhei.ttc", None)]
PACKAGES = {"latin": "fonts-noto-core (or fonts-dejavu-core)", "arabic": "fonts-noto-core",
            "cjk": "fonts-noto-cjk"}
SCRIPT_NAMES = {"latin": "Latin-script", "arabic": "Arabic-script", "cjk": "Chinese"}

# The scripts of the fallback notices (notices.yaml) that the three faces above lack: a letter
# carrying one gets that script's Noto face as a fallback font, or stops naming the package.
# (script name, characters, regular font file, Debian package)
OTHER_SCRIPTS = [
    ("Ethiopic (Tigrinya, Amharic)", re.compile(r"[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]"),
     "NotoSansEthiopic-Regular.ttf", "fonts-noto-core"),
    ("Myanmar (Burmese, Karen)", re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]"),
     "NotoSansMyanmar-Regular.ttf", "fonts-noto-core"),
    ("Devanagari (Hindi, Nepali)", re.compile(r"[\u0900-\u097f]"),
     "NotoSansDevanagari-Regular.ttf", "fonts-noto-core"),
    ("Bengali", re.compile(r"[\u0980-\u09ff]"), "NotoSansBengali-Regular.ttf", "fonts-noto-core"),
    ("Gurmukhi (Punjabi)", re.compile(r"[\u0a00-\u0a7f]"), "NotoSansGurmukhi-Regular.ttf",
     "fonts-noto-core"),
    ("Gujarati", re.compile(r"[\u0a80-\u0aff]"), "NotoSansGujarati-Regular.ttf", "fonts-noto-core"),
    ("Telugu", re.compile(r"[\u0c00-\u0c7f]"), "NotoSansTelugu-Regular.ttf", "fonts-noto-core"),
    ("Khmer", re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]"), "NotoSansKhmer-Regular.ttf",
     "fonts-noto-core"),
]
_HANGUL_RE = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_CJK_RE = re.compile(r"[\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Scripts whose letters change shape or order: Hebrew, Arabic, Syriac, Thaana, the Indic
# scripts, Thai, Lao, Tibetan, Myanmar, Khmer, and the Arabic presentation forms.
_COMPLEX_RE = re.compile(r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff"
                         r"\ufb1d-\ufdff\ufe70-\ufeff\u2066-\u2069\u200e\u200f]")

_font_index: dict[str, Path] | None = None


def _fonts() -> dict[str, Path]:
    """File name → path for every font file under the usual folders (walked once)."""
    global _font_index
    if _font_index is None:
        index: dict[str, Path] = {}
        for root in FONT_DIRS:
            if root.is_dir():
                for p in sorted(root.rglob("*")):
                    if p.suffix.lower() in (".ttf", ".otf", ".ttc") and p.name not in index:
                        index[p.name] = p
        _font_index = index
    return _font_index


@dataclass
class Face:
    regular: Path
    bold: Path
    collection_index: int = 0


def _collection_index(path: Path, face: str | None) -> int:
    if face is None or path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection  # the pdf extra: only for a .ttc font

    coll = TTCollection(str(path), lazy=True)
    for i, font in enumerate(coll.fonts):
        if font["name"].getDebugName(1) == face:
            return i
    return 0


def find_face(script: str) -> Face:
    candidates = {"latin": LATIN_FONTS, "arabic": ARABIC_FONTS, "cjk": CJK_FONTS}[script]
    index = _fonts()
    for regular, bold, face in candidates:
        if regular in index:
            reg = index[regular]
            return Face(reg, index.get(bold, reg), _collection_index(reg, face))
    raise TemplateError(
        f"No font for {SCRIPT_NAMES[script]} letters was found; install the Debian package "
        f"{PACKAGES[script]} (or your system's Noto fonts) and run again."
    )


def script_of(lang: str) -> str:
    base = lang.split("-")[0]
    if base in RTL:
        return "arabic"
    if base in ("zh", "ja", "ko", "yue"):
        return "cjk"
    return "latin"


def _fpdf_class():
    try:
        from fpdf import FPDF  # the pdf extra, optional and slow to import: PDF letters only
    except ImportError:
        raise TemplateError(
            "PDF letters need the pdf extra; install it with `pip install 'liaison[pdf]'` "
            "(fpdf2, uharfbuzz, fonttools), or use --format html and print from a browser."
        ) from None
    try:
        import uharfbuzz  # noqa: F401  (fpdf2 needs it to shape Arabic)
    except ImportError:
        raise TemplateError(
            "PDF letters need uharfbuzz to shape Arabic and Vietnamese text; install it with "
            "`pip install 'liaison[pdf]'`."
        ) from None

    class LetterPDF(FPDF):
        # Only **bold** is letter Markdown; fpdf2's other markers (__, --, ~~) and links would
        # turn a phone number "617--555" or a name into styling, so they are switched off.
        MARKDOWN_ITALICS_MARKER = "\x1e\x01"
        MARKDOWN_STRIKETHROUGH_MARKER = "\x1e\x02"
        MARKDOWN_UNDERLINE_MARKER = "\x1e\x03"
        MARKDOWN_MARKERS = ("**", "\x1e\x01", "\x1e\x02", "\x1e\x03")
        MARKDOWN_ESCAPE_CHARACTER = "\x1f"
        MARKDOWN_LINK_REGEX = re.compile(r"(?!)")

        def _render_styled_text_line(self, text_line, *args, **kwargs):
            # fpdf2 2.8.9: when a line's first run is in a fallback font ("•" in an Arabic
            # letter, a Latin name opening a line) and the page has no font yet, fpdf2 selects
            # the body font *inside* the line's q…Q, which then undoes it, yet marks it as
            # selected. Every later line set wholly in the body font was then drawn with no font
            # (blank, "No font in show") or the fallback's (boxes). Selecting the body font
            # outside the line first keeps the page's font state what fpdf2 believes it is.
            if (self.page and self.current_font is not None
                    and not self.current_font_is_set_on_page
                    and not kwargs.get("prevent_font_change")):
                self._out(self._set_font_for_page(self.current_font, self.font_size_pt))
            return super()._render_styled_text_line(text_line, *args, **kwargs)

        def footer(self) -> None:
            if self.page_no() > 1:
                self.set_y(-15)
                self.set_font(self.body_font, size=9)
                self.set_text_color(110)
                self.cell(0, 8, f"– {self.page_no()} –", align="C")
                self.set_text_color(0)

    return LetterPDF


_NO_BREAK_BEFORE = set("，。、：；！？）」』】〉》…·,.;:!?)]%")
_CJK_CHAR_RE = re.compile(r"([\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])(?=.)")


def _cjk_breaks(text: str) -> str:
    """Chinese has no spaces between words; fpdf2 breaks lines at spaces only, so it would
    break at the one space before a Latin name and leave a short line. A zero-width space
    after each CJK character (not before closing punctuation) lets lines fill."""
    return _CJK_CHAR_RE.sub(
        lambda m: m.group(1) if text[m.end()] in _NO_BREAK_BEFORE else m.group(1) + "\u200b", text)


_DASHED_RUN_RE = re.compile(r"\d[\d ]*(?:[-+] ?\d+)+")


def _isolate_numbers(text: str) -> str:
    """fpdf2's bidi reverses the groups of "617-555-0123" inside Arabic (it misses the rule that
    joins numbers across a dash); an explicit left-to-right isolate keeps them in order. Values
    from the context are already isolated (render.py); this catches numbers typed in a
    template."""
    return _DASHED_RUN_RE.sub(lambda m: "\u2066" + m.group(0) + "\u2069", text)


def _marked(text: str, rtl: bool = False) -> str:
    """Letter Markdown bold as fpdf2 markdown, anything else literal."""
    out = []
    text = _cjk_breaks(text) if _CJK_RE.search(text) else text
    text = _isolate_numbers(text) if rtl else text
    for t, bold in inline_runs(_CONTROL_RE.sub("", text)):
        t = t.replace("**", "*\u2060*")
        out.append(f"**{t}**" if bold and t.strip() else t)
    return "".join(out)


def render_pdf(md: str, *, lang: str, title: str, paper: str = "letter",
               letterhead: str = "", today: dt.date | None = None,
               notices: list[tuple[str, str, str]] = ()) -> bytes:
    """The letter as PDF bytes; `notices` (lang, dir, text) open it, each set in its own
    direction."""
    cls = _fpdf_class()
    script = script_of(lang)
    rtl = script == "arabic"
    # Composed characters (a Vietnamese name typed on a Mac arrives decomposed) print with the
    # font's own accented letters.
    md, letterhead = unicodedata.normalize("NFC", md), unicodedata.normalize("NFC", letterhead)
    notices = [(n_lang, n_dir, unicodedata.normalize("NFC", text)) for n_lang, n_dir, text in notices]
    body_text = md + "\n" + letterhead + "".join("\n" + t for _, _, t in notices)
    pdf = cls(format="A4" if paper == "a4" else "letter", unit="mm")
    pdf.set_margins(22, 18, 22)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(title)
    pdf.set_lang(lang)
    pdf.set_creator("liaison")
    if today is not None:
        pdf.set_creation_date(dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC))

    def add(name: str, face: Face, bold: bool = True) -> None:
        pdf.add_font(name, "", str(face.regular), collection_font_number=face.collection_index)
        if bold:
            pdf.add_font(name, "B", str(face.bold), collection_font_number=face.collection_index)

    main = find_face(script)
    add("body", main)
    fallbacks = []
    # A letter in one script still carries names and places in others: a school's name in an
    # Arabic letter, a grandmother's name in Arabic script in an English one.
    if script != "latin":
        add("latin", find_face("latin"))
        fallbacks.append("latin")
    # A name in another script is set in that script's regular face even inside bold text:
    # loading a second Noto CJK face costs a second or more per letter.
    if script != "arabic" and _ARABIC_RE.search(body_text):
        add("arabic", find_face("arabic"), bold=False)
        fallbacks.append("arabic")
    if script != "cjk" and (_CJK_RE.search(body_text) or _HANGUL_RE.search(body_text)):
        add("cjk", find_face("cjk"), bold=False)
        fallbacks.append("cjk")
    for n, (name, chars, regular, package) in enumerate(OTHER_SCRIPTS):
        if chars.search(body_text):
            path = _fonts().get(regular)
            if path is None:
                raise TemplateError(
                    f"No font for {name} text was found; install the Debian package {package} "
                    "(or your system's Noto fonts) and run again.")
            bold = _fonts().get(regular.replace("-Regular", "-Bold"), path)
            add(f"script{n}", Face(path, bold))
            fallbacks.append(f"script{n}")
    pdf.body_font = "body"
    if fallbacks:
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    # HarfBuzz shaping makes fpdf2 re-measure every line character by character (a second
    # per page); only scripts that need it get it: Arabic joins and runs right to left, a
    # leftover combining mark must be placed. Latin, Vietnamese (composed) and Chinese do not.
    if rtl or _COMPLEX_RE.search(body_text) or any(unicodedata.combining(c) for c in body_text):
        pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr")
    pdf.add_page()
    align = "R" if rtl else "L"
    width = pdf.epw
    size = 11.5 if script == "arabic" else 11
    line_h = size * 0.55

    if letterhead.strip():
        pdf.set_font("body", size=9.5)
        pdf.set_text_color(70)
        pdf.multi_cell(width, 5, _CONTROL_RE.sub("", letterhead.strip()), align="C",
                       new_x="LMARGIN", new_y="NEXT")
        y = pdf.get_y() + 2
        pdf.set_draw_color(150)
        pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
        pdf.set_text_color(0)
        pdf.set_y(y + 7)

    def room_for(height: float) -> None:
        """Start a new page unless `height` fits: a heading stays with its first lines, a
        bullet with its item."""
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()

    def height_of(blocks) -> float:
        """A rough height of `blocks` (the reply slip after the last rule)."""
        total = 0.0
        for b in blocks:
            pdf.set_font("body", "B" if b.kind.startswith("h") and b.kind != "hr" else "", size=size)
            for line in b.lines or [""]:
                for part in line.split("\n"):
                    total += line_h * max(1, -(-pdf.get_string_width(part) // (width - 8)))
            total += 3.2
        return total

    for _lang, n_dir, text in notices:
        # Each notice in its own direction: a Pashto line runs right to left in an English letter.
        n_rtl = n_dir == "rtl"
        pdf.set_text_shaping(True, direction="rtl" if n_rtl else "ltr")
        pdf.set_font("body", "B", size=size)
        pdf.multi_cell(width, line_h, _marked(text, n_rtl), align="R" if n_rtl else "L",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    if notices:
        y = pdf.get_y() + 1
        pdf.set_draw_color(170)
        pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
        pdf.set_y(y + 4)
        if rtl or _COMPLEX_RE.search(md + letterhead) or any(unicodedata.combining(c) for c in md):
            pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr")
        else:
            pdf.set_text_shaping(False)

    blocks = parse_markdown(md)
    last_rule = max((i for i, b in enumerate(blocks) if b.kind == "hr"), default=-1)
    for i, block in enumerate(blocks):
        if i == last_rule:
            # What follows the last rule is a reply slip or a note to keep whole: move it to
            # the next page rather than leave its last line alone there.
            tail = height_of(blocks[i + 1:]) + 5
            room = pdf.page_break_trigger - pdf.get_y()
            if tail > room and tail < pdf.page_break_trigger - pdf.t_margin:
                pdf.add_page()
                continue
        if block.kind in ("h1", "h2", "h3"):
            hsize = {"h1": 15, "h2": 12.5, "h3": size}[block.kind]
            # A heading stays with what follows it: the next heading too, and three lines.
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            extra = (size * 0.55 + 6) if nxt is not None and nxt.kind in ("h2", "h3") else 0
            room_for(hsize * 0.55 + 6 + extra + 3 * line_h)
            pdf.ln({"h1": 2, "h2": 3, "h3": 1}[block.kind])
            pdf.set_font("body", "B", size=hsize)
            pdf.multi_cell(width, hsize * 0.55, _marked(block.lines[0], rtl).replace("**", ""),
                           align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif block.kind == "hr":
            y = pdf.get_y() + 1
            pdf.set_draw_color(170)
            pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
            pdf.set_y(y + 4)
        elif block.kind in ("ul", "ol"):
            pdf.set_font("body", size=size)
            indent = 6
            for n, item in enumerate(block.lines, start=1):
                mark = "•" if block.kind == "ul" else f"{n}."
                room_for(line_h + 1)
                y = pdf.get_y()
                if rtl:
                    pdf.set_xy(pdf.l_margin + width - indent, y)
                    pdf.cell(indent, line_h, mark, align="R")
                    pdf.set_xy(pdf.l_margin, y)
                else:
                    pdf.set_xy(pdf.l_margin, y)
                    pdf.cell(indent, line_h, mark)
                    pdf.set_xy(pdf.l_margin + indent, y)
                pdf.multi_cell(width - indent, line_h, _marked(item, rtl), align=align, markdown=True,
                               new_x="LMARGIN", new_y="NEXT")
                pdf.ln(0.8)
            pdf.ln(2.5)
        else:
            height = height_of([block])
            if height <= 5 * line_h + 3.2:
                room_for(height)  # a short paragraph is not split over two pages
            pdf.set_font("body", size=size)
            pdf.multi_cell(width, line_h, _marked("\n".join(block.lines), rtl), align=align,
                           markdown=True, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())
