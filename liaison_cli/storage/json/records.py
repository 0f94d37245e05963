"""The typed record views of the folder store: each kind of record behind the same small set of
operations, keyed by its number (the contract is in storage/__init__.py). Nothing outside this
package sees a TinyDB table, a doc id, a contact shard or a roster row. The contact log's view
is in contacts.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ...errors import NotFoundError
from .seek import NOT_KNOWN, one_family

if TYPE_CHECKING:
    from .session import Session


class JsonRecords:
    """One kind of record (families, followups, referrals, events, services, outbox, inbox)."""

    __slots__ = ("_s", "kind")

    def __init__(self, session: Session, kind: str):
        self._s = session
        self.kind = kind

    def rows(self) -> dict[str, dict[str, Any]]:
        """Every record, keyed by its number as text. Read-only: change through update()."""
        return self._s.raw(self.kind)

    def get(self, number: int | str) -> dict[str, Any] | None:
        return self._s.raw(self.kind).get(str(number))

    def get_many(self, numbers) -> dict[str, dict[str, Any]]:
        """The records numbered (those that exist), keyed by number as text."""
        rows = self._s.raw(self.kind)
        return {str(n): rows[str(n)] for n in sorted({int(n) for n in numbers
                                                      if str(n).isdigit()}) if str(n) in rows}

    def add(self, record: dict[str, Any]) -> int:
        """Store a new record under the next number (numbers are never reused); its number."""
        number = self._s.next_id(self.kind)
        self._s.insert(self._s.table(self.kind), number, record)
        return number

    def put(self, number: int, record: dict[str, Any]) -> None:
        """Store a new record under a number of the caller's (moving records between stores)."""
        self._s.insert(self._s.table(self.kind), number, record)
        counters = dict(self._s.meta.get("next", {}))
        if counters.get(self.kind, 1) <= number:
            counters[self.kind] = number + 1
            self._s._set_meta("next", counters)

    def put_many(self, records: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """put() for many records at once (moving a store in): [(number, record)]."""
        for number, record in records:
            self.put(number, record)

    def update(self, number: int | str, changes: dict[str, Any]) -> None:
        """Set the given fields of one record (the others stay)."""
        self._s._require_writable()
        if str(number) not in self._s.raw(self.kind):
            raise NotFoundError(f"No {self.kind} record {number}.")
        self._s.table(self.kind).update(changes, doc_ids=[int(number)])

    def remove(self, number: int | str) -> None:
        self._s._require_writable()
        if str(number) in self._s.raw(self.kind):
            self._s.table(self.kind).remove(doc_ids=[int(number)])

    def of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        """The records of one family (F7: follow-ups, referrals, outbox), keyed by number."""
        return {k: r for k, r in self._s.raw(self.kind).items() if r.get("family_id") == family_id}

    def remove_family(self, family_id: str) -> int:
        """Delete every record whose `family_id` is `family_id` (forget); how many went. The
        records kept are written back exactly as they were."""
        self._s._require_writable()
        rows = self._s.raw(self.kind)
        keep = {k: r for k, r in rows.items() if r.get("family_id") != family_id}
        if len(keep) != len(rows):
            self._s.replace_file(self.kind, {self.kind: keep})
        return len(rows) - len(keep)

    def replace_all(self, rows: dict[str, dict[str, Any]]) -> None:
        """Swap in a whole new set of records (forget, sample, restore between backends)."""
        self._s.replace_file(self.kind, {self.kind: {str(k): v for k, v in rows.items()}})

    def __len__(self) -> int:
        return len(self._s.raw(self.kind))

    def authors(self, numbers) -> dict[str, str]:
        """Who made each record: one liaison keeps this store, so no record names anyone
        ({}); the district database answers with each row's role."""
        return {}


class JsonFamilies(JsonRecords):
    __slots__ = ()

    def get(self, number: int | str) -> dict[str, Any] | None:
        """One family's record, parsed from its span of the file when the session has not read
        the whole file (seek.py)."""
        one = one_family(self._s, str(number))
        return self._s.raw(self.kind).get(str(number)) if one is NOT_KNOWN else one

    def assigned(self, numbers) -> dict[str, str]:
        """The team member each family is assigned to: none in one liaison's store."""
        return {}

    def index(self) -> dict[str, Any]:
        """Per family number (as text): a FamilyIndex, what listings and lookups need of a
        family without reading its whole record."""
        return self._s.family_index()

    def index_of(self, numbers) -> dict[str, Any]:
        """index() for only the families numbered (those that exist), by number."""
        index = self._s.family_index()
        wanted = sorted({int(n) for n in numbers if str(n).isdigit()})
        return {str(n): index[str(n)] for n in wanted if str(n) in index}

    def search(self, words, status: str = "") -> dict[str, dict[str, Any]]:
        """The families (whole records, by number) of `status` (any when "") whose record may
        hold every one of the folded `words`: a superset of a search's hits, which the caller
        still matches. Here every family of the status (the store is in memory already)."""
        rows = self._s.raw("families")
        if not status:
            return rows
        return {k: v for k, v in rows.items() if v.get("status", "active") == status}

    def for_report(self) -> dict[str, dict[str, Any]]:
        """Per family number: what a report reads of each record (status, arrival, created,
        home language, barriers, guardians' languages, students' schools), kept beside the
        roster: a report never parses the whole records (at 20,000 families they alone took
        140 MB)."""
        return self._s.report_parts()

    def unreachable_candidates(self, attempts: int, cutoff: str) -> dict[str, tuple[Any, dict]]:
        """The active families that may be unreachable: per number, (FamilyIndex, its contact
        summary or {}), for those with no way to reach them, `attempts` or more failed attempts
        in a row, never reached, or not reached since before `cutoff` (ISO date) — a superset
        the caller still judges, as PostgreSQL's query gives it."""
        summary = self._s.summary()
        out = {}
        for k, row in self._s.family_index().items():
            if row.status != "active":
                continue
            sm = summary.get(f"F{k}") or {}
            last = sm.get("last_reached", "")
            if row.no_way or sm.get("failed_streak", 0) >= attempts or not last or last < cutoff:
                out[k] = (row, sm)
        return out

    def with_cadence(self, tags) -> dict[str, tuple[Any, str]]:
        """The active families that have a contact cadence of their own or one of `tags` (the
        families the owed-contact rule looks at): per number, (FamilyIndex, the date it was
        last reached, "" when never)."""
        tags = set(tags)
        summary = self._s.summary()
        return {k: (row, (summary.get(f"F{k}") or {}).get("last_reached", ""))
                for k, row in self._s.family_index().items()
                if row.status == "active" and (row.cadence_days or tags.intersection(row.tags))}


class JsonFollowups(JsonRecords):
    __slots__ = ()

    def open_due(self, by: str, since: str = "") -> dict[str, tuple[dict[str, Any], Any]]:
        """Open follow-ups due on or before `by` (and on or after `since`), ISO dates, with
        their family's FamilyIndex: per number, (record, FamilyIndex); a follow-up whose family
        is not in the store is left out."""
        index = self._s.family_index()
        out = {}
        for k, f in self._s.raw("followups").items():
            if f["status"] == "open" and f["due"] <= by and (not since or f["due"] >= since):
                fam = index.get(f["family_id"][1:])
                if fam is not None:
                    out[k] = (f, fam)
        return out

    def open_of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        return {k: f for k, f in self._s.raw("followups").items()
                if f["family_id"] == family_id and f["status"] == "open"}
