"""What the folder store keeps on disk: its files' names, their encoding and their digests.

Under the home folder::

    store/meta.json            schema version, id counters, a record of every file written
                               and a check of itself (meta_check)
    store/<kind>.json          one TinyDB file per record type (TABLES, MAIL_TABLES) …
    store/contacts-07.json     … the contact log split into shards by family number (shard_name)
    store/summary.json         derived from the contact shards on every commit changing one
    store/roster.json          derived from families.json on every commit changing it: a row
                               per family for the listings, and each family's byte span
    store/report.json          derived with it: what a report reads of each family
    store/journal.json         present only while a multi-file commit is being applied
    store/.lock                the lock every session holds (lock.py)
    backups/<stamp>/           the files as they were before each of the last BACKUPS_KEPT writes
    audit.log                  the disclosure log (disclosures.py)
    .staging/                  letters and exports waiting for their commit (../staging.py)
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import orjson

from ...errors import CryptoError

SCHEMA_VERSION = 2
CONTACT_SHARDS = 16
BACKUPS_KEPT = 10
TABLES = ("families", "followups", "referrals", "events", "services")
# Email: the outbox (one record per message, its send status) and the replies already read
# (IMAP UIDVALIDITY + UID, so each is handled once). Not in TABLES: no migration or sample
# touches them, and a store without them reads them as empty.
MAIL_TABLES = ("outbox", "inbox")
# Derived from the contact shards on every commit that changes one (see SessionCommit.commit).
SUMMARY = "summary"
# Derived from families.json on every commit that changes it: one short row per family with
# what the daily listings need, so they never parse the full family records (a third of the
# time of `followups` at 5,000 families). Order of a row: models.ROSTER_FIELDS.
ROSTER = "roster"
# Derived with the roster: what a report reads of each family (models.report_part). A file of
# its own, so the daily listings that parse the roster do not parse these too (at 20,000
# families half of roster.json's bytes and 37 MB of `followups`' peak memory).
REPORT = "report"
ROSTER_WIDTH = 14  # len(models.ROSTER_FIELDS), kept here so reading needs no models import
ENCRYPTED_MAGIC = b"LIAISON-ENC1\n"
# The disclosure log's file in the home folder; its head lives in meta.json.
AUDIT_LOG_NAME = "audit.log"
# A temporary file of write_temp (files.py): never read, removed by the next write.
TMP_RE = re.compile(r"^\..+\.tmp-\d+-\d+$")
# The names the store's own files have: what a journal may move or delete (journal.py).
_DATA_NAME = rf"(?:meta|{'|'.join((*TABLES, SUMMARY, ROSTER, REPORT))}|contacts-\d{{2}})\.json"
DATA_FILE_RE = re.compile(_DATA_NAME)
JOURNAL_TMP_RE = re.compile(rf"\.(?P<target>{_DATA_NAME})\.tmp-\d+-\d+")
# The field of meta.json holding the digest of the rest of meta.json (see meta_check).
META_CHECK = "check"


def shard_name(family_number: int) -> str:
    return f"contacts-{family_number % CONTACT_SHARDS:02d}"


def family_number(family_id: str) -> int:
    """7 for "F7": what picks a family's contact shard."""
    return int(str(family_id)[1:])


class Codec:
    """Turns a file's bytes into JSON bytes and back. The plain codec refuses encrypted files
    (crypto.EncryptedCodec is the other one)."""

    encrypted = False

    def decode(self, data: bytes, path: Path) -> bytes:
        if data.startswith(ENCRYPTED_MAGIC):
            raise CryptoError(
                f"{path.name} is encrypted; set LIAISON_PASSPHRASE or run on a terminal to be asked."
            )
        return data

    def encode(self, data: bytes) -> bytes:
        return data


def dumps(obj: Any) -> bytes:
    # orjson writes UTF-8 with non-ASCII kept as is: names in any script stay readable on disk.
    return orjson.dumps(obj, option=orjson.OPT_INDENT_2 if _PRETTY else 0)


_PRETTY = False  # one line per file keeps 20,000 families fast; `liaison paths` shows the files


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def meta_check(doc: dict[str, Any]) -> str:
    """The digest meta.json carries of itself (every field but the check, keys sorted): meta
    holds the id counters, the file records and the disclosure log's head, so a hand edit of
    it must be caught like one of any other file."""
    rec = {k: v for k, v in doc["meta"]["1"].items() if k != META_CHECK}
    body = {**doc, "meta": {**doc["meta"], "1": rec}}
    return content_digest(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
