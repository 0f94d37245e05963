"""The district database: create or upgrade its schema, load district-wide settings, report
its state. Used by `liaison db init` and `liaison db status`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import DISTRICT_KEYS, config_from_located
from ..core.models import Service, fold
from ..core.yamlio import Located, parse_file, plain, to_plain_tree
from ..errors import ConfigError, UsageError
from ..storage import code_schema_version, is_district
from .app import App
from .referrals import parse_category

# What district.yaml may hold: config.yaml's district sections, and the services directory.
DISTRICT_FILE_KEYS = (*DISTRICT_KEYS, "services")
SERVICE_KEYS = {"name", "category", "organisation", "phone", "address", "languages", "eligibility"}


@dataclass
class InitReport:
    server: str
    applied: list[tuple[int, str]]
    version: int
    settings: list[str] = field(default_factory=list)  # the sections loaded
    services_added: list[str] = field(default_factory=list)
    services_kept: list[str] = field(default_factory=list)  # already in the directory


@dataclass
class Status:
    server: str
    version: int
    code_version: int
    pending: list[tuple[int, str]]
    settings: list[str]


def _district_store(app: App):
    if not is_district(app.store):
        raise UsageError("No district database is configured; set LIAISON_DATABASE_URL or "
                         "`store: postgresql://…` in config.yaml first.")
    return app.store


def read_district_file(path: Path, home: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """district.yaml's settings (plain trees per section, validated as config.yaml validates
    them) and its services directory."""
    root = parse_file(path)
    source = str(path)
    if root.value is None:
        return {}, []
    if not isinstance(root.value, dict):
        raise ConfigError(f"{source}, line {root.line}: a district file is a set of sections "
                          f"like config.yaml's ({', '.join(DISTRICT_FILE_KEYS)}).")
    for key, loc in root.value.items():
        if key not in DISTRICT_FILE_KEYS:
            raise ConfigError(f"{source}, line {getattr(loc, 'line', 1)}: `{key}` is not a district "
                              f"setting; use one of {', '.join(DISTRICT_FILE_KEYS)} (a liaison's "
                              "own name, phone and email stay in her config.yaml).")
    sections = {k: v for k, v in root.value.items() if k in DISTRICT_KEYS}
    config_from_located(Located(sections, root.line), source, home)  # raises on a bad value
    settings = {k: to_plain_tree(v) for k, v in sections.items()}
    services = _services(root.value.get("services"), source)
    return settings, services


def _services(loc: Located | None, source: str) -> list[dict[str, Any]]:
    if loc is None or loc.value is None:
        return []
    if not isinstance(loc.value, list):
        raise ConfigError(f"{source}, line {loc.line}: `services` must be a list of services, "
                          "each with a name and a category.")
    out = []
    for item in loc.value:
        rec = plain(item)
        if not isinstance(rec, dict) or not str(rec.get("name", "")).strip() \
                or not str(rec.get("category", "")).strip():
            raise ConfigError(f"{source}, line {item.line}: each service needs a `name` and a "
                              "`category`.")
        unknown = set(rec) - SERVICE_KEYS
        if unknown:
            raise ConfigError(f"{source}, line {item.line}: `{sorted(unknown)[0]}` is not a "
                              f"service field; use {', '.join(sorted(SERVICE_KEYS))}.")
        langs = rec.get("languages") or []
        out.append({
            "name": " ".join(str(rec["name"]).split()),
            "category": parse_category(str(rec["category"])),
            **{k: str(rec[k]).strip() for k in ("organisation", "phone", "address", "eligibility")
               if rec.get(k)},
            "languages": [str(x).strip() for x in (langs if isinstance(langs, list) else [langs])],
        })
    return out


def init_database(app: App, district_file: Path | None = None) -> InitReport:
    """Create or upgrade the schema (each migration in its own transaction), then load the
    district's settings and services from `district_file` in one transaction."""
    store = _district_store(app)
    settings: dict[str, Any] = {}
    services: list[dict[str, Any]] = []
    if district_file is not None:
        settings, services = read_district_file(district_file, app.home)  # before any change
    applied = store.migrate()
    report = InitReport(server=store.describe(), applied=applied, version=store.schema_version())
    if district_file is None:
        return report
    store.require()
    now = app.stamp()
    with store.write() as s:
        s.save_settings(settings)
        report.settings = sorted(settings)
        existing = {fold(rec.get("name")) for rec in s.services.rows().values()}
        for rec in services:
            if fold(rec["name"]) in existing:
                report.services_kept.append(rec["name"])
                continue
            svc = Service(id="", created=now, updated=now, **rec)
            d = svc.to_dict()
            del d["id"]
            n = s.services.add(d)
            existing.add(fold(rec["name"]))
            report.services_added.append(f"S{n} {rec['name']}")
    return report


def database_status(app: App) -> Status:
    store = _district_store(app)
    version = store.schema_version()
    return Status(server=f"{store.describe()} ({store.server_version()})", version=version,
                  code_version=code_schema_version(), pending=store.pending(),
                  settings=sorted(k for k in store.settings() if k in DISTRICT_KEYS))
