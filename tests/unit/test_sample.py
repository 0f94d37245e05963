"""The sample caseload: its config, its hand-written families and the generated big ones."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import fields

import pytest

from liaison_cli.config import parse_config_text
from liaison_cli.core.models import (
    REFERRAL_CLOSED,
    REFERRAL_STATUSES,
    Contact,
    Event,
    Family,
    FollowUp,
    Referral,
    Service,
    make_id,
)
from liaison_cli.sample import SCHOOLS, load_sample, sample_config_text, school_year
from liaison_cli.services.app import open_app
from liaison_cli.services.followups import followups_due, unreachable
from liaison_cli.services.setup import init_home

# Each stored kind and the record class it loads into.
MODEL = {
    "families": Family, "contacts": Contact, "followups": FollowUp, "referrals": Referral,
    "events": Event, "services": Service,
}
KINDS = ("families", "contacts", "followups", "referrals", "events", "services")

TODAY = dt.date(2026, 11, 20)


def _rows(app) -> dict[str, dict[str, dict]]:
    with app.store.read() as s:
        return {kind: dict(getattr(s, kind).rows()) for kind in KINDS}


# --------------------------------------------------------------------------- config


def test_config_text_parses_with_the_district(home):
    cfg = parse_config_text(sample_config_text(TODAY), home)
    assert cfg.liaison.name and cfg.liaison.title == "Family Liaison"
    assert cfg.liaison.languages == ["en", "es"]
    assert [(s.name, s.short) for s in cfg.schools] == list(
        (name, short) for short, name in SCHOOLS.items())
    for school, grades in zip(cfg.schools, (["K", "1", "2", "3", "4", "5"], ["6", "7", "8"],
                                            ["9", "10", "11", "12"]), strict=True):
        assert school.address and school.phone and school.principal and school.office_hours
        assert list(school.supply_lists) == grades
        assert all(4 <= len(items) <= 8 for items in school.supply_lists.values())
    assert cfg.week_start == 0
    assert [t.name for t in cfg.terms] == ["Fall", "Spring"]
    assert cfg.terms[0].start <= TODAY <= cfg.terms[0].end
    closures = {c.name: (c.start, c.end) for c in cfg.closures}
    assert closures["Thanksgiving"] == (dt.date(2026, 11, 26), dt.date(2026, 11, 27))
    assert closures["Martin Luther King Jr. Day"][0] == dt.date(2027, 1, 18)
    assert closures["Winter break"][0] > cfg.terms[0].end
    assert closures["Winter break"][1] < cfg.terms[1].start
    assert (cfg.cadence["newcomer"].days, cfg.cadence["newcomer"].first_term_only) == (7, True)
    assert cfg.cadence["housing-insecure"].days == 14 and cfg.cadence["refugee"].days == 14
    assert (cfg.unreachable_attempts, cfg.unreachable_days) == (3, 30)
    assert cfg.referral_check_school_days == 10


@pytest.mark.parametrize("day", ["2026-08-03", "2027-01-04", "2027-07-31", "2031-02-28", "2040-12-25"])
def test_config_text_parses_for_any_school_year(home, day):
    today = dt.date.fromisoformat(day)
    cfg = parse_config_text(sample_config_text(today), home)
    fall, spring = cfg.terms
    assert fall.start.month == 9 and fall.end < spring.start and spring.end.month == 6
    year = fall.start.year
    assert year == (today.year if today.month >= 8 else today.year - 1)
    thanksgiving = next(c for c in cfg.closures if c.name == "Thanksgiving")
    assert thanksgiving.start.weekday() == 3 and 22 <= thanksgiving.start.day <= 28
    terms, closures = school_year(today)
    assert all(start <= end for _, start, end in terms + closures)


# --------------------------------------------------------------------------- the hand-written caseload


def test_sample_has_a_realistic_caseload(sample_app):
    rows = _rows(sample_app)
    fams = rows["families"]
    assert len(fams) >= 40
    langs = {f["home_language"] for f in fams.values()}
    assert len(langs) >= 8 and {"es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs", "en"} <= langs
    tags = {t for f in fams.values() for t in f["tags"]}
    assert {"newcomer", "refugee", "military", "housing-insecure", "ell"} <= tags
    assert sum(f["status"] == "closed" for f in fams.values()) >= 1
    assert any(not f["consents"] for f in fams.values())
    assert any(f["arrival"] for f in fams.values())
    names = " ".join(g["name"] for f in fams.values() for g in f["guardians"])
    scripts = {unicodedata.name(c).split()[0] for c in names if c.isalpha()}
    assert {"ARABIC", "CJK"} <= scripts
    assert "Nguyễn Thị Lan" in names
    schools = {st["school"] for f in fams.values() for st in f["students"]}
    assert schools == set(SCHOOLS.values())
    assert all(st["grade"] and st["teacher"] for f in fams.values() for st in f["students"])
    # about ten contacts per family over the last ten weeks, none in the future
    per_family: dict[str, int] = {}
    for c in rows["contacts"].values():
        per_family[c["family_id"]] = per_family.get(c["family_id"], 0) + 1
        assert c["date"] <= TODAY.isoformat()
    assert set(per_family) == {f"F{k}" for k in fams}
    assert 8 <= sum(per_family.values()) / len(per_family) <= 12
    kinds = {c["kind"] for c in rows["contacts"].values()}
    assert {"phone", "text", "email", "home-visit", "meeting", "conference", "event", "letter"} <= kinds
    assert any(c["interpreter"] for c in rows["contacts"].values())
    assert len(rows["services"]) >= 12 and len(rows["events"]) >= 5


def test_f3_is_a_spanish_speaking_family_with_a_student(sample_app):
    rows = _rows(sample_app)
    f3 = rows["families"]["3"]
    assert f3["home_language"] == "es" and f3["guardians"][0]["language"] == "es"
    assert f3["students"] and f3["status"] == "active"


def test_follow_ups_are_spread_around_today(sample_app):
    rows = followups_due(sample_app, "+60d").rows
    groups = {r.group for r in rows}
    assert {"overdue", "today", "later"} <= groups
    week_end = sample_app.calendar.week_of(TODAY)[1]
    if week_end > TODAY:
        assert "this-week" in groups
    assert any(r.every_days for r in rows)
    assert any(r.source.startswith("contact C") for r in rows)
    statuses = {f["status"] for f in _rows(sample_app)["followups"].values()}
    assert statuses == {"open", "done", "cancelled"}


@pytest.mark.parametrize("day", ["2026-11-22", "2026-12-28", "2027-03-01", "2027-06-26"])
def test_follow_ups_are_spread_around_any_today(home, day):
    """Dates are counted from app.today: a Sunday, a day in winter break, a Monday, summer."""
    today = dt.date.fromisoformat(day)
    init_home(home, today, sample=True)
    app = open_app(home, today)
    groups = {r.group for r in followups_due(app, "+60d").rows}
    assert {"overdue", "today", "later"} <= groups
    rows = _rows(app)
    assert max(c["date"] for c in rows["contacts"].values()) <= day


def test_some_families_are_unreachable(sample_app):
    found = unreachable(sample_app)
    streaks = [u for u in found if u.failed_streak >= 3 and (u.days_since_reached or 0) > 30]
    assert len(streaks) >= 3


def test_referrals_cover_every_status_with_history_and_a_check(sample_app):
    rows = _rows(sample_app)
    refs, fus, fams = rows["referrals"], rows["followups"], rows["families"]
    assert {r["status"] for r in refs.values()} == set(REFERRAL_STATUSES)
    service_names = {s["name"] for s in rows["services"].values()}
    for key, r in refs.items():
        assert r["service"] in service_names
        assert r["history"] and r["history"][0]["status"] == "referred"
        assert r["history"][-1]["status"] == r["status"]
        assert [h["date"] for h in r["history"]] == sorted(h["date"] for h in r["history"])
        fu = fus[str(r["followup_id"])]
        assert fu["referral_id"] == f"R{key}" and fu["source"] == f"referral R{key}"
        assert (fu["status"] == "open") == (r["status"] not in REFERRAL_CLOSED)
        # sharing with a partner needs the family's consent, given before the referral
        consent = fams[r["family_id"][1:]]["consents"].get("sharing", "9999")
        assert consent <= r["date"]


def test_events_have_invitations_and_attendance(sample_app):
    events = _rows(sample_app)["events"].values()
    past = [e for e in events if e["date"] < TODAY.isoformat()]
    upcoming = [e for e in events if e["date"] >= TODAY.isoformat()]
    assert past and upcoming
    assert all(e["invited"] and set(e["attended"]) <= set(e["invited"]) for e in events)
    assert all(e["attended"] for e in past) and not any(e["attended"] for e in upcoming)


def test_every_record_round_trips_through_its_model(sample_app):
    for table, rows in _rows(sample_app).items():
        model = MODEL[table]
        names = [f.name for f in fields(model) if f.name != "id"]
        for key, rec in rows.items():
            assert list(rec) == names, (table, key)
            obj = model.from_dict({**rec, "id": make_id(table, int(key))})
            back = obj.to_dict()
            del back["id"]
            assert back == rec


def test_ids_continue_after_the_sample(sample_app):
    rows = _rows(sample_app)
    with sample_app.store.write() as s:
        for table in KINDS:
            assert s.next_id(table) == max(int(k) for k in rows[table]) + 1


def test_reloading_replaces_the_caseload(sample_app):
    first = _rows(sample_app)
    summary = load_sample(sample_app)
    assert summary.startswith(f"{len(first['families'])} families, {len(first['contacts'])} contacts")
    again = _rows(sample_app)
    assert again["families"].keys() == first["families"].keys()
    assert again["contacts"].keys() == first["contacts"].keys()


# --------------------------------------------------------------------------- generated caseloads


def test_generated_300_families(app):
    summary = load_sample(app, families=300)
    assert summary.startswith("300 families, ")
    rows = _rows(app)
    fams = rows["families"]
    assert len(fams) == 300
    assert 2700 <= len(rows["contacts"]) <= 3300
    assert len({f["home_language"] for f in fams.values()}) >= 8
    assert 30 <= len(rows["referrals"]) <= 90
    open_by_family: dict[str, int] = {}
    for f in rows["followups"].values():
        if f["status"] == "open" and not f["referral_id"]:
            open_by_family[f["family_id"]] = open_by_family.get(f["family_id"], 0) + 1
            assert -33 <= (dt.date.fromisoformat(f["due"]) - TODAY).days <= 33  # off weekends
    active = {f"F{k}" for k, f in fams.items() if f["status"] == "active"}
    assert set(open_by_family) == active
    assert set(open_by_family.values()) <= {1, 2}
    assert all(e["invited"] for e in rows["events"].values())
    for table, table_rows in rows.items():
        model = MODEL[table]
        for key, rec in list(table_rows.items())[:50]:
            obj = model.from_dict({**rec, "id": make_id(table, int(key))})
            back = obj.to_dict()
            del back["id"]
            assert back == rec
    with app.store.write() as s:
        assert s.next_id("contacts") == len(rows["contacts"]) + 1
        assert s.next_id("families") == 301


def test_generated_caseloads_are_reproducible(tmp_path):
    summaries = []
    for name in ("a", "b"):
        home = tmp_path / name
        init_home(home, TODAY)
        # A fixed clock: created/updated stamps would otherwise differ across a second boundary.
        app = open_app(home, TODAY, clock=lambda: dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
        summaries.append((load_sample(app, families=40), _rows(app)["families"]))
    assert summaries[0] == summaries[1]


# --------------------------------------------------------------------------- the command line


def test_cli_init_sample_then_families_json(run):
    result = run("init --sample")
    assert result.exit_code == 0, result.output
    assert "Loaded the sample caseload: " in result.stdout and " families, " in result.stdout
    result = run("families --json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ids = {f["id"] for f in data}
    assert len(data) >= 38 and "F3" in ids
    f3 = next(f for f in data if f["id"] == "F3")
    assert f3["home_language"] == "es" and f3["students"]
