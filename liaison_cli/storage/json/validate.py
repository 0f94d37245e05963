"""Reading a store file: parse it and check its shape, so a hand-edited or damaged store is
stopped before anything is written over it. A file whose bytes still match the digest meta.json
recorded when liaison last wrote it is exactly what liaison wrote and validated: its record by
record check is skipped."""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path
from typing import Any

import orjson

from ...errors import StoreError
from .layout import META_CHECK, SCHEMA_VERSION, Codec, content_digest, meta_check

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Fields each record must have, with their type; checked when a file is read so a hand-edited
# store is stopped before anything is written over it.
REQUIRED: dict[str, dict[str, type | tuple[type, ...]]] = {
    "families": {"name": str, "guardians": list, "students": list, "tags": list, "status": str},
    "contacts": {"family_id": str, "date": str, "kind": str},
    "followups": {"family_id": str, "due": str, "action": str, "status": str},
    "referrals": {"family_id": str, "service": str, "status": str, "date": str},
    "events": {"title": str, "date": str},
    "services": {"name": str},
    "summary": {"last_contact": str, "last_reached": str, "failed_streak": int},
    "roster": {},
    "report": {},
    "outbox": {"family_id": str, "status": str, "message_id": str},
    "inbox": {"uidvalidity": int, "uid": int},
}
DATE_FIELDS = {"contacts": ("date",), "followups": ("due",), "referrals": ("date",),
               "events": ("date",)}
# Required fields a migration added: a store older than that schema gets them from the migration,
# which runs after its files are read and validated.
ADDED_IN = {("families", "status"): 2, ("followups", "status"): 2}
_OPT_INT = (int, type(None))
# Fields checked when present: the records in models.py trust these types.
OPTIONAL: dict[str, dict[str, type | tuple[type, ...]]] = {
    "families": {"home_language": str, "address": str, "barriers": list, "consents": dict,
                 "closed_reason": str, "closed_on": str, "arrival": str, "notes": str,
                 "cadence_days": _OPT_INT, "external_ids": dict},
    "contacts": {"summary": str, "time": str, "outcome": str, "followup_id": _OPT_INT},
    "followups": {"every_days": _OPT_INT, "snoozed": int},
}
# Inside a family: lists of people (each an object with a text `name`) and lists of text.
PEOPLE_FIELDS = {"families": ("guardians", "students")}
TEXT_LIST_FIELDS = {"families": ("tags", "barriers")}


def missing_error(path: Path) -> StoreError:
    return StoreError(
        f"The store file {path} is missing although the store records it; nothing was "
        "written — run `liaison restore --list` to pick a backup, then `liaison restore NAME`."
    )


def load_tracked(path: Path, kind: str, codec: Codec, schema: int | None = None,
                 digest: str | None = None, *, required: bool = False
                 ) -> tuple[dict[str, Any], list[Any] | None]:
    """Parse and validate one store file, decoded with `codec`; raises StoreError naming file
    and position. Also gives the file's record for meta.json ([digest, size, mtime], None when
    it is not there). `schema` is the store's version when known (see validate_document).

    A file that is not there reads as empty (a backup from before it existed), unless
    `required`: the store says the file exists, so its absence is damage (never an empty table
    that the next write would make for good).

    `digest` is the hash meta.json recorded when liaison last wrote this file: when the bytes
    still match it, the file is exactly what liaison wrote and validated, and the record by
    record check (about 40 ms per 5,000 families) is skipped. A hand-edited, restored or
    foreign file never matches and is checked in full."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            raw = fh.read()
    except FileNotFoundError:
        if required:
            raise missing_error(path) from None
        return {}, None
    except OSError as exc:
        raise StoreError(f"Cannot read {path} ({exc.strerror}); check the folder's permissions.") from None
    data = codec.decode(raw, path)
    # The collector off while a file becomes objects: JSON makes no cycles to find, and its
    # passes over the tens of thousands of new dicts cost more than the parse itself
    # (roster.json at 5,000 families: 41 ms with it, 17 without). Then frozen (gc.freeze):
    # the parsed records live as long as the session and, having no cycles, are freed by their
    # reference counts; the collector's next pass need not walk all of them again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise StoreError(
            f"The store file {path} is damaged at line {exc.lineno}, column {exc.colno} "
            f"({exc.msg}); nothing was written — run `liaison restore --list` to pick a backup."
        ) from None
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    found = content_digest(data)
    if digest is None or found != digest:
        validate_document(doc, kind, path, schema)
    return doc, [found, st.st_size, st.st_mtime_ns]


def validate_document(doc: Any, kind: str, path: Path, schema: int | None = None) -> None:
    """Check one parsed store file's shape. `schema` is the store's version (None: unknown, so
    fields a migration adds may be missing)."""

    def bad(what: str) -> StoreError:
        return StoreError(
            f"The store file {path} fails validation ({what}); nothing was written — run "
            "`liaison restore --list` to pick a backup."
        )

    if not isinstance(doc, dict):
        raise bad("it is not a JSON object")
    if kind == "meta":
        meta = doc.get("meta", {}).get("1") if isinstance(doc.get("meta"), dict) else None
        if not isinstance(meta, dict) or type(meta.get("schema")) is not int:
            raise bad("no schema version")
        counters = meta.get("next", {})
        if not isinstance(counters, dict) or not all(type(v) is int and v >= 1
                                                     for v in counters.values()):
            raise bad("the id counters under `next` are not whole numbers")
        records = meta.get("files", {})
        if not isinstance(records, dict) or not all(
                isinstance(r, list) and len(r) == 3 and isinstance(r[0], str)
                and type(r[1]) is int and type(r[2]) is int for r in records.values()):
            raise bad("the file records under `files` are not [digest, size, time]")
        # A meta.json from before the check is accepted; the next write adds one. One from a
        # newer liaison may check itself differently: check_schema refuses it by its version.
        if META_CHECK in meta and meta["schema"] <= SCHEMA_VERSION \
                and meta[META_CHECK] != meta_check(doc):
            raise bad("it was changed outside liaison: its own check does not match")
        return
    required = {f: t for f, t in REQUIRED.get(kind, {}).items()
                if (schema or 1) >= ADDED_IN.get((kind, f), 0)}
    optional = OPTIONAL.get(kind, {})
    dates = DATE_FIELDS.get(kind, ())
    for table, rows in doc.items():
        if not isinstance(rows, dict):
            raise bad(f"table `{table}` is not an object")
        if kind not in REQUIRED:
            continue
        for key, rec in rows.items():
            if kind == "roster" and table == "at":  # where each family lies in families.json
                if not (isinstance(rec, str) or (isinstance(rec, dict) and all(
                        isinstance(v, list) and len(v) == 2 and all(type(x) is int for x in v)
                        for v in rec.values()))):
                    raise bad(f"`at` of `{table}` is not a digest and byte spans")
                continue
            if kind == "roster":  # its rows are lists; its `report` table's are objects
                if not isinstance(rec, dict if table == "report" else list):
                    raise bad(f"row {key!r} of `{table}` is not a {'record' if table == 'report' else 'list'}")
                continue
            if not (key.isdigit() or kind == "summary") or not isinstance(rec, dict):
                raise bad(f"record {key!r} of `{table}` is not a record")
            for fname, ftype in required.items():
                if not isinstance(rec.get(fname), ftype):
                    raise bad(f"record {key} of `{table}`: field `{fname}` is missing or of the wrong type")
            for fname, ftype in optional.items():
                if fname in rec and not isinstance(rec[fname], ftype):
                    raise bad(f"record {key} of `{table}`: field `{fname}` is of the wrong type")
            for fname in dates:
                if not _DATE_RE.match(rec[fname]):
                    raise bad(f"record {key} of `{table}`: `{fname}` is not a YYYY-MM-DD date")
            for fname in PEOPLE_FIELDS.get(kind, ()):
                for i, person in enumerate(rec.get(fname, [])):
                    if not isinstance(person, dict) or not isinstance(person.get("name"), str):
                        raise bad(f"record {key} of `{table}`: entry {i + 1} of `{fname}` has no name")
            for fname in TEXT_LIST_FIELDS.get(kind, ()):
                if not all(isinstance(x, str) for x in rec.get(fname, [])):
                    raise bad(f"record {key} of `{table}`: `{fname}` holds something other than text")
