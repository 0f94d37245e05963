"""The redo journal that makes a commit of several files atomic.

A change touching several files (a contact and the follow-up it creates, say) writes and fsyncs
all new files first, then `journal.json` lists the moves, then the moves happen (commit.py). A
crash before the journal leaves the old state; after it, the next command finishes the moves
(`recover`), but only moves and deletes of the store's own files: a journal is acted on unasked,
so one planted or edited to name anything else is refused (`read_plan`). Orphan temporary files
are removed, never read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson

from ...config.files import fsync_dir, unlink_quiet
from ...errors import CryptoError, StoreError
from ..files import disk_error
from .layout import DATA_FILE_RE, JOURNAL_TMP_RE, TMP_RE, Codec


def recover(root: Path, codec: Codec) -> None:
    """Finish a commit a crash interrupted in the store folder `root`, and drop orphan
    temporary files. Call under the exclusive lock."""
    journal = root / "journal.json"
    if journal.exists():
        try:
            plan = read_plan(root, journal, codec)
            if plan is not None:
                moves, deletes = plan
                for tmp, target in moves:
                    if (root / tmp).exists():
                        os.replace(root / tmp, root / target)
                for target in deletes:
                    unlink_quiet(root / target)
                fsync_dir(root)
        except OSError as exc:
            raise disk_error(exc, "the interrupted change") from None
        unlink_quiet(journal)
    for p in root.iterdir():
        if TMP_RE.match(p.name):
            unlink_quiet(p)


def read_plan(root: Path, journal: Path, codec: Codec
              ) -> tuple[list[tuple[str, str]], list[str]] | None:
    """The moves and deletes a journal lists, each checked to be one of the store's own files
    in store/ (a temporary file onto the data file it was written for; a data file): a
    journal is carried out without asking, so one planted or edited to name anything else
    (`../config.yaml`, an absolute path) is refused before anything moves.
    None: a journal that never finished writing, so its commit never started."""
    try:
        plan = orjson.loads(journal.read_bytes())
    except orjson.JSONDecodeError:
        return None

    def refuse() -> StoreError:
        return StoreError(
            f"The journal {journal} names files that are not the store's own, so nothing was "
            "moved or deleted; move that file out of the store folder, then run "
            "`liaison restore --list` if the store looks wrong."
        )

    if not isinstance(plan, dict):
        raise refuse()
    moves, deletes = plan.get("moves", []), plan.get("deletes", [])
    if not isinstance(moves, list) or not isinstance(deletes, list):
        raise refuse()
    checked: list[tuple[str, str]] = []
    for move in moves:
        if not (isinstance(move, list) and len(move) == 2
                and all(isinstance(x, str) for x in move)):
            raise refuse()
        tmp, target = move
        m = JOURNAL_TMP_RE.fullmatch(tmp)
        if m is None or m["target"] != target:
            raise refuse()
        try:
            st = os.lstat(root / tmp)
        except FileNotFoundError:
            pass  # moved already, before the crash
        else:
            if not stat.S_ISREG(st.st_mode):
                raise refuse()  # a link would bring an outside file into the store
        checked.append((tmp, target))
    if not all(isinstance(d, str) and DATA_FILE_RE.fullmatch(d) for d in deletes):
        raise refuse()
    # Every commit writes meta.json last and never deletes it: a journal without that move,
    # or one deleting meta.json, was not written by liaison (a planted "delete families.json").
    if "meta.json" in deletes or not any(target == "meta.json" for _tmp, target in checked):
        raise refuse()
    if deletes and not meta_drops(root, codec, checked, deletes):
        raise refuse()
    return checked, deletes


def meta_drops(root: Path, codec: Codec, moves: list[tuple[str, str]],
               deletes: list[str]) -> bool:
    """Whether the meta.json a journal brings in (still the temporary file, or already moved)
    stops recording every file the journal deletes, as a real commit's does: a planted
    journal with a made-up meta cannot delete a file the store still counts on."""
    tmp = next(t for t, target in moves if target == "meta.json")
    source = root / tmp if (root / tmp).exists() else root / "meta.json"
    try:
        doc = orjson.loads(codec.decode(source.read_bytes(), source))
        files = doc["meta"]["1"].get("files", {})
    except (OSError, ValueError, KeyError, TypeError, CryptoError):
        return False
    return isinstance(files, dict) and not any(d.removesuffix(".json") in files for d in deletes)
