"""The fast path (liaison_cli/__main__.py: `followups`, `today`, `show F`, `log F …`) must
behave exactly like the Typer commands: same stdout, stderr and exit code for every form it
accepts, and it must hand every other form to Typer."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_cli.__main__ import parse_fast, run_fast
from liaison_cli.cli.render import output
from liaison_cli.services.followups import add_followup

pytestmark = pytest.mark.both_backends
ROOT = Path(__file__).resolve().parents[2]

FORMS = [
    "followups", "followups --json", "followups --due this-week", "followups --due today --json",
    "followups --due overdue", "followups --due next-week --all", "followups --due 2026-11-01..2026-11-30",
    "followups --family F3", "followups --family F3 --json", "followups --family F999",
    "followups --school LES", "followups --school Nowhere --json", "followups --tag newcomer",
    "followups --due someday", "followups --due 2026-02-30", "followups --tag newcomer --due +2w --all",
    "today", "today --all", "today --json", "show F3", "show F3 --json", "show F999", "show garcia",
    "show Nobody --json",
]
# Forms that write: each runs once each way, on the same store, so the second one's contact and
# follow-up numbers are one higher; they are compared with the numbers and clock times masked.
WRITES = [
    "log F3 --note 'Called about the bus pass'",
    "log F3 --kind text --note x --follow-up friday --action 'Check the pass' --json",
    "log F3 --note x --date yesterday --outcome no-answer --time 3:30pm",
    "log F3 --kind home-visit --note x --with Rosa --lang es --interpreter Ana --direction from",
    "log F3 --note x --follow-up +1w --action y --every 2w --school-day",
    "log F3 --note x --follow-up 2026-12-25 --action 'After the break'",
    "log F999 --note x", "log F3 --kind bogus --note x", "log F3 --note x --date someday", "log F3",
    "log F3 --note x --every sometimes --follow-up friday --action y",
]


def _both_ways(form: str, run, capsys) -> tuple[tuple, tuple]:
    """(exit code, stdout, stderr) of `form` on the fast path, then through Typer."""
    argv = shlex.split(form)
    parsed = parse_fast(argv)
    assert parsed is not None, form
    output._console = output._err_console = None
    code = run_fast(*parsed)
    fast = capsys.readouterr()
    slow = run(argv)
    return (code, fast.out, fast.err), (slow.exit_code, slow.stdout, slow.stderr)


@pytest.mark.parametrize("form", FORMS)
def test_same_result_both_ways(form, sample_app, run, capsys, home):
    fast, slow = _both_ways(form, run, capsys)
    assert fast == slow


def _masked(text: str) -> str:
    text = re.sub(r"\bC\d+\b", "C#", text)
    text = re.sub(r"(Follow-up |follow-up |\"id\": |\"followup_id\": )\d+", r"\1#", text)
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "T", text)


@pytest.mark.parametrize("form", WRITES)
def test_writes_same_result_both_ways(form, sample_app, run, capsys):
    fast, slow = _both_ways(form, run, capsys)
    assert [fast[0], *map(_masked, fast[1:])] == [slow[0], *map(_masked, slow[1:])]


@pytest.mark.parametrize("form", [
    "followups --help", "followups --due=today", "followups --due", "followups --json --json",
    "followups --debug", "--debug followups", "followups extra", "families", "--home", "",
    "followups --due -3d", "followups -h", "show", "show F1 F2", "show -F1", "show F1 --all",
    "today F1", "log --note x", "log F1 --note", "log F1 --note -x", "log F1 --note=x",
    "log F1 --note x --note y", "log F1 --note ''", "show ''", "log F1 --bogus x --note x",
])
def test_other_forms_go_to_typer(form):
    assert parse_fast(shlex.split(form)) is None


def test_home_option_is_honoured(sample_app, capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("LIAISON_HOME")
    parsed = parse_fast(["--home", str(sample_app.home), "followups", "--json"])
    assert parsed is not None and parsed[0] == str(sample_app.home)
    assert run_fast(*parsed) == 0
    assert capsys.readouterr().out.startswith("[")


@pytest.mark.parametrize("form", ["followups --json", "followups --due today --all"])
def test_the_console_script_takes_the_store_from_the_environment(form, sample_app, run):
    """`python -m liaison_cli` in a process of its own, which reads LIAISON_HOME and (on [pg])
    LIAISON_DATABASE_URL as a liaison's shell gives them: the fast path answers as Typer does."""
    # Only this run's store has this follow-up (on [pg] the home folder's JSON store does not).
    add_followup(sample_app, "F3", "2026-11-20", "Call about the bus pass fast-path-check")
    argv = shlex.split(form)
    assert parse_fast(argv) is not None
    done = subprocess.run([sys.executable, "-m", "liaison_cli", *argv], capture_output=True,
                          text=True, env=os.environ.copy(), cwd=ROOT, timeout=60)
    slow = run(argv)
    assert (done.returncode, done.stdout, done.stderr) == (slow.exit_code, slow.stdout, slow.stderr)
    assert "fast-path-check" in done.stdout
