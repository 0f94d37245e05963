"""The folder store's lock: `store/.lock`, held across read → change → write.

Writers hold an exclusive `flock` and open the tables inside it, so TinyDB never reuses a cached
next id; readers hold a shared one, so they never see half a commit. On Windows (no fcntl) the
lock is `msvcrt.locking`, which has only exclusive locks: readers take it too, so there two
readers wait for each other (never for long: a read takes milliseconds).
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ...config import ensure_private_dir
from ...errors import LockedError
from ..files import disk_error

_EDEADLOCK = getattr(errno, "EDEADLOCK", errno.EDEADLK)  # msvcrt.locking gave up


@contextmanager
def locked(root: Path, exclusive: bool, timeout: float) -> Iterator[None]:
    """Hold the lock of the store folder `root` (shared or exclusive) for the block; LockedError
    when it is not free within `timeout` seconds."""
    ensure_private_dir(root, tighten=False)
    path = root / ".lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        if exclusive or not path.exists():
            raise disk_error(exc, "the lock file") from None
        fd = os.open(path, os.O_RDONLY)
    try:
        release = take_lock(fd, exclusive, timeout)
        try:
            yield
        finally:
            release()
    finally:
        os.close(fd)


def take_lock(fd: int, exclusive: bool, timeout: float) -> Callable[[], None]:
    """Lock the open lock file `fd` (shared or exclusive), trying until `timeout` seconds have
    passed, else LockedError. Returns what releases the lock before the file is closed."""
    try:
        import fcntl  # here, not at the top: Windows has none, and the store must import there
    except ImportError:
        fcntl = None
    if fcntl is not None:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB

        def attempt() -> bool:
            try:
                fcntl.flock(fd, mode)
            except BlockingIOError:
                return False
            return True

        def release() -> None:
            pass  # closing the file releases a flock
    else:
        import msvcrt  # here, not at the top: only Windows has it

        # msvcrt.locking has only exclusive locks (of a byte range, from the file's position):
        # readers take the exclusive lock too, so on Windows two readers wait for each other.

        def attempt() -> bool:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError as exc:
                if exc.errno in (errno.EACCES, _EDEADLOCK):  # held by another process
                    return False
                raise
            return True

        def release() -> None:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass  # closing the file releases it too

    deadline = time.monotonic() + timeout
    while not attempt():
        if time.monotonic() >= deadline:
            raise LockedError(
                "Another liaison command is using the store; wait for it to finish "
                "and run this again."
            )
        time.sleep(0.02)
    return release
