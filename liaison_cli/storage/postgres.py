"""The district store: PostgreSQL through psycopg 3, behind the same typed views as json_store.

Imported only when a `postgresql://` URL is configured (psycopg costs start-up time the JSON
path must not pay). The URL goes to libpq as it is, so PGPASSWORD, ~/.pgpass, service files
(`postgresql:///?service=district`) and `sslmode` all work; no message ever shows a password.

* A read session is one REPEATABLE READ READ ONLY transaction: everything a listing reads is one
  consistent snapshot.
* A write session is one READ COMMITTED transaction, committed at the end and rolled back on any
  error; staged letters and exports are placed only after the commit (staging.py).
* Each record keeps its stored dict in `doc` (jsonb); the typed columns beside it are generated
  from it by the database (pg_schema/*.sql), with the constraints and indexes. Every row has a
  `version`: an update names the version this session read, and a row someone else changed in
  the meantime is refused (ConflictError), never silently written over.
* Ids come from `id_counters`, each taken in a statement of its own (autocommit, on a second
  connection) so writers never wait for each other's whole transaction: numbers are never handed
  out twice; a command that fails gives its numbers back unless someone took a later one.
* The disclosure log is the `disclosures` table, appended in the same transaction as the change
  it records; no role but the schema's owner may update or delete it (see 0001_initial.sql).
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import psycopg
from psycopg import errors as pgerr
from psycopg import sql
from psycopg.types.json import Json, Jsonb

from ..errors import (
    ConflictError,
    DatabaseError,
    LiaisonError,
    LockedError,
    NotFoundError,
    StoreError,
    UsageError,
)

SCHEMA_DIR = Path(__file__).with_name("pg_schema")
_MIGRATION_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
RECORD_KINDS = ("families", "contacts", "followups", "referrals", "events", "services",
                "outbox", "inbox")
# Serialises `db init` runs (any fixed number; pg_advisory_xact_lock takes a bigint).
_MIGRATE_LOCK = 0x6C69_6169_736F_6E01
# Serialises appenders of the disclosure log (PgDisclosures).
_DISCLOSURE_LOCK = 0x6C69_6169_736F_6E02
# config.yaml sections kept once for the district (see services/district.py).
CONNECT_TIMEOUT = 10


def migrations() -> list[tuple[int, str, Path]]:
    """The schema's migrations shipped with the package: (version, name, file), in order."""
    out = []
    for p in sorted(SCHEMA_DIR.iterdir()):
        m = _MIGRATION_RE.match(p.name)
        if m:
            out.append((int(m.group(1)), m.group(2), p))
    return out


def code_schema_version() -> int:
    return max((v for v, _n, _p in migrations()), default=0)


# --------------------------------------------------------------------------- connection and faults


def safe_target(url: str) -> str:
    """Where the URL points, for messages: host:port/database and the user, never a password."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the configured database"
    if info.get("service") and not info.get("host"):
        return f"the database service {info['service']}"
    host = str(info.get("host") or "the local server")
    port = f":{info['port']}" if info.get("port") else ""
    db = f"/{info['dbname']}" if info.get("dbname") else ""
    return f"{host}{port}{db}"


def _user_of(url: str) -> str:
    try:
        return str(psycopg.conninfo.conninfo_to_dict(url).get("user") or "")
    except psycopg.ProgrammingError:
        return ""


def connect_error(exc: Exception, url: str) -> LiaisonError:
    """One sentence for a connection that could not be made."""
    text = str(exc)
    where = safe_target(url)
    user = _user_of(url)
    who = f"the role {user}" if user else "your role"
    if "password authentication failed" in text or "no password supplied" in text \
            or "authentication failed" in text:
        return DatabaseError(
            f"The database at {where} refused the login of {who} (wrong or missing password); "
            "set PGPASSWORD or put the password in ~/.pgpass, then run the command again.")
    if re.search(r'role ".*" does not exist', text):
        return DatabaseError(
            f"The database at {where} has no login for {who}; ask your district's database "
            "administrator to add you (`liaison team add`).")
    if re.search(r'database ".*" does not exist', text):
        return DatabaseError(
            f"There is no database {where}; ask your district's database administrator to "
            "create it, then run `liaison db init`.")
    if "permission denied" in text or "not permitted" in text:
        return DatabaseError(
            f"The database at {where} does not let {who} connect; ask your district's "
            "database administrator for access.")
    if "SSL" in text or "ssl" in text:
        return DatabaseError(
            f"The secure connection to the database at {where} failed (sslmode); check the "
            "`sslmode` of the store URL with your district's database administrator.")
    if "invalid" in text and ("URI" in text or "connection option" in text or "conninfo" in text):
        return DatabaseError(
            "The store URL is not a valid PostgreSQL connection string; write it like "
            "postgresql://host/district (see `liaison db status`).")
    return DatabaseError(
        f"The database server at {where} is not answering; check that it is running and "
        "reachable from this computer, then run the command again.")


def query_error(exc: Exception, url: str, *, committing: bool = False) -> LiaisonError:
    """One sentence for an error of a statement inside a session (the transaction is gone)."""
    where = safe_target(url)
    if isinstance(exc, pgerr.InsufficientPrivilege):
        return DatabaseError(
            f"The database at {where} refused this: your role has no permission for it "
            f"({_diag(exc)}); ask your district's database administrator. Nothing was changed.")
    if isinstance(exc, (pgerr.SerializationFailure, pgerr.DeadlockDetected)):
        return ConflictError(
            "Another liaison changed the same records at the same moment; nothing was changed — "
            "run the command again.")
    if isinstance(exc, (pgerr.LockNotAvailable, pgerr.QueryCanceled)):
        return LockedError(
            "Another liaison command is changing the same records; wait for it to finish and "
            "run this again.")
    if isinstance(exc, psycopg.IntegrityError | psycopg.DataError):
        return StoreError(
            f"The database refused a record that breaks its rules ({_diag(exc)}); nothing was "
            "changed.")
    if isinstance(exc, pgerr.UndefinedTable | pgerr.UndefinedColumn | pgerr.UndefinedFunction):
        return StoreError(
            f"The database at {where} does not have liaison's tables as this version expects "
            "them; run `liaison db status`, then `liaison db init` to upgrade it.")
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        if committing:
            return DatabaseError(
                f"The connection to the database at {where} was lost while saving; the change "
                "may or may not have been saved — check with `liaison show` before running the "
                "command again.")
        return DatabaseError(
            f"The connection to the database at {where} was lost; nothing was changed — run the "
            "command again.")
    return DatabaseError(
        f"The database at {where} refused the command ({type(exc).__name__}); nothing was "
        "changed.")


def _diag(exc: Exception) -> str:
    diag = getattr(exc, "diag", None)
    name = getattr(diag, "constraint_name", None) or getattr(diag, "table_name", None)
    primary = getattr(diag, "message_primary", None) or type(exc).__name__
    return f"{primary}; {name}" if name and name not in primary else str(primary)


def _configure(conn: psycopg.Connection) -> None:
    # orjson both ways: several times faster than the json module on whole tables.
    psycopg.types.json.set_json_dumps(lambda obj: orjson.dumps(obj).decode(), conn)
    psycopg.types.json.set_json_loads(orjson.loads, conn)


# --------------------------------------------------------------------------- the store


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

    # ------------------------------------------------------------------ connection

    def connection(self) -> psycopg.Connection:
        """The open connection (made on first use, autocommit: sessions BEGIN themselves)."""
        if self._conn is not None and not self._conn.closed:
            return self._conn
        kwargs: dict[str, Any] = {"autocommit": True, "application_name": "liaison"}
        try:
            info = psycopg.conninfo.conninfo_to_dict(self.url)
        except psycopg.ProgrammingError as exc:
            raise connect_error(exc, self.url) from None
        if "connect_timeout" not in info:
            kwargs["connect_timeout"] = self.connect_timeout
        try:
            conn = psycopg.connect(self.url, **kwargs)
        except psycopg.Error as exc:
            raise connect_error(exc, self.url) from None
        _configure(conn)
        self._conn = conn
        return conn

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
        """One consistent snapshot, read-only."""
        self.require()
        conn = self.connection()
        try:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        except psycopg.Error as exc:
            self._drop(exc)
            raise query_error(exc, self.url) from None
        session = PgSession(self, conn, writable=False)
        try:
            yield session
        except psycopg.Error as exc:
            self._rollback(conn)
            raise query_error(exc, self.url) from None
        except BaseException:
            self._rollback(conn)
            raise
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


# --------------------------------------------------------------------------- the session


def _number(ref: int | str) -> int:
    try:
        return int(ref)
    except (TypeError, ValueError):
        raise NotFoundError(f"No record {ref}.") from None


def _family_number(family_id: str) -> int | None:
    t = str(family_id)
    return int(t[1:]) if t[:1] == "F" and t[1:].isdigit() else None


class PgSession:
    """One transaction on the district database, with the typed record views."""

    def __init__(self, store: PgStore, conn: psycopg.Connection, writable: bool):
        self.store = store
        self.conn = conn
        self.writable = writable
        self.after_commit: list[Callable[[], None]] = []
        self._staged = None
        self._versions: dict[tuple[str, int], int] = {}
        self._views: dict[str, Any] = {}
        self._counters: set[str] = set()  # kinds whose counter this transaction moved itself
        self._taken: list[tuple[str, int, int]] = []  # (kind, first, count) from allocate_ids

    def _require_writable(self) -> None:
        if not self.writable:
            raise RuntimeError("read-only session")

    def execute(self, query, params=None):
        return self.conn.execute(query, params)

    # ------------------------------------------------------------------ views

    @property
    def families(self) -> PgFamilies:
        return self._view("families", PgFamilies)

    @property
    def followups(self) -> PgFollowups:
        return self._view("followups", PgFollowups)

    @property
    def referrals(self) -> PgFamilyRecords:
        return self._view("referrals", PgFamilyRecords)

    @property
    def events(self) -> PgRecords:
        return self._view("events", PgRecords)

    @property
    def services(self) -> PgRecords:
        return self._view("services", PgRecords)

    @property
    def outbox(self) -> PgFamilyRecords:
        return self._view("outbox", PgFamilyRecords)

    @property
    def inbox(self) -> PgRecords:
        return self._view("inbox", PgRecords)

    @property
    def contacts(self) -> PgContacts:
        return self._view("contacts", PgContacts)

    @property
    def disclosures(self) -> PgDisclosures:
        view = self._views.get("disclosures")
        if view is None:
            view = self._views["disclosures"] = PgDisclosures(self)
        return view

    def _view(self, kind: str, cls: type):
        view = self._views.get(kind)
        if view is None:
            view = self._views[kind] = cls(self, kind)
        return view

    def family_index(self) -> dict[str, Any]:
        return self.families.index()

    # ------------------------------------------------------------------ ids and the log head

    def next_id(self, kind: str) -> int:
        """The next number for `kind`; counters never go back, so ids are never reused. A kind
        that has no counter yet starts after the highest id in its table."""
        return self.take_ids(kind, 1)

    def take_ids(self, kind: str, count: int) -> int:
        """`count` consecutive numbers of `kind`; the first. Taken at once, outside this
        transaction (PgStore.allocate_ids), unless this transaction moved the counter itself
        (advance_id: it holds that row until it ends)."""
        self._require_writable()
        start = sql.SQL("0")
        if kind in RECORD_KINDS:
            start = sql.SQL("(SELECT coalesce(max(id), 0) FROM {})").format(sql.Identifier(kind))
        if kind not in self._counters:
            first = self.store.allocate_ids(kind, count, start)
            self._taken.append((kind, first, count))
            return first
        return self.conn.execute(
            sql.SQL("INSERT INTO id_counters AS c (kind, next) VALUES (%s, {} + 1 + %s) "
                    "ON CONFLICT (kind) DO UPDATE SET next = c.next + %s "
                    "RETURNING next - %s").format(start), (kind, count, count, count)).fetchone()[0]

    def advance_id(self, kind: str, number: int) -> None:
        """After a record stored under a number of the caller's: the counter passes it."""
        self._counters.add(kind)
        self.conn.execute(
            "INSERT INTO id_counters AS c (kind, next) VALUES (%s, %s) "
            "ON CONFLICT (kind) DO UPDATE SET next = greatest(c.next, excluded.next)",
            (kind, number + 1))

    @property
    def audit_head(self) -> dict[str, Any] | None:
        """The disclosure log's head: its last entry ({seq, hash}); None when it is empty."""
        return self.disclosures.head

    def set_audit_head(self, head: dict[str, Any]) -> None:
        """In the database the head is the log's last row, committed with it: a head that is
        not the last appended entry is refused (it would skip or rewrite entries)."""
        self._require_writable()
        if self.disclosures.head != {"seq": head.get("seq"), "hash": head.get("hash")}:
            raise StoreError("The disclosure log's head must be its last entry; append the entry "
                             "with s.disclosures.append() first.")

    @property
    def store_id(self) -> str:
        """This database's own id (made by `db init`, kept in settings): calendar UIDs."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'store_id'").fetchone()
        return row[0] if row else ""

    def load(self, rows_by_kind: dict[str, dict[int | str, dict[str, Any]]]) -> None:
        """Bulk load (the sample caseload): for each kind given, replace all its records by
        `rows` (number -> stored record) and set its id counter just past the highest number
        among them; kinds not given keep theirs. Families go first, since deleting them deletes
        their records (the foreign keys cascade)."""
        self._require_writable()
        for kind in rows_by_kind:
            if kind not in RECORD_KINDS:
                raise KeyError(kind)
        order = sorted(rows_by_kind, key=lambda k: k != "families")
        for kind in order:
            rows = rows_by_kind[kind]
            view = getattr(self, kind)
            self.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(kind)))
            view._views_changed()
            view._insert_many([(int(k), rec) for k, rec in rows.items()])
            self.execute(
                "INSERT INTO id_counters AS c (kind, next) VALUES (%s, %s) "
                "ON CONFLICT (kind) DO UPDATE SET next = excluded.next",
                (kind, max((int(k) for k in rows), default=0) + 1))

    # ------------------------------------------------------------------ the team

    def caller(self) -> dict[str, Any]:
        """Who this session runs as: {role, schools, supervisor, member} (member: in the team
        table; the district admin who owns the schema usually is not, and sees everything)."""
        role = self.conn.execute("SELECT current_user").fetchone()[0]
        row = self.conn.execute("SELECT schools, supervisor FROM team WHERE role = %s",
                                (role,)).fetchone()
        return {"role": role, "schools": list(row[0]) if row else [],
                "supervisor": bool(row and row[1]), "member": row is not None}

    def team(self) -> list[dict[str, Any]]:
        """Every team member: {role, schools, supervisor, login} (login: the role exists and
        may log in), by role."""
        return [{"role": r, "schools": list(sc), "supervisor": sup, "login": bool(login)}
                for r, sc, sup, login in self.conn.execute(
                    "SELECT t.role, t.schools, t.supervisor, r.rolcanlogin FROM team t "
                    "LEFT JOIN pg_roles r ON r.rolname = t.role ORDER BY t.role")]

    def team_add(self, role: str, schools: list[str], supervisor: bool) -> bool:
        """Make `role` a member (a LOGIN role without a password when it does not exist yet),
        in the liaison or the supervisor group, covering `schools` (added to those it had).
        True when the role was created. Needs CREATEROLE (a district admin)."""
        self._require_writable()
        exists = self.conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                   (role,)).fetchone() is not None
        ident = sql.Identifier(role)
        if not exists:
            self.conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
        group, other = (("liaison_supervisor", "liaison_liaison") if supervisor
                        else ("liaison_liaison", "liaison_supervisor"))
        self.conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), ident))
        if self.conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (role, other)).fetchone()[0]:
            self.conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), ident))
        if supervisor:
            self.conn.execute(
                "INSERT INTO team (role, schools, supervisor) VALUES (%s, '{}', true) "
                "ON CONFLICT (role) DO UPDATE SET schools = '{}', supervisor = true, "
                "added_by = current_user, added_at = now()", (role,))
        else:
            self.conn.execute(
                "INSERT INTO team (role, schools, supervisor) VALUES (%s, %s, false) "
                "ON CONFLICT (role) DO UPDATE SET supervisor = false, "
                "schools = ARRAY(SELECT DISTINCT unnest(CASE WHEN team.supervisor THEN '{}' "
                "ELSE team.schools END || excluded.schools) ORDER BY 1), "
                "added_by = current_user, added_at = now()", (role, schools))
        return not exists

    def team_move_schools(self, from_role: str, to_role: str) -> list[str]:
        """`from_role`'s schools go to `to_role` (a handover); the schools moved."""
        self._require_writable()
        row = self.conn.execute("SELECT schools FROM team WHERE role = %s FOR UPDATE",
                                (from_role,)).fetchone()
        moved = list(row[0]) if row else []
        if moved:
            self.conn.execute("UPDATE team SET schools = '{}' WHERE role = %s", (from_role,))
            self.conn.execute(
                "UPDATE team SET schools = ARRAY(SELECT DISTINCT unnest(schools || %s::text[]) "
                "ORDER BY 1) WHERE role = %s", (moved, to_role))
        return moved

    # ------------------------------------------------------------------ settings

    def settings(self) -> dict[str, Any]:
        return dict(self.conn.execute("SELECT key, value FROM settings").fetchall())

    def save_settings(self, values: dict[str, Any], remove: Iterable[str] = ()) -> None:
        self._require_writable()
        for key in remove:
            self.conn.execute("DELETE FROM settings WHERE key = %s", (key,))
        for key, value in values.items():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                "SET value = excluded.value, updated_by = current_user, updated_at = now()",
                (key, Jsonb(value)))

    # ------------------------------------------------------------------ files leaving the store

    def stage_output(self, target: Path, data: bytes, *, durable: bool = True) -> None:
        """A letter or export that appears at `target` only once this session commits."""
        self._require_writable()
        from ..staging import Staged
        from .json_store import disk_error

        try:
            if self._staged is None:
                self._staged = Staged(self.store.home)
            self._staged.add(target, data, durable=durable)
        except OSError as exc:
            raise disk_error(exc, "the letters") from None

    def discard_outputs(self) -> None:
        if self._staged is not None:
            self._staged.discard()
            self._staged = None

    def place_outputs(self) -> None:
        if self._staged is None:
            return
        from ..staging import place

        staged, self._staged = self._staged, None
        try:
            staged.write_manifest()
            place(staged.folder)
        except OSError as exc:
            raise StoreError(
                f"The letters or export were recorded but could not be moved into place "
                f"({exc.strerror or 'an I/O error'}); they wait in {staged.folder}.") from None


# --------------------------------------------------------------------------- typed record access


class PgRecords:
    """One kind of record (families, followups, referrals, events, services, outbox, inbox)."""

    __slots__ = ("_s", "kind", "_table")

    def __init__(self, session: PgSession, kind: str):
        self._s = session
        self.kind = kind
        self._table = sql.Identifier(kind)

    def _q(self, text: str) -> sql.Composed:
        return sql.SQL(text).format(t=self._table)

    def _select(self, where: str = "", params: tuple = ()) -> dict[str, dict[str, Any]]:
        query = "SELECT id, doc, version FROM {t}" + (f" WHERE {where}" if where else "") \
            + " ORDER BY id"
        out: dict[str, dict[str, Any]] = {}
        versions = self._s._versions
        for n, doc, version in self._s.execute(self._q(query), params).fetchall():
            out[str(n)] = doc
            # The first version this session saw: a later read of a newer one must not make an
            # update built from the first read look current.
            versions.setdefault((self.kind, n), version)
        return out

    def rows(self) -> dict[str, dict[str, Any]]:
        """Every record, keyed by its number as text."""
        return self._select()

    def get(self, number: int | str) -> dict[str, Any] | None:
        try:
            n = int(number)
        except (TypeError, ValueError):
            return None
        return self._select("id = %s", (n,)).get(str(n))

    def get_many(self, numbers: Iterable[int | str]) -> dict[str, dict[str, Any]]:
        """The records numbered (those that exist), keyed by number as text: one query."""
        wanted = sorted({int(n) for n in numbers if str(n).isdigit()})
        if not wanted:
            return {}
        return self._select("id = ANY(%s)", (wanted,))

    def _insert_values(self, record: dict[str, Any]) -> tuple[str, tuple]:
        return "doc", (Json(record),)

    def _insert(self, number: int, record: dict[str, Any]) -> None:
        cols, values = self._insert_values(record)
        marks = ", ".join(["%s"] * len(values))
        try:
            self._s.execute(self._q(f"INSERT INTO {{t}} (id, {cols}) VALUES (%s, {marks})"),
                            (number, *values))
        except pgerr.UniqueViolation:
            raise StoreError(
                f"The database's id counter for {self.kind} is at or below an id already in "
                "use; nothing was written — ask your district's administrator to check "
                "`id_counters`.") from None
        self._s._versions[(self.kind, number)] = 1

    # Columns a bulk insert fills beside id, with their types, and their texts for one record.
    _BULK = (("doc", "json"),)

    def _bulk_texts(self, record: dict[str, Any]) -> tuple[str, ...]:
        return (orjson.dumps(record).decode(),)

    def _insert_many(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Insert many records under numbers of the caller's: one statement per 2,000 records
        (INSERT … SELECT FROM unnest), so the database's statement triggers (the contact
        summary, 0004) run once per batch, not once per record."""
        if not rows:
            return
        cols = ", ".join(c for c, _t in self._BULK)
        picks = ", ".join(f"{c}::{t}" for c, t in self._BULK)
        arrays = ", ".join(["%s::text[]"] * len(self._BULK))
        names = ", ".join(c for c, _t in self._BULK)
        query = self._q(f"INSERT INTO {{t}} (id, {cols}) SELECT i, {picks} "
                        f"FROM unnest(%s::bigint[], {arrays}) AS u(i, {names})")
        rows = sorted(rows, key=lambda r: r[0])
        for at in range(0, len(rows), 2000):
            chunk = rows[at:at + 2000]
            texts = [self._bulk_texts(rec) for _n, rec in chunk]
            self._s.execute(query, ([n for n, _rec in chunk],
                                    *([t[i] for t in texts] for i in range(len(self._BULK)))))
        self._views_changed()

    def _views_changed(self) -> None:
        """Hook: drop what the session derived from this kind's rows (families' index)."""

    def add(self, record: dict[str, Any]) -> int:
        """Store a new record under the next number; its number."""
        number = self._s.next_id(self.kind)
        self._insert(number, record)
        return number

    def put(self, number: int, record: dict[str, Any]) -> None:
        """Store a new record under a number of the caller's (moving records between stores)."""
        self._s._require_writable()
        self._insert(int(number), record)
        self._s.advance_id(self.kind, int(number))

    def put_many(self, records: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """put() for many records at once (moving a store in): one batched INSERT and one
        id-counter update, not two round trips per record."""
        self._s._require_writable()
        items = [(int(n), rec) for n, rec in records]
        if not items:
            return
        try:
            self._insert_many(items)
        except pgerr.UniqueViolation:
            raise StoreError(
                f"The database already has a {self.kind} record under one of these numbers; "
                "nothing was written.") from None
        versions = self._s._versions
        for n, _rec in items:
            versions[(self.kind, n)] = 1
        self._s.advance_id(self.kind, max(n for n, _rec in items))
        self._s._views.pop("index", None)

    def _after_update(self, number: int, doc: dict[str, Any]) -> None:
        """Hook: keep derived columns the database cannot compute in step (families' roster)."""

    def update(self, number: int | str, changes: dict[str, Any]) -> None:
        """Set the given fields of one record (the others stay). Refused with a ConflictError
        when the record changed since this session read it."""
        self._s._require_writable()
        n = _number(number)
        # The merge is made here, as TinyDB's update makes it (changed keys keep their place,
        # new ones go last), on the row locked for this transaction.
        row = self._s.execute(self._q("SELECT doc, version FROM {t} WHERE id = %s FOR UPDATE"),
                              (n,)).fetchone()
        if row is None:
            raise NotFoundError(f"No {self.kind} record {number}.")
        doc, version = row
        seen = self._s._versions.get((self.kind, n))
        if seen is not None and seen != version:
            raise ConflictError(stale_message(self.kind, n))
        doc.update(changes)
        row = self._s.execute(self._q(
            "UPDATE {t} SET doc = %s, version = version + 1 WHERE id = %s RETURNING doc, version"),
            (Json(doc), n)).fetchone()
        self._s._versions[(self.kind, n)] = row[1]
        self._after_update(n, row[0])

    def remove(self, number: int | str) -> None:
        self._s._require_writable()
        n = _number(number)
        self._s.execute(self._q("DELETE FROM {t} WHERE id = %s"), (n,))
        self._s._versions.pop((self.kind, n), None)

    def remove_family(self, family_id: str) -> int:
        """Delete every record whose family_id is `family_id` (forget; followups, referrals,
        outbox); how many went."""
        self._s._require_writable()
        n = _family_number(family_id)
        if n is None:
            return 0
        return self._s.execute(self._q("DELETE FROM {t} WHERE family_id = %s"), (n,)).rowcount

    def replace_all(self, rows: dict[str, dict[str, Any]]) -> None:
        """Swap in a whole new set of records. Deleting families deletes their contacts,
        follow-ups, referrals and outbox messages with them: replace families first."""
        self._s._require_writable()
        self._s.execute(self._q("DELETE FROM {t}"))
        for k, rec in sorted(rows.items(), key=lambda kv: int(kv[0])):
            self._insert(int(k), rec)
        if rows:
            self._s.advance_id(self.kind, max(int(k) for k in rows))

    def of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        """The records of one family (F7), keyed by number as text (followups, referrals,
        outbox: their family_id column; any other kind is filtered here)."""
        if self.kind not in ("followups", "referrals", "outbox", "contacts"):
            return {k: r for k, r in self.rows().items() if r.get("family_id") == family_id}
        n = _family_number(family_id)
        if n is None:
            return {}
        return self._select("family_id = %s", (n,))

    def __len__(self) -> int:
        return self._s.execute(self._q("SELECT count(*) FROM {t}")).fetchone()[0]

    def authors(self, numbers: Iterable[int | str]) -> dict[str, str]:
        """Per record number (as text): the database role that made it (created_by)."""
        wanted = [int(n) for n in numbers if str(n).isdigit()]
        if not wanted:
            return {}
        return {str(n): who for n, who in self._s.execute(
            self._q("SELECT id, created_by FROM {t} WHERE id = ANY(%s)"), (wanted,))}


def stale_message(kind: str, number: int) -> str:
    from ..models import make_id

    what = {"families": "family", "followups": "follow-up", "contacts": "contact",
            "referrals": "referral", "events": "event", "services": "service"}.get(kind, kind)
    label = make_id(kind, number) if kind in ("families", "contacts", "referrals", "events",
                                               "services", "followups") else number
    return (f"The {what} {label} was changed by someone else after this command read it; "
            "nothing was changed — run the command again to work on the current version.")


# What a report reads of a family besides its guardians' languages and students' schools.
_REPORT_KEYS = ("status", "arrival", "created", "home_language", "barriers")


class PgFamilies(PgRecords):
    __slots__ = ()

    def _insert_values(self, record: dict[str, Any]) -> tuple[str, tuple]:
        from ..models import roster_row

        return "doc, roster", (Json(record), Jsonb(roster_row(record)))

    _BULK = (("doc", "json"), ("roster", "jsonb"))

    def _bulk_texts(self, record: dict[str, Any]) -> tuple[str, ...]:
        from ..models import roster_row

        return orjson.dumps(record).decode(), orjson.dumps(roster_row(record)).decode()

    def _after_update(self, number: int, doc: dict[str, Any]) -> None:
        from ..models import roster_row

        self._s.execute("UPDATE families SET roster = %s WHERE id = %s",
                        (Jsonb(roster_row(doc)), number))
        self._s._views.pop("index", None)

    def _views_changed(self) -> None:
        self._s._views.pop("index", None)

    def index(self) -> dict[str, Any]:
        """Per family number (as text): a models.FamilyIndex, read from the roster column, so
        listings never parse whole family records."""
        index = self._s._views.get("index")
        if index is None:
            from ..models import FamilyIndex

            make = FamilyIndex._make
            index = self._s._views["index"] = {
                str(n): make(roster)
                for n, roster in self._s.execute(
                    "SELECT id, roster FROM families ORDER BY id").fetchall()}
        return index

    def index_of(self, numbers: Iterable[int | str]) -> dict[str, Any]:
        """index() for only the families numbered (those that exist), by number."""
        wanted = sorted({int(n) for n in numbers if str(n).isdigit()})
        if not wanted:
            return {}
        index = self._s._views.get("index")
        if index is not None:
            return {str(n): index[str(n)] for n in wanted if str(n) in index}
        from ..models import FamilyIndex

        make = FamilyIndex._make
        return {str(n): make(roster) for n, roster in self._s.execute(
            "SELECT id, roster FROM families WHERE id = ANY(%s) ORDER BY id", (wanted,)).fetchall()}

    def search(self, words: Iterable[str], status: str = "") -> dict[str, dict[str, Any]]:
        """The families (whole records, by number) of `status` (any when "") whose record may
        hold every one of the folded `words`: a superset of a search's hits — the caller still
        matches each family. The database drops the records that cannot match: those of ASCII
        and accented Latin letters only (each letter standing for the one models.fold makes of
        it) that lack a word; a record with any other character, or a word it cannot judge,
        is kept for the caller."""
        where, params = [], []
        if status:
            where.append("status = %s")
            params.append(status)
        words = [w for w in words if w]
        if words and all(_SEARCHABLE.fullmatch(w) for w in words):
            classes, other = _fold_classes()
            text = "('f' || id || ' ' || doc::text)"
            # (Letters as every character models.fold makes them: "garcia" finds "García".)
            where.append(f"(doc::text ~ %s OR ({' AND '.join([f'{text} ~ %s'] * len(words))}))")
            params += [other, *("".join(classes.get(ch) or (ch if ch.isalnum() else "\\" + ch)
                                        for ch in w) for w in words)]
        return self._select(" AND ".join(where), tuple(params))

    def for_report(self) -> dict[str, dict[str, Any]]:
        """Per family number: the part of each record a report reads (status, arrival, created,
        home language, barriers, each guardian's language, each student's school), so a
        district's report never holds its whole family records at once."""
        loads = orjson.loads
        out: dict[str, dict[str, Any]] = {}
        with self._s.conn.cursor() as cur:
            cur.execute("SELECT id, doc::text FROM families ORDER BY id")
            while rows := cur.fetchmany(2000):
                for n, text in rows:
                    doc = loads(text)
                    part = {k: doc[k] for k in _REPORT_KEYS if k in doc}
                    part["guardians"] = [{"language": g.get("language")}
                                         for g in doc.get("guardians") or []]
                    part["students"] = [{"school": st.get("school")}
                                        for st in doc.get("students") or []]
                    out[str(n)] = part
        return out

    def unreachable_candidates(self, attempts: int, cutoff: str) -> dict[str, tuple[Any, dict]]:
        """The active families that may be unreachable: per number, (FamilyIndex, its contact
        summary or {}), for those with no way to reach them, `attempts` or more failed attempts
        in a row, or not reached since before `cutoff` (ISO date; counted from arrival, else
        creation, when never reached) — a superset the caller still judges, from one query on
        the summary the database keeps (0004), not the contact log."""
        from ..models import ROSTER_FIELDS, FamilyIndex

        make = FamilyIndex._make
        arr, cr, nw = (ROSTER_FIELDS.index(k) for k in ("arrival", "created", "no_way"))
        out: dict[str, tuple[Any, dict]] = {}
        for n, roster, last, reached, streak, tried, count in self._s.execute(
                f"SELECT f.id, f.roster, cs.last_contact, cs.last_reached, cs.failed_streak, "
                f"CASE WHEN cs.failed_streak > 0 THEN cs.attempts END, cs.contacts "
                f"FROM families f LEFT JOIN contact_summary cs ON cs.family_id = f.id, "
                f"LATERAL (SELECT coalesce(nullif(cs.last_reached, ''), "
                f"nullif(f.roster->>{arr}, ''), nullif(f.roster->>{cr}, '')) AS since) x "
                f"WHERE f.status = 'active' AND ("
                f"coalesce(f.roster->{nw} NOT IN ('null', 'false', '\"\"', '0'), false) "
                f"OR coalesce(cs.failed_streak, 0) >= %s OR x.since < %s "
                f"OR x.since !~ '^\\d{{4}}-\\d{{2}}-\\d{{2}}$') ORDER BY f.id",
                (attempts, cutoff)).fetchall():
            summary = {} if count is None else {
                "last_contact": last, "last_reached": reached, "failed_streak": streak,
                "attempts": (tried or [])[-10:], "contacts": count}
            out[str(n)] = (make(roster), summary)
        return out

    def with_cadence(self, tags: Iterable[str]) -> dict[str, tuple[Any, str]]:
        """The active families that have a contact cadence of their own or one of `tags` (the
        families the owed-contact rule looks at): per number, (FamilyIndex, the date it was
        last reached, "" when never), in one query."""
        from ..models import ROSTER_FIELDS, FamilyIndex

        make = FamilyIndex._make
        cad, tg = ROSTER_FIELDS.index("cadence_days"), ROSTER_FIELDS.index("tags")
        return {str(n): (make(roster), reached) for n, roster, reached in self._s.execute(
            f"SELECT f.id, f.roster, coalesce(cs.last_reached, '') FROM families f "
            f"LEFT JOIN contact_summary cs ON cs.family_id = f.id WHERE f.status = 'active' AND "
            f"(coalesce(f.roster->{cad} NOT IN ('null', '0', 'false', '\"\"'), false) "
            f"OR f.roster->{tg} ?| %s::text[]) ORDER BY f.id", (sorted(set(tags)),)).fetchall()}

    def _insert(self, number: int, record: dict[str, Any]) -> None:
        super()._insert(number, record)
        self._s._views.pop("index", None)

    def remove(self, number: int | str) -> None:
        super().remove(number)
        self._s._views.pop("index", None)

    def assigned(self, numbers: Iterable[int | str]) -> dict[str, str]:
        """Per family number (as text): the role the family is assigned to."""
        wanted = [int(n) for n in numbers if str(n).isdigit()]
        if not wanted:
            return {}
        return {str(n): who or "" for n, who in self._s.execute(
            "SELECT id, assigned_to FROM families WHERE id = ANY(%s)", (wanted,))}

    def assign(self, number: int | str, role: str) -> None:
        """Assign one family to a team member's role (the district admin's change)."""
        self._s._require_writable()
        n = _number(number)
        if self._s.execute("UPDATE families SET assigned_to = %s, version = version + 1 "
                           "WHERE id = %s", (role, n)).rowcount != 1:
            raise NotFoundError(f"No family F{n}.")
        self._s._versions.pop(("families", n), None)

    def reassign(self, from_role: str, to_role: str) -> list[int]:
        """Every family assigned to `from_role` goes to `to_role`; their numbers."""
        self._s._require_writable()
        rows = self._s.execute(
            "UPDATE families SET assigned_to = %s, version = version + 1 WHERE assigned_to = %s "
            "RETURNING id", (to_role, from_role)).fetchall()
        for (n,) in rows:
            self._s._versions.pop(("families", n), None)
        return sorted(n for (n,) in rows)


class PgFamilyRecords(PgRecords):
    """Records that belong to a family (follow-ups, referrals, outbox): a family_id column."""

    __slots__ = ()

    def of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        """The records of one family (F7), keyed by number as text."""
        n = _family_number(family_id)
        if n is None:
            return {}
        return self._select("family_id = %s", (n,))


class PgFollowups(PgFamilyRecords):
    __slots__ = ()

    def open_due(self, by: str, since: str = "") -> dict[str, tuple[dict[str, Any], Any]]:
        """Open follow-ups due on or before `by` (and on or after `since`), ISO dates, with
        their family's FamilyIndex: per number, (record, FamilyIndex), in one query."""
        from ..models import FamilyIndex

        make = FamilyIndex._make
        where, params = "f.status = 'open' AND f.due <= %s::date", [by]
        if since:
            where += " AND f.due >= %s::date"
            params.append(since)
        out: dict[str, tuple[dict[str, Any], Any]] = {}
        versions = self._s._versions
        for n, doc, version, roster in self._s.execute(
                f"SELECT f.id, f.doc, f.version, fam.roster FROM followups f "
                f"JOIN families fam ON fam.id = f.family_id WHERE {where} ORDER BY f.id",
                tuple(params)).fetchall():
            out[str(n)] = (doc, make(roster))
            versions.setdefault(("followups", n), version)
        return out

    def open_of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        n = _family_number(family_id)
        if n is None:
            return {}
        return self._select("family_id = %s AND status = 'open'", (n,))


# Words the database can look for in a record's text as they are (no JSON escapes, no LIKE
# wildcards): lower-case ASCII letters, digits and a little punctuation.
_SEARCHABLE = re.compile(r"[a-z0-9@.+'/:#-]+")


@functools.cache
def _fold_classes() -> tuple[dict[str, str], str]:
    """For the database's search: per lower-case ASCII letter, a regex class of every Latin
    letter models.fold folds to it ("[aAáÁ…]"); and a regex matching any character the
    database cannot judge (a record holding one is left to the caller). It can judge ASCII,
    those letters, and the letters of the Latin, Greek, Cyrillic and Arabic blocks that fold
    to no ASCII at all (Đ, ا), and CJK ideographs: they cannot be part of an ASCII word."""
    import unicodedata

    from ..models import fold

    folds: dict[str, list[str]] = {}
    judged: list[int] = []
    for code in (*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0x80, 0x250),
                 *range(0x370, 0x530), *range(0x600, 0x700), *range(0x1E00, 0x1F00)):
        c = chr(code)
        if unicodedata.combining(c) or unicodedata.category(c)[0] in "CZ":
            continue
        f = fold(c)
        if len(f) == 1 and "a" <= f <= "z":
            folds.setdefault(f, []).append(c)
        elif not f or any(ch.isascii() for ch in f):
            continue
        if code >= 0x80:
            judged.append(code)
    classes = {f: "[" + "".join(cs) + "]" for f, cs in folds.items()}
    spans: list[list[int]] = []
    for code in judged:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    spans.append([0x4E00, 0x9FFF])  # CJK unified ideographs: no decomposition, no case
    ranges = "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in spans)
    return classes, "[^\\x01-\\x7f" + ranges + "]"


class PgContacts(PgRecords):
    """The contact log; callers name the family where the JSON backend needs it."""

    __slots__ = ()

    def of_family(self, family_id: str) -> dict[str, dict[str, Any]]:
        """The contacts of one family (F7), keyed by number as text."""
        n = _family_number(family_id)
        if n is None:
            return {}
        return self._select("family_id = %s", (n,))

    def add_many(self, records: list[dict[str, Any]]) -> list[int]:
        """Several new contacts at once (a mail merge): one round of statements."""
        self._s._require_writable()
        if not records:
            return []
        first = self._s.take_ids("contacts", len(records))
        numbers = list(range(first, first + len(records)))
        self._insert_many(list(zip(numbers, records, strict=True)))
        return numbers

    def update(self, number: int | str, changes: dict[str, Any], *,  # type: ignore[override]
               family_id: str = "") -> None:
        n = _number(number)
        fam = _family_number(family_id) if family_id else None
        if family_id and (fam is None or self._s.execute(
                "SELECT 1 FROM contacts WHERE id = %s AND family_id = %s", (n, fam)).fetchone() is None):
            raise NotFoundError(f"No contact C{number} for {family_id}.")
        super().update(n, changes)

    def remove_family(self, family_id: str) -> int:
        """Delete every contact of one family (forget); how many went."""
        self._s._require_writable()
        n = _family_number(family_id)
        if n is None:
            return 0
        return self._s.execute("DELETE FROM contacts WHERE family_id = %s", (n,)).rowcount

    def between(self, start: str, end: str) -> dict[str, dict[str, Any]]:
        """The contacts dated from `start` to `end` (ISO dates, both included), by number: what
        a report reads of each (family_id, date, kind, and outcome, interpreter and language
        when set), picked out by the database (a district's month is 50,000 contacts)."""
        out: dict[str, dict[str, Any]] = {}
        with self._s.conn.cursor() as cur:
            cur.execute("SELECT id, family_id, x.date, kind, x.outcome, x.interpreter, x.language "
                        "FROM contacts, json_to_record(doc) AS x(date text, outcome text, "
                        "interpreter json, language text) "
                        "WHERE contacts.date BETWEEN %s::date AND %s::date ORDER BY id",
                        (start, end))
            while rows := cur.fetchmany(5000):
                for n, fid, day, kind, outcome, interp, lang in rows:
                    rec = {"family_id": f"F{fid}", "date": day, "kind": kind}
                    if outcome is not None:
                        rec["outcome"] = outcome
                    if interp is not None:
                        rec["interpreter"] = interp
                    if lang is not None:
                        rec["language"] = lang
                    out[str(n)] = rec
        return out

    def first_dates(self) -> dict[str, str]:
        """Per family id: the date of its first contact (families with none left out)."""
        return {f"F{fid}": day for fid, day in self._s.execute(
            "SELECT family_id, first_contact FROM contact_summary").fetchall()}

    def last_reached(self, family_ids: Iterable[str]) -> dict[str, str]:
        """Per family id asked: the date of its last reached contact (letters do not count),
        the summary's `last_reached`; families never reached are left out."""
        numbers = sorted({n for n in map(_family_number, family_ids) if n is not None})
        if not numbers:
            return {}
        return {f"F{fid}": day for fid, day in self._s.execute(
            "SELECT family_id, last_reached FROM contact_summary "
            "WHERE family_id = ANY(%s) AND last_reached <> ''", (numbers,))}

    def summary(self, family_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """Per family id: last contact, last reached contact (letters do not count), failed
        attempts since (the last 10), and how many contacts — models.summarize_contacts, kept
        by the database itself (pg_schema/0004_contact_summary.sql), for the families asked
        (all when None)."""
        where, params = "", ()
        if family_ids is not None:
            numbers = [n for n in map(_family_number, family_ids) if n is not None]
            if not numbers:
                return {}
            where, params = "WHERE family_id = ANY(%s)", (numbers,)
        out: dict[str, dict[str, Any]] = {}
        for fid, last, reached, streak, attempts, count in self._s.execute(
                "SELECT family_id, last_contact, last_reached, failed_streak, "
                "CASE WHEN failed_streak = 0 THEN NULL ELSE attempts END, contacts "
                f"FROM contact_summary {where} ORDER BY family_id", params):
            out[f"F{fid}"] = {"last_contact": last, "last_reached": reached,
                              "failed_streak": streak, "attempts": (attempts or [])[-10:],
                              "contacts": count}
        return out


class PgDisclosures:
    """The disclosure log: entries appended in the transaction of the change they record (so
    the head is simply the last committed row, and no entry outlives a rolled-back command).

    Append-only for liaisons (0001, 0002). Forget's redaction is the one rewrite: it goes
    through liaison_redact_disclosure() (0003_redact_disclosures.sql), a SECURITY DEFINER
    function that changes an entry only by replacing its to/why/detail with the salted digest
    its hash already covers, so a liaison can erase a forgotten family's name from the log but
    can neither edit, reorder nor remove an entry, and the chain verifies as before.

    The head is the log's last row, committed in the same transaction as the entry; nothing is
    ever past it, so `tail()` is the head's entry. A write session that reads the head takes a
    transaction-scoped advisory lock first (no table privilege needed), so two letters written at
    once chain one after the other instead of both claiming the same `seq`."""

    __slots__ = ("_s", "_locked")

    def __init__(self, session: PgSession):
        self._s = session
        self._locked = False

    def _lock(self) -> None:
        # Held until this transaction ends; READ COMMITTED, so the next statement sees the
        # entry the previous holder committed.
        if self._s.writable and not self._locked:
            self._s.execute("SELECT pg_advisory_xact_lock(%s)", (_DISCLOSURE_LOCK,))
            self._locked = True

    @property
    def head(self) -> dict[str, Any] | None:
        """The last entry as {seq, hash}; None while the log is empty."""
        self._lock()
        row = self._s.execute(
            "SELECT seq, hash FROM disclosures ORDER BY seq DESC LIMIT 1").fetchone()
        return {"seq": row[0], "hash": row[1]} if row else None

    def tail(self) -> dict[str, Any] | None:
        """The last stored entry (in the database never past the head), or None."""
        self._lock()
        row = self._s.execute(
            "SELECT entry FROM disclosures ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def append(self, entry: dict[str, Any]) -> None:
        """Add one entry ({seq, hash, prev, …}); its seq must follow the head and its prev be
        the head's hash, so the chain can only grow at its end."""
        self._s._require_writable()
        head = self.head or {"seq": 0, "hash": entry.get("prev")}
        if entry.get("seq") != head["seq"] + 1 or entry.get("prev") != head["hash"]:
            raise StoreError("A disclosure entry must follow the log's last entry; nothing was "
                             "written.")
        self._s.execute("INSERT INTO disclosures (seq, entry, hash, prev) VALUES (%s, %s, %s, %s)",
                        (entry["seq"], Json(entry), entry["hash"], entry["prev"]))

    def entries(self) -> list[dict[str, Any]]:
        return [e for (e,) in self._s.execute("SELECT entry FROM disclosures ORDER BY seq")]

    def stored(self) -> list[tuple[int, dict[str, Any] | None, bool]] | None:
        """[(seq, entry or None, stored exactly as written)] for `audit verify`: an entry whose
        text is not what liaison wrote (orjson's form), or whose hash column disagrees with it,
        is not exact. None when the log is empty (as a JSON store without a log file)."""
        out: list[tuple[int, dict[str, Any] | None, bool]] = []
        rows = self._s.execute(
            "SELECT seq, entry::text, hash, prev FROM disclosures ORDER BY seq").fetchall()
        if not rows:
            return None
        for seq, text, hash_, prev in rows:
            try:
                entry = orjson.loads(text)
            except orjson.JSONDecodeError:
                entry = None
            if not isinstance(entry, dict):
                out.append((seq, None, False))
                continue
            exact = (orjson.dumps(entry).decode() == text and entry.get("hash") == hash_
                     and entry.get("prev") == prev and entry.get("seq") == seq)
            out.append((seq, entry, exact))
        return out

    def redact(self, change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> int:
        """Rewrite each entry `change` gives a new form for (forget's redaction) through
        liaison_redact_disclosure(), all in one transaction; how many changed."""
        self._s._require_writable()
        changed = 0
        try:
            with self._s.conn.transaction():
                self._lock()
                for seq, entry in self._s.execute(
                        "SELECT seq, entry FROM disclosures ORDER BY seq").fetchall():
                    new = change(entry)
                    if new is None:
                        continue
                    if self._s.execute("SELECT liaison_redact_disclosure(%s, %s)",
                                       (seq, Json(new))).fetchone()[0]:
                        changed += 1
        except psycopg.Error as exc:  # forget runs it after its commit: outside write()'s net
            raise query_error(exc, self._s.store.url) from None
        return changed
