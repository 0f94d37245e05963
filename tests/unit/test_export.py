"""CSV, JSON and iCalendar exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import orjson
import pytest

from liaison_cli.core.models import Guardian, Student
from liaison_cli.errors import UsageError
from liaison_cli.services import audit
from liaison_cli.services.exports import (
    export_ics,
    export_table,
    fold_line,
    parse_event_time,
)
from liaison_cli.services.families import add_family

pytestmark = pytest.mark.both_backends


@pytest.fixture
def caseload(app):
    a = add_family(app, name="Nguyễn", guardians=[Guardian("Thị Nguyễn", "mother", "617-555-0177", language="vi")],
                   students=[Student("Minh", "K", "Lincoln")], tags=["newcomer"])
    b = add_family(app, name="=HYPERLINK(\"http://x\")", guardians=[Guardian("@Evil", phone="+1 617 555 0100"),
                                                                     Guardian("-Minus", phone="-5")])
    c = add_family(app, name="الحداد", guardians=[Guardian("ليلى الحداد", phone="617-555-0160", language="ar")],
                   students=[Student("سامي", "2")])
    with app.store.write() as s:
        s.contacts.add({"family_id": a.id, "date": "2026-11-02", "kind": "phone", "summary": "=1+1 bus, pass; ok",
                        "outcome": "reached", "updated": "2026-11-02T10:00:00Z"})
        s.followups.add({"family_id": a.id, "due": "2026-11-25", "action": "Call back, about the bus; (pass)",
                         "status": "open", "updated": "2026-11-02T10:00:00Z"})
        s.followups.add({"family_id": c.id, "due": "2026-11-18", "action": "Send the welcome pack " + "ا" * 60,
                         "status": "open", "updated": "2026-11-03T10:00:00Z"})
        s.followups.add({"family_id": c.id, "due": "2026-11-10", "action": "done already", "status": "done"})
        s.referrals.add({"family_id": c.id, "service": "Food bank", "status": "referred", "date": "2026-11-05"})
        s.events.add({"title": "Family night", "kind": "family-night", "date": "2026-12-03", "time": "18:00",
                      "place": "Gym, Lincoln", "invited": [a.id, c.id], "attended": [],
                      "updated": "2026-11-01T09:00:00Z"})
        s.events.add({"title": "Open house", "kind": "open-house", "date": "2026-12-10", "time": "",
                      "place": "", "invited": [], "attended": []})
        s.events.add({"title": "Past potluck", "kind": "potluck", "date": "2026-10-01", "time": "17:30-19:00",
                      "invited": [], "attended": [a.id]})
    return a, b, c


def rows(data: bytes) -> list[dict[str, str]]:
    assert not data.startswith(b"\xef\xbb\xbf")  # for the screen or a pipe: no byte-order mark
    text = data.decode("utf-8")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_families_csv_has_bom_and_no_formulas(app, caseload):
    a, b, c = caseload
    result = export_table(app, "families", "csv")
    got = rows(result.data)
    assert [r["id"] for r in got] == [a.id, b.id, c.id]
    assert got[0]["name"] == "Nguyễn" and got[2]["guardian_1_name"] == "ليلى الحداد"
    evil = got[1]
    assert evil["name"].startswith("'=") and evil["guardian_1_name"] == "'@Evil"
    assert evil["guardian_1_phone"] == "+1 617 555 0100" and evil["guardian_2_name"] == "'-Minus"
    assert evil["guardian_2_phone"] == "-5"  # a plain number: nothing to run, no quote to show
    for r in got:
        assert not any(v.startswith(("=", "@")) or (v.startswith(("+", "-")) and v[1:2].isalpha())
                       for v in r.values())
    assert got[0]["tags"] == "newcomer"


def test_other_tables_csv_and_json(app, caseload, tmp_path):
    a, b, c = caseload
    contacts = rows(export_table(app, "contacts", "csv").data)
    assert contacts[0]["summary"] == "'=1+1 bus, pass; ok" and contacts[0]["family_name"] == "Nguyễn"
    fus = orjson.loads(export_table(app, "followups", "json", status="open").data)
    assert [f["id"] for f in fus] == [1, 2] and all(f["status"] == "open" for f in fus)
    refs = orjson.loads(export_table(app, "referrals", "json", family=c.id).data)
    assert [(r["id"], r["service"]) for r in refs] == [("R1", "Food bank")]
    events = rows(export_table(app, "events", "csv").data)
    assert events[0]["invited"] == f"{a.id}; {c.id}"
    out = tmp_path / "fam.json"
    res = export_table(app, "families", "json", out=out, to_whom="principal", why="grant report")
    assert res.data is None and (out.stat().st_mode & 0o777) == 0o600
    assert [f["id"] for f in orjson.loads(out.read_bytes())] == [a.id, b.id, c.id]
    with pytest.raises(UsageError):
        export_table(app, "letters", "csv")


def test_exports_are_logged(app, caseload):
    a, b, c = caseload
    export_table(app, "families", "csv", to_whom="principal", why="grant report")
    export_ics(app)
    entries = audit.read_log(app)
    assert [e["what"] for e in entries] == ["export csv families", "export ics"]
    assert entries[0]["to"] == "principal" and entries[0]["why"] == "grant report"
    assert entries[0]["records"] == [a.id, b.id, c.id]
    assert audit.verify_log(app).ok


def uid(app, event) -> str:
    """The UID without this store's id (tested on its own in test_ics_zone.py)."""
    with app.store.read() as s:
        return str(event["UID"]).replace(f"-{s.store_id}@", "@")


def test_ics_parses_back_with_stable_uids(app, caseload):
    icalendar = pytest.importorskip("icalendar")
    a, b, c = caseload
    data = export_ics(app).data
    text = data.decode("utf-8")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    cal = icalendar.Calendar.from_ical(data)
    events = {uid(app, e): e for e in cal.walk("VEVENT")}
    assert set(events) == {"followup-1@liaison", "followup-2@liaison", "event-E1@liaison",
                           "event-E2@liaison"}  # no done follow-up, no past event
    fu = events["followup-1@liaison"]
    assert fu.decoded("DTSTART") == dt.date(2026, 11, 25)  # all day
    assert str(fu["SUMMARY"]) == f"{a.id} Nguyễn: Call back, about the bus; (pass)"
    assert str(fu["X-LIAISON-FAMILY"]) == a.id
    long = events["followup-2@liaison"]
    assert str(long["SUMMARY"]).endswith("ا" * 60)  # folded without breaking a character
    night = events["event-E1@liaison"]
    start = night.decoded("DTSTART")  # timed, in the configured zone
    assert start.replace(tzinfo=None) == dt.datetime(2026, 12, 3, 18, 0)
    assert str(start.tzinfo) == app.config.zone()
    assert night.decoded("DTEND").replace(tzinfo=None) == dt.datetime(2026, 12, 3, 19, 0)
    assert str(night["LOCATION"]) == "Gym, Lincoln"
    assert events["event-E2@liaison"].decoded("DTSTART") == dt.date(2026, 12, 10)

    again = icalendar.Calendar.from_ical(export_ics(app).data)
    assert {uid(app, e) for e in again.walk("VEVENT")} == set(events)


def test_ics_options(app, caseload):
    icalendar = pytest.importorskip("icalendar")
    a, b, c = caseload
    cal = icalendar.Calendar.from_ical(export_ics(app, followups=False, past_events=True).data)
    evs = {uid(app, e): e for e in cal.walk("VEVENT")}
    assert set(evs) == {"event-E1@liaison", "event-E2@liaison", "event-E3@liaison"}
    assert evs["event-E3@liaison"].decoded("DTEND").replace(tzinfo=None) == dt.datetime(2026, 10, 1, 19, 0)
    plain = export_ics(app, events=False, names=False).data.decode()
    assert "Nguy" not in plain and "617" not in plain and "SUMMARY:Follow-up 1 (F1)" in plain
    mine = icalendar.Calendar.from_ical(export_ics(app, family=c.id).data)
    assert {uid(app, e) for e in mine.walk("VEVENT")} == {"followup-2@liaison", "event-E1@liaison"}
    with pytest.raises(UsageError):
        export_ics(app, followups=False, events=False)


def test_fold_line_and_times():
    line = "SUMMARY:" + "é" * 100
    folded = fold_line(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(p.encode()) <= 75 for p in parts[:1]) and all(len(p.encode()) <= 74 for p in parts[1:])
    assert parse_event_time("18:00") == (18, 0, -1, -1)
    assert parse_event_time("9:30 – 11:00") == (9, 30, 11, 0)
    assert parse_event_time("evening") is None and parse_event_time("25:00") is None


def test_csv_file_has_the_byte_order_mark_and_keeps_phones(app, caseload, tmp_path):
    a, b, c = caseload
    out = tmp_path / "families.csv"
    res = export_table(app, "families", "csv", out=out)
    raw = out.read_bytes()
    assert res.data is None and raw.startswith(b"\xef\xbb\xbf")
    got = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert got[1]["name"].startswith("'=") and got[1]["guardian_1_phone"] == "+1 617 555 0100"
