"""Whole-store upkeep of the JSON backend: rewriting every backup (forget), and re-encoding the
store and its backups (encrypt, decrypt). Store's methods of the same names call these.

Backups share inodes through hard links (see json_store). Nothing here edits a backup file in
place: a new file is written next to it and moved over it, and the paths that shared one inode
share the new one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import CryptoError, StoreError
from .json_store import _TMP_RE, Codec, dumps, fsync_dir, write_temp

if TYPE_CHECKING:
    from .json_store import Store

# Tables whose records belong to one family through their `family_id`.
_FAMILY_RECORDS = ("contacts", "followups", "referrals", "outbox")


# --------------------------------------------------------------------------- backups


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
            if _TMP_RE.match(p.name):
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
    if table in ("families", "roster"):  # the roster is derived from families, keyed alike
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


# --------------------------------------------------------------------------- encryption


@dataclass
class Recoded:
    """What an `encrypt` or `decrypt` did."""

    encrypted: bool
    already: bool = False
    store_files: int = 0
    backup_files: int = 0
    backups_dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def encrypt(store: Store, passphrase: str) -> Recoded:
    """Encrypt the store and every backup with `passphrase`. On a store that is already
    encrypted (opened with its passphrase), finish what an interrupted run left plain: store
    files, backup files and the snapshots a kill left half-made."""
    from ..crypto import EncryptedCodec, check_passphrase_text, unencrypted_files

    store.require()
    if store.codec.encrypted:
        result = Recoded(encrypted=True, already=True)
        store_left = [p for p in unencrypted_files(store.home) if p.parent == store.root]
        _finish(store, store.codec, store.codec, result, store_left)
        return result
    if store.is_encrypted():
        raise CryptoError("The store is already encrypted; set LIAISON_PASSPHRASE to open it.")
    check_passphrase_text(passphrase)
    return _recode(store, EncryptedCodec(passphrase), encrypted=True)


def decrypt_unfinished(store: Store) -> bool:
    """Whether the store is plain but an interrupted `decrypt` left files encrypted (so
    `decrypt` needs the passphrase again to finish)."""
    from ..crypto import encrypted_files

    return not store.codec.encrypted and bool(encrypted_files(store.home))


def decrypt(store: Store, passphrase: str = "") -> Recoded:
    """Write the store and every backup as plain JSON again (the store was opened with its
    passphrase, so `store.codec` can read it). On a store that is already plain, finish what
    an interrupted run left encrypted, with `passphrase`."""
    from ..crypto import encrypted_files

    store.require()
    if store.codec.encrypted:
        return _recode(store, Codec(), encrypted=False)
    if store.is_encrypted():
        raise CryptoError("The store is encrypted; set LIAISON_PASSPHRASE or run on a terminal to be asked.")
    left = encrypted_files(store.home)
    if not left:
        # Nothing left encrypted: already decrypted (or never encrypted, or a run killed after
        # its last file). Like `encrypt` on an encrypted store, a no-op, not an error.
        return Recoded(encrypted=False, already=True)
    reader = _codec_opening(left, passphrase)
    result = Recoded(encrypted=False, already=True)
    _finish(store, reader, Codec(), result, [p for p in left if p.parent == store.root])
    return result


def _codec_opening(files: list[Path], passphrase: str) -> Codec:
    """A codec with `passphrase` that opens at least one of the encrypted `files`."""
    from ..crypto import EncryptedCodec, store_salt_of

    if not passphrase:
        raise CryptoError("Some backups are still encrypted from an interrupted `liaison decrypt`; "
                          "set LIAISON_PASSPHRASE or run on a terminal to be asked, to finish it.")
    codec = EncryptedCodec(passphrase)
    tried: set[bytes | None] = set()
    for p in files:
        try:
            data = p.read_bytes()
        except OSError:
            continue
        if store_salt_of(data) in tried:
            continue
        tried.add(store_salt_of(data))
        try:
            codec.decode(data, p)
        except (CryptoError, StoreError):
            continue
        return codec
    raise CryptoError("The passphrase is wrong; type it again, or set LIAISON_PASSPHRASE to the "
                      "passphrase the store was encrypted with.")


def _recode(store: Store, new: Codec, *, encrypted: bool) -> Recoded:
    old = store.codec
    result = Recoded(encrypted=encrypted)
    try:
        with store.write() as s:
            s.touch_all()  # every file is read with the old codec before the switch
            result.store_files = len(store.data_files())
            store.codec = new
            s.after_commit.append(lambda: _recode_backups(store, old, new, result))
    except BaseException:
        store.codec = old
        raise
    return result


def _finish(store: Store, reader: Codec, writer: Codec, result: Recoded,
            store_left: list[Path]) -> None:
    """Finish an interrupted `_recode`: the store files still in the old form (`store_left`;
    `reader` reads both forms), then every backup; what was done is counted in `result`."""
    old = store.codec
    store.codec = reader
    try:
        with store.write() as s:
            if store_left:
                s.touch_all()
                result.store_files = len(store_left)
            store.codec = writer
            # After the commit: its snapshot links the files as they were, in the old form.
            s.after_commit.append(lambda: _recode_backups(store, reader, writer, result))
    except BaseException:
        store.codec = old
        raise


def _recode_backups(store: Store, reader: Codec, writer: Codec, result: Recoded) -> None:
    from ..crypto import is_encrypted_bytes, store_salt_of

    target_salt = getattr(writer, "store_salt", None)
    failed = 0

    def transform(name: str, data: bytes) -> bytes | None:
        nonlocal failed
        if writer.encrypted and store_salt_of(data) == target_salt:
            return None
        if not writer.encrypted and not is_encrypted_bytes(data):
            return None
        try:
            plain = reader.decode(data, Path(name))
        except (CryptoError, StoreError):
            failed += 1  # encrypted under another passphrase: left as it is, never plain
            return None
        return writer.encode(plain)

    _folders, files, dropped = rewrite_backups(store, transform)
    result.backup_files = files
    result.backups_dropped = dropped
    if failed:
        result.notes.append(f"{failed} backup file(s) were encrypted with another passphrase and "
                            "were left as they are (restoring them will ask for that passphrase).")
