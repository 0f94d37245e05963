"""The disclosure log: what family data left the tool, to whom, why and when.

An append-only file of JSON lines (`audit.log` in the home folder, mode 0600). Each entry
carries the SHA-256 of the previous entry's line, so editing or removing any entry breaks the
chain that `verify` walks. Entries name records by id only; no family data is written here.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..errors import StoreError

GENESIS = "0" * 64
LOG_NAME = "audit.log"


def log_path(home: Path) -> Path:
    return home / LOG_NAME


def _hash(line: bytes) -> str:  # noqa: D103
    return hashlib.sha256(line).hexdigest()


def _entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return _hash(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))


def record_disclosure(app, session, *, what: str, to_whom: str, why: str, records: list[str],
                      detail: str = "") -> dict[str, Any]:
    """Append one entry, inside the write `session` of the change it describes.

    The session's lock serialises appenders, and the chain's head (count and last hash) is kept
    in the store's meta, so removing entries from the end is detected too.
    """
    path = log_path(app.home)
    head = session.meta.get("audit_head") or {"seq": 0, "hash": GENESIS}
    entry = {
        "seq": head["seq"] + 1, "at": app.stamp(), "what": what, "to": to_whom, "why": why,
        "records": sorted(set(records)), "detail": detail, "prev": head["hash"],
    }
    entry["hash"] = _entry_hash(entry)
    line = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)
    session._set_meta("audit_head", {"seq": entry["seq"], "hash": entry["hash"]})
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, line + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(
            f"Could not write the disclosure log ({exc.strerror}); free space and run the command again."
        ) from None
    return entry


def read_log(home: Path) -> list[dict[str, Any]]:
    path = log_path(home)
    if not path.exists():
        return []
    out = []
    for n, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            out.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            raise StoreError(
                f"{path} line {n} is not a log entry; the log was edited — run `liaison audit verify`."
            ) from None
    return out


@dataclass
class Verification:
    ok: bool
    entries: int
    problem: str = ""
    line: int = 0


def verify(home: Path, head: dict[str, Any] | None) -> Verification:
    """Walk the chain; the first entry whose hash or `prev` does not match names the break.
    `head` is the chain's end as the store's meta recorded it."""
    path = log_path(home)
    head = head or {"seq": 0, "hash": GENESIS}
    if not path.exists():
        if head["seq"]:
            return Verification(False, 0, f"the log is gone but the store recorded {head['seq']} entries", 0)
        return Verification(True, 0)
    prev = GENESIS
    count = 0
    for n, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not line:
            continue
        count += 1
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            return Verification(False, count, "the line is not valid JSON", n)
        if entry.get("prev") != prev:
            return Verification(False, count, "the chain breaks here: an entry before it was "
                                "edited or removed", n)
        if entry.get("seq") != count:
            return Verification(False, count, "an entry is missing before this one", n)
        if entry.get("hash") != _entry_hash(entry):
            return Verification(False, count, "this entry was edited", n)
        prev = entry["hash"]
    if count != head["seq"] or prev != head["hash"]:
        return Verification(False, count, f"the store recorded {head['seq']} entries ending in "
                            "another entry: entries were removed from the end", count)
    return Verification(True, count)
