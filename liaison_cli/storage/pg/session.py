"""A session of the district database: one transaction, with the typed record views (the
contract is in storage/__init__.py), id allocation, the district settings and the files it
places after its commit. The team's part is in team.py.

Each record keeps its stored dict in `doc` (jsonb); the typed columns beside it are generated
from it by the database (pg_schema/*.sql), with the constraints and indexes. Every row has a
`version`: an update names the version this session read, and a row someone else changed in
the meantime is refused (ConflictError, records.py), never silently written over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from ...errors import StoreError
from ..files import disk_error
from ..staging import Staged, place
from .contacts import PgContacts
from .disclosures import PgDisclosures
from .families import PgFamilies
from .records import PgFamilyRecords, PgFollowups, PgRecords
from .schema import RECORD_KINDS
from .team import PgTeam

if TYPE_CHECKING:
    from .store import PgStore


class PgSession(PgTeam):
    """One transaction on the district database, with the typed record views."""

    def __init__(self, store: PgStore, conn: psycopg.Connection, writable: bool):
        self.store = store
        self.conn = conn
        self.writable = writable
        self.after_commit: list[Callable[[], None]] = []
        self._staged: Staged | None = None
        self._versions: dict[tuple[str, int], int] = {}
        self._views: dict[str, Any] = {}
        self._counters: set[str] = set()  # kinds whose counter this transaction moved itself
        self._taken: list[tuple[str, int, int]] = []  # (kind, first, count) from allocate_ids

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("read-only session")

    def execute(self, query, params=None):
        return self.conn.execute(query, params)

    # ------------------------------------------------------------------ views

    @property
    def families(self) -> PgFamilies:
        return self._view("families", PgFamilies)

    @property
    def followups(self) -> PgFollowups:
        return self._view("followups", PgFollowups)

    @property
    def referrals(self) -> PgFamilyRecords:
        return self._view("referrals", PgFamilyRecords)

    @property
    def events(self) -> PgRecords:
        return self._view("events", PgRecords)

    @property
    def services(self) -> PgRecords:
        return self._view("services", PgRecords)

    @property
    def outbox(self) -> PgFamilyRecords:
        return self._view("outbox", PgFamilyRecords)

    @property
    def inbox(self) -> PgRecords:
        return self._view("inbox", PgRecords)

    @property
    def contacts(self) -> PgContacts:
        return self._view("contacts", PgContacts)

    @property
    def disclosures(self) -> PgDisclosures:
        view = self._views.get("disclosures")
        if view is None:
            view = self._views["disclosures"] = PgDisclosures(self)
        return view

    def _view(self, kind: str, cls: type):
        view = self._views.get(kind)
        if view is None:
            view = self._views[kind] = cls(self, kind)
        return view

    def family_index(self) -> dict[str, Any]:
        return self.families.index()

    # ------------------------------------------------------------------ ids and the log head

    def next_id(self, kind: str) -> int:
        """The next number for `kind`; counters never go back, so ids are never reused. A kind
        that has no counter yet starts after the highest id in its table."""
        return self.take_ids(kind, 1)

    def take_ids(self, kind: str, count: int) -> int:
        """`count` consecutive numbers of `kind`; the first. Taken at once, outside this
        transaction (PgStore.allocate_ids), unless this transaction moved the counter itself
        (advance_id: it holds that row until it ends)."""
        self._require_writable()
        start = sql.SQL("0")
        if kind in RECORD_KINDS:
            start = sql.SQL("(SELECT coalesce(max(id), 0) FROM {})").format(sql.Identifier(kind))
        if kind not in self._counters:
            first = self.store.allocate_ids(kind, count, start)
            self._taken.append((kind, first, count))
            return first
        return self.conn.execute(
            sql.SQL("INSERT INTO id_counters AS c (kind, next) VALUES (%s, {} + 1 + %s) "
                    "ON CONFLICT (kind) DO UPDATE SET next = c.next + %s "
                    "RETURNING next - %s").format(start), (kind, count, count, count)).fetchone()[0]

    def advance_id(self, kind: str, number: int) -> None:
        """After a record stored under a number of the caller's: the counter passes it."""
        self._counters.add(kind)
        self.conn.execute(
            "INSERT INTO id_counters AS c (kind, next) VALUES (%s, %s) "
            "ON CONFLICT (kind) DO UPDATE SET next = greatest(c.next, excluded.next)",
            (kind, number + 1))

    @property
    def audit_head(self) -> dict[str, Any] | None:
        """The disclosure log's head: its last entry ({seq, hash}); None when it is empty."""
        return self.disclosures.head

    def set_audit_head(self, head: dict[str, Any]) -> None:
        """In the database the head is the log's last row, committed with it: a head that is
        not the last appended entry is refused (it would skip or rewrite entries)."""
        self._require_writable()
        if self.disclosures.head != {"seq": head.get("seq"), "hash": head.get("hash")}:
            raise StoreError("The disclosure log's head must be its last entry; append the entry "
                             "with s.disclosures.append() first.")

    @property
    def store_id(self) -> str:
        """This database's own id (made by `db init`, kept in settings): calendar UIDs."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'store_id'").fetchone()
        return row[0] if row else ""

    def load(self, rows_by_kind: dict[str, dict[int | str, dict[str, Any]]]) -> None:
        """Bulk load (the sample caseload): for each kind given, replace all its records by
        `rows` (number -> stored record) and set its id counter just past the highest number
        among them; kinds not given keep theirs. Families go first, since deleting them deletes
        their records (the foreign keys cascade)."""
        self._require_writable()
        for kind in rows_by_kind:
            if kind not in RECORD_KINDS:
                raise KeyError(kind)
        order = sorted(rows_by_kind, key=lambda k: k != "families")
        for kind in order:
            rows = rows_by_kind[kind]
            view = getattr(self, kind)
            self.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(kind)))
            view._views_changed()
            view._insert_many([(int(k), rec) for k, rec in rows.items()])
            self.execute(
                "INSERT INTO id_counters AS c (kind, next) VALUES (%s, %s) "
                "ON CONFLICT (kind) DO UPDATE SET next = excluded.next",
                (kind, max((int(k) for k in rows), default=0) + 1))

    # ------------------------------------------------------------------ settings

    def settings(self) -> dict[str, Any]:
        return dict(self.conn.execute("SELECT key, value FROM settings").fetchall())

    def save_settings(self, values: dict[str, Any], remove: Iterable[str] = ()) -> None:
        self._require_writable()
        for key in remove:
            self.conn.execute("DELETE FROM settings WHERE key = %s", (key,))
        for key, value in values.items():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                "SET value = excluded.value, updated_by = current_user, updated_at = now()",
                (key, Jsonb(value)))

    # ------------------------------------------------------------------ files leaving the store

    def stage_output(self, target: Path, data: bytes, *, durable: bool = True) -> None:
        """A letter or export that appears at `target` only once this session commits."""
        self._require_writable()
        try:
            if self._staged is None:
                self._staged = Staged(self.store.home)
            self._staged.add(target, data, durable=durable)
        except OSError as exc:
            raise disk_error(exc, "the letters") from None

    def discard_outputs(self) -> None:
        if self._staged is not None:
            self._staged.discard()
            self._staged = None

    def place_outputs(self) -> None:
        if self._staged is None:
            return
        staged, self._staged = self._staged, None
        try:
            staged.write_manifest()
            place(staged.folder)
        except OSError as exc:
            raise StoreError(
                f"The letters or export were recorded but could not be moved into place "
                f"({exc.strerror or 'an I/O error'}); they wait in {staged.folder}.") from None
