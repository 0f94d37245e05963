"""The JSON backend: one liaison's store, TinyDB tables in a folder of JSON files, written safely.

Why it is built this way:

* Every file is written to a private temporary file in the same folder, flushed, fsynced and
  moved over the old one (the atomic writer, ../files.py); TinyDB's own JSONStorage would
  rewrite it in place, and a kill or a full disk would leave a cut-off file.
* A change touching several files is made atomic with a redo journal (journal.py): a crash
  before the journal leaves the old state, after it the next command finishes the moves.
* A file meta.json records as written must be there, and as liaison wrote it, before anything
  is written over the store (checks.py; files are validated when read, validate.py).
* Writers hold an exclusive lock across read → change → write, readers a shared one (lock.py).
  Ids come from counters in meta.json, so a forgotten family's id is never reused.
* Each file is read once per command and held in memory for the session (tables.py).
* Backups cost one hard link per file (backups.py).

The modules, from the bottom up:

    layout.py       the files' names, shards, encoding (Codec) and digests
    lock.py         the store folder's lock (fcntl, or msvcrt on Windows)
    journal.py      the redo journal: finishing an interrupted commit, refusing a planted one
    home.py         a home folder's store looked at without opening it (encryption, recovery)
    validate.py     reading a store file: parse it, check its shape
    tables.py       each file as TinyDB sees it, held in memory
    records.py      the typed record views (families, follow-ups, …)
    contacts.py     the contact log's view (sharded by family)
    disclosures.py  the disclosure log, audit.log in the home folder
    checks.py       what a session checks when it opens (and the schema migrations)
    commit.py       how a write session commits, and places its staged files
    session.py      Session: the views, ids, meta and derived files of one command
    backups.py      backups and restoring one
    upkeep.py       rewriting every backup without a family (forget)
    crypto.py       encryption at rest: the passphrase, keys, AES-GCM (cryptography on demand)
    recode.py       encrypting and decrypting the store and its backups (crypto.py)
    store.py        Store: opens sessions, and stands for the folder in whole-store work

Nothing outside the storage package imports these: storage/__init__.py is the interface.
"""
