"""Playbooks: reading the YAML, dating steps in school days, applying them to a family."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_cli.core.dates import SchoolCalendar
from liaison_cli.core.models import Guardian
from liaison_cli.core.yamlio import parse_text
from liaison_cli.errors import ConfigError, ConflictError, NotFoundError, UsageError
from liaison_cli.services import playbooks as svc
from liaison_cli.services.app import open_app
from liaison_cli.services.families import add_family
from liaison_cli.services.followups import followups_due
from tests.conftest import config_text, database_url

pytestmark = pytest.mark.both_backends

CONFIG = config_text(schools=(), extra="playbooks_dir: my-playbooks\n")

CAL = SchoolCalendar(
    terms=((dt.date(2026, 9, 2), dt.date(2026, 12, 18)), (dt.date(2027, 1, 5), dt.date(2027, 6, 18))),
    closures=((dt.date(2026, 11, 26), dt.date(2026, 11, 27)),),
)


@pytest.fixture
def app(app):
    (app.home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    (app.home / "my-playbooks").mkdir()
    app = open_app(app.home, app.today, database_url=database_url())
    add_family(app, name="García", guardians=[Guardian("Rosa", language="es")], arrival="2026-11-23")
    add_family(app, name="Walker", guardians=[Guardian("Sam")], tags=["military"])
    return app


def parse(text: str, name: str = "test") -> svc.Playbook:
    return svc.parse_playbook(parse_text(text, f"{name}.yaml"), name, f"{name}.yaml")


def open_followups(app, family_id):
    return [r for r in followups_due(app, "2027-12-31", family=family_id, with_owed=False).rows]


# --------------------------------------------------------------------------- bundled playbooks


def test_bundled_playbooks_are_listed_and_valid(app):
    books = {p.name: p for p in svc.list_playbooks(app)}
    assert {"newcomer", "military-transfer"} <= set(books)
    newcomer = books["newcomer"]
    assert newcomer.bundled and newcomer.start == "arrival"
    days = [s.day for s in newcomer.steps]
    assert days[0] == 1 and 10 in days and 30 in days and "end-of-term" in days
    actions = " ".join(s.action.lower() for s in newcomer.steps)
    for words in ("welcome call", "welcome pack", "home visit", "permission", "teacher", "esl",
                  "six weeks", "end-of-term"):
        assert words in actions, words
    military = " ".join(s.action.lower() for s in books["military-transfer"].steps)
    for words in ("welcome call", "records", "military family contact", "mic3", "buddy",
                  "four weeks", "deployment or move"):
        assert words in military, words


# --------------------------------------------------------------------------- dates


def test_step_dates_skip_weekends_and_the_thanksgiving_closure():
    pb = parse("""
steps:
  - {day: 0, action: a}
  - {day: 1, action: b}
  - {day: 3, action: c}
  - {day: 4, action: d}
  - {day: 10, action: e}
  - {day: end-of-term, action: f}
""")
    first, steps = svc.plan(pb, dt.date(2026, 11, 23), CAL)  # a Monday
    assert first == dt.date(2026, 11, 23)
    assert [(s.step.action, s.due) for s in steps] == [
        ("a", "2026-11-23"), ("b", "2026-11-23"),
        ("c", "2026-11-25"),            # Wednesday
        ("d", "2026-11-30"),            # Thu 26 and Fri 27 closed, then the weekend
        ("e", "2026-12-08"),
        ("f", "2026-12-18"),            # the last school day of the fall term
    ]


def test_a_start_on_a_closure_begins_on_the_next_school_day():
    pb = parse("steps:\n  - {day: 1, action: call}\n  - {day: 2, action: visit}\n")
    first, steps = svc.plan(pb, dt.date(2026, 11, 26), CAL)
    assert first == dt.date(2026, 11, 30)
    assert [s.due for s in steps] == ["2026-11-30", "2026-12-01"]


def test_thirty_school_days_cross_the_winter_break():
    pb = parse("steps:\n  - {day: 30, action: six-week check-in}\n")
    _first, [step] = svc.plan(pb, dt.date(2026, 11, 23), CAL)
    # Nov 23 is day 1; 18 school days to Fri Dec 18 (Thanksgiving off), then 12 more from
    # Tue Jan 5: Jan 5-8, 11-15, 18-20.
    assert step.due == "2027-01-20"


def test_steps_past_the_last_term_are_skipped_not_failed():
    cal = SchoolCalendar(terms=((dt.date(2026, 9, 2), dt.date(2026, 12, 18)),))
    pb = parse("steps:\n  - {day: 1, action: a}\n  - {day: 60, action: b}\n")
    _first, steps = svc.plan(pb, dt.date(2026, 12, 1), cal)
    assert steps[0].due == "2026-12-01" and not steps[0].skipped
    assert steps[1].due == "" and "last term" in steps[1].skipped


# --------------------------------------------------------------------------- applying


def test_apply_from_the_arrival_date_creates_follow_ups(app):
    res = svc.apply_playbook(app, "newcomer", "F1")
    assert (res.start, res.first_day) == ("2026-11-23", "2026-11-23")
    fus = res.followups
    assert len(fus) == len(svc.get_playbook(app, "newcomer").steps)
    assert {f.source for f in fus} == {"playbook newcomer"}
    assert {f.family_id for f in fus} == {"F1"}
    by_action = {f.action.split(":")[0]: f.due for f in fus}
    assert by_action["Welcome call in the family's language (book an interpreter if needed)"] == "2026-11-23"
    visit = next(f for f in fus if f.action.startswith("Home visit"))
    assert visit.due == "2026-12-08"  # day 10, Thanksgiving skipped
    assert any("--family F1" in f.action for f in fus)  # {family} filled in
    assert len(open_followups(app, "F1")) == len(fus)


def test_apply_twice_is_refused_unless_again(app):
    svc.apply_playbook(app, "newcomer", "F1")
    with pytest.raises(ConflictError, match="--again"):
        svc.apply_playbook(app, "newcomer", "F1")
    again = svc.apply_playbook(app, "newcomer", "F1", start="2027-01-05", again=True)
    assert again.first_day == "2027-01-05"
    # another playbook is fine
    assert svc.apply_playbook(app, "military", "F1").playbook.name == "military-transfer"


def test_default_start_is_today_without_an_arrival_and_skip_past(app):
    res = svc.apply_playbook(app, "military-transfer", "Walker")
    assert (res.start, res.first_day) == ("2026-11-20", "2026-11-20")
    res = svc.apply_playbook(app, "newcomer", "F2", start="2026-10-01", skip_past=True)
    assert all(f.due >= "2026-11-20" for f in res.followups)
    assert any(p.skipped == "already past" for p in res.steps)


def test_apply_to_a_closed_or_unknown_family_or_playbook(app):
    from liaison_cli.services.families import close_family

    close_family(app, "F2", "moved")
    with pytest.raises(ConflictError):
        svc.apply_playbook(app, "newcomer", "F2")
    with pytest.raises(NotFoundError, match="liaison playbooks"):
        svc.apply_playbook(app, "refugee", "F1")


# --------------------------------------------------------------------------- your own playbooks


def test_own_playbooks_folder_adds_and_overrides_by_file_name(app):
    folder = app.home / "my-playbooks"
    (folder / "newcomer.yaml").write_text(
        "title: Our newcomer plan\nstart: enrolment\nsteps:\n  - {day: 2, action: Call, kind: phone}\n",
        encoding="utf-8")
    (folder / "housing.yml").write_text(
        "title: Housing crisis\nsteps:\n  - {day: 1, action: Call the shelter network}\n",
        encoding="utf-8")
    books = {p.name: p for p in svc.list_playbooks(app)}
    assert books["newcomer"].title == "Our newcomer plan"
    assert not books["newcomer"].bundled and books["newcomer"].overrides_bundled
    assert books["housing"].steps[0].action == "Call the shelter network"
    res = svc.apply_playbook(app, "newcomer", "F1")
    assert [(f.action, f.due) for f in res.followups] == [("Call", "2026-11-24")]


@pytest.mark.parametrize("text,message", [
    ("steps: []\n", "steps"),
    ("title: x\n", "steps"),
    ("steps:\n  - {day: soon, action: a}\n", "line 2"),
    ("steps:\n  - {day: 1}\n", "day` and `action"),
    ("steps:\n  - {day: 1, action: a, kind: dance}\n", "kind"),
    ("start: birthday\nsteps:\n  - {day: 1, action: a}\n", "start"),
    ("colour: blue\nsteps:\n  - {day: 1, action: a}\n", "unknown key"),
    ("steps:\n  - {day: 1, action: [a\n", "not valid YAML"),
])
def test_invalid_playbooks_name_the_file_and_line(app, text, message):
    (app.home / "my-playbooks" / "broken.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.yaml") as exc:
        svc.get_playbook(app, "broken")
    assert message in str(exc.value)


def test_a_missing_playbooks_folder_is_a_config_error(app):
    (app.home / "my-playbooks").rmdir()
    with pytest.raises(ConfigError, match="playbooks_dir"):
        svc.list_playbooks(app)


def test_preview_does_not_write(app):
    pb, first, steps = svc.preview(app, "newcomer", "2026-11-23")
    assert first == "2026-11-23" and steps[0].due == "2026-11-23"
    assert open_followups(app, "F1") == []
    with pytest.raises(UsageError):
        svc.preview(app, "newcomer", "whenever")


# --------------------------------------------------------------------------- what is already done


def _contact(app, family_id, kind, date, outcome="reached", template=""):
    from liaison_cli.services.contacts import record_contact
    from liaison_cli.services.families import get_family

    with app.store.write() as s:
        family = get_family(s, family_id)
        record_contact(s, app, family, kind=kind, summary="x", date=dt.date.fromisoformat(date),
                       outcome=outcome, letter={"template": template, "lang": "es"} if template else None)


def test_steps_the_record_shows_done_are_not_planned_again(app):
    # F1 arrives on the 23rd; the liaison already called, and sent the welcome letter, today
    _contact(app, "F1", "phone", "2026-11-20", outcome="no-answer")  # not reached: not done
    _contact(app, "F1", "phone", "2026-11-20")
    _contact(app, "F1", "letter", "2026-11-20", template="welcome")
    res = svc.apply_playbook(app, "newcomer", "F1", start="2026-11-20")
    done = {p.step.action.split(" ")[0]: p.done_by for p in res.steps if p.done_by}
    assert done == {"Welcome": "C2", "Give": "C3"}
    planned = [f.action for f in res.followups]
    assert not any(a.startswith(("Welcome call", "Give the welcome pack")) for a in planned)
    assert any(a.startswith("Ask permission for a home visit") for a in planned)  # another letter
    assert any(a.startswith("Check-in after six weeks") for a in planned)  # one call, one step
    assert len(planned) == len(svc.get_playbook(app, "newcomer").steps) - 2
    assert {"reason": "already done (C3, 2026-11-20)", "done_by": "C3"}.items() <= next(
        d for d in res.to_dict()["skipped"] if d["done_by"] == "C3").items()


def test_a_call_before_the_start_does_not_count(app):
    _contact(app, "F1", "phone", "2026-11-02")
    res = svc.apply_playbook(app, "newcomer", "F1")  # from the arrival, the 23rd
    assert not any(p.done_by for p in res.steps)


def test_past_steps_are_marked_done_skipped_or_kept_as_decided(app):
    answers = iter(["done", "skip"])
    asked = []

    def decide(p):
        asked.append(p.due)
        return next(answers, "keep")

    res = svc.apply_playbook(app, "newcomer", "F2", start="2026-10-01", decide=decide)
    past = [p for p in res.steps if p.due < "2026-11-20"]
    assert asked == [p.due for p in past] and len(past) >= 3
    assert past[0].followup.status == "done" and past[0].followup.done_on == "2026-11-20"
    assert past[1].followup is None and past[1].skipped == "already past"
    assert all(p.followup and p.followup.status == "open" for p in past[2:])
    open_ids = {r.id for r in open_followups(app, "F2")}
    assert past[0].followup.id not in open_ids and past[2].followup.id in open_ids
