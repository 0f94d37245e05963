"""The Markdown subset letters are written in (docs/templates.md), parsed by hand.

Headings (`#` to `###`), paragraphs in which every line break is kept (an address, a
signature), `- ` / `* ` / `• ` and `1.` / `1)` lists whose indented lines continue an item,
`---` rules and `**bold**`; nothing else is markup. The text, HTML and PDF outputs (output.py,
pdf.py) all read these blocks, so a letter says the same in every format.

Not markdown-it-py: CommonMark's emphasis rules do not bold `**时间：**下午3:30` (a closing `**`
after punctuation and before a letter), which every Chinese event and conference letter
writes; it also knows no `•` bullets, continues a list item with the unindented line after it
and decodes entities and backslash escapes, where a letter prints what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Block:
    kind: str  # h1 h2 h3 p ul ol hr
    lines: list[str] = field(default_factory=list)  # p: its lines; ul/ol: one item each


_HEADING_RE = re.compile(r"^(#{1,3})\s+(.*?)\s*#*\s*$")
_UL_RE = re.compile(r"^[-*•]\s+(.*)$")
_OL_RE = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
_RULE_RE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def parse_markdown(text: str) -> list[Block]:
    """Blocks of the letter Markdown subset. Inside a paragraph every line break is kept (an
    address, a signature), so paragraphs are written one per line."""
    blocks: list[Block] = []
    current: Block | None = None
    for raw in text.split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        if current is not None and current.kind in ("ul", "ol") and raw[:1] in (" ", "\t") \
                and not _UL_RE.match(stripped) and not _OL_RE.match(stripped):
            current.lines[-1] += "\n" + stripped  # a continuation of the list item
            continue
        m = _HEADING_RE.match(stripped)
        if m and not line.startswith(" "):
            blocks.append(Block(f"h{len(m.group(1))}", [m.group(2)]))
            current = None
            continue
        if _RULE_RE.match(stripped):
            blocks.append(Block("hr"))
            current = None
            continue
        m = _UL_RE.match(stripped)
        if m:
            if current is None or current.kind != "ul":
                current = Block("ul")
                blocks.append(current)
            current.lines.append(m.group(1))
            continue
        m = _OL_RE.match(stripped)
        if m:
            if current is None or current.kind != "ol":
                current = Block("ol")
                blocks.append(current)
            current.lines.append(m.group(2))
            continue
        if current is None or current.kind != "p":
            current = Block("p")
            blocks.append(current)
        current.lines.append(stripped)
    return blocks


def inline_runs(text: str) -> list[tuple[str, bool]]:
    """(text, bold) pieces of a line with `**bold**`."""
    runs: list[tuple[str, bool]] = []
    pos = 0
    for m in _BOLD_RE.finditer(text):
        if m.start() > pos:
            runs.append((text[pos:m.start()], False))
        runs.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        runs.append((text[pos:], False))
    return runs
