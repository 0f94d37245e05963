"""The daily loop through the CLI: log, followups, done, snooze, cancel, cadence, unreachable."""

from __future__ import annotations

import json

import pytest

from liaison_cli.services.app import open_app
from liaison_cli.services.followups import followups_due, get_followup, unreachable
from tests.conftest import store_snapshot

pytestmark = pytest.mark.both_backends

CONFIG = """\
liaison: {{name: Test Liaison, phone: "617-555-0100"}}
schools:
  - {{name: Lincoln Elementary, short: LES}}
week_start: {week_start}
calendar:
  terms:
    - {{name: Fall, start: 2026-09-02, end: 2026-12-18}}
  closures:
    - {{name: Thanksgiving, date: 2026-11-26, end: 2026-11-27}}
cadence:
  newcomer: {{every: 1w}}
unreachable: {{attempts: 3, days: 30}}
"""


@pytest.fixture
def home_with(home, run):
    def make(week_start: str = "monday"):
        assert run("init").exit_code == 0
        (home / "config.yaml").write_text(CONFIG.format(week_start=week_start), encoding="utf-8")
        out = run('add-family --name García --guardian "Rosa García:mother" --phone 617-555-0134 '
                  '--lang es --student "Ana:3:LES" --json')
        assert out.exit_code == 0, out.output
        run('add-family --name Osman --guardian "Hodan Osman" --lang so --interpreter --tag newcomer')
        return home

    return make


def app_at(home, today):
    import datetime as dt

    return open_app(home, dt.date.fromisoformat(today))


def due_ids(home, today, when=None):
    return [r.id for r in followups_due(app_at(home, today), when).rows]


def test_log_with_follow_up_and_the_one_line_summary(home_with, run, home):
    home_with()
    r = run('log F1 --kind phone --note "Bus pass talk" --follow-up tuesday --action "Check the pass"')
    assert r.exit_code == 0, r.output
    assert "Logged phone (reached) with F1" in r.stdout
    assert "Follow-up 1 due Tue 24 Nov 2026" in r.stdout
    fu = get_followup(app_at(home, "2026-11-20").store.read().__enter__(), 1)
    assert (fu.family_id, fu.due, fu.action, fu.source) == ("F1", "2026-11-24", "Check the pass", "contact C1")


def test_followups_json_contract(home_with, run):
    home_with()
    run('log F1 --note "x" --follow-up today --action "Call back"')
    run('log F2 --note "y" --follow-up +3d --action "Visit"')
    r = run("followups --due next-week --json")
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 2
    for row in data:
        assert {"id", "family_id", "due", "action", "status"} <= row.keys()
        assert row["status"] == "open"
    assert [row["family_id"] for row in data] == ["F1", "F2"]
    assert r.stderr == ""


def test_this_week_across_week_boundaries_and_week_starts(home_with, run, home, monkeypatch):
    home_with("monday")
    run('log F1 --note a --follow-up 2026-11-22 --action "Sunday task"')   # Sun
    run('log F1 --note b --follow-up 2026-11-23 --action "Monday task"')   # Mon
    # Friday 20 Nov, weeks start Monday: this week ends Sunday 22.
    assert due_ids(home, "2026-11-20", "this-week") == [1]
    # Sunday 22 Nov, still the same Monday-started week.
    assert due_ids(home, "2026-11-22", "this-week") == [1]
    # Monday 23 Nov: a new week; the Sunday task is now overdue and listed first.
    rows = followups_due(app_at(home, "2026-11-23"), "this-week").rows
    assert [(r.id, r.group) for r in rows] == [(1, "overdue"), (2, "today")]
    # With weeks starting Sunday, on Friday 20 this week ends Saturday 21.
    (home / "config.yaml").write_text(CONFIG.format(week_start="sunday"), encoding="utf-8")
    assert due_ids(home, "2026-11-20", "this-week") == []
    assert due_ids(home, "2026-11-22", "this-week") == [1, 2]
    monkeypatch.setenv("LIAISON_TODAY", "2026-11-22")
    out = run("followups").stdout
    assert "this week, Sun 22 – Sat 28 Nov" in out


def test_school_day_offset_skips_the_closure(home_with, run, home):
    home_with()
    r = run('log F1 --note "x" --follow-up +5sd --action "Check in"')
    assert r.exit_code == 0
    # Fri 20: Mon 23, Tue 24, Wed 25, (Thanksgiving 26-27 closed), Mon 30, Tue 1 Dec.
    assert followups_due(app_at(home, "2026-11-20"), "2026-12-01..2026-12-01").rows[0].due == "2026-12-01"


def test_done_recurring_counts_from_the_day_done(home_with, run, home, monkeypatch):
    home_with()
    run('log F1 --note "x" --follow-up 2026-11-23 --action "Weekly call" --every 1w')
    monkeypatch.setenv("LIAISON_TODAY", "2026-11-25")
    r = run("done 1 --note called")
    assert r.exit_code == 0, r.output
    assert "Next one (2) due Wed 2 Dec 2026" in r.stdout
    s = app_at(home, "2026-11-25").store
    with s.read() as session:
        assert get_followup(session, 1).status == "done"
        nxt = get_followup(session, 2)
    assert (nxt.due, nxt.every_days, nxt.status) == ("2026-12-02", 7, "open")
    assert run("done 1").exit_code == 4  # already done


def test_done_with_log_records_the_contact(home_with, run, home):
    home_with()
    run('log F1 --note "x" --follow-up today --action "Call"')
    r = run("done 1 --log phone --outcome no-answer --note rang")
    assert r.exit_code == 0
    shown = json.loads(run("show F1 --json").stdout)
    kinds = [(e["type"], e["record"].get("outcome")) for e in shown["timeline"] if e["type"] == "contact"]
    assert ("contact", "no-answer") in kinds


def test_snooze_and_cancel(home_with, run, home):
    home_with()
    run('log F1 --note "x" --follow-up today --action "Call"')
    run('log F2 --note "y" --follow-up today --action "Visit"')
    assert run("snooze 1 monday").exit_code == 0
    assert due_ids(home, "2026-11-20", "today") == [2]
    assert run("snooze 1 2020-01-01").exit_code == 2
    assert run('cancel 2 --reason "moved"').exit_code == 0
    assert due_ids(home, "2026-11-20", "next-week") == [1]
    assert run("cancel 2 --reason again").exit_code == 4
    assert run("snooze 99 monday").exit_code == 3


def test_cadence_reset_by_reached_not_by_no_answer(home_with, run, home, monkeypatch):
    home_with()
    # F2 is a newcomer: weekly cadence. Reached on Fri 13 Nov → owed from Fri 20 Nov.
    run("log F2 --kind phone --note hello --date 2026-11-13")
    owed = followups_due(app_at(home, "2026-11-20")).owed
    assert [(o.family_id, o.last_reached, o.owed_since) for o in owed] == [("F2", "2026-11-13", "2026-11-20")]
    # A failed attempt does not restart the clock …
    run("log F2 --kind phone --note rang --outcome no-answer")
    assert [o.family_id for o in followups_due(app_at(home, "2026-11-20")).owed] == ["F2"]
    # … a reached contact does.
    run("log F2 --kind home-visit --note visited")
    assert followups_due(app_at(home, "2026-11-20")).owed == []
    assert "Owed a contact" not in run("followups").stdout


def test_unreachable_after_failed_attempts(home_with, run, home):
    home_with()
    for day in ("2026-11-16", "2026-11-17", "2026-11-18"):
        run(f"log F1 --note rang --outcome no-answer --date {day}")
    rows = unreachable(app_at(home, "2026-11-20"))
    # F2 (Osman) has no phone or email at all: no way to reach them, whatever the log says.
    assert [(u.family_id, u.failed_streak, u.reason) for u in rows] == [
        ("F1", 3, "3 failed attempts in a row"), ("F2", 0, "no phone or email on record")]
    assert [a["date"] for a in rows[0].attempts] == ["2026-11-16", "2026-11-17", "2026-11-18"]
    data = json.loads(run("unreachable --json").stdout)
    assert data[0]["family_id"] == "F1"
    run("log F1 --note reached")
    assert [u.family_id for u in unreachable(app_at(home, "2026-11-20"))] == ["F2"]


def test_bad_input_is_one_sentence_and_changes_nothing(home_with, run, home):
    home_with()
    before = store_snapshot(home)
    for args, code in [("log F1 --note x --kind fax", 2), ("log F1 --note x --date someday", 2),
                       ("log F1 --note x --date 2030-01-01", 2), ("log F9 --note x", 3),
                       ("log F1 --note x --outcome maybe", 2), ("followups --due whenever", 2),
                       ("log F1 --note x --follow-up 2020-01-01 --action y", 2), ("done abc", 2),
                       ("log F1 --note x --action y", 2)]:
        r = run(args)
        assert r.exit_code == code, (args, r.output)
        assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1, r.stderr
        assert "Traceback" not in r.output
    after = store_snapshot(home)
    assert before == after


def test_today_screen(home_with, run):
    home_with()
    run('log F1 --note x --follow-up today --action "Call about forms"')
    out = run("today").stdout
    assert "Due today or overdue" in out and "Call about forms" in out
    assert json.loads(run("today --json").stdout)["due"][0]["id"] == 1


# --------------------------------------------------------------------------- closures, bulk, words

PD_DAY = "    - {name: PD day, date: 2026-11-24}\n"


@pytest.fixture
def with_pd_day(home_with, home):
    home_with()
    cfg = home / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("  closures:\n", "  closures:\n" + PD_DAY),
                   encoding="utf-8")
    return home


def dues(home):
    with app_at(home, "2026-11-20").store.read() as s:
        return {int(k): v["due"] for k, v in s.followups.rows().items()}


def test_a_follow_up_on_a_closure_says_so_and_keeps_the_day(with_pd_day, run, home):
    r = run('log F1 --note "x" --follow-up tuesday --action "Call back"')
    assert r.exit_code == 0, r.output
    assert "Tue 24 Nov 2026 is a school closure (PD day)" in r.stderr
    assert "next school day is Wed 25 Nov 2026; add --school-day" in r.stderr
    assert dues(home) == {1: "2026-11-24"}
    r = run("snooze 1 next-week")  # Mon 23 is open: nothing to say
    assert r.exit_code == 0 and r.stderr == ""
    r = run("snooze 1 2026-11-26")
    assert "Thu 26 Nov 2026 is a school closure (Thanksgiving)" in r.stderr
    assert "Mon 30 Nov 2026" in r.stderr and dues(home) == {1: "2026-11-26"}


def test_school_day_moves_it_on_log_snooze_and_add_followup(with_pd_day, run, home):
    r = run('log F1 --note "x" --follow-up "next tuesday" --action "Call" --school-day --json')
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["followup"]["due"] == "2026-11-25"  # stdout stays plain JSON
    assert "is a school closure (PD day); the follow-up is due Wed 25 Nov 2026" in r.stderr
    assert run("add-followup F2 2026-11-27 --action Visit --school-day").exit_code == 0
    assert run("snooze 1 2026-11-26 --school-day").exit_code == 0
    assert dues(home) == {1: "2026-11-30", 2: "2026-11-30"}


def test_on_a_terminal_the_next_school_day_is_offered(with_pd_day, run, home, monkeypatch):
    from liaison_cli.cli.render import output

    monkeypatch.setattr(output, "is_terminal", lambda: True)
    r = run('add-followup F1 tuesday --action "Call"', input="y\n")
    assert r.exit_code == 0, r.output
    assert "Move the follow-up to Wed 25 Nov 2026, the next school day?" in r.output
    r = run('add-followup F2 tuesday --action "Call"', input="n\n")
    assert r.exit_code == 0 and "add --school-day" not in r.stderr  # asked once, not told twice
    assert dues(home) == {1: "2026-11-25", 2: "2026-11-24"}


def test_done_log_takes_every_option_log_takes(home_with, run, home):
    home_with()
    run('log F1 --note "x" --follow-up today --action "Call about the bus pass"')
    r = run('done 1 --log phone --lang es --interpreter "Ana Ruiz" --with Rosa --date yesterday '
            '--time 15:30 --direction from --outcome reached --follow-up "next friday" '
            '--action "Check the pass" --json')
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    c = out["contact"]
    assert (c["language"], c["interpreter"], c["guardian"], c["date"], c["time"], c["direction"],
            c["summary"]) == ("es", "Ana Ruiz", "Rosa García", "2026-11-19", "15:30", "from",
                              "Call about the bus pass")
    assert (out["followup"]["status"], out["planned"]["due"]) == ("done", "2026-11-27")
    # log and done share the option definitions: the same names and help.
    log_help, done_help = run("log --help").stdout, run("done --help").stdout
    for flag in ("--date", "--time", "--direction", "--with", "--lang", "--interpreter",
                 "--outcome", "--follow-up", "--action", "--every", "--school-day"):
        assert flag in log_help and flag in done_help


def test_contact_options_without_log_are_refused(home_with, run, home):
    home_with()
    run('log F1 --note "x" --follow-up today --action "Call"')
    r = run("done 1 --lang es")
    assert r.exit_code == 2 and "--lang goes with --log KIND" in r.stderr
    assert dues(home) == {1: "2026-11-20"} and due_ids(home, "2026-11-20", "today") == [1]


def test_bulk_done_snooze_cancel(home_with, run, home):
    home_with()
    for i in range(4):
        run(f'log F1 --note "x{i}" --follow-up today --action "Call {i}"')
    r = run("done 1 2 99")
    assert r.exit_code == 3 and "No follow-up 99; nothing was changed" in r.stderr
    assert due_ids(home, "2026-11-20", "today") == [1, 2, 3, 4]
    r = run("done 1 2 --json")
    assert r.exit_code == 0 and [o["followup"]["id"] for o in json.loads(r.stdout)] == [1, 2]
    r = run("snooze 3 4 next monday")
    assert r.exit_code == 0, r.output
    assert r.stdout.count("now due Mon 23 Nov 2026") == 2
    r = run("snooze 3 4 in 3 days")
    assert r.exit_code == 0 and dues(home)[4] == "2026-11-23"
    r = run("snooze 3 4 3 days")  # a number followed by a unit belongs to the date
    assert r.exit_code == 0 and dues(home)[3] == "2026-11-23"
    r = run("snooze 3 1 monday")
    assert r.exit_code == 4 and "1 is already done; nothing was changed" in r.stderr
    r = run('cancel 3 4 --reason "moved"')
    assert r.exit_code == 0 and r.stdout.count("Cancelled follow-up") == 2
    assert due_ids(home, "2026-11-20", "this-month") == []


def test_date_words_on_the_command_line(home_with, run, home):
    home_with()
    r = run('log F1 --note "x" --date "last tuesday" --follow-up "in 2 weeks" --action "Call"')
    assert r.exit_code == 0, r.output
    assert "on Tue 17 Nov 2026" in r.stdout and "due Fri 4 Dec 2026" in r.stdout
    assert run('add-followup F2 +3 school days --action "Visit"').exit_code == 0
    assert dues(home) == {1: "2026-12-04", 2: "2026-11-25"}
    assert due_ids(home, "2026-11-20", "next week") == [2]
    r = run('log F1 --note "x" --follow-up "last tuesday" --action "Call"')
    assert r.exit_code == 2 and "in the past and a follow-up is planned ahead" in r.stderr
    assert run("snooze 1 3 days ago").exit_code == 2 and dues(home)[1] == "2026-12-04"


def test_help_shows_the_date_grammar(run):
    from liaison_cli.core.dates import GRAMMAR

    text = " ".join(run("followups --help").stdout.split())
    assert 'Every WHEN but a range means "due on or before"' in text
    for command in ("followups", "log", "snooze", "add-followup", "done"):
        help_text = run(f"{command} --help").stdout
        assert "Dates (WHEN):" in help_text, command
        for forms, _meaning in GRAMMAR:
            assert forms in help_text, (command, forms)
