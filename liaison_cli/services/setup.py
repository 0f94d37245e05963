"""The home folder: init, paths, backups and restore."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import (
    CONFIG_NAME,
    default_config_text,
    ensure_private_dir,
    load_config,
    write_private_text,
)
from ..errors import ConflictError, LiaisonError
from ..storage import Store
from . import audit
from .app import open_app


@dataclass
class InitResult:
    home: Path
    config: Path
    wrote_config: bool
    loaded: str = ""


def builtin_templates_dir() -> Path:
    """The bundled templates: the checkout's top-level folder in an editable install, the
    copy forced into the wheel otherwise."""
    here = Path(__file__).resolve().parent.parent
    inside = here / "_templates"
    if inside.is_dir():
        return inside
    return here.parent / "templates"


def init_home(home: Path, today: dt.date, *, sample: bool = False, families: int | None = None,
              force: bool = False, database_url: str | None = None) -> InitResult:
    # A home whose meta.json was lost is restored, never given a new store (ids and the
    # disclosure log's head would start again): refuse before writing anything.
    Store(home).check_not_orphaned()
    ensure_private_dir(home)
    config_path = home / CONFIG_NAME
    wrote = False
    if not config_path.exists():
        if sample:
            # Start-up: sample.py is the largest module (about 3 ms to import, measured); only
            # `init --sample` needs it.
            from ..sample import sample_config_text

            write_private_text(config_path, sample_config_text(today))
        else:
            write_private_text(config_path, default_config_text(today))
        wrote = True
    app = open_app(home, today, database_url=database_url)
    store = app.store
    if sample and store.exists():
        with store.read() as s:
            has_data = bool(s.families.rows())
        if has_data and not force:
            raise ConflictError(
                f"{home} already holds a caseload; use another --home, or add --force to replace it "
                "(its backups are kept)."
            )
    store.create(app.stamp())
    result = InitResult(home=home, config=config_path, wrote_config=wrote)
    if sample:
        from ..sample import load_sample  # start-up: as above

        result.loaded = load_sample(app, families=families)
        # Start-up: translations.py loads babel's catalogue support (about 13 ms, measured),
        # which a plain `init` does not need.
        from .translations import install_sample

        install_sample(app)
    return result


def paths(home: Path) -> dict[str, str]:
    info = {
        "home": str(home),
        "config": str(home / CONFIG_NAME),
        "store": str(home / "store"),
        "backups": str(home / "backups"),
        "exports": str(home / "exports"),
        "audit_log": str(home / "audit.log"),
        "templates": str(builtin_templates_dir()),
    }
    try:
        cfg = load_config(home)
    except Exception:  # paths must work even when the config is broken
        cfg = None
    if cfg is not None and cfg.templates_dir:
        info["your_templates"] = str(cfg.templates_dir)
    if cfg is not None and cfg.playbooks_dir:
        info["your_playbooks"] = str(cfg.playbooks_dir)
    return info


def require_folder_store(app, command: str) -> None:
    """Stop `liaison <command>` (restore, encrypt, decrypt) on a district database with one
    sentence (UsageError), before it asks for anything: those are for a personal JSON store."""
    app.store.require_folder_store(command)


def list_backups(app) -> list[dict[str, Any]]:
    app.store.require_folder_store("restore")
    app.store.require(restoring=True)
    rows = []
    for folder in app.store.list_backups():
        row: dict[str, Any] = {
            "name": folder.name,
            "taken": f"{folder.name[:10]} {folder.name[11:19].replace('-', ':')}",
            "families": None, "open_followups": None, "damaged": False,
        }
        try:
            row["families"], row["open_followups"] = app.store.backup_counts(folder.name)
        except LiaisonError:
            # A backup holding a damaged file (the undo of a repair, say) is still listed —
            # marked, so the liaison picks another — rather than hiding every backup.
            row["damaged"] = True
        rows.append(row)
    return rows


def restore_backup(app, name: str) -> None:
    """Put the store back to backup `name`, recorded in the disclosure log (see
    Store.restoring for what is kept: id counters, the log's head)."""
    store: Store = app.store
    with store.restoring(name, log_head=lambda: audit.last_head(app.home)) as s:
        audit.record_disclosure(app, s, what="restore", to_whom="", records=[],
                                why="the store was put back to an earlier backup",
                                detail=f"backup {name}")
