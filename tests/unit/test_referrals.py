"""The services directory and referrals, through the services (no CLI)."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_cli.core.models import Guardian, Student
from liaison_cli.errors import ConflictError, NotFoundError, UsageError
from liaison_cli.services import audit
from liaison_cli.services import referrals as svc
from liaison_cli.services.families import add_family, show_family
from liaison_cli.services.followups import get_followup
from liaison_cli.services.timeline import family_with_timeline
from tests.conftest import config_text, database_url

pytestmark = pytest.mark.both_backends

CONFIG = config_text()


@pytest.fixture
def app(app):
    from liaison_cli.services.app import open_app

    (app.home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    app = open_app(app.home, app.today, database_url=database_url())
    add_family(app, name="García", guardians=[Guardian("Rosa García", language="es")],
               students=[Student("Ana", "3", "LES"), Student("Luis", "5", "LES")])
    add_family(app, name="Osman", guardians=[Guardian("Hodan Osman", language="so", interpreter=True)],
               consents={"sharing": "2026-09-14"})
    svc.add_service(app, name="Homework Help Club", category="tutoring",
                    organisation="Riverton Public Library", languages=["en", "es"])
    svc.add_service(app, name="Clínica de Salud", category="health", organisation="Riverton CHC",
                    languages=["es", "pt"], eligibility="Sliding scale; no insurance needed")
    svc.add_service(app, name="Food Pantry", category="food", organisation="Interfaith Council")
    return app


def read(app, fn, *args):
    with app.store.read() as s:
        return fn(s, *args)


# --------------------------------------------------------------------------- the directory


def test_services_search_ignores_accents_and_case(app):
    assert [s.name for s in svc.list_services(app, "CLINICA")] == ["Clínica de Salud"]
    assert [s.name for s in svc.list_services(app, "insurance")] == ["Clínica de Salud"]
    assert [s.id for s in svc.list_services(app, category="tutoring")] == ["S1"]
    assert {s.name for s in svc.list_services(app, lang="es")} == {"Homework Help Club", "Clínica de Salud"}
    assert len(svc.list_services(app)) == 3


def test_service_add_normalises_and_refuses_a_duplicate_name(app):
    s = svc.add_service(app, name="  Adult   ESL ", category="Counseling", languages=["Spanish"])
    assert (s.id, s.name, s.category, s.languages) == ("S4", "Adult ESL", "counselling", ["es"])
    with pytest.raises(ConflictError):
        svc.add_service(app, name="food pantry", category="food")
    with pytest.raises(UsageError):
        svc.add_service(app, name="", category="food")


def test_find_service_by_name_prefix_and_id(app):
    assert read(app, svc.find_service, "homework").name == "Homework Help Club"
    assert read(app, svc.find_service, "clinica de salud").id == "S2"
    assert read(app, svc.find_service, "S3").name == "Food Pantry"
    with pytest.raises(NotFoundError, match="liaison services"):
        read(app, svc.find_service, "dentist")


# --------------------------------------------------------------------------- the consent gate


def test_refer_without_consent_is_refused_and_writes_nothing(app):
    with pytest.raises(ConflictError, match="--consent-given"):
        svc.refer(app, "F1", "homework")
    assert svc.list_referrals(app) == []
    assert audit.read_log(app) == []
    assert "sharing" not in show_family(app, "F1").consents


def test_consent_given_is_recorded_with_todays_date(app):
    res = svc.refer(app, "F1", "homework", student="ana", note="Reading support", consent_given=True)
    assert res.consent_recorded
    assert show_family(app, "F1").consents["sharing"] == "2026-11-20"
    r = res.referral
    assert (r.id, r.family_id, r.service, r.organisation, r.student, r.status, r.date) == (
        "R1", "F1", "Homework Help Club", "Riverton Public Library", "Ana", "referred", "2026-11-20")
    assert r.history == [{"date": "2026-11-20", "status": "referred", "note": "Reading support"}]


def test_existing_consent_is_enough(app):
    res = svc.refer(app, "Osman", "food")
    assert not res.consent_recorded and res.referral.family_id == "F2"


def test_refer_a_closed_family_or_an_unknown_student_fails(app):
    from liaison_cli.services.families import close_family

    with pytest.raises(NotFoundError, match="student"):
        svc.refer(app, "F1", "homework", student="Maria", consent_given=True)
    close_family(app, "F2", "moved away")
    with pytest.raises(ConflictError, match="reopen"):
        svc.refer(app, "F2", "food")


def test_each_referral_logs_a_disclosure(app):
    svc.refer(app, "F2", "food", note="Family asked")
    [entry] = audit.read_log(app)
    assert entry["what"] == "referral"
    assert entry["to"] == "Interfaith Council"
    assert "Food Pantry" in entry["why"]
    assert entry["records"] == ["F2"]


# --------------------------------------------------------------------------- the outcome check


def test_outcome_check_is_ten_school_days_later_skipping_thanksgiving(app):
    res = svc.refer(app, "F2", "food")
    fu = res.followup
    # Fri 20 Nov + 10 school days, Thanksgiving Thu 26 and Fri 27 skipped: Tue 8 Dec.
    assert fu.due == "2026-12-08"
    assert (fu.referral_id, fu.source, fu.status) == ("R1", "referral R1", "open")
    assert res.referral.followup_id == fu.id
    assert read(app, get_followup, fu.id).action.startswith("Check the outcome of referral R1")


def test_the_check_delay_comes_from_the_config(app):
    app.config.referral_check_school_days = 3
    assert svc.refer(app, "F2", "food").followup.due == "2026-11-25"


def test_closing_the_referral_closes_its_check(app):
    fu = svc.refer(app, "F2", "food").followup
    svc.update_referral(app, "R1", status="accepted", note="Intake Monday")
    assert read(app, get_followup, fu.id).status == "open"
    res = svc.update_referral(app, "r1", status="no response")
    assert res.referral.status == "no-response"
    assert res.closed_followups == [fu.id]
    done = read(app, get_followup, fu.id)
    assert (done.status, done.done_on, done.note) == ("done", "2026-11-20", "referral closed")


# --------------------------------------------------------------------------- the lifecycle


def test_lifecycle_history_and_the_timeline(app):
    svc.refer(app, "F2", "food")
    svc.update_referral(app, "R1", status="accepted", note="Intake Monday")
    svc.update_referral(app, "R1", status="in progress")
    r = svc.update_referral(app, "R1", status="completed", outcome="Weekly boxes").referral
    assert [h["status"] for h in r.history] == ["referred", "accepted", "in-progress", "completed"]
    assert r.outcome == "Weekly boxes"
    assert r.history[-1]["note"] == "outcome: Weekly boxes"
    _fam, entries = family_with_timeline(app, "F2")
    lines = [e["line"] for e in entries if e["type"] == "referral"]
    assert "referral R1 to Food Pantry: accepted — Intake Monday" in lines
    assert "referral R1 to Food Pantry: completed — outcome: Weekly boxes" in lines


@pytest.mark.parametrize("path,bad", [
    (["completed"], "accepted"),
    (["declined"], "in-progress"),
    (["in-progress"], "accepted"),
    (["accepted"], "referred"),
])
def test_impossible_transitions_are_refused(app, path, bad):
    svc.refer(app, "F2", "food")
    for st in path:
        svc.update_referral(app, "R1", status=st)
    with pytest.raises(ConflictError, match="R1"):
        svc.update_referral(app, "R1", status=bad)


def test_same_status_unknown_status_and_empty_update(app):
    svc.refer(app, "F2", "food")
    with pytest.raises(ConflictError, match="already referred"):
        svc.update_referral(app, "R1", status="referred")
    with pytest.raises(UsageError, match="--status"):
        svc.update_referral(app, "R1", status="lost")
    with pytest.raises(UsageError):
        svc.update_referral(app, "R1")
    with pytest.raises(NotFoundError):
        svc.update_referral(app, "R9", status="accepted")


def test_a_note_alone_is_recorded_even_once_closed(app):
    svc.refer(app, "F2", "food")
    svc.update_referral(app, "R1", status="completed")
    r = svc.update_referral(app, "R1", note="Family says thanks").referral
    assert r.status == "completed"
    assert r.history[-1] == {"date": "2026-11-20", "status": "completed", "note": "Family says thanks"}


# --------------------------------------------------------------------------- listing


def test_list_referrals_filters(app):
    svc.refer(app, "F2", "food")
    svc.refer(app, "F1", "clinica", consent_given=True)
    svc.update_referral(app, "R1", status="declined")
    assert [r.id for r in svc.list_referrals(app)] == ["R2", "R1"]
    assert [r.id for r in svc.list_referrals(app, status="open")] == ["R2"]
    assert [r.id for r in svc.list_referrals(app, status="closed")] == ["R1"]
    assert [r.id for r in svc.list_referrals(app, status="declined")] == ["R1"]
    assert [r.id for r in svc.list_referrals(app, service="salud")] == ["R2"]
    assert [r.id for r in svc.list_referrals(app, family="Osman")] == ["R1"]
    row = svc.list_referrals(app, family="F1")[0]
    assert (row.family_name, row.check_due) == ("García", "2026-12-08")


def test_show_referral(app):
    svc.refer(app, "F2", "food")
    d = svc.show_referral(app, "R1")
    assert d.family_name == "Osman"
    assert d.followup.due == "2026-12-08"
    assert d.service.id == "S3"
    assert d.next_statuses[0] == "accepted"
    assert d.to_dict()["check"]["referral_id"] == "R1"


def test_today_screen_sees_a_referral_once_its_check_is_due(app):
    from liaison_cli.services.app import open_app
    from liaison_cli.services.today import the_day

    svc.refer(app, "F2", "food")
    assert the_day(app).referrals_waiting == []
    later = open_app(app.home, dt.date(2026, 12, 8), database_url=database_url())
    assert [r["id"] for r in the_day(later).referrals_waiting] == ["R1"]


# --------------------------------------------------------------------------- signposting


def test_signposting_needs_no_consent_and_discloses_nothing(app):
    from liaison_cli.services.directory import signpost

    before = read(app, lambda s: dict(s.referrals.rows()))
    done = signpost(app, "F1", "food", student="Ana", note="They will call on Monday")
    assert done.contact.kind == "signpost" and done.contact.family_id == "F1"
    assert "Food Pantry" in done.contact.summary and "Ana" in done.contact.summary
    assert audit.read_log(app) == []  # nothing left the office
    assert read(app, lambda s: dict(s.referrals.rows())) == before  # no referral, no outcome check
    family, timeline = family_with_timeline(app, "F1")
    assert "sharing" not in family.consents
    assert any(e.get("kind") == "signpost" or "signpost" in str(e) for e in timeline)


def test_a_home_visit_without_consent_is_flagged(app):
    from liaison_cli.services.contacts import log_contact

    assert log_contact(app, "F1", kind="home-visit", note="Visited").no_visit_consent
    assert not log_contact(app, "F1", kind="phone", note="Called").no_visit_consent
    from liaison_cli.services.families import FamilyEdit, edit_family

    edit_family(app, "F1", FamilyEdit(add_consents={"home-visit": "2026-11-01"}))
    assert not log_contact(app, "F1", kind="home-visit", note="Visited").no_visit_consent
