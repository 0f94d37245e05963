"""A hand-edited far date in the store (9999-12-31, 0001-01-01) never crashes a command
(issue 10.11); typed ones are refused (tests/unit/test_dates.py)."""

from __future__ import annotations

import pytest

from tests.conftest import store_snapshot

pytestmark = pytest.mark.both_backends

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


KINDS = ("families", "followups", "referrals", "events", "services", "outbox", "inbox", "contacts")


def hand_edit(app, far: str) -> None:
    """Every date in every record set to `far`, as a text editor (or, on a district database,
    an UPDATE) would leave it: written through the store's typed views, checked by no service."""
    with app.store.write() as s:
        for kind in KINDS:
            view = getattr(s, kind)
            for n, rec in view.rows().items():
                changes = {f: far for f in FIELDS if isinstance(rec, dict) and rec.get(f)}
                if not changes:
                    continue
                if kind == "contacts":
                    view.update(n, changes, family_id=rec["family_id"])
                else:
                    view.update(n, changes)


@pytest.fixture(params=["9999-12-31", "0001-01-01"])
def far_home(request, sample_app):
    hand_edit(sample_app, request.param)
    return sample_app.home


@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_crashes_on_a_far_date(far_home, run, tmp_path, command):
    r = run(command.format(tmp=tmp_path))
    assert r.exit_code == 0, r.stderr
    assert "Traceback" not in r.stderr and "went wrong inside" not in r.stderr


def test_ics_leaves_out_the_far_follow_up_and_says_so(sample_app, run):
    with sample_app.store.write() as s:
        open_ids = [k for k, v in s.followups.rows().items() if v["status"] == "open"]
        s.followups.update(open_ids[0], {"due": "9999-12-31"})
    r = run("export ics")
    assert r.exit_code == 0, r.stderr
    assert "Left out 1 follow-up" in r.stderr and "1900-01-01 to 2199-12-31" in r.stderr
    # UIDs carry the store's own id: followup-12-<store id>@liaison.
    assert f"UID:followup-{open_ids[0]}-" not in r.stdout
    assert f"UID:followup-{open_ids[1]}-" in r.stdout


def test_playbook_on_a_far_arrival_is_a_usage_error(sample_app, run):
    with sample_app.store.write() as s:
        s.families.update("1", {"arrival": "9999-12-31"})
    r = run("playbook apply newcomer F1")
    assert r.exit_code == 2 and "--arrival" in r.stderr


def test_typed_far_dates_are_refused_and_nothing_is_stored(sample_app, run):
    before = store_snapshot(sample_app.home)
    for command in ("add-followup F1 9999-12-31 --action x", "snooze 1 9999-12-31",
                    "log F1 --kind phone --note x --date 1899-12-31",
                    "log F1 --kind phone --note x --follow-up 2200-01-01"):
        r = run(command)
        assert r.exit_code == 2 and "1900-01-01 to 2199-12-31" in r.stderr, (command, r.stderr)
    assert store_snapshot(sample_app.home) == before
    r = run("edit F1 --arrival 9999-12-31")
    assert r.exit_code == 2 and "1900-01-01 to 2199-12-31" in r.stderr
