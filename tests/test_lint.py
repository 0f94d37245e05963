"""The layering is enforced by ruff's banned-api (pyproject.toml): typer and rich only in
liaison_cli/cli/, tinydb and psycopg only in liaison_cli/storage/, jinja2 only in liaison_cli/letters/, yaml
only in yamlio.py.
Running ruff here makes a layering slip fail the suite, not just a review."""

from __future__ import annotations

import re
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


# What only the storage package may know: the store's files, tables, shards and id counters, and
# the database driver. Everything else goes through the session's typed record views.
STORE_INTERNALS = re.compile(
    r"\bimport tinydb\b|\bfrom tinydb\b|\bimport psycopg\b|\bfrom psycopg\b"
    r"|\b(?:s|session|sess|self\.session|self\._s)\.(?:raw|table|roster|summary|insert|meta|contacts_table)\b"
    r"|\bdoc_ids?\b|\bshard_name\b|\bCONTACT_SHARDS\b|\breplace_file\(|\bdelete_file\("
    r"|\btouch_all\(|\._set_meta\(|\bTinyDB\b"
    # the backends' own modules and the files beneath them: everything else imports the package
    # (liaison_cli.storage)
    r"|\bstorage\.(?:json|pg|files|staging)\b"
)


def test_only_the_storage_package_knows_how_records_are_kept():
    offenders = []
    for p in sorted((ROOT / "liaison_cli").rglob("*.py")):
        if "storage" in p.relative_to(ROOT / "liaison_cli").parts:
            continue
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            m = STORE_INTERNALS.search(code)
            if m:
                offenders.append(f"{p.relative_to(ROOT)}:{n}: {m.group(0)}")
    assert offenders == [], "\n".join(offenders)


def test_the_lint_rule_catches_a_slip(tmp_path):
    """The pattern above is the test: it must see each kind of slip."""
    for slip in ("rows = s.raw('families')", "s.table('followups').update(x, doc_ids=[3])",
                 "from tinydb import Query", "import psycopg", "name = shard_name(7)",
                 "roster = s.roster()", "s._set_meta('next', {})",
                 "from ..storage.pg import PgStore", "from ..storage.json.store import Store",
                 "from ..storage.files import write_temp"):
        assert STORE_INTERNALS.search(slip), slip
    for fine in ("s.families.rows()", "s.contacts.summary()", "s.followups.update(3, x)",
                 "from ..storage import Session", "from ..storage import codec_for"):
        assert not STORE_INTERNALS.search(fine), fine
