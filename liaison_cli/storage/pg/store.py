"""The district database as a store: `PgStore`, with the surface services use of the folder
store's `Store`.

* A read session is one REPEATABLE READ READ ONLY transaction: everything a listing reads is one
  consistent snapshot.
* A write session is one READ COMMITTED transaction, committed at the end and rolled back on any
  error; staged letters and exports are placed only after the commit (../staging.py).
* Ids come from `id_counters`, each taken in a statement of its own (autocommit, on a second
  connection) so writers never wait for each other's whole transaction: numbers are never handed
  out twice; a command that fails gives its numbers back unless someone took a later one.
* The schema is `db init`'s to make and upgrade (migrate); every session checks first that the
  database is at the version this code knows (require).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from ...errors import NotFoundError, StoreError, UsageError
from .connection import CONNECT_TIMEOUT, connect, connect_error, query_error, safe_target
from .schema import code_schema_version, migrations
from .session import PgSession

# Serialises `db init` runs (any fixed number; pg_advisory_xact_lock takes a bigint).
_MIGRATE_LOCK = 0x6C69_6169_736F_6E01


class PgStore:
    """The district database, with the surface services use of the JSON `Store`."""

    def __init__(self, home: Path, url: str, *, lock_timeout: float = 10.0,
                 connect_timeout: int = CONNECT_TIMEOUT):
        self.home = home
        self.url = url
        self.lock_timeout = lock_timeout
        self.connect_timeout = connect_timeout
        self._conn: psycopg.Connection | None = None
        self._ids: psycopg.Connection | None = None  # id allocation, see PgSession.next_id
        self._schema_ok = False
        self._reading: PgSession | None = None  # the read session open now (read() nests)

    def connection(self) -> psycopg.Connection:
        """The open connection (made on first use, autocommit: sessions BEGIN themselves)."""
        if self._conn is None or self._conn.closed:
            self._conn = connect(self.url, self.connect_timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._ids is not None:
            self._ids.close()
            self._ids = None

    def allocate_ids(self, kind: str, count: int, start: sql.Composable) -> int:
        """Take `count` numbers of `kind` and return the first, in a statement of its own
        (autocommit, on a second connection made on first use): the counter row is locked for
        that one statement, not for the rest of the command, so writers do not queue behind
        each other's whole transactions. A command that then fails leaves its numbers unused;
        numbers are still never handed out twice."""
        conn = self._ids
        if conn is None or conn.closed:
            try:
                conn = psycopg.connect(self.url, autocommit=True, application_name="liaison",
                                       connect_timeout=self.connect_timeout)
                conn.execute(sql.SQL("SET lock_timeout = {}").format(
                    sql.Literal(f"{int(self.lock_timeout * 1000)}ms")))
            except psycopg.Error as exc:
                raise connect_error(exc, self.url) from None
            self._ids = conn
        return conn.execute(
            sql.SQL("INSERT INTO id_counters AS c (kind, next) VALUES (%s, {} + 1 + %s) "
                    "ON CONFLICT (kind) DO UPDATE SET next = c.next + %s "
                    "RETURNING next - %s").format(start), (kind, count, count, count)).fetchone()[0]

    def describe(self) -> str:
        """host:port/database as role (never a password)."""
        conn = self.connection()
        info = conn.info
        host = info.host if not info.host.startswith("/") else "the local server"
        return f"{host}:{info.port}/{info.dbname} as {info.user}"

    def server_version(self) -> str:
        v = self.connection().info.server_version
        return f"PostgreSQL {v // 10000}.{v % 10000}"

    # ------------------------------------------------------------------ schema

    def schema_version(self) -> int:
        """The version the database's schema is at (0: liaison's tables are not there)."""
        try:
            conn = self.connection()
            if conn.execute("SELECT to_regclass('liaison_schema')").fetchone()[0] is None:
                return 0
            return conn.execute("SELECT coalesce(max(version), 0) FROM liaison_schema").fetchone()[0]
        except psycopg.Error as exc:
            raise query_error(exc, self.url) from None

    def pending(self) -> list[tuple[int, str]]:
        current = self.schema_version()
        return [(v, n) for v, n, _p in migrations() if v > current]

    def exists(self) -> bool:
        return self.schema_version() >= 1

    def require(self, *, restoring: bool = False) -> None:
        """Stop unless the database has liaison's schema at the version this code knows."""
        if self._schema_ok:
            return
        version = self.schema_version()
        code = code_schema_version()
        where = safe_target(self.url)
        if version == 0:
            raise NotFoundError(
                f"The database {where} has no liaison tables yet; run `liaison db init` "
                "(as the district's database administrator) first.")
        if version > code:
            raise StoreError(
                f"The database {where} was set up by a newer liaison (schema {version}, this one "
                f"knows {code}); upgrade liaison to use it.")
        if version < code:
            raise StoreError(
                f"The database {where} has an older schema ({version}, this liaison needs "
                f"{code}); ask your district's administrator to run `liaison db init` to "
                "upgrade it.")
        self._schema_ok = True

    def create(self, now: str) -> None:
        """`liaison init` on a district database: the schema is `db init`'s to make; here it
        must be there already."""
        self.require()

    def migrate(self) -> list[tuple[int, str]]:
        """Apply every pending migration, each in its own transaction; what was applied.
        Concurrent runs wait for each other (an advisory lock) and apply each migration once."""
        conn = self.connection()
        code = code_schema_version()
        applied: list[tuple[int, str]] = []
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS liaison_schema ("
                    " version integer PRIMARY KEY, name text NOT NULL,"
                    " applied_at timestamptz NOT NULL DEFAULT now(),"
                    " applied_by text NOT NULL DEFAULT current_user)")
            for version, name, path in migrations():
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
                    current = conn.execute(
                        "SELECT coalesce(max(version), 0) FROM liaison_schema").fetchone()[0]
                    if current > code:
                        raise StoreError(
                            f"The database {safe_target(self.url)} was set up by a newer liaison "
                            f"(schema {current}, this one knows {code}); upgrade liaison to use it.")
                    if version <= current:
                        continue
                    # No parameters: psycopg sends the file as one simple query, many statements.
                    conn.execute(path.read_text(encoding="utf-8").encode())
                    conn.execute("INSERT INTO liaison_schema (version, name) VALUES (%s, %s)",
                                 (version, name))
                    if version == 1:
                        conn.execute(
                            "INSERT INTO settings (key, value) VALUES ('store_id', %s)",
                            (Jsonb(secrets.token_hex(8)),))
                    applied.append((version, name))
        except psycopg.Error as exc:
            raise query_error(exc, self.url) from None
        self._schema_ok = False
        return applied

    # ------------------------------------------------------------------ district settings

    def settings(self) -> dict[str, Any]:
        """The district-wide settings (config sections as parsed trees); {} before `db init`."""
        try:
            conn = self.connection()
            if conn.execute("SELECT to_regclass('settings')").fetchone()[0] is None:
                return {}
            # store_id is the database's own (s.store_id), not a config section: counted as
            # one, a database without district settings would hide the liaison's own schools.
            rows = conn.execute("SELECT key, value FROM settings WHERE key <> 'store_id'").fetchall()
        except psycopg.Error as exc:
            raise query_error(exc, self.url) from None
        return dict(rows)

    def save_settings(self, values: dict[str, Any], remove: Iterable[str] = ()) -> None:
        with self.write() as s:
            s.save_settings(values, remove)

    # ------------------------------------------------------------------ the home folder's store

    # What the JSON backend does with its files (backups, restore, encryption at rest) has no
    # meaning for a database: those commands stop with one sentence (a UsageError, exit 2).
    _FOLDER_ONLY = {
        "restore": "a district database is backed up by its administrator (pg_dump), who "
                   "restores it",
        "encrypt": "a district database is protected by its server (disk encryption, sslmode, "
                   "roles); ask its administrator",
        "decrypt": "a district database is protected by its server (disk encryption, sslmode, "
                   "roles); ask its administrator",
    }

    def require_folder_store(self, command: str) -> None:
        """Stop `liaison <command>` (restore, encrypt, decrypt): it is for a personal JSON
        store only."""
        raise UsageError(f"`liaison {command}` is for a personal JSON store; "
                         f"{self._FOLDER_ONLY[command]}.")

    def list_backups(self) -> list[Path]:
        self.require_folder_store("restore")
        return []

    def backup_counts(self, name: str) -> tuple[int, int]:
        self.require_folder_store("restore")
        return (0, 0)

    def restoring(self, name: str, **_kw: Any):
        self.require_folder_store("restore")

    def encrypt(self, passphrase: str):
        self.require_folder_store("encrypt")

    def decrypt(self, passphrase: str = ""):
        self.require_folder_store("decrypt")

    def decrypt_unfinished(self) -> bool:
        self.require_folder_store("decrypt")
        return False

    def own_paths(self) -> list[Path]:
        """Nothing of the store is kept under the home folder (forget scrubs all of it)."""
        return []

    def find_in_backups(self, kind: str, number: int) -> dict[str, Any] | None:
        """There are no backups of liaison's own to search (forget of a family already gone)."""
        return None

    def forget_in_backups(self, family_id: str) -> tuple[int, int, list[str]]:
        """No backups of liaison's own to rewrite: (0, 0, []). The administrator's pg_dump
        files are theirs to expire."""
        return (0, 0, [])

    # ------------------------------------------------------------------ sessions

    @contextmanager
    def read(self) -> Iterator[PgSession]:
        """One consistent snapshot, read-only. A read inside a read is the same snapshot (see
        the folder store's read)."""
        if self._reading is not None:
            yield self._reading
            return
        self.require()
        conn = self.connection()
        try:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        except psycopg.Error as exc:
            self._drop(exc)
            raise query_error(exc, self.url) from None
        session = PgSession(self, conn, writable=False)
        self._reading = session
        try:
            yield session
        except psycopg.Error as exc:
            self._rollback(conn)
            raise query_error(exc, self.url) from None
        except BaseException:
            self._rollback(conn)
            raise
        finally:
            self._reading = None
        try:
            conn.execute("COMMIT")
        except psycopg.Error as exc:
            self._drop(exc)
            raise query_error(exc, self.url) from None

    @contextmanager
    def write(self, *, replacing_all: bool = False) -> Iterator[PgSession]:
        """One transaction: committed when the block ends, rolled back on any error."""
        self.require()
        conn = self.connection()
        try:
            conn.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
            conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(
                sql.Literal(f"{int(self.lock_timeout * 1000)}ms")))
        except psycopg.Error as exc:
            self._drop(exc)
            raise query_error(exc, self.url) from None
        session = PgSession(self, conn, writable=True)
        try:
            yield session
        except psycopg.Error as exc:
            self._rollback(conn)
            self._give_back(session._taken)
            session.discard_outputs()
            raise query_error(exc, self.url) from None
        except BaseException:
            self._rollback(conn)
            self._give_back(session._taken)
            session.discard_outputs()
            raise
        try:
            conn.execute("COMMIT")
        except psycopg.Error as exc:
            session.discard_outputs()
            self._drop(exc)
            raise query_error(exc, self.url, committing=True) from None
        session.place_outputs()
        for hook in session.after_commit:
            hook()

    def _give_back(self, taken: list[tuple[str, int, int]]) -> None:
        """After a rollback: put each counter back to the numbers this command took when nobody
        has taken one since (the common case, and what the JSON store does); a number handed out
        to someone else after them keeps them unused."""
        conn = self._ids
        if conn is None or conn.closed:
            return
        try:
            for kind, first, count in reversed(taken):
                conn.execute("UPDATE id_counters SET next = %s WHERE kind = %s AND next = %s",
                             (first, kind, first + count))
        except psycopg.Error:
            pass  # the numbers stay unused; never handed out twice either way

    def _rollback(self, conn: psycopg.Connection) -> None:
        try:
            conn.execute("ROLLBACK")
        except psycopg.Error:
            self.close()  # the connection is gone: the server rolled back already

    def _drop(self, exc: Exception) -> None:
        if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
            self.close()
