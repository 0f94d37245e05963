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
