"""Docs are tested: every command has help with an example and is in the README; the tables
and docs/commands.md are generated from the code and must be current."""

from __future__ import annotations

import pytest

from liaison_cli.cli.command_list import COMMANDS
from tools import docgen


def test_every_command_is_in_the_registry_with_its_summary():
    real = dict(docgen.all_commands())
    assert set(real) == set(COMMANDS), "update liaison_cli/cli/command_list.py"
    for name, (_module, summary) in COMMANDS.items():
        assert docgen.summary(real[name]) == summary, name


@pytest.mark.parametrize("name,cmd", docgen.all_commands())
def test_every_command_has_help_with_an_example(name, cmd):
    text = cmd.help or ""
    subs = getattr(cmd, "commands", None)
    if subs:
        for sub_name, sub in subs.items():
            assert "Example" in (sub.help or ""), f"liaison {name} {sub_name} has no example"
    else:
        assert "Example" in text, f"liaison {name} has no example in its help"


def test_readme_tables_are_current():
    current = (docgen.ROOT / "README.md").read_text(encoding="utf-8")
    assert current == docgen.readme_text(), "run: python tools/docgen.py"


def test_commands_md_is_current():
    current = (docgen.ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert current == docgen.commands_md() + "\n", "run: python tools/docgen.py"


def test_no_command_prints_help_off_a_terminal(run):
    r = run([])
    assert r.exit_code == 0
    assert "Usage: liaison" in r.stdout


def test_no_example_puts_the_passphrase_on_the_command_line():
    """A passphrase typed as `LIAISON_PASSPHRASE=secret liaison decrypt` stays in the shell
    history: the docs show the prompt, or the variable read from a private file."""
    import re

    texts = {"README.md": (docgen.ROOT / "README.md").read_text(encoding="utf-8")}
    texts.update({str(p.relative_to(docgen.ROOT)): p.read_text(encoding="utf-8")
                  for p in (docgen.ROOT / "docs").glob("*.md")})
    texts.update({f"liaison {name} --help": docgen._help_text([name]) for name, _ in docgen.all_commands()})
    typed = re.compile(r"LIAISON_PASSPHRASE=(?!\"\$\(cat\s)")
    assert {where for where, text in texts.items() if typed.search(text)} == set()
