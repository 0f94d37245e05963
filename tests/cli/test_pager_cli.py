"""Long output goes through a pager on a terminal, as git does (issue 15, item 18):
$LIAISON_PAGER, else $PAGER, else `less -FRX`; off with --no-pager, LIAISON_PAGER= or cat;
never off a terminal and never for --json."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_cli.cli.render import pager as pager_module

FAKE_PAGER = """\
import sys
with open(sys.argv[1], "ab") as fh:
    fh.write(sys.stdin.buffer.read())
"""


@pytest.fixture
def pager(tmp_path, monkeypatch):
    """A pager that writes what it is given to a file; the path of that file."""
    script = tmp_path / "fake_pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("LIAISON_PAGER", f"{sys.executable} {script} {paged}")
    monkeypatch.setenv("LINES", "10")
    return paged


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(pager_module, "stdout_is_terminal", lambda: True)


def test_show_longer_than_the_screen_goes_through_the_pager(sample_app, run, pager, terminal):
    r = run("show F1")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    text = pager.read_text(encoding="utf-8")
    assert text.startswith("F1  Nguyễn") and "Timeline (newest first)" in text


def test_a_listing_with_all_goes_through_the_pager(sample_app, run, pager, terminal):
    r = run("followups --all")
    assert r.exit_code == 0 and r.stdout == ""
    assert "Close one with `liaison done ID`" in pager.read_text(encoding="utf-8")
    assert run("families --all").stdout == ""
    assert run("today --all").stdout == ""


def test_output_that_fits_the_screen_is_printed(sample_app, run, pager, terminal, monkeypatch):
    monkeypatch.setenv("LINES", "500")
    r = run("show F1")
    assert r.stdout.startswith("F1  Nguyễn")
    assert not pager.exists()


@pytest.mark.parametrize("how", ["--no-pager show F1", "LIAISON_PAGER=", "LIAISON_PAGER=cat",
                                 "show F1 --json", "off a terminal"])
def test_no_pager(sample_app, run, pager, monkeypatch, how):
    if how != "off a terminal":
        monkeypatch.setattr(pager_module, "stdout_is_terminal", lambda: True)
    if how.startswith("LIAISON_PAGER="):
        monkeypatch.setenv("LIAISON_PAGER", how.split("=", 1)[1])
    r = run(how if " F1" in how else "show F1")
    assert r.exit_code == 0, r.output
    if how.endswith("--json"):
        assert json.loads(r.stdout)["id"] == "F1"
    else:
        assert r.stdout.startswith("F1  Nguyễn")
    assert not pager.exists()


def test_which_pager(monkeypatch):
    monkeypatch.delenv("LIAISON_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    assert pager_module.command() is None  # TERM=dumb (the tests' terminal) cannot drive less
    monkeypatch.setenv("TERM", "xterm-256color")
    assert pager_module.command() == ["less", "-FRX"]
    monkeypatch.setenv("PAGER", "more -s")
    assert pager_module.command() == ["more", "-s"]
    monkeypatch.setenv("LIAISON_PAGER", "most")
    assert pager_module.command() == ["most"]
    monkeypatch.setenv("LIAISON_PAGER", "")
    assert pager_module.command() is None
    monkeypatch.delenv("LIAISON_PAGER")
    monkeypatch.delenv("PAGER")
    monkeypatch.setattr("shutil.which", lambda name: None)  # no less installed: no pager
    assert pager_module.command() is None


def run_on_a_pty(args: list[str], env: dict[str, str]) -> str:
    """Run liaison with stdout on a pseudo-terminal; what it wrote there."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "liaison_cli", *args], stdout=slave,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(master)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_real_terminal_the_fast_path_pages_too(sample_app, pager, home):
    """`followups` runs without typer (liaison_cli/__main__.py); it pages the same way."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    on_screen = run_on_a_pty(["followups", "--all"], env)
    assert "Close one with" not in on_screen
    assert "Close one with `liaison done ID`" in pager.read_text(encoding="utf-8")
    pager.unlink()
    on_screen = run_on_a_pty(["--no-pager", "show", "F1"], env)
    assert "Timeline (newest first)" in on_screen and not pager.exists()
