"""A letter's rendered Markdown as plain text (email bodies, text messages) and as a printable,
self-contained HTML page; the fallback notices it opens with, in each format.
"""

from __future__ import annotations

import html
import unicodedata

from .markdown import inline_runs, parse_markdown
from .typography import tidy


def _plain(text: str) -> str:
    return "".join(t for t, _ in inline_runs(text))


def display_width(text: str) -> int:
    """Columns a line takes on a terminal: Chinese characters take two, marks none."""
    w = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def markdown_to_text(md: str) -> str:
    """Plain text for email bodies and text messages: markers gone, headings underlined."""
    out: list[str] = []
    for b in parse_markdown(md):
        if b.kind in ("h1", "h2"):
            title = _plain(b.lines[0])
            out += [title, ("=" if b.kind == "h1" else "-") * max(3, display_width(title)), ""]
        elif b.kind == "h3":
            out += [_plain(b.lines[0]), ""]
        elif b.kind == "hr":
            out += ["* * *", ""]
        elif b.kind in ("ul", "ol"):
            for n, item in enumerate(b.lines, start=1):
                mark = "- " if b.kind == "ul" else f"{n}. "
                first, *rest = _plain(item).split("\n")
                out.append(mark + first)
                out += [" " * len(mark) + r for r in rest]
            out.append("")
        else:
            out += [_plain(ln) for ln in b.lines] + [""]
    return tidy("\n".join(out))


def _html_inline(text: str) -> str:
    parts = []
    for t, bold in inline_runs(text):
        e = html.escape(t, quote=False)
        parts.append(f"<strong>{e}</strong>" if bold else e)
    return "".join(parts).replace("\n", "<br>\n")


HTML_PAGE = """<!DOCTYPE html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
@page {{ size: {paper}; margin: 2cm; }}
body {{ font-family: "Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC", "DejaVu Sans", sans-serif;
       font-size: 12pt; line-height: 1.5; color: #111; max-width: 42em; margin: 2em auto; padding: 0 1em; }}
.letterhead {{ text-align: center; font-size: 10pt; color: #444; border-bottom: 1px solid #999;
              padding-bottom: .5em; margin-bottom: 1.5em; }}
h1 {{ font-size: 16pt; margin: 1em 0 .5em; }}
h2 {{ font-size: 13pt; margin: 1em 0 .4em; }}
h3 {{ font-size: 12pt; margin: .8em 0 .3em; }}
p, ul, ol {{ margin: 0 0 .8em; }}
hr {{ border: 0; border-top: 1px solid #999; margin: 1.2em 0; }}
@media print {{ body {{ margin: 0; max-width: none; }} }}
</style>
</head>
<body>
{letterhead}<main>
{body}</main>
</body>
</html>
"""


def notices_markdown(notices: list[tuple[str, str, str]]) -> str:
    """The fallback notices (lang, dir, text) as the Markdown a letter opens with: each in bold
    on its own paragraph, then a rule."""
    if not notices:
        return ""
    return "".join(f"**{text}**\n\n" for _, _, text in notices) + "---\n\n"


def notices_html(notices: list[tuple[str, str, str]]) -> str:
    """The same as HTML: each paragraph marked with its language (and right-to-left direction
    where the language runs that way), so browsers, screen readers and printers set it right."""
    if not notices:
        return ""
    paras = "".join(
        f'<p lang="{html.escape(lang)}"' + (' dir="rtl"' if d == "rtl" else "")
        + f"><strong>{html.escape(text, quote=False)}</strong></p>\n"
        for lang, d, text in notices)
    return f'<section class="notice">\n{paras}</section>\n<hr>\n'


def markdown_to_html(md: str, *, lang: str, direction: str, title: str, paper: str = "letter",
                     letterhead: str = "", notices: list[tuple[str, str, str]] = ()) -> str:
    """A self-contained printable page. Every piece of text is escaped: family data cannot
    become markup, whatever it holds. `notices` (lang, dir, text) open the letter, each marked
    with its own language."""
    body: list[str] = [notices_html(list(notices))] if notices else []
    for b in parse_markdown(md):
        if b.kind.startswith("h"):
            if b.kind == "hr":
                body.append("<hr>")
            else:
                body.append(f"<{b.kind}>{_html_inline(b.lines[0])}</{b.kind}>")
        elif b.kind in ("ul", "ol"):
            items = "".join(f"<li>{_html_inline(i)}</li>\n" for i in b.lines)
            body.append(f"<{b.kind}>\n{items}</{b.kind}>")
        else:
            body.append(f"<p>{_html_inline(chr(10).join(b.lines))}</p>")
    head = (f'<header class="letterhead">{html.escape(letterhead, quote=False)}</header>\n'
            if letterhead.strip() else "")
    return HTML_PAGE.format(
        lang=html.escape(lang), dir=direction, title=html.escape(title, quote=False),
        paper="A4" if paper == "a4" else "letter", letterhead=head,
        body="".join(b + "\n" for b in body),
    )
