"""A hand-edited far date in the store (9999-12-31, 0001-01-01) never crashes a command
(issue 10.11); typed ones are refused (tests/unit/test_dates.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIELDS = ("due", "date", "arrival", "last_contact", "last_reached", "done_on")
COMMANDS = [
    "export ics", "export ics --past", "export ics --out {tmp}/cal.ics",
    "today", "today --json", "followups", "followups --json", "followups --due overdue",
    "followups --all", "unreachable",
    "report", "report --json", "report --csv", "report --period this-year", "report --html {tmp}/r.html",
    "show F1", "show F1 --json", "families", "events", "events --json", "referrals",
    "letter welcome --family F1 --dry-run", "letter tried-to-reach --family F1 --dry-run",
    "letter home-visit --family F1 --dry-run",
    "letter event-invite --family F1 --event E1 --dry-run",
    "letter welcome --families F1,F2 --out {tmp}/merge --dry-run",
    "export csv families", "export csv followups", "export json events", "export family F1",
]


def hand_edit(home: Path, far: str) -> None:
    """Every date in every store file set to `far`, as a text editor would leave it."""
    for p in (home / "store").glob("*.json"):
        if p.name == "meta.json":
            continue
        doc = json.loads(p.read_text(encoding="utf-8"))
        for table in doc.values():
            for rec in table.values():
                if isinstance(rec, dict):
                    for f in FIELDS:
                        if rec.get(f):
                            rec[f] = far
        p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(params=["9999-12-31", "0001-01-01"])
def far_home(request, sample_app):
    hand_edit(sample_app.home, request.param)
    return sample_app.home


@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_crashes_on_a_far_date(far_home, run, tmp_path, command):
    r = run(command.format(tmp=tmp_path))
    assert r.exit_code == 0, r.stderr
    assert "Traceback" not in r.stderr and "went wrong inside" not in r.stderr


def test_ics_leaves_out_the_far_follow_up_and_says_so(sample_app, run):
    followups = sample_app.home / "store" / "followups.json"
    doc = json.loads(followups.read_text(encoding="utf-8"))
    open_ids = [k for k, v in doc["followups"].items() if v["status"] == "open"]
    doc["followups"][open_ids[0]]["due"] = "9999-12-31"
    followups.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run("export ics")
    assert r.exit_code == 0, r.stderr
    assert "Left out 1 follow-up" in r.stderr and "1900-01-01 to 2199-12-31" in r.stderr
    # UIDs carry the store's own id: followup-12-<store id>@liaison.
    assert f"UID:followup-{open_ids[0]}-" not in r.stdout
    assert f"UID:followup-{open_ids[1]}-" in r.stdout


def test_playbook_on_a_far_arrival_is_a_usage_error(sample_app, run):
    families = sample_app.home / "store" / "families.json"
    doc = json.loads(families.read_text(encoding="utf-8"))
    doc["families"]["1"]["arrival"] = "9999-12-31"
    families.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run("playbook apply newcomer F1")
    assert r.exit_code == 2 and "--arrival" in r.stderr


def test_typed_far_dates_are_refused_and_nothing_is_stored(sample_app, run):
    before = (sample_app.home / "store" / "followups.json").read_bytes()
    for command in ("add-followup F1 9999-12-31 --action x", "snooze 1 9999-12-31",
                    "log F1 --kind phone --note x --date 1899-12-31",
                    "log F1 --kind phone --note x --follow-up 2200-01-01"):
        r = run(command)
        assert r.exit_code == 2 and "1900-01-01 to 2199-12-31" in r.stderr, (command, r.stderr)
    assert (sample_app.home / "store" / "followups.json").read_bytes() == before
    r = run("edit F1 --arrival 9999-12-31")
    assert r.exit_code == 2 and "1900-01-01 to 2199-12-31" in r.stderr
