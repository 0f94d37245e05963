"""The home folder, and the one maker of private folders and writer of private files (0700,
0600, whatever the umask)."""

from __future__ import annotations

import os
from pathlib import Path


def home_dir(explicit: str | os.PathLike | None, env_home: str | None) -> Path:
    """The folder holding config.yaml, the store and its backups."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    if env_home:
        return Path(env_home).expanduser().absolute()
    import platformdirs  # only when neither was given

    return Path(platformdirs.user_data_dir("liaison", appauthor=False))


def ensure_private_dir(path: Path, *, tighten: bool = True) -> Path:
    """The one maker of private folders: create `path` and every missing parent with mode 0700,
    whatever the umask (their names carry family names and languages), and return it.

    A folder that already existed keeps its mode unless `tighten` (the home, the store, the
    exports folder: ours); a folder the user named with --out is theirs to keep as it was."""
    missing: list[Path] = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)  # never wider than 0700, even for a moment
        except FileExistsError:
            continue  # made by another process just now
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask: make it exact
    if tighten and not missing and path.is_dir():
        os.chmod(path, 0o700)
    return path


# A flag of the module, not a test of os.name at each call, so tests can run the Windows path
# on POSIX. On Windows a folder cannot be opened (to fsync it), `os.fchmod` is missing before
# Python 3.13 (a file's mode is only its read-only flag there) and files open as text unless
# told O_BINARY: those steps are skipped or added there.
_WINDOWS = os.name == "nt"
_O_BINARY = getattr(os, "O_BINARY", 0)  # 0 on POSIX: the flags there stay exactly as they were
_tmp_counter = 0


def fsync_dir(path: Path) -> None:
    if _WINDOWS:
        return  # see _WINDOWS: a folder cannot be opened there
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp(folder: Path, name: str, data: bytes, *, durable: bool = True) -> Path:
    """Write `data` to a new private temporary file (mode 0600 whatever the umask) in `folder`,
    flushed and, when `durable`, fsynced; its path."""
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
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        unlink_quiet(tmp)
        raise
    os.close(fd)
    return tmp


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """The one atomic private writer: `data` at `path` whole or not at all, mode 0600 — a
    private temporary file moved over it, the folder fsynced after (when `durable`)."""
    tmp = write_temp(path.parent, path.name, data, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        unlink_quiet(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def unlink_quiet(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_private_text(path: Path, text: str | bytes, *, durable: bool = True) -> None:
    """atomic_write() of text (UTF-8) or bytes. `durable=False` skips the fsyncs, for files that
    can be made again (letters of a mail merge: 1,000 fsyncs cost seconds)."""
    atomic_write(path, text.encode("utf-8") if isinstance(text, str) else text, durable=durable)
