"""Calendar export: UIDs unique to each store, timed events in the configured time zone with a
VTIMEZONE (issue 15: 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_cli.config import parse_config_text
from liaison_cli.errors import ConfigError
from liaison_cli.services.app import open_app
from liaison_cli.services.exports import export_ics
from liaison_cli.services.setup import init_home

icalendar = pytest.importorskip("icalendar")


def home_with_events(home, zone: str = "America/New_York"):
    init_home(home, dt.date(2026, 11, 20))
    cfg = home / "config.yaml"
    text = cfg.read_text(encoding="utf-8")
    assert 'timezone: ""' in text
    cfg.write_text(text.replace('timezone: ""', f"timezone: {zone}"), encoding="utf-8")
    app = open_app(home, dt.date(2026, 11, 20))
    with app.store.write() as s:
        for day, time in (("2026-12-03", "18:00-19:30"), ("2027-07-01", "18:00"), ("2026-12-10", "")):
            s.events.add({"title": "Family night", "kind": "family-night", "date": day, "time": time,
                          "invited": [], "attended": [], "updated": "2026-11-01T10:00:00+00:00"})
    return app


def uids(app) -> set[str]:
    cal = icalendar.Calendar.from_ical(export_ics(app).data)
    return {str(e["UID"]) for e in cal.walk("VEVENT")}


def test_two_liaisons_feeds_never_share_a_uid(tmp_path):
    a = home_with_events(tmp_path / "a")
    b = home_with_events(tmp_path / "b")
    assert uids(a) and not uids(a) & uids(b)
    assert uids(a) == uids(a)  # and each stays the same export after export
    with a.store.read() as s:
        sid = s.store_id
    assert all(u.endswith(f"-{sid}@liaison") for u in uids(a))


def test_an_older_store_keeps_its_uids_when_it_gets_an_id(tmp_path, monkeypatch):
    from liaison_cli.storage.json import session as store_mod

    app = home_with_events(tmp_path / "a")
    with monkeypatch.context() as m:  # make it a store from before store ids
        m.setattr(store_mod.Session, "store_id", property(lambda self: ""))
        with app.store.write() as s:
            s._set_meta("store_id", "")
    with app.store.read() as s:
        assert not s.meta.get("store_id")
        fallback = s.store_id
    with app.store.read() as s:
        assert s.store_id == fallback  # reads derive the same id, nothing random
    first = uids(app)  # export writes (the disclosure log), so the id is kept from now on
    with app.store.read() as s:
        assert s.meta["store_id"] == fallback and len(fallback) == 16
    assert uids(app) == first and all(f"-{fallback}@" in u for u in first)


def test_timed_events_carry_the_configured_zone(tmp_path):
    app = home_with_events(tmp_path / "a")
    data = export_ics(app).data
    cal = icalendar.Calendar.from_ical(data)
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == "America/New_York"
    kinds = {c.name for c in vtz.subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}
    assert b"DTSTART;TZID=America/New_York:20261203T180000" in data
    tz = vtz.to_tz()
    winter = dt.datetime(2026, 12, 3, 18, 0)
    summer = dt.datetime(2027, 7, 1, 18, 0)
    assert tz.utcoffset(winter) == dt.timedelta(hours=-5)
    assert tz.utcoffset(summer) == dt.timedelta(hours=-4)
    starts = sorted(e.decoded("DTSTART") for e in cal.walk("VEVENT")
                    if isinstance(e.decoded("DTSTART"), dt.datetime))
    assert [s.astimezone(dt.UTC).hour for s in starts] == [23, 22]
    # The all-day event has no zone; the VTIMEZONE comes before the events that use it.
    text = data.decode()
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert "DTSTART;VALUE=DATE:20261210" in text


def test_a_zone_without_changes_and_utc(tmp_path):
    app = home_with_events(tmp_path / "a", zone="Asia/Kolkata")
    cal = icalendar.Calendar.from_ical(export_ics(app).data)
    (vtz,) = cal.walk("VTIMEZONE")
    assert [c["TZOFFSETTO"].td for c in vtz.subcomponents] == [dt.timedelta(hours=5, minutes=30)]
    utc = home_with_events(tmp_path / "b", zone="UTC")
    assert b"DTSTART;TZID=UTC:20261203T180000" in export_ics(utc).data


def test_the_timezone_is_checked(tmp_path):
    with pytest.raises(ConfigError, match="`timezone` 'Mars/Olympus' is not a time zone"):
        parse_config_text("timezone: Mars/Olympus\n", tmp_path)
    with pytest.raises(ConfigError, match="not a time zone"):
        parse_config_text("timezone: ../../etc/passwd\n", tmp_path)
    assert parse_config_text("timezone: Europe/Lisbon\n", tmp_path).zone() == "Europe/Lisbon"
    assert parse_config_text("page_size: 5\n", tmp_path).zone()  # the computer's, or UTC
