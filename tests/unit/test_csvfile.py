"""The one CSV writer: the formula guard (OWASP), phone numbers untouched, the byte-order mark
only for files."""

from __future__ import annotations

import csv
import io

import pytest

from liaison_cli.core.csvfile import csv_bytes, safe_cell


@pytest.mark.parametrize("value", [
    "=SUM(A1)", "=HYPERLINK(\"http://x\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
    "\t=1+1", "\r=1+1", "\n=1+1", "+", "-", "+1 617 =A1", "-5+cmd|' /C calc'!A0",
    "\uff1d1+1",  # full-width equals sign
])
def test_formula_starts_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [
    "+351 912 345 678", "+1 (617) 555-0100", "+44.20.7946.0958", "+33 1 23 45 67 89",
    "-5", "-2.5", "617-555-0177", "ok", "a=b", "Rosa Pérez", "'=already quoted",
])
def test_phone_numbers_and_plain_values_stay_as_they_are(value):
    assert safe_cell(value) == value


def test_cells_of_other_types():
    assert safe_cell(True) == "yes" and safe_cell(None) == "" and safe_cell(3) == "3"
    assert safe_cell(["a", "=b"]) == "a; =b"
    assert safe_cell(["=b", "a"]) == "'=b; a"


def test_the_byte_order_mark_only_when_asked():
    rows = [["name", "phone"], ["=1+1", "+351 912 345 678"]]
    to_file = csv_bytes(rows, bom=True)
    to_pipe = csv_bytes(rows, bom=False)
    assert to_file.startswith(b"\xef\xbb\xbf") and not to_pipe.startswith(b"\xef\xbb\xbf")
    assert to_file[3:] == to_pipe
    assert list(csv.reader(io.StringIO(to_pipe.decode("utf-8"), newline=""))) == [
        ["name", "phone"], ["'=1+1", "+351 912 345 678"]]
    assert to_pipe.endswith(b"\r\n")
