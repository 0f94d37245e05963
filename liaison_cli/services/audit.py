"""The disclosure log: what family data left the tool, to whom, why and when.

An append-only log kept by the store (`session.disclosures`: the JSON backend keeps `audit.log`
in the home folder, see storage/json/disclosures.py). Each entry carries the SHA-256 of the
previous entry, so editing or removing any entry breaks the chain that `verify` walks; the
chain's head (count and last hash) is also committed with the store's own data, so cutting
entries off the end is detected too. What an entry holds, its hash and its `void` list are
worked out here; the store only keeps entries.

Entries name records by id. The free-text fields (`to`, `why`, `detail`) enter the hash through
a salted digest of their own, so `forget` can replace one with its digest (a *redaction*) when it
mentions the forgotten family, and the chain still verifies: the log keeps that a disclosure
happened, not whom it was about.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..core.models import fold
from ..storage import AUDIT_LOG_NAME, disclosure_log

GENESIS = "0" * 64
VERSION = 2
REDACTABLE = ("to", "why", "detail")


def log_path(home: Path) -> Path:
    """The JSON backend's log file, for messages that name it."""
    return home / AUDIT_LOG_NAME


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


def last_head(home: Path) -> dict[str, Any] | None:
    """The log's own last entry as a head ({seq, hash}), or None for an empty or unreadable end.
    Only for a JSON store's home folder (restore, when meta.json is lost); in a session, use
    `session.disclosures.tail()`."""
    return _as_head(disclosure_log(home).tail())


def _as_head(tail: dict[str, Any] | None) -> dict[str, Any] | None:
    if tail is None or not isinstance(tail.get("seq"), int) or not isinstance(tail.get("hash"), str):
        return None
    return {"seq": tail["seq"], "hash": tail["hash"]}


def record_disclosure(app, session, *, what: str, to_whom: str, why: str, records: list[str],
                      detail: str = "") -> dict[str, Any]:
    """Append one entry, inside the write `session` of the change it describes.

    Write-ahead: the entry is written (and fsynced) before the session commits, so a disclosure
    is never made without its entry; the commit then moves the store's recorded head
    (`session.disclosures.head`) onto it, which is what confirms it. An entry past the head was written by a
    command that failed or was killed before its commit: it describes something that did not
    happen. The next entry names such entries in its `void` field, inside the hash chain, and
    `audit` shows them as not done. The session's lock serialises appenders.
    """
    log = session.disclosures
    head = log.head or {"seq": 0, "hash": GENESIS}
    tail = _as_head(log.tail())
    void: list[int] = []
    prev = {"seq": head["seq"], "hash": head["hash"]}
    if tail is not None and tail["seq"] > head["seq"]:
        void = list(range(head["seq"] + 1, tail["seq"] + 1))
        prev = tail
    entry: dict[str, Any] = {
        "v": VERSION, "seq": prev["seq"] + 1, "at": app.stamp(), "what": what, "to": to_whom,
        "why": why, "records": sorted({str(r) for r in records}, key=_id_order), "detail": detail,
        "prev": prev["hash"], "salt": {k: os.urandom(16).hex() for k in REDACTABLE},
    }
    if void:
        entry["void"] = void
    entry["hash"] = _entry_hash(entry)
    log.append(entry)
    return entry


_PREFIX_ORDER = {"F": 0, "C": 1, "": 2, "R": 3, "E": 4, "S": 5}  # families first, then their records


def _id_order(text: str) -> tuple[int, str, int, str]:
    head = text.rstrip("0123456789")
    tail = text[len(head):]
    return (_PREFIX_ORDER.get(head, 9), head, int(tail) if tail and len(tail) < 12 else 0, text)


def read_log(app) -> list[dict[str, Any]]:
    """Every entry as stored (hashes and salts too), in order, read under the store's shared
    lock. `app` may also be a JSON store's home folder (tests, and tools holding no App)."""
    if isinstance(app, Path):
        return disclosure_log(app).entries()
    with app.store.read() as s:
        return s.disclosures.entries()


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
        raw = s.disclosures.entries()
        head = s.disclosures.head
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


def check_chain(stored: list[Any] | None, head: dict[str, Any] | None) -> Verification:
    """Walk the chain of `stored` (a session's `disclosures.stored()`: position, entry or None,
    stored exactly as written; None when there is no log); the first entry whose hash or `prev`
    does not match names the break. `head` is the chain's end as the store recorded it."""
    head = head or {"seq": 0, "hash": GENESIS}
    if stored is None:
        if head["seq"]:
            return Verification(False, 0, f"the log is gone but the store recorded {head['seq']} entries", 0)
        return Verification(True, 0)
    prev = GENESIS
    count = 0
    redacted = 0
    walked: list[dict[str, Any]] = []
    hash_at_head = GENESIS if head["seq"] == 0 else None
    for n, entry, exact in stored:
        count += 1
        if entry is None:
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
        if entry.get("hash") != expected or not exact:
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


def verify(home: Path, head: dict[str, Any] | None) -> Verification:
    """`check_chain` over the log of a JSON store's home folder (tests; commands use
    `verify_log`)."""
    return check_chain(disclosure_log(home).stored(), head)


def verify_log(app) -> Verification:
    """`check_chain` against the head the store recorded, under the store's shared lock so no
    command is half-way between appending its entry and committing."""
    with app.store.read() as s:
        return check_chain(s.disclosures.stored(), s.disclosures.head)


def redaction(needles: list[str]):
    """The change forget makes to each entry: every free-text field that mentions one of
    `needles` (accents and case ignored) replaced by its digest, so the chain still verifies.
    A function giving the new entry, or None for an entry it leaves alone; None when no needle
    is long enough to look for."""
    wanted = [fold(n) for n in needles if n and len(fold(n)) >= 3]
    if not wanted:
        return None

    def change(entry: dict[str, Any]) -> dict[str, Any] | None:
        if entry.get("v") != VERSION:
            return None
        entry = dict(entry)
        salts = dict(entry.get("salt") or {})
        touched = False
        for name in REDACTABLE:
            value = entry.get(name)
            if isinstance(value, str) and any(w in fold(value) for w in wanted) and name in salts:
                entry[name] = {"redacted": _field_digest(salts[name], value)}
                del salts[name]
                touched = True
        if not touched:
            return None
        entry["salt"] = salts
        return entry

    return change


def redact_entries(session, needles: list[str]) -> int:
    """Redact what mentions `needles` in the log kept by a write `session`; how many entries
    changed."""
    change = redaction(needles)
    return session.disclosures.redact(change) if change else 0


def redact(home: Path, needles: list[str]) -> int:
    """`redact_entries` on the log of a JSON store's home folder (tests); call under the
    store's write lock."""
    change = redaction(needles)
    return disclosure_log(home).rewrite(change) if change else 0
