"""The one CSV writer: every CSV the tool writes (exports, `report --csv`, the exports `forget`
rewrites) goes through `csv_bytes`, so every cell passes the formula guard.

* A text cell that a spreadsheet would run as a formula is prefixed with a single quote (OWASP
  "CSV injection"): one that begins with `=`, `+`, `-`, `@`, a tab, a carriage return or a line
  feed (and their full-width forms, which some spreadsheets read as the same signs).
* Two kinds of value are left as they are, because no formula can hide in them and a quote
  would show in the cell: a phone number written with a leading `+` (only digits, spaces,
  dashes, dots and parentheses after it, like `+351 912 345 678`) and a plain number (`-5`,
  `-2.5`). `+1+cmd|' /C calc'!A0`, `-2+3`, `=1+1` and `@SUM(A1)` are still neutralised.
* RFC 4180 line ends (CRLF). The UTF-8 byte-order mark (so Excel does not read Arabic or
  Vietnamese names in the machine's code page) goes only into files: `bom=False` for anything
  written to stdout, where the mark would land in the middle of a pipeline.
* `unguard_cell` undoes the guard when a CSV is imported back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PHONE_RE = re.compile(r"\+[0-9 ().\-]*[0-9][0-9 ().\-]*")
_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def safe_cell(value: Any) -> str:
    """A value as a spreadsheet cell that never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        value = "; ".join("" if v is None else str(v) for v in value)
    elif not isinstance(value, str):
        return str(value)
    if value.startswith(_FORMULA_START) and not (
            _PHONE_RE.fullmatch(value) or _NUMBER_RE.fullmatch(value)):
        return "'" + value
    return value


def unguard_cell(text: str) -> str:
    """A cell read back: the quote `safe_cell` put before a formula sign is taken off again, so
    our own export imports as it was."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def csv_bytes(rows: Iterable[Iterable[Any]], *, bom: bool) -> bytes:
    """Rows (the header first) as UTF-8 CSV; `bom` only for a file, never for stdout."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow([safe_cell(c) for c in row])
    return ((BOM if bom else "") + buf.getvalue()).encode("utf-8")
