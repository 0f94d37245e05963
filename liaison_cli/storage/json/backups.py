"""The folder store's backups: `backups/<stamp>/`, the files as they were before each of the last
BACKUPS_KEPT writes, and restoring one. Store's methods of the same names call these.

A backup costs one hard link per file: `os.replace` gives the store a new inode and the old one
lives on in the backup folder. Where links are not supported the file is copied.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...config import ensure_private_dir
from ...errors import LiaisonError, NotFoundError, StoreError
from .layout import BACKUPS_KEPT

if TYPE_CHECKING:
    from .session import Session
    from .store import Store


def list_backups(store: Store) -> list[Path]:
    """The backup folders, newest first (half-made or half-deleted hidden ones left out)."""
    if not store.backups.exists():
        return []
    return sorted((p for p in store.backups.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  reverse=True)


def snapshot(store: Store, stamp: str) -> None:
    """Back up the store's files as they are now (a commit's, before its moves), and drop the
    backups past the last BACKUPS_KEPT."""
    files = store.data_files()
    if not files:
        return
    ensure_private_dir(store.backups)
    folder = store.backups / stamp
    n = 0
    while folder.exists():
        n += 1
        folder = store.backups / f"{stamp}-{n}"
    import shutil  # only when a backup is made (start-up of every read)

    tmp = store.backups / f".{folder.name}.partial"
    tmp.mkdir(mode=0o700)
    for f in files:
        try:
            os.link(f, tmp / f.name)
        except (OSError, AttributeError, NotImplementedError):
            shutil.copy2(f, tmp / f.name)  # a file system (or a platform) without links
    os.replace(tmp, folder)
    for old in list_backups(store)[BACKUPS_KEPT:]:
        # Out of the list first, so a kill half-way through never leaves a partial backup
        # that `restore --list` would offer.
        doomed = store.backups / f".{old.name}.partial"
        try:
            os.replace(old, doomed)
        except OSError:
            doomed = old
        shutil.rmtree(doomed, ignore_errors=True)
    for leftover in store.backups.glob(".*.partial"):
        if leftover != tmp:
            shutil.rmtree(leftover, ignore_errors=True)


def backup_path(store: Store, name: str) -> Path:
    folder = store.backups / name
    if not name or "/" in name or name.startswith(".") or not folder.is_dir():
        raise NotFoundError(f"No backup called {name!r}; run `liaison restore --list` to see them.")
    return folder


def backup_counts(store: Store, name: str) -> tuple[int, int]:
    """How many families and open follow-ups backup `name` holds; raises a LiaisonError
    when one of those files is damaged or cannot be read."""
    folder = backup_path(store, name)
    fam = store.load_file(folder / "families.json", "families").get("families", {})
    fus = store.load_file(folder / "followups.json", "followups").get("followups", {})
    return len(fam), sum(1 for f in fus.values() if f.get("status") == "open")


def furthest_head(store: Store,
                  log_head: Callable[[], dict[str, Any] | None]) -> dict[str, Any] | None:
    """The disclosure log's head as far as anything still tells: the head each readable
    backup's meta.json recorded, and the log's own last entry. On a tie a meta's head wins:
    liaison wrote it, while the log's end may have been edited."""
    heads = []
    for folder in list_backups(store):
        try:
            doc = store.load_file(folder / "meta.json", "meta")
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
def restoring(store: Store, name: str, *,
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
    store.require(restoring=True)
    folder = backup_path(store, name)
    backup_files = {p.stem: p for p in store.data_files(folder)}
    docs = {stem: store.load_file(p, "contacts" if stem.startswith("contacts-") else stem)
            for stem, p in backup_files.items()}
    if "meta" not in docs:
        raise StoreError(f"Backup {name} has no meta.json; pick another with `liaison restore --list`.")
    with store.write(replacing_all=True) as s:
        meta = docs["meta"]["meta"]["1"]
        counters = dict(meta.get("next", {}))
        for table, n in s.meta.get("next", {}).items():
            counters[table] = max(n, counters.get(table, 0))
        meta["next"] = counters
        head = s.meta.get("audit_head") or furthest_head(store, log_head)
        if head is not None:
            meta["audit_head"] = head
        else:
            meta.pop("audit_head", None)
        for p in store.data_files():
            if p.stem not in docs:
                s.delete_file(p.stem)
        for stem, doc in docs.items():
            s.replace_file(stem, doc)
        yield s
