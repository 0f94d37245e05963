"""A session of the folder store: the tables as of the start of a command, and on a writable
session the changes to commit.

Each file is read once per session (TinyDB re-reads its storage on every operation; here the
session holds the parsed document in memory: tables.py). Services use the typed record views
(records.py, contacts.py, disclosures.py; the contract is in storage/__init__.py). What a
session checks when it opens is in checks.py, its commit and the files it places after it in
commit.py: Session is made of those two parts and this one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .checks import SessionChecks
from .commit import SessionCommit
from .contacts import JsonContacts
from .layout import (
    CONTACT_SHARDS,
    MAIL_TABLES,
    REPORT,
    ROSTER,
    ROSTER_WIDTH,
    SUMMARY,
    TABLES,
    shard_name,
)
from .records import JsonFamilies, JsonFollowups, JsonRecords
from .seek import spans
from .tables import LoadedFile

if TYPE_CHECKING:
    from tinydb.table import Table

    from ..staging import Staged
    from .disclosures import JsonDisclosures
    from .store import Store


class Session(SessionChecks, SessionCommit):
    """The tables as of the start of a command; on a writable session, the changes to commit."""

    def __init__(self, store: Store, writable: bool):
        self.store = store
        self.writable = writable
        self._files: dict[str, LoadedFile] = {}
        self._deleted: set[str] = set()
        self.after_commit: list[Callable[[], None]] = []
        self._staged: Staged | None = None  # files placed only after the commit
        self.decided = False  # the commit passed its point of no return
        self._unrecorded: set[str] = set()  # files meta.json does not describe (check_untouched)
        self._views: dict[str, Any] = {}  # the typed record views, made on first use
        # Per contact shard written: the families whose contacts changed, whose summary rows
        # alone the commit rebuilds; None when the whole shard was replaced (all of them).
        self._touched: dict[int, set[str] | None] = {}
        self.family_bytes: bytes | None = None  # families.json as checked by seek.one_family

    # ------------------------------------------------------------------ files and tables

    def _file(self, name: str, keep: bool = True) -> LoadedFile:
        """One store file as read at the start of this session, checked against meta.json; with
        `keep=False` (a read-only pass over a big file, like a report's scan of the contact
        shards) it is not held for the rest of the session."""
        f = self._files.get(name)
        if f is None:
            kind = "contacts" if name.startswith("contacts-") else name
            schema = digest = None
            required = True  # meta.json is always there once the store is
            if name != "meta":
                schema = self.meta["schema"]
                recorded = self.meta.get("files", {}).get(name)
                digest = (recorded or [None])[0]
                required = recorded is not None
            doc, record = self.store.load_tracked(self.store.path_of(name), kind, schema, digest,
                                                  required=required)
            f = LoadedFile(name, doc, record)
            if keep or self.writable:
                self._files[name] = f
        return f

    def table(self, name: str) -> Table:
        if name not in TABLES and name not in MAIL_TABLES:
            raise KeyError(name)
        return self._file(name).db.table(name)

    def contacts_table(self, family_number: int, touching: Iterable[str] | None = None) -> Table:
        """The contact shard of a family number, to change: `touching` names the families whose
        contacts the caller changes (None: any of the shard's)."""
        if self.writable:
            shard = family_number % CONTACT_SHARDS
            seen = self._touched.setdefault(shard, set())
            if touching is None:
                self._touched[shard] = None
            elif seen is not None:
                seen.update(touching)
        return self._file(shard_name(family_number)).db.table("contacts")

    def raw(self, name: str, keep: bool = True) -> dict[str, dict[str, Any]]:
        """The stored rows of a table, keyed by id: the fast path for listings. Do not mutate.
        `keep=False`: see _file."""
        return self._file(name, keep).storage.document.get(name.split("-")[0], {})

    def loaded(self, name: str) -> bool:
        """Whether this session has read (or replaced) file `name`."""
        return name in self._files

    def raw_document(self, name: str) -> dict[str, Any]:
        """A whole parsed store file (a derived file's several tables). Do not mutate."""
        return self._file(name).storage.document

    @property
    def meta(self) -> dict[str, Any]:
        return self._file("meta").storage.document["meta"]["1"]

    def _set_meta(self, key: str, value: Any) -> None:
        f = self._file("meta")
        f.storage.document["meta"]["1"][key] = value
        f.storage.dirty = True

    def insert(self, table: Table, number: int, record: dict[str, Any]) -> None:
        self._require_writable()
        from tinydb.table import Document  # here, not at the top: start-up (see tables.py)

        if table.contains(doc_id=number):
            # Only a counter set back by hand gets here: never overwrite, never crash.
            raise self._counter_error(table.name)
        table.insert(Document(record, doc_id=number))

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("read-only session")

    # ------------------------------------------------------------------ whole-file operations

    def replace_file(self, name: str, document: dict[str, Any]) -> None:
        """Swap in a whole document for one file (restore, forget, import)."""
        self._require_writable()
        f = LoadedFile(name, document)
        f.storage.dirty = True
        self._files[name] = f
        self._deleted.discard(name)
        if name.startswith("contacts-"):
            self._touched[int(name[-2:])] = None

    def delete_file(self, name: str) -> None:
        self._require_writable()
        self._files.pop(name, None)
        self._deleted.add(name)

    def touch_all(self) -> None:
        """Mark every file dirty (re-encoding the whole store)."""
        for p in self.store.data_files():
            self._file(p.stem).storage.dirty = True

    # ------------------------------------------------------------------ typed records

    @property
    def families(self) -> JsonFamilies:
        return self._records("families", JsonFamilies)

    @property
    def followups(self) -> JsonFollowups:
        return self._records("followups", JsonFollowups)

    @property
    def referrals(self) -> JsonRecords:
        return self._records("referrals")

    @property
    def events(self) -> JsonRecords:
        return self._records("events")

    @property
    def services(self) -> JsonRecords:
        return self._records("services")

    @property
    def outbox(self) -> JsonRecords:
        return self._records("outbox")

    @property
    def inbox(self) -> JsonRecords:
        return self._records("inbox")

    @property
    def contacts(self) -> JsonContacts:
        rec = self._views.get("contacts")
        if rec is None:
            rec = self._views["contacts"] = JsonContacts(self)
        return rec

    def _records(self, kind: str, cls: type | None = None):
        rec = self._views.get(kind)
        if rec is None:
            rec = self._views[kind] = (cls or JsonRecords)(self, kind)
        return rec

    @property
    def disclosures(self) -> JsonDisclosures:
        """The disclosure log (disclosures.JsonDisclosures)."""
        rec = self._views.get("disclosures")
        if rec is None:
            # Here, not at the top: only the commands that disclose or audit read the log, and
            # every command pays for what the store imports (start-up).
            from .disclosures import JsonDisclosures

            rec = self._views["disclosures"] = JsonDisclosures(self)
        return rec

    def caller(self) -> None:
        """Who this session runs as, in a team: nobody here (one liaison's own store); the
        district database answers {role, schools, supervisor, member}."""
        return None

    def team(self) -> list[dict[str, Any]]:
        """The team's members: none in one liaison's own store."""
        return []

    def load(self, rows_by_kind: dict[str, dict[int | str, dict[str, Any]]]) -> None:
        """Bulk load: for each kind given (families, contacts, followups, …), replace all its
        records by `rows` (number -> stored record) and set its id counter just past the
        highest number among them. Kinds not given keep their records and counters. What the
        sample caseload and a whole-store load use; one write, however many records."""
        self._require_writable()
        counters = dict(self.meta.get("next", {}))
        for kind, rows in rows_by_kind.items():
            if kind == "contacts":
                view = self.contacts
            elif kind in TABLES or kind in MAIL_TABLES:
                view = self._records(kind)
            else:
                raise KeyError(kind)
            view.replace_all(rows)
            counters[kind] = max((int(k) for k in rows), default=0) + 1
        self._set_meta("next", counters)

    # ------------------------------------------------------------------ ids and meta

    def next_id(self, table: str) -> int:
        """The next number for `table`; counters never go back, so ids are never reused."""
        self._require_writable()
        counters = dict(self.meta.get("next", {}))
        n = counters.get(table)
        if n is None:
            n = 1 + self._max_id(table)
        counters[table] = n + 1
        self._set_meta("next", counters)
        return n

    def _max_id(self, table: str) -> int:
        if table == "contacts":
            return max((int(k) for i in range(CONTACT_SHARDS)
                        for k in self.raw(f"contacts-{i:02d}")), default=0)
        return max((int(k) for k in self.raw(table)), default=0)

    @property
    def audit_head(self) -> dict[str, Any] | None:
        """The disclosure log's head as this store last committed it ({seq, hash})."""
        return self.meta.get("audit_head")

    def set_audit_head(self, head: dict[str, Any]) -> None:
        self._set_meta("audit_head", head)

    @property
    def store_id(self) -> str:
        """This store's own id (for calendar UIDs that never collide with another liaison's).
        Made at random with the store; an older store without one reads a stable digest of its
        creation time, and keeps that digest as its id on its next write."""
        sid = self.meta.get("store_id")
        if isinstance(sid, str) and sid:
            return sid
        seed = str(self.meta.get("created") or self.store.root.resolve())
        return hashlib.sha256(f"liaison-store:{seed}".encode()).hexdigest()[:16]

    # ------------------------------------------------------------------ derived files

    def family_index(self) -> dict[str, Any]:
        index = self._views.get("index")
        if index is None:
            from ...core.models import FamilyIndex  # here, not at the top: see _rebuild_roster

            make = FamilyIndex._make
            index = self._views["index"] = {k: make(row) for k, row in self.roster().items()}
        return index

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per family id: last contact, last reached contact, failed attempts since (derived)."""
        doc = self._file(SUMMARY).storage.document
        if "summary" not in doc and any(self.store.path_of(f"contacts-{i:02d}").exists()
                                        for i in range(CONTACT_SHARDS)):
            self._rebuild_summary(range(CONTACT_SHARDS))  # a store from before the summary
        return self._file(SUMMARY).storage.document.get("summary", {})

    def roster(self) -> dict[str, list[Any]]:
        """Per family number: models.ROSTER_FIELDS (derived from families.json)."""
        doc = self._file(ROSTER).storage.document
        rows = doc.get("roster")
        if rows is None or (rows and len(next(iter(rows.values()))) != ROSTER_WIDTH):
            self._rebuild_roster()  # a store from before the roster, or before one of its fields
        return self._file(ROSTER).storage.document.get("roster", {})

    def report_parts(self) -> dict[str, dict[str, Any]]:
        """Per family number: what a report reads of it (models.report_part), kept in
        report.json beside the roster, so a report never parses the whole family records."""
        parts = self._file(REPORT).storage.document.get("report")
        if parts is None:  # a store from before report.json: roster.json held them, or nothing
            parts = self._file(ROSTER, keep=False).storage.document.get("report")
        if parts is None:
            self._rebuild_roster()
            parts = self._file(REPORT).storage.document.get("report", {})
        return parts

    def _rebuild_roster(self) -> None:
        # models is imported in the functions that need it, not at the top: the storage package
        # is loaded by every command that opens a store, and models (the record classes) only
        # by those that read records.
        from ...core.models import report_part, roster_row

        f, parts = self._file(ROSTER), self._file(REPORT)
        families = self.raw("families")
        f.storage.document = {"roster": {k: roster_row(v) for k, v in families.items()}}
        parts.storage.document = {"report": {k: report_part(v) for k, v in families.items()}}
        at = spans(self._file("families").storage.document) if self.writable else None
        if at is not None:
            f.storage.document["at"] = at
        f.storage.dirty = parts.storage.dirty = self.writable
        self._views.pop("index", None)

    def _rebuild_summary(self, shards) -> None:
        from ...core.models import summarize_contacts  # here, not at the top: see _rebuild_roster

        f = self._file(SUMMARY)
        rows = dict(f.storage.document.get("summary", {}))
        for i in shards:
            families = self._touched.get(i)
            contacts = self.raw(f"contacts-{i:02d}").items()
            if families is None:  # the whole shard
                for fid in [k for k in rows if int(k[1:]) % CONTACT_SHARDS == i]:
                    del rows[fid]
                rows.update(summarize_contacts(contacts))
                continue
            # Only the families whose contacts changed (a mail merge touches 1,000 of 5,000).
            fresh = summarize_contacts((k, c) for k, c in contacts if c["family_id"] in families)
            for fid in families:
                if fid in fresh:
                    rows[fid] = fresh[fid]
                else:
                    rows.pop(fid, None)
        f.storage.document = {"summary": rows}
        f.storage.dirty = self.writable
