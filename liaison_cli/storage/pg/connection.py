"""Talking to the district database: opening a connection, and telling what went wrong in one
sentence that never shows a password.

The URL goes to libpq as it is, so PGPASSWORD, ~/.pgpass, service files
(`postgresql:///?service=district`) and `sslmode` all work.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
import psycopg
from psycopg import errors as pgerr

from ...errors import ConflictError, DatabaseError, LiaisonError, LockedError, StoreError

CONNECT_TIMEOUT = 10


def connect(url: str, timeout: int) -> psycopg.Connection:
    """A connection to `url` (autocommit: sessions BEGIN themselves), orjson for JSON both ways;
    `timeout` seconds to connect unless the URL sets its own `connect_timeout`. A
    DatabaseError in one sentence when it cannot be made."""
    kwargs: dict[str, Any] = {"autocommit": True, "application_name": "liaison"}
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise connect_error(exc, url) from None
    if "connect_timeout" not in info:
        kwargs["connect_timeout"] = timeout
    try:
        conn = psycopg.connect(url, **kwargs)
    except psycopg.Error as exc:
        raise connect_error(exc, url) from None
    configure(conn)
    return conn


def configure(conn: psycopg.Connection) -> None:
    # orjson both ways: several times faster than the json module on whole tables.
    psycopg.types.json.set_json_dumps(lambda obj: orjson.dumps(obj).decode(), conn)
    psycopg.types.json.set_json_loads(orjson.loads, conn)



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
