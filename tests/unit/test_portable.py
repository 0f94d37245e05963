"""The JSON store off POSIX: with no fcntl it locks with msvcrt, and it never makes the calls
Windows lacks (fchmod before Python 3.13, opening a folder to fsync it, hard links on some file
systems). Run here on POSIX with fcntl made unimportable and a stand-in msvcrt that keeps the
real module's rules: exclusive byte locks only, taken from the file's current position."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import time
import tomllib
import types
from pathlib import Path

import orjson
import pytest

from liaison_cli.config import files
from liaison_cli.core.models import Guardian
from liaison_cli.errors import LockedError
from liaison_cli.services import audit
from liaison_cli.services.app import open_app
from liaison_cli.services.contacts import log_contact
from liaison_cli.services.exports import export_table
from liaison_cli.services.families import add_family
from liaison_cli.services.setup import init_home, list_backups
from liaison_cli.storage.json.store import Store
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
FAMILY = {"name": "Nguyen", "guardians": [{"name": "Lan Nguyen"}], "students": [], "tags": [],
          "status": "active"}


class FakeMsvcrt(types.ModuleType):
    """msvcrt.locking as Windows has it: LK_NBLCK locks `nbytes` from the file's position or
    fails with EACCES when any other handle holds them (or this one already does); LK_UNLCK
    fails with EACCES when they are not held by this handle."""

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self):
        super().__init__("msvcrt")
        self.calls: list[tuple[int, int, int]] = []  # (mode, nbytes, position)
        self.held: dict[tuple[int, int, int], int] = {}  # (file, start) -> fd holding it

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        pos = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((mode, nbytes, pos))
        st = os.fstat(fd)
        key = (st.st_dev, st.st_ino, pos)
        if mode == self.LK_NBLCK:
            if key in self.held:
                raise OSError(errno.EACCES, "Permission denied")
            self.held[key] = fd
        elif mode == self.LK_UNLCK:
            if self.held.get(key) != fd:
                raise OSError(errno.EACCES, "Permission denied")
            del self.held[key]
        else:
            raise AssertionError(f"the store should only try locks without waiting, not mode {mode}")


@pytest.fixture
def windows(monkeypatch):
    """fcntl unimportable, a stand-in msvcrt, and the calls Windows lacks made to fail loudly."""
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises ImportError
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(files, "_WINDOWS", True)
    opened: list[tuple[str, int]] = []
    real_open = os.open

    def windows_open(path, flags, mode=0o777, *, dir_fd=None):
        # Only liaison's own calls: shutil.rmtree opens folders on POSIX, never on Windows.
        if sys._getframe(1).f_globals.get("__name__", "").startswith("liaison_cli"):
            opened.append((os.fspath(path), flags))
            assert not flags & getattr(os, "O_DIRECTORY", 0)
            if os.path.isdir(path):
                raise PermissionError(errno.EACCES, "Windows opens no folder", path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def no_fchmod(fd, mode):
        raise AssertionError("fchmod called on the Windows path")

    monkeypatch.setattr(os, "open", windows_open)
    monkeypatch.setattr(os, "fchmod", no_fchmod)
    fake.opened = opened
    return fake


def test_the_windows_path_writes_reads_and_locks_with_msvcrt(windows, tmp_path):
    store = Store(tmp_path / "home")
    store.create("2026-11-20T09:00:00")
    with store.write() as s:
        number = s.families.add(dict(FAMILY))
    with store.write() as s:
        s.families.update(number, {"tags": ["bus"]})
    with store.read() as s:
        assert s.families.get(number)["tags"] == ["bus"]
    # Every lock was one byte at the start of the lock file, taken without waiting and given
    # back before the file was closed: create, two writes, one read.
    assert windows.calls == [(FakeMsvcrt.LK_NBLCK, 1, 0), (FakeMsvcrt.LK_UNLCK, 1, 0)] * 4
    assert windows.held == {}
    assert not any(os.path.isdir(p) for p, _ in windows.opened)
    # The crash-safety steps other than the folder fsync still happen: whole files, a backup.
    assert orjson.loads(store.path_of("families").read_bytes())
    assert store.list_backups()


def _hold_exclusive(lock_path: Path, msvcrt: FakeMsvcrt | None) -> int:
    """Another command holding the store's lock (a second open file, as another process has)."""
    fd = os.open(lock_path, os.O_RDWR)
    if msvcrt is None:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    else:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    return fd


@pytest.mark.parametrize("platform", ["posix", "windows"])
def test_a_held_lock_times_out_with_locked_error_on_both(platform, request, tmp_path):
    msvcrt = request.getfixturevalue("windows") if platform == "windows" else None
    store = Store(tmp_path / "home", lock_timeout=0.3)
    store.create("2026-11-20T09:00:00")
    with store.write() as s:
        s.families.add(dict(FAMILY))
    before = {p.name: p.read_bytes() for p in store.data_files()}
    fd = _hold_exclusive(store.root / ".lock", msvcrt)
    try:
        for session in (store.write, store.read):
            started = time.monotonic()
            with pytest.raises(LockedError, match="Another liaison command is using the store"):
                with session():
                    pass
            assert time.monotonic() - started >= 0.3
    finally:
        os.close(fd)
    assert {p.name: p.read_bytes() for p in store.data_files()} == before
    if msvcrt is not None:
        msvcrt.held.clear()  # the holder's handle is closed: Windows drops its lock
    with store.write() as s:  # and once it is gone, the store is free again
        s.families.add(dict(FAMILY))


def test_readers_take_the_exclusive_lock_on_windows(windows, tmp_path):
    """msvcrt has no shared lock: a second reader waits for the first (documented)."""
    store = Store(tmp_path / "home", lock_timeout=0.1)
    store.create("2026-11-20T09:00:00")
    with store.read():
        with pytest.raises(LockedError):
            with Store(store.home, lock_timeout=0.1).read():
                pass


def test_readers_share_the_lock_on_posix(tmp_path):
    store = Store(tmp_path / "home", lock_timeout=0.1)
    store.create("2026-11-20T09:00:00")
    with store.read(), Store(store.home, lock_timeout=0.1).read() as s:
        assert s.families.rows() == {}


def test_a_lock_error_other_than_held_is_not_a_timeout(windows, tmp_path, monkeypatch):
    store = Store(tmp_path / "home", lock_timeout=5)
    store.create("2026-11-20T09:00:00")

    def broken(fd, mode, nbytes):
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(windows, "locking", broken)
    started = time.monotonic()
    with pytest.raises(OSError) as caught:
        with store.read():
            pass
    assert caught.value.errno == errno.EBADF and time.monotonic() - started < 1


def test_a_whole_command_on_the_windows_path(windows, home, tmp_path, monkeypatch):
    """Config, store, contact log, staged export and disclosure log, with no fchmod at all (as
    on Windows before 3.13) and no folder ever opened."""
    monkeypatch.delattr(os, "fchmod")
    init_home(home, TODAY)
    app = open_app(home, TODAY)
    fam = add_family(app, name="García", guardians=[Guardian("Rosa García", language="es")])
    log_contact(app, fam.id, kind="phone", note="Bus pass", follow_up="monday", action="Check")
    out = tmp_path / "fam.json"
    export_table(app, "families", "json", out=out, to_whom="principal", why="grant report")
    assert [f["id"] for f in orjson.loads(out.read_bytes())] == [fam.id]
    with app.store.read() as s:
        assert s.contacts.of_family(fam.id)
        assert audit.verify(app.home, s.meta.get("audit_head")).ok
    assert [e["what"] for e in audit.read_log(home)] == ["export json families"]
    assert list_backups(app)
    assert not (home / ".staging").exists() or not any((home / ".staging").iterdir())
    names = {Path(p).name for p, _ in windows.opened}
    # Each guarded writer ran: the lock, the store's files, the staged export and its manifest,
    # the disclosure log, config.yaml's private writer.
    assert {".lock", "0", "manifest.json", "audit.log"} <= names
    assert any(n.startswith(".config.yaml.tmp-") for n in names)
    assert any(n.startswith(".families.json.tmp-") for n in names)
    assert not any(os.path.isdir(p) for p, _ in windows.opened)
    assert windows.held == {}


@pytest.mark.parametrize("no_links", ["unsupported", "missing"])
def test_backups_are_copies_where_links_are_not_supported(no_links, tmp_path, monkeypatch):
    store = Store(tmp_path / "home")
    store.create("2026-11-20T09:00:00")
    with store.write() as s:
        s.families.add(dict(FAMILY))
    if no_links == "missing":
        monkeypatch.delattr(os, "link")
    else:
        def refuse(src, dst, **kw):
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", refuse)
    before = {p.name: p.read_bytes() for p in store.data_files()}
    with store.write() as s:
        s.families.add(dict(FAMILY, name="Okafor"))
    newest = store.list_backups()[0]
    assert {p.name: p.read_bytes() for p in newest.iterdir()} == before
    assert all(p.stat().st_nlink == 1 for p in newest.iterdir())


def test_importing_the_storage_package_does_not_import_fcntl():
    code = ("import sys; import liaison_cli.storage, liaison_cli.storage.json.store; "
            "print('fcntl' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       check=True)
    assert r.stdout.strip() == "False"
    # And it imports where there is none at all.
    blocked = "import sys; sys.modules['fcntl'] = None; import liaison_cli.storage; print('ok')"
    r = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip() == "ok", r.stderr


def test_filelock_is_not_a_dependency_and_nothing_imports_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared += extra
    names = {re.match(r"[A-Za-z0-9._-]+", d)[0].lower().replace("_", "-") for d in declared}
    assert "tinydb" in names  # the parse reads names as they are declared
    assert "filelock" not in names
    for path in (ROOT / "liaison_cli").rglob("*.py"):
        assert "filelock" not in path.read_text(encoding="utf-8"), path
