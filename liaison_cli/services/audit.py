"""The disclosure log: what family data left the tool, to whom, why and when.

An append-only file of JSON lines (`audit.log` in the home folder, mode 0600). Each entry
carries the SHA-256 of the previous entry, so editing or removing any entry breaks the chain
that `verify` walks; the chain's head (count and last hash) is also kept in the store's meta, so
cutting entries off the end is detected too.

Entries name records by id. The free-text fields (`to`, `why`, `detail`) enter the hash through
a salted digest of their own, so `forget` can replace one with its digest (a *redaction*) when it
mentions the forgotten family, and the chain still verifies: the log keeps that a disclosure
happened, not whom it was about.
"""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..errors import StoreError
from ..models import fold

GENESIS = "0" * 64
LOG_NAME = "audit.log"
VERSION = 2
REDACTABLE = ("to", "why", "detail")


def log_path(home: Path) -> Path:
    return home / LOG_NAME


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _field_digest(salt_hex: str, value: Any) -> str:
    return _hash(bytes.fromhex(salt_hex) + orjson.dumps(value))


def _entry_hash(entry: dict[str, Any]) -> str:
    """The hash of an entry. Version 2 hashes the digests of the redactable fields (taken from
    the redaction when a field was redacted); version 1 entries hash their plain body."""
    if entry.get("v") != VERSION:
        body = {k: v for k, v in entry.items() if k != "hash"}
        return _hash(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
    salts = entry.get("salt") or {}
    body = {k: v for k, v in entry.items() if k not in ("hash", "salt")}
    for name in REDACTABLE:
        value = entry.get(name, "")
        if isinstance(value, dict) and set(value) == {"redacted"}:
            body[name] = str(value["redacted"])
        else:
            salt = salts.get(name)
            if not isinstance(salt, str) or len(salt) != 32:
                raise ValueError("missing salt")
            body[name] = _field_digest(salt, value)
    return _hash(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))


def seal(entry: dict[str, Any]) -> dict[str, Any]:
    """`entry` (its `seq` and `prev` set by the caller) with its hash, and fresh salts for a
    version 2 entry that has none: for entries chained into a log kept elsewhere (moving a home
    into the district database, services/movein.py)."""
    out = dict(entry)
    if out.get("v") == VERSION and not out.get("salt"):
        out["salt"] = {k: os.urandom(16).hex() for k in REDACTABLE}
    out.pop("hash", None)
    out["hash"] = _entry_hash(out)
    return out


def _last_entry(path: Path) -> dict[str, Any] | None:
    """The last entry of the log, read from the end (the log only grows)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            chunk = 4096
            data = b""
            while size > 0:
                step = min(chunk, size)
                size -= step
                fh.seek(size)
                data = fh.read(step) + data
                lines = [ln for ln in data.split(b"\n") if ln.strip()]
                if len(lines) > 1 or (lines and size == 0):
                    try:
                        return orjson.loads(lines[-1])
                    except orjson.JSONDecodeError:
                        return None
                chunk *= 2
    except FileNotFoundError:
        return None
    return None


def last_head(home: Path) -> dict[str, Any] | None:
    """The log's own last entry as a head ({seq, hash}), or None for an empty or unreadable end."""
    tail = _last_entry(log_path(home))
    if tail is None or not isinstance(tail.get("seq"), int) or not isinstance(tail.get("hash"), str):
        return None
    return {"seq": tail["seq"], "hash": tail["hash"]}


def record_disclosure(app, session, *, what: str, to_whom: str, why: str, records: list[str],
                      detail: str = "") -> dict[str, Any]:
    """Append one entry, inside the write `session` of the change it describes.

    Write-ahead: the entry is written (and fsynced) before the session commits, so a disclosure
    is never made without its entry; the commit then moves the store's recorded head (meta's
    `audit_head`) onto it, which is what confirms it. An entry past the head was written by a
    command that failed or was killed before its commit: it describes something that did not
    happen. The next entry names such entries in its `void` field, inside the hash chain, and
    `audit` shows them as not done. The session's lock serialises appenders.
    """
    path = log_path(app.home)
    head = session.meta.get("audit_head") or {"seq": 0, "hash": GENESIS}
    tail = _last_entry(path)
    void: list[int] = []
    prev = {"seq": head["seq"], "hash": head["hash"]}
    if tail is not None and isinstance(tail.get("seq"), int) and tail["seq"] > head["seq"] \
            and isinstance(tail.get("hash"), str):
        void = list(range(head["seq"] + 1, tail["seq"] + 1))
        prev = {"seq": tail["seq"], "hash": tail["hash"]}
    entry: dict[str, Any] = {
        "v": VERSION, "seq": prev["seq"] + 1, "at": app.stamp(), "what": what, "to": to_whom,
        "why": why, "records": sorted({str(r) for r in records}, key=_id_order), "detail": detail,
        "prev": prev["hash"], "salt": {k: os.urandom(16).hex() for k in REDACTABLE},
    }
    if void:
        entry["void"] = void
    entry["hash"] = _entry_hash(entry)
    line = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS) + b"\n"
    session._set_meta("audit_head", {"seq": entry["seq"], "hash": entry["hash"]})
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError as exc:
        raise _log_error(exc, path) from None
    try:
        os.fchmod(fd, 0o600)
        start = os.lseek(fd, 0, os.SEEK_END)
        if start and _last_byte(path) != b"\n":
            # A log whose end was cut mid-line: the entry starts a line of its own, or it would
            # be merged into the damaged one and unreadable (the damage stays, for verify).
            line = b"\n" + line
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError as exc:
            # A half-written line would read as an edited log: cut it off again.
            try:
                os.ftruncate(fd, start)
            except OSError:
                pass
            raise _log_error(exc, path) from None
    finally:
        os.close(fd)
    return entry


def _last_byte(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1)
    except OSError:
        return b"\n"


def _log_error(exc: OSError, path: Path) -> StoreError:
    if exc.errno == errno.ENOSPC:
        todo = "free space and run the command again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        todo = f"make {path} writable again (its permissions, or `chattr -i`) and run the command again"
    else:
        todo = "check the disk and run the command again"
    return StoreError(
        f"Could not write the disclosure log ({exc.strerror or 'an I/O error'}); nothing was "
        f"shared or changed — {todo}."
    )


_PREFIX_ORDER = {"F": 0, "C": 1, "": 2, "R": 3, "E": 4, "S": 5}  # families first, then their records


def _id_order(text: str) -> tuple[int, str, int, str]:
    head = text.rstrip("0123456789")
    tail = text[len(head):]
    return (_PREFIX_ORDER.get(head, 9), head, int(tail) if tail and len(tail) < 12 else 0, text)


def read_log(home: Path) -> list[dict[str, Any]]:
    path = log_path(home)
    if not path.exists():
        return []
    out = []
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"Cannot read {path} ({exc.strerror}); check the folder's permissions.") from None
    for n, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise StoreError(
                f"{path} line {n} is not a log entry; the log was edited — run `liaison audit verify`."
            ) from None
        if not isinstance(entry, dict):
            raise StoreError(
                f"{path} line {n} is not a log entry; the log was edited — run `liaison audit verify`."
            )
        out.append(entry)
    return out


def not_done(entries: list[dict[str, Any]], head: dict[str, Any] | None) -> set[int]:
    """The sequence numbers of entries whose change was never saved: those a later entry names
    as void, and those past the store's recorded head (read under the store's lock, so no
    command is between its entry and its commit)."""
    head_seq = (head or {}).get("seq", 0)
    out: set[int] = set()
    for e in entries:
        seq = e.get("seq")
        if isinstance(seq, int) and seq > head_seq:
            out.add(seq)
        void = e.get("void")
        if isinstance(void, list):
            out.update(v for v in void if isinstance(v, int))
    return out


def shown(entry: dict[str, Any], failed: set[int] | frozenset[int] = frozenset()) -> dict[str, Any]:
    """An entry as `audit` shows it: redactions marked, salts and hashes left out, and whether
    the change it describes happened (`done` is false for an entry whose command failed)."""
    out = {k: entry.get(k) for k in ("seq", "at", "what", "to", "why", "records", "detail")}
    for name in REDACTABLE:
        if isinstance(out[name], dict):
            out[name] = "(redacted)"
    out["done"] = entry.get("seq") not in failed
    return out


def entries(app) -> list[dict[str, Any]]:
    """Every entry as shown, read under the store's shared lock with its recorded head."""
    with app.store.read() as s:
        head = s.meta.get("audit_head")
        raw = read_log(app.home)
    failed = not_done(raw, head)
    return [shown(e, failed) for e in raw]


def list_entries(app, *, record: str = "", what: str = "") -> list[dict[str, Any]]:
    rows = entries(app)
    if record:
        rows = [e for e in rows if record.upper() in {str(r).upper() for r in e["records"] or []}]
    if what:
        rows = [e for e in rows if str(e["what"]).startswith(what)]
    return rows


@dataclass
class Verification:
    ok: bool
    entries: int
    problem: str = ""
    line: int = 0
    unconfirmed: int = 0
    redacted: int = 0
    notes: list[str] = field(default_factory=list)


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
    redacted = 0
    walked: list[dict[str, Any]] = []
    hash_at_head = GENESIS if head["seq"] == 0 else None
    for n, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not line:
            continue
        count += 1
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            return Verification(False, count, "the line is not a valid entry", n)
        if not isinstance(entry, dict):
            return Verification(False, count, "the line is not a valid entry", n)
        if entry.get("prev") != prev:
            return Verification(False, count, "the chain breaks here: an entry before it was "
                                "edited or removed", n)
        if entry.get("seq") != count:
            return Verification(False, count, "an entry is missing before this one", n)
        try:
            expected = _entry_hash(entry)
        except (ValueError, TypeError):
            return Verification(False, count, "this entry was edited", n)
        if entry.get("hash") != expected or orjson.dumps(entry, option=orjson.OPT_SORT_KEYS) != line:
            # The second test catches edits that leave the JSON equal (spaces, escapes).
            return Verification(False, count, "this entry was edited", n)
        if any(isinstance(entry.get(k), dict) for k in REDACTABLE):
            redacted += 1
        prev = entry["hash"]
        walked.append({"seq": entry["seq"], "void": entry.get("void")})
        if count == head["seq"]:
            hash_at_head = prev
    if count < head["seq"] or hash_at_head != head["hash"]:
        return Verification(False, count, f"the store recorded {head['seq']} entries ending in "
                            "another entry: entries were removed from the end", count)
    return Verification(True, count, unconfirmed=len(not_done(walked, head)), redacted=redacted)


def verify_log(app) -> Verification:
    """`verify` against the head the store recorded, under the store's shared lock so no
    command is half-way between appending its entry and committing."""
    with app.store.read() as s:
        return verify(app.home, s.meta.get("audit_head"))


def redact(home: Path, needles: list[str]) -> int:
    """Replace every free-text field that mentions one of `needles` (accents and case ignored)
    with its digest; returns how many entries changed. Call under the store's write lock."""
    from ..storage import atomic_write

    path = log_path(home)
    if not path.exists():
        return 0
    wanted = [fold(n) for n in needles if n and len(fold(n)) >= 3]
    if not wanted:
        return 0
    lines = path.read_bytes().split(b"\n")
    changed = 0
    out: list[bytes] = []
    for line in lines:
        if not line.strip():
            continue
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            out.append(line)
            continue
        if not isinstance(entry, dict) or entry.get("v") != VERSION:
            out.append(line)
            continue
        touched = False
        salts = entry.get("salt") or {}
        for name in REDACTABLE:
            value = entry.get(name)
            if isinstance(value, str) and any(w in fold(value) for w in wanted) and name in salts:
                entry[name] = {"redacted": _field_digest(salts[name], value)}
                del salts[name]
                touched = True
        if touched:
            changed += 1
            out.append(orjson.dumps(entry, option=orjson.OPT_SORT_KEYS))
        else:
            out.append(line)
    if changed:
        atomic_write(path, b"\n".join(out) + b"\n")
    return changed
