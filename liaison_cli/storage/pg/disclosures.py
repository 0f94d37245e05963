"""The disclosure log on the district database: the `disclosures` table, appended in the same
transaction as the change each entry records. What an entry holds, its hash chain and which
entries are void is services/audit.py's business."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
import psycopg
from psycopg.types.json import Json

from ...errors import StoreError
from .connection import query_error

if TYPE_CHECKING:
    from .session import PgSession

# Serialises appenders of the disclosure log (any fixed number; pg_advisory_xact_lock takes a
# bigint).
_DISCLOSURE_LOCK = 0x6C69_6169_736F_6E02


class PgDisclosures:
    """The disclosure log: entries appended in the transaction of the change they record (so
    the head is simply the last committed row, and no entry outlives a rolled-back command).

    Append-only for liaisons (0001, 0002). Forget's redaction is the one rewrite: it goes
    through liaison_redact_disclosure() (0003_redact_disclosures.sql), a SECURITY DEFINER
    function that changes an entry only by replacing its to/why/detail with the salted digest
    its hash already covers, so a liaison can erase a forgotten family's name from the log but
    can neither edit, reorder nor remove an entry, and the chain verifies as before.

    The head is the log's last row, committed in the same transaction as the entry; nothing is
    ever past it, so `tail()` is the head's entry. A write session that reads the head takes a
    transaction-scoped advisory lock first (no table privilege needed), so two letters written at
    once chain one after the other instead of both claiming the same `seq`."""

    __slots__ = ("_s", "_locked")

    def __init__(self, session: PgSession):
        self._s = session
        self._locked = False

    def _lock(self) -> None:
        # Held until this transaction ends; READ COMMITTED, so the next statement sees the
        # entry the previous holder committed.
        if self._s.writable and not self._locked:
            self._s.execute("SELECT pg_advisory_xact_lock(%s)", (_DISCLOSURE_LOCK,))
            self._locked = True

    @property
    def head(self) -> dict[str, Any] | None:
        """The last entry as {seq, hash}; None while the log is empty."""
        self._lock()
        row = self._s.execute(
            "SELECT seq, hash FROM disclosures ORDER BY seq DESC LIMIT 1").fetchone()
        return {"seq": row[0], "hash": row[1]} if row else None

    def tail(self) -> dict[str, Any] | None:
        """The last stored entry (in the database never past the head), or None."""
        self._lock()
        row = self._s.execute(
            "SELECT entry FROM disclosures ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def append(self, entry: dict[str, Any]) -> None:
        """Add one entry ({seq, hash, prev, …}); its seq must follow the head and its prev be
        the head's hash, so the chain can only grow at its end."""
        self._s._require_writable()
        head = self.head or {"seq": 0, "hash": entry.get("prev")}
        if entry.get("seq") != head["seq"] + 1 or entry.get("prev") != head["hash"]:
            raise StoreError("A disclosure entry must follow the log's last entry; nothing was "
                             "written.")
        self._s.execute("INSERT INTO disclosures (seq, entry, hash, prev) VALUES (%s, %s, %s, %s)",
                        (entry["seq"], Json(entry), entry["hash"], entry["prev"]))

    def entries(self) -> list[dict[str, Any]]:
        return [e for (e,) in self._s.execute("SELECT entry FROM disclosures ORDER BY seq")]

    def stored(self) -> list[tuple[int, dict[str, Any] | None, bool]] | None:
        """[(seq, entry or None, stored exactly as written)] for `audit verify`: an entry whose
        text is not what liaison wrote (orjson's form), or whose hash column disagrees with it,
        is not exact. None when the log is empty (as a JSON store without a log file)."""
        out: list[tuple[int, dict[str, Any] | None, bool]] = []
        rows = self._s.execute(
            "SELECT seq, entry::text, hash, prev FROM disclosures ORDER BY seq").fetchall()
        if not rows:
            return None
        for seq, text, hash_, prev in rows:
            try:
                entry = orjson.loads(text)
            except orjson.JSONDecodeError:
                entry = None
            if not isinstance(entry, dict):
                out.append((seq, None, False))
                continue
            exact = (orjson.dumps(entry).decode() == text and entry.get("hash") == hash_
                     and entry.get("prev") == prev and entry.get("seq") == seq)
            out.append((seq, entry, exact))
        return out

    def redact(self, change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> int:
        """Rewrite each entry `change` gives a new form for (forget's redaction) through
        liaison_redact_disclosure(), all in one transaction; how many changed."""
        self._s._require_writable()
        changed = 0
        try:
            with self._s.conn.transaction():
                self._lock()
                for seq, entry in self._s.execute(
                        "SELECT seq, entry FROM disclosures ORDER BY seq").fetchall():
                    new = change(entry)
                    if new is None:
                        continue
                    if self._s.execute("SELECT liaison_redact_disclosure(%s, %s)",
                                       (seq, Json(new))).fetchone()[0]:
                        changed += 1
        except psycopg.Error as exc:  # forget runs it after its commit: outside write()'s net
            raise query_error(exc, self._s.store.url) from None
        return changed
