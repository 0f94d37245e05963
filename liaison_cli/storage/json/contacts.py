"""The contact log's view in the folder store: kept in files split by family number (the
shards of layout.shard_name), so logging a call rewrites one small file, not the whole log;
callers name the family. Its summary per family is derived on every commit that changes a
shard (Session.summary)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...errors import NotFoundError
from .layout import CONTACT_SHARDS, family_number, shard_name

if TYPE_CHECKING:
    from .session import Session


# What a report reads of a contact (the district database's `between` picks the same out).
REPORT_FIELDS = ("family_id", "date", "kind", "outcome", "interpreter", "language")


class JsonContacts:
    """The contact log. Kept in files split by family number; callers name the family."""

    __slots__ = ("_s", "_first")
    kind = "contacts"

    def __init__(self, session: Session):
        self._s = session
        self._first: dict[str, str] | None = None  # first_dates, found by a read-only between()

    def rows(self) -> dict[str, dict[str, Any]]:
        """Every contact, keyed by number as text (reads the whole log: reports, exports)."""
        out: dict[str, dict[str, Any]] = {}
        for i in range(CONTACT_SHARDS):
            out.update(self._s.raw(f"contacts-{i:02d}"))
        return out

    def of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        """The contacts of one family (F7), keyed by number as text."""
        return {k: c for k, c in self._s.raw(shard_name(family_number(family_id))).items()
                if c.get("family_id") == family_id}

    def add(self, record: dict[str, Any]) -> int:
        number = self._s.next_id("contacts")
        fid = record["family_id"]
        self._s.insert(self._s.contacts_table(family_number(fid), [fid]), number, record)
        return number

    def add_many(self, records: list[dict[str, Any]]) -> list[int]:
        """Several new contacts at once (a mail merge): one pass per file, not per letter."""
        self._s._require_writable()
        numbers = [self._s.next_id("contacts") for _ in records]
        by_shard: dict[int, list[Any]] = {}
        for n, rec in zip(numbers, records, strict=True):
            by_shard.setdefault(family_number(rec["family_id"]) % CONTACT_SHARDS, []).append((n, rec))
        for shard, docs in by_shard.items():
            table = self._s.contacts_table(shard, [rec["family_id"] for _n, rec in docs])
            table.insert_multiple([table.document_class(rec, doc_id=n) for n, rec in docs])
        return numbers

    def update(self, number: int | str, changes: dict[str, Any], *, family_id: str) -> None:
        self._s._require_writable()
        moved = changes.get("family_id")
        table = self._s.contacts_table(family_number(family_id), [family_id, *([moved] if moved else [])])
        if not table.contains(doc_id=int(number)):
            raise NotFoundError(f"No contact C{number} for {family_id}.")
        table.update(changes, doc_ids=[int(number)])

    def remove_family(self, family_id: str) -> int:
        """Delete every contact of one family (forget); how many went."""
        self._s._require_writable()
        name = shard_name(family_number(family_id))
        rows = self._s.raw(name)
        keep = {k: c for k, c in rows.items() if c.get("family_id") != family_id}
        if len(keep) != len(rows):
            self._s.replace_file(name, {"contacts": keep})
        return len(rows) - len(keep)

    def summary(self, family_ids=None) -> dict[str, dict[str, Any]]:
        """Per family id: last contact, last reached contact, failed attempts since; only the
        families asked when `family_ids` is given."""
        summary = self._s.summary()
        if family_ids is None:
            return summary
        return {fid: summary[fid] for fid in family_ids if fid in summary}

    def between(self, start: str, end: str) -> dict[str, dict[str, Any]]:
        """The contacts dated from `start` to `end` (ISO dates, both included), by number: what
        a report reads of each (REPORT_FIELDS).

        A report's pass over the whole log: in a read-only session the shards are read one at
        a time and not kept, so the report holds one shard and the period's contacts, not the
        log (at 20,000 families the shards alone took 350 MB). Each family's first contact
        date is found in the same pass, for first_dates()."""
        out, first = self._scan(start, end)
        if not self._s.writable:
            self._first = first
        return out

    def first_dates(self) -> dict[str, str]:
        """Per family id: the date of its first contact (families with none left out)."""
        if self._first is not None:
            return self._first
        return self._scan(None, None)[1]

    def _scan(self, start: str | None, end: str | None) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        """One pass over the log, a shard at a time: the contacts dated start..end (what a
        report reads of each, as the district database gives it) and each family's first
        contact date (no period: None)."""
        out: dict[str, dict[str, Any]] = {}
        first: dict[str, str] = {}
        for i in range(CONTACT_SHARDS):
            for k, c in self._s.raw(f"contacts-{i:02d}", keep=False).items():
                day, fid = c.get("date", ""), c.get("family_id", "")
                if start is not None and start <= day[:10] <= end:
                    out[k] = {f: c[f] for f in REPORT_FIELDS if f in c}
                if day and (fid not in first or day < first[fid]):
                    first[fid] = day
        return out, first

    def last_reached(self, family_ids) -> dict[str, str]:
        """Per family id asked: the date of its last reached contact (letters do not count),
        the summary's `last_reached`; families never reached are left out."""
        summary = self._s.summary()
        return {fid: day for fid in family_ids
                if (day := (summary.get(fid) or {}).get("last_reached"))}

    def authors(self, numbers) -> dict[str, str]:
        """Who made each contact: {} in one liaison's store (see JsonRecords.authors)."""
        return {}

    def replace_all(self, rows: dict[str, dict[str, Any]]) -> None:
        shards: dict[int, dict[str, Any]] = {i: {} for i in range(CONTACT_SHARDS)}
        for k, c in rows.items():
            shards[family_number(c["family_id"]) % CONTACT_SHARDS][str(k)] = c
        for i, docs in shards.items():
            self._s.replace_file(f"contacts-{i:02d}", {"contacts": docs})
