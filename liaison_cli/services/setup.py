"""The home folder: init, paths, backups and restore."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import CONFIG_NAME, default_config_text, ensure_private_dir, write_private_text
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
            from ..sample import sample_config_text

            write_private_text(config_path, sample_config_text(today))
        else:
            write_private_text(config_path, default_config_text(today))
        wrote = True
    app = open_app(home, today, database_url=database_url)
    store = app.store
    if sample and store.exists():
        with store.read() as s:
            has_data = bool(s.raw("families"))
        if has_data and not force:
            raise ConflictError(
                f"{home} already holds a caseload; use another --home, or add --force to replace it "
                "(its backups are kept)."
            )
    store.create(app.stamp())
    result = InitResult(home=home, config=config_path, wrote_config=wrote)
    if sample:
        from ..sample import load_sample

        result.loaded = load_sample(app, families=families)
        from .translations import install_sample

        install_sample(app)
    return result


def paths(home: Path) -> dict[str, str]:
    from ..config import load_config

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


def list_backups(app) -> list[dict[str, Any]]:
    app.store.require(restoring=True)
    rows = []
    for folder in app.store.list_backups():
        row: dict[str, Any] = {
            "name": folder.name,
            "taken": f"{folder.name[:10]} {folder.name[11:19].replace('-', ':')}",
            "families": None, "open_followups": None, "damaged": False,
        }
        try:
            fam = app.store.load_file(folder / "families.json", "families").get("families", {})
            fus = app.store.load_file(folder / "followups.json", "followups").get("followups", {})
            row["families"] = len(fam)
            row["open_followups"] = sum(1 for f in fus.values() if f.get("status") == "open")
        except LiaisonError:
            # A backup holding a damaged file (the undo of a repair, say) is still listed —
            # marked, so the liaison picks another — rather than hiding every backup.
            row["damaged"] = True
        rows.append(row)
    return rows


def _furthest_head(app) -> dict[str, Any] | None:
    """The disclosure log's head as far as anything still tells: the log's last entry, and the
    head each readable backup's meta.json recorded. On a tie a meta's head wins: liaison wrote
    it, while the log's end may have been edited."""
    heads = []
    for folder in app.store.list_backups():
        try:
            doc = app.store.load_file(folder / "meta.json", "meta")
        except LiaisonError:
            continue
        head = doc.get("meta", {}).get("1", {}).get("audit_head")
        if isinstance(head, dict) and isinstance(head.get("seq"), int):
            heads.append(head)
    tail = audit.last_head(app.home)
    if tail is not None:
        heads.append(tail)
    return max(heads, key=lambda h: h["seq"], default=None)


def restore_backup(app, name: str) -> None:
    store: Store = app.store
    store.require(restoring=True)
    folder = store.backup_path(name)
    backup_files = {p.stem: p for p in store.data_files(folder)}
    # Validate the whole backup before touching anything.
    docs = {stem: store.load_file(p, "contacts" if stem.startswith("contacts-") else stem)
            for stem, p in backup_files.items()}
    if "meta" not in docs:
        from ..errors import StoreError

        raise StoreError(f"Backup {name} has no meta.json; pick another with `liaison restore --list`.")
    with store.write(replacing_all=True) as s:
        # Counters never go back, so a record made after the backup never shares an id with one
        # made after the restore.
        counters = dict(docs["meta"]["meta"]["1"].get("next", {}))
        for table, n in s.meta.get("next", {}).items():
            counters[table] = max(n, counters.get(table, 0))
        docs["meta"]["meta"]["1"]["next"] = counters
        # The disclosure log is not part of what a restore replaces: its recorded head stays
        # where it is now, so entries after the backup cannot be cut off unnoticed. When meta
        # itself was damaged, the furthest head known stands in: the log's own last entry, or
        # one a backup's meta recorded (the log's end alone would hide entries cut off it).
        head = s.meta.get("audit_head") or _furthest_head(app)
        if head is not None:
            docs["meta"]["meta"]["1"]["audit_head"] = head
        else:
            docs["meta"]["meta"]["1"].pop("audit_head", None)
        for p in store.data_files():
            if p.stem not in docs:
                s.delete_file(p.stem)
        for stem, doc in docs.items():
            s.replace_file(stem, doc)
        audit.record_disclosure(app, s, what="restore", to_whom="", records=[],
                                why="the store was put back to an earlier backup",
                                detail=f"backup {name}")
