"""`today` pages like `followups`: the first `page_size` due rows, the total, and how to see the
rest (issue 15, item 14)."""

from __future__ import annotations

import json
import re

import pytest

from liaison_cli.services.today import the_day

pytestmark = pytest.mark.both_backends


def shown_ids(stdout: str) -> list[int]:
    """Follow-up ids at the start of the table's rows (right-justified numbers)."""
    return [int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s{2,}F\d+ ", stdout, re.M)]


def test_today_shows_a_page_with_the_total_and_how_to_see_more(sample_app, run, home):
    (home / "config.yaml").write_text(
        (home / "config.yaml").read_text(encoding="utf-8").replace('page_size: "25"', 'page_size: "5"'),
        encoding="utf-8")
    due = [r.id for r in the_day(sample_app).due]
    assert len(due) > 5
    r = run("today")
    assert r.exit_code == 0, r.output
    assert shown_ids(r.stdout) == due[:5]
    assert f"Due today or overdue ({len(due)})" in r.stdout
    assert f"Showing 5 of {len(due)} follow-ups due today or overdue; add --all" in r.stderr
    everything = run("today --all")
    assert shown_ids(everything.stdout) == due
    assert "Showing" not in everything.stderr
    # JSON is never paged.
    assert [d["id"] for d in json.loads(run("today --json").stdout)["due"]] == due


def test_today_all_shows_every_family_owed_a_contact(sample_app, run):
    owed = [o.family_id for o in the_day(sample_app).owed]
    assert len(owed) > 10
    first = run("today").stdout
    assert f"… and {len(owed) - 10} more: `liaison today --all`." in first
    assert all(f"{fid} " in run("today --all").stdout for fid in owed)
