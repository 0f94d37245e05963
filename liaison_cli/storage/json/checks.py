"""What a session of the folder store checks when it opens, before anything is written: every
file the store records is there and as liaison last wrote it, no id counter is at or below an
id in use, and the schema is this liaison's (an older one is migrated: MIGRATIONS).

A file meta.json records as written must be there: a deleted file read as an empty table would
be written back empty and rotate its last backup away. (A store folder with files or backups
but no meta.json is damaged, not new: Store.check_not_orphaned.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import StoreError
from .layout import META_CHECK, SCHEMA_VERSION, TABLES
from .validate import missing_error


def _migrate_1_to_2(files: dict[str, dict[str, Any]]) -> None:
    """Schema 2 gave every family a `status` and every follow-up a `status`."""
    for rec in files.get("families", {}).get("families", {}).values():
        rec.setdefault("status", "active")
    for rec in files.get("followups", {}).get("followups", {}).values():
        rec.setdefault("status", "open")


MIGRATIONS: dict[int, Callable[[dict[str, dict[str, Any]]], None]] = {1: _migrate_1_to_2}


class SessionChecks:
    """Session's checks (session.py); they read the files through the session."""

    def check_untouched(self) -> None:
        """Before a write: every store file must be as liaison last wrote it (size and mtime as
        recorded in meta), or else it is read and validated now. So a damaged file stops every
        write, not only the commands that read it, without parsing the whole store each time."""
        records = self.meta.get("files", {})
        for p in self.store.data_files():
            name = p.stem
            if name == "meta":
                continue
            rec = records.get(name)
            try:
                st = p.stat()
            except OSError:
                continue
            if rec is None or rec[1] != st.st_size or rec[2] != st.st_mtime_ns:
                self._unrecorded.add(name)
                if name not in self._files:
                    self._file(name)

    def check_present(self) -> None:
        """Every file the store says it has must be there: a deleted families.json read as an
        empty table would be written back empty by the next change and rotate the last backup
        holding the families away. One listing of the folder, no parsing.

        meta's `files` record says which files liaison wrote. A store from before the record
        (it gets one on its next write) is judged by its id counters instead: a table that
        handed out ids has a file, and a store that logged contacts has contact files."""
        present = {p.stem for p in self.store.data_files()}
        records = self.meta.get("files")
        if records is not None:
            expected = [n for n in records if n not in present]
        else:
            counters = self.meta.get("next", {})
            expected = [t for t in TABLES if counters.get(t, 1) > 1 and t not in present]
            if counters.get("contacts", 1) > 1 and not any(n.startswith("contacts-") for n in present):
                expected.append("contacts-00")  # which shard cannot be told; the message names one
        if expected:
            raise missing_error(self.store.path_of(min(expected)))

    def check_counters(self) -> None:
        """Before the first write to a meta.json without its own check (an older store, or a
        check removed by hand): no id counter may be at or below an id already in use, or the
        next record would overwrite or duplicate one. Parses every file, once: the commit then
        gives meta its check, and later writes trust the counters, except for the tables whose
        files meta does not describe."""
        counters = self.meta.get("next", {})
        if META_CHECK in self.meta:
            # meta.json is as liaison wrote it, but a file it does not describe (a meta copied
            # back from a backup, a file restored by hand) may hold ids past its counters.
            tables = {"contacts" if n.startswith("contacts-") else n for n in self._unrecorded}
            counters = {t: n for t, n in counters.items() if t in tables}
        for table, n in counters.items():
            if table in TABLES or table == "contacts":
                if n <= self._max_id(table):
                    raise self._counter_error(table)

    def _counter_error(self, table: str) -> StoreError:
        return StoreError(
            f"The store file {self.store.meta_path} fails validation (its id counter for {table} "
            "is at or below an id already in use); nothing was written — run "
            "`liaison restore --list` to pick a backup."
        )

    def check_schema(self) -> None:
        version = self.meta.get("schema")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"This store was written by a newer liaison (schema {version}); upgrade liaison "
                "to open it."
            )
        if version < SCHEMA_VERSION:
            if not self.writable:
                return self._migrate_in_memory(version)
            self._migrate(version)

    def _migrate_in_memory(self, version: int) -> None:
        files = {n: self._file(n).storage.document for n in TABLES}
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](files)
            version += 1

    def _migrate(self, version: int) -> None:
        self._migrate_in_memory(version)
        for name in TABLES:
            self._file(name).storage.dirty = True
        self._set_meta("schema", SCHEMA_VERSION)

    def stand_in_for_damaged_meta(self) -> None:
        """For a session that replaces every file (restore): when meta.json itself is damaged,
        carry on with a stand-in whose counters come from the ids in the files that still read,
        so the restore can repair it and ids made before the damage are not handed out again."""
        try:
            self._file("meta")
            return
        except StoreError:
            pass
        self.replace_file("meta", {"meta": {"1": {"schema": SCHEMA_VERSION, "next": {}}}})
        counters = {}
        for table in (*TABLES, "contacts"):
            try:
                counters[table] = self._max_id(table) + 1
            except StoreError:
                pass  # damaged too: the restore replaces it
        self._set_meta("next", counters)
