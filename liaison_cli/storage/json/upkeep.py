"""Rewriting every backup of the folder store without one family's records (forget): Store's
find_in_backups and forget_in_backups call these, and re-encoding (recode.py) rewrites the
backups through rewrite_backups too.

Backups share inodes through hard links (backups.py). Nothing here edits a backup file in
place: a new file is written next to it and moved over it, and the paths that shared one inode
share the new one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ...config.files import fsync_dir, write_temp
from ...errors import CryptoError, StoreError
from .layout import TMP_RE, dumps

if TYPE_CHECKING:
    from .store import Store

# Tables whose records belong to one family through their `family_id`.
_FAMILY_RECORDS = ("contacts", "followups", "referrals", "outbox")


class _Unreadable(Exception):
    """A backup file that cannot be decoded or parsed: its backup folder is dropped."""


def rewrite_backups(store: Store, transform: Callable[[str, bytes], bytes | None]) -> tuple[int, int, list[str]]:
    """Run `transform(file name, bytes) -> new bytes | None` over every backup file and write
    the changed ones as new files (never in place: backups share inodes with each other and
    with the store). Paths that shared an inode share the new one. Returns (folders changed,
    files written, folders dropped because a file could not be read)."""
    root = store.backups
    if not root.exists():
        return 0, 0, []
    for leftover in root.glob(".*.partial"):  # snapshots a crash cut short
        shutil.rmtree(leftover, ignore_errors=True)
    groups: dict[tuple[int, int], list[Path]] = {}
    for folder in store.list_backups():
        for p in folder.iterdir():
            if TMP_RE.match(p.name):
                p.unlink(missing_ok=True)
        for p in store.data_files(folder):
            st = p.stat()
            groups.setdefault((st.st_dev, st.st_ino), []).append(p)
    changed: set[Path] = set()
    drop: set[Path] = set()
    written = 0
    counter = 0
    for paths in sorted(groups.values(), key=lambda ps: (ps[0].name == "families.json", str(ps[0]))):
        first = paths[0]
        try:
            new = transform(first.name, first.read_bytes())
        except _Unreadable:
            drop.update(p.parent for p in paths)
            continue
        if new is None:
            continue
        tmp = write_temp(first.parent, first.name, new)
        os.replace(tmp, first)
        for other in paths[1:]:
            counter += 1
            link = other.parent / f".{other.name}.tmp-{os.getpid()}-9{counter:08d}"
            try:
                os.link(first, link)
            except (OSError, AttributeError):  # no hard links here (or no os.link at all)
                link = write_temp(other.parent, other.name, new)
            os.replace(link, other)
        written += len(paths)
        changed.update(p.parent for p in paths)
    for folder in changed | drop:
        if folder in drop:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            fsync_dir(folder)
    return len(changed - drop), written, sorted(p.name for p in drop)


def record_in_backups(store: Store, kind: str, number: int) -> dict[str, Any] | None:
    """Record `number` of `kind` as the newest backup that holds it has it (None: none does)."""
    for folder in store.list_backups():
        path = folder / f"{kind}.json"
        try:
            doc = orjson.loads(store.codec.decode(path.read_bytes(), path))
        except (OSError, orjson.JSONDecodeError, CryptoError, StoreError):
            continue
        rec = (doc.get(kind) or {}).get(str(number)) if isinstance(doc, dict) else None
        if isinstance(rec, dict):
            return rec
    return None


def without_family(table: str, rows: dict[str, Any], family_id: str) -> tuple[dict[str, Any], int]:
    """`rows` of one stored table (a contact shard's table is "contacts") without one family's
    records; the same object when nothing changed. Records kept are the very same dicts, so they dump to the same bytes."""
    number = int(family_id[1:])
    if table in ("families", "roster", "report"):  # roster.json and report.json: keyed like families
        key = str(number)
        if key not in rows:
            return rows, 0
        return {k: v for k, v in rows.items() if k != key}, 1
    if table in _FAMILY_RECORDS:
        gone = {k for k, v in rows.items() if isinstance(v, dict) and v.get("family_id") == family_id}
        if not gone:
            return rows, 0
        return {k: v for k, v in rows.items() if k not in gone}, len(gone)
    if table == "events":
        hit = [k for k, v in rows.items() if isinstance(v, dict)
               and (family_id in (v.get("invited") or []) or family_id in (v.get("attended") or []))]
        if not hit:
            return rows, 0
        out = dict(rows)
        for k in hit:
            rec = dict(rows[k])
            for name in ("invited", "attended"):
                if isinstance(rec.get(name), list):
                    rec[name] = [x for x in rec[name] if x != family_id]
            out[k] = rec
        return out, len(hit)
    # Anything else keyed by family id (the contact summary) or holding a family_id.
    gone = {k for k, v in rows.items()
            if k == family_id or (isinstance(v, dict) and v.get("family_id") == family_id)}
    if not gone:
        return rows, 0
    return {k: v for k, v in rows.items() if k not in gone}, len(gone)


def forget_in_backups(store: Store, family_id: str) -> tuple[int, int, list[str]]:
    """Rewrite every backup without one family's records (families.json of each last, so a run
    cut short still finds the family there and can finish). Returns (backups rewritten, files
    written, backups dropped because a file could not be read)."""

    def transform(name: str, data: bytes) -> bytes | None:
        if name.removesuffix(".json") == "meta":
            return None
        try:
            doc = orjson.loads(store.codec.decode(data, Path(name)))
        except (orjson.JSONDecodeError, CryptoError, StoreError):
            raise _Unreadable() from None
        if not isinstance(doc, dict):
            raise _Unreadable()
        new_doc: dict[str, Any] = {}
        dirty = False
        for table, rows in doc.items():
            if not isinstance(rows, dict):
                raise _Unreadable()
            new_rows, _n = without_family(table, rows, family_id)
            dirty |= new_rows is not rows
            new_doc[table] = new_rows
        return store.codec.encode(dumps(new_doc)) if dirty else None


    return rewrite_backups(store, transform)
