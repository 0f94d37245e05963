"""The layering is enforced by ruff's banned-api (pyproject.toml): typer and rich only in
liaison_cli/cli/, tinydb only in store.py, jinja2 only in letters.py, yaml only in yamlio.py.
Running ruff here makes a layering slip fail the suite, not just a review."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (it comes with the test extra)")
    r = subprocess.run([ruff, "check", "liaison_cli", "tests", "benchmarks"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_csv_goes_through_the_one_writer():
    """csvfile.csv_bytes carries the formula guard; a second csv.writer would bypass it."""
    import re

    writer = re.compile(r"csv\.(writer|DictWriter)\b|\bDictWriter\(|from csv import")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "liaison_cli").rglob("*.py")
                 if p.name != "csvfile.py" and writer.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
