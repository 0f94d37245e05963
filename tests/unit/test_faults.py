"""A full disk or an I/O error at each step of a write: the store is then exactly as it was
before the command or exactly as after it, never between, and the next command works.

Every call the store, the staging of letters and exports, and the disclosure log make to
os.write, os.fsync, os.replace and os.link during one command is counted in a dry run; then the
command is run again once per call and per error (ENOSPC, EIO) with that call failing. Those
modules' `os` is swapped for a proxy, so nothing else in the process is touched.

After each fault the disclosure log agrees with the store: when the store is as before, no new
entry counts as done and no letter or export file is in its folder; when it is as after, exactly
one new entry is done and every file is in place. Also: a second process holding the lock makes
a writer stop with exit 7.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import orjson
import pytest

from liaison_cli.config import files as files_mod
from liaison_cli.core.models import Guardian, Student
from liaison_cli.errors import LiaisonError, NotFoundError
from liaison_cli.sample import sample_config_text
from liaison_cli.services import audit, exports, privacy
from liaison_cli.services import letters as letters_svc
from liaison_cli.services.app import open_app
from liaison_cli.services.families import (
    FamilyEdit,
    FamilyFilter,
    add_family,
    edit_family,
    list_families,
)
from liaison_cli.services.setup import init_home, restore_backup
from liaison_cli.storage import staging as staging_mod
from liaison_cli.storage.json import backups, commit, journal, layout, lock
from tests.conftest import TODAY

FAULTED = ("write", "fsync", "replace", "link")
ERRORS = (errno.ENOSPC, errno.EIO)
FIXED = dt.datetime(2026, 11, 20, 15, 0, 0, tzinfo=dt.UTC)


class Injected(Exception):
    pass


class FaultyOS:
    """Stands in for the `os` module inside the modules swap_os names."""

    def __init__(self, fail_at: int | None = None, err: int = errno.ENOSPC):
        self.calls: list[str] = []
        self.fail_at = fail_at
        self.err = err
        self.fired = False

    def __getattr__(self, name):
        real = getattr(os, name)
        if name not in FAULTED:
            return real

        def wrapper(*args, **kwargs):
            index = len(self.calls)
            self.calls.append(name)
            if index == self.fail_at:
                self.fired = True
                raise OSError(self.err, os.strerror(self.err))
            return real(*args, **kwargs)

        return wrapper


def open_fixed(home: Path):
    return open_app(home, TODAY, clock=lambda: FIXED)


def state(home: Path) -> dict[str, object]:
    """The data files as parsed JSON (the disclosure head in meta carries random salts, the
    file records in meta carry each file's mtime, and meta's check of itself
    covers them; the staging folders meta names are random: only how many it names is compared)."""
    out = {}
    for p in sorted((home / "store").glob("*.json")):
        if p.name == "journal.json":
            continue
        doc = orjson.loads(p.read_bytes())
        if p.stem == "meta":
            doc["meta"]["1"].pop("audit_head", None)
            doc["meta"]["1"].pop(layout.META_CHECK, None)
            doc["meta"]["1"]["files"] = {k: v[0] for k, v in doc["meta"]["1"].get("files", {}).items()}
            if "outputs" in doc["meta"]["1"]:
                doc["meta"]["1"]["outputs"] = len(doc["meta"]["1"]["outputs"])
        out[p.name] = doc
    return out


def base_home(root: Path) -> Path:
    home = root / "base"
    init_home(home, TODAY)
    # The sample's config: letters need the liaison's name and the school's details.
    (home / "config.yaml").write_text(sample_config_text(TODAY), encoding="utf-8")
    app = open_fixed(home)
    for i in range(3):
        add_family(app, name=f"Family {i}", guardians=[Guardian(f"Parent {i}", phone=f"617-555-01{i:02d}")],
                   students=[Student(f"Child {i}", "3")])
    edit_family(app, "F2", FamilyEdit(notes="second write"))
    return home


def op_add_family(app):
    add_family(app, name="Nueva", guardians=[Guardian("Ana Nueva", phone="617-555-0999")])


def op_contact_and_followup(app):
    with app.store.write() as s:
        n = s.contacts.add({"family_id": "F1", "date": "2026-11-20", "kind": "phone",
                            "summary": "Called", "outcome": "reached"})
        s.followups.add({"family_id": "F1", "due": "2026-11-27", "action": "Call again", "status": "open",
                  "source": f"contact C{n}"})


def op_restore_oldest(app):
    # The oldest backup has no families.json yet: the restore deletes a file.
    restore_backup(app, app.store.list_backups()[-1].name)


def op_forget(app):
    privacy.forget_family(app, "F2")


def outbox(app) -> Path:
    return app.home.parent / f"{app.home.name}-out"


def op_letter(app):
    outbox(app).mkdir(exist_ok=True)
    letters_svc.render_letter(app, letters_svc.LetterOptions(template="welcome"), "F1",
                              outbox(app) / "F1-welcome.md")


def op_mail_merge(app):
    letters_svc.mail_merge(app, letters_svc.LetterOptions(template="welcome"),
                           letters_svc.Selection(all_=True), outbox(app) / "merge")


def op_export(app):
    outbox(app).mkdir(exist_ok=True)
    exports.export_table(app, "families", "csv", out=outbox(app) / "families.csv")


OPS = {"add-family": op_add_family, "contact+follow-up": op_contact_and_followup,
       "restore (deletes a file)": op_restore_oldest, "forget": op_forget,
       "letter to a file": op_letter, "mail merge": op_mail_merge, "export": op_export}
# Commands that add one disclosure-log entry when they happen, and the files they leave.
LOGGED = {"restore (deletes a file)", "forget", "letter to a file", "mail merge", "export"}
FILES = {"letter to a file": 1, "mail merge": 3, "export": 1}


def done_entries(app) -> int:
    return sum(1 for e in audit.list_entries(app) if e["done"])


def out_files(app) -> int:
    folder = outbox(app)
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def swap_os(monkeypatch, proxy) -> None:
    # The JSON store's write path (its files, lock, journal, commit and backups), staging, audit.
    for mod in (files_mod, lock, journal, commit, backups, staging_mod, audit):
        monkeypatch.setattr(mod, "os", proxy)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return base_home(tmp_path_factory.mktemp("faults"))


@pytest.mark.parametrize("name", list(OPS))
def test_fault_at_every_step(name, template, tmp_path, monkeypatch):
    op = OPS[name]
    # The dry run: what the command does, and the state after it.
    before_home = tmp_path / "before"
    shutil.copytree(template, before_home)
    before = state(before_home)
    logged_before = done_entries(open_fixed(before_home))
    probe = FaultyOS()
    swap_os(monkeypatch, probe)
    op(open_fixed(before_home))
    swap_os(monkeypatch, os)
    after = state(before_home)
    assert done_entries(open_fixed(before_home)) == logged_before + (name in LOGGED)
    assert out_files(open_fixed(before_home)) == FILES.get(name, 0)
    assert after != before
    steps = len(probe.calls)
    assert steps >= 4, probe.calls

    outcomes: Counter = Counter()
    for err in ERRORS:
        for i in range(steps):
            home = tmp_path / f"run-{err}-{i}"
            shutil.copytree(template, home)
            faulty = FaultyOS(fail_at=i, err=err)
            swap_os(monkeypatch, faulty)
            try:
                op(open_fixed(home))
                raised = None
            except LiaisonError as exc:
                raised = exc
            finally:
                swap_os(monkeypatch, os)
            assert faulty.fired
            # Any error is one of ours, with an exit code — never a raw OSError.
            assert raised is None or raised.exit_code == 6, raised
            journal = (home / "store" / "journal.json").exists()
            # The next command works, and finds the store before or after, never between.
            app = open_fixed(home)
            list_families(app, FamilyFilter(status="all"))
            now = state(home)
            assert now in (before, after), f"{name}: {faulty.calls[i]} #{i} ({errno.errorcode[err]}) left a state between"
            outcome = "before" if now == before else "after"
            # The log and the files agree with the store: nothing recorded that did not happen,
            # nothing on disk without its record.
            where = f"{name}: {faulty.calls[i]} #{i} ({errno.errorcode[err]})"
            done = logged_before + (name in LOGGED and outcome == "after")
            assert done_entries(app) == done, f"{where}: the log disagrees with the store"
            expected_files = FILES.get(name, 0) if outcome == "after" else 0
            if outcome == "after" and raised is not None and out_files(app) != expected_files:
                # The commit was decided but the move into place failed: the next write finishes it.
                add_family(app, name="Settles the staged files")
            assert out_files(app) == expected_files, f"{where}: letter files disagree with the store"
            outcomes[(outcome, "error" if raised else "ok", "journal" if journal else "")] += 1
            assert not (home / "store" / "journal.json").exists()
            assert not [p for p in (home / "store").iterdir() if ".tmp-" in p.name]
            add_family(app, name="Next")
            if name == "forget" and outcome == "after":
                try:
                    privacy.forget_family(app, "F2")  # finishes the backups if the scrub stopped
                except NotFoundError:
                    pass  # nothing was left to finish
                for p in (home / "backups").rglob("*.json"):
                    assert b"Parent 1" not in p.read_bytes(), p
    assert outcomes[("before", "error", "")] > 0
    print(f"\n{name}: {steps} injection points x {len(ERRORS)} errors: {dict(outcomes)}")


def test_a_second_process_holding_the_lock(tmp_path):
    home = tmp_path / "home"
    init_home(home, TODAY)
    add_family(open_fixed(home), name="Keep")
    cfg = home / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("lock_timeout: 10", "lock_timeout: 1"),
                   encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (home / "store").glob("*.json")}
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time\n"
         "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\n"
         "print('locked', flush=True)\n"
         "time.sleep(60)\n",
         str(home / "store" / ".lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = {**os.environ, "LIAISON_HOME": str(home)}
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "liaison_cli", "add-family", "--name", "Blocked"],
                              env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 7, proc.stderr
        assert "Another liaison command is using the store" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert time.monotonic() - started < 30
    finally:
        holder.kill()
        holder.wait()
    assert {p.name: p.read_bytes() for p in (home / "store").glob("*.json")} == before
    env = {**os.environ, "LIAISON_HOME": str(home)}
    proc = subprocess.run([sys.executable, "-m", "liaison_cli", "add-family", "--name", "Now"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
