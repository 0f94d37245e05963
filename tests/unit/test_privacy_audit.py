"""The disclosure log: a hash chain that any edit or removal breaks, redaction that does not."""

from __future__ import annotations

import errno
import os

import orjson
import pytest

from liaison_cli.errors import StoreError
from liaison_cli.services import audit

# Tests of the log through the store (verify_log, redact_entries) run on both backends; those
# editing audit.log's bytes, or about its write-ahead and fsync, are the JSON file's (unmarked).


def disclose(app, n: int = 3) -> None:
    for i in range(n):
        with app.store.write() as s:
            audit.record_disclosure(app, s, what="letter welcome", to_whom=f"Rosa García {i}",
                                    why="welcome pack", records=[f"F{i + 1}", "C3"],
                                    detail="es, template v1")


def check(app) -> audit.Verification:
    with app.store.read() as s:
        return audit.verify(app.home, s.meta.get("audit_head"))


@pytest.mark.both_backends
def test_chain_of_entries(app):
    disclose(app)
    entries = audit.read_log(app)
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] == audit.GENESIS and entries[1]["prev"] == entries[0]["hash"]
    assert entries[2]["records"] == ["F3", "C3"]  # families first
    result = audit.verify_log(app)
    assert result.ok and result.entries == 3
    listed = audit.list_entries(app, record="f2")
    assert [e["seq"] for e in listed] == [2] and "salt" not in listed[0] and "hash" not in listed[0]


def test_the_log_file_is_private_and_matches_the_store(app):
    disclose(app)
    assert (audit.log_path(app.home).stat().st_mode & 0o777) == 0o600
    assert audit.read_log(app.home) == audit.read_log(app) and check(app).ok


@pytest.mark.both_backends
def test_redaction_through_the_store_keeps_the_chain(app):
    disclose(app)
    with app.store.write() as s:
        assert audit.redact_entries(s, ["rosa garcia"]) == 3  # accents and case ignored
    entries = audit.read_log(app)
    assert all(isinstance(e["to"], dict) for e in entries)
    assert {e["why"] for e in entries} == {"welcome pack"}
    result = audit.verify_log(app)
    assert result.ok and result.redacted == 3
    assert audit.list_entries(app)[0]["to"] == "(redacted)"
    with app.store.write() as s:
        assert audit.redact_entries(s, ["rosa garcia"]) == 0  # nothing left to redact


def test_editing_any_single_byte_breaks_verification(app):
    disclose(app)
    path = audit.log_path(app.home)
    original = path.read_bytes()
    lines_end = [i for i, b in enumerate(original) if b == 0x0A]
    for pos in range(len(original)):
        edited = bytearray(original)
        edited[pos] ^= 0x01
        path.write_bytes(bytes(edited))
        result = check(app)
        assert not result.ok, f"an edit at byte {pos} went unnoticed"
        expected_line = 1 + sum(1 for e in lines_end if e < pos)
        assert result.line in (expected_line, expected_line + 1), (pos, result)
    path.write_bytes(original)
    assert check(app).ok


def test_editing_a_word_names_the_line(app):
    disclose(app)
    path = audit.log_path(app.home)
    path.write_bytes(path.read_bytes().replace(b"Rosa Garc\xc3\xada 1", b"Rosa Garc\xc3\xada 9"))
    result = check(app)
    assert not result.ok and result.line == 2 and "edited" in result.problem


def test_removing_entries_is_detected(app):
    disclose(app)
    path = audit.log_path(app.home)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + lines[2])  # the middle one
    result = check(app)
    assert not result.ok and result.line == 2
    path.write_bytes(lines[0] + lines[1])  # the last one
    result = check(app)
    assert not result.ok and "removed from the end" in result.problem
    path.unlink()
    assert not check(app).ok


def test_redaction_keeps_the_chain(app):
    disclose(app)
    assert audit.redact(app.home, ["rosa garcia"]) == 3  # accents and case ignored
    text = audit.log_path(app.home).read_text(encoding="utf-8")
    assert "Rosa" not in text and "welcome pack" in text
    result = check(app)
    assert result.ok and result.redacted == 3
    assert audit.list_entries(app)[0]["to"] == "(redacted)"
    # A redacted field cannot be swapped for another value afterwards.
    entries = audit.read_log(app.home)
    entries[1]["to"] = "someone else"
    audit.log_path(app.home).write_bytes(
        b"".join(orjson.dumps(e, option=orjson.OPT_SORT_KEYS) + b"\n" for e in entries))
    assert check(app).line == 2


def test_an_entry_whose_command_failed_is_accepted_then_continued(app):
    disclose(app, 1)
    with pytest.raises(RuntimeError), app.store.write() as s:
        audit.record_disclosure(app, s, what="export csv families", to_whom="x", why="y", records=[])
        raise RuntimeError("the export failed after logging")
    result = check(app)
    assert result.ok and result.entries == 2 and result.unconfirmed == 1
    disclose(app, 1)  # continues from the log's last entry, not the store's head
    assert [e["seq"] for e in audit.read_log(app.home)] == [1, 2, 3]
    assert check(app).ok


def test_a_full_disk_leaves_no_half_line(app, monkeypatch):
    disclose(app, 1)
    before = audit.log_path(app.home).read_bytes()
    real_write = os.write

    def half_then_enospc(fd, data):
        if len(data) > 100:
            real_write(fd, bytes(data[:50]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    with monkeypatch.context() as m:
        m.setattr(audit.os, "write", half_then_enospc)
        with pytest.raises(StoreError, match="disclosure log"), app.store.write() as s:
            audit.record_disclosure(app, s, what="letter", to_whom="", why="", records=["F1"])
    assert audit.log_path(app.home).read_bytes() == before
    assert check(app).ok
