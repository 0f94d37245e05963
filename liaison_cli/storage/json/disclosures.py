"""The disclosure log as the JSON backend keeps it: `audit.log` in the home folder, one JSON
line per entry (keys sorted), mode 0600, appended to and never edited in place.

What an entry holds, its hash chain and which entries are void is services/audit.py's business;
this module only keeps the entries. The chain's committed head lives in meta.json (see
Session.disclosures), so an entry written ahead of a commit that never came is told apart.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from ...config.files import atomic_write
from ...errors import StoreError
from .layout import AUDIT_LOG_NAME

if TYPE_CHECKING:
    from .session import Session


class StoredEntry(NamedTuple):
    """One stored entry as `audit verify` walks it: where it is (a line number here), the entry
    (None when what is stored there is not an entry), and whether it is stored exactly as it was
    written (an edit that leaves the JSON equal, spaces or escapes, makes it False)."""

    position: int
    entry: dict[str, Any] | None
    exact: bool


def _line(entry: dict[str, Any]) -> bytes:
    return orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)


class DisclosureLog:
    """The log file under one home folder."""

    def __init__(self, home: Path):
        self.path = home / AUDIT_LOG_NAME

    def tail(self) -> dict[str, Any] | None:
        """The last entry, read from the end (the log only grows); None for an empty log or an
        end that is not an entry."""
        try:
            with open(self.path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                chunk = 4096
                data = b""
                while size > 0:
                    step = min(chunk, size)
                    size -= step
                    fh.seek(size)
                    data = fh.read(step) + data
                    lines = [ln for ln in data.split(b"\n") if ln.strip()]
                    if len(lines) > 1 or (lines and size == 0):
                        try:
                            entry = orjson.loads(lines[-1])
                        except orjson.JSONDecodeError:
                            return None
                        return entry if isinstance(entry, dict) else None
                    chunk *= 2
        except FileNotFoundError:
            return None
        return None

    def append(self, entry: dict[str, Any]) -> None:
        """Write one entry at the end and fsync it (write-ahead: before the session commits)."""
        line = _line(entry) + b"\n"
        path = self.path
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0),
                         0o600)
        except OSError as exc:
            raise log_error(exc, path) from None
        try:
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
                os.fchmod(fd, 0o600)
            start = os.lseek(fd, 0, os.SEEK_END)
            if start and self._last_byte() != b"\n":
                # A log whose end was cut mid-line: the entry starts a line of its own, or it
                # would be merged into the damaged one and unreadable (the damage stays, for
                # verify).
                line = b"\n" + line
            try:
                view = memoryview(line)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            except OSError as exc:
                # A half-written line would read as an edited log: cut it off again.
                try:
                    os.ftruncate(fd, start)
                except OSError:
                    pass
                raise log_error(exc, path) from None
        finally:
            os.close(fd)

    def _last_byte(self) -> bytes:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(-1, os.SEEK_END)
                return fh.read(1)
        except OSError:
            return b"\n"

    def _read(self) -> bytes | None:
        if not self.path.exists():
            return None
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise StoreError(f"Cannot read {self.path} ({exc.strerror}); check the folder's "
                             "permissions.") from None

    def entries(self) -> list[dict[str, Any]]:
        """Every entry in order; a line that is not an entry stops with a StoreError that says
        to run `liaison audit verify`."""
        data = self._read()
        if data is None:
            return []
        out = []
        for n, line in enumerate(data.split(b"\n"), start=1):
            if not line.strip():
                continue
            try:
                entry = orjson.loads(line)
            except orjson.JSONDecodeError:
                entry = None
            if not isinstance(entry, dict):
                raise StoreError(f"{self.path} line {n} is not a log entry; the log was edited — "
                                 "run `liaison audit verify`.")
            out.append(entry)
        return out

    def stored(self) -> list[StoredEntry] | None:
        """Every stored entry with its line number, for verification; None when there is no
        log at all."""
        data = self._read()
        if data is None:
            return None
        out = []
        for n, line in enumerate(data.split(b"\n"), start=1):
            if not line:
                continue
            try:
                entry = orjson.loads(line)
            except orjson.JSONDecodeError:
                entry = None
            if not isinstance(entry, dict):
                out.append(StoredEntry(n, None, False))
            else:
                out.append(StoredEntry(n, entry, _line(entry) == line))
        return out

    def rewrite(self, change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> int:
        """Replace each entry `change` returns a new one for (None: keep it as it is), the file
        swapped whole and atomically; a line that is not an entry is kept as it is. Returns how
        many entries changed."""
        data = self._read()
        if data is None:
            return 0
        changed = 0
        out: list[bytes] = []
        for line in data.split(b"\n"):
            if not line.strip():
                continue
            try:
                entry = orjson.loads(line)
            except orjson.JSONDecodeError:
                out.append(line)
                continue
            new = change(entry) if isinstance(entry, dict) else None
            if new is None:
                out.append(line)
            else:
                changed += 1
                out.append(_line(new))
        if changed:
            atomic_write(self.path, b"\n".join(out) + b"\n")
        return changed


def log_error(exc: OSError, path: Path) -> StoreError:
    if exc.errno == errno.ENOSPC:
        todo = "free space and run the command again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        todo = f"make {path} writable again (its permissions, or `chattr -i`) and run the command again"
    else:
        todo = "check the disk and run the command again"
    return StoreError(
        f"Could not write the disclosure log ({exc.strerror or 'an I/O error'}); nothing was "
        f"shared or changed — {todo}."
    )


class JsonDisclosures:
    """`session.disclosures`: the log, and its head as this store last committed it."""

    __slots__ = ("_s", "_log")

    def __init__(self, session: Session):
        self._s = session
        self._log = DisclosureLog(session.store.home)

    @property
    def head(self) -> dict[str, Any] | None:
        """The committed head ({seq, hash}) as of this session; None before the first entry."""
        return self._s.meta.get("audit_head")

    def tail(self) -> dict[str, Any] | None:
        return self._log.tail()

    def append(self, entry: dict[str, Any]) -> None:
        """Keep `entry` (with its `seq` and `hash`) and make it the head this session commits.
        The entry is stored at once, ahead of the commit, so nothing is disclosed without it."""
        self._s._require_writable()
        self._s.set_audit_head({"seq": entry["seq"], "hash": entry["hash"]})
        self._log.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        return self._log.entries()

    def stored(self) -> list[StoredEntry] | None:
        return self._log.stored()

    def redact(self, change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> int:
        """Rewrite the entries `change` gives a new form for (forget's redaction); how many."""
        self._s._require_writable()
        return self._log.rewrite(change)
