"""Encryption at rest of the folder store: an AES-GCM codec for its files (optional extra
`liaison[crypto]`).

File format (every store and backup file once the store is encrypted)::

    ENCRYPTED_MAGIC | store salt (16) | file salt (16) | nonce (12) | AES-256-GCM ciphertext + tag

* The passphrase is stretched with scrypt (n=2**15, r=8, p=1) over the *store salt*, which all
  files of one store share: scrypt costs about 0.13 s and 32 MB here, so it runs once per
  process and the result is cached by salt.
* Each save draws a fresh random *file salt* and a fresh nonce; the file's AES key is
  HKDF-SHA256(scrypt key, file salt). No two files, and no two saves of one file, share a key.
* The header (magic and both salts and the nonce) is authenticated as associated data, so a
  header edited by hand fails like a wrong passphrase would.

`cryptography` is imported only when an encrypted store is opened or `encrypt` runs: a plain
store never pays for it.

An `encrypt` (or `decrypt`) killed half-way is finished by running it again. Until it is,
`unencrypted_files` finds the plain files it left in an encrypted home (every command warns).
"""

from __future__ import annotations

import os
from pathlib import Path

from ...errors import CryptoError, StoreError
from .home import file_entries, file_is_encrypted, finish_interrupted, meta_file
from .layout import ENCRYPTED_MAGIC, Codec

SALT_LEN = 16
NONCE_LEN = 12
HEADER_LEN = len(ENCRYPTED_MAGIC) + 2 * SALT_LEN + NONCE_LEN
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
INSTALL_HINT = "pip install 'liaison[crypto]'"

# scrypt results for this process, by (passphrase, store salt): one derivation per process.
_KEYS: dict[tuple[str, bytes], bytes] = {}


def _backend():
    try:  # here, not at the top: only an encrypted store pays for cryptography (see above)
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    except ImportError:
        raise CryptoError(
            f"Encryption needs the cryptography package; install it with {INSTALL_HINT} and run "
            "the command again."
        ) from None
    return InvalidTag, hashes, AESGCM, HKDF, Scrypt


def require_backend() -> None:
    """Stop with the install hint when the cryptography package is missing."""
    _backend()


def available() -> bool:
    try:
        _backend()
    except CryptoError:
        return False
    return True


def check_passphrase_text(passphrase: str) -> None:
    if not passphrase:
        raise CryptoError("The passphrase is empty; choose one of at least 8 characters.")
    if len(passphrase) < 8:
        raise CryptoError("That passphrase is too short; choose one of at least 8 characters.")


def is_encrypted_bytes(data: bytes) -> bool:
    return data.startswith(ENCRYPTED_MAGIC)


def store_salt_of(data: bytes) -> bytes | None:
    if not is_encrypted_bytes(data) or len(data) < HEADER_LEN:
        return None
    start = len(ENCRYPTED_MAGIC)
    return data[start:start + SALT_LEN]


class EncryptedCodec(Codec):
    """Encrypts every file it encodes; decodes encrypted files (and plain ones, so a backup
    that an interrupted `encrypt` left plain can still be read and then re-encrypted)."""

    encrypted = True

    def __init__(self, passphrase: str, store_salt: bytes | None = None):
        self._invalid_tag, self._hashes, self._aesgcm, self._hkdf, self._scrypt = _backend()
        self.passphrase = passphrase
        self.store_salt = store_salt or os.urandom(SALT_LEN)
        self._verified: set[bytes] = set()  # store salts this passphrase has opened a file with

    # ------------------------------------------------------------------ keys

    def _master(self, store_salt: bytes) -> bytes:
        key = _KEYS.get((self.passphrase, store_salt))
        if key is None:
            kdf = self._scrypt(salt=store_salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
            key = kdf.derive(self.passphrase.encode("utf-8"))
            _KEYS[(self.passphrase, store_salt)] = key
        return key

    def _file_key(self, store_salt: bytes, file_salt: bytes) -> bytes:
        hkdf = self._hkdf(algorithm=self._hashes.SHA256(), length=32, salt=file_salt,
                          info=b"liaison store file v1")
        return hkdf.derive(self._master(store_salt))

    # ------------------------------------------------------------------ the codec

    def encode(self, data: bytes) -> bytes:
        file_salt, nonce = os.urandom(SALT_LEN), os.urandom(NONCE_LEN)
        header = ENCRYPTED_MAGIC + self.store_salt + file_salt + nonce
        key = self._file_key(self.store_salt, file_salt)
        return header + self._aesgcm(key).encrypt(nonce, data, header)

    def decode(self, data: bytes, path: Path) -> bytes:
        if not is_encrypted_bytes(data):
            return data
        if len(data) < HEADER_LEN + 16:
            raise StoreError(f"The encrypted file {path} is cut short; run `liaison restore --list` "
                             "to pick a backup.")
        start = len(ENCRYPTED_MAGIC)
        store_salt = data[start:start + SALT_LEN]
        file_salt = data[start + SALT_LEN:start + 2 * SALT_LEN]
        nonce = data[start + 2 * SALT_LEN:HEADER_LEN]
        header = data[:HEADER_LEN]
        key = self._file_key(store_salt, file_salt)
        try:
            plain = self._aesgcm(key).decrypt(nonce, data[HEADER_LEN:], header)
        except self._invalid_tag:
            if store_salt in self._verified:
                raise StoreError(
                    f"{path} cannot be decrypted although the passphrase opened the rest of the "
                    "store: the file was damaged or altered; run `liaison restore --list` to pick "
                    "a backup."
                ) from None
            raise CryptoError(
                "The passphrase is wrong; type it again, or set LIAISON_PASSPHRASE to the "
                "passphrase the store was encrypted with."
            ) from None
        self._verified.add(store_salt)
        return plain


def settle(home: Path) -> None:
    """Finish a commit a kill interrupted before anyone looks at meta.json's header (see
    storage.is_encrypted, which does it too)."""
    finish_interrupted(home)


def home_is_encrypted(home: Path) -> bool:
    """Whether the store in `home` is encrypted (one header read; call `settle` first, or use
    storage.is_encrypted, which does)."""
    return file_is_encrypted(meta_file(home)) is True


def unencrypted_files(home: Path) -> list[Path]:
    """Store and backup files still in plain JSON in a home whose store is encrypted: what an
    interrupted `encrypt` leaves, and `encrypt` run again finishes. [] for a plain store.

    Cheap enough for every command: directory listings and one header read per distinct file
    (backups are hard links, so most paths share an inode already read); nothing is parsed."""
    if not home_is_encrypted(home):
        return []
    plain_by_inode: dict[int, bool] = {}
    found = []
    for e in file_entries(home):
        ino = e.inode()
        plain = plain_by_inode.get(ino)
        if plain is None:
            plain = plain_by_inode[ino] = file_is_encrypted(e.path) is False
        if plain:
            found.append(Path(e.path))
    return found


def encrypted_files(home: Path) -> list[Path]:
    """Store and backup files still encrypted in a home whose store is plain: what an
    interrupted `decrypt` leaves, and `decrypt` run again finishes. [] for an encrypted store."""
    if home_is_encrypted(home):
        return []
    return [Path(e.path) for e in file_entries(home) if file_is_encrypted(e.path)]


def codec_for(home: Path, passphrase: str) -> EncryptedCodec:
    """The codec for the encrypted store in `home`, checked against meta.json now so a wrong
    passphrase stops the command before it reads anything else."""
    settle(home)
    meta = meta_file(home)
    try:
        data = meta.read_bytes()
    except OSError:
        data = b""
    codec = EncryptedCodec(passphrase, store_salt_of(data))
    if data and is_encrypted_bytes(data):
        codec.decode(data, meta)
    return codec
