"""cli/render/plain.py draws what rich draws when stdout is not a terminal, without rich.

Each test builds random input from the pieces the views use (names in several scripts, markup,
escapes, long words, line breaks, narrow and wide terminals), draws it both ways and compares the
bytes. Seeded, so a failure names the case that reproduces it.
"""

from __future__ import annotations

import io
import random

import pytest
from rich import box
from rich.console import Console
from rich.markup import escape as rich_escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from liaison_cli.cli.render import output, plain

WORDS = ["a", "to", "the", "Garcia", "Nguyen", "call", "about", "supercalifragilisticexpialidocious",
         "F12", "555-0100", "Ms.", "attendance", "", " ", "Óscar", "día", "李芳", "مريم يوسف",
         "Nguyễn", "Nguye\u0302\u0303n", "Tiếng Việt", "x\u200by", "Hawa", "Cabdi", "10:30",
         "[bold]x[/bold]", "[dim](every 7d)[/dim]", "[red]3d overdue[/red]", "[bold red]9d[/bold red]"]
DATA = ["[bold]", "[/]", "a\\[b", "\\", "C:\\files\\", "[x]", "[link=http://x]", ":smile:", "[", "]",
        "\\[bold]", "[@click]"]


def _cell(r: random.Random) -> str:
    s = " ".join(r.choice(WORDS) for _ in range(r.randint(0, 8)))
    if r.random() < 0.15:
        s += " " + output.esc(r.choice(DATA))
    if r.random() < 0.1:
        s += "\n" + " ".join(r.choice(WORDS) for _ in range(r.randint(0, 4)))
    if r.random() < 0.05:
        s = "  " + s + "  "
    return s


def _console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, highlight=False, soft_wrap=False)


def _rich_table(columns, rows, width, title, caption):
    con = _console(width)
    t = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
              title_justify="left", caption_justify="left", expand=False)
    for h, o in columns:
        t.add_column(h, **o)
    for r in rows:
        if r is None:
            t.add_section()
        else:
            t.add_row(*r)
    least = Measurement.get(con, con.options.update_width(10_000), t).minimum
    con.print(t)
    return con.file.getvalue(), least


def _random_table(r: random.Random):
    n = r.randint(1, 6)
    columns = []
    for _ in range(n):
        o = {}
        if r.random() < 0.3:
            o["no_wrap"] = True
        if r.random() < 0.3:
            o["justify"] = r.choice(["left", "right"])
        if r.random() < 0.3:
            o["max_width"] = r.randint(1, 20)
        if r.random() < 0.3:
            o["min_width"] = r.randint(1, 14)
        if r.random() < 0.2:
            o["ratio"] = 1
        columns.append((r.choice(["ID", "Family", "Lang", "Call", "Action", "Due", "Last reached", ""]), o))
    rows = [None if r.random() < 0.15 else [_cell(r) for _ in range(n)] for _ in range(r.randint(0, 8))]
    title = r.choice([None, "[bold]Owed a contact[/bold] (12)", "A long title that wraps " * r.randint(1, 6)])
    caption = r.choice([None, None, "A caption"])
    return columns, rows, r.randint(10, 130), title, caption


@pytest.mark.parametrize("chunk", range(8))
def test_tables_match_rich(chunk):
    drawn = 0
    for seed in range(chunk * 300, chunk * 300 + 300):
        columns, rows, width, title, caption = _random_table(random.Random(seed))
        heads = [(plain.text(h), o) for h, o in columns]
        cells = [None if x is None else [plain.text(c) for c in x] for x in rows]
        if any(h is None for h, _o in heads) or any(x is not None and None in x for x in cells):
            continue  # markup plain.py leaves to rich
        got = plain.table(heads, cells, width, title and plain.text(title), caption and plain.text(caption))
        if got is None:
            continue
        want, least = _rich_table(columns, rows, width, title, caption)
        lines, got_least = got
        assert ("".join(line + "\n" for line in lines), got_least) == (want, least), f"seed {seed}"
        drawn += 1
    assert drawn > 150  # most tables are drawn without rich, not left to it


def test_markup_and_escapes_match_rich():
    r = random.Random(7)
    checked = 0
    for _ in range(3000):
        data = "".join(r.choice(DATA + WORDS) for _ in range(r.randint(0, 4)))
        assert plain.escape(data) == rich_escape(data), repr(data)
        markup = " ".join(r.choice([output.esc(data), *WORDS[-4:], "[bold]", "[/bold]", "[/]"])
                          for _ in range(r.randint(0, 5)))
        flat = plain.text(markup)
        if flat is None:
            continue
        assert flat == Text.from_markup(markup).plain, repr(markup)
        checked += 1
    assert checked > 1000


def test_what_is_left_to_rich():
    assert plain.text("[link=https://example.org]x[/link]") is None  # not a plain style
    assert plain.text("[bold]x[/red]") is None  # rich raises: it names the error
    assert plain.text("[/]") is None
    assert plain.text("Thanks :thumbs_up:") is None  # could be an emoji code
    assert plain.text("tab\there") is None  # a control character
    assert plain.text("[bold]Overdue[/bold] (3)") == "Overdue (3)"
    assert plain.text(output.esc("[bold] is literal")) == "[bold] is literal"


@pytest.mark.parametrize("width", [12, 40, 60, 80, 120])
def test_lines_match_rich(width):
    r = random.Random(width)
    for _ in range(400):
        markup = " ".join(_cell(r) for _ in range(r.randint(1, 4)))
        flat = plain.text(markup)
        if flat is None:
            continue
        con = _console(width)
        con.print(markup)
        assert "".join(x + "\n" for x in plain.echo_lines(flat, width)) == con.file.getvalue(), repr(markup)


def _through_output(monkeypatch, draw, use_plain: bool) -> str:
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr(plain, "active", lambda: use_plain)
    monkeypatch.setattr(output, "_console", None)
    draw()
    return out.getvalue()


@pytest.mark.parametrize("width", ["40", "60", "80", "120"])
def test_paragraphs_cards_and_tables_through_output(monkeypatch, width):
    monkeypatch.setenv("COLUMNS", width)
    r = random.Random(int(width))
    for _ in range(60):
        value = " ".join(_cell(r) for _ in range(r.randint(1, 5)))
        fields = [(r.choice(["Action", "Call", "Lang"]), _cell(r)) for _ in range(3)]
        columns, rows, _w, title, _caption = _random_table(r)

        def draw(value=value, fields=fields, columns=columns, rows=rows, title=title):
            output.para(value, 2, 4)
            output.card(f"[bold]{_cell(random.Random(1))}[/bold]", fields)
            output.echo(f"[bold]{value}[/bold]")
            output.table(columns, rows, title=title, cards=lambda: output.echo("cards"))

        assert _through_output(monkeypatch, draw, True) == _through_output(monkeypatch, draw, False)


def test_width_and_terminal_as_rich_decides(monkeypatch):
    for env in ({}, {"COLUMNS": "57"}, {"FORCE_COLOR": ""}, {"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "0"},
                {"TTY_COMPATIBLE": "1"}, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}):
        for var in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE"):
            monkeypatch.delenv(var, raising=False)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        monkeypatch.setattr("sys.stdout", io.StringIO())
        con = Console()
        assert plain.active() == (not con.is_terminal), env
        if plain.active():
            assert plain.width() == con.width, env
