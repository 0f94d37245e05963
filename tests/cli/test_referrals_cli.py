"""services, service add, refer, referrals, referral update / show — through the CLI, asserting
through the services."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from liaison_cli.services import referrals as svc
from liaison_cli.services.app import open_app
from liaison_cli.services.families import show_family
from tests.conftest import database_url

pytestmark = pytest.mark.both_backends

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
    return open_app(home, TODAY, database_url=database_url())


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


# --------------------------------------------------------------------------- service edit / remove


def test_service_edit_changes_fields_and_a_rename_keeps_old_referrals(home_with, run):
    assert run('refer F2 --service "Homework" --note "Reading"').exit_code == 0
    r = run('service edit S1 --name "Homework Club" --phone 617-555-0199 --lang en --lang ar --json')
    assert r.exit_code == 0, r.output
    with app_of(home_with).store.read() as s:
        edited = svc.find_service(s, "S1")
    assert (edited.name, edited.phone, edited.languages) == ("Homework Club", "617-555-0199", ["en", "ar"])
    shown = json.loads(run("referral show R1 --json").stdout)
    assert shown["service"] == "Homework Help Club"  # what the family was referred to
    assert shown["service_record"]["phone"] == "617-555-0199"
    r = run('service edit S1 --name "Clínica de Salud"')
    assert r.exit_code == 4 and "S2" in r.stderr
    assert run("service edit S1").exit_code == 2


def test_a_service_with_referrals_is_removed_only_with_force(home_with, run):
    assert run('refer F2 --service "Homework" --note "Reading"').exit_code == 0
    r = run("service remove S1")
    assert r.exit_code == 4 and "--force" in r.stderr and "1 referral" in r.stderr
    assert len(json.loads(run("services --json").stdout)) == 2
    r = run("service remove S1 --force")
    assert r.exit_code == 0, r.output
    assert [s["id"] for s in json.loads(run("services --json").stdout)] == ["S2"]
    # a new service with the same name is not the one R1 was made to
    assert run('service add --name "Homework Help Club" --category tutoring --phone 555-0000').exit_code == 0
    r = run("referral show R1")
    assert r.exit_code == 0 and "Homework Help Club" in r.stdout and "555-0000" not in r.stdout
    shown = json.loads(run("referral show R1 --json").stdout)
    assert shown["service_record"] is None and shown["organisation"] == "City Library"
    r = run("service remove S2")
    assert r.exit_code == 0 and "Removed S2" in r.stdout


def test_show_never_borrows_a_service_that_only_shares_the_start_of_the_name(home_with, run):
    assert run('refer F2 --service "Homework" --note "Reading"').exit_code == 0
    assert run('service add --name "Homework Help Club Plus" --category tutoring --phone 555-0000').exit_code == 0
    assert run("service remove S1 --force").exit_code == 0
    assert json.loads(run("referral show R1 --json").stdout)["service_record"] is None


def test_schools_typed_with_a_student_are_checked_against_the_config(home, run, backend):
    assert run("init").exit_code == 0
    (home / "config.yaml").write_text(
        "schools:\n  - {name: Lincoln Elementary, short: LES}\n  - {name: Osman Middle School, short: OMS}\n",
        encoding="utf-8")
    r = run('add-family --name García --student "Ana:3:Lincon Elementary"')
    assert r.exit_code == 2 and "did you mean Lincoln Elementary?" in r.stderr
    r = run('add-family --name García --student "Ana:3:Nowhere High"')
    # Where a new school goes: her config.yaml, or the district's file on a district database.
    where = "district.yaml" if backend.name == "pg" else "config.yaml"
    assert r.exit_code == 2 and "Lincoln Elementary (LES)" in r.stderr and where in r.stderr
    assert json.loads(run("families --json").stdout) == []
    r = run('add-family --name García --student "Ana:3:les" --json')
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["students"][0]["school"] == "Lincoln Elementary"
    r = run('edit F1 --add-student "Luis:7:OMZ"')
    assert r.exit_code == 2 and "did you mean Osman Middle School?" in r.stderr
    assert len(json.loads(run("show F1 --json").stdout)["students"]) == 1
    (home / "config.yaml").write_text("schools: []\n", encoding="utf-8")
    r = run('edit F1 --add-student "Luis:7:Any School At All" --json')
    if backend.name == "json":  # a personal store without schools takes any
        assert r.exit_code == 0 and json.loads(r.stdout)["students"][1]["school"] == "Any School At All"
    else:  # a district's access follows schools: never one typed as free text
        assert r.exit_code == 2 and "the district database lists no schools yet" in r.stderr


def test_refer_signpost_and_home_visit_warning(home_with, run):
    r = run('refer F1 --service "Homework" --signpost')  # F1 has no sharing consent
    assert r.exit_code == 0, r.output
    assert "nothing was shared" in r.stdout
    assert "signpost" in run("show F1").stdout
    assert run("audit --json").stdout.strip() in ("[]", "")
    assert json.loads(run("referrals --json").stdout) == []
    assert run('refer F1 --service "Homework" --signpost --consent-given').exit_code == 2
    r = run('log F1 --kind home-visit --note "Visited"')
    assert r.exit_code == 0
    warning = r.stderr.strip().splitlines()
    assert len(warning) == 1 and "home-visit consent" in warning[0]
    assert "liaison edit F1 --consent home-visit" in warning[0]
    r = run('log F2 --kind phone --note "Called"')
    assert r.exit_code == 0 and r.stderr == ""
