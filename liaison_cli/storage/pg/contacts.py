"""The contact log's view on the district database. The summary per family (last contact, last
reached, failed attempts) is kept by the database itself (pg_schema/0004_contact_summary.sql),
so the daily reads never scan the log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...errors import NotFoundError
from .records import PgFamilyRecords, family_number, record_number


class PgContacts(PgFamilyRecords):
    """The contact log (of_family from PgFamilyRecords); callers name the family where the
    JSON backend needs it."""

    __slots__ = ()

    def add_many(self, records: list[dict[str, Any]]) -> list[int]:
        """Several new contacts at once (a mail merge): one round of statements."""
        self._s._require_writable()
        if not records:
            return []
        first = self._s.take_ids("contacts", len(records))
        numbers = list(range(first, first + len(records)))
        self._insert_many(list(zip(numbers, records, strict=True)))
        return numbers

    def update(self, number: int | str, changes: dict[str, Any], *,  # type: ignore[override]
               family_id: str = "") -> None:
        n = record_number(number)
        fam = family_number(family_id) if family_id else None
        if family_id and (fam is None or self._s.execute(
                "SELECT 1 FROM contacts WHERE id = %s AND family_id = %s", (n, fam)).fetchone() is None):
            raise NotFoundError(f"No contact C{number} for {family_id}.")
        super().update(n, changes)

    def remove_family(self, family_id: str) -> int:
        """Delete every contact of one family (forget); how many went."""
        self._s._require_writable()
        n = family_number(family_id)
        if n is None:
            return 0
        return self._s.execute("DELETE FROM contacts WHERE family_id = %s", (n,)).rowcount

    def between(self, start: str, end: str) -> dict[str, dict[str, Any]]:
        """The contacts dated from `start` to `end` (ISO dates, both included), by number: what
        a report reads of each (family_id, date, kind, and outcome, interpreter and language
        when set), picked out by the database (a district's month is 50,000 contacts)."""
        out: dict[str, dict[str, Any]] = {}
        with self._s.conn.cursor() as cur:
            cur.execute("SELECT id, family_id, x.date, kind, x.outcome, x.interpreter, x.language "
                        "FROM contacts, json_to_record(doc) AS x(date text, outcome text, "
                        "interpreter json, language text) "
                        "WHERE contacts.date BETWEEN %s::date AND %s::date ORDER BY id",
                        (start, end))
            while rows := cur.fetchmany(5000):
                for n, fid, day, kind, outcome, interp, lang in rows:
                    rec = {"family_id": f"F{fid}", "date": day, "kind": kind}
                    if outcome is not None:
                        rec["outcome"] = outcome
                    if interp is not None:
                        rec["interpreter"] = interp
                    if lang is not None:
                        rec["language"] = lang
                    out[str(n)] = rec
        return out

    def first_dates(self) -> dict[str, str]:
        """Per family id: the date of its first contact (families with none left out)."""
        return {f"F{fid}": day for fid, day in self._s.execute(
            "SELECT family_id, first_contact FROM contact_summary").fetchall()}

    def last_reached(self, family_ids: Iterable[str]) -> dict[str, str]:
        """Per family id asked: the date of its last reached contact (letters do not count),
        the summary's `last_reached`; families never reached are left out."""
        numbers = sorted({n for n in map(family_number, family_ids) if n is not None})
        if not numbers:
            return {}
        return {f"F{fid}": day for fid, day in self._s.execute(
            "SELECT family_id, last_reached FROM contact_summary "
            "WHERE family_id = ANY(%s) AND last_reached <> ''", (numbers,))}

    def summary(self, family_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """Per family id: last contact, last reached contact (letters do not count), failed
        attempts since (the last 10), and how many contacts — models.summarize_contacts, kept
        by the database itself (pg_schema/0004_contact_summary.sql), for the families asked
        (all when None)."""
        where, params = "", ()
        if family_ids is not None:
            numbers = [n for n in map(family_number, family_ids) if n is not None]
            if not numbers:
                return {}
            where, params = "WHERE family_id = ANY(%s)", (numbers,)
        out: dict[str, dict[str, Any]] = {}
        for fid, last, reached, streak, attempts, count in self._s.execute(
                "SELECT family_id, last_contact, last_reached, failed_streak, "
                "CASE WHEN failed_streak = 0 THEN NULL ELSE attempts END, contacts "
                f"FROM contact_summary {where} ORDER BY family_id", params):
            out[f"F{fid}"] = {"last_contact": last, "last_reached": reached,
                              "failed_streak": streak, "attempts": (attempts or [])[-10:],
                              "contacts": count}
        return out
