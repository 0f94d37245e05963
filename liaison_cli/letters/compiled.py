"""Compiled templates kept between runs, so a letter or a mail merge does not compile its
templates again each time it runs (compiling ten language versions of a template cost a
1,000-letter merge about 0.36 s of its 3.4 s, benchmarks/bench.py).

Jinja's own bytecode cache interface (jinja2.BytecodeCache) with one file per compiled
template in a private folder of the home (`.template-cache/`, 0700, files 0600). A file is
named by the hash of the environment's key (its language, number format and escaping: Jinja
folds constant expressions with the environment's filters when it compiles, so a compiled
template belongs to one environment) and of the template's name, which carries the hash of its
body; Jinja checks the source's checksum again when it loads one. A file that cannot be read,
is damaged or is from another Python or Jinja is compiled again and rewritten; a folder that
cannot be written (a read-only home) just means compiling every run, as before.

Whoever can write the home folder can put code there, as in Python's own __pycache__: the cache
lives in the user's private home, beside the store it serves.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, bc_magic

from ..config.files import atomic_write, ensure_private_dir

FOLDER = ".template-cache"
KEPT = 400  # compiled files kept; the oldest go when a write finds more


class CompiledCache(jinja2.BytecodeCache):
    """One environment's compiled templates on disk, in the folder `where()` names (None: no
    cache, this run)."""

    def __init__(self, env_key: str, where) -> None:
        self.env_key = env_key
        self.where = where

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.env_key}\0{name}", filename)

    def _path(self, bucket: Bucket) -> Path | None:
        folder = self.where()
        return None if folder is None else folder / f"{bucket.key}.jinja"

    def load_bytecode(self, bucket: Bucket) -> None:
        path = self._path(bucket)
        if path is None:
            return
        try:
            data = path.read_bytes()
        except OSError:
            return
        # Only a file that begins as Jinja writes one for this very source is handed to
        # Jinja: its checksum is then a pickle Jinja made, never one read from elsewhere.
        head = bc_magic + pickle.dumps(bucket.checksum, 2)
        if not data.startswith(head):
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # noqa: BLE001  (a damaged file is compiled again, whatever broke)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        path = self._path(bucket)
        if path is None:
            return
        try:
            ensure_private_dir(path.parent)
            atomic_write(path, bucket.bytecode_to_string(), durable=False)
            files = sorted(path.parent.glob("*.jinja"), key=lambda p: p.stat().st_mtime_ns)
            for old in files[:-KEPT]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only or full home: compiled again next run
