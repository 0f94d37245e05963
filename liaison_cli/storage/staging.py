"""Files that leave the store (letters, exports) appear only after their record is saved.

A command that writes letters or an export first stages the files in a private folder under the
home (`.staging/<id>/`, 0700, with a manifest of where each file goes), then appends its
disclosure entry and commits the store with the staging folder named in meta (`outputs`). Only
after the commit does it move the files into place. So:

* a failure or a kill before the commit leaves no letter anywhere but the private staging folder,
  which the next write removes (its disclosure entry is marked as not done);
* a kill after the commit leaves the move half done; the next write finishes it, as the store's
  journal finishes a commit.

Moves are renames when the home and the destination share a file system, else a copy to a
temporary file beside the destination and a rename.

Both backends stage this way (json/commit.py, pg/session.py). The district database keeps no
record of a staging folder: its session writes the manifest and places the files right after
its transaction commits, and files a kill left staged in between stay in `.staging/`.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from ..config import ensure_private_dir

STAGING = ".staging"
MANIFEST = "manifest.json"


class Staged:
    """One command's staged files: `add` each, `manifest()` before the commit, `place()` after."""

    def __init__(self, home: Path):
        root = home / STAGING
        root.mkdir(mode=0o700, exist_ok=True)
        os.chmod(root, 0o700)
        # A name never used before, not even by this process: meta.json may still name an
        # earlier folder of this process as committed until the next commit, and a folder
        # reusing that name would be placed although its own commit never happened.
        while True:
            folder = root / f"{os.getpid()}-{os.urandom(8).hex()}"
            try:
                folder.mkdir(mode=0o700)
                break
            except FileExistsError:
                continue
        os.chmod(folder, 0o700)
        self.folder = folder
        self.moves: list[tuple[str, str]] = []

    def add(self, target: Path, data: bytes, *, durable: bool = True) -> None:
        _check_destination(Path(target))
        name = str(len(self.moves))
        fd = os.open(self.folder / name,
                     os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
                os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        self.moves.append((name, str(Path(target).absolute())))

    def write_manifest(self) -> None:
        """Record where each file goes (fsynced), before the commit names this folder."""
        path = self.folder / MANIFEST
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.write(fd, orjson.dumps(self.moves))
            os.fsync(fd)
        finally:
            os.close(fd)

    def discard(self) -> None:
        _remove(self.folder)


def _remove(folder: Path) -> None:
    import shutil  # only when there is a folder to remove, not on every write (start-up)

    shutil.rmtree(folder, ignore_errors=True)


def _check_destination(target: Path) -> None:
    """Refuse, before anything is recorded, a destination the files could not be moved to."""
    folder = target.absolute().parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(13, "Permission denied", str(folder))
    if target.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(target))


def place(folder: Path) -> None:
    """Move every staged file of `folder` to its destination, then remove the folder. Safe to run
    again after an interruption: a file already moved is no longer in the folder."""
    try:
        moves = orjson.loads((folder / MANIFEST).read_bytes())
    except FileNotFoundError:
        _remove(folder)  # already placed, or never committed
        return
    except orjson.JSONDecodeError:
        moves = []
    for name, target in moves:
        if "/" in name or name in ("", ".", "..", MANIFEST):
            continue  # not a name Staged.add makes
        src = folder / name
        if not src.exists():
            continue
        dest = Path(target)
        ensure_private_dir(dest.parent, tighten=False)
        try:
            os.replace(src, dest)
        except OSError as exc:
            if exc.errno != 18:  # EXDEV: another file system
                raise
            import shutil  # only across file systems (start-up: see _remove)

            tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
            shutil.copyfile(src, tmp)
            os.chmod(tmp, 0o600)
            os.replace(tmp, dest)
            os.unlink(src)
    _remove(folder)


def settle(home: Path, committed: list[str]) -> None:
    """At the start of a write (under the store's exclusive lock): finish the moves of committed
    folders, and remove the staging folders of commands that never committed."""
    root = home / STAGING
    if not root.is_dir():
        return
    keep = set(committed)
    for folder in root.iterdir():
        if folder.name in keep:
            place(folder)
        else:
            _remove(folder)
