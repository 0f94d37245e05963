"""The district store: PostgreSQL through psycopg 3, behind the same typed views as the JSON
backend (the contract is in storage/__init__.py).

Imported only when a `postgresql://` URL is configured (psycopg costs start-up time the JSON
path must not pay): storage/__init__.py imports this package inside open_store. The URL goes
to libpq as it is, so PGPASSWORD, ~/.pgpass, service files (`postgresql:///?service=district`)
and `sslmode` all work; no message ever shows a password.

* A read session is one REPEATABLE READ READ ONLY transaction: everything a listing reads is one
  consistent snapshot.
* A write session is one READ COMMITTED transaction, committed at the end and rolled back on any
  error; staged letters and exports are placed only after the commit (../staging.py).
* Each record keeps its stored dict in `doc` (jsonb); the typed columns beside it are generated
  from it by the database (../pg_schema/*.sql), with the constraints and indexes. Every row has
  a `version`: an update names the version this session read, and a row someone else changed in
  the meantime is refused (ConflictError), never silently written over.
* Ids come from `id_counters`, each taken in a statement of its own (autocommit, on a second
  connection) so writers never wait for each other's whole transaction: numbers are never handed
  out twice; a command that fails gives its numbers back unless someone took a later one.
* The disclosure log is the `disclosures` table, appended in the same transaction as the change
  it records; no role but the schema's owner may update or delete it (see 0001_initial.sql).

The modules:

    connection.py   connecting, and each failure told in one sentence
    schema.py       the migrations shipped in ../pg_schema/ (no psycopg needed to list them)
    records.py      the typed record views (follow-ups, referrals, events, …)
    families.py     the families' view: roster rows and the daily reads in one query each
    contacts.py     the contact log's view, and the summary the database keeps
    disclosures.py  the disclosure log's view
    team.py         the team: roles, groups and schools
    session.py      PgSession: one transaction with the views, ids and settings
    store.py        PgStore: the connection, the schema check and migrations, sessions
"""

from __future__ import annotations

from .connection import connect_error, query_error, safe_target
from .schema import RECORD_KINDS, code_schema_version, migrations
from .session import PgSession
from .store import PgStore

__all__ = ["PgSession", "PgStore", "RECORD_KINDS", "code_schema_version", "connect_error",
           "migrations", "query_error", "safe_target"]
