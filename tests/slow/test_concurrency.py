"""Writers at the same time: 4 processes × 50 writes, and CLI runs racing each other.

Every write takes the store's exclusive lock around read → change → commit, and ids come from
counters read inside the lock, so nothing is lost and no id is handed out twice.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time

import pytest

from liaison_cli.services.app import open_app
from liaison_cli.storage import CONTACT_SHARDS
from tests.conftest import TODAY
from tests.slow.conftest import PYTHON, WRITER, child_env, data_bytes

PROCESSES = 4
WRITES_EACH = 50


def state(home) -> dict:
    with open_app(home, TODAY).store.read() as s:
        contacts = {}
        for i in range(CONTACT_SHARDS):
            contacts.update(s.raw(f"contacts-{i:02d}"))
        return {"families": dict(s.raw("families")), "contacts": contacts,
                "followups": dict(s.raw("followups"))}


@pytest.mark.slow
def test_4_processes_x_50_writes_at_once(big_home, active_family_ids):
    before = state(big_home)
    env = child_env(big_home)
    procs = [subprocess.Popen([PYTHON, "-c", WRITER, str(big_home), f"p{n}", str(WRITES_EACH),
                               ",".join(active_family_ids)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
             for n in range(PROCESSES)]
    started = time.monotonic()
    outputs = [p.communicate(timeout=120) for p in procs]
    elapsed = time.monotonic() - started
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err

    acks = [line.split() for out, _ in outputs for line in out.splitlines() if line.startswith("ack ")]
    fam_acks = {a[2]: a[3] for a in acks if a[1] == "family"}
    con_acks = {a[2]: (a[3], a[4]) for a in acks if a[1] == "contact"}
    fu_acks = {a[5]: "Call " + a[4] for a in acks if a[1] == "contact" and len(a) > 5}
    after = state(big_home)

    present = sum(after["families"].get(fid[1:], {}).get("name") == name for fid, name in fam_acks.items())
    present += sum((after["contacts"].get(cid[1:], {}).get("family_id"),
                    after["contacts"].get(cid[1:], {}).get("summary")) == v for cid, v in con_acks.items())
    fu_present = sum(after["followups"].get(n, {}).get("action") == a for n, a in fu_acks.items())
    new_families = set(after["families"]) - set(before["families"])
    new_contacts = set(after["contacts"]) - set(before["contacts"])
    print(f"\nconcurrency: {PROCESSES} processes x {WRITES_EACH} writes, {len(acks)} acknowledged, "
          f"{present} present, {len(fam_acks)} family ids and {len(con_acks)} contact ids all distinct: "
          f"{len(fam_acks) + len(con_acks) == len(acks)}, {fu_present}/{len(fu_acks)} follow-ups, "
          f"{elapsed:.1f} s, store {data_bytes(big_home) // 1000} KB")

    assert len(acks) == PROCESSES * WRITES_EACH
    # Ids unique: no two acknowledgements name the same id …
    assert len(fam_acks) + len(con_acks) == len(acks)
    assert len(set(fu_acks)) == len([a for a in acks if a[1] == "contact" and len(a) > 5])
    # … and every one is there, with what its writer wrote.
    assert present == PROCESSES * WRITES_EACH
    assert fu_present == len(fu_acks)
    # Nothing else appeared, nothing else went.
    assert new_families == {fid[1:] for fid in fam_acks}
    assert new_contacts == {cid[1:] for cid in con_acks}
    assert set(before["families"]) <= set(after["families"])


@pytest.mark.slow
def test_cli_runs_racing_each_other(big_home, active_family_ids):
    """4 threads each running `python -m liaison_cli` add-family / log 6 times, all at once."""
    env = child_env(big_home)
    results: list[tuple[list[str], int, str, str]] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for i in range(6):
            if i % 2:
                args = ["add-family", "--name", f"T{n}-{i}", "--json"]
            else:
                args = ["log", active_family_ids[(n * 7 + i) % len(active_family_ids)], "--note", f"T{n}-{i}", "--json"]
            p = subprocess.run([PYTHON, "-m", "liaison_cli", *args], capture_output=True, text=True,
                               env=env, timeout=120)
            with lock:
                results.append((args, p.returncode, p.stdout, p.stderr))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 24
    for args, code, _out, err in results:
        assert code == 0, (args, err)
    after = state(big_home)
    fam_ids = [json.loads(out)["id"] for args, _, out, _ in results if args[0] == "add-family"]
    con_ids = [json.loads(out)["contact"]["id"] for args, _, out, _ in results if args[0] == "log"]
    assert len(set(fam_ids)) == len(fam_ids) == 12 and len(set(con_ids)) == len(con_ids) == 12
    for args, _, out, _ in results:
        data = json.loads(out)
        if args[0] == "add-family":
            assert after["families"][data["id"][1:]]["name"] == args[2]
        else:
            assert after["contacts"][data["contact"]["id"][1:]]["summary"] == args[3]
