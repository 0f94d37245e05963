"""The folder store: one liaison's records in a folder of JSON files under the home folder.

`Store` opens sessions (a shared lock to read, the exclusive lock to write, lock.py), finishes a
commit a crash interrupted before anyone reads (journal.py), and stands for the folder in
whole-store work: its backups (backups.py), forgetting a family in them (upkeep.py),
re-encoding it (recode.py; those two load only when they run). A store folder with files or backups but no meta.json is damaged,
not new (check_not_orphaned): meta.json holds the id counters, so a forgotten family's id is
never reused.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...config import ensure_private_dir
from ...config.files import atomic_write
from ...errors import LockedError, NotFoundError, StoreError
from . import backups
from .journal import recover
from .layout import (
    AUDIT_LOG_NAME,
    ENCRYPTED_MAGIC,
    META_CHECK,
    SCHEMA_VERSION,
    Codec,
    dumps,
    meta_check,
)
from .lock import locked
from .session import Session
from .validate import load_tracked

if TYPE_CHECKING:
    from .recode import Recoded


class Store:
    def __init__(self, home: Path, *, lock_timeout: float = 10.0, codec: Codec | None = None):
        self.home = home
        self.root = home / "store"
        self.backups = home / "backups"
        self.lock_timeout = lock_timeout
        self.codec = codec or Codec()
        self._reading: Session | None = None  # the read session open now (read() nests)

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
                                  "store_id": os.urandom(8).hex()}}}
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

    # ------------------------------------------------------------------ sessions

    def _lock(self, exclusive: bool) -> AbstractContextManager[None]:
        return locked(self.root, exclusive, self.lock_timeout)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent read-only view (shared lock). A read inside a read is the same session:
        a screen made of several services' answers (`today`) reads each file once, from one
        snapshot."""
        if self._reading is not None:
            yield self._reading
            return
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
                self._reading = session
                try:
                    yield session
                finally:
                    self._reading = None
                return
        raise LockedError("Another liaison command keeps changing the store; run this again.")

    @contextmanager
    def write(self, *, replacing_all: bool = False) -> Iterator[Session]:
        """Read, change and commit under the exclusive lock; nothing is written on error.

        `replacing_all` is for restore: it writes every file anew, so damaged files are not
        checked first (they are what it repairs)."""
        self.require(restoring=replacing_all)
        with self._lock(exclusive=True):
            recover(self.root, self.codec)
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
        """Finish a commit a crash interrupted, and drop orphan temporary files (journal.py)."""
        with self._lock(exclusive=True):
            recover(self.root, self.codec)

    # ------------------------------------------------------------------ reading files

    def load_file(self, path: Path, kind: str, schema: int | None = None,
                  digest: str | None = None) -> dict[str, Any]:
        """Parse and validate one store file (validate.load_tracked); raises StoreError naming
        file and position. A file that is not there reads as empty (a backup from before it
        existed)."""
        return self.load_tracked(path, kind, schema, digest)[0]

    def load_tracked(self, path: Path, kind: str, schema: int | None = None,
                     digest: str | None = None, *, required: bool = False
                     ) -> tuple[dict[str, Any], list[Any] | None]:
        """load_file, also giving the file's record for meta.json ([digest, size, mtime], None
        when it is not there); decoded with this store's codec (see validate.load_tracked)."""
        return load_tracked(path, kind, self.codec, schema, digest, required=required)

    # ------------------------------------------------------------------ backups (backups.py)

    def list_backups(self) -> list[Path]:
        return backups.list_backups(self)

    def _snapshot(self, stamp: str) -> None:
        """Back up the files as they are, before a commit's moves."""
        backups.snapshot(self, stamp)

    def backup_counts(self, name: str) -> tuple[int, int]:
        """How many families and open follow-ups backup `name` holds; raises a LiaisonError
        when one of those files is damaged or cannot be read."""
        return backups.backup_counts(self, name)

    def restoring(self, name: str, *, log_head: Callable[[], dict[str, Any] | None]
                  ) -> AbstractContextManager[Session]:
        """A write session that puts the store back to backup `name`; the caller records the
        restore in the disclosure log inside it (see backups.restoring)."""
        return backups.restoring(self, name, log_head=log_head)

    # ------------------------------------------------------------------ upkeep

    def require_folder_store(self, command: str) -> None:
        """Nothing to stop: restore, encrypt and decrypt are this store's (the district
        database refuses them)."""

    def own_paths(self) -> list[Path]:
        """What this backend keeps under the home folder (the store, its backups, the
        disclosure log): never one of the liaison's own files to scrub or list."""
        return [self.root, self.backups, self.home / AUDIT_LOG_NAME]

    # Whole-store upkeep imports its module (upkeep.py, recode.py and crypto.py) in the method,
    # not at the top: only forget, encrypt and decrypt need it, and every command that opens
    # the store would pay for loading it (start-up).

    def find_in_backups(self, kind: str, number: int) -> dict[str, Any] | None:
        """Record `number` of `kind` as the newest backup holding it has it (None: none does);
        forget uses it to finish for a family already gone from the store."""
        from .upkeep import record_in_backups  # here, not at the top: see above

        return record_in_backups(self, kind, number)

    def forget_in_backups(self, family_id: str) -> tuple[int, int, list[str]]:
        """Rewrite every backup without one family's records. Returns (backups rewritten,
        files written, names of backups dropped because a file in them could not be read).
        Call under the write lock (from a write session's after_commit)."""
        from .upkeep import forget_in_backups  # here, not at the top: see above

        return forget_in_backups(self, family_id)

    def encrypt(self, passphrase: str) -> Recoded:
        """Encrypt the store and every backup (or finish an interrupted run)."""
        from .recode import encrypt  # here, not at the top: see above

        return encrypt(self, passphrase)

    def decrypt(self, passphrase: str = "") -> Recoded:
        """Store and backups as plain JSON again (or finish an interrupted run, with `passphrase`)."""
        from .recode import decrypt  # here, not at the top: see above

        return decrypt(self, passphrase)

    def decrypt_unfinished(self) -> bool:
        """Whether an interrupted decrypt left files encrypted in a store that opens plain."""
        from .recode import decrypt_unfinished  # here, not at the top: see above

        return decrypt_unfinished(self)
