"""How a write session of the folder store commits: all or nothing, however many files.

Every changed file is written to a private temporary file beside it (files.write_temp) with
its digest, size and time recorded in meta.json, which is written last. A change of one file is
one rename; a change of several is made atomic by the redo journal (journal.py): `journal.json`
lists the moves, then the moves happen. The store's files as they were are backed up first
(backups.py).

Letters and exports a command writes are staged until the commit (../staging.py): they appear only
once the records that say they were sent are saved.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import orjson

from ...config import (
    files,  # as a module, so a stand-in for files.write_temp sees every file written
)
from ...errors import StoreError
from ..files import disk_error
from .layout import META_CHECK, content_digest, dumps, meta_check

# staging.py is imported in the methods that use it, not at the top: a read-only session never
# needs it, and every command pays for what the store imports (start-up).


class SessionCommit:
    """Session's commit and the files it places after it (session.py)."""

    # ------------------------------------------------------------------ files leaving the store

    def stage_output(self, target: Path, data: bytes, *, durable: bool = True) -> None:
        """Write a letter or export that must appear at `target` only once this session's
        records (its disclosure entry, its contacts) are committed; see ../staging.py."""
        self._require_writable()
        from ..staging import Staged  # here, not at the top: see above

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
        from ..staging import settle  # here, not at the top: see above

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
        from ..staging import place  # here, not at the top: see above

        staged, self._staged = self._staged, None
        try:
            place(staged.folder)
        except OSError as exc:
            raise StoreError(
                f"The letters or export were recorded but could not be moved into place "
                f"({exc.strerror or 'an I/O error'}); fix the destination folder and run any "
                "liaison command to finish."
            ) from None

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
                tmp = files.write_temp(root, f"{name}.json", self.store.codec.encode(plain_json))
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
            tmp = files.write_temp(root, "meta.json", self.store.codec.encode(dumps(meta.storage.document)))
            temps.append((tmp, self.store.meta_path))
            dirty["meta"] = meta
            if len(temps) > 1 or deletes:
                plan = {"moves": [[t.name, p.name] for t, p in temps],
                        "deletes": [self.store.path_of(n).name for n in deletes]}
                files.atomic_write(root / "journal.json", orjson.dumps(plan))
        except OSError as exc:
            for t, _ in temps:
                files.unlink_quiet(t)
            # The journal may have landed before the error (its folder fsync failed): its moves
            # are gone with the temps, and its deletes alone would leave a state between.
            files.unlink_quiet(root / "journal.json")
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
                files.unlink_quiet(self.store.path_of(n))
            files.fsync_dir(root)
        except OSError as exc:
            if len(temps) == 1 and not deletes and temps[0][0].exists():
                files.unlink_quiet(temps[0][0])
                self.decided = False  # the one rename that carried the change did not happen
                raise disk_error(exc, "your change") from None
            raise StoreError(
                f"Your change was recorded but could not be finished ({exc.strerror or 'an I/O error'}); "
                "run any liaison command to complete it once the disk is fixed."
            ) from None
        files.unlink_quiet(root / "journal.json")
        for f in dirty.values():
            f.storage.dirty = False
        self._deleted.clear()
