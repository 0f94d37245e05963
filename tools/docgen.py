"""Generates the README's command and exit-code tables and docs/commands.md from the code.

Run `.venv/bin/python tools/docgen.py` after changing a command; tests/cli/test_docs.py fails
when the files are stale. It reads and writes the checkout, so it lives here, not in the package.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: the checkout's liaison_cli
    sys.path.insert(0, str(ROOT))


def all_commands():
    """(name, click command) for every top-level command, in registry order."""
    from liaison_cli.cli.command_list import COMMANDS
    from liaison_cli.cli.root import built_commands

    built = built_commands()
    names = list(COMMANDS) + sorted(n for n in built if n not in COMMANDS)
    return [(n, built[n]) for n in names if n in built]


def summary(cmd) -> str:
    """The first line of a command's docstring (what `liaison --help` lists)."""
    return (cmd.help or "").strip().split("\n")[0]


def command_table() -> str:
    rows = ["| Command | What it does |", "|---|---|"]
    for name, cmd in all_commands():
        rows.append(f"| `{name}` | {summary(cmd)} |")
    return "\n".join(rows)


def exit_table() -> str:
    from liaison_cli.errors import EXIT_CODES

    rows = ["| Code | Kind | Meaning |", "|---|---|---|"]
    rows += [f"| {code} | {kind} | {meaning} |" for code, kind, meaning in EXIT_CODES]
    return "\n".join(rows)


def dates_table() -> str:
    """The date language (dates.GRAMMAR) as the README's table."""
    from liaison_cli.core.dates import GRAMMAR

    rows = ["| You type | It means |", "|---|---|"]
    for forms, meaning in GRAMMAR:
        rows.append(f"| {' / '.join(f'`{f}`' for f in forms.split(', '))} | {meaning} |")
    return "\n".join(rows)


def _help_text(path: list[str]) -> str:
    from typer.testing import CliRunner

    from liaison_cli.cli.root import app

    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    return result.stdout.rstrip()


def commands_md() -> str:
    out = ["# Command reference", "", "Generated from `--help` by `python tools/docgen.py`; "
           "do not edit by hand.", "", "```text", _help_text([]), "```", ""]
    for name, cmd in all_commands():
        out += [f"## liaison {name}", "", "```text", _help_text([name]), "```", ""]
        for sub in sorted(getattr(cmd, "commands", {}) or {}):
            out += [f"### liaison {name} {sub}", "", "```text", _help_text([name, sub]), "```", ""]
    return "\n".join(out)


def replace_block(text: str, marker: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(\n<!-- {marker}:end -->)", re.S)
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def readme_text() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = replace_block(text, "commands", command_table())
    text = replace_block(text, "dates", dates_table())
    return replace_block(text, "exit-codes", exit_table())


def main() -> None:
    (ROOT / "README.md").write_text(readme_text(), encoding="utf-8")
    (ROOT / "docs" / "commands.md").write_text(commands_md() + "\n", encoding="utf-8")
    print("README.md and docs/commands.md regenerated")


if __name__ == "__main__":
    main()
