"""The owed-contact and unreachable rules as a library (the CLI's own tests are in
tests/cli/test_followups_cli.py): a cadence of the family's own or of a tag, only a reached
conversation restarts the clock (a failed call or a letter does not), and a family is
unreachable after N failed attempts in a row or D days without being reached."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_cli.core.models import Guardian
from liaison_cli.services.app import open_app
from liaison_cli.services.contacts import log_contact
from liaison_cli.services.families import FamilyEdit, add_family, edit_family
from liaison_cli.services.followups import followups_due, unreachable
from tests.conftest import LINCOLN, config_text, database_url

pytestmark = pytest.mark.both_backends

CONFIG = config_text(liaison="{name: Test Liaison}", schools=(LINCOLN,),
                     extra="cadence:\n  newcomer: {every: 1w}\n"
                           "unreachable: {attempts: 3, days: 30}\n")


@pytest.fixture
def liaison(app):
    (app.home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    app = open_app(app.home, dt.date(2026, 11, 1), database_url=database_url())
    add_family(app, name="García", guardians=[Guardian("Rosa García", phone="617-555-0134")],
               tags=["newcomer"], arrival="2026-10-01")
    add_family(app, name="Nguyen", guardians=[Guardian("Lan Nguyen", phone="617-555-0102")],
               arrival="2026-10-20")
    return app


def on(app, day: str):
    """The same home on another day."""
    return open_app(app.home, dt.date.fromisoformat(day), database_url=database_url())


def owed(app, day: str):
    return [(o.family_id, o.last_reached, o.owed_since) for o in followups_due(on(app, day)).owed]


def test_a_tag_cadence_counts_from_arrival_until_the_family_is_reached(liaison):
    # A newcomer arrived 1 Oct, never reached: owed since 8 Oct.
    assert owed(liaison, "2026-11-02") == [("F1", "", "2026-10-08")]
    log_contact(on(liaison, "2026-11-02"), "F1", kind="phone", note="hello")
    assert owed(liaison, "2026-11-08") == []
    assert owed(liaison, "2026-11-09") == [("F1", "2026-11-02", "2026-11-09")]


def test_only_a_reached_conversation_restarts_the_clock(liaison):
    log_contact(on(liaison, "2026-11-02"), "F1", kind="phone", note="hello")
    for outcome in ("no-answer", "left-message", "wrong-number"):
        log_contact(on(liaison, "2026-11-10"), "F1", kind="phone", note="rang", outcome=outcome)
    assert owed(liaison, "2026-11-10") == [("F1", "2026-11-02", "2026-11-09")]
    log_contact(on(liaison, "2026-11-10"), "F1", kind="home-visit", note="visited")
    assert owed(liaison, "2026-11-10") == []


def test_a_family_cadence_of_its_own_applies_without_a_tag(liaison):
    assert [o[0] for o in owed(liaison, "2026-11-20")] == ["F1"]
    edit_family(on(liaison, "2026-11-20"), "F2", FamilyEdit(cadence_days=14))
    # F2 arrived 20 Oct with a 14-day cadence: owed since 3 Nov; F1 (owed longer) first.
    assert owed(liaison, "2026-11-20")[1] == ("F2", "", "2026-11-03")


def test_unreachable_after_n_failed_attempts_in_a_row_or_d_days(liaison):
    app = on(liaison, "2026-11-05")
    for _ in range(3):
        log_contact(app, "F2", kind="phone", note="rang", outcome="no-answer")
    rows = {u.family_id: u for u in unreachable(on(liaison, "2026-11-05"))}
    assert rows["F2"].reason == "3 failed attempts in a row" and rows["F2"].failed_streak == 3
    assert "F1" in rows and rows["F1"].reason == "never reached (35 days)"
    log_contact(app, "F2", kind="phone", note="reached at last")
    log_contact(app, "F1", kind="phone", note="hello")
    assert unreachable(on(liaison, "2026-11-05")) == []
    # 31 days later F1 and F2 are 'not reached in 31 days'.
    assert [u.reason for u in unreachable(on(liaison, "2026-12-06"))] == [
        "not reached in 31 days", "not reached in 31 days"]
