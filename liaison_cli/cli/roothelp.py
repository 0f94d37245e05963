"""`liaison --help` without typer: the root group's help is the same text on every run (its
commands come from command_list.py), so the console script prints it from here, laid out the
way click lays out help, instead of importing typer and building the group to print it.

root.py takes the root's help and its options' help from here, so there is one copy of each
text; tests/cli/test_root_help.py compares this page with the one typer prints, at many
terminal widths.
"""

from __future__ import annotations

import os
import sys

from .command_list import COMMANDS

HELP = """A caseload tool for home-school liaison officers.

Log calls and visits, keep every follow-up you promised, and write to families in their own
language. Start with `liaison init --sample` to try it on a made-up caseload, then
`liaison today` (on a terminal, `liaison` alone shows the same).
"""

HOME_HELP = ("Folder holding config.yaml, the store and backups (default: LIAISON_HOME, then your "
             "user data folder).")
DEBUG_HELP = "Show the full traceback on errors."
NO_PAGER_HELP = ("Never send long output through a pager (default: LIAISON_PAGER, then PAGER, "
                 "then `less -FRX`, on a terminal only).")
VERSION_HELP = "Show the version."
MAX_CONTENT_WIDTH = 100  # root.py's context setting

# The options as the help lists them: root.py's, then typer's completion options and --help.
OPTIONS = [
    ("--home <str>", HOME_HELP),
    ("--debug", DEBUG_HELP),
    ("--no-pager", NO_PAGER_HELP),
    ("-V, --version", VERSION_HELP),
    ("--install-completion", "Install completion for the current shell."),
    ("--show-completion", "Show completion for the current shell, to copy it or customize the "
                          "installation."),
    ("-h, --help", "Show this message and exit."),
]


def _Wrapper(width: int, **options):  # noqa: N802  (a class, made on first use)
    """A textwrap.TextWrapper that cuts a word longer than the line where the line ends
    (click's rule)."""
    import textwrap  # only for the help page: `wanted` runs on every start

    class Wrapper(textwrap.TextWrapper):
        def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
            room = max(width - cur_len, 1)
            cur_line.append(reversed_chunks[-1][:room])
            reversed_chunks[-1] = reversed_chunks[-1][room:]

    return Wrapper(width, **options)


def _fill(text: str, width: int, indent: str = "", paragraphs: bool = False) -> str:
    wrapper = _Wrapper(width, initial_indent=indent, subsequent_indent=indent,
                       replace_whitespace=False)
    text = text.expandtabs()
    if not paragraphs:
        return wrapper.fill(text)
    out, lines, lead = [], [], None
    for line in [*text.splitlines(), ""]:
        if line:
            if lead is None:
                lead = len(line) - len(line.lstrip())
            lines.append(line.lstrip() if not lines else line)
            continue
        if lines:
            extra = " " * (lead or 0)
            wrapper.initial_indent, wrapper.subsequent_indent = indent + extra, indent + extra
            out.append(wrapper.fill(" ".join(lines)))
        lines, lead = [], None
    return "\n\n".join(out)


def _definitions(rows: list[tuple[str, str]], width: int, indent: int) -> list[str]:
    first_col = min(max(len(a) for a, _ in rows), 30) + 2
    out = []
    for first, second in rows:
        head = " " * indent + first
        if len(first) <= first_col - 2:
            head += " " * (first_col - len(first))
            lines = [head]
        else:
            lines = [head, " " * (first_col + indent)]
        wrapped = _fill(second, max(width - first_col - 2, 10), paragraphs=True).splitlines()
        lines[-1] += wrapped[0] if wrapped else ""
        out.append("\n".join(lines))
        out += [" " * (first_col + indent) + line for line in wrapped[1:]]
    return out


def terminal_columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil (start-up): COLUMNS, else
    the terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


def page(columns: int | None = None) -> str:
    """The root help, for a terminal `columns` wide (default: this one's, as click asks)."""
    if columns is None:
        columns = terminal_columns()
    width = max(min(columns, MAX_CONTENT_WIDTH) - 2, 50)
    prefix = "Usage: liaison "
    usage = _Wrapper(width, initial_indent=prefix, subsequent_indent=" " * len(prefix),
                     replace_whitespace=False).fill("[OPTIONS] COMMAND [ARGS]...")
    text = "\n".join(line.rstrip() for line in HELP.splitlines())
    parts = [usage, "", _fill(text.strip("\n"), width, "  ", paragraphs=True), "", "Options:",
             *_definitions(OPTIONS, width, 2), "", "Commands:",
             *_definitions([(name, summary) for name, (_module, summary) in COMMANDS.items()],
                           width, 2)]
    return "\n".join(parts) + "\n"


def wanted(argv: list[str]) -> bool:
    """Whether this run only asks for the root help (`liaison --help` or `-h`)."""
    return len(argv) == 1 and argv[0] in ("--help", "-h") and "_LIAISON_COMPLETE" not in os.environ
