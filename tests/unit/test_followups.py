"""Follow-ups as a library: school days, bulk done/snooze/cancel (all or nothing), `done` with a
contact that carries everything `log` does."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_cli.core.models import Guardian
from liaison_cli.errors import ConflictError, NotFoundError, UsageError
from liaison_cli.services.contacts import plan_contact
from liaison_cli.services.families import add_family
from liaison_cli.services.followups import (
    add_followup,
    cancel,
    closed_day,
    get_followup,
    mark_done,
    settle_due,
    snooze,
)

pytestmark = pytest.mark.both_backends

THANKSGIVING = dt.date(2026, 11, 26)  # the default config closes Thu 26 and Fri 27 Nov


@pytest.fixture
def caseload(app):
    add_family(app, name="García", guardians=[Guardian("Rosa García", phone="617-555-0134")],
               home_language="es")
    add_family(app, name="Osman", guardians=[Guardian("Hodan Osman")], home_language="so")
    add_family(app, name="Nguyen", home_language="vi")
    for ref in ("F1", "F2", "F3"):
        add_followup(app, ref, "monday", f"Call {ref}")
    return app


def state(app):
    with app.store.read() as s:
        return {k: (v["status"], v["due"]) for k, v in s.followups.rows().items()}


def test_a_closure_is_named_with_the_next_school_day(app):
    closed = closed_day(app, THANKSGIVING)
    assert (closed.why, closed.next_school_day, closed.notable) == (
        "a school closure (Thanksgiving)", dt.date(2026, 11, 30), True)
    between = closed_day(app, dt.date(2026, 12, 28))
    assert between.notable and "Spring" in between.why and between.next_school_day == dt.date(2027, 1, 5)
    assert not closed_day(app, dt.date(2026, 11, 21)).notable  # a Saturday goes without saying
    assert closed_day(app, dt.date(2026, 11, 24)) is None


def test_settle_due_keeps_moves_or_asks(app):
    asked = []

    def ask(closed):
        asked.append(closed.day)
        return True

    assert settle_due(app, THANKSGIVING) == (THANKSGIVING, closed_day(app, THANKSGIVING))
    day, closed = settle_due(app, THANKSGIVING, school_day=True)
    assert (day, closed.moved) == (dt.date(2026, 11, 30), True)
    assert settle_due(app, THANKSGIVING, ask=ask)[0] == dt.date(2026, 11, 30) and asked == [THANKSGIVING]
    assert settle_due(app, dt.date(2026, 11, 21), ask=ask)[0] == dt.date(2026, 11, 21)  # not asked
    assert asked == [THANKSGIVING]
    assert settle_due(app, dt.date(2026, 11, 21), school_day=True)[0] == dt.date(2026, 11, 23)
    assert settle_due(app, dt.date(2026, 11, 24), school_day=True) == (dt.date(2026, 11, 24), None)


def test_snooze_onto_a_closure_says_so_and_school_day_moves_it(caseload):
    moved = snooze(caseload, ["1"], "2026-11-26")
    assert moved.followups[0].due == "2026-11-26" and moved.closed.why.endswith("(Thanksgiving)")
    moved = snooze(caseload, ["1", "2"], "2026-11-26", school_day=True)
    assert [f.due for f in moved.followups] == ["2026-11-30", "2026-11-30"]


def test_follow_ups_refuse_past_words(caseload):
    with pytest.raises(UsageError, match="in the past"):
        snooze(caseload, ["1"], "last tuesday")
    with pytest.raises(UsageError, match="in the past"):
        add_followup(caseload, "F1", "3 days ago", "Call")
    with pytest.raises(UsageError, match="in the past"):
        plan_contact(caseload, kind="phone", note="x", follow_up="yesterday")
    assert plan_contact(caseload, kind="phone", note="x", when="last tuesday").day == dt.date(2026, 11, 17)


def test_bulk_is_all_or_nothing_and_names_the_culprit(caseload):
    before = state(caseload)
    with pytest.raises(NotFoundError, match=r"No follow-up 99; nothing was changed"):
        mark_done(caseload, ["1", "99", "2"])
    with pytest.raises(NotFoundError, match=r"No follow-up 98 and 99"):
        snooze(caseload, ["1", "98", "99"], "tuesday")
    with pytest.raises(UsageError, match="'x' is not a follow-up id"):
        cancel(caseload, ["1", "x"], "moved")
    assert state(caseload) == before
    cancel(caseload, ["3"], "moved")
    with pytest.raises(ConflictError, match="3 is already cancelled; nothing was changed"):
        mark_done(caseload, ["1", "2", "3"])
    assert state(caseload)["1"][0] == "open"
    results = mark_done(caseload, ["1", "2", "1"])  # a repeated id counts once
    assert [r.followup.id for r in results] == [1, 2]
    assert [v[0] for v in state(caseload).values()] == ["done", "done", "cancelled"]


def test_done_logs_a_contact_with_everything_log_takes(caseload):
    plan = plan_contact(caseload, kind="call", note="", when="yesterday", time="3:30pm",
                        direction="from", with_guardian="rosa", lang="Spanish",
                        interpreter="Ana Ruiz", outcome="reached", follow_up="next friday",
                        action="Check the pass", note_required=False)
    [res] = mark_done(caseload, ["1"], note="Pass arrived", plan=plan)
    c = res.contact
    assert (c.kind, c.summary, c.date, c.time, c.direction, c.guardian, c.language, c.interpreter,
            c.followup_id) == ("phone", "Pass arrived", "2026-11-19", "15:30", "from", "Rosa García",
                               "es", "Ana Ruiz", 1)
    assert (res.planned.due, res.planned.action, res.planned.source) == (
        "2026-11-27", "Check the pass", f"contact {c.id}")
    # Without a note the contact says what the follow-up was for.
    [res] = mark_done(caseload, ["2"], plan=plan_contact(caseload, kind="phone", note="",
                                                          note_required=False))
    assert res.contact.summary == "Call F2"


def test_done_with_a_guardian_one_family_lacks_changes_nothing(caseload):
    plan = plan_contact(caseload, kind="phone", note="x", with_guardian="Rosa")
    before = state(caseload)
    with pytest.raises(UsageError, match="does not name one guardian of F2"):
        mark_done(caseload, ["1", "2"], plan=plan)
    assert state(caseload) == before


def test_get_followup_still_reads_one(caseload):
    with caseload.store.read() as s:
        assert get_followup(s, "#2").action == "Call F2"
