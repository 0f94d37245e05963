"""services, service add, refer, referrals, referral update / show — through the CLI, asserting
through the services."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from liaison_cli.services import referrals as svc
from liaison_cli.services.app import open_app
from liaison_cli.services.families import show_family

TODAY = dt.date(2026, 11, 20)  # conftest's pinned today


@pytest.fixture
def home_with(home, run):
    assert run("init").exit_code == 0
    assert run('add-family --name García --guardian "Rosa García" --lang es --student "Ana:3"').exit_code == 0
    assert run('add-family --name Osman --guardian Hodan --lang so --consent sharing').exit_code == 0
    r = run('service add --name "Homework Help Club" --category tutoring --organisation "City Library" '
            '--lang en --lang es --eligibility "Grades 3-8; free"')
    assert r.exit_code == 0, r.output
    assert run('service add --name "Clínica de Salud" --category health --org "Riverton CHC"').exit_code == 0
    return home


def app_of(home):
    return open_app(home, TODAY)


def test_service_add_and_services_json_contract(home_with, run):
    r = run("services --json")
    assert r.exit_code == 0 and r.stderr == ""
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 2
    for row in data:
        assert {"id", "name", "category", "organisation", "phone", "languages", "eligibility"} <= row.keys()
    assert [row["id"] for row in json.loads(run("services clinica --json").stdout)] == ["S2"]
    assert json.loads(run("services --lang es --json").stdout)[0]["name"] == "Homework Help Club"
    text = run("services").stdout
    assert "Homework Help Club" in text and "Grades 3-8; free" in text


def test_service_add_json_and_a_duplicate(home_with, run):
    r = run('service add --name "Food Pantry" --category food --json')
    assert json.loads(r.stdout)["id"] == "S3"
    r = run('service add --name "food pantry" --category food')
    assert r.exit_code == 4 and "S3" in r.stderr


def test_refer_needs_consent_and_says_how_to_record_it(home_with, run):
    r = run("refer F1 --service homework")
    assert r.exit_code == 4
    assert "--consent-given" in r.stderr and "liaison edit F1 --consent sharing" in r.stderr
    assert r.stdout == ""
    assert svc.list_referrals(app_of(home_with)) == []


def test_refer_with_consent_given(home_with, run):
    r = run('refer F1 --service homework --student ana --note "Reading" --consent-given')
    assert r.exit_code == 0, r.output
    assert "R1" in r.stdout and "Tue 8 Dec 2026" in r.stdout
    assert "consent" in r.stderr
    app = app_of(home_with)
    assert show_family(app, "F1").consents["sharing"] == "2026-11-20"
    [row] = svc.list_referrals(app)
    assert (row.id, row.family_id, row.service, row.student, row.check_due) == (
        "R1", "F1", "Homework Help Club", "Ana", "2026-12-08")


def test_refer_json_and_unknown_service(home_with, run):
    r = run("refer F2 --service clin --json")
    data = json.loads(r.stdout)
    assert data["referral"]["id"] == "R1" and data["followup"]["referral_id"] == "R1"
    assert data["followup"]["source"] == "referral R1"
    r = run("refer F2 --service dentist")
    assert r.exit_code == 3 and "liaison services" in r.stderr


def test_referrals_json_contract_and_filters(home_with, run):
    run("refer F2 --service clin")
    run("refer F1 --service home --consent-given")
    r = run("referrals --json")
    data = json.loads(r.stdout)
    assert [row["id"] for row in data] == ["R2", "R1"]
    for row in data:
        assert {"id", "family_id", "service", "status", "date", "check_due", "outcome"} <= row.keys()
    assert [x["id"] for x in json.loads(run("referrals --family Osman --json").stdout)] == ["R1"]
    assert [x["id"] for x in json.loads(run("referrals --service homework --json").stdout)] == ["R2"]
    assert json.loads(run("referrals --status completed --json").stdout) == []
    assert run("referrals --status lost").exit_code == 2


def test_referral_update_through_to_completed(home_with, run):
    run("refer F2 --service clin")
    r = run('referral update R1 --status accepted --note "Intake booked"')
    assert r.exit_code == 0 and "accepted" in r.stdout
    r = run('referral update R1 --status completed --outcome "Seen twice"')
    assert r.exit_code == 0 and "Closed its outcome check (follow-up 1)" in r.stdout
    d = svc.show_referral(app_of(home_with), "R1")
    assert d.referral.status == "completed" and d.followup.status == "done"
    r = run("referral update R1 --status in-progress")
    assert r.exit_code == 4 and "already completed" in r.stderr


def test_referral_show_json_and_text(home_with, run):
    run("refer F2 --service clin --note Asked")
    run("referral update R1 --status accepted")
    data = json.loads(run("referral show R1 --json").stdout)
    assert data["id"] == "R1" and data["family_id"] == "F2"
    assert [h["status"] for h in data["history"]] == ["referred", "accepted"]
    assert data["check"]["due"] == "2026-12-08"
    r = run("referral show R1")
    assert r.exit_code == 0 and "History" in r.stdout
    assert run("referral show R7").exit_code == 3


def test_the_referral_lands_on_the_family_timeline(home_with, run):
    run("refer F2 --service clin")
    run("referral update R1 --status declined --note 'Family said no'")
    data = json.loads(run("show F2 --json").stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert "referral R1 to Clínica de Salud: declined — Family said no" in text
