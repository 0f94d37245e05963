"""report, playbooks, playbook show / apply — through the CLI, asserting through the services."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from liaison_cli.services import reports as svc
from liaison_cli.services.app import open_app
from liaison_cli.services.followups import followups_due
from tests.conftest import config_text, database_url

pytestmark = pytest.mark.both_backends

TODAY = dt.date(2026, 11, 20)  # conftest's pinned today
CONFIG = config_text()


@pytest.fixture
def home_with(home, run):
    assert run("init").exit_code == 0
    (home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    run('add-family --name García --guardian Rosa --lang es --student "Ana:3:LES" --arrival 2026-11-23 '
        '--barrier transport --consent sharing')
    run('add-family --name Osman --guardian Hodan --lang so --interpreter --barrier language')
    run('log F1 --kind phone --note hi --lang es --date 2026-11-16')
    run('log F1 --kind home-visit --note visit --lang es --date 2026-11-18')
    run('log F2 --kind phone --note tried --outcome no-answer --date 2026-11-17')
    run('service add --name "Homework Club" --category tutoring')
    run('refer F1 --service homework')
    run('event add --title "Family Night" --kind family-night --date 2026-11-12 --school LES')
    run('event invite E1 --families F1,F2')
    run('event attend E1 F1')
    return home


def app_of(home):
    return open_app(home, TODAY, database_url=database_url())


def test_report_json_is_one_object_equal_to_the_service(home_with, run):
    r = run("report --period this-month --json")
    assert r.exit_code == 0 and r.stderr == ""
    data = json.loads(r.stdout)
    assert isinstance(data, dict)
    assert data == json.loads(json.dumps(svc.report(app_of(home_with), period="this-month")))
    assert data["families"]["served"] == 2
    # 3 logged + 1 event; 4 attempts, 3 reached
    assert (data["contacts"]["total"], data["contacts"]["reached"]) == (4, 3)
    assert data["referrals"]["by_service"] == {"Homework Club": 1}
    assert (data["events"]["invited"], data["events"]["attended"]) == (2, 1)


def test_report_csv(home_with, run):
    r = run("report --from 2026-11-01 --to 2026-11-30 --csv")
    assert r.exit_code == 0
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["section", "key", "value"]
    assert ["contacts", "total", "4"] in rows
    assert ["contacts_by_kind", "home-visit", "1"] in rows
    assert ["families_by_language", "es", "1"] in rows
    assert ["barriers", "transport", "1"] in rows


def test_report_html_file(home_with, run, tmp_path):
    out = tmp_path / "term.html"
    r = run(f"report --period this-term --html {out}")
    assert r.exit_code == 0 and r.stdout == ""
    assert "term.html" in r.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html.lower()


def test_report_text_has_bars_and_fits_a_narrow_terminal(home_with, run):
    r = run("report --period this-month")
    assert r.exit_code == 0
    assert "Family liaison report" in r.stdout and "█" in r.stdout
    assert "\x1b[" not in r.stdout  # NO_COLOR
    narrow = run("report --period this-month", env={"COLUMNS": "44"})
    assert narrow.exit_code == 0
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 44


def test_terminal_and_html_reports_say_the_same_about_referrals(home_with, run, tmp_path):
    # Issue 15.5: with one referral completed and one open the terminal said "1 completed,
    # 1 closed" (closed counts the completed one); the HTML said it right.
    assert run('edit F2 --consent sharing').exit_code == 0
    assert run('refer F2 --service homework').exit_code == 0
    assert run('referral update R1 --status completed').exit_code == 0
    text = run("report --period this-month")
    assert text.exit_code == 0
    line = next(ln for ln in text.stdout.splitlines() if "Referrals made" in ln)
    assert line.split() == ["Referrals", "made", "2", "1", "completed,", "1", "still", "open"]
    out = tmp_path / "r.html"
    assert run(f"report --period this-month --html {out}").exit_code == 0
    assert "referrals made (1 completed, 1 still open)" in out.read_text(encoding="utf-8")


def test_report_usage_errors(home_with, run):
    assert run("report --json --csv").exit_code == 2
    assert run("report --period fortnight").exit_code == 2
    r = run("report --period this-month --from 2026-11-01")
    assert r.exit_code == 2 and "not both" in r.stderr


def test_playbooks_json_contract(home_with, run):
    r = run("playbooks --json")
    data = json.loads(r.stdout)
    assert {"newcomer", "military-transfer"} <= {p["name"] for p in data}
    for p in data:
        assert {"name", "title", "start", "steps", "bundled"} <= p.keys()
        assert all({"day", "action"} <= s.keys() for s in p["steps"])
    assert "newcomer" in run("playbooks").stdout


def test_playbook_show(home_with, run):
    data = json.loads(run("playbook show newcomer --from 2026-11-23 --json").stdout)
    assert data["preview"]["first_day"] == "2026-11-23"
    dues = {s["day"]: s["due"] for s in data["preview"]["steps"]}
    assert dues[10] == "2026-12-08" and dues["end-of-term"] == "2026-12-18"
    r = run("playbook show newcomer")
    assert r.exit_code == 0 and "Welcome call" in r.stdout
    assert run("playbook show nothing").exit_code == 3


def test_playbook_apply_and_again(home_with, run):
    r = run("playbook apply newcomer F1")
    assert r.exit_code == 0, r.output
    rows = followups_due(app_of(home_with), "2027-12-31", family="F1", with_owed=False).rows
    planned = [row for row in rows if row.source == "playbook newcomer"]
    assert len(planned) == 9
    assert min(row.due for row in planned) == "2026-11-23"  # F1 arrives on the 23rd
    r = run("playbook apply newcomer F1")
    assert r.exit_code == 4 and "--again" in r.stderr
    r = run("playbook apply newcomer F1 --again --from 2027-01-05 --json")
    data = json.loads(r.stdout)
    assert data["first_day"] == "2027-01-05" and len(data["followups"]) == 9


def test_sample_caseload_report(run):
    pytest.importorskip("liaison_cli.sample")
    assert run("init --sample").exit_code == 0
    r = run("report --period this-term")
    assert r.exit_code == 0, r.output
    data = json.loads(run("report --period this-term --json").stdout)
    assert data["families"]["served"] > 0 and data["contacts"]["total"] > 0
    assert data["events"]["held"] > 0 and data["referrals"]["made"] > 0
    assert re.search(r"Reached rate\s+\d+%", r.stdout)


def test_report_csv_neutralises_formulas_and_has_no_byte_order_mark(home_with, run):
    evil = '=hyperlink("http://example.com/x","click")'  # barriers are kept lower-case
    assert run(["edit", "F2", "--add-barrier", evil]).exit_code == 0
    assert run(["service", "add", "--name", "@SUM(1+1)*cmd|' /C calc'!A0", "--category", "other"]).exit_code == 0
    assert run(["refer", "F1", "--service", "S2"]).exit_code == 0
    r = run("report --from 2026-11-01 --to 2026-11-30 --csv")
    assert r.exit_code == 0
    assert not r.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
    assert ["barriers", "'" + evil, "1"] in rows
    assert ["referrals_by_service", "'@SUM(1+1)*cmd|' /C calc'!A0", "1"] in rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_playbook_apply_off_a_terminal_skips_past_steps_and_what_is_done(home_with, run):
    assert run('log F1 --kind phone --note "Welcome call" --date 2026-10-02').exit_code == 0
    r = run("playbook apply newcomer F1 --from 2026-10-01 --json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert all(f["due"] >= "2026-11-20" for f in data["followups"])
    reasons = [s["reason"] for s in data["skipped"]]
    assert any(x.startswith("already done (C") for x in reasons)
    assert "already past" in reasons
    r = run("playbook apply newcomer F1 --from 2026-10-01 --again")
    assert r.exit_code == 0 and "already past" in r.stdout and "not planned" in r.stdout
    r = run("playbook apply newcomer F1 --from 2026-10-01 --again --past keep --json")
    assert min(f["due"] for f in json.loads(r.stdout)["followups"]) < "2026-11-20"
    assert run("playbook apply newcomer F1 --again --past maybe").exit_code == 2


def test_playbook_apply_on_a_terminal_asks_about_each_past_step(home_with, run, monkeypatch):
    from liaison_cli.cli.render import output

    monkeypatch.setattr(output, "is_terminal", lambda: True)
    r = run("playbook apply newcomer F1 --from 2026-10-01 --json", input="d\ns\nmaybe\nk\n" + "k\n" * 10)
    assert r.exit_code == 0, r.output
    assert r.stderr.count("has passed") >= 4  # "maybe" was asked again
    data = json.loads(r.stdout[r.stdout.index("{"):])  # the runner echoes the typed answers
    done = [f for f in data["followups"] if f["status"] == "done"]
    assert len(done) == 1 and done[0]["done_on"] == "2026-11-20"
    assert [s["reason"] for s in data["skipped"] if not s["done_by"]] == ["already past"]
    assert any(f["status"] == "open" and f["due"] < "2026-11-20" for f in data["followups"])
