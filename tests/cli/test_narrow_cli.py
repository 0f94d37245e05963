"""Narrow terminals (issue 15, item 15): below 80 columns `today`, `followups` and `show` draw
cards wrapped between words; at 80 and more, tables that never cut a name or a date to "…"
nor split a word across lines."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from liaison_cli.cli.render.followups import _day
from liaison_cli.services import timeline
from liaison_cli.services.followups import followups_due
from liaison_cli.services.today import the_day

pytestmark = pytest.mark.both_backends

WIDTHS = ["120", "80", "60", "40"]
CUT = re.compile(r"\w{2,}…|[^\WF]…")  # "Jean-Ba…", not the placeholders "F…" and "--note …"


def check(stdout: str, width: int, words: list[str], phrases: list[str] = ()) -> None:
    lines = stdout.splitlines()
    for word in words:
        assert any(word in line for line in lines), f"{word!r} is split or cut at {width} columns"
    for phrase in phrases:  # dates: whole on one line
        assert any(phrase in line for line in lines), f"{phrase!r} is split or cut at {width} columns"
    for line in lines:
        # Wider than the terminal only when one word alone is (the terminal would fold it).
        assert cell_len(line.rstrip()) <= width or len(line.split()) == 1, line
        assert not CUT.search(line), f"cut to …: {line!r}"


def row_words(*values: str) -> list[str]:
    return [w for v in values if v for w in v.split()]


@pytest.fixture
def pinned(sample_app):
    return sample_app


@pytest.mark.parametrize("width", WIDTHS)
def test_today_fits_the_terminal_without_splitting_a_word(pinned, run, width):
    day = the_day(pinned)
    r = run("today", env={"COLUMNS": width})
    assert r.exit_code == 0, r.output
    words, dates = [], []
    for row in day.due[:pinned.config.page_size]:
        words += row_words(row.family_id, row.family_name, row.action, row.phone, row.guardian)
    for o in day.owed[:10]:
        words += row_words(o.family_id, o.family_name, o.phone, o.guardian)
        dates.append(_day(o.last_reached))
    for u in day.unreachable[:5]:
        words += row_words(u.family_id, u.family_name, u.reason)
    check(r.stdout, int(width), words, dates)
    if int(width) < 80:
        assert "Last reached: " in r.stdout and "Action: " in r.stdout  # cards
    else:
        assert "Last reached " in r.stdout and "Action " in r.stdout  # table headers


@pytest.mark.parametrize("width", WIDTHS)
def test_followups_fits_the_terminal_without_splitting_a_word(pinned, run, width):
    listing = followups_due(pinned, None)
    r = run("followups --all", env={"COLUMNS": width})
    assert r.exit_code == 0, r.output
    words = []
    for row in listing.rows:
        words += row_words(row.family_id, row.family_name, row.action, row.phone, row.guardian)
    for o in listing.owed:
        words += row_words(o.family_id, o.family_name, o.phone, o.guardian)
    check(r.stdout, int(width), words, [_day(o.last_reached) for o in listing.owed])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("family", ["F1", "F2", "F6", "F32"])
def test_show_fits_the_terminal_without_splitting_a_word(pinned, run, width, family):
    fam, events = timeline.family_with_timeline(pinned, family)
    r = run(f"show {family}", env={"COLUMNS": width})
    assert r.exit_code == 0, r.output
    words = row_words(fam.name, fam.address, fam.notes)
    for g in fam.guardians:
        words += row_words(g.name, g.phone, g.email)
    for s in fam.students:
        words += row_words(s.name, s.school, s.teacher)
    for ev in events[:30]:
        words += row_words(ev["line"])
    check(r.stdout, int(width), words, [ev["date"] for ev in events[:30]])


def test_a_name_longer_than_the_column_is_never_cut(pinned, run):
    """A long family name used to be cut to "F12 Hernández-R…" even at 120 columns."""
    assert run('edit F6 --name "Jean-Baptiste-Desrosiers"').exit_code == 0
    for width in ("120", "80"):
        r = run("followups --all", env={"COLUMNS": width})
        assert "Jean-Baptiste-Desrosiers" in r.stdout
        check(r.stdout, int(width), [])
