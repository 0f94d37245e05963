"""`liaison --help` is printed without typer (cli/roothelp.py): it must be the very page typer
prints, at every terminal width."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from liaison_cli.cli import roothelp
from liaison_cli.cli.root import app


@pytest.mark.parametrize("columns", [20, 40, 49, 50, 51, 52, 53, 60, 72, 79, 80, 81, 99, 100,
                                     101, 102, 103, 120, 160, 240])
def test_the_root_help_printed_without_typer_is_typers(columns, monkeypatch, capsys):
    # typer's own page, as a terminal `columns` wide gets it (CliRunner would force 80 columns)
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit) as done:
        typer.main.get_command(app).main(["--help"], prog_name="liaison")
    assert done.value.code == 0
    assert roothelp.page() == capsys.readouterr().out


@pytest.mark.parametrize("argv,fast", [(["--help"], True), (["-h"], True), (["followups", "--help"], False),
                                       (["--help", "x"], False), ([], False)])
def test_only_the_root_help_is_taken_early(argv, fast):
    assert roothelp.wanted(argv) is fast


def test_liaison_help_imports_no_typer(tmp_path):
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "liaison_cli", "--help"],
                         capture_output=True, text=True, env={"COLUMNS": "100", "PATH": "/usr/bin:/bin",
                                                              "HOME": str(tmp_path)})
    assert run.returncode == 0 and run.stdout == roothelp.page(100)
    imported = {line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    assert not {"typer", "rich", "click", "liaison_cli.cli.context"} & imported
