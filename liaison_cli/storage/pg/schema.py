"""The district database's schema as this liaison ships it: the migrations in pg_schema/ (SQL
files, applied in order by `liaison db init`: PgStore.migrate) and the tables of records.
Nothing here imports psycopg."""

from __future__ import annotations

import re
from pathlib import Path

SCHEMA_DIR = Path(__file__).parent.parent / "pg_schema"
_MIGRATION_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# The tables of records, one per kind (each record's dict in `doc`, generated columns beside).
RECORD_KINDS = ("families", "contacts", "followups", "referrals", "events", "services",
                "outbox", "inbox")


def migrations() -> list[tuple[int, str, Path]]:
    """The schema's migrations shipped with the package: (version, name, file), in order."""
    out = []
    for p in sorted(SCHEMA_DIR.iterdir()):
        m = _MIGRATION_RE.match(p.name)
        if m:
            out.append((int(m.group(1)), m.group(2), p))
    return out


def code_schema_version() -> int:
    """The newest schema this code knows."""
    return max((v for v, _n, _p in migrations()), default=0)
