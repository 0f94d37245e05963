"""The store: atomic writes, orphan temp files, the redo journal, backups, schema versions,
damaged files, Unicode on disk, file modes and the lock."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison_cli.core.models import Guardian, Student
from liaison_cli.errors import StoreError
from liaison_cli.services.app import open_app
from liaison_cli.services.contacts import log_contact
from liaison_cli.services.families import FamilyEdit, add_family, edit_family
from liaison_cli.services.setup import list_backups, restore_backup
from liaison_cli.storage.json import layout
from liaison_cli.storage.json.checks import MIGRATIONS
from liaison_cli.storage.json.store import Store
from tests.conftest import TODAY


class Crash(BaseException):
    """Stands in for a kill -9: nothing after it runs, no `except Exception` catches it."""


def files_of(home, *folders: str) -> dict[str, bytes]:
    """Every file under the given folders of the home, by relative path, with its bytes."""
    out = {}
    for folder in folders:
        for p in sorted((home / folder).rglob("*")):
            if p.is_file():
                out[str(p.relative_to(home))] = p.read_bytes()
    return out


def store_state(home) -> dict[str, bytes]:
    return files_of(home, "store", "backups")


def temp_files(root) -> list[str]:
    return sorted(p.name for p in root.iterdir() if ".tmp-" in p.name)


def family_names(app) -> dict[str, str]:
    with app.store.read() as s:
        return {f"F{k}": v["name"] for k, v in s.raw("families").items()}


def fresh(app):
    """A new App on the same home, as the next command would open it."""
    return open_app(app.home, TODAY)


# --------------------------------------------------------------------------- atomic writes


def test_writes_leave_only_the_store_files(app):
    add_family(app, name="García", guardians=[Guardian("Rosa García", language="es")])
    add_family(app, name="Nguyen")
    log_contact(app, "F1", kind="phone", note="Bus pass", follow_up="monday", action="Check")
    edit_family(app, "F2", FamilyEdit(address="12 Elm St"))
    names = sorted(p.name for p in app.store.root.iterdir())
    assert temp_files(app.store.root) == []
    assert "journal.json" not in names
    assert {".lock", "meta.json", "families.json", "followups.json", "summary.json",
            "contacts-01.json"} <= set(names)
    assert all(n == ".lock" or (n.endswith(".json") and not n.startswith(".")) for n in names)
    for p in app.store.data_files():
        orjson.loads(p.read_bytes())  # every file whole


def test_a_full_disk_changes_nothing_and_leaves_no_temp_file(app, monkeypatch):
    add_family(app, name="García")
    before = store_state(app.home)

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(StoreError, match="disk is full"):
        add_family(app, name="Nguyen")
    monkeypatch.undo()
    assert store_state(app.home) == before
    assert temp_files(app.store.root) == []
    assert family_names(fresh(app)) == {"F1": "García"}


# --------------------------------------------------------------------------- orphan temp files


def test_orphan_temp_files_are_never_read_and_removed_on_the_next_write(app, run):
    add_family(app, name="García")
    root = app.store.root
    ghost = {"families": {"1": {"name": "Ghost", "guardians": [], "students": [], "tags": [],
                                "status": "active"}, "2": {"name": "Ghost 2"}}}
    (root / ".families.json.tmp-99999-1").write_bytes(orjson.dumps(ghost))
    (root / ".meta.json.tmp-99999-2").write_bytes(b'{"meta": {"1": {"sch')  # cut off by a kill
    (root / ".journal.json.tmp-99999-3").write_bytes(b"")

    assert family_names(fresh(app)) == {"F1": "García"}
    r = run("families --json")
    assert r.exit_code == 0, r.output
    assert [f["name"] for f in json.loads(r.stdout)] == ["García"]
    assert len(temp_files(root)) == 3  # reading removes nothing

    add_family(fresh(app), name="Nguyen")
    assert temp_files(root) == []
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}


# --------------------------------------------------------------------------- the journal


def _crash_after_journal(app, monkeypatch):
    """Add F2 and 'die' after the journal is written, before any file is moved."""
    monkeypatch.setattr(Store, "_snapshot", lambda self, stamp: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        add_family(app, name="Nguyen")
    monkeypatch.undo()


def _crash_between_moves(app, monkeypatch):
    """Add F2 and 'die' after the journal and the first of the two moves."""
    real = os.replace

    def replace(src, dst):
        if os.path.basename(dst) == "meta.json":  # meta.json is moved last
            raise Crash()
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Crash):
        add_family(app, name="Nguyen")
    monkeypatch.undo()
    # Half applied: the family is in families.json, the counter has not moved on yet.
    assert json.loads((app.store.root / "meta.json").read_text())["meta"]["1"]["next"]["families"] == 2
    assert "2" in json.loads((app.store.root / "families.json").read_text())["families"]


@pytest.mark.parametrize("crash", [_crash_after_journal, _crash_between_moves])
@pytest.mark.parametrize("next_op", ["read", "write"])
def test_an_interrupted_commit_is_rolled_forward(app, monkeypatch, crash, next_op):
    add_family(app, name="García")
    crash(app, monkeypatch)
    root = app.store.root
    assert (root / "journal.json").exists()
    assert temp_files(root)  # the new files wait next to the old ones

    if next_op == "read":
        assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}
    else:
        add_family(fresh(app), name="Haddad")
        assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen", "F3": "Haddad"}
    assert not (root / "journal.json").exists()
    assert temp_files(root) == []


def test_a_reader_that_finds_a_journal_under_its_lock_recovers_first(app, monkeypatch):
    add_family(app, name="García")
    _crash_between_moves(app, monkeypatch)
    # A journal that appears between the reader's first look and its lock (a writer killed
    # in that window) must not be read as the store.
    real_exists, looks = Path.exists, []

    def exists(self):
        if self.name == "journal.json":
            looks.append(1)
            if len(looks) == 1:
                return False
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", exists)
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}
    monkeypatch.undo()
    assert not (app.store.root / "journal.json").exists()


# A journal is carried out without asking: one planted or edited must move or delete nothing.
PLANTED_JOURNALS = {
    "move from ../config.yaml": {"moves": [["../config.yaml", "families.json"]]},
    "move from an absolute path": {"moves": [["{outside}", "families.json"]]},
    "move onto ../config.yaml": {"moves": [[".families.json.tmp-1-1", "../config.yaml"]]},
    "move a temp onto another file": {"moves": [[".families.json.tmp-1-1", "meta.json"]]},
    "move a temp through a folder": {"moves": [["./../.families.json.tmp-1-1", "families.json"]]},
    "move a linked temp": {"moves": [[".families.json.tmp-1-2", "families.json"]]},
    "delete ../config.yaml": {"deletes": ["../config.yaml"]},
    "delete an absolute path": {"deletes": ["{outside}"]},
    "delete a file that is not the store's": {"deletes": [".lock"]},
    # Found by the fuzz test: store files alone, with no move of meta.json as every commit has.
    "delete the store's own files": {"moves": [], "deletes": ["families.json", "meta.json"]},
    "delete families.json alone": {"deletes": ["families.json"]},
    # Found in a second reading: a made-up move of meta.json (its temporary file planted too,
    # a copy of the live meta) to carry a delete of a file that meta still records.
    "delete with a planted meta": {"moves": [[".meta.json.tmp-1-3", "meta.json"]],
                                   "deletes": ["families.json"]},
    "not an object": [["../config.yaml", "families.json"]],
    "moves not pairs": {"moves": ["../config.yaml"]},
}


@pytest.mark.parametrize("planted", sorted(PLANTED_JOURNALS))
def test_a_planted_journal_moves_and_deletes_nothing(app, run, tmp_path, planted):
    add_family(app, name="García")
    root = app.store.root
    outside = tmp_path / "outside.json"
    outside.write_bytes(b'{"families": {}}')
    (root / ".families.json.tmp-1-1").write_bytes(b'{"families": {}}')
    os.symlink(outside, root / ".families.json.tmp-1-2")
    shutil.copy(root / "meta.json", root / ".meta.json.tmp-1-3")  # a planted "new" meta
    plan = json.loads(json.dumps(PLANTED_JOURNALS[planted]).replace("{outside}", str(outside)))
    (root / "journal.json").write_text(json.dumps(plan))
    config = (app.home / "config.yaml").read_bytes()
    before = files_of(app.home, "store", "backups")
    with pytest.raises(StoreError, match="journal"):
        with fresh(app).store.read():
            pass
    for cmd in ("families --json", "add-family --name Nguyen"):
        r = run(cmd)
        assert r.exit_code == 6, (cmd, r.output)
        assert f"The journal {root / 'journal.json'} names files that are not the store's own" in r.stderr
        assert "Traceback" not in r.output
    assert (app.home / "config.yaml").read_bytes() == config
    assert outside.read_bytes() == b'{"families": {}}'
    assert files_of(app.home, "store", "backups") == before
    # Once the liaison moves it away, the store is as it was.
    (root / "journal.json").unlink()
    assert family_names(fresh(app)) == {"F1": "García"}


# --------------------------------------------------------------------------- backups


def test_one_backup_per_write_and_only_the_last_ten_kept(app):
    seen = []
    for i in range(13):
        add_family(app, name=f"Family {i}")
        backups = app.store.list_backups()
        assert len(backups) == min(i + 1, layout.BACKUPS_KEPT)
        new = [b.name for b in backups if b.name not in seen]
        assert len(new) == 1 and backups[0].name == new[0]  # newest first
        seen.append(new[0])
    assert [b.name for b in app.store.list_backups()] == list(reversed(seen[-10:]))
    assert not any(p.name.startswith(".") for p in app.store.backups.iterdir())
    # The oldest kept backup is the store as it was before the 4th write: three families.
    oldest = app.store.list_backups()[-1]
    assert len(orjson.loads((oldest / "families.json").read_bytes())["families"]) == 3


def test_backups_are_hard_links_to_the_old_files(app):
    add_family(app, name="García")
    root = app.store.root
    fam_before = os.stat(root / "families.json")
    meta_before = os.stat(root / "meta.json")
    log_contact(app, "F1", kind="phone", note="Hello")  # families.json does not change
    newest = app.store.list_backups()[0]
    # An unchanged file: the store and the backup share one inode.
    assert os.stat(newest / "families.json").st_ino == fam_before.st_ino == os.stat(root / "families.json").st_ino
    assert os.stat(root / "families.json").st_nlink >= 2
    # A replaced file: the backup keeps the old inode, the store has a new one.
    assert os.stat(newest / "meta.json").st_ino == meta_before.st_ino != os.stat(root / "meta.json").st_ino
    assert not (newest / "contacts-01.json").exists()
    edit_family(app, "F1", FamilyEdit(address="12 Elm St"))
    assert orjson.loads((app.store.list_backups()[0] / "families.json").read_bytes())["families"]["1"]["address"] == ""


def test_restore_brings_a_backup_back_and_can_itself_be_undone(app):
    for name in ("García", "Nguyen", "Haddad"):
        add_family(app, name=name)
    before_haddad = app.store.list_backups()[0].name
    restore_backup(fresh(app), before_haddad)
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}

    undo = app.store.list_backups()[0].name  # the state just before the restore
    rows = {r["name"]: r for r in list_backups(fresh(app))}
    assert rows[undo]["families"] == 3 and rows[before_haddad]["families"] == 2
    restore_backup(fresh(app), undo)
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen", "F3": "Haddad"}

    # Ids are never reused across restores.
    restore_backup(fresh(app), before_haddad)
    assert add_family(fresh(app), name="Osman").id == "F4"


def test_restore_removes_files_the_backup_did_not_have(app):
    add_family(app, name="García")  # backup 1: the empty store (meta.json only)
    add_family(app, name="Nguyen")  # backup 2: F1
    log_contact(app, "F1", kind="phone", note="Hello")  # backup 3: F1, F2
    first, second = app.store.list_backups()[2].name, app.store.list_backups()[1].name
    restore_backup(fresh(app), second)
    root = app.store.root
    assert not (root / "contacts-01.json").exists() and not (root / "summary.json").exists()
    assert family_names(fresh(app)) == {"F1": "García"}
    restore_backup(fresh(app), first)
    assert not (root / "families.json").exists()
    assert family_names(fresh(app)) == {}
    assert add_family(fresh(app), name="Haddad").id == "F3"


# --------------------------------------------------------------------------- schema versions


SCHEMA1_FAMILIES = {"families": {
    "1": {"name": "García", "guardians": [{"name": "Rosa García"}], "students": [], "tags": []},
    "2": {"name": "Nguyen", "guardians": [], "students": [], "tags": ["newcomer"]},
}}
SCHEMA1_FOLLOWUPS = {"followups": {"1": {"family_id": "F1", "due": "2026-11-23", "action": "Call back"}}}


def _write_schema1(app):
    root = app.store.root
    (root / "meta.json").write_bytes(orjson.dumps(
        {"meta": {"1": {"schema": 1, "created": "2025-09-01T00:00:00Z", "next": {"families": 3}}}}))
    (root / "families.json").write_bytes(orjson.dumps(SCHEMA1_FAMILIES))
    (root / "followups.json").write_bytes(orjson.dumps(SCHEMA1_FOLLOWUPS))


def test_a_schema_1_store_is_read_migrated_in_memory_and_left_alone(app, run):
    _write_schema1(app)
    before = store_state(app.home)
    with fresh(app).store.read() as s:
        assert s.raw("families")["1"]["status"] == "active"
        assert s.raw("followups")["1"]["status"] == "open"
    r = run("families --json")
    assert r.exit_code == 0, r.output
    assert [(f["id"], f["status"]) for f in json.loads(r.stdout)] == [("F1", "active"), ("F2", "active")]
    assert store_state(app.home) == before


def test_a_schema_1_store_is_migrated_on_the_next_write(app):
    _write_schema1(app)
    expected = {"families": json.loads(json.dumps(SCHEMA1_FAMILIES)),
                "followups": json.loads(json.dumps(SCHEMA1_FOLLOWUPS))}
    MIGRATIONS[1](expected)  # the registered migration, applied by hand

    assert add_family(fresh(app), name="Haddad").id == "F3"
    root = app.store.root
    meta = orjson.loads((root / "meta.json").read_bytes())["meta"]["1"]
    assert meta["schema"] == layout.SCHEMA_VERSION == 2
    fams = orjson.loads((root / "families.json").read_bytes())["families"]
    assert {k: fams[k] for k in ("1", "2")} == expected["families"]["families"]
    assert fams["3"]["name"] == "Haddad"
    assert orjson.loads((root / "followups.json").read_bytes()) == expected["followups"]
    # The backup keeps the schema 1 files as they were.
    old = app.store.list_backups()[0]
    assert orjson.loads((old / "meta.json").read_bytes())["meta"]["1"]["schema"] == 1


def test_a_store_from_a_newer_version_is_refused_and_untouched(app, run):
    add_family(app, name="García")
    meta_path = app.store.root / "meta.json"
    meta = orjson.loads(meta_path.read_bytes())
    meta["meta"]["1"]["schema"] = layout.SCHEMA_VERSION + 1
    meta_path.write_bytes(orjson.dumps(meta))
    before = store_state(app.home)
    with pytest.raises(StoreError, match="newer liaison"):
        with fresh(app).store.read():
            pass
    with pytest.raises(StoreError, match="newer liaison"):
        add_family(fresh(app), name="Nguyen")
    for cmd in ("families --json", "add-family --name Nguyen", "show F1"):
        r = run(cmd)
        assert r.exit_code == 6, (cmd, r.output)
        assert "newer liaison" in r.stderr and "Traceback" not in r.output
    assert store_state(app.home) == before


# --------------------------------------------------------------------------- damaged files


def _seed(app):
    add_family(app, name="García", guardians=[Guardian("Rosa García", phone="617-555-0134")],
               students=[Student("Ana", "3")])
    add_family(app, name="Nguyen")
    log_contact(app, "F1", kind="phone", note="Hello")


def replace_file(path, data: bytes) -> None:
    """Put `data` in place of `path` as editors and sync tools do: a new file renamed over it.

    (Writing into the same inode would damage the backups too: they are hard links to it.)
    """
    tmp = path.with_name(path.name + ".edited")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _garbage(data: bytes) -> bytes:
    return random.Random(len(data)).randbytes(max(len(data), 64))


def _first(doc):
    table = next(iter(doc))
    return table, (doc[table]["1"] if table == "meta" else next(iter(doc[table].values())))


def _wrong_types(doc):
    table, rec = _first(doc)
    key = {"meta": "schema", "families": "name", "contacts": "date"}[table]
    rec[key] = 12345 if table != "meta" else "two"
    return doc


def _missing_field(doc):
    table, rec = _first(doc)
    del rec[{"meta": "schema", "families": "name", "contacts": "family_id"}[table]]
    return doc


def _wrong_nested(doc):
    table, rec = _first(doc)
    if table == "families":
        rec["guardians"] = [{"phone": "617-555-0134"}]
    elif table == "meta":
        rec["next"] = {"families": "3"}
    else:
        rec["date"] = "20 Nov"
    return doc


# how the file is damaged, and what the message must point at
DAMAGES = {
    "truncated": ("bytes", _truncate, "is damaged at line"),
    "garbage": ("bytes", _garbage, "is damaged at line"),
    "empty": ("bytes", lambda data: b"", "is damaged at line"),
    "not-an-object": ("bytes", lambda data: b"[1, 2, 3]", "fails validation (it is not a JSON object)"),
    "wrong-types": ("json", _wrong_types, "fails validation"),
    "missing-field": ("json", _missing_field, "fails validation"),
    "wrong-nested": ("json", _wrong_nested, "fails validation"),
}
ALL_COMMANDS = ("families --json", "show F1 --json", "add-family --name Haddad",
                "log F1 --note Again", "edit F1 --address '1 Main St'", "close F1 --reason moved")
# The commands that read each file (a damaged contact shard does not stop `families`).
COMMANDS_READING = {"families.json": ALL_COMMANDS, "meta.json": ALL_COMMANDS,
                    "contacts-01.json": ("show F1 --json", "log F1 --note Again")}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("victim", sorted(COMMANDS_READING))
def test_a_damaged_store_file_stops_every_command_and_is_never_written(app, run, damage, victim):
    _seed(app)
    path = app.store.root / victim
    how, fn, said = DAMAGES[damage]
    if how == "bytes":
        replace_file(path, fn(path.read_bytes()))
    else:
        replace_file(path, orjson.dumps(fn(orjson.loads(path.read_bytes()))))
    before = store_state(app.home)
    for cmd in COMMANDS_READING[victim]:
        r = run(cmd)
        assert r.exit_code == 6, (cmd, r.output)
        assert "Traceback" not in r.output
        assert f"The store file {path} " in r.stderr and said in r.stderr, (cmd, r.stderr)
        if how == "json" and victim != "meta.json":
            assert "record 1 of " in r.stderr  # the position: which record, which field
        if said.endswith("line"):
            assert ", column " in r.stderr
        assert "restore --list" in r.stderr
        assert store_state(app.home) == before, cmd


@pytest.mark.parametrize("victim", ["families.json", "contacts-01.json", "summary.json", "meta.json"])
def test_the_way_out_the_message_gives_works(app, run, victim):
    _seed(app)
    path = app.store.root / victim
    replace_file(path, _truncate(path.read_bytes()))
    listed = run("restore --list --json")
    assert listed.exit_code == 0, listed.output
    newest = json.loads(listed.stdout)[0]
    assert newest["families"] == 2
    r = run(f"restore {newest['name']} --yes")
    assert r.exit_code == 0, r.output
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}
    # The damaged file is kept in the newest backup, so even this restore can be undone.
    undo = app.store.list_backups()[0]
    assert undo.name != newest["name"]
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads((undo / victim).read_bytes())


def test_restoring_over_a_damaged_meta_never_reuses_an_id(app, run):
    _seed(app)
    backup = app.store.list_backups()[0].name  # F1, F2
    assert run("add-family --name Haddad").exit_code == 0  # F3, after the backup
    path = app.store.root / "meta.json"
    replace_file(path, _truncate(path.read_bytes()))
    assert run(f"restore {backup} --yes").exit_code == 0
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}
    assert json.loads(run("add-family --name Osman --json").stdout)["id"] == "F4"
    r = run("log F1 --note Again --json")
    assert json.loads(r.stdout)["contact"]["id"] == "C2"


def test_restore_list_still_works_when_one_backup_is_damaged(app, run):
    _seed(app)
    path = app.store.root / "families.json"
    replace_file(path, _truncate(path.read_bytes()))
    newest = json.loads(run("restore --list --json").stdout)[0]["name"]
    assert run(f"restore {newest} --yes").exit_code == 0
    # The backup made before the restore holds the damaged file (that is what makes it undoable).
    r = run("restore --list --json")
    assert r.exit_code == 0, r.output
    listed = json.loads(r.stdout)
    assert len(listed) >= 3
    assert [b["damaged"] for b in listed] == [True] + [False] * (len(listed) - 1)


def test_the_last_good_copy_of_a_damaged_file_is_never_rotated_away(app, run):
    _seed(app)
    edit_family(app, "F2", FamilyEdit(address="1 Main St"))  # a backup now holds the shard
    path = app.store.root / "contacts-01.json"
    good = path.read_bytes()
    replace_file(path, _truncate(good))
    for i in range(layout.BACKUPS_KEPT + 1):
        run(f"add-family --name Later{i}")
    assert any((b / path.name).exists() and (b / path.name).read_bytes() == good
               for b in app.store.list_backups())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=400))
def test_random_bytes_in_a_store_file_are_refused(app, data):
    path = app.store.root / "families.json"
    if not path.exists():
        add_family(app, name="García")
    original = path.read_bytes()
    if data.startswith(layout.ENCRYPTED_MAGIC):
        return  # an encrypted file: the passphrase's business (exit 9), not damage
    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    else:
        return  # valid JSON by chance: covered by the shape tests
    path.write_bytes(data)
    try:
        with pytest.raises(StoreError, match="families.json is damaged at line"):
            add_family(fresh(app), name="Nguyen")
        assert path.read_bytes() == data
    finally:
        path.write_bytes(original)


# --------------------------------------------------------------------------- Unicode


NAMES = [
    "عائلة الحداد",                 # Arabic
    "Nguyễn Thị Minh Khai",         # Vietnamese, with stacked diacritics
    "王小明",                         # Chinese
    "Famille Joseph 🏠",             # emoji outside the BMP
    "\u200fמשפחת כהן\u200f",        # Hebrew between right-to-left marks
    "García-Ñúñez",
]


def test_names_in_every_script_round_trip_and_are_stored_as_utf8(app, run):
    for i, name in enumerate(NAMES, start=1):
        r = run(["add-family", f"--name={name}", "--guardian", f"{name} Parent:mother", "--json"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["name"] == name
        shown = json.loads(run(["show", f"F{i}", "--json"]).stdout)
        assert shown["name"] == name and shown["guardians"][0]["name"] == f"{name} Parent"
    listed = json.loads(run("families --json").stdout)
    assert [f["name"] for f in listed] == NAMES
    raw = (app.store.root / "families.json").read_bytes()
    for name in NAMES:
        assert name.encode("utf-8") in raw
    assert b"\\u" not in raw


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_any_text_survives_add_family_then_show(app, run, name):
    fam = add_family(app, name=name, force=True)  # the same home for every example: repeats are meant
    r = run(["show", fam.id, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["name"] == name.strip()
    stored = orjson.loads((app.store.root / "families.json").read_bytes())["families"]
    assert stored[str(fam.number)]["name"] == name.strip()


# --------------------------------------------------------------------------- missing files


def _seed_all(app):
    """_seed, and a follow-up: families, followups, contacts-01/02, summary and roster exist."""
    _seed(app)
    log_contact(app, "F2", kind="phone", note="Hi", follow_up="monday", action="Call")


MISSING_COMMANDS = (*ALL_COMMANDS, "followups --json", "log F2 --note Again")


@pytest.mark.parametrize("victim", ["families.json", "followups.json", "contacts-01.json",
                                    "summary.json", "roster.json", "report.json"])
def test_a_deleted_store_file_stops_every_command_and_is_never_written(app, run, victim):
    _seed_all(app)
    path = app.store.root / victim
    path.unlink()
    before = store_state(app.home)
    for cmd in MISSING_COMMANDS:
        r = run(cmd)
        assert r.exit_code == 6, (cmd, r.output)
        assert f"The store file {path} is missing" in r.stderr, (cmd, r.stderr)
        assert "liaison restore" in r.stderr and "Traceback" not in r.output
        assert store_state(app.home) == before, cmd
    newest = json.loads(run("restore --list --json").stdout)[0]["name"]
    assert run(f"restore {newest} --yes").exit_code == 0
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}
    assert run("families --json").exit_code == 0


def test_files_never_written_still_read_as_empty(home, run):
    assert run("init").exit_code == 0
    for cmd in ("families --json", "followups --json"):
        r = run(cmd)
        assert r.exit_code == 0 and json.loads(r.stdout) == [], (cmd, r.output)
    assert run("add-family --name García").exit_code == 0
    assert run("log F1 --note Hello").exit_code == 0  # its contact file did not exist yet
    assert run("show F1 --json").exit_code == 0
    assert run("followups --json").exit_code == 0


def _as_older_store(app):
    """meta.json as liaison wrote it before the file records and its own check."""
    path = app.store.root / "meta.json"
    doc = orjson.loads(path.read_bytes())
    doc["meta"]["1"].pop("files")
    doc["meta"]["1"].pop("check", None)
    replace_file(path, orjson.dumps(doc))


@pytest.mark.parametrize("victim", ["families.json", "contacts-01.json"])
def test_an_older_store_without_file_records_still_notices_a_deleted_file(app, run, victim):
    _seed(app)  # contacts only in contacts-01
    _as_older_store(app)
    path = app.store.root / victim
    kept = path.read_bytes()
    path.unlink()
    # The id counters say families and contacts were made, so their files must be there.
    r = run("families --json")
    assert r.exit_code == 6 and "is missing" in r.stderr, r.output
    replace_file(path, kept)
    # One write records every file, written or not: any later deletion is noticed by name.
    assert run("edit F2 --address '1 Main St'").exit_code == 0
    assert {"families", "contacts-01", "summary", "roster"} <= set(
        orjson.loads((app.store.root / "meta.json").read_bytes())["meta"]["1"]["files"])
    (app.store.root / "contacts-01.json").unlink()
    r = run("families --json")
    assert r.exit_code == 6 and f"The store file {app.store.root / 'contacts-01.json'} is missing" in r.stderr


# --------------------------------------------------------------------------- a lost meta.json


def test_a_deleted_meta_is_not_taken_for_no_store_and_restore_brings_it_back(app, run):
    _seed(app)
    meta = app.store.root / "meta.json"
    meta.unlink()
    before = files_of(app.home, ".")
    for cmd in ("families --json", "followups --json", "add-family --name Haddad", "init",
                "init --sample", "init --sample --force"):
        r = run(cmd)
        assert r.exit_code == 6, (cmd, r.output)
        assert f"The store file {meta} is missing" in r.stderr, (cmd, r.stderr)
        assert "liaison restore" in r.stderr and "Traceback" not in r.output
        assert files_of(app.home, ".") == before, cmd
    listed = run("restore --list --json")
    assert listed.exit_code == 0, listed.output
    newest = json.loads(listed.stdout)[0]["name"]  # before the contact was logged
    r = run(f"restore {newest} --yes")
    assert r.exit_code == 0, r.output
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}
    # Ids made before meta.json was lost are not handed out again.
    assert json.loads(run("add-family --name Osman --json").stdout)["id"] == "F3"
    assert json.loads(run("log F1 --note Again --json").stdout)["contact"]["id"] == "C2"


def test_a_restore_over_a_deleted_meta_never_hides_entries_cut_off_the_log(app, run):
    # With meta.json gone, the log's own end cannot be the only witness of the head: cut the
    # log's last entries off, and every backup's meta still says how far it had reached.
    _seed_disclosures(app)
    for n in range(3):
        assert run(f"export family F1 --out {app.home / f'x{n}'}").exit_code == 0
    log = app.home / "audit.log"
    lines = log.read_bytes().splitlines(keepends=True)
    (app.store.root / "meta.json").unlink()
    replace_file(log, b"".join(lines[:2]))
    newest = json.loads(run("restore --list --json").stdout)[0]["name"]
    assert run(f"restore {newest} --yes").exit_code == 0
    r = run("audit verify")
    assert r.exit_code == 6, r.output
    assert "fails verification" in r.stderr and "removed" in r.stderr
    assert "Traceback" not in r.output


def test_init_refuses_a_home_whose_store_is_gone_but_whose_disclosure_log_remains(app, run):
    _seed(app)
    (app.home / "audit.log").write_bytes(b"")
    import shutil

    shutil.rmtree(app.store.root)
    shutil.rmtree(app.store.backups)
    r = run("init")
    assert r.exit_code == 6 and "audit.log" in r.stderr, r.output
    assert not (app.store.root / "meta.json").exists()
    assert run("families").exit_code == 6


def test_a_fresh_home_still_has_no_store_until_init(home, run):
    r = run("families")
    assert r.exit_code == 3 and "liaison init" in r.stderr
    assert run("init").exit_code == 0


# --------------------------------------------------------------------------- meta.json edits


def _edit_meta(app, change, *, keep_check=False, drop_check=False):
    """Edit meta.json by hand. `keep_check`: also recompute its check (a counter set back by a
    tool that knows the check: only the insert itself can catch it)."""
    path = app.store.root / "meta.json"
    doc = orjson.loads(path.read_bytes())
    change(doc["meta"]["1"])
    if drop_check:
        doc["meta"]["1"].pop("check", None)
    if keep_check:
        doc["meta"]["1"]["check"] = layout.meta_check(doc)
    replace_file(path, orjson.dumps(doc))


def _seed_disclosures(app):
    from liaison_cli.services import audit

    _seed_all(app)
    heads = []
    for _ in range(2):
        with app.store.write() as s:
            audit.record_disclosure(app, s, what="export csv families", to_whom="x", why="y",
                                    records=[])
        with app.store.read() as s:
            heads.append(s.meta["audit_head"])
    return heads


META_EDITS = {
    "contacts counter set back": lambda m, heads: m["next"].update(contacts=1),
    "families counter set back": lambda m, heads: m["next"].update(families=1),
    "disclosure head set back": lambda m, heads: m.update(audit_head=heads[0]),
}


@pytest.mark.parametrize("edit", sorted(META_EDITS))
def test_a_hand_edited_meta_stops_every_command(app, run, edit):
    heads = _seed_disclosures(app)
    _edit_meta(app, lambda m: META_EDITS[edit](m, heads))
    meta = app.store.root / "meta.json"
    before = store_state(app.home)
    for cmd in MISSING_COMMANDS:
        r = run(cmd)
        assert r.exit_code == 6, (cmd, r.output)
        assert f"The store file {meta} fails validation" in r.stderr, (cmd, r.stderr)
        assert "restore --list" in r.stderr and "Traceback" not in r.output
        assert store_state(app.home) == before, cmd
    newest = json.loads(run("restore --list --json").stdout)[0]["name"]
    assert run(f"restore {newest} --yes").exit_code == 0
    assert run("families --json").exit_code == 0


def test_a_meta_from_before_its_check_is_accepted_once_then_checked(app, run):
    _seed(app)
    _edit_meta(app, lambda m: None, drop_check=True)
    assert run("families --json").exit_code == 0
    assert run("add-family --name Haddad").exit_code == 0
    meta = orjson.loads((app.store.root / "meta.json").read_bytes())["meta"]["1"]
    assert "check" in meta
    _edit_meta(app, lambda m: m["next"].update(families=2))
    assert run("families --json").exit_code == 6


@pytest.mark.parametrize("keep_check", [False, True], ids=["check removed", "check recomputed"])
@pytest.mark.parametrize("cmd, table, value", [
    ("add-family --name Haddad", "families", 2),
    ("log F1 --note Again", "contacts", 1),  # C1 is in F1's contact file
    ("log F2 --note Again --follow-up monday --action Call", "followups", 1),
])
def test_a_counter_below_an_existing_id_is_refused_never_overwrites_or_crashes(
        app, run, keep_check, cmd, table, value):
    _seed_all(app)  # F1 F2, C1 (F1) C2 (F2), follow-up 1
    _edit_meta(app, lambda m: m["next"].update({table: value}), keep_check=keep_check,
               drop_check=not keep_check)
    before = store_state(app.home)
    r = run(cmd)
    assert r.exit_code == 6, r.output
    assert f"The store file {app.store.root / 'meta.json'} fails validation" in r.stderr
    assert f"id counter for {table}" in r.stderr and "restore --list" in r.stderr
    assert store_state(app.home) == before


def test_a_contact_counter_set_back_never_gives_two_contacts_one_id(app, run):
    # C1 is in F1's contact file, C2 in F2's: a new contact for F3 lands in a third file, where
    # only the check of the counters against every file catches the clash.
    _seed_all(app)
    add_family(app, name="Haddad")
    _edit_meta(app, lambda m: m["next"].update(contacts=2), drop_check=True)
    r = run("log F3 --note Hello")
    assert r.exit_code == 6 and "id counter for contacts" in r.stderr, r.output


def test_a_meta_swapped_for_the_newest_backups_never_gives_two_contacts_one_id(app, run):
    # A meta.json copied back from the newest backup is a valid meta (its own check holds) whose
    # contact counter is below the contact made since. The contact file it does not describe
    # must stop the write: a new contact for another family would land in another file and
    # take the same id (C3 twice).
    _seed_all(app)  # C1 (F1), C2 (F2)
    add_family(app, name="Haddad")
    log_contact(app, "F1", kind="phone", note="Again")  # C3 in F1's file; backup: next = 3
    newest = app.store.list_backups()[0]
    replace_file(app.store.root / "meta.json", (newest / "meta.json").read_bytes())
    before = store_state(app.home)
    r = run("log F3 --note Hello")
    assert r.exit_code == 6, r.output
    assert "id counter for contacts" in r.stderr and "restore --list" in r.stderr
    assert "Traceback" not in r.output
    assert store_state(app.home) == before


# --------------------------------------------------------------------------- file modes


def test_folders_are_0700_and_files_0600_whatever_the_umask(home, run):
    old = os.umask(0)
    try:
        assert run("init").exit_code == 0
        assert run('add-family --name García --guardian "Rosa:mother" --phone 617-555-0134').exit_code == 0
        assert run("log F1 --note Hello --follow-up monday --action Call").exit_code == 0
        assert run("edit F1 --address '1 Main St'").exit_code == 0
        assert run("families --json").exit_code == 0
        backup = json.loads(run("restore --list --json").stdout)[0]["name"]
        assert run(f"restore {backup} --yes").exit_code == 0
    finally:
        os.umask(old)
    seen_files, seen_dirs = [], [home]
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    for dirpath, dirnames, filenames in os.walk(home):
        for d in dirnames:
            p = os.path.join(dirpath, d)
            seen_dirs.append(p)
            assert stat.S_IMODE(os.stat(p).st_mode) == 0o700, p
        for f in filenames:
            p = os.path.join(dirpath, f)
            seen_files.append(os.path.relpath(p, home))
            assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
    assert {"config.yaml", "store/.lock", "store/meta.json", "store/families.json",
            "store/contacts-01.json", "store/followups.json"} <= set(seen_files)
    assert any(f.startswith("backups/") for f in seen_files)
    assert len(seen_dirs) >= 4  # home, store, backups, at least one backup


# --------------------------------------------------------------------------- the lock


HOLD_LOCK = textwrap.dedent("""
    import fcntl, os, sys
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.read()
""")


def test_a_write_waits_lock_timeout_then_fails_with_exit_7(app, run):
    add_family(app, name="García")
    cfg = app.home / "config.yaml"
    text = cfg.read_text(encoding="utf-8")
    assert "lock_timeout: 10" in text
    cfg.write_text(text.replace("lock_timeout: 10", "lock_timeout: 1"), encoding="utf-8")
    before = store_state(app.home)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(app.store.root / ".lock")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        for cmd in ("add-family --name Nguyen", "edit F1 --address X", "families --json"):
            r = run(cmd)
            assert r.exit_code == 7, (cmd, r.output)
            assert "Another liaison command" in r.stderr
            assert store_state(app.home) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert run("add-family --name Nguyen").exit_code == 0
    assert family_names(fresh(app)) == {"F1": "García", "F2": "Nguyen"}


@pytest.mark.both_backends
def test_a_read_inside_a_read_is_the_same_session(app):
    """`today` asks several services inside one read: each file is read once, one snapshot."""
    with app.store.read() as outer:
        with app.store.read() as inner:
            assert inner is outer
    with app.store.read() as again:  # closed: a new session next time
        assert again is not outer


def test_one_family_is_read_from_its_span_and_a_changed_file_in_full(sample_app):
    """show/letter read one family without parsing families.json (seek.py); a file changed
    behind liaison's back is parsed and validated in full, as every read does."""
    app = sample_app
    edit_family(app, "F2", FamilyEdit(add_tags=["seek"]))  # a commit writes the spans
    with app.store.read() as s:
        whole = dict(s.families.rows())
    with app.store.read() as s:
        for number in ("1", "2", str(len(whole)), "99999"):
            assert s.families.get(number) == whole.get(number)
        assert not s.loaded("families")
    path = app.home / "store" / "families.json"
    doc = orjson.loads(path.read_bytes())
    doc["families"]["2"]["name"] = 42  # a hand edit that breaks a record
    path.write_bytes(orjson.dumps(doc))
    with pytest.raises(StoreError, match="fails validation"):
        with app.store.read() as s:
            s.families.get("1")
