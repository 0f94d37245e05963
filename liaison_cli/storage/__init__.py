"""The storage package: the only code that knows how records are kept.

Services open a session (`with app.store.read() as s`, `with app.store.write() as s`) and use
its typed record views; a write session commits as a whole or not at all.

    s.families     .rows() .get(n) .add(rec) -> n .put(n, rec) .update(n, changes) .remove(n)
                   .put_many([(n, rec)])  put() of many records at once (moving a store in: one
                                          batched insert and one id-counter update on PostgreSQL)
                   .index() -> {number: models.FamilyIndex}
                   .index_of(numbers) -> {number: FamilyIndex}   only the families numbered
                                          (those that exist): a listing reads what it shows
                   .with_cadence(tags) -> {number: (FamilyIndex, last reached date or "")}
                                          the active families with a cadence of their own or
                                          one of `tags` (the owed rule), each with the date it
                                          was last reached
                   .unreachable_candidates(attempts, cutoff) -> {number: (FamilyIndex,
                                          contact summary or {})}  the active families that
                                          may be unreachable (no way to reach them, `attempts`
                                          failed in a row, not reached since before `cutoff`):
                                          a superset the caller judges (the JSON store gives
                                          every active family)
                   .for_report() -> {number: record}  what a report reads of each family
                                          (status, arrival, created, home language, barriers,
                                          guardians' languages, students' schools): at
                                          least these keys (the JSON store gives whole records)
                   .search(words, status="") -> {number: record}  the families (of `status`)
                                          that MAY hold every folded word: a superset the caller
                                          still matches (PostgreSQL drops what cannot match; the
                                          JSON store returns every family of the status)
    s.followups, s.referrals, s.events, s.services, s.outbox, s.inbox
                   the same operations, without the index ones and search(); and, on every kind,
                   .get_many(numbers) -> {number: record}   those that exist, in one read
    s.followups    .open_due(by, since="") -> {number: (record, FamilyIndex)}   the open ones
                                          due by `by` (from `since`), each with its family's
                                          index row (one query on PostgreSQL)
    s.followups, s.referrals, s.outbox
                   .of_family("F7") -> {number: record}   the records of one family
                   .remove_family("F7") -> count   delete every record whose family_id is F7
                                                   (forget); the others are kept as they were
    s.contacts     .rows() .of_family("F7") .add(rec) -> n .add_many(recs)
                   .update(n, changes, family_id="F7") .remove_family("F7")
                   .summary(family_ids=None)   per family id: last contact, last reached,
                                               failed attempts since; only those asked if given
                   .last_reached(family_ids) -> {"F7": date}   the summary's last_reached of the
                                               families asked (never reached: left out)
                   .between(start, end) -> {number: record}   contacts dated start..end (ISO,
                                               both included): a report's period; at least
                                               family_id, date, kind, outcome, interpreter and
                                               language (PostgreSQL sends no more)
                   .first_dates() -> {"F7": date}   each family's first contact date
    s.disclosures  the disclosure log (services/audit.py makes the entries, hashes, `void`):
                   .head            the committed head {seq, hash}, or None
                   .tail()          the last stored entry (even one past the head), or None
                   .append(entry)   keep the entry at once, ahead of the commit (write-ahead),
                                    and make it the head this session commits
                   .entries()       every entry in order; StoreError on one that is not an entry
                   .stored()        [(position, entry or None, stored exactly as written)] for
                                    `audit verify`; None when there is no log at all
                   .redact(change)  rewrite each entry change(entry) gives a new form for
                                    (None: keep it); how many changed. Forget's redaction.
    s.audit_head / s.set_audit_head(head)      the disclosure log's committed head
    s.next_id(kind)                            id allocation (numbers are never reused)
    s.store_id                                 this store's own id (calendar UIDs)
    s.stage_output(path, data)                 a file placed only once the session commits
    s.load({kind: {number: record}})           bulk load: replace all records of each kind given
                                               and set its id counter just past its highest number

The folder store (JSON backend) also has, on `Store`:

    store.backup_counts(name) -> (families, open follow-ups)   raises when the backup is damaged
    with store.restoring(name, log_head=fn) as s:   a write session that has put the store back
                                               to backup `name` (counters never go back; the
                                               disclosure log's head stays); record it inside

and, on a home folder, without opening the store (its encryption at rest, json/crypto.py):

    is_encrypted(home)          one header read, an interrupted commit finished first
    finish_interrupted(home)    finish a commit a kill interrupted (one stat when none)
    meta_file(home)             the file whose header tells the encoding (encryption, store salt)
    file_is_encrypted(path)     True / False / None (unreadable or empty): one header read
    file_entries(home)          the data files of the store and of every backup folder

Whole-store upkeep, on the store itself (`app.store`):

    store.own_paths() -> [Path]          what the backend keeps under the home folder
                                         (forget's scrub of home files leaves them alone)
    store.find_in_backups(kind, n)       record n of kind in the newest backup holding it, or
                                         None (forget, for a family already out of the store)
    store.forget_in_backups("F7")        rewrite every backup without the family's records:
                                         (backups rewritten, files written, backups dropped)
    store.encrypt(passphrase) / store.decrypt(passphrase="") -> Recoded
                                         re-encode the store and every backup, or finish an
                                         interrupted run; store.decrypt_unfinished() -> bool

Records are plain dicts in their stored form (models.py turns them into objects), keyed by
their number as text ("7" for F7). The JSON backend (json/, TinyDB files in a folder) is the
default for one liaison.

The PostgreSQL backend (pg/, imported only when a `postgresql://` URL is configured:
services/app.py open_app) implements the same views (the disclosure log is a table: an entry
is appended in the command's transaction, so there is never one past the head; forget's
redaction goes through a SECURITY DEFINER function that allows nothing but a redaction,
pg_schema/0003_redact_disclosures.sql), plus, on it alone:

    s.disclosures  the same view as a table, appended in the session's transaction; the head is
                                               its last row (tail() is never past it), and a write
                                               session reading it serialises appenders
    s.settings() / s.save_settings(values)     district-wide settings (config sections)

and refuses `update()` of a record someone else changed after this session read it
(ConflictError), where the JSON backend's lock makes that impossible.

Both stores have `store.require_folder_store(command)`: nothing on the JSON store; on the
district database, restore, encrypt and decrypt (the home folder's store files) stop with one
sentence (UsageError, exit 2) — its backups are its administrator's (pg_dump). There its
`list_backups`, `backup_counts`, `restoring`, `encrypt`, `decrypt`, `decrypt_unfinished` do
the same; `own_paths()` is [], `find_in_backups` None and `forget_in_backups` (0, 0, []).

What lives where (this package is the only code that imports tinydb or psycopg):

    __init__.py   this interface: open_store and the names services import
    files.py      the one atomic private writer (temporary file, fsync, rename, folder fsync)
    staging.py    letters and exports placed only once their record is committed
    json/         the JSON backend: one liaison's store in a folder, and its encryption at
                  rest (json/crypto.py; codec_for, require_backend and unencrypted_files are
                  re-exported here) — its own __init__ lists it
    pg/           the PostgreSQL backend: a district's database (its own __init__ lists it)
    pg_schema/    the district database's schema, one SQL file per migration
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config.files import atomic_write, fsync_dir, write_temp
from .json.home import file_entries, file_is_encrypted, finish_interrupted, is_encrypted, meta_file
from .json.layout import (
    AUDIT_LOG_NAME,
    CONTACT_SHARDS,
    ENCRYPTED_MAGIC,
    MAIL_TABLES,
    SCHEMA_VERSION,
    TABLES,
    Codec,
    dumps,
    shard_name,
)
from .json.session import Session
from .json.store import Store

if TYPE_CHECKING:
    from pathlib import Path

    from .json.disclosures import DisclosureLog
    from .json.recode import Recoded
    from .pg import PgStore


def open_store(home: Path, database_url: str = "", *, lock_timeout: float = 10.0,
               codec: Codec | None = None) -> Store | PgStore:
    """The store for one run: the district's PostgreSQL database when `database_url` is set
    (psycopg is imported only then), else the JSON store in the home folder."""
    if not database_url:
        return Store(home, lock_timeout=lock_timeout, codec=codec)
    from .pg import PgStore  # here, not at the top: psycopg only when a database is configured

    return PgStore(home, database_url, lock_timeout=lock_timeout)


def is_district(store: object) -> bool:
    """Whether `store` is a district (PostgreSQL) database, without importing psycopg."""
    return type(store).__name__ == "PgStore"


def code_schema_version() -> int:
    """The newest district database schema this code knows."""
    # Here, not at the top: importing the pg package imports psycopg (start-up of the JSON path).
    from .pg.schema import code_schema_version as version

    return version()


def disclosure_log(home: Path) -> DisclosureLog:
    """The disclosure log file of a JSON store's home folder (read without opening the store:
    restore when meta.json is lost, and tests)."""
    from .json.disclosures import DisclosureLog  # here, not at the top: see __getattr__

    return DisclosureLog(home)


_CRYPTO = ("codec_for", "require_backend", "unencrypted_files")


def __getattr__(name: str):
    # Recoded (what encrypt and decrypt return) and the disclosure log load on first use, not
    # at the top: a listing never needs them, and every command pays for what this package
    # imports (start-up).
    if name == "Recoded":
        from .json.recode import Recoded

        return Recoded
    if name in _CRYPTO:  # encryption at rest: the commands that need a passphrase
        from .json import crypto

        return getattr(crypto, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AUDIT_LOG_NAME", "CONTACT_SHARDS", "ENCRYPTED_MAGIC", "MAIL_TABLES", "SCHEMA_VERSION",
    "TABLES", "Codec",
    "Session", "Store", "atomic_write", "dumps", "file_entries", "file_is_encrypted",
    "finish_interrupted", "fsync_dir", "is_encrypted", "meta_file", "shard_name", "write_temp",
    "Recoded", "codec_for", "require_backend", "unencrypted_files", "open_store", "is_district", "code_schema_version", "disclosure_log",
]
