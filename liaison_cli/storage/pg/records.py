"""The typed record views of the district database: each kind of record a table, behind the
same operations as the folder store's views (the contract is in storage/__init__.py). Families
are in families.py, contacts in contacts.py.

An update is refused (ConflictError) when the row changed since this session read it: each
view notes the `version` of every row it reads (the first one seen) in the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson
from psycopg import errors as pgerr
from psycopg import sql
from psycopg.types.json import Json

from ...core.models import FamilyIndex, make_id
from ...errors import ConflictError, NotFoundError, StoreError

if TYPE_CHECKING:
    from .session import PgSession


def record_number(ref: int | str) -> int:
    """A record's number from what the caller gave; NotFoundError when it is none."""
    try:
        return int(ref)
    except (TypeError, ValueError):
        raise NotFoundError(f"No record {ref}.") from None


def family_number(family_id: str) -> int | None:
    """7 for "F7"; None for anything that is not a family id (it matches no row)."""
    t = str(family_id)
    return int(t[1:]) if t[:1] == "F" and t[1:].isdigit() else None


class PgRecords:
    """One kind of record (families, followups, referrals, events, services, outbox, inbox)."""

    __slots__ = ("_s", "kind", "_table")

    def __init__(self, session: PgSession, kind: str):
        self._s = session
        self.kind = kind
        self._table = sql.Identifier(kind)

    def _q(self, text: str) -> sql.Composed:
        return sql.SQL(text).format(t=self._table)

    def _select(self, where: str = "", params: tuple = ()) -> dict[str, dict[str, Any]]:
        query = "SELECT id, doc, version FROM {t}" + (f" WHERE {where}" if where else "") \
            + " ORDER BY id"
        out: dict[str, dict[str, Any]] = {}
        versions = self._s._versions
        for n, doc, version in self._s.execute(self._q(query), params).fetchall():
            out[str(n)] = doc
            # The first version this session saw: a later read of a newer one must not make an
            # update built from the first read look current.
            versions.setdefault((self.kind, n), version)
        return out

    def rows(self) -> dict[str, dict[str, Any]]:
        """Every record, keyed by its number as text."""
        return self._select()

    def get(self, number: int | str) -> dict[str, Any] | None:
        try:
            n = int(number)
        except (TypeError, ValueError):
            return None
        return self._select("id = %s", (n,)).get(str(n))

    def get_many(self, numbers: Iterable[int | str]) -> dict[str, dict[str, Any]]:
        """The records numbered (those that exist), keyed by number as text: one query."""
        wanted = sorted({int(n) for n in numbers if str(n).isdigit()})
        if not wanted:
            return {}
        return self._select("id = ANY(%s)", (wanted,))

    def _insert_values(self, record: dict[str, Any]) -> tuple[str, tuple]:
        return "doc", (Json(record),)

    def _insert(self, number: int, record: dict[str, Any]) -> None:
        cols, values = self._insert_values(record)
        marks = ", ".join(["%s"] * len(values))
        try:
            self._s.execute(self._q(f"INSERT INTO {{t}} (id, {cols}) VALUES (%s, {marks})"),
                            (number, *values))
        except pgerr.UniqueViolation:
            raise StoreError(
                f"The database's id counter for {self.kind} is at or below an id already in "
                "use; nothing was written — ask your district's administrator to check "
                "`id_counters`.") from None
        self._s._versions[(self.kind, number)] = 1

    # Columns a bulk insert fills beside id, with their types, and their texts for one record.
    _BULK = (("doc", "json"),)

    def _bulk_texts(self, record: dict[str, Any]) -> tuple[str, ...]:
        return (orjson.dumps(record).decode(),)

    def _insert_many(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Insert many records under numbers of the caller's: one statement per 2,000 records
        (INSERT … SELECT FROM unnest), so the database's statement triggers (the contact
        summary, 0004) run once per batch, not once per record."""
        if not rows:
            return
        cols = ", ".join(c for c, _t in self._BULK)
        picks = ", ".join(f"{c}::{t}" for c, t in self._BULK)
        arrays = ", ".join(["%s::text[]"] * len(self._BULK))
        names = ", ".join(c for c, _t in self._BULK)
        query = self._q(f"INSERT INTO {{t}} (id, {cols}) SELECT i, {picks} "
                        f"FROM unnest(%s::bigint[], {arrays}) AS u(i, {names})")
        rows = sorted(rows, key=lambda r: r[0])
        for at in range(0, len(rows), 2000):
            chunk = rows[at:at + 2000]
            texts = [self._bulk_texts(rec) for _n, rec in chunk]
            self._s.execute(query, ([n for n, _rec in chunk],
                                    *([t[i] for t in texts] for i in range(len(self._BULK)))))
        self._views_changed()

    def _views_changed(self) -> None:
        """Hook: drop what the session derived from this kind's rows (families' index)."""

    def add(self, record: dict[str, Any]) -> int:
        """Store a new record under the next number; its number."""
        number = self._s.next_id(self.kind)
        self._insert(number, record)
        return number

    def put(self, number: int, record: dict[str, Any]) -> None:
        """Store a new record under a number of the caller's (moving records between stores)."""
        self._s._require_writable()
        self._insert(int(number), record)
        self._s.advance_id(self.kind, int(number))

    def put_many(self, records: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """put() for many records at once (moving a store in): one batched INSERT and one
        id-counter update, not two round trips per record."""
        self._s._require_writable()
        items = [(int(n), rec) for n, rec in records]
        if not items:
            return
        try:
            self._insert_many(items)
        except pgerr.UniqueViolation:
            raise StoreError(
                f"The database already has a {self.kind} record under one of these numbers; "
                "nothing was written.") from None
        versions = self._s._versions
        for n, _rec in items:
            versions[(self.kind, n)] = 1
        self._s.advance_id(self.kind, max(n for n, _rec in items))
        self._s._views.pop("index", None)

    def _after_update(self, number: int, doc: dict[str, Any]) -> None:
        """Hook: keep derived columns the database cannot compute in step (families' roster)."""

    def update(self, number: int | str, changes: dict[str, Any]) -> None:
        """Set the given fields of one record (the others stay). Refused with a ConflictError
        when the record changed since this session read it."""
        self._s._require_writable()
        n = record_number(number)
        # The merge is made here, as TinyDB's update makes it (changed keys keep their place,
        # new ones go last), on the row locked for this transaction.
        row = self._s.execute(self._q("SELECT doc, version FROM {t} WHERE id = %s FOR UPDATE"),
                              (n,)).fetchone()
        if row is None:
            raise NotFoundError(f"No {self.kind} record {number}.")
        doc, version = row
        seen = self._s._versions.get((self.kind, n))
        if seen is not None and seen != version:
            raise ConflictError(stale_message(self.kind, n))
        doc.update(changes)
        row = self._s.execute(self._q(
            "UPDATE {t} SET doc = %s, version = version + 1 WHERE id = %s RETURNING doc, version"),
            (Json(doc), n)).fetchone()
        self._s._versions[(self.kind, n)] = row[1]
        self._after_update(n, row[0])

    def remove(self, number: int | str) -> None:
        self._s._require_writable()
        n = record_number(number)
        self._s.execute(self._q("DELETE FROM {t} WHERE id = %s"), (n,))
        self._s._versions.pop((self.kind, n), None)

    def remove_family(self, family_id: str) -> int:
        """Delete every record whose family_id is `family_id` (forget; followups, referrals,
        outbox); how many went."""
        self._s._require_writable()
        n = family_number(family_id)
        if n is None:
            return 0
        return self._s.execute(self._q("DELETE FROM {t} WHERE family_id = %s"), (n,)).rowcount

    def replace_all(self, rows: dict[str, dict[str, Any]]) -> None:
        """Swap in a whole new set of records. Deleting families deletes their contacts,
        follow-ups, referrals and outbox messages with them: replace families first."""
        self._s._require_writable()
        self._s.execute(self._q("DELETE FROM {t}"))
        for k, rec in sorted(rows.items(), key=lambda kv: int(kv[0])):
            self._insert(int(k), rec)
        if rows:
            self._s.advance_id(self.kind, max(int(k) for k in rows))

    def of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        """The records of one family (F7), keyed by number as text (followups, referrals,
        outbox: their family_id column; any other kind is filtered here)."""
        if self.kind not in ("followups", "referrals", "outbox", "contacts"):
            return {k: r for k, r in self.rows().items() if r.get("family_id") == family_id}
        n = family_number(family_id)
        if n is None:
            return {}
        return self._select("family_id = %s", (n,))

    def __len__(self) -> int:
        return self._s.execute(self._q("SELECT count(*) FROM {t}")).fetchone()[0]

    def authors(self, numbers: Iterable[int | str]) -> dict[str, str]:
        """Per record number (as text): the database role that made it (created_by)."""
        wanted = [int(n) for n in numbers if str(n).isdigit()]
        if not wanted:
            return {}
        return {str(n): who for n, who in self._s.execute(
            self._q("SELECT id, created_by FROM {t} WHERE id = ANY(%s)"), (wanted,))}


def stale_message(kind: str, number: int) -> str:
    what = {"families": "family", "followups": "follow-up", "contacts": "contact",
            "referrals": "referral", "events": "event", "services": "service"}.get(kind, kind)
    label = make_id(kind, number) if kind in ("families", "contacts", "referrals", "events",
                                               "services", "followups") else number
    return (f"The {what} {label} was changed by someone else after this command read it; "
            "nothing was changed — run the command again to work on the current version.")


class PgFamilyRecords(PgRecords):
    """Records that belong to a family (follow-ups, referrals, outbox): a family_id column."""

    __slots__ = ()

    def of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        """The records of one family (F7), keyed by number as text."""
        n = family_number(family_id)
        if n is None:
            return {}
        return self._select("family_id = %s", (n,))


class PgFollowups(PgFamilyRecords):
    __slots__ = ()

    def open_due(self, by: str, since: str = "") -> dict[str, tuple[dict[str, Any], Any]]:
        """Open follow-ups due on or before `by` (and on or after `since`), ISO dates, with
        their family's FamilyIndex: per number, (record, FamilyIndex), in one query."""
        make = FamilyIndex._make
        where, params = "f.status = 'open' AND f.due <= %s::date", [by]
        if since:
            where += " AND f.due >= %s::date"
            params.append(since)
        out: dict[str, tuple[dict[str, Any], Any]] = {}
        versions = self._s._versions
        for n, doc, version, roster in self._s.execute(
                f"SELECT f.id, f.doc, f.version, fam.roster FROM followups f "
                f"JOIN families fam ON fam.id = f.family_id WHERE {where} ORDER BY f.id",
                tuple(params)).fetchall():
            out[str(n)] = (doc, make(roster))
            versions.setdefault(("followups", n), version)
        return out

    def open_of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        n = family_number(family_id)
        if n is None:
            return {}
        return self._select("family_id = %s AND status = 'open'", (n,))
