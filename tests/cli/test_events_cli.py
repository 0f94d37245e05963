"""events, event add / invite / attend / show / missed — through the CLI, asserting through the
services."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from liaison_cli.services import events as svc
from liaison_cli.services.app import open_app
from tests.conftest import FALL, config_text, database_url

pytestmark = pytest.mark.both_backends

TODAY = dt.date(2026, 11, 20)  # conftest's pinned today
CONFIG = config_text(liaison="{name: Test Liaison, title: Family Liaison, phone: \"617-555-0100\", "
                             "email: t@x.example}", terms=(FALL,))


@pytest.fixture
def home_with(home, run):
    assert run("init").exit_code == 0
    (home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    run('add-family --name García --guardian Rosa --lang es --student "Ana:3:LES" --tag newcomer')
    run('add-family --name Osman --guardian Hodan --lang so --interpreter --tag newcomer')
    run('add-family --name Smith --guardian Jo --lang en --student "Sam:2:LES"')
    r = run('event add --title "Literacy Night" --kind family-night --date 2026-11-12 --time 18:00 '
            '--place Library --school LES --lang es --interpreter')
    assert r.exit_code == 0, r.output
    return home


def app_of(home):
    return open_app(home, TODAY, database_url=database_url())


def test_event_add_json(home_with, run):
    r = run('event add --title "Winter Potluck" --kind potluck --date 2026-12-10 --time 5:30pm --json')
    data = json.loads(r.stdout)
    assert (data["id"], data["kind"], data["date"], data["time"]) == ("E2", "potluck", "2026-12-10", "17:30")
    r = run('event add --title X --kind rave --date friday')
    assert r.exit_code == 2 and "--kind" in r.stderr


def test_events_json_contract_and_filters(home_with, run):
    run('event add --title "Winter Potluck" --kind potluck --date 2026-12-10')
    r = run("events --json")
    assert r.exit_code == 0 and r.stderr == ""
    data = json.loads(r.stdout)
    assert [e["id"] for e in data] == ["E1", "E2"]
    for row in data:
        assert {"id", "title", "kind", "date", "time", "place", "invited", "attended", "rate"} <= row.keys()
    assert [e["id"] for e in json.loads(run("events --upcoming --json").stdout)] == ["E2"]
    assert [e["id"] for e in json.loads(run("events --past --json").stdout)] == ["E1"]
    assert "Literacy Night" in run("events").stdout


def test_invite_attend_show(home_with, run):
    r = run("event invite E1 --tag newcomer")
    assert r.exit_code == 0 and "Invited 2 families" in r.stdout
    r = run("event invite E1 --families F3,F1 --json")
    assert json.loads(r.stdout)["added"] == ["F3"] and json.loads(r.stdout)["already"] == ["F1"]
    r = run("event attend E1 F1 F3")
    assert r.exit_code == 0 and "2 of 3 invited came" in r.stdout
    d = svc.show_event(app_of(home_with), "E1")
    assert (d.invited, d.attended, d.rate) == (3, 2, 0.667)
    data = json.loads(run("event show E1 --json").stdout)
    assert data["invited"] == ["F1", "F2", "F3"] and data["attended"] == ["F1", "F3"]
    assert (data["invited_count"], data["attended_count"], data["rate"]) == (3, 2, 0.667)
    text = run("event show 'literacy night'").stdout
    assert "2 of 3 invited (67%)" in text
    # each attendance is an `event` contact on the family's timeline
    timeline = json.loads(run("show F1 --json").stdout)
    assert "Came to Literacy Night (E1)" in json.dumps(timeline)


def test_invite_with_letters_writes_a_folder_of_invitations(home_with, run, tmp_path):
    out = tmp_path / "inv"
    r = run(f"event invite E1 --families F1,F3 --letters {out}")
    assert r.exit_code == 0, r.output
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 2 and files[0].startswith("F1-") and files[1].startswith("F3-")
    assert "Wrote 2 invitation letters" in r.stdout


def test_attend_errors(home_with, run):
    run('event add --title Later --kind workshop --date 2026-12-03')
    r = run("event attend E2 F1")
    assert r.exit_code == 4 and "after it has taken place" in r.stderr
    assert run("event attend E9 F1").exit_code == 3
    assert run("event attend E1 F99").exit_code == 3


def test_missed_every_family_night_this_term(home_with, run):
    run("event invite E1 --tag newcomer")
    run("event attend E1 F1")
    r = run("event missed --tag newcomer --kind family-night --period this-term --json")
    data = json.loads(r.stdout)
    assert data["events"] == ["E1"]
    assert [f["family_id"] for f in data["families"]] == ["F2"]
    assert data["families"][0]["invited"] == 1
    r = run("event missed --tag newcomer --kind family-night")
    assert r.exit_code == 0 and "F2 Osman" in r.stdout
    r = run("event missed --from 2026-12-01 --to 2026-12-31")
    assert r.exit_code == 0 and "No event took place" in r.stdout


def test_invite_all_and_tags_choose_families_as_letter_does(home_with, run, tmp_path):
    assert run('add-family --name Closed --guardian Pat --tag newcomer').exit_code == 0
    assert run('close F4 --reason "moved away"').exit_code == 0
    assert run('event add --title "Potluck" --kind potluck --date 2026-12-10').exit_code == 0
    r = run("event invite E1 --all --tag newcomer --json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["added"] == ["F1", "F2"] and data["skipped_closed"] == ["F4"]
    r = run("event invite E2 --all")
    assert r.exit_code == 0 and "Invited 3 families" in r.stdout and "Left out 1 closed: F4" in r.stdout
    assert app_of(home_with) and json.loads(run("event show E2 --json").stdout)["invited"] == ["F1", "F2", "F3"]
    # the same options pick the same families for a mail merge
    for opts in ("--all --tag newcomer", "--tag newcomer", "--all"):
        merged = run(f"letter welcome {opts} --dry-run --out {tmp_path / opts.replace(' ', '')} --json")
        assert merged.exit_code == 0, merged.output
        letter_ids = sorted({x["family_id"] for x in json.loads(merged.stdout)["letters"]}, key=lambda i: int(i[1:]))
        assert run(f"event add --title T{len(opts)} --kind other --date 2026-12-11 --json").exit_code == 0
        last = json.loads(run("events --json").stdout)[-1]["id"]
        invited = json.loads(run(f"event invite {last} {opts} --json").stdout)["added"]
        assert invited == letter_ids, opts
