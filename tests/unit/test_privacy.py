"""A parent's rights: see everything held (export family) and be forgotten (forget)."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from liaison_cli.core.models import Guardian, Student
from liaison_cli.errors import NotFoundError, StoreError
from liaison_cli.services import audit, privacy
from liaison_cli.services.exports import export_ics, export_table
from liaison_cli.services.families import FamilyEdit, add_family, edit_family

both_backends = pytest.mark.both_backends
KINDS = ("families", "followups", "referrals", "events", "services", "outbox", "inbox", "contacts")

# Strings that appear nowhere but in the family to forget.
SECRET = {
    "name": "Quispetorres",
    "guardian": "Wilmafreda Quispetorres",
    "phone": "617-555-0987",
    "email": "wilmafreda@example.org",
    "student1": "Zebulonia",
    "student2": "Octavianus",
}


def build(app):
    """Three families with contacts, follow-ups, referrals and events; several writes, so
    there are several backups."""
    keep1 = add_family(app, name="Nguyễn", guardians=[Guardian("Thị Nguyễn", phone="617-555-0177")],
                       students=[Student("Minh", "K")])
    gone = add_family(app, name=SECRET["name"],
                      guardians=[Guardian(SECRET["guardian"], "mother", SECRET["phone"], SECRET["email"], "qu")],
                      students=[Student(SECRET["student1"], "3"), Student(SECRET["student2"], "5")],
                      address="12 Calle Sol", notes="Met at registration")
    keep2 = add_family(app, name="Haddad", guardians=[Guardian("Layla Haddad", phone="617-555-0160")])
    # Same shard as `gone` (F2 → contacts-02 and F18 → contacts-02): the shard keeps other rows.
    for _ in range(14):
        add_family(app, name="Filler", force=True)  # 14 alike on purpose
    shard_mate = add_family(app, name="Shardmate", guardians=[Guardian("Pat Shardmate")])
    assert shard_mate.number % 16 == gone.number % 16
    edit_family(app, gone.id, FamilyEdit(add_tags=["newcomer"]))
    with app.store.write() as s:
        for fam, summary in ((gone, f"Called {SECRET['guardian']} about {SECRET['student1']}"),
                             (keep1, "Talked about the bus"), (shard_mate, "Left a message")):
            s.contacts.add({"family_id": fam.id, "date": "2026-11-02", "kind": "phone", "summary": summary})
    with app.store.write() as s:
        s.followups.add({"family_id": gone.id, "due": "2026-11-25", "action": f"Visit {SECRET['student2']}",
                         "status": "open"})
        s.followups.add({"family_id": keep1.id, "due": "2026-11-26", "action": "Call back", "status": "open"})
        s.referrals.add({"family_id": gone.id, "service": "Tutoring", "status": "referred", "date": "2026-11-03",
                         "student": SECRET["student1"]})
        s.referrals.add({"family_id": keep2.id, "service": "Food bank", "status": "referred", "date": "2026-11-03"})
        s.events.add({"title": "Family night", "kind": "family-night", "date": "2026-12-03", "time": "18:00",
                      "invited": [keep1.id, gone.id, keep2.id], "attended": []})
        s.events.add({"title": "Potluck", "kind": "potluck", "date": "2026-10-03",
                      "invited": [keep1.id], "attended": [keep1.id]})
        audit.record_disclosure(app, s, what="referral", to_whom=f"Tutoring, about {SECRET['guardian']}",
                                why="tutoring", records=[gone.id, "R1"], detail=SECRET["student1"])
    return keep1, gone, keep2, shard_mate


def every_record(app) -> dict[str, bytes]:
    """Each record's JSON, keyed by table and id."""
    out = {}
    with app.store.read() as s:
        for p in app.store.data_files():
            if p.stem == "meta":
                continue
            for k, v in s.raw(p.stem).items():
                out[f"{p.stem}/{k}"] = orjson.dumps(v)
    return out


def typed_records(app) -> dict[str, bytes]:
    """Each record as the typed views give it, keyed by kind and number (either backend)."""
    with app.store.read() as s:
        return {f"{kind}/{n}": orjson.dumps(rec, option=orjson.OPT_SORT_KEYS)
                for kind in KINDS for n, rec in getattr(s, kind).rows().items()}


def backup_records(app) -> dict[str, bytes]:
    out = {}
    for folder in app.store.list_backups():
        for p in app.store.data_files(folder):
            if p.stem == "meta":
                continue
            doc = orjson.loads(app.store.codec.decode(p.read_bytes(), p))
            for rows in doc.values():
                for k, v in rows.items():
                    out[f"{folder.name}/{p.stem}/{k}"] = orjson.dumps(v)
    return out


def files_mentioning(home: Path, needles, decode=lambda p, b: b) -> list[str]:
    hits = []
    for p in home.rglob("*"):
        if p.is_file():
            data = decode(p, p.read_bytes()).lower()
            for n in needles:
                if n.lower().encode() in data:
                    hits.append(f"{p.relative_to(home)}: {n}")
    return hits


@both_backends
def test_export_family_writes_everything_privately(app):
    keep1, gone, keep2, _ = build(app)
    result = privacy.export_family(app, gone.id)
    assert result.folder.parent == app.home / "exports"
    assert (result.folder.stat().st_mode & 0o777) == 0o700
    assert (result.folder.parent.stat().st_mode & 0o777) == 0o700
    md, js = result.files
    for p in result.files:
        assert (p.stat().st_mode & 0o777) == 0o600
    text = md.read_text(encoding="utf-8")
    for s in SECRET.values():
        assert s in text
    assert "Called Wilmafreda" in text and "Tutoring" in text and "Family night" in text
    assert "Nguy" not in text and "Haddad" not in text
    data = orjson.loads(js.read_bytes())
    assert data["family"]["id"] == gone.id
    assert [c["summary"] for c in data["contacts"]] == [f"Called {SECRET['guardian']} about {SECRET['student1']}"]
    assert [f["id"] for f in data["followups"]] == [1] and [r["id"] for r in data["referrals"]] == ["R1"]
    assert [e["id"] for e in data["events"]] == ["E1"]
    assert [d["what"] for d in data["disclosures"]] == ["referral"]
    log = audit.read_log(app)
    assert log[-1]["what"] == "export family" and gone.id in log[-1]["records"]
    # A second export the same day gets its own folder.
    assert privacy.export_family(app, gone.id).folder.name.endswith("-2")


@both_backends
def test_export_family_to_a_folder(app, tmp_path):
    _keep1, gone, _keep2, _ = build(app)
    out = tmp_path / "for-parent"
    result = privacy.export_family(app, gone.id, out=out, to_whom="the mother", why="asked at the office")
    assert result.folder == out and sorted(p.name for p in out.iterdir()) == [f"family-{gone.id}.json", f"family-{gone.id}.md"]
    assert audit.read_log(app)[-1]["to"] == "the mother"


# JSON-only: it also proves the backup folders are scrubbed (a district database has none).
def test_forget_removes_every_trace(app):
    keep1, gone, keep2, mate = build(app)
    # Exports that hold the family: a parent's export, a CSV and an ICS of everyone, a letter.
    privacy.export_family(app, gone.id)
    exports = app.home / "exports"
    export_table(app, "families", "csv", out=exports / "families.csv")
    export_table(app, "contacts", "json", out=exports / "contacts.json")
    export_ics(app, out=exports / "calendar.ics")
    letters = app.home / "letters"
    letters.mkdir()
    (letters / f"welcome-{gone.id}-es.md").write_text("Estimada familia", encoding="utf-8")
    (letters / "welcome-F1-es.md").write_text("Estimada familia Nguyễn", encoding="utf-8")
    (letters / "note.txt").write_text(f"remember {SECRET['guardian']}", encoding="utf-8")
    # A one-word name may be any word ("Grace", "King"): such a file is listed, not deleted.
    (letters / "poem.txt").write_text("Zebulonia is a word here too", encoding="utf-8")

    before = every_record(app)
    before_backups = backup_records(app)
    assert len(app.store.list_backups()) >= 5
    assert files_mentioning(app.home, SECRET.values())

    result = privacy.forget_family(app, gone.id)
    assert result.removed == {"families": 1, "contacts": 1, "followups": 1, "referrals": 1, "events": 1}
    assert result.backups_rewritten >= 5
    assert f"exports/{gone.id}-2026-11-20/" in result.files_removed
    assert "letters/note.txt" in result.files_removed and f"letters/welcome-{gone.id}-es.md" in result.files_removed
    assert sorted(result.files_rewritten) == ["exports/calendar.ics", "exports/contacts.json", "exports/families.csv"]
    assert result.log_redacted == 1
    assert result.files_to_check == ["letters/poem.txt"]
    (letters / "poem.txt").unlink()  # the liaison checked it

    # Not a byte of the family anywhere under the home folder.
    assert files_mentioning(app.home, SECRET.values()) == []
    # Other records: byte-identical in the store …
    after = every_record(app)
    gone_keys = {k for k in before if k in ("families/2", "contacts-02/1", "followups/1",
                                            "referrals/1", f"summary/{gone.id}", "roster/2", "report/2")}
    assert set(before) - set(after) == gone_keys
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"events/1"}  # only the invitation list of the event
    ev = orjson.loads(after["events/1"])
    assert ev["invited"] == [keep1.id, keep2.id]
    # … and in every backup (save the event invitation lists and the records removed).
    after_backups = backup_records(app)
    old_folders = {k.split("/")[0] for k in before_backups}
    compared = 0
    for k, v in after_backups.items():
        if k.split("/")[0] in old_folders:  # the backup forget's own commit made is new
            assert before_backups[k] == v or k.endswith("/events/1")
            compared += 1
    assert compared > 50
    assert (app.home / "letters" / "welcome-F1-es.md").exists()
    # Backups share inodes again where they did before (no copies multiplied).
    inodes = {p.stat().st_ino for f in app.store.list_backups() for p in app.store.data_files(f)}
    paths = [p for f in app.store.list_backups() for p in app.store.data_files(f)]
    assert len(inodes) < len(paths)
    # The log keeps "forgotten F2", verifies, and has no family data.
    log = audit.read_log(app)
    assert log[-1]["what"] == "forgotten" and log[-1]["records"] == [gone.id]
    with app.store.read() as s:
        check = audit.verify(app.home, s.meta.get("audit_head"))
    assert check.ok and check.redacted == 1
    assert audit.list_entries(app, record=gone.id)[0]["to"] == "(redacted)"
    # The family is gone and the store still works; the id is never reused.
    with pytest.raises(NotFoundError):
        privacy.export_family(app, gone.id)
    assert add_family(app, name="Next").number > mate.number


# JSON-only: the interruption is in scrubbing the backup folders (a district database has none).
def test_forget_finishes_after_an_interruption(app):
    _keep1, gone, _keep2, _ = build(app)
    calls = {"n": 0}
    real = privacy.scrub_backups

    def crash(*a, **k):
        calls["n"] += 1
        raise OSError(5, "Input/output error")

    privacy.scrub_backups = crash
    try:
        with pytest.raises(StoreError, match="run `liaison forget F2 --yes` again"):
            privacy.forget_family(app, gone.id)
    finally:
        privacy.scrub_backups = real
    assert calls["n"] == 1
    assert files_mentioning(app.home / "backups", [SECRET["guardian"]])  # left behind
    # Run again: the family is no longer in the store, but its backups are found and cleaned.
    result = privacy.forget_family(app, gone.id)
    assert not result.was_in_store and result.backups_rewritten
    assert files_mentioning(app.home, SECRET.values()) == []


@both_backends
@both_backends
def test_forget_removes_the_family_from_the_store(app):
    keep1, gone, keep2, mate = build(app)
    with app.store.read() as s:
        gone_contacts = set(s.contacts.of_family(gone.id))
    before = typed_records(app)
    result = privacy.forget_family(app, gone.id)
    assert result.removed == {"families": 1, "contacts": 1, "followups": 1, "referrals": 1, "events": 1}
    assert result.log_redacted == 1
    after = typed_records(app)
    assert set(before) - set(after) == ({f"families/{gone.number}", "followups/1", "referrals/1"}
                                        | {f"contacts/{n}" for n in gone_contacts})
    assert {k for k in after if after[k] != before[k]} == {"events/1"}
    assert orjson.loads(after["events/1"])["invited"] == [keep1.id, keep2.id]
    # The log keeps "forgotten F2", verifies, and has no family data.
    log = audit.read_log(app)
    assert log[-1]["what"] == "forgotten" and log[-1]["records"] == [gone.id]
    assert not [s for s in SECRET.values() if s.lower().encode() in orjson.dumps(log).lower()]
    check = audit.verify_log(app)
    assert check.ok and check.redacted == 1
    assert audit.list_entries(app, record=gone.id)[0]["to"] == "(redacted)"
    with pytest.raises(NotFoundError):
        privacy.export_family(app, gone.id)
    assert add_family(app, name="Next").number > mate.number


@both_backends
def test_forget_unknown_family(app):
    build(app)
    with pytest.raises(NotFoundError):
        privacy.forget_family(app, "F99")


# JSON-only: a damaged backup file (a district database has none).
def test_forget_drops_a_backup_it_cannot_read(app):
    _keep1, gone, _keep2, _ = build(app)
    folder = app.store.list_backups()[1]  # not the oldest: the next commit rotates it out
    target = folder / "families.json"
    data = target.read_bytes()
    os.unlink(target)  # never edit a backup in place: it shares the inode
    target.write_bytes(data[: len(data) // 2])
    result = privacy.forget_family(app, gone.id)
    assert result.backups_dropped == [folder.name] and not folder.exists()
    assert files_mentioning(app.home, SECRET.values()) == []
