"""kill -9 of a real `liaison encrypt` (and `decrypt`) at random moments on a store of more than
300 KB with backups. After each kill the store opens with the passphrase and shows every family;
running the command again finishes the job: no plain file left (or, after decrypt, no encrypted
one), no warning, the same families. tests/unit/test_crypto_resume.py kills at every step
in-process; this checks the same with real processes and real fsyncs.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time

import orjson
import pytest

pytest.importorskip("cryptography")

from liaison_cli.storage import ENCRYPTED_MAGIC  # noqa: E402
from liaison_cli.storage.json import crypto  # noqa: E402
from tests.slow.conftest import PYTHON, child_env  # noqa: E402

pytestmark = pytest.mark.slow
PW = "a long enough passphrase"
KILLS = 8


def cli(home, *args, passphrase=True):
    env = child_env(home)
    if passphrase:
        env["LIAISON_PASSPHRASE"] = PW
    return subprocess.run([PYTHON, "-m", "liaison_cli", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def family_names(home) -> list[str]:
    r = cli(home, "families", "--json", "--all")
    assert r.returncode == 0, r.stderr
    return sorted(f["name"] for f in orjson.loads(r.stdout))


def run_and_kill(home, command: str, after: float) -> bool:
    """Start `liaison COMMAND`, SIGKILL it `after` seconds later; True when it finished first."""
    env = {**child_env(home), "LIAISON_PASSPHRASE": PW}
    proc = subprocess.Popen([PYTHON, "-m", "liaison_cli", command], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    if proc.poll() is not None:
        return True
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return False


def timed(home, command: str) -> float:
    start = time.monotonic()
    r = cli(home, command)
    assert r.returncode == 0, r.stderr
    return time.monotonic() - start


def files(home):
    for p in list((home / "store").glob("*.json")) + list((home / "backups").rglob("*.json")):
        if not p.name.startswith(".") and p.name != "journal.json":
            yield p


@pytest.mark.parametrize("command", ["encrypt", "decrypt"])
def test_killed_then_run_again(command, big_home, tmp_path):
    # Some history to encrypt: a few writes, so the backups hold several versions.
    for i in range(3):
        assert cli(big_home, "log", "F1", "--kind", "phone", "--note", f"call {i}").returncode == 0
    if command == "decrypt":
        assert cli(big_home, "encrypt").returncode == 0
    names = family_names(big_home)
    template = tmp_path / "template"
    shutil.copytree(big_home, template)
    took = timed(big_home, command)
    rng = random.Random(command)
    killed = 0
    for _ in range(KILLS * 3):  # until KILLS have landed; a busy machine makes `took` too long
        if killed == KILLS:
            break
        shutil.rmtree(big_home)
        shutil.copytree(template, big_home)
        if run_and_kill(big_home, command, rng.uniform(0.1, 1.0) * took):
            took *= 0.6  # it finished first: the first timing ran on a busier machine
            continue
        killed += 1
        assert family_names(big_home) == names  # opens, with the passphrase, everything there
        r = cli(big_home, command)
        assert r.returncode == 0, r.stderr
        r = cli(big_home, "families", "--json")
        assert r.returncode == 0 and r.stderr == ""
        assert sorted(f["name"] for f in orjson.loads(r.stdout)) == names
        if command == "encrypt":
            assert crypto.unencrypted_files(big_home) == []
            assert all(p.read_bytes().startswith(ENCRYPTED_MAGIC) for p in files(big_home))
        else:
            assert not any(p.read_bytes().startswith(ENCRYPTED_MAGIC) for p in files(big_home))
            assert family_names_plain(big_home) == names
    assert killed >= KILLS // 2, f"only {killed} runs were killed before they finished"


def family_names_plain(home) -> list[str]:
    r = cli(home, "families", "--json", "--all", passphrase=False)
    assert r.returncode == 0, r.stderr
    return sorted(f["name"] for f in orjson.loads(r.stdout))
