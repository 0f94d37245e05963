"""Habits of a good command-line tool (issue 15): plain `liaison` on a terminal, Ctrl-C, a closed
pipe, did-you-mean. The terminal and pipe tests run the real program in a pseudo-terminal or a
real pipe, since CliRunner has neither."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from liaison_cli.__main__ import parse_fast, run_fast
from liaison_cli.cli.render import output
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
CANCELLED = "Cancelled; nothing was changed.\n"


def in_terminal(args: list[str], *, answer_when: bytes | None = None, answer: bytes = b"",
                timeout: float = 60) -> tuple[int, str]:
    """Run `python -m liaison_cli ARGS` with a pseudo-terminal as stdin, stdout and stderr (and
    as its controlling terminal, so a typed Ctrl-C is a real SIGINT). Types `answer` once
    `answer_when` has been printed. Returns (exit code, everything printed)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            # A shell running the suite in the background ignores SIGINT, and an ignored signal
            # stays ignored across exec: give the child Ctrl-C as a terminal gives it.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.chdir(ROOT)
            os.execv(sys.executable, [sys.executable, "-m", "liaison_cli", *args])
        finally:
            os._exit(127)
    out, typed = b"", False
    deadline = time.monotonic() + timeout
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise AssertionError(f"no end after {timeout}s; printed: {out.decode(errors='replace')}")
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child is gone and the terminal closed
                break
            if not chunk:
                break
            out += chunk
            if answer_when is not None and not typed and answer_when in out:
                time.sleep(0.2)  # let the prompt start reading
                os.write(fd, answer)
                typed = True
    finally:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", errors="replace")


def store_bytes(home) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes()
            for d in ("store", "backups") for p in sorted((home / d).rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- plain `liaison`


def test_plain_liaison_on_a_terminal_shows_today(sample_app):
    code, printed = in_terminal([])
    assert code == 0, printed
    assert "your day" in printed and "Usage:" not in printed


def test_plain_liaison_off_a_terminal_prints_usage(sample_app):
    r = subprocess.run([sys.executable, "-m", "liaison_cli"], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, cwd=ROOT, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("Usage: liaison")
    assert "your day" not in r.stdout


# --------------------------------------------------------------------------- Ctrl-C


def test_ctrl_c_at_a_prompt_is_cancelled_with_one_calm_line(sample_app):
    before = store_bytes(sample_app.home)
    code, printed = in_terminal(["add-family"], answer_when=b"Family name", answer=b"\x03")
    assert code == 10, printed
    assert "Cancelled; nothing was changed." in printed
    assert "Aborted" not in printed and "Traceback" not in printed and "Error" not in printed
    assert store_bytes(sample_app.home) == before


def test_end_of_input_at_a_prompt_is_cancelled(app, run, monkeypatch):
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    before = store_bytes(app.home)
    r = run("add-family", input="")  # Ctrl-D at "Family name:"
    assert r.exit_code == 10, r.output
    assert r.stderr == CANCELLED and "Aborted" not in r.output
    assert store_bytes(app.home) == before


def test_ctrl_c_in_the_middle_of_a_command_is_cancelled(sample_app, run, monkeypatch):
    from liaison_cli.services import families

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(families, "list_families", interrupted)
    r = run("families")
    assert (r.exit_code, r.stderr) == (10, CANCELLED)


def test_ctrl_c_on_the_fast_path_is_cancelled(sample_app, monkeypatch, capsys):
    from liaison_cli.cli.render import followups as views

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(views, "followups_result", interrupted)
    assert run_fast(*parse_fast(["followups"])) == 10
    assert capsys.readouterr().err == CANCELLED


# --------------------------------------------------------------------------- a closed pipe


@pytest.fixture(scope="module")
def big_home(tmp_path_factory) -> Path:
    """1,200 generated families: every listing below prints well over a pipe's 64 KiB."""
    from liaison_cli.services.setup import init_home

    home = tmp_path_factory.mktemp("big") / "home"
    init_home(home, TODAY, sample=True, families=1200)
    return home


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head(1)")
@pytest.mark.parametrize("args", [
    ["followups", "--all"],              # the fast path (liaison_cli/__main__.py), rich table
    ["followups", "--all", "--json"],    # the fast path, JSON bytes
    ["families", "--all"],               # Typer, rich table
    ["families", "--all", "--json"],     # Typer, JSON bytes
    ["export", "csv", "contacts"],       # Typer, raw bytes
])
def test_a_closed_pipe_ends_quietly_with_141(big_home, args):
    env = {**os.environ, "LIAISON_HOME": str(big_home)}
    cmd = [sys.executable, "-m", "liaison_cli", *args]
    full = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert full.returncode == 0 and len(full.stdout) > 3 * 65536, (args, len(full.stdout))
    producer = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    head = subprocess.Popen(["head", "-1"], stdin=producer.stdout, stdout=subprocess.PIPE)
    producer.stdout.close()  # head alone reads the pipe now
    first, _ = head.communicate(timeout=120)
    err = producer.stderr.read()
    producer.wait(timeout=120)
    assert first == full.stdout.splitlines(keepends=True)[0]
    assert (producer.returncode, err) == (141, b""), err.decode(errors="replace")


# --------------------------------------------------------------------------- did you mean


@pytest.mark.parametrize("typed, meant", [
    ("lgo", "'log'"), ("folowups", "'followups'"), ("tody", "'today'"), ("famlies", "'families'"),
    ("event invte", "'invite'"),
])
def test_a_mistyped_command_suggests_the_nearest(app, typed, meant):
    # A fresh process: the lazy group has built no command yet (in this test process, earlier
    # tests may have imported every command module and hidden the bug).
    r = subprocess.run([sys.executable, "-m", "liaison_cli", *typed.split()], capture_output=True,
                       text=True, stdin=subprocess.DEVNULL, cwd=ROOT, timeout=60)
    assert r.returncode == 2
    assert f"Did you mean {meant}" in r.stderr


def test_a_word_like_no_command_gets_no_suggestion(app, run):
    r = run("xyzzy")
    assert r.exit_code == 2 and "No such command 'xyzzy'." in r.stderr
    assert "Did you mean" not in r.stderr


@pytest.mark.parametrize("args, meant", [
    ("log F1 --kind phone --note x --outcome no-anwser", "did you mean no-answer?"),
    ("log F1 --kind phnoe --note x", "did you mean phone?"),
    ("referrals --status acepted", "did you mean accepted?"),
    ("report --period this-trm", "did you mean this-term?"),
    ("families --status closd", "did you mean closed?"),
    ("letter welcome --family F1 --format hmtl --dry-run", "did you mean html?"),
    ('event add --title T --kind potluk --date 2026-12-03', "did you mean potluck?"),
    ("edit F1 --consent photoes", "did you mean photos?"),
])
def test_a_mistyped_choice_suggests_the_nearest(sample_app, run, args, meant):
    before = store_bytes(sample_app.home)
    r = run(args)
    assert r.exit_code == 2, r.output
    assert meant in r.stderr and r.stderr.count("\n") == 1
    assert store_bytes(sample_app.home) == before


def test_a_choice_far_from_every_value_lists_them_without_a_guess():
    from liaison_cli.core.suggest import choice_error

    err = choice_error("--outcome", "zzz", ["reached", "no-answer"])
    assert str(err) == "--outcome 'zzz' is not one of reached, no-answer."
