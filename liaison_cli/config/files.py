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


def write_private_text(path: Path, text: str | bytes, *, durable: bool = True) -> None:
    """Write a file atomically with mode 0600 whatever the umask. `durable=False` skips the
    fsync, for files that can be made again (letters of a mail merge: 1,000 fsyncs cost seconds)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    # O_BINARY (Windows only): os.open makes a text-mode file there, which would write \r\n.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
