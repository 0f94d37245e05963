"""Encryption at rest: AES-GCM with an scrypt-derived key; store, backups and temp files."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import pytest

pytest.importorskip("cryptography")

from liaison_cli.config import files  # noqa: E402
from liaison_cli.core.models import Guardian, Student  # noqa: E402
from liaison_cli.errors import CryptoError, StoreError  # noqa: E402
from liaison_cli.services import privacy  # noqa: E402
from liaison_cli.services.app import open_app  # noqa: E402
from liaison_cli.services.families import FamilyFilter, add_family, list_families  # noqa: E402
from liaison_cli.services.setup import restore_backup  # noqa: E402
from liaison_cli.storage import ENCRYPTED_MAGIC  # noqa: E402
from liaison_cli.storage.json import crypto  # noqa: E402
from tests.conftest import TODAY  # noqa: E402

PW = "correct horse battery staple"
NEEDLES = ["Wilmafreda", "617-555-0987", "Zebulonia", "Nguyễn"]


def fill(app) -> None:
    add_family(app, name="Nguyễn", guardians=[Guardian("Thị Nguyễn", phone="617-555-0177")])
    add_family(app, name="Quispe", guardians=[Guardian("Wilmafreda Quispe", phone="617-555-0987")],
               students=[Student("Zebulonia", "3")])
    with app.store.write() as s:
        s.contacts.add({"family_id": "F2", "date": "2026-11-02", "kind": "phone",
                        "summary": "Zebulonia's bus"})


def plaintext_files(home: Path, needles=NEEDLES) -> list[str]:
    hits = []
    for p in list((home / "store").rglob("*")) + list((home / "backups").rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if any(n.encode() in data for n in needles):
                hits.append(str(p.relative_to(home)))
    return hits


def encrypted_app(home: Path, pw: str = PW):
    return open_app(home, TODAY, codec=crypto.codec_for(home, pw))


def test_codec_round_trip_fresh_salt_and_nonce():
    codec = crypto.EncryptedCodec(PW)
    a = codec.encode(b'{"x": 1}')
    b = codec.encode(b'{"x": 1}')
    assert a.startswith(ENCRYPTED_MAGIC) and a != b
    m = len(ENCRYPTED_MAGIC)
    assert a[m:m + 16] == b[m:m + 16]            # the store salt (scrypt) is shared
    assert a[m + 16:m + 32] != b[m + 16:m + 32]  # a random salt per file and save …
    assert a[m + 32:m + 44] != b[m + 32:m + 44]  # … and a fresh nonce
    assert codec.decode(a, Path("x")) == b'{"x": 1}'
    other = crypto.EncryptedCodec("another passphrase")
    with pytest.raises(CryptoError, match="The passphrase is wrong"):
        other.decode(a, Path("x"))
    tampered = bytearray(a)
    tampered[-1] ^= 1
    with pytest.raises(StoreError, match="damaged or altered"):
        codec.decode(bytes(tampered), Path("x"))  # this codec already opened a file


def test_scrypt_runs_once_per_store_salt(monkeypatch):
    crypto._KEYS.clear()
    codec = crypto.EncryptedCodec(PW)
    blobs = [codec.encode(b"{}") for _ in range(20)]
    fresh = crypto.EncryptedCodec(PW)
    for blob in blobs:
        fresh.decode(blob, Path("x"))
    assert len(crypto._KEYS) == 1


def test_encrypt_store_and_backups(app, home):
    fill(app)
    assert plaintext_files(home)
    result = privacy.encrypt_store(app, PW)
    assert result.encrypted and result.store_files >= 4 and result.backup_files > 0
    assert plaintext_files(home) == []
    assert app.store.is_encrypted()
    # Without the passphrase the store does not open; with it, everything is there.
    plain = open_app(home, TODAY)
    with pytest.raises(CryptoError, match="LIAISON_PASSPHRASE"):
        list_families(plain, FamilyFilter())
    with pytest.raises(CryptoError, match="The passphrase is wrong"):
        crypto.codec_for(home, "not the passphrase")
    enc = encrypted_app(home)
    assert [f.name for f in list_families(enc, FamilyFilter())] == ["Nguyễn", "Quispe"]
    # Writing keeps it encrypted, temp files included.
    seen: list[bytes] = []
    real = files.write_temp

    def spy(folder, name, data, **kw):
        seen.append(data)
        return real(folder, name, data)

    files.write_temp = spy
    try:
        add_family(enc, name="Wilmafreda Two", guardians=[Guardian("Wilmafreda")])
    finally:
        files.write_temp = real
    journals = [d for d in seen if d.startswith(b'{"moves":')]  # file names only
    assert seen and all(d.startswith(ENCRYPTED_MAGIC) for d in seen if d not in journals)
    assert not any(b"Wilma" in d for d in journals)
    assert plaintext_files(home) == []
    # Backups of an encrypted store restore, encrypted.
    backup = enc.store.list_backups()[0].name
    restore_backup(enc, backup)
    assert [f.name for f in list_families(encrypted_app(home), FamilyFilter())] == ["Nguyễn", "Quispe"]
    assert plaintext_files(home) == []


def test_encrypt_twice_and_decrypt(app, home):
    fill(app)
    privacy.encrypt_store(app, PW)
    enc = encrypted_app(home)
    # A backup an interrupted run left plain is finished by running encrypt again.
    folder = enc.store.list_backups()[0]
    leftover = folder / "families.json"
    plain_doc = orjson.dumps({"families": {}})
    leftover.unlink()
    leftover.write_bytes(plain_doc)
    again = privacy.encrypt_store(enc, "")
    assert again.already and again.backup_files == 1
    assert leftover.read_bytes().startswith(ENCRYPTED_MAGIC)

    result = privacy.decrypt_store(enc)
    assert not result.encrypted and result.backup_files > 0
    assert not app.store.is_encrypted()
    for p in list((home / "store").glob("*.json")) + list((home / "backups").rglob("*.json")):
        assert not p.read_bytes().startswith(ENCRYPTED_MAGIC), p
    plain = open_app(home, TODAY)
    assert [f.name for f in list_families(plain, FamilyFilter())] == ["Nguyễn", "Quispe"]
    again = privacy.decrypt_store(plain)  # nothing left: a no-op, as encrypt is when encrypted
    assert again.already and (again.store_files, again.backup_files) == (0, 0)


def test_short_passphrase_refused(app):
    with pytest.raises(CryptoError, match="too short"):
        privacy.encrypt_store(app, "abc")
    assert not app.store.is_encrypted()


def test_forget_in_an_encrypted_store(app, home):
    fill(app)
    privacy.encrypt_store(app, PW)
    enc = encrypted_app(home)
    privacy.export_family(enc, "F2")
    privacy.forget_family(enc, "F2")
    codec = crypto.EncryptedCodec(PW)
    hits = []
    for p in home.rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if data.startswith(ENCRYPTED_MAGIC):
            data = codec.decode(data, p)
        hits += [f"{p}: {n}" for n in ("Wilmafreda", "617-555-0987", "Zebulonia", "Quispe")
                 if n.encode() in data]
    assert hits == []
    assert plaintext_files(home, ["Nguyễn"]) == []  # still encrypted, everyone else kept
    assert [f.name for f in list_families(encrypted_app(home), FamilyFilter())] == ["Nguyễn"]


def test_missing_package_names_the_extra(monkeypatch):
    for name in [m for m in sys.modules if m.startswith("cryptography")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "cryptography", None)
    with pytest.raises(CryptoError, match=r"pip install 'liaison\[crypto\]'"):
        crypto.EncryptedCodec(PW)
    assert not crypto.available()
