"""The store: TinyDB tables in a folder of JSON files, written safely.

Layout under the home folder::

    store/meta.json            schema version, id counters, a record of every file written
                               and a check of itself (see meta_check)
    store/families.json        one TinyDB file per record type …
    store/contacts-07.json     … and the contact log split into shards by family number,
                               so logging a call rewrites one small file, not the whole log
    store/journal.json         present only while a multi-file commit is being applied
    backups/<stamp>/           the files as they were before each of the last 10 writes

Why it is built this way (measured, see STORE-NOTES.md):

* TinyDB's own JSONStorage rewrites its file in place, and a kill or a full disk leaves a cut-off
  file. Here every file is written to a temporary file in the same folder, flushed, fsynced and
  moved over the old one with `os.replace`; the folder is fsynced after.
* A change touching several files (a contact and the follow-up it creates, say) is made atomic
  with a redo journal: all new files are written and fsynced first, then `journal.json` lists the
  moves, then the moves happen. A crash before the journal leaves the old state; after it, the
  next command finishes the moves, but only moves and deletes of the store's own files (a
  journal is acted on unasked: see Store._plan). Orphan temporary files are removed, never read.
* A file meta.json records as written must be there (Session.check_present): a deleted file
  read as an empty table would be written back empty and rotate its last backup away. A store
  folder with files or backups but no meta.json is damaged, not new (Store.check_not_orphaned).
* Writers hold an exclusive `flock` across read → change → write and open the tables inside it,
  so TinyDB never reuses a cached next id. Readers hold a shared lock, so they never see half a
  commit. Ids come from counters in meta.json, so a forgotten family's id is never reused.
* Backups cost one hard link per file: `os.replace` gives the store a new inode and the old one
  lives on in the backup folder. Where links are not supported the file is copied.
* On Windows (no fcntl) the lock is `msvcrt.locking`, which has only exclusive locks: readers
  take it too, so there two readers wait for each other (never for long: a read takes
  milliseconds). Windows cannot open a folder to fsync it, so that step is skipped there: a
  change just committed may be lost to a power cut, though every file is still one whole version
  (each was fsynced before its rename). Files are opened with O_BINARY there, so bytes are
  written as they are.
* Each file is read once per command (TinyDB re-reads its storage on every operation; here the
  storage holds the parsed document in memory for the session).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from tinydb.table import Table

from ..config import ensure_private_dir
from ..errors import CryptoError, LiaisonError, LockedError, NotFoundError, StoreError
from .json_disclosures import LOG_NAME as AUDIT_LOG_NAME  # its head lives in meta.json

SCHEMA_VERSION = 2
CONTACT_SHARDS = 16
BACKUPS_KEPT = 10
TABLES = ("families", "followups", "referrals", "events", "services")
# Email: the outbox (one record per message, its send status) and the replies already read
# (IMAP UIDVALIDITY + UID, so each is handled once). Not in TABLES: no migration or sample
# touches them, and a store without them reads them as empty.
MAIL_TABLES = ("outbox", "inbox")
# Derived from the contact shards on every commit that changes one (see Session.commit).
SUMMARY = "summary"
# Derived from families.json on every commit that changes it: one short row per family with
# what the daily listings need, so they never parse the full family records (a third of the
# time of `followups` at 5,000 families). Order of a row: models.ROSTER_FIELDS.
ROSTER = "roster"
ENCRYPTED_MAGIC = b"LIAISON-ENC1\n"
_ROSTER_WIDTH = 14  # len(models.ROSTER_FIELDS), kept here so reading needs no models import
_TMP_RE = re.compile(r"^\..+\.tmp-\d+-\d+$")
# The names the store's own files have: what a journal may move or delete (see Store._plan).
_DATA_NAME = rf"(?:meta|{'|'.join((*TABLES, SUMMARY, ROSTER))}|contacts-\d{{2}})\.json"
_DATA_FILE_RE = re.compile(_DATA_NAME)
_JOURNAL_TMP_RE = re.compile(rf"\.(?P<target>{_DATA_NAME})\.tmp-\d+-\d+")
# The field of meta.json holding the digest of the rest of meta.json (see meta_check).
META_CHECK = "check"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Fields each record must have, with their type; checked when a file is read so a hand-edited
# store is stopped before anything is written over it.
REQUIRED: dict[str, dict[str, type | tuple[type, ...]]] = {
    "families": {"name": str, "guardians": list, "students": list, "tags": list, "status": str},
    "contacts": {"family_id": str, "date": str, "kind": str},
    "followups": {"family_id": str, "due": str, "action": str, "status": str},
    "referrals": {"family_id": str, "service": str, "status": str, "date": str},
    "events": {"title": str, "date": str},
    "services": {"name": str},
    "summary": {"last_contact": str, "last_reached": str, "failed_streak": int},
    "roster": {},
    "outbox": {"family_id": str, "status": str, "message_id": str},
    "inbox": {"uidvalidity": int, "uid": int},
}
DATE_FIELDS = {"contacts": ("date",), "followups": ("due",), "referrals": ("date",),
               "events": ("date",)}
# Required fields a migration added: a store older than that schema gets them from the migration,
# which runs after its files are read and validated.
ADDED_IN = {("families", "status"): 2, ("followups", "status"): 2}
_OPT_INT = (int, type(None))
# Fields checked when present: the records in models.py trust these types.
OPTIONAL: dict[str, dict[str, type | tuple[type, ...]]] = {
    "families": {"home_language": str, "address": str, "barriers": list, "consents": dict,
                 "closed_reason": str, "closed_on": str, "arrival": str, "notes": str,
                 "cadence_days": _OPT_INT, "external_ids": dict},
    "contacts": {"summary": str, "time": str, "outcome": str, "followup_id": _OPT_INT},
    "followups": {"every_days": _OPT_INT, "snoozed": int},
}
# Inside a family: lists of people (each an object with a text `name`) and lists of text.
PEOPLE_FIELDS = {"families": ("guardians", "students")}
TEXT_LIST_FIELDS = {"families": ("tags", "barriers")}


def shard_name(family_number: int) -> str:
    return f"contacts-{family_number % CONTACT_SHARDS:02d}"


# --------------------------------------------------------------------------- encoding


class Codec:
    """Turns a file's bytes into JSON bytes and back. The plain codec refuses encrypted files."""

    encrypted = False

    def decode(self, data: bytes, path: Path) -> bytes:
        if data.startswith(ENCRYPTED_MAGIC):
            raise CryptoError(
                f"{path.name} is encrypted; set LIAISON_PASSPHRASE or run on a terminal to be asked."
            )
        return data

    def encode(self, data: bytes) -> bytes:
        return data


def meta_file(home: Path) -> Path:
    """The store file whose header tells how the store in `home` is encoded (its encryption,
    its store salt): meta.json, which every commit writes last."""
    return home / "store" / "meta.json"


def finish_interrupted(home: Path) -> None:
    """Finish a commit a kill interrupted in the store in `home`, if there is one (one stat
    when there is not)."""
    if (home / "store" / "journal.json").exists():
        Store(home).recover()


def is_encrypted(home: Path) -> bool:
    """Whether the store in `home` is encrypted: one header read of its meta.json (nothing
    parsed, nothing heavy imported). A commit a kill interrupted is finished first: `encrypt`
    and `decrypt` move meta.json last, so until then its header tells the old state although
    most files are already in the new one."""
    finish_interrupted(home)
    return file_is_encrypted(meta_file(home)) is True


def file_is_encrypted(path: str | Path) -> bool | None:
    """Whether one store or backup file is encrypted (one header read); None when it cannot
    be read or is empty."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(ENCRYPTED_MAGIC))
    except OSError:
        return None
    return head == ENCRYPTED_MAGIC if head else None


def file_entries(home: Path) -> Iterator[os.DirEntry]:
    """The data files of the store in `home` and of every backup folder, the hidden folders a
    kill left half-made or half-deleted included (they hold copies of the records too): what
    encrypting the store must reach. Directory listings only, nothing read."""
    folders = [home / "store"]
    try:
        with os.scandir(home / "backups") as it:
            folders += [e.path for e in it if e.is_dir(follow_symlinks=False)]
    except OSError:
        pass
    for folder in folders:
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            if e.name.endswith(".json") and not e.name.startswith(".") and e.name != "journal.json":
                yield e


def dumps(obj: Any) -> bytes:
    # orjson writes UTF-8 with non-ASCII kept as is (the ensure_ascii=False of STYLE.md 10).
    return orjson.dumps(obj, option=orjson.OPT_INDENT_2 if _PRETTY else 0)


_PRETTY = False  # one line per file keeps 20,000 families fast; `liaison paths` shows the files

# Windows cannot open a folder (to fsync it), has no fchmod before Python 3.13 (a file's mode is
# only its read-only flag there) and opens files as text unless told O_BINARY. A flag of the
# module, not a test of os.name at each call, so tests can run the Windows path on POSIX.
_WINDOWS = os.name == "nt"
_O_BINARY = getattr(os, "O_BINARY", 0)  # 0 on POSIX: the flags there stay exactly as they were


# --------------------------------------------------------------------------- low level files


def fsync_dir(path: Path) -> None:
    if _WINDOWS:
        return  # see _WINDOWS: a folder cannot be opened there
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_tmp_counter = 0


def write_temp(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to a new private temporary file in `folder`, flushed and fsynced."""
    global _tmp_counter
    _tmp_counter += 1
    tmp = folder / f".{name}.tmp-{os.getpid()}-{_tmp_counter}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
    try:
        if not _WINDOWS:
            os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quiet(tmp)
        raise
    os.close(fd)
    return tmp


def atomic_write(path: Path, data: bytes) -> None:
    tmp = write_temp(path.parent, path.name, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink_quiet(tmp)
        raise
    fsync_dir(path.parent)


def _unlink_quiet(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def disk_error(exc: OSError, what: str) -> StoreError:
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "the folder is not writable"
    else:
        reason = exc.strerror or "an I/O error"
    return StoreError(f"Could not save {what}: {reason}; nothing was changed — free space or fix "
                      "the folder and run the command again.")


_EDEADLOCK = getattr(errno, "EDEADLOCK", errno.EDEADLK)  # msvcrt.locking gave up


def _take_lock(fd: int, exclusive: bool, timeout: float) -> Callable[[], None]:
    """Lock the open lock file `fd` (shared or exclusive), trying until `timeout` seconds have
    passed, else LockedError. Returns what releases the lock before the file is closed."""
    try:
        import fcntl  # here, not at the top: Windows has none, and the store must import there
    except ImportError:
        fcntl = None
    if fcntl is not None:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB

        def attempt() -> bool:
            try:
                fcntl.flock(fd, mode)
            except BlockingIOError:
                return False
            return True

        def release() -> None:
            pass  # closing the file releases a flock
    else:
        import msvcrt

        # msvcrt.locking has only exclusive locks (of a byte range, from the file's position):
        # readers take the exclusive lock too, so on Windows two readers wait for each other.

        def attempt() -> bool:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError as exc:
                if exc.errno in (errno.EACCES, _EDEADLOCK):  # held by another process
                    return False
                raise
            return True

        def release() -> None:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass  # closing the file releases it too

    deadline = time.monotonic() + timeout
    while not attempt():
        if time.monotonic() >= deadline:
            raise LockedError(
                "Another liaison command is using the store; wait for it to finish "
                "and run this again."
            )
        time.sleep(0.02)
    return release


# --------------------------------------------------------------------------- TinyDB storage


class _Doc:
    """One parsed file held in memory for the session, and whether it changed."""

    __slots__ = ("document", "dirty")

    def __init__(self, document: dict[str, Any]):
        self.document = document
        self.dirty = False


_storage_class = None


def memory_storage_class():
    """A TinyDB storage over a `_Doc` (built on first use, so read-only listings that only need
    `Session.raw` never import tinydb).

    TinyDB calls `read()` on every operation; handing back the parsed document avoids
    re-reading the file. `write()` only marks the file dirty: the session commits it.
    """
    global _storage_class
    if _storage_class is None:
        from tinydb.storages import Storage

        class MemoryBackedStorage(Storage):
            def __init__(self, doc: _Doc):
                self.doc = doc

            def read(self) -> dict[str, Any]:
                return self.doc.document

            def write(self, data: dict[str, Any]) -> None:
                self.doc.document = data
                self.doc.dirty = True

        _storage_class = MemoryBackedStorage
    return _storage_class


class _File:
    def __init__(self, name: str, document: dict[str, Any], record: list[Any] | None = None):
        self.name = name
        self.storage = _Doc(document)
        # [digest, size, mtime] of the file as read (None: not read from disk), for meta's record.
        self.record = record
        self._db = None

    @property
    def db(self):
        if self._db is None:
            from tinydb import TinyDB

            self._db = TinyDB(storage=memory_storage_class(), doc=self.storage)
            self._db.default_table_name = self.name.split("-")[0]
        return self._db


# --------------------------------------------------------------------------- the store


class Store:
    def __init__(self, home: Path, *, lock_timeout: float = 10.0, codec: Codec | None = None):
        self.home = home
        self.root = home / "store"
        self.backups = home / "backups"
        self.lock_timeout = lock_timeout
        self.codec = codec or Codec()

    def close(self) -> None:
        """Nothing to close: every session opens and releases its own files and lock."""

    # ------------------------------------------------------------------ paths and state

    @property
    def meta_path(self) -> Path:
        return self.root / "meta.json"

    def exists(self) -> bool:
        return self.meta_path.exists()

    def path_of(self, name: str) -> Path:
        return self.root / f"{name}.json"

    def data_files(self, folder: Path | None = None) -> list[Path]:
        folder = folder or self.root
        if not folder.exists():
            return []
        return sorted(p for p in folder.iterdir()
                      if p.suffix == ".json" and p.name != "journal.json" and not p.name.startswith("."))

    def is_encrypted(self) -> bool:
        try:
            with open(self.meta_path, "rb") as fh:
                return fh.read(len(ENCRYPTED_MAGIC)) == ENCRYPTED_MAGIC
        except OSError:
            return False

    def create(self, now: str) -> None:
        """Make an empty store (refuses to touch an existing one)."""
        for folder in (self.home, self.root, self.backups):
            ensure_private_dir(folder)
        if self.exists():
            return
        self.check_not_orphaned()
        with self._lock(exclusive=True):
            self.check_not_orphaned()
            doc = {"meta": {"1": {"schema": SCHEMA_VERSION, "created": now, "next": {},
                                  "store_id": secrets.token_hex(8)}}}
            doc["meta"]["1"][META_CHECK] = meta_check(doc)
            atomic_write(self.meta_path, self.codec.encode(dumps(doc)))

    def require(self, *, restoring: bool = False) -> None:
        """Stop unless there is a store. `restoring`: restore may run where meta.json is lost
        (it is what brings it back)."""
        if self.exists():
            return
        if not restoring:
            self.check_not_orphaned()
        if not restoring or self._orphan_evidence() is None:
            raise NotFoundError(
                f"There is no store in {self.home}; run `liaison init` (or `liaison init --sample`) first."
            )

    def _orphan_evidence(self) -> str | None:
        """What shows a store was here although meta.json is not (None: there never was one)."""
        if self.data_files() or (self.root / "journal.json").exists():
            return f"{self.root} still holds store files"
        if self.list_backups():
            return f"{self.backups} holds backups"
        if (self.home / AUDIT_LOG_NAME).exists():
            return f"the disclosure log {self.home / AUDIT_LOG_NAME} exists"
        return None

    def check_not_orphaned(self) -> None:
        """meta.json (the id counters, the file records, the disclosure log's head) must never
        be made anew over a store that lost it: ids would be handed out again and the log
        re-anchored. Restore brings it back from a backup."""
        if self.exists():
            return
        evidence = self._orphan_evidence()
        if evidence is not None:
            raise StoreError(
                f"The store file {self.meta_path} is missing although {evidence}; nothing was "
                "written — run `liaison restore --list` to pick a backup, then `liaison restore NAME`."
            )

    # ------------------------------------------------------------------ locking

    @contextmanager
    def _lock(self, exclusive: bool) -> Iterator[None]:
        ensure_private_dir(self.root, tighten=False)
        path = self.root / ".lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            if exclusive or not path.exists():
                raise disk_error(exc, "the lock file") from None
            fd = os.open(path, os.O_RDONLY)
        try:
            release = _take_lock(fd, exclusive, self.lock_timeout)
            try:
                yield
            finally:
                release()
        finally:
            os.close(fd)

    # ------------------------------------------------------------------ sessions

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent read-only view (shared lock)."""
        self.require()
        journal = self.root / "journal.json"
        for _attempt in range(3):
            if journal.exists():
                self.recover()
            with self._lock(exclusive=False):
                # A writer may have been killed half-way through its moves after the check
                # above: under the lock, a journal means the files are between two states.
                if journal.exists():
                    continue
                session = Session(self, writable=False)
                session.check_present()
                session.check_schema()
                yield session
                return
        raise LockedError("Another liaison command keeps changing the store; run this again.")

    @contextmanager
    def write(self, *, replacing_all: bool = False) -> Iterator[Session]:
        """Read, change and commit under the exclusive lock; nothing is written on error.

        `replacing_all` is for restore: it writes every file anew, so damaged files are not
        checked first (they are what it repairs)."""
        self.require(restoring=replacing_all)
        with self._lock(exclusive=True):
            self._recover_locked()
            session = Session(self, writable=True)
            if replacing_all:
                session.stand_in_for_damaged_meta()
            else:
                session.check_present()
            session.check_schema()
            if not replacing_all:
                session.check_untouched()
                session.check_counters()
            session.settle_outputs()
            try:
                yield session
                session.commit()
            except BaseException:
                if not session.decided:
                    session.discard_outputs()
                raise
            session.place_outputs()
            for hook in session.after_commit:
                hook()

    def recover(self) -> None:
        with self._lock(exclusive=True):
            self._recover_locked()

    def _recover_locked(self) -> None:
        """Finish a commit a crash interrupted, and drop orphan temporary files."""
        journal = self.root / "journal.json"
        if journal.exists():
            try:
                plan = self._plan(journal)
                if plan is not None:
                    moves, deletes = plan
                    for tmp, target in moves:
                        if (self.root / tmp).exists():
                            os.replace(self.root / tmp, self.root / target)
                    for target in deletes:
                        _unlink_quiet(self.root / target)
                    fsync_dir(self.root)
            except OSError as exc:
                raise disk_error(exc, "the interrupted change") from None
            _unlink_quiet(journal)
        for p in self.root.iterdir():
            if _TMP_RE.match(p.name):
                _unlink_quiet(p)

    def _plan(self, journal: Path) -> tuple[list[tuple[str, str]], list[str]] | None:
        """The moves and deletes a journal lists, each checked to be one of the store's own files
        in store/ (a temporary file onto the data file it was written for; a data file): a
        journal is carried out without asking, so one planted or edited to name anything else
        (`../config.yaml`, an absolute path) is refused before anything moves.
        None: a journal that never finished writing, so its commit never started."""
        try:
            plan = orjson.loads(journal.read_bytes())
        except orjson.JSONDecodeError:
            return None

        def refuse() -> StoreError:
            return StoreError(
                f"The journal {journal} names files that are not the store's own, so nothing was "
                "moved or deleted; move that file out of the store folder, then run "
                "`liaison restore --list` if the store looks wrong."
            )

        if not isinstance(plan, dict):
            raise refuse()
        moves, deletes = plan.get("moves", []), plan.get("deletes", [])
        if not isinstance(moves, list) or not isinstance(deletes, list):
            raise refuse()
        checked: list[tuple[str, str]] = []
        for move in moves:
            if not (isinstance(move, list) and len(move) == 2
                    and all(isinstance(x, str) for x in move)):
                raise refuse()
            tmp, target = move
            m = _JOURNAL_TMP_RE.fullmatch(tmp)
            if m is None or m["target"] != target:
                raise refuse()
            try:
                st = os.lstat(self.root / tmp)
            except FileNotFoundError:
                pass  # moved already, before the crash
            else:
                if not stat.S_ISREG(st.st_mode):
                    raise refuse()  # a link would bring an outside file into the store
            checked.append((tmp, target))
        if not all(isinstance(d, str) and _DATA_FILE_RE.fullmatch(d) for d in deletes):
            raise refuse()
        # Every commit writes meta.json last and never deletes it: a journal without that move,
        # or one deleting meta.json, was not written by liaison (a planted "delete families.json").
        if "meta.json" in deletes or not any(target == "meta.json" for _tmp, target in checked):
            raise refuse()
        if deletes and not self._meta_drops(checked, deletes):
            raise refuse()
        return checked, deletes

    def _meta_drops(self, moves: list[tuple[str, str]], deletes: list[str]) -> bool:
        """Whether the meta.json a journal brings in (still the temporary file, or already moved)
        stops recording every file the journal deletes, as a real commit's does: a planted
        journal with a made-up meta cannot delete a file the store still counts on."""
        tmp = next(t for t, target in moves if target == "meta.json")
        source = self.root / tmp if (self.root / tmp).exists() else self.meta_path
        try:
            doc = orjson.loads(self.codec.decode(source.read_bytes(), source))
            files = doc["meta"]["1"].get("files", {})
        except (OSError, ValueError, KeyError, TypeError, CryptoError):
            return False
        return isinstance(files, dict) and not any(d.removesuffix(".json") in files for d in deletes)

    # ------------------------------------------------------------------ reading files

    @staticmethod
    def missing_error(path: Path) -> StoreError:
        return StoreError(
            f"The store file {path} is missing although the store records it; nothing was "
            "written — run `liaison restore --list` to pick a backup, then `liaison restore NAME`."
        )

    def load_file(self, path: Path, kind: str, schema: int | None = None,
                  digest: str | None = None) -> dict[str, Any]:
        """Parse and validate one store file; raises StoreError naming file and position.
        `schema` is the store's version when known (see validate_document). A file that is not
        there reads as empty (a backup from before it existed).

        `digest` is the hash meta.json recorded when liaison last wrote this file: when the bytes
        still match it, the file is exactly what liaison wrote and validated, and the record by
        record check (about 40 ms per 5,000 families) is skipped. A hand-edited, restored or
        foreign file never matches and is checked in full."""
        return self.load_tracked(path, kind, schema, digest)[0]

    def load_tracked(self, path: Path, kind: str, schema: int | None = None,
                     digest: str | None = None, *, required: bool = False
                     ) -> tuple[dict[str, Any], list[Any] | None]:
        """load_file, also giving the file's record for meta.json ([digest, size, mtime], None
        when it is not there). `required`: the store says the file exists, so its absence is
        damage (never an empty table that the next write would make for good)."""
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                raw = fh.read()
        except FileNotFoundError:
            if required:
                raise self.missing_error(path) from None
            return {}, None
        except OSError as exc:
            raise StoreError(f"Cannot read {path} ({exc.strerror}); check the folder's permissions.") from None
        data = self.codec.decode(raw, path)
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise StoreError(
                f"The store file {path} is damaged at line {exc.lineno}, column {exc.colno} "
                f"({exc.msg}); nothing was written — run `liaison restore --list` to pick a backup."
            ) from None
        found = content_digest(data)
        if digest is None or found != digest:
            validate_document(doc, kind, path, schema)
        return doc, [found, st.st_size, st.st_mtime_ns]

    # ------------------------------------------------------------------ backups

    def list_backups(self) -> list[Path]:
        if not self.backups.exists():
            return []
        return sorted((p for p in self.backups.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      reverse=True)

    def _snapshot(self, stamp: str) -> None:
        files = self.data_files()
        if not files:
            return
        ensure_private_dir(self.backups)
        folder = self.backups / stamp
        n = 0
        while folder.exists():
            n += 1
            folder = self.backups / f"{stamp}-{n}"
        tmp = self.backups / f".{folder.name}.partial"
        tmp.mkdir(mode=0o700)
        for f in files:
            try:
                os.link(f, tmp / f.name)
            except (OSError, AttributeError, NotImplementedError):
                shutil.copy2(f, tmp / f.name)  # a file system (or a platform) without links
        os.replace(tmp, folder)
        for old in self.list_backups()[BACKUPS_KEPT:]:
            # Out of the list first, so a kill half-way through never leaves a partial backup
            # that `restore --list` would offer.
            doomed = self.backups / f".{old.name}.partial"
            try:
                os.replace(old, doomed)
            except OSError:
                doomed = old
            shutil.rmtree(doomed, ignore_errors=True)
        for leftover in self.backups.glob(".*.partial"):
            if leftover != tmp:
                shutil.rmtree(leftover, ignore_errors=True)

    def backup_path(self, name: str) -> Path:
        folder = self.backups / name
        if not name or "/" in name or name.startswith(".") or not folder.is_dir():
            raise NotFoundError(f"No backup called {name!r}; run `liaison restore --list` to see them.")
        return folder

    # ------------------------------------------------------------------ upkeep (json_upkeep.py)

    def require_folder_store(self, command: str) -> None:
        """Nothing to stop: restore, encrypt and decrypt are this store's (the district
        database refuses them)."""

    def own_paths(self) -> list[Path]:
        """What this backend keeps under the home folder (the store, its backups, the
        disclosure log): never one of the liaison's own files to scrub or list."""
        return [self.root, self.backups, self.home / AUDIT_LOG_NAME]

    def find_in_backups(self, kind: str, number: int) -> dict[str, Any] | None:
        """Record `number` of `kind` as the newest backup holding it has it (None: none does);
        forget uses it to finish for a family already gone from the store."""
        from .json_upkeep import record_in_backups

        return record_in_backups(self, kind, number)

    def forget_in_backups(self, family_id: str) -> tuple[int, int, list[str]]:
        """Rewrite every backup without one family's records. Returns (backups rewritten,
        files written, names of backups dropped because a file in them could not be read).
        Call under the write lock (from a write session's after_commit)."""
        from .json_upkeep import forget_in_backups

        return forget_in_backups(self, family_id)

    def encrypt(self, passphrase: str):
        """Encrypt the store and every backup (or finish an interrupted run); a json_upkeep.Recoded."""
        from .json_upkeep import encrypt

        return encrypt(self, passphrase)

    def decrypt(self, passphrase: str = ""):
        """Store and backups as plain JSON again (or finish an interrupted run, with `passphrase`)."""
        from .json_upkeep import decrypt

        return decrypt(self, passphrase)

    def decrypt_unfinished(self) -> bool:
        """Whether an interrupted decrypt left files encrypted in a store that opens plain."""
        from .json_upkeep import decrypt_unfinished

        return decrypt_unfinished(self)

    def backup_counts(self, name: str) -> tuple[int, int]:
        """How many families and open follow-ups backup `name` holds; raises a LiaisonError
        when one of those files is damaged or cannot be read."""
        folder = self.backup_path(name)
        fam = self.load_file(folder / "families.json", "families").get("families", {})
        fus = self.load_file(folder / "followups.json", "followups").get("followups", {})
        return len(fam), sum(1 for f in fus.values() if f.get("status") == "open")

    def _furthest_head(self, log_head: Callable[[], dict[str, Any] | None]) -> dict[str, Any] | None:
        """The disclosure log's head as far as anything still tells: the head each readable
        backup's meta.json recorded, and the log's own last entry. On a tie a meta's head wins:
        liaison wrote it, while the log's end may have been edited."""
        heads = []
        for folder in self.list_backups():
            try:
                doc = self.load_file(folder / "meta.json", "meta")
            except LiaisonError:
                continue
            head = doc.get("meta", {}).get("1", {}).get("audit_head")
            if isinstance(head, dict) and isinstance(head.get("seq"), int):
                heads.append(head)
        tail = log_head()
        if tail is not None:
            heads.append(tail)
        return max(heads, key=lambda h: h["seq"], default=None)

    @contextmanager
    def restoring(self, name: str, *,
                  log_head: Callable[[], dict[str, Any] | None]) -> Iterator[Session]:
        """A write session that puts the store back to backup `name` (the state it replaces is
        itself backed up by the commit, so a restore can be undone). The caller records the
        restore in the disclosure log inside it; it all commits at once or not at all.

        The whole backup is validated before anything is touched. Id counters never go back,
        so a record made after the backup never shares an id with one made after the restore.
        The disclosure log is not part of what a restore replaces: its recorded head stays
        where it is now, so entries after the backup cannot be cut off unnoticed. When meta
        itself was damaged, the furthest head known stands in: `log_head()` (the log's own
        last entry) or one a backup's meta recorded (the log's end alone would hide entries
        cut off it)."""
        self.require(restoring=True)
        folder = self.backup_path(name)
        backup_files = {p.stem: p for p in self.data_files(folder)}
        docs = {stem: self.load_file(p, "contacts" if stem.startswith("contacts-") else stem)
                for stem, p in backup_files.items()}
        if "meta" not in docs:
            raise StoreError(f"Backup {name} has no meta.json; pick another with `liaison restore --list`.")
        with self.write(replacing_all=True) as s:
            meta = docs["meta"]["meta"]["1"]
            counters = dict(meta.get("next", {}))
            for table, n in s.meta.get("next", {}).items():
                counters[table] = max(n, counters.get(table, 0))
            meta["next"] = counters
            head = s.meta.get("audit_head") or self._furthest_head(log_head)
            if head is not None:
                meta["audit_head"] = head
            else:
                meta.pop("audit_head", None)
            for p in self.data_files():
                if p.stem not in docs:
                    s.delete_file(p.stem)
            for stem, doc in docs.items():
                s.replace_file(stem, doc)
            yield s


def content_digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def meta_check(doc: dict[str, Any]) -> str:
    """The digest meta.json carries of itself (every field but the check, keys sorted): meta
    holds the id counters, the file records and the disclosure log's head, so a hand edit of
    it must be caught like one of any other file."""
    rec = {k: v for k, v in doc["meta"]["1"].items() if k != META_CHECK}
    body = {**doc, "meta": {**doc["meta"], "1": rec}}
    return content_digest(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))


def validate_document(doc: Any, kind: str, path: Path, schema: int | None = None) -> None:
    """Check one parsed store file's shape. `schema` is the store's version (None: unknown, so
    fields a migration adds may be missing)."""

    def bad(what: str) -> StoreError:
        return StoreError(
            f"The store file {path} fails validation ({what}); nothing was written — run "
            "`liaison restore --list` to pick a backup."
        )

    if not isinstance(doc, dict):
        raise bad("it is not a JSON object")
    if kind == "meta":
        meta = doc.get("meta", {}).get("1") if isinstance(doc.get("meta"), dict) else None
        if not isinstance(meta, dict) or type(meta.get("schema")) is not int:
            raise bad("no schema version")
        counters = meta.get("next", {})
        if not isinstance(counters, dict) or not all(type(v) is int and v >= 1
                                                     for v in counters.values()):
            raise bad("the id counters under `next` are not whole numbers")
        records = meta.get("files", {})
        if not isinstance(records, dict) or not all(
                isinstance(r, list) and len(r) == 3 and isinstance(r[0], str)
                and type(r[1]) is int and type(r[2]) is int for r in records.values()):
            raise bad("the file records under `files` are not [digest, size, time]")
        # A meta.json from before the check is accepted; the next write adds one. One from a
        # newer liaison may check itself differently: check_schema refuses it by its version.
        if META_CHECK in meta and meta["schema"] <= SCHEMA_VERSION \
                and meta[META_CHECK] != meta_check(doc):
            raise bad("it was changed outside liaison: its own check does not match")
        return
    required = {f: t for f, t in REQUIRED.get(kind, {}).items()
                if (schema or 1) >= ADDED_IN.get((kind, f), 0)}
    optional = OPTIONAL.get(kind, {})
    dates = DATE_FIELDS.get(kind, ())
    for table, rows in doc.items():
        if not isinstance(rows, dict):
            raise bad(f"table `{table}` is not an object")
        if kind not in REQUIRED:
            continue
        for key, rec in rows.items():
            if kind == "roster":
                if not isinstance(rec, list):
                    raise bad(f"row {key!r} of `{table}` is not a list")
                continue
            if not (key.isdigit() or kind == "summary") or not isinstance(rec, dict):
                raise bad(f"record {key!r} of `{table}` is not a record")
            for fname, ftype in required.items():
                if not isinstance(rec.get(fname), ftype):
                    raise bad(f"record {key} of `{table}`: field `{fname}` is missing or of the wrong type")
            for fname, ftype in optional.items():
                if fname in rec and not isinstance(rec[fname], ftype):
                    raise bad(f"record {key} of `{table}`: field `{fname}` is of the wrong type")
            for fname in dates:
                if not _DATE_RE.match(rec[fname]):
                    raise bad(f"record {key} of `{table}`: `{fname}` is not a YYYY-MM-DD date")
            for fname in PEOPLE_FIELDS.get(kind, ()):
                for i, person in enumerate(rec.get(fname, [])):
                    if not isinstance(person, dict) or not isinstance(person.get("name"), str):
                        raise bad(f"record {key} of `{table}`: entry {i + 1} of `{fname}` has no name")
            for fname in TEXT_LIST_FIELDS.get(kind, ()):
                if not all(isinstance(x, str) for x in rec.get(fname, [])):
                    raise bad(f"record {key} of `{table}`: `{fname}` holds something other than text")


# --------------------------------------------------------------------------- migrations


def _migrate_1_to_2(files: dict[str, dict[str, Any]]) -> None:
    """Schema 2 gave every family a `status` and every follow-up a `status`."""
    for rec in files.get("families", {}).get("families", {}).values():
        rec.setdefault("status", "active")
    for rec in files.get("followups", {}).get("followups", {}).values():
        rec.setdefault("status", "open")


MIGRATIONS: dict[int, Callable[[dict[str, dict[str, Any]]], None]] = {1: _migrate_1_to_2}


# --------------------------------------------------------------------------- session


class Session:
    """The tables as of the start of a command; on a writable session, the changes to commit."""

    def __init__(self, store: Store, writable: bool):
        self.store = store
        self.writable = writable
        self._files: dict[str, _File] = {}
        self._deleted: set[str] = set()
        self.after_commit: list[Callable[[], None]] = []
        self._staged = None  # staging.Staged: files placed only after the commit
        self.decided = False  # the commit passed its point of no return
        self._unrecorded: set[str] = set()  # files meta.json does not describe (check_untouched)
        self._views: dict[str, Any] = {}  # the typed record views, made on first use

    # ------------------------------------------------------------------ files leaving the store

    def stage_output(self, target: Path, data: bytes, *, durable: bool = True) -> None:
        """Write a letter or export that must appear at `target` only once this session's
        records (its disclosure entry, its contacts) are committed; see staging.py."""
        self._require_writable()
        from ..staging import Staged

        if self._staged is None:
            try:
                self._staged = Staged(self.store.home)
            except OSError as exc:
                raise disk_error(exc, "the letters") from None
        self._file("meta").storage.dirty = True  # the commit names the staging folder
        try:
            self._staged.add(target, data, durable=durable)
        except OSError as exc:
            raise disk_error(exc, "the letters") from None

    def settle_outputs(self) -> None:
        """Finish placing files a committed command staged, and drop those of commands that
        never committed (under the exclusive lock)."""
        from ..staging import settle

        try:
            meta = self.meta
        except StoreError:
            return  # a damaged meta: restore deals with it; staged files wait
        pending = meta.get("outputs")
        try:
            settle(self.store.home, pending if isinstance(pending, list) else [])
        except OSError as exc:
            raise StoreError(
                f"Letters or exports saved by an earlier command could not be moved into place "
                f"({exc.strerror or 'an I/O error'}); fix the destination folder and run the "
                "command again."
            ) from None
        meta.pop("outputs", None)  # written out with this session's commit, if it makes one

    def discard_outputs(self) -> None:
        if self._staged is not None:
            self._staged.discard()
            self._staged = None

    def place_outputs(self) -> None:
        if self._staged is None:
            return
        from ..staging import place

        staged, self._staged = self._staged, None
        try:
            place(staged.folder)
        except OSError as exc:
            raise StoreError(
                f"The letters or export were recorded but could not be moved into place "
                f"({exc.strerror or 'an I/O error'}); fix the destination folder and run any "
                "liaison command to finish."
            ) from None

    # ------------------------------------------------------------------ files and tables

    def _file(self, name: str) -> _File:
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
            f = _File(name, doc, record)
            self._files[name] = f
        return f

    def table(self, name: str) -> Table:
        if name not in TABLES and name not in MAIL_TABLES:
            raise KeyError(name)
        return self._file(name).db.table(name)

    def contacts_table(self, family_number: int) -> Table:
        return self._file(shard_name(family_number)).db.table("contacts")

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

    def caller(self) -> None:
        """Who this session runs as, in a team: nobody here (one liaison's own store); the
        district database answers {role, schools, supervisor, member}."""
        return None

    def team(self) -> list[dict[str, Any]]:
        """The team's members: none in one liaison's own store."""
        return []

    def family_index(self) -> dict[str, Any]:
        index = self._views.get("index")
        if index is None:
            from ..models import FamilyIndex

            make = FamilyIndex._make
            index = self._views["index"] = {k: make(row) for k, row in self.roster().items()}
        return index

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

    @property
    def audit_head(self) -> dict[str, Any] | None:
        """The disclosure log's head as this store last committed it ({seq, hash})."""
        return self.meta.get("audit_head")

    def set_audit_head(self, head: dict[str, Any]) -> None:
        self._set_meta("audit_head", head)

    @property
    def disclosures(self):
        """The disclosure log (json_disclosures.JsonDisclosures)."""
        rec = self._views.get("disclosures")
        if rec is None:
            from .json_disclosures import JsonDisclosures

            rec = self._views["disclosures"] = JsonDisclosures(self)
        return rec

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
        if rows is None or (rows and len(next(iter(rows.values()))) != _ROSTER_WIDTH):
            self._rebuild_roster()  # a store from before the roster, or before one of its fields
        return self._file(ROSTER).storage.document.get("roster", {})

    def _rebuild_roster(self) -> None:
        from ..models import roster_row

        f = self._file(ROSTER)
        f.storage.document = {"roster": {k: roster_row(v) for k, v in self.raw("families").items()}}
        f.storage.dirty = self.writable
        self._views.pop("index", None)

    def _rebuild_summary(self, shards) -> None:
        from ..models import summarize_contacts

        f = self._file(SUMMARY)
        rows = dict(f.storage.document.get("summary", {}))
        for i in shards:
            for fid in [k for k in rows if int(k[1:]) % CONTACT_SHARDS == i]:
                del rows[fid]
            rows.update(summarize_contacts(self.raw(f"contacts-{i:02d}").items()))
        f.storage.document = {"summary": rows}
        f.storage.dirty = self.writable

    def raw(self, name: str) -> dict[str, dict[str, Any]]:
        """The stored rows of a table, keyed by id: the fast path for listings. Do not mutate."""
        return self._file(name).storage.document.get(name.split("-")[0], {})

    @property
    def meta(self) -> dict[str, Any]:
        return self._file("meta").storage.document["meta"]["1"]

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
            raise self.store.missing_error(self.store.path_of(min(expected)))

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

    @property
    def store_id(self) -> str:
        """This store's own id (for calendar UIDs that never collide with another liaison's).
        Made at random with the store; an older store without one reads a stable digest of its
        creation time, and keeps that digest as its id on its next write."""
        sid = self.meta.get("store_id")
        if isinstance(sid, str) and sid:
            return sid
        import hashlib

        seed = str(self.meta.get("created") or self.store.root.resolve())
        return hashlib.sha256(f"liaison-store:{seed}".encode()).hexdigest()[:16]

    def _set_meta(self, key: str, value: Any) -> None:
        f = self._file("meta")
        f.storage.document["meta"]["1"][key] = value
        f.storage.dirty = True

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

    def _max_id(self, table: str) -> int:
        if table == "contacts":
            return max((int(k) for i in range(CONTACT_SHARDS)
                        for k in self.raw(f"contacts-{i:02d}")), default=0)
        return max((int(k) for k in self.raw(table)), default=0)

    def insert(self, table: Table, number: int, record: dict[str, Any]) -> None:
        self._require_writable()
        from tinydb.table import Document

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
        f = _File(name, document)
        f.storage.dirty = True
        self._files[name] = f
        self._deleted.discard(name)

    def delete_file(self, name: str) -> None:
        self._require_writable()
        self._files.pop(name, None)
        self._deleted.add(name)

    def touch_all(self) -> None:
        """Mark every file dirty (re-encoding the whole store)."""
        for p in self.store.data_files():
            self._file(p.stem).storage.dirty = True

    # ------------------------------------------------------------------ commit

    def commit(self) -> None:
        if not self.writable:
            return
        shards = [int(n[-2:]) for n, f in self._files.items()
                  if n.startswith("contacts-") and f.storage.dirty]
        if shards:
            self._rebuild_summary(shards)
        if "families" in self._files and self._files["families"].storage.dirty:
            self._rebuild_roster()
        if not self.meta.get("store_id") and any(f.storage.dirty for f in self._files.values()):
            self._set_meta("store_id", self.store_id)  # the digest it read as, kept: UIDs stay put
        dirty = {n: f for n, f in self._files.items() if f.storage.dirty}
        deletes = [n for n in self._deleted if self.store.path_of(n).exists()]
        if not dirty and not deletes:
            return
        root = self.store.root
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H-%M-%S.%f")
        temps: list[tuple[Path, Path]] = []
        # Record each new file's digest, size and modification time in meta (see Store.load_file
        # and Session.check_untouched): the next command can trust what this one wrote without
        # checking it record by record, and still notices any file changed behind its back.
        # os.replace keeps a file's mtime, so the temporary file's stat is the final file's.
        records = dict(self.meta.get("files", {}))
        for n in deletes:
            records.pop(n, None)
        for name, f in self._files.items():
            # Files this session read but did not change: an older store's files get their
            # record here, so a later deletion of any of them is noticed (check_present).
            if name != "meta" and name not in records and f.record is not None:
                records[name] = f.record
        # A record only for files there after this commit (a restore that replaces meta by a
        # backup's, whose record may name a file the backup lacks); other writes checked at
        # their start that every recorded file is there.
        records = {n: r for n, r in records.items()
                   if n in dirty or (n not in deletes and self.store.path_of(n).exists())}
        try:
            for name, f in dirty.items():
                if name == "meta":
                    continue
                plain_json = dumps(f.storage.document)
                tmp = write_temp(root, f"{name}.json", self.store.codec.encode(plain_json))
                temps.append((tmp, self.store.path_of(name)))
                st = os.stat(tmp)
                records[name] = [content_digest(plain_json), st.st_size, st.st_mtime_ns]
            self._set_meta("files", records)
            if self._staged is not None and self._staged.moves:
                self._staged.write_manifest()
                self._set_meta("outputs", [self._staged.folder.name])
            meta = self._files["meta"]
            meta.storage.document["meta"]["1"].pop("digests", None)  # the older, digest-only record
            meta.storage.document["meta"]["1"][META_CHECK] = meta_check(meta.storage.document)
            tmp = write_temp(root, "meta.json", self.store.codec.encode(dumps(meta.storage.document)))
            temps.append((tmp, self.store.meta_path))
            dirty["meta"] = meta
            if len(temps) > 1 or deletes:
                plan = {"moves": [[t.name, p.name] for t, p in temps],
                        "deletes": [self.store.path_of(n).name for n in deletes]}
                atomic_write(root / "journal.json", orjson.dumps(plan))
        except OSError as exc:
            for t, _ in temps:
                _unlink_quiet(t)
            # The journal may have landed before the error (its folder fsync failed): its moves
            # are gone with the temps, and its deletes alone would leave a state between.
            _unlink_quiet(root / "journal.json")
            raise disk_error(exc, "your change") from None
        # From here on the change is decided: the journal (or the single rename) carries it.
        self.decided = True
        try:
            self.store._snapshot(stamp)
        except OSError:
            pass  # a backup that cannot be made must not stop the write itself
        try:
            for tmp, target in temps:
                os.replace(tmp, target)
            for n in deletes:
                _unlink_quiet(self.store.path_of(n))
            fsync_dir(root)
        except OSError as exc:
            if len(temps) == 1 and not deletes and temps[0][0].exists():
                _unlink_quiet(temps[0][0])
                self.decided = False  # the one rename that carried the change did not happen
                raise disk_error(exc, "your change") from None
            raise StoreError(
                f"Your change was recorded but could not be finished ({exc.strerror or 'an I/O error'}); "
                "run any liaison command to complete it once the disk is fixed."
            ) from None
        _unlink_quiet(root / "journal.json")
        for f in dirty.values():
            f.storage.dirty = False
        self._deleted.clear()


# --------------------------------------------------------------------------- typed record access
#
# What services use (see storage/__init__.py): each kind of record behind the same small set of
# operations, keyed by its number. Nothing outside this package sees a TinyDB table, a doc id, a
# contact shard or a roster row.


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
        home language, barriers, guardians' languages, students' schools); here the whole
        records, which this store holds in memory already."""
        return self._s.raw("families")

    def unreachable_candidates(self, attempts: int, cutoff: str) -> dict[str, tuple[Any, dict]]:
        """The active families that may be unreachable: per number, (FamilyIndex, its contact
        summary or {}); here every active family (the caller judges each)."""
        summary = self._s.summary()
        return {k: (row, summary.get(f"F{k}") or {})
                for k, row in self._s.family_index().items() if row.status == "active"}

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


class JsonContacts:
    """The contact log. Kept in files split by family number; callers name the family."""

    __slots__ = ("_s",)
    kind = "contacts"

    def __init__(self, session: Session):
        self._s = session

    def rows(self) -> dict[str, dict[str, Any]]:
        """Every contact, keyed by number as text (reads the whole log: reports, exports)."""
        out: dict[str, dict[str, Any]] = {}
        for i in range(CONTACT_SHARDS):
            out.update(self._s.raw(f"contacts-{i:02d}"))
        return out

    def of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        """The contacts of one family (F7), keyed by number as text."""
        return {k: c for k, c in self._s.raw(shard_name(_family_number(family_id))).items()
                if c.get("family_id") == family_id}

    def add(self, record: dict[str, Any]) -> int:
        number = self._s.next_id("contacts")
        self._s.insert(self._s.contacts_table(_family_number(record["family_id"])), number, record)
        return number

    def add_many(self, records: list[dict[str, Any]]) -> list[int]:
        """Several new contacts at once (a mail merge): one pass per file, not per letter."""
        self._s._require_writable()
        numbers = [self._s.next_id("contacts") for _ in records]
        by_shard: dict[int, list[Any]] = {}
        for n, rec in zip(numbers, records, strict=True):
            by_shard.setdefault(_family_number(rec["family_id"]) % CONTACT_SHARDS, []).append((n, rec))
        for shard, docs in by_shard.items():
            table = self._s.contacts_table(shard)
            table.insert_multiple([table.document_class(rec, doc_id=n) for n, rec in docs])
        return numbers

    def update(self, number: int | str, changes: dict[str, Any], *, family_id: str) -> None:
        self._s._require_writable()
        table = self._s.contacts_table(_family_number(family_id))
        if not table.contains(doc_id=int(number)):
            raise NotFoundError(f"No contact C{number} for {family_id}.")
        table.update(changes, doc_ids=[int(number)])

    def remove_family(self, family_id: str) -> int:
        """Delete every contact of one family (forget); how many went."""
        self._s._require_writable()
        name = shard_name(_family_number(family_id))
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
        """The contacts dated from `start` to `end` (ISO dates, both included), by number."""
        return {k: c for k, c in self.rows().items() if start <= c.get("date", "")[:10] <= end}

    def first_dates(self) -> dict[str, str]:
        """Per family id: the date of its first contact (families with none left out)."""
        out: dict[str, str] = {}
        for c in self.rows().values():
            day, fid = c.get("date", ""), c.get("family_id", "")
            if day and (fid not in out or day < out[fid]):
                out[fid] = day
        return out

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
            shards[_family_number(c["family_id"]) % CONTACT_SHARDS][str(k)] = c
        for i, docs in shards.items():
            self._s.replace_file(f"contacts-{i:02d}", {"contacts": docs})


def _family_number(family_id: str) -> int:
    return int(str(family_id)[1:])
