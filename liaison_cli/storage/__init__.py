"""The storage package: the only code that knows how records are kept.

Services open a session (`with app.store.read() as s`, `with app.store.write() as s`) and use
its typed record views; a write session commits as a whole or not at all.

    s.families     .rows() .get(n) .add(rec) -> n .put(n, rec) .update(n, changes) .remove(n)
                   .index() -> {number: models.FamilyIndex}
    s.followups, s.referrals, s.events, s.services, s.outbox, s.inbox
                   the same operations, without index()
    s.contacts     .rows() .of_family("F7") .add(rec) -> n .add_many(recs)
                   .update(n, changes, family_id="F7") .remove_family("F7") .summary()
    s.audit_head / s.set_audit_head(head)      the disclosure log's committed head
    s.next_id(kind)                            id allocation (numbers are never reused)
    s.stage_output(path, data)                 a file placed only once the session commits
    s.load({kind: {number: record}})           bulk load: replace all records of each kind given
                                               and set its id counter just past its highest number

The folder store (JSON backend) also has, on `Store`:

    store.backup_counts(name) -> (families, open follow-ups)   raises when the backup is damaged
    with store.restoring(name, log_head=fn) as s:   a write session that has put the store back
                                               to backup `name` (counters never go back; the
                                               disclosure log's head stays); record it inside

and, on a home folder, without opening the store (its encryption at rest, crypto.py):

    is_encrypted(home)          one header read, an interrupted commit finished first
    finish_interrupted(home)    finish a commit a kill interrupted (one stat when none)
    meta_file(home)             the file whose header tells the encoding (encryption, store salt)
    file_is_encrypted(path)     True / False / None (unreadable or empty): one header read
    file_entries(home)          the data files of the store and of every backup folder

Records are plain dicts in their stored form (models.py turns them into objects), keyed by
their number as text ("7" for F7). The JSON backend (json_store.py, TinyDB files in a folder) is
the default for one liaison.
"""

from __future__ import annotations

from .json_store import (
    CONTACT_SHARDS,
    ENCRYPTED_MAGIC,
    MAIL_TABLES,
    SCHEMA_VERSION,
    TABLES,
    Codec,
    Session,
    Store,
    atomic_write,
    dumps,
    file_entries,
    file_is_encrypted,
    finish_interrupted,
    fsync_dir,
    is_encrypted,
    meta_file,
    shard_name,
    write_temp,
)

__all__ = [
    "CONTACT_SHARDS", "ENCRYPTED_MAGIC", "MAIL_TABLES", "SCHEMA_VERSION", "TABLES", "Codec",
    "Session", "Store", "atomic_write", "dumps", "file_entries", "file_is_encrypted",
    "finish_interrupted", "fsync_dir", "is_encrypted", "meta_file", "shard_name", "write_temp",
]
