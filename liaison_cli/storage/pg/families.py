"""The families' view on the district database: the roster column (FamilyIndex rows, kept in
step on every write) for listings, and the daily reads done by the database in one query each
(unreachable candidates, owed contacts, a report's projection, a search's first sieve)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import orjson
from psycopg.types.json import Json, Jsonb

from ...core.models import ROSTER_FIELDS, FamilyIndex, fold, report_part, roster_row
from ...errors import NotFoundError
from .records import PgRecords, record_number


class PgFamilies(PgRecords):
    __slots__ = ()

    def _insert_values(self, record: dict[str, Any]) -> tuple[str, tuple]:
        return "doc, roster", (Json(record), Jsonb(roster_row(record)))

    _BULK = (("doc", "json"), ("roster", "jsonb"))

    def _bulk_texts(self, record: dict[str, Any]) -> tuple[str, ...]:
        return orjson.dumps(record).decode(), orjson.dumps(roster_row(record)).decode()

    def _after_update(self, number: int, doc: dict[str, Any]) -> None:
        self._s.execute("UPDATE families SET roster = %s WHERE id = %s",
                        (Jsonb(roster_row(doc)), number))
        self._s._views.pop("index", None)

    def _views_changed(self) -> None:
        self._s._views.pop("index", None)

    def index(self) -> dict[str, Any]:
        """Per family number (as text): a models.FamilyIndex, read from the roster column, so
        listings never parse whole family records."""
        index = self._s._views.get("index")
        if index is None:
            make = FamilyIndex._make
            index = self._s._views["index"] = {
                str(n): make(roster)
                for n, roster in self._s.execute(
                    "SELECT id, roster FROM families ORDER BY id").fetchall()}
        return index

    def index_of(self, numbers: Iterable[int | str]) -> dict[str, Any]:
        """index() for only the families numbered (those that exist), by number."""
        wanted = sorted({int(n) for n in numbers if str(n).isdigit()})
        if not wanted:
            return {}
        index = self._s._views.get("index")
        if index is not None:
            return {str(n): index[str(n)] for n in wanted if str(n) in index}
        make = FamilyIndex._make
        return {str(n): make(roster) for n, roster in self._s.execute(
            "SELECT id, roster FROM families WHERE id = ANY(%s) ORDER BY id", (wanted,)).fetchall()}

    def search(self, words: Iterable[str], status: str = "") -> dict[str, dict[str, Any]]:
        """The families (whole records, by number) of `status` (any when "") whose record may
        hold every one of the folded `words`: a superset of a search's hits — the caller still
        matches each family. The database drops the records that cannot match: those of ASCII
        and accented Latin letters only (each letter standing for the one models.fold makes of
        it) that lack a word; a record with any other character, or a word it cannot judge,
        is kept for the caller."""
        where, params = [], []
        if status:
            where.append("status = %s")
            params.append(status)
        words = [w for w in words if w]
        if words and all(_SEARCHABLE.fullmatch(w) for w in words):
            classes, other = _fold_classes()
            text = "('f' || id || ' ' || doc::text)"
            # (Letters as every character models.fold makes them: "garcia" finds "García".)
            where.append(f"(doc::text ~ %s OR ({' AND '.join([f'{text} ~ %s'] * len(words))}))")
            params += [other, *("".join(classes.get(ch) or (ch if ch.isalnum() else "\\" + ch)
                                        for ch in w) for w in words)]
        return self._select(" AND ".join(where), tuple(params))

    def for_report(self) -> dict[str, dict[str, Any]]:
        """Per family number: the part of each record a report reads (status, arrival, created,
        home language, barriers, each guardian's language, each student's school), so a
        district's report never holds its whole family records at once."""
        loads = orjson.loads
        out: dict[str, dict[str, Any]] = {}
        with self._s.conn.cursor() as cur:
            cur.execute("SELECT id, doc::text FROM families ORDER BY id")
            while rows := cur.fetchmany(2000):
                for n, text in rows:
                    out[str(n)] = report_part(loads(text))
        return out

    def unreachable_candidates(self, attempts: int, cutoff: str) -> dict[str, tuple[Any, dict]]:
        """The active families that may be unreachable: per number, (FamilyIndex, its contact
        summary or {}), for those with no way to reach them, `attempts` or more failed attempts
        in a row, or not reached since before `cutoff` (ISO date; counted from arrival, else
        creation, when never reached) — a superset the caller still judges, from one query on
        the summary the database keeps (0004), not the contact log."""
        make = FamilyIndex._make
        arr, cr, nw = (ROSTER_FIELDS.index(k) for k in ("arrival", "created", "no_way"))
        out: dict[str, tuple[Any, dict]] = {}
        for n, roster, last, reached, streak, tried, count in self._s.execute(
                f"SELECT f.id, f.roster, cs.last_contact, cs.last_reached, cs.failed_streak, "
                f"CASE WHEN cs.failed_streak > 0 THEN cs.attempts END, cs.contacts "
                f"FROM families f LEFT JOIN contact_summary cs ON cs.family_id = f.id, "
                f"LATERAL (SELECT coalesce(nullif(cs.last_reached, ''), "
                f"nullif(f.roster->>{arr}, ''), nullif(f.roster->>{cr}, '')) AS since) x "
                f"WHERE f.status = 'active' AND ("
                f"coalesce(f.roster->{nw} NOT IN ('null', 'false', '\"\"', '0'), false) "
                f"OR coalesce(cs.failed_streak, 0) >= %s OR x.since < %s "
                f"OR x.since !~ '^\\d{{4}}-\\d{{2}}-\\d{{2}}$') ORDER BY f.id",
                (attempts, cutoff)).fetchall():
            summary = {} if count is None else {
                "last_contact": last, "last_reached": reached, "failed_streak": streak,
                "attempts": (tried or [])[-10:], "contacts": count}
            out[str(n)] = (make(roster), summary)
        return out

    def with_cadence(self, tags: Iterable[str]) -> dict[str, tuple[Any, str]]:
        """The active families that have a contact cadence of their own or one of `tags` (the
        families the owed-contact rule looks at): per number, (FamilyIndex, the date it was
        last reached, "" when never), in one query."""
        make = FamilyIndex._make
        cad, tg = ROSTER_FIELDS.index("cadence_days"), ROSTER_FIELDS.index("tags")
        return {str(n): (make(roster), reached) for n, roster, reached in self._s.execute(
            f"SELECT f.id, f.roster, coalesce(cs.last_reached, '') FROM families f "
            f"LEFT JOIN contact_summary cs ON cs.family_id = f.id WHERE f.status = 'active' AND "
            f"(coalesce(f.roster->{cad} NOT IN ('null', '0', 'false', '\"\"'), false) "
            f"OR f.roster->{tg} ?| %s::text[]) ORDER BY f.id", (sorted(set(tags)),)).fetchall()}

    def _insert(self, number: int, record: dict[str, Any]) -> None:
        super()._insert(number, record)
        self._s._views.pop("index", None)

    def remove(self, number: int | str) -> None:
        super().remove(number)
        self._s._views.pop("index", None)

    def assigned(self, numbers: Iterable[int | str]) -> dict[str, str]:
        """Per family number (as text): the role the family is assigned to."""
        wanted = [int(n) for n in numbers if str(n).isdigit()]
        if not wanted:
            return {}
        return {str(n): who or "" for n, who in self._s.execute(
            "SELECT id, assigned_to FROM families WHERE id = ANY(%s)", (wanted,))}

    def assign(self, number: int | str, role: str) -> None:
        """Assign one family to a team member's role (the district admin's change)."""
        self._s._require_writable()
        n = record_number(number)
        if self._s.execute("UPDATE families SET assigned_to = %s, version = version + 1 "
                           "WHERE id = %s", (role, n)).rowcount != 1:
            raise NotFoundError(f"No family F{n}.")
        self._s._versions.pop(("families", n), None)

    def reassign(self, from_role: str, to_role: str) -> list[int]:
        """Every family assigned to `from_role` goes to `to_role`; their numbers."""
        self._s._require_writable()
        rows = self._s.execute(
            "UPDATE families SET assigned_to = %s, version = version + 1 WHERE assigned_to = %s "
            "RETURNING id", (to_role, from_role)).fetchall()
        for (n,) in rows:
            self._s._versions.pop(("families", n), None)
        return sorted(n for (n,) in rows)


# Words the database can look for in a record's text as they are (no JSON escapes, no LIKE
# wildcards): lower-case ASCII letters, digits and a little punctuation.
_SEARCHABLE = re.compile(r"[a-z0-9@.+'/:#-]+")


@functools.cache
def _fold_classes() -> tuple[dict[str, str], str]:
    """For the database's search: per lower-case ASCII letter, a regex class of every Latin
    letter models.fold folds to it ("[aAáÁ…]"); and a regex matching any character the
    database cannot judge (a record holding one is left to the caller). It can judge ASCII,
    those letters, and the letters of the Latin, Greek, Cyrillic and Arabic blocks that fold
    to no ASCII at all (Đ, ا), and CJK ideographs: they cannot be part of an ASCII word."""
    folds: dict[str, list[str]] = {}
    judged: list[int] = []
    for code in (*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0x80, 0x250),
                 *range(0x370, 0x530), *range(0x600, 0x700), *range(0x1E00, 0x1F00)):
        c = chr(code)
        if unicodedata.combining(c) or unicodedata.category(c)[0] in "CZ":
            continue
        f = fold(c)
        if len(f) == 1 and "a" <= f <= "z":
            folds.setdefault(f, []).append(c)
        elif not f or any(ch.isascii() for ch in f):
            continue
        if code >= 0x80:
            judged.append(code)
    classes = {f: "[" + "".join(cs) + "]" for f, cs in folds.items()}
    spans: list[list[int]] = []
    for code in judged:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    spans.append([0x4E00, 0x9FFF])  # CJK unified ideographs: no decomposition, no case
    ranges = "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in spans)
    return classes, "[^\\x01-\\x7f" + ranges + "]"
