"""An `encrypt` or `decrypt` killed at any step leaves a store that opens (with the passphrase),
and running the command again finishes the job. Until it is finished, every command on an
encrypted store warns that plain files remain.

The kill is simulated in-process: every file-system step the commands take (a temporary file
written, a rename, a hard link, a folder removed) is counted, and the run is stopped by an
exception at step k, for every k until a run gets through. On-disk state is what a kill there
would leave (tests/slow/test_crypto_crash.py kills real processes).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pytest

pytest.importorskip("cryptography")

from liaison_cli.config import files  # noqa: E402
from liaison_cli.services import privacy  # noqa: E402
from liaison_cli.services.app import open_app  # noqa: E402
from liaison_cli.services.contacts import log_contact  # noqa: E402
from liaison_cli.storage import ENCRYPTED_MAGIC  # noqa: E402
from liaison_cli.storage.json import (
    crypto,  # noqa: E402
    upkeep,  # noqa: E402
)
from tests.conftest import TODAY  # noqa: E402
from tests.unit.test_crypto import NEEDLES, PW, fill, plaintext_files  # noqa: E402

ENV = {"LIAISON_PASSPHRASE": PW}
WARNING = "still unencrypted"


class Killed(BaseException):
    """Not an Exception: no `except Exception`/`except OSError` in the code under test stops it."""


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    # Hundreds of runs: neither the key's cost nor durability against power loss is the point
    # here (a simulated kill leaves the page cache as it is).
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def run_killed_at(k: int, fn, monkeypatch) -> bool:
    """Run `fn` with its k-th file-system step raising Killed; True when it finished first."""
    count = 0

    def step(real):
        def wrapper(*args, **kwargs):
            nonlocal count
            count += 1
            if count == k:
                raise Killed()
            return real(*args, **kwargs)
        return wrapper

    with monkeypatch.context() as m:
        m.setattr(os, "replace", step(os.replace))
        m.setattr(os, "link", step(os.link))
        m.setattr(shutil, "rmtree", step(shutil.rmtree))
        m.setattr(files, "write_temp", step(files.write_temp))
        m.setattr(upkeep, "write_temp", step(upkeep.write_temp))
        try:
            fn()
        except Killed:
            return False
    return True


def make_template(home: Path, tmp_path: Path) -> Path:
    """A small store with several backups (kept as a copy for each kill)."""
    from liaison_cli.services.setup import init_home

    init_home(home, TODAY)
    app = open_app(home, TODAY)
    fill(app)
    log_contact(app, "F1", kind="phone", note="Wilmafreda called back", follow_up="monday",
                action="Call Zebulonia's teacher")
    template = tmp_path / "template"
    shutil.copytree(home, template)
    return template


def families(run, env=ENV) -> list[str]:
    r = run("families --json", env=env)
    assert r.exit_code == 0, r.output
    return sorted(f["name"] for f in orjson.loads(r.stdout))


def stored_names(app) -> list[str]:
    with app.store.read() as s:
        return sorted(f["name"] for f in s.families.rows().values())


def every_file_reads(home: Path) -> None:
    """Every store and backup file (hidden leftovers included) decodes and parses."""
    codec = crypto.EncryptedCodec(PW)
    for p in list((home / "store").glob("*.json")) + list((home / "backups").rglob("*.json")):
        if p.name.startswith(".") or p.name == "journal.json":
            continue
        orjson.loads(codec.decode(p.read_bytes(), p))


def test_encrypt_killed_at_every_step_then_run_again(home, tmp_path, run, monkeypatch):
    template = make_template(home, tmp_path)
    names = families(run, env={})
    warned = finished_plain = finished_partly = 0
    for k in range(1, 500):
        shutil.rmtree(home)
        shutil.copytree(template, home)
        app = open_app(home, TODAY)
        if run_killed_at(k, lambda app=app: privacy.encrypt_store(app, PW), monkeypatch):
            break
        # The next command opens the store (with the passphrase) and sees every record.
        r = run("families --json", env=ENV)
        assert r.exit_code == 0, (k, r.output)
        assert sorted(f["name"] for f in orjson.loads(r.stdout)) == names, f"killed at step {k}"
        left = crypto.unencrypted_files(home)
        if crypto.home_is_encrypted(home) and left:
            warned += 1
            assert r.stderr.count("Warning:") == 1 and WARNING in r.stderr, f"step {k}"
            assert "liaison encrypt" in r.stderr
        else:
            assert WARNING not in r.stderr, f"step {k}"
        # Running encrypt again finishes the job and says so.
        r = run("encrypt", env=ENV)
        assert r.exit_code == 0, (k, r.output)
        if "already encrypted" in r.stdout:
            finished_partly += 1
            assert ("finished an interrupted run" in r.stdout) == bool(left), (k, r.stdout)
        else:
            finished_plain += 1
            assert "Encrypted" in r.stdout
        assert plaintext_files(home) == [], f"killed at step {k}"
        assert crypto.unencrypted_files(home) == []
        assert not list((home / "backups").glob(".*")), "a half-made snapshot was left"
        every_file_reads(home)
        assert stored_names(open_app(home, TODAY, codec=crypto.codec_for(home, PW))) == names
    else:
        pytest.fail("encrypt never finished")
    assert k > 30, "the kill points did not reach into encrypt"
    # Kills landed before the store was switched, between its files and its backups, and
    # among the backups.
    assert finished_plain and finished_partly and warned


def test_decrypt_killed_at_every_step_then_run_again(home, tmp_path, run, monkeypatch):
    make_template(home, tmp_path)
    privacy.encrypt_store(open_app(home, TODAY), PW)
    template = tmp_path / "encrypted"
    shutil.copytree(home, template)
    names = families(run)
    resumed = 0
    for k in range(1, 500):
        shutil.rmtree(home)
        shutil.copytree(template, home)
        app = open_app(home, TODAY, codec=crypto.codec_for(home, PW))
        if run_killed_at(k, lambda app=app: privacy.decrypt_store(app), monkeypatch):
            break
        r = run("families --json", env=ENV)
        assert r.exit_code == 0, (k, r.output)
        assert sorted(f["name"] for f in orjson.loads(r.stdout)) == names
        assert WARNING not in r.stderr
        if not crypto.home_is_encrypted(home) and crypto.encrypted_files(home) and not resumed:
            resumed += 1
            r = run("decrypt")  # the passphrase is needed again for the backups left
            assert r.exit_code == 9 and "interrupted `liaison decrypt`" in r.stderr
            r = run("decrypt", env={"LIAISON_PASSPHRASE": "not the passphrase"})
            assert r.exit_code == 9 and "passphrase is wrong" in r.stderr
        r = run("decrypt", env=ENV)
        assert r.exit_code == 0, (k, r.output)
        for p in list((home / "store").rglob("*.json")) + list((home / "backups").rglob("*.json")):
            assert not p.read_bytes().startswith(ENCRYPTED_MAGIC), (k, p)
        assert stored_names(open_app(home, TODAY)) == names
    else:
        pytest.fail("decrypt never finished")
    assert k > 30 and resumed, "no kill landed between the store and its backups"


def test_plain_store_files_in_an_encrypted_store_are_found_and_finished(app, home, run):
    """A store file left plain (by an older liaison killed half-way, or copied in by hand) is
    read, warned about, and encrypted by the next `encrypt`."""
    fill(app)
    privacy.encrypt_store(app, PW)
    enc = open_app(home, TODAY, codec=crypto.codec_for(home, PW))
    with enc.store.read() as s:
        followups = dict(s.followups.rows())
    plain = home / "store" / "followups.json"
    plain.write_bytes(orjson.dumps({"followups": followups}))
    partial = home / "backups" / ".2026-11-20T00-00-00.000000.partial"
    partial.mkdir()
    (partial / "families.json").write_bytes(b'{"families": {"1": {"name": "Wilmafreda"}}}')
    assert sorted(p.name for p in crypto.unencrypted_files(home)) == ["families.json", "followups.json"]
    r = run("followups --json", env=ENV)
    assert r.exit_code == 0
    assert r.stderr.startswith("Warning: 2 store or backup file(s) are still unencrypted")
    r = run("encrypt", env=ENV)
    assert r.exit_code == 0
    assert "encrypted 1 store file(s)" in r.stdout
    assert plain.read_bytes().startswith(ENCRYPTED_MAGIC)
    assert not partial.exists() and plaintext_files(home, NEEDLES) == []
    assert crypto.unencrypted_files(home) == []
    r = run("followups --json", env=ENV)
    assert r.exit_code == 0 and r.stderr == ""


def test_the_fast_path_warns_too(app, home, capsys, monkeypatch):
    from liaison_cli.__main__ import parse_fast, run_fast
    from liaison_cli.cli.render import output

    fill(app)
    privacy.encrypt_store(app, PW)
    folder = open_app(home, TODAY).store.list_backups()[0]
    (folder / "families.json").unlink()
    (folder / "families.json").write_bytes(b'{"families": {}}')
    monkeypatch.setenv("LIAISON_PASSPHRASE", PW)
    output._console = output._err_console = None
    assert run_fast(*parse_fast(["followups", "--json"])) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and WARNING in err and "`liaison encrypt` again" in err


def test_a_plain_store_reads_only_meta_for_the_check(app, home, monkeypatch):
    """The check every command runs costs a plain store one header read: nothing is listed."""
    fill(app)
    listed = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p=".": listed.append(p) or real(p))
    assert crypto.unencrypted_files(home) == []
    assert listed == []
