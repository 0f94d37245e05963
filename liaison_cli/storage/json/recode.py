"""Re-encoding the folder store and every backup: `encrypt` (with crypto.EncryptedCodec) and
`decrypt` (back to plain JSON), or finishing a run a kill interrupted. Store's methods of the
same names call these.

The store's files are re-encoded by one write session (every file marked dirty, written with
the new codec through the journal); the backups after its commit, through
upkeep.rewrite_backups, so paths that shared an inode share the new file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import CryptoError, StoreError
from .crypto import (
    EncryptedCodec,
    check_passphrase_text,
    encrypted_files,
    is_encrypted_bytes,
    store_salt_of,
    unencrypted_files,
)
from .layout import Codec
from .upkeep import rewrite_backups

if TYPE_CHECKING:
    from .store import Store


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
    return not store.codec.encrypted and bool(encrypted_files(store.home))


def decrypt(store: Store, passphrase: str = "") -> Recoded:
    """Write the store and every backup as plain JSON again (the store was opened with its
    passphrase, so `store.codec` can read it). On a store that is already plain, finish what
    an interrupted run left encrypted, with `passphrase`."""
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
