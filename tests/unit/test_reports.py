"""The report's figures, checked against a small hand-built caseload whose numbers are counted
by hand below (the comments show the count)."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_cli.core.models import Guardian, Student
from liaison_cli.core.reports import resolve_period
from liaison_cli.errors import UsageError
from liaison_cli.services import events, referrals
from liaison_cli.services import reports as svc
from liaison_cli.services.app import open_app
from liaison_cli.services.contacts import log_contact
from liaison_cli.services.families import add_family
from tests.conftest import LINCOLN, ROOSEVELT, config_text, database_url

pytestmark = pytest.mark.both_backends

CONFIG = config_text(schools=(LINCOLN, ROOSEVELT))
TODAY = dt.date(2026, 11, 20)
NOVEMBER = {"start": "2026-11-01", "end": "2026-11-30"}


def at(home, day: dt.date = TODAY):
    # A pinned clock: `created` stamps are part of what "new" means.
    return open_app(home, day, clock=lambda: dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC),
                    database_url=database_url())


@pytest.fixture
def caseload(app):
    """Four families, ten contacts in November, two events held and one to come, three referrals.

    F1 García   es  LES  arrived 2026-11-02 (new)  barriers transport, finances
    F2 Osman    so  RMS  arrived 2026-09-10        barrier language, needs an interpreter
    F3 Smith    en  LES  arrived 2026-08-01
    F4 Nguyen   vi  RMS  arrived 2026-11-05 (new)  no contact in November
    """
    home = app.home
    (home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    a = at(home)
    add_family(a, name="García", guardians=[Guardian("Rosa", language="es")],
               students=[Student("Ana", "3", "LES")], arrival="2026-11-02",
               barriers=["transport", "finances"], consents={"sharing": "2026-11-02"})
    add_family(a, name="Osman", guardians=[Guardian("Hodan", language="so", interpreter=True)],
               students=[Student("Ayaan", "7", "RMS")], arrival="2026-09-10",
               barriers=["language"], consents={"sharing": "2026-09-10"})
    add_family(a, name="Smith", guardians=[Guardian("Jo", language="en")],
               students=[Student("Sam", "2", "LES")], arrival="2026-08-01",
               consents={"sharing": "2026-08-01"})
    add_family(a, name="Nguyen", guardians=[Guardian("Lan", language="vi")],
               students=[Student("Minh", "6", "RMS")], arrival="2026-11-05")
    log = lambda f, d, kind, **kw: log_contact(a, f, kind=kind, note="n", when=d, **kw)  # noqa: E731
    # before November: not counted
    log("F3", "2026-10-30", "phone")
    log("F4", "2026-10-20", "phone", lang="vi")
    # November, by hand:                                         in the family's language?
    log("F1", "2026-11-03", "phone", lang="es")                  # yes
    log("F1", "2026-11-10", "home-visit", lang="es")             # yes
    log("F1", "2026-11-12", "phone", outcome="no-answer")        # no (none recorded = en)
    log("F2", "2026-11-04", "phone", interpreter="Amina")        # yes, interpreter
    log("F2", "2026-11-16", "text", lang="en", outcome="left-message")  # no
    log("F3", "2026-11-05", "email")                             # yes (en)
    log("F3", "2026-11-18", "letter")                            # yes (en); not an attempt
    # events: attendance logs an `event` contact per family (three more, all reached)
    events.add_event(a, title="Literacy Night", kind="family-night", when="2026-11-12",
                     school="LES", languages=["es"])
    events.add_event(a, title="Potluck", kind="potluck", when="2026-11-19", school="RMS",
                     languages=["en"])
    events.add_event(a, title="Math Workshop", kind="workshop", when="2026-11-25", school="RMS")
    events.add_event(a, title="Open House", kind="open-house", when="2026-10-01", school="LES")
    events.invite(a, "E1", families=["F1", "F2", "F3"])
    events.attend(a, "E1", ["F1"])                               # F1 event: yes (es offered)
    events.invite(a, "E2", families=["F2", "F3"])
    events.attend(a, "E2", ["F2", "F3"])                         # F2: no; F3: yes (en)
    events.invite(a, "E3", families=["F1", "F2", "F3", "F4"])   # upcoming
    events.invite(a, "E4", families=["F1", "F3"])
    events.attend(a, "E4", ["F3"])                               # October: not counted
    # referrals: one made in October (not counted), two in November
    referrals.refer(at(home, dt.date(2026, 10, 15)), "F3", "Food")  # not counted
    referrals.refer(a, "F1", "Homework")
    referrals.refer(a, "F2", "Food")
    referrals.update_referral(a, "R3", status="declined")
    return home


@pytest.fixture(autouse=True)
def _services(app):
    referrals.add_service(app, name="Homework Club", category="tutoring", organisation="Library")
    referrals.add_service(app, name="Food Pantry", category="food", organisation="Interfaith")


def test_report_figures_for_november(caseload):
    r = svc.report(at(caseload), **NOVEMBER)
    assert r["period"] == {"from": "2026-11-01", "to": "2026-11-30", "label": "from 2026-11-01 to 2026-11-30",
                           "school": "", "generated": "2026-11-20", "liaison": ""}
    assert r["families"] == {"caseload": 4, "served": 3, "reached": 3, "new": 2}
    c = r["contacts"]
    # 7 logged + 3 event contacts = 10; 9 attempts (the letter is not one); 7 reached
    assert (c["total"], c["attempts"], c["reached"], c["home_visits"]) == (10, 9, 7, 1)
    assert c["reached_rate"] == round(7 / 9, 3)
    assert c["by_kind"] == {"phone": 3, "text": 1, "email": 1, "home-visit": 1, "event": 3, "letter": 1}
    assert list(c["by_kind"]) == ["phone", "text", "email", "home-visit", "event", "letter"]
    assert c["by_outcome"] == {"reached": 7, "no-answer": 1, "left-message": 1}
    lg = r["languages"]
    assert lg["families_by_language"] == {"en": 1, "es": 1, "so": 1}
    assert (lg["contacts_in_family_language"], lg["contacts_with_interpreter"]) == (7, 1)
    assert lg["in_language_share"] == 0.7
    assert r["barriers"] == {"finances": 1, "language": 1, "transport": 1}
    ref = r["referrals"]
    assert (ref["made"], ref["closed"], ref["completed"], ref["completed_rate"]) == (2, 1, 0, 0.0)
    assert ref["by_service"] == {"Food Pantry": 1, "Homework Club": 1}
    assert ref["by_status"] == {"referred": 1, "declined": 1}
    ev = r["events"]
    # held: E1 (3 invited, 1 came) and E2 (2 invited, 2 came); E3 on the 25th is upcoming
    assert (ev["held"], ev["upcoming"], ev["invited"], ev["attended"], ev["rate"]) == (2, 1, 5, 3, 0.6)
    assert [(e["id"], e["invited"], e["attended"], e["rate"]) for e in ev["list"]] == [
        ("E1", 3, 1, 0.333), ("E2", 2, 2, 1.0)]


def test_report_for_one_school(caseload):
    r = svc.report(at(caseload), school="les", **NOVEMBER)
    assert r["period"]["school"] == "Lincoln Elementary"
    # F1 and F3 only: F1 4 contacts (2 phone, visit, event), F3 3 (email, letter, event)
    assert r["families"] == {"caseload": 2, "served": 2, "reached": 2, "new": 1}
    assert (r["contacts"]["total"], r["contacts"]["attempts"], r["contacts"]["reached"]) == (7, 6, 5)
    assert r["referrals"]["made"] == 1 and r["referrals"]["by_service"] == {"Homework Club": 1}
    assert [e["id"] for e in r["events"]["list"]] == ["E1"]
    assert r["events"]["upcoming"] == 0


def test_an_empty_period_has_no_rates(caseload):
    r = svc.report(at(caseload), start="2026-07-01", end="2026-07-31")
    assert r["families"]["served"] == 0
    assert r["contacts"]["reached_rate"] is None
    assert r["events"]["rate"] is None and r["events"]["list"] == []


def test_new_without_an_arrival_date_counts_from_the_first_contact(app):
    """An imported family added today but worked with since September is not new in November."""
    (app.home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    a = open_app(app.home, TODAY, clock=lambda: dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
                 database_url=database_url())
    add_family(a, name="Old")
    add_family(a, name="Fresh")
    log_contact(a, "F1", kind="phone", note="n", when="2026-09-15")
    log_contact(a, "F1", kind="phone", note="n", when="2026-11-16")
    log_contact(a, "F2", kind="phone", note="n", when="2026-11-16")
    r = svc.report(a, **NOVEMBER)
    assert (r["families"]["served"], r["families"]["new"]) == (2, 1)


def test_the_html_report_is_self_contained_and_private(caseload, tmp_path):
    a = at(caseload)
    data = svc.report(a, **NOVEMBER)
    path = svc.write_html(a, data, tmp_path / "report.html")
    assert path.stat().st_mode & 0o777 == 0o600
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") == 6
    low = html.lower()
    for banned in ("<script", "http://", "https://", "src=", "href=", "@import", "url("):
        assert banned not in low, banned
    assert "García" not in html and "Osman" not in html  # counts only, no names
    assert "Literacy Night" in html and "70%" in html


def test_html_escapes_what_it_is_given():
    from liaison_cli.core.report_html import render_html
    from liaison_cli.core.reports import Period, build_report

    data = build_report(period=Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "November"),
                        today=TODAY, families={}, contacts=[], referrals={},
                        events={"1": {"title": "<script>x</script>", "date": "2026-11-02",
                                      "invited": ["F1"], "attended": []}})
    html = render_html(data)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_csv_rows_cover_every_section(caseload):
    from liaison_cli.core.reports import report_rows

    rows = report_rows(svc.report(at(caseload), **NOVEMBER))
    sections = {s for s, _k, _v in rows}
    assert {"families", "contacts", "contacts_by_kind", "contacts_by_outcome", "families_by_language",
            "languages", "barriers", "referrals", "referrals_by_service", "referrals_by_status",
            "events", "event_attendance"} <= sections
    assert ("contacts", "reached", 7) in rows
    assert ("event_attendance", "E2 2026-11-19 Potluck", "2/2") in rows


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize("name,start,end", [
    ("this-week", "2026-11-16", "2026-11-22"),
    ("last-week", "2026-11-09", "2026-11-15"),
    ("this-month", "2026-11-01", "2026-11-30"),
    ("last-month", "2026-10-01", "2026-10-31"),
    ("this-term", "2026-09-02", "2026-12-18"),
    ("this-year", "2026-08-01", "2027-07-31"),
    ("last-year", "2025-08-01", "2026-07-31"),
])
def test_periods(app, name, start, end):
    (app.home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    cal = open_app(app.home, TODAY, database_url=database_url()).calendar
    p = resolve_period(name, None, None, TODAY, cal)
    assert (p.start.isoformat(), p.end.isoformat()) == (start, end)


def test_period_errors(app):
    cal = app.calendar
    with pytest.raises(UsageError, match="not one of"):
        resolve_period("fortnight", None, None, TODAY, cal)
    with pytest.raises(UsageError, match="not both"):
        resolve_period("this-month", "2026-11-01", None, TODAY, cal)
    with pytest.raises(UsageError, match="ends before"):
        resolve_period(None, "2026-11-10", "2026-11-01", TODAY, cal)
    with pytest.raises(UsageError, match="--from"):
        resolve_period(None, None, "2026-11-01", TODAY, cal)
    assert resolve_period(None, "2026-11-10", None, TODAY, cal).end == TODAY


@pytest.mark.parametrize("made, closed, completed, note", [
    (2, 1, 1, "1 completed, 1 still open"),
    (3, 3, 1, "1 completed, 2 declined or unanswered"),
    (4, 2, 0, "0 completed, 2 declined or unanswered, 2 still open"),
    (0, 0, 0, "0 completed"),
])
def test_referrals_note_counts_completed_within_closed(made, closed, completed, note):
    from liaison_cli.core.reports import referrals_note

    assert referrals_note({"made": made, "closed": closed, "completed": completed}) == note


def test_a_folder_store_report_holds_neither_the_family_records_nor_the_contact_log(caseload, app):
    """The JSON store hands a report the parts it reads: family parts kept beside the roster,
    the period's contacts read shard by shard and not kept (memory at 20,000 families)."""
    if database_url():
        pytest.skip("the folder store's reading; the district database selects in SQL")
    with app.store.read() as s:
        parts = s.families.for_report()
        period = s.contacts.between(NOVEMBER["start"], NOVEMBER["end"])
        held = set(s._files)
    assert "families" not in held and not any(n.startswith("contacts-") for n in held)
    assert set(parts["1"]) <= {"status", "arrival", "created", "home_language", "barriers",
                               "guardians", "students"}
    assert period and all(set(c) <= {"family_id", "date", "kind", "outcome", "interpreter",
                                     "language"} for c in period.values())
    assert svc.report(app, **NOVEMBER) == svc.report(at(app.home), **NOVEMBER)
