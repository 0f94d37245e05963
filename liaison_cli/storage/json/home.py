"""A home folder's store files, looked at without opening the store: what encryption at rest
(../crypto.py) and the command line need before a passphrase is known. Directory listings and
header reads only; nothing parsed, nothing heavy imported."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .journal import recover
from .layout import ENCRYPTED_MAGIC, Codec
from .lock import locked

# How long finish_interrupted waits for the lock: Store's default.
LOCK_TIMEOUT = 10.0


def meta_file(home: Path) -> Path:
    """The store file whose header tells how the store in `home` is encoded (its encryption,
    its store salt): meta.json, which every commit writes last."""
    return home / "store" / "meta.json"


def finish_interrupted(home: Path) -> None:
    """Finish a commit a kill interrupted in the store in `home`, if there is one (one stat
    when there is not)."""
    root = home / "store"
    if (root / "journal.json").exists():
        with locked(root, exclusive=True, timeout=LOCK_TIMEOUT):
            recover(root, Codec())


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
