"""A real PostgreSQL server for the tests: found, or started from the machine's binaries.

`discover()` tries, in this order (issue 11, item 10):

1. ``LIAISON_TEST_DATABASE_URL`` when set: any server you point the tests at.
2. The local server on 127.0.0.1:5432, database ``test`` (``postgresql://127.0.0.1:5432/test``;
   user, password, sslmode from libpq's usual places: PGUSER, PGPASSWORD, ~/.pgpass, a service
   file). It must answer within 2 s (libpq's smallest connect timeout).
3. A throwaway server: ``initdb`` into a temporary folder (trust authentication, superuser
   ``postgres``, fsync off), started by ``pg_ctl`` on a free port (bound to 127.0.0.1, found by
   binding port 0) with its unix socket in that folder, stopped and removed at the end of the
   session, on Ctrl-C too. ``initdb``/``pg_ctl`` come from PATH, else the newest
   /usr/lib/postgresql/*/bin (Debian), /usr/pgsql-*/bin (RHEL) or /usr/local/pgsql/bin.

   **As root:** initdb and postgres refuse to run as root. The server is then run as an
   unprivileged user — ``postgres`` when that account exists, else ``nobody`` — by starting
   initdb and pg_ctl with that uid/gid and no supplementary groups (Python's
   ``subprocess.Popen(user=…, group=…, extra_groups=[])``, the same switch ``runuser -u``
   makes), in a temporary folder chowned to that user. The folder's parent (the system temporary
   folder, normally /tmp) must be traversable by that user.

A server only counts when its login may create databases and roles (superuser, or CREATEDB and
CREATEROLE): the fixtures give each test its own database and roles. A server that does not
answer, or answers with a login that may not, is passed over and the reason kept.

``LIAISON_TEST_PG`` picks the strategies, comma-separated, from ``env``, ``local`` and
``throwaway`` (default: all three, in that order). ``LIAISON_TEST_PG=throwaway`` forces a
throwaway server; ``LIAISON_TEST_PG=env`` uses only the URL given.

When nothing works the PostgreSQL tests skip and say why; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LOCAL_URL = "postgresql://127.0.0.1:5432/test"
STRATEGIES = ("env", "local", "throwaway")
CONNECT_TIMEOUT = 2  # seconds; libpq treats anything below 2 as 2
BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin")
UNPRIVILEGED_USERS = ("postgres", "nobody")


class NoServer(Exception):
    """This strategy gave no usable server; the message says why."""


@dataclass
class PgServer:
    url: str  # connects as a login that may create databases and roles
    source: str  # "env", "local" or "throwaway"
    startup_seconds: float | None = None  # throwaway only: initdb + start
    _stop: Callable[[], None] | None = field(default=None, repr=False)

    def describe(self) -> str:
        shown = redact(self.url)
        if self.source == "env":
            return f"LIAISON_TEST_DATABASE_URL ({shown})"
        if self.source == "local":
            return f"the local server ({shown})"
        return f"a throwaway server ({shown}, started in {self.startup_seconds:.2f} s)"

    def stop(self) -> None:
        if self._stop is not None:
            stop, self._stop = self._stop, None
            stop()


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def strategies(env: Mapping[str, str]) -> list[str]:
    raw = env.get("LIAISON_TEST_PG", "").strip()
    if not raw:
        return list(STRATEGIES)
    chosen = [s.strip().lower() for s in raw.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in STRATEGIES]
    if unknown:
        raise NoServer(f"LIAISON_TEST_PG={raw!r}: unknown strategy {', '.join(unknown)} "
                       f"(choose from {', '.join(STRATEGIES)})")
    return chosen


# --------------------------------------------------------------------------- probing


def probe(url: str, timeout: int = CONNECT_TIMEOUT) -> None:
    """Connect to `url`; raise NoServer unless it answers and may create databases and roles."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=timeout, autocommit=True) as conn:
            row = conn.execute(
                "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
                "WHERE rolname = current_user").fetchone()
    except psycopg.Error as exc:
        msg = " ".join(str(exc).split()) or type(exc).__name__
        raise NoServer(f"{redact(url)} did not answer: {msg}") from None
    superuser, createdb, createrole = row or (False, False, False)
    if not (superuser or (createdb and createrole)):
        raise NoServer(f"{redact(url)} answered, but its login may not create databases and "
                       "roles (needs superuser, or CREATEDB and CREATEROLE)")


# --------------------------------------------------------------------------- binaries


def _version_key(path: Path) -> tuple:
    return tuple(int(n) for n in re.findall(r"\d+", str(path))) or (0,)


def find_binaries(path_env: str | None = None, globs: Sequence[str] = BIN_GLOBS) -> Path:
    """The folder holding initdb and pg_ctl: PATH first, then the newest versioned folder."""
    found = shutil.which("initdb", path=path_env)
    if found:
        folder = Path(os.path.realpath(found)).parent
        if (folder / "pg_ctl").exists():
            return folder
    candidates: list[Path] = []
    for pattern in globs:
        candidates += [p for p in map(Path, _glob(pattern))
                       if (p / "initdb").exists() and (p / "pg_ctl").exists()]
    if candidates:
        return max(candidates, key=_version_key)
    raise NoServer("no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in "
                   + ", ".join(globs) + " (Debian: apt-get install postgresql)")


def _glob(pattern: str) -> list[str]:
    import glob

    return glob.glob(pattern)


# --------------------------------------------------------------------------- throwaway


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> pwd.struct_passwd | None:
    """The unprivileged account to run the server as, when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in UNPRIVILEGED_USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise NoServer("running as root, and initdb refuses root, but there is no 'postgres' or "
                   "'nobody' account to run the server as")


def start_throwaway(bindir: Path | None = None, *, timeout: float = 60) -> PgServer:
    """initdb a temporary cluster and start it; the returned server's stop() removes it all."""
    bindir = bindir or find_binaries()
    user = _run_as()
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="liaison-pg-"))
    as_user: dict = {}
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "HOME": str(folder)}
    for var in ("PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE", "PGOPTIONS"):
        env.pop(var, None)
    data, log = folder / "data", folder / "server.log"
    state = {"running": False}

    def run(args: list[str], what: str) -> None:
        # The server keeps the descriptors it inherits: give it a file, never a pipe.
        out = folder / f"{what}.out"
        with open(out, "wb") as sink:
            proc = subprocess.run(args, stdout=sink, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, cwd=folder, env=env,
                                  start_new_session=True, timeout=timeout, **as_user)
        if proc.returncode != 0:
            text = out.read_text(errors="replace").strip()
            if log.exists():
                text += "\n" + log.read_text(errors="replace").strip()
            raise NoServer(f"{what} failed (exit {proc.returncode}): {text[-800:]}")

    def stop() -> None:
        if state["running"]:
            state["running"] = False
            subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                            "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, cwd=folder, env=env, timeout=timeout,
                           **as_user)
        shutil.rmtree(folder, ignore_errors=True)
        atexit.unregister(stop)

    atexit.register(stop)  # a session that dies without tearing down still stops its server
    try:
        run([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "-E", "UTF8", "--locale=C", "--no-sync"], "initdb")
        for attempt in range(3):
            port = free_port()
            conf = data / "postgresql.conf"
            with open(conf, "a", encoding="utf-8") as f:
                # Later lines win: a retry's port replaces the one before.
                f.write(f"\n# liaison tests\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
                        f"unix_socket_directories = '{folder}'\nfsync = off\n"
                        "synchronous_commit = off\nfull_page_writes = off\n"
                        "max_connections = 200\n")
            try:
                state["running"] = True
                run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                     "-t", str(int(timeout)), "start"], "pg_ctl start")
                break
            except NoServer:
                state["running"] = False
                if attempt == 2:
                    raise
        url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        probe(url, timeout=5)
    except BaseException:
        stop()
        raise
    return PgServer(url, "throwaway", time.perf_counter() - started, stop)


# --------------------------------------------------------------------------- discovery


def discover(env: Mapping[str, str] | None = None, *, local_url: str = LOCAL_URL,
             start: Callable[[], PgServer] = start_throwaway) -> tuple[PgServer | None, list[str]]:
    """The first usable server, and why each strategy before it was passed over."""
    env = os.environ if env is None else env
    reasons: list[str] = []
    try:
        chosen = strategies(env)
    except NoServer as exc:
        return None, [str(exc)]
    for strategy in chosen:
        try:
            if strategy == "env":
                url = env.get("LIAISON_TEST_DATABASE_URL", "").strip()
                if not url:
                    raise NoServer("LIAISON_TEST_DATABASE_URL is not set")
                probe(url)
                return PgServer(url, "env"), reasons
            if strategy == "local":
                probe(local_url)
                return PgServer(local_url, "local"), reasons
            return start(), reasons
        except NoServer as exc:
            reasons.append(f"{strategy}: {exc}")
    return None, reasons
