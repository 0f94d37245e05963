"""The store's files as TinyDB sees them: each file parsed once per session and held in memory.

TinyDB re-reads its storage on every operation, and its own JSONStorage rewrites its file in
place (a kill or a full disk leaves a cut-off file). Here TinyDB's storage hands back the parsed
document held for the session, and a write only marks the file dirty: the session commits it
through the atomic writer and the journal (commit.py). tinydb is imported on first use only, so
read-only listings that read the rows directly (`Session.raw`) never load it.
"""

from __future__ import annotations

from typing import Any


class Doc:
    """One parsed file held in memory for the session, and whether it changed."""

    __slots__ = ("document", "dirty")

    def __init__(self, document: dict[str, Any]):
        self.document = document
        self.dirty = False


_storage_class = None


def memory_storage_class():
    """A TinyDB storage over a `Doc` (built on first use, so read-only listings that only need
    `Session.raw` never import tinydb).

    TinyDB calls `read()` on every operation; handing back the parsed document avoids
    re-reading the file. `write()` only marks the file dirty: the session commits it.
    """
    global _storage_class
    if _storage_class is None:
        from tinydb.storages import Storage  # here, not at the top: start-up (see above)

        class MemoryBackedStorage(Storage):
            def __init__(self, doc: Doc):
                self.doc = doc

            def read(self) -> dict[str, Any]:
                return self.doc.document

            def write(self, data: dict[str, Any]) -> None:
                self.doc.document = data
                self.doc.dirty = True

        _storage_class = MemoryBackedStorage
    return _storage_class


class LoadedFile:
    """One store file as a session holds it: its document (`storage`), the record meta.json
    keeps of it as it was read, and a TinyDB over it made on first use (`db`)."""

    def __init__(self, name: str, document: dict[str, Any], record: list[Any] | None = None):
        self.name = name
        self.storage = Doc(document)
        # [digest, size, mtime] of the file as read (None: not read from disk), for meta's record.
        self.record = record
        self._db = None

    @property
    def db(self):
        if self._db is None:
            from tinydb import TinyDB  # here, not at the top: start-up (see the module's note)

            self._db = TinyDB(storage=memory_storage_class(), doc=self.storage)
            self._db.default_table_name = self.name.split("-")[0]
        return self._db
