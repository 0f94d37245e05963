"""How a letter's text is set for its language, whatever the output format: which way it runs,
the Unicode isolates that keep left-to-right values (an English address, a phone number) in
order inside a right-to-left letter, the typography pass over every rendered letter (French
spacing, Vietnamese datelines) and the tidying of blank lines and trailing spaces.
"""

from __future__ import annotations

import re
import unicodedata

from ..core.langs import RTL

# Unicode first-strong isolates: what they enclose keeps its own direction in the line around it.
FSI, PDI = "\u2068", "\u2069"
_DASHED_NUMBER_RE = re.compile(r"\d\s*[-+]\s*\d")
_ISOLATED_RE = re.compile("\u2068[^\u2068\u2069]*\u2069")


def needs_isolate(text: str) -> bool:
    """Whether `text` has left-to-right letters or a dashed number outside the isolates it
    already carries (a grade "الصف الثالث (⁨Grade 3⁩)" is not wrapped again)."""
    text = _ISOLATED_RE.sub("", text)
    return bool(_DASHED_NUMBER_RE.search(text)) or any(
        unicodedata.bidirectional(c) == "L" for c in text)


def direction(lang: str) -> str:
    """"rtl" for a language written right to left (Arabic, Dari, Pashto, Urdu…), else "ltr"."""
    return "rtl" if lang.split("-")[0] in RTL else "ltr"


# --------------------------------------------------------------------------- typography pass
#
# Run over every rendered letter (template text and the data it prints alike), after the
# filters (formatting.py). French: a no-break space before `:` (U+00A0, a full space, as French
# typography puts before the colon) and a narrow no-break space before `; ! ?` (U+202F, the
# "espace fine insécable"), which also replaces an ordinary space typed there; no-break spaces
# inside « ». Both are in the PDF fonts (Noto Sans, DejaVu Sans) and read as spaces in plain
# text. Left alone: a colon between digits (a time or office hours typed as "7:45") and "://".
# Vietnamese: a line that starts with a date ("ngày 20 tháng 11 năm 2026", the dateline)
# starts with a capital.

NBSP, NNBSP = "\u00a0", "\u202f"
_FR_SPACE_BEFORE_RE = re.compile(r"(?<=[^\s:;!?(\[«])[ \u00a0\u202f]?([:;!?])")
_FR_OPEN_QUOTE_RE = re.compile(r"«[ \u00a0\u202f]*")
_FR_CLOSE_QUOTE_RE = re.compile(r"[ \u00a0\u202f]*»")
_VI_DATELINE_RE = re.compile(r"^(\**)ngày (?=\d)", re.M)
_HTML_TAG_RE = re.compile(r"(<[^>]*>)")
_ENTITY_END_RE = re.compile(r"&#?\w+$")


def _fr_punctuation(text: str) -> str:
    def space(m: re.Match) -> str:
        mark = m.group(1)
        start, end = m.start(1), m.end(1)
        before = text[start - 1] if start else ""
        after = text[end:end + 2]
        if mark == ":" and (before.isdigit() and after[:1].isdigit() or after == "//"):
            return m.group(0)  # 7:45, https://
        if mark == ";" and _ENTITY_END_RE.search(text[max(0, start - 10):start]):
            return m.group(0)  # an HTML entity: &amp;
        return (NBSP if mark == ":" else NNBSP) + mark

    text = _FR_SPACE_BEFORE_RE.sub(space, text)
    text = _FR_OPEN_QUOTE_RE.sub("«" + NBSP, text)
    return _FR_CLOSE_QUOTE_RE.sub(NBSP + "»", text)


def typeset(text: str, lang: str, *, html_markup: bool = False) -> str:
    """`text` (a rendered letter) with the typography of `lang`; in HTML only the text between
    tags is changed."""
    base = lang.split("-")[0]
    if base == "fr":
        if html_markup:
            return "".join(part if _HTML_TAG_RE.fullmatch(part) else _fr_punctuation(part)
                           for part in _HTML_TAG_RE.split(text))
        return _fr_punctuation(text)
    if base == "vi":
        return _VI_DATELINE_RE.sub(lambda m: m.group(1) + "Ngày ", text)
    return text


def tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one newline at the end."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for ln in lines:
        if not ln and (not out or not out[-1]):
            continue
        out.append(ln)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
