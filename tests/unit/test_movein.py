"""`liaison db import-home`: a liaison's JSON store moved into the district database (pg_url: a
fresh database on a real server per test)."""

from __future__ import annotations

import shutil

import pytest

from liaison_cli.errors import StoreError
from tests.conftest import TODAY

KINDS = ("families", "contacts", "followups", "referrals", "events", "services", "outbox")


@pytest.fixture
def district(pg_url, tmp_path, monkeypatch):
    """An App on a fresh district database (schema applied), its home apart from the source's."""
    from liaison_cli.services.app import open_app

    home = tmp_path / "district-home"
    home.mkdir()
    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    app = open_app(home, TODAY, database_url=pg_url)
    app.store.migrate()
    yield app
    app.store.close()


@pytest.fixture
def source(tmp_path, _sample_template):
    """A copy of the sample caseload's home (`liaison init --sample`), with two disclosure log
    entries: a letter and a CSV export."""
    from liaison_cli.services.app import open_app
    from liaison_cli.services.exports import export_table

    home = tmp_path / "source"
    shutil.copytree(_sample_template, home)
    app = open_app(home, TODAY)
    export_table(app, "families", "csv", out=tmp_path / "families.csv", to_whom="the principal",
                 why="enrolment check")
    return home


def counts(app) -> dict[str, int]:
    with app.store.read() as s:
        return {kind: len(getattr(s, kind).rows()) for kind in KINDS}


def test_the_sample_caseload_moves_in_whole_and_a_second_run_adds_nothing(district, source, run):
    from liaison_cli.services.app import open_app

    mine = open_app(source, TODAY)
    before = counts(mine)
    r = run(["db", "import-home", str(source)])
    assert r.exit_code == 0, r.output
    assert counts(district) == before
    assert before["families"] == 42 and before["contacts"] > 400
    assert "42 families" in r.stdout and "new ones" not in r.stdout
    with district.store.read() as s, mine.store.read() as m:
        assert s.families.get(3) == m.families.get(3)  # numbers kept in a fresh district
        assert s.contacts.of_family("F3") == m.contacts.of_family("F3")
        log = s.disclosures.entries()
    assert [e["what"] for e in log] == ["export csv families", "import-home"]
    assert log[0]["imported"]["seq"] == 1 and log[0]["to"] == "the principal"

    again = run(["db", "import-home", str(source)])
    assert again.exit_code == 0, again.output
    assert "Nothing new" in again.stdout
    assert counts(district) == before
    with district.store.read() as s:
        assert len(s.disclosures.entries()) == 2


def test_work_done_in_the_folder_after_the_move_comes_in_on_the_next_run(district, source):
    from liaison_cli.services import contacts, movein
    from liaison_cli.services.app import open_app

    movein.import_home(district, source)
    mine = open_app(source, TODAY)
    contacts.log_contact(mine, "F5", kind="phone", note="After the move")
    report = movein.import_home(district, source)
    assert report.added["contacts"] == 1 and report.added["families"] == 0
    with district.store.read() as s:
        assert any(c.get("summary") == "After the move" for c in s.contacts.of_family("F5").values())


def test_a_family_number_in_use_is_renumbered_and_every_reference_follows(district, source, run):
    from liaison_cli.services.app import open_app

    mine = open_app(source, TODAY)
    with mine.store.read() as m:
        theirs = m.families.get(3)
        their_contacts = m.contacts.of_family("F3")
        their_followups = {k: f for k, f in m.followups.rows().items() if f["family_id"] == "F3"}
        invited = [n for n, e in m.events.rows().items() if "F3" in e.get("invited", [])]
    with district.store.write() as s:
        for n in (1, 2, 3):  # the district already has F1–F3, and one contact C1
            s.families.put(n, {"name": f"District {n}", "guardians": [], "students": [],
                               "tags": [], "status": "active"})
        s.contacts.add({"family_id": "F1", "date": "2026-11-01", "kind": "phone"})
    r = run(["db", "import-home", str(source)])
    assert r.exit_code == 0, r.output
    assert "F1 → F43  Nguyễn" in r.stdout and "F3 → F45  García" in r.stdout
    with district.store.read() as s:
        assert s.families.get(3)["name"] == "District 3"
        assert s.families.get(45)["name"] == theirs["name"] == "García"
        moved = s.contacts.of_family("F45")
        assert sorted(c["date"] for c in moved.values()) == sorted(c["date"] for c in their_contacts.values())
        assert len(s.contacts.of_family("F3")) == 0
        fus = {k: f for k, f in s.followups.rows().items() if f["family_id"] == "F45"}
        assert sorted(f["action"] for f in fus.values()) == sorted(f["action"] for f in their_followups.values())
        for c in moved.values():  # a contact's follow-up still points at the family's own
            if c.get("followup_id"):
                assert s.followups.get(c["followup_id"])["family_id"] == "F45"
        events = s.events.rows()
        assert invited and all("F45" in events[n]["invited"] and "F3" not in events[n]["invited"]
                               for n in invited)
        log = s.disclosures.entries()
    assert "F45" in log[0]["records"] and "F3" in log[0]["imported"]["records"]
    assert counts(district)["families"] == 45


def test_the_disclosure_log_is_rechained_and_keeps_the_original_entries(district, source):
    from liaison_cli.services import audit, movein

    original = audit.read_log(source)
    movein.import_home(district, source)
    with district.store.read() as s:
        log = s.disclosures.entries()
    prev = audit.GENESIS
    for e in log:  # the district's chain holds, each hash over the entry as stored
        assert e["prev"] == prev and audit.seal(e)["hash"] == e["hash"]
        prev = e["hash"]
    first = log[0]
    assert first["imported"] == {"store": first["imported"]["store"], "seq": 1,
                                 "hash": original[0]["hash"]}
    for key in ("at", "what", "to", "why", "detail", "salt"):
        assert first[key] == original[0][key]


def test_a_record_the_database_refuses_leaves_the_district_untouched(district, source, run):
    from liaison_cli.services.app import open_app

    mine = open_app(source, TODAY)
    with mine.store.write() as m:  # the last follow-up has a status the district's rules refuse
        last = max(int(k) for k in m.followups.rows())
        m.followups.update(last, {"status": "someday"})
    r = run(["db", "import-home", str(source)])
    assert r.exit_code == 6
    assert "nothing was changed" in r.output
    assert counts(district) == dict.fromkeys(KINDS, 0)
    with district.store.read() as s:
        assert s.disclosures.entries() == []
        assert not any(k.startswith("import-home:") for k in s.settings())


def test_a_folder_without_a_store_and_a_json_store_as_target_are_refused(district, tmp_path, source):
    from liaison_cli.errors import NotFoundError, UsageError
    from liaison_cli.services import movein
    from liaison_cli.services.app import open_app

    with pytest.raises(NotFoundError, match="no liaison store"):
        movein.import_home(district, tmp_path / "nowhere")
    with pytest.raises(UsageError, match="No district database"):
        movein.import_home(open_app(source, TODAY), source)


def test_a_broken_source_log_is_not_carried_over(district, source):
    from liaison_cli.services import audit, movein

    path = audit.log_path(source)
    path.write_bytes(path.read_bytes().replace(b"the principal", b"the janitor"))
    with pytest.raises(StoreError, match="does not verify"):
        movein.import_home(district, source)
    assert counts(district)["families"] == 0
