"""The storage package's one atomic private writer, and what it stands on.

Every file the store writes goes to a new private temporary file in the same folder (mode
0600 whatever the umask), is flushed and fsynced, and is moved over the old one with
`os.replace`; the folder is fsynced after. A kill or a full disk leaves the old file or the new
one, never a cut-off file.

On Windows a folder cannot be opened (to fsync it), `os.fchmod` is missing before Python 3.13
(a file's mode is only its read-only flag there) and files open as text unless told O_BINARY:
those steps are skipped or added there. A change just committed may then be lost to a power
cut, though every file is still one whole version (each was fsynced before its rename).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..errors import StoreError

# A flag of the module, not a test of os.name at each call, so tests can run the Windows path
# on POSIX.
_WINDOWS = os.name == "nt"
_O_BINARY = getattr(os, "O_BINARY", 0)  # 0 on POSIX: the flags there stay exactly as they were


def fsync_dir(path: Path) -> None:
    if _WINDOWS:
        return  # see _WINDOWS: a folder cannot be opened there
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_tmp_counter = 0


def write_temp(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to a new private temporary file in `folder`, flushed and fsynced."""
    global _tmp_counter
    _tmp_counter += 1
    tmp = folder / f".{name}.tmp-{os.getpid()}-{_tmp_counter}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
    try:
        if not _WINDOWS:
            os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        unlink_quiet(tmp)
        raise
    os.close(fd)
    return tmp


def atomic_write(path: Path, data: bytes) -> None:
    """Put `data` at `path` whole or not at all: a private temporary file moved over it."""
    tmp = write_temp(path.parent, path.name, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        unlink_quiet(tmp)
        raise
    fsync_dir(path.parent)


def unlink_quiet(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def disk_error(exc: OSError, what: str) -> StoreError:
    """One sentence for a write that failed and changed nothing (`what`: "your change")."""
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "the folder is not writable"
    else:
        reason = exc.strerror or "an I/O error"
    return StoreError(f"Could not save {what}: {reason}; nothing was changed — free space or fix "
                      "the folder and run the command again.")
