"""Events through the services: add, list, invite, attend, show, and who missed every one."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_cli.core.models import Guardian, Student
from liaison_cli.errors import ConflictError, NotFoundError, UsageError
from liaison_cli.services import events as svc
from liaison_cli.services.app import open_app
from liaison_cli.services.families import add_family, close_family
from tests.conftest import FALL, LINCOLN, ROOSEVELT, config_text, database_url

pytestmark = pytest.mark.both_backends

CONFIG = config_text(schools=(LINCOLN, ROOSEVELT), terms=(FALL,))


@pytest.fixture
def app(app):
    (app.home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    app = open_app(app.home, app.today, database_url=database_url())
    add_family(app, name="García", guardians=[Guardian("Rosa", language="es")],
               students=[Student("Ana", "3", "LES")], tags=["newcomer"])
    add_family(app, name="Osman", guardians=[Guardian("Hodan", language="so", interpreter=True)],
               students=[Student("Ayaan", "7", "RMS")], tags=["newcomer", "refugee"])
    add_family(app, name="Smith", guardians=[Guardian("Jo", language="en")],
               students=[Student("Sam", "2", "LES")])
    add_family(app, name="Haddad", guardians=[Guardian("Lina", language="ar")],
               students=[Student("Omar", "4", "Lincoln Elementary")], tags=["newcomer"])
    return app


def contacts_of(app, number):
    with app.store.read() as s:
        return list(s.contacts.of_family(f"F{number}").values())


def test_add_event_parses_kind_date_time_school_and_languages(app):
    e = svc.add_event(app, title=" Family  Math Night ", kind="Family Night", when="2026-12-03",
                      time="6pm", place="Cafeteria", school="les", languages=["es", "Arabic"],
                      interpreter=True)
    assert (e.id, e.title, e.kind, e.date, e.time, e.school, e.languages, e.interpreter) == (
        "E1", "Family Math Night", "family-night", "2026-12-03", "18:00", "Lincoln Elementary",
        ["es", "ar"], True)
    assert svc.add_event(app, title="Coffee", kind="other", when="friday").date == "2026-11-27"
    with pytest.raises(UsageError, match="--kind"):
        svc.add_event(app, title="x", kind="party", when="today")
    with pytest.raises(UsageError):
        svc.add_event(app, title="x", kind="potluck", when="someday")


def test_list_upcoming_and_past(app):
    svc.add_event(app, title="Open House", kind="open-house", when="2026-09-09")
    svc.add_event(app, title="Potluck", kind="potluck", when="2026-12-10")
    svc.add_event(app, title="Workshop", kind="workshop", when="2026-11-20")
    assert [r.id for r in svc.list_events(app)] == ["E1", "E3", "E2"]
    assert [r.id for r in svc.list_events(app, upcoming=True)] == ["E3", "E2"]
    assert [r.id for r in svc.list_events(app, past=True)] == ["E1"]
    assert [r.id for r in svc.list_events(app, kind="potluck")] == ["E2"]
    with pytest.raises(UsageError):
        svc.list_events(app, upcoming=True, past=True)


def test_invite_by_tag_school_and_list(app):
    svc.add_event(app, title="Family Night", kind="family-night", when="2026-12-03")
    res = svc.invite(app, "E1", tags=["newcomer"], school="LES")
    assert res.added == ["F1", "F4"]
    res = svc.invite(app, "family night", families=["F2", "F1"])
    assert (res.added, res.already) == (["F2"], ["F1"])
    res = svc.invite(app, "E1", school="RMS")
    assert (res.added, res.already) == ([], ["F2"])
    assert svc.show_event(app, "E1").invited == 3
    with pytest.raises(UsageError, match="whom"):
        svc.invite(app, "E1")
    with pytest.raises(NotFoundError):
        svc.invite(app, "E9", tags=["newcomer"])


def test_invite_skips_closed_families_from_tags_and_refuses_them_by_name(app):
    close_family(app, "F4", "moved")
    svc.add_event(app, title="Family Night", kind="family-night", when="2026-12-03")
    assert svc.invite(app, "E1", tags=["newcomer"]).added == ["F1", "F2"]
    with pytest.raises(ConflictError, match="F4"):
        svc.invite(app, "E1", families=["F4"])


def test_attend_marks_attended_and_invited_and_logs_an_event_contact(app):
    svc.add_event(app, title="Literacy Night", kind="family-night", when="2026-11-12", time="18:00",
                  languages=["es"])
    svc.invite(app, "E1", families=["F1", "F2", "F3"])
    res = svc.attend(app, "E1", ["F1", "F4,F1"])
    assert (res.added, res.already) == (["F1", "F4"], [])
    assert res.event.attended == ["F1", "F4"]
    assert "F4" in res.event.invited
    [c] = contacts_of(app, 1)
    assert (c["kind"], c["date"], c["time"], c["outcome"], c["language"]) == (
        "event", "2026-11-12", "18:00", "reached", "es")
    assert "Literacy Night" in c["summary"]
    [c4] = contacts_of(app, 4)
    assert c4["language"] == ""  # Arabic was not offered at the event
    again = svc.attend(app, "E1", ["F1"])
    assert (again.added, again.already) == ([], ["F1"])
    assert len(contacts_of(app, 1)) == 1
    d = svc.show_event(app, "E1")
    assert (d.invited, d.attended, d.rate) == (4, 2, 0.5)
    assert [(g.family_id, g.attended) for g in d.guests] == [
        ("F1", True), ("F4", True), ("F2", False), ("F3", False)]


def test_attendance_waits_for_the_event(app):
    svc.add_event(app, title="Potluck", kind="potluck", when="2026-12-10")
    with pytest.raises(ConflictError, match="after it has taken place"):
        svc.attend(app, "E1", ["F1"])
    with pytest.raises(UsageError):
        svc.attend(app, "E1", [])


def test_missed_every_family_night_this_term(app):
    svc.add_event(app, title="Family Night 1", kind="family-night", when="2026-10-01")
    svc.add_event(app, title="Family Night 2", kind="family-night", when="2026-11-05")
    svc.add_event(app, title="Potluck", kind="potluck", when="2026-11-10")
    svc.add_event(app, title="Family Night 3", kind="family-night", when="2026-12-10")  # not yet
    svc.add_event(app, title="Last year's night", kind="family-night", when="2026-05-01")
    svc.invite(app, "E1", tags=["newcomer"])
    svc.invite(app, "E2", tags=["newcomer"])
    svc.attend(app, "E2", ["F1"])
    svc.attend(app, "E3", ["F2"])  # a potluck does not count as a family night
    svc.attend(app, "E5", ["F4"])  # last school year does not count this term
    res = svc.missed(app, tag="newcomer", kind="family-night", period="this-term")
    assert res.events == ["E1", "E2"]
    assert [(m.family_id, m.invited) for m in res.families] == [("F2", 2), ("F4", 2)]
    assert (res.period.start, res.period.end) == (dt.date(2026, 9, 2), dt.date(2026, 12, 18))
    # any kind: F2 came to the potluck
    assert [m.family_id for m in svc.missed(app, tag="newcomer").families] == ["F4"]
    # everyone, this month, at Lincoln
    assert [m.family_id for m in svc.missed(app, period="this-month", school="LES").families] == ["F3", "F4"]
    by_dates = svc.missed(app, kind="family-night", start="2026-09-01", end="2026-10-31")
    assert by_dates.events == ["E1"]
    assert [m.family_id for m in by_dates.families] == ["F1", "F2", "F3", "F4"]


def test_missed_with_no_event_in_the_period_lists_nobody(app):
    res = svc.missed(app, kind="potluck")
    assert (res.events, res.families) == ([], [])


def test_event_by_title_and_ambiguity(app):
    svc.add_event(app, title="Family Night", kind="family-night", when="2026-12-03")
    svc.add_event(app, title="Family Night Two", kind="family-night", when="2026-12-04")
    assert svc.show_event(app, "family night").event.id == "E1"
    with pytest.raises(UsageError, match="E1, E2"):
        svc.show_event(app, "night")
    with pytest.raises(NotFoundError):
        svc.show_event(app, "bake sale")


def test_invite_with_letters_writes_one_invitation_per_family_in_its_language(app, tmp_path):
    (app.home / "config.yaml").write_text(
        'liaison: {name: Test Liaison, title: Family Liaison, phone: "617-555-0100", email: t@x.example}\n'
        + CONFIG, encoding="utf-8")
    app = open_app(app.home, app.today, database_url=database_url())
    svc.add_event(app, title="Family Night", kind="family-night", when="2026-12-03", time="18:00",
                  place="Cafeteria", school="LES", languages=["es"], interpreter=True)
    folder = tmp_path / "invitations"
    res = svc.invite(app, "E1", families=["F1", "F3"], letters=folder)
    assert res.added == ["F1", "F3"]
    m = res.letters
    assert sorted(p.name for p in folder.iterdir()) == sorted(lt.path.name for lt in m.letters)
    by_family = {lt.family_id: lt for lt in m.letters}
    assert set(by_family) == {"F1", "F3"}
    assert by_family["F3"].lang == "en"
    assert by_family["F1"].asked == "es"  # Spanish asked for; English only as a flagged fallback
    assert by_family["F1"].lang == "es" or by_family["F1"].fallback
    assert "Family Night" in by_family["F3"].path.read_text(encoding="utf-8")
    letters = [c for c in contacts_of(app, 3) if c["kind"] == "letter"]
    assert len(letters) == 1 and letters[0]["date"] == "2026-11-20"
