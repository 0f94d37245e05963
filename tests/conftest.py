"""Shared fixtures: every test gets its own home folder and a pinned today.

PostgreSQL (see tests/pgserver.py for how the server is found or started):

* `pg_server` (session): the URL of a server where the tests may create databases and roles.
* `pg_url`: a fresh, empty database with a unique name, dropped after the test.
* `pg_roles`: unique role names for the test, dropped (with `DROP OWNED BY`) after it.
* `backend`: "json" for every test; a test or module marked `both_backends` runs twice, as
  [json] and [pg], the [pg] run with LIAISON_DATABASE_URL set to a fresh database that already
  has liaison's schema (copied from a session template made with `db init`'s migrations; one
  also holding the sample caseload when the test uses `sample_app`).
* `app`, `sample_app`: an App on the backend under test (`database_url()` gives the URL to
  fixtures that call open_app or init_home themselves).
  LIAISON_TEST_BACKENDS=json (or pg) narrows the marked tests to one backend.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shlex
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from typer.testing import CliRunner

TODAY = dt.date(2026, 11, 20)  # a Friday

# config.yaml pieces the tests share: a test composes its CONFIG with config_text().
LINCOLN = "{name: Lincoln Elementary, short: LES}"
ROOSEVELT = "{name: Roosevelt Middle, short: RMS}"
OSMAN = "{name: Osman Middle School, short: OMS}"
FALL = "{name: Fall, start: 2026-09-02, end: 2026-12-18}"
SPRING = "{name: Spring, start: 2027-01-05, end: 2027-06-18}"
THANKSGIVING = "{name: Thanksgiving, date: 2026-11-26, end: 2026-11-27}"


def config_text(*, liaison: str = "", schools: tuple[str, ...] = (LINCOLN,),
                terms: tuple[str, ...] = (FALL, SPRING), closures: tuple[str, ...] = (THANKSGIVING,),
                extra: str = "") -> str:
    """A test config.yaml: the liaison line (as written after `liaison: `), the schools, the
    calendar's terms and closures (none: no calendar), then `extra` lines as they are."""
    out = f"liaison: {liaison}\n" if liaison else ""
    if schools:
        out += "schools:\n" + "".join(f"  - {s}\n" for s in schools)
    if terms or closures:
        out += "calendar:\n"
        if terms:
            out += "  terms:\n" + "".join(f"    - {t}\n" for t in terms)
        if closures:
            out += "  closures:\n" + "".join(f"    - {c}\n" for c in closures)
    return out + extra


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("LIAISON_HOME", str(home))
    monkeypatch.setenv("LIAISON_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("LIAISON_PASSPHRASE", raising=False)
    monkeypatch.delenv("LIAISON_DATABASE_URL", raising=False)  # the `backend` fixture sets it
    from liaison_cli.cli.context import STATE
    from liaison_cli.cli.render import output

    STATE.home_option, STATE.debug, STATE._app = None, False, None
    output._console = output._err_console = None
    yield
    output._console = output._err_console = None


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


def database_url() -> str | None:
    """The district database the test runs against ([pg]: set by the `backend` fixture), or
    None for the JSON store. Fixtures that open a store themselves pass it to open_app /
    init_home, as the CLI does (cli/context.py reads LIAISON_DATABASE_URL)."""
    return os.environ.get("LIAISON_DATABASE_URL") or None


def store_snapshot(home: Path) -> dict[str, object]:
    """Everything the store keeps, to show a command changed nothing: the JSON store's files
    and backups byte for byte, or ([pg]) every row of the district database, with its version,
    and the id counters."""
    url = database_url()
    if url is None:
        return {str(p.relative_to(home)): p.read_bytes()
                for d in ("store", "backups") for p in sorted((home / d).rglob("*")) if p.is_file()}
    from liaison_cli.storage.pg import RECORD_KINDS

    with pg_connect(url) as conn:
        out: dict[str, object] = {
            kind: conn.execute(f"SELECT id, doc::text, version FROM {kind} ORDER BY id").fetchall()
            for kind in RECORD_KINDS}
        out["id_counters"] = conn.execute("SELECT * FROM id_counters ORDER BY kind").fetchall()
        out["disclosures"] = conn.execute("SELECT seq, entry::text FROM disclosures").fetchall()
    return out


@pytest.fixture
def app(home, backend):
    from liaison_cli.services.app import open_app
    from liaison_cli.services.setup import init_home

    init_home(home, TODAY, database_url=database_url())
    return open_app(home, TODAY, database_url=database_url())


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory) -> Path:
    from liaison_cli.services.setup import init_home

    home = tmp_path_factory.mktemp("sample") / "home"
    init_home(home, TODAY, sample=True)
    return home


@pytest.fixture
def sample_app(home, backend, _sample_template):
    """The sample caseload, on the backend under test: [json] copies a home made once per
    session; on [pg] the `backend` fixture gave the test a database copied from a template
    holding the same sample (the home folder, config and translations, is the same copy)."""
    from liaison_cli.services.app import open_app

    shutil.copytree(_sample_template, home)
    return open_app(home, TODAY, database_url=database_url())


class Runner:
    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, args: str | list[str], input: str | None = None, env: dict | None = None):
        from liaison_cli.cli import app
        from liaison_cli.cli.render import output

        output._console = output._err_console = None
        argv = shlex.split(args) if isinstance(args, str) else args
        return self.runner.invoke(app, argv, input=input, env=env, catch_exceptions=False)


@pytest.fixture
def run():
    return Runner()


# --------------------------------------------------------------------------- PostgreSQL

_pg: dict = {}  # the session's discovery: {"server": PgServer | None, "reasons": [...]}


def _pg_discover():
    if not _pg:
        from tests import pgserver

        _pg["server"], _pg["reasons"] = pgserver.discover()
    return _pg["server"], _pg["reasons"]


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server where the tests may create databases and roles."""
    from tests import pgserver

    server, reasons = _pg_discover()
    if server is None:
        why = "no PostgreSQL server for the tests: " + "; ".join(reasons)
        if pgserver.ci():
            pytest.fail(why + " (CI=true: the PostgreSQL tests must run against a real server)",
                        pytrace=False)
        pytest.skip(why)
    try:
        yield server.url
    finally:
        server.stop()


def pytest_terminal_summary(terminalreporter):
    server = _pg.get("server")
    if server is not None:
        terminalreporter.write_line(f"PostgreSQL tests ran against {server.describe()}")
    elif _pg:
        terminalreporter.write_line("PostgreSQL tests did not run: " + "; ".join(_pg["reasons"]))


def pytest_configure(config):
    config.addinivalue_line("markers", "both_backends: run the test twice, against the JSON "
                            "store [json] and PostgreSQL [pg]")
    config.addinivalue_line("markers", "pg: needs a PostgreSQL server (set automatically; "
                            "-m 'not pg' leaves these tests out)")


def pytest_collection_modifyitems(items):
    # `pytest -m "not pg"` leaves out every test that needs a PostgreSQL server.
    for item in items:
        callspec = getattr(item, "callspec", None)
        if ("pg_server" in getattr(item, "fixturenames", ())
                or (callspec is not None and callspec.params.get("backend") == "pg")):
            item.add_marker(pytest.mark.pg)


def pg_connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=10)


def with_dbname(url: str, dbname: str) -> str:
    """`url` pointing at another database (a postgresql:// URL stays one)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def unique_name(prefix: str) -> str:
    """A database or role name no other test or session will pick: lower case, [a-z0-9_], ≤ 63
    characters, so it needs no quoting in SQL or a URL."""
    prefix = re.sub(r"[^a-z0-9_]+", "_", prefix.lower())[:40]
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"


def drop_database(admin_url: str, name: str) -> None:
    from psycopg import sql

    with pg_connect(admin_url) as conn:
        if conn.info.server_version >= 130000:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
        else:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def pg_template_init():
    """Override to prepare the template every `pg_url` database is copied from.

    Return a callable taking the template's URL (e.g. one that applies the schema's migrations),
    or None for an empty database. Measured on PostgreSQL 15: copying a template costs about the
    same as an empty database (local server: 80–90 ms; throwaway, fsync off: ~33 ms), while
    building 13 tables with keys and indexes in each test's database cost 240 ms (70 ms) — so a
    schema belongs in the template."""
    return None


@contextmanager
def _template(pg_server: str, init, source: str = "template0"):
    """A database copied from `source`, prepared by `init(url)`, for `_copy` to copy; dropped
    at the end."""
    from psycopg import sql

    name = unique_name("lt_tpl")
    with pg_connect(pg_server) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {} ENCODING 'UTF8'").format(
            sql.Identifier(name), sql.Identifier(source)))
    try:
        if init is not None:
            init(with_dbname(pg_server, name))
        with pg_connect(pg_server) as conn:
            # No connection may stay open to a template while it is copied.
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
        yield name
    finally:
        drop_database(pg_server, name)


@contextmanager
def _copy(pg_server: str, template: str):
    """A fresh database with a unique name copied from `template`: its URL; dropped after."""
    from psycopg import sql

    name = unique_name("lt_db")
    with pg_connect(pg_server) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)))
    try:
        yield with_dbname(pg_server, name)
    finally:
        drop_database(pg_server, name)


@pytest.fixture(scope="session")
def pg_template(pg_server, pg_template_init):
    """A database made once per session that `pg_url` copies; dropped at the session's end."""
    with _template(pg_server, pg_template_init) as name:
        yield name


@pytest.fixture
def pg_url(pg_server, pg_template):
    """A fresh database with a unique name: its URL; dropped after the test (connections cut)."""
    with _copy(pg_server, pg_template) as url:
        yield url


def _migrate(url: str) -> None:
    from liaison_cli.storage.pg import PgStore

    store = PgStore(Path("."), url)
    try:
        store.migrate()
    finally:
        store.close()


@pytest.fixture(scope="session")
def _pg_schema_template(pg_server):
    """A template holding liaison's schema (`db init`): what every [pg] run starts from."""
    with _template(pg_server, _migrate) as name:
        yield name


@pytest.fixture(scope="session")
def _pg_sample_template(pg_server, _pg_schema_template, _sample_template):
    """A template holding the schema and the sample caseload, loaded as `liaison init --sample`
    loads it (into a copy of the sample home made for the [json] runs)."""
    def load(url: str) -> None:
        from liaison_cli.sample import load_sample
        from liaison_cli.services.app import open_app

        app = open_app(_sample_template, TODAY, database_url=url)
        try:
            load_sample(app)
        finally:
            app.store.close()

    with _template(pg_server, load, _pg_schema_template) as name:
        yield name


@dataclass(frozen=True)
class PgRole:
    name: str
    password: str | None
    url: str  # the test's database, as this role (no password in it)

    def env(self) -> dict[str, str]:
        """Environment for liaison connecting as this role (the password as libpq reads it)."""
        out = {"LIAISON_DATABASE_URL": self.url}
        if self.password:
            out["PGPASSWORD"] = self.password
        return out


class PgRoles:
    """Unique role names for one test, all dropped after it, whoever created them.

    `create("alice")` makes a LOGIN role (with a random password, for servers that ask for one);
    `name("alice")` only reserves a name, for roles the code under test creates itself
    (`liaison team add`). Roles are cluster-wide, hence the unique suffix."""

    def __init__(self, admin_url: str, db_url: str):
        self.admin_url, self.db_url = admin_url, db_url
        self.names: list[str] = []

    def name(self, label: str = "liaison") -> str:
        name = unique_name(f"lt_{label.lower()}")
        self.names.append(name)
        return name

    def role(self, name: str, password: str | None = None) -> PgRole:
        parts = urlsplit(self.db_url)
        netloc = f"{name}@{parts.netloc.rsplit('@', 1)[-1]}"
        return PgRole(name, password, urlunsplit(parts._replace(netloc=netloc)))

    def create(self, label: str = "liaison", *, login: bool = True, options: str = "") -> PgRole:
        """A new role; `options` is trusted SQL appended to CREATE ROLE (e.g. "CREATEROLE")."""
        from psycopg import sql

        name, password = self.name(label), secrets.token_urlsafe(16)
        with pg_connect(self.admin_url) as conn:
            conn.execute(sql.SQL("CREATE ROLE {} {} PASSWORD {} " + options).format(
                sql.Identifier(name), sql.SQL("LOGIN" if login else "NOLOGIN"),
                sql.Literal(password)))
        return self.role(name, password)

    def drop_all(self) -> None:
        from psycopg import sql

        if not self.names:
            return
        with pg_connect(self.admin_url) as admin:
            existing = [r[0] for r in admin.execute(
                "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", [self.names])]
            if not existing:
                return
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE usename = ANY(%s)", [existing])
            # DROP OWNED BY works per database: the test's database, then the admin's (which
            # also revokes grants on shared objects such as databases).
            for url in (self.db_url, self.admin_url):
                try:
                    conn = pg_connect(url)
                except Exception:  # the test's database may already be gone
                    continue
                with conn:
                    for name in existing:
                        conn.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(
                            sql.Identifier(name)))
            for name in existing:
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.fixture
def pg_roles(pg_server, backend, request):
    """Roles for the test's database: the [pg] run's own under `both_backends`, else `pg_url`."""
    db_url = backend.database_url if backend.name == "pg" else request.getfixturevalue("pg_url")
    roles = PgRoles(pg_server, db_url)
    try:
        yield roles
    finally:
        roles.drop_all()


# --------------------------------------------------------------------------- both backends

BACKENDS = ("json", "pg")


@dataclass(frozen=True)
class Backend:
    name: str  # "json" or "pg"
    database_url: str | None = None  # pg: the fresh database LIAISON_DATABASE_URL points at


def _selected_backends() -> list[str]:
    raw = os.environ.get("LIAISON_TEST_BACKENDS", "").strip()
    chosen = [b.strip() for b in raw.split(",") if b.strip()] if raw else list(BACKENDS)
    unknown = set(chosen) - set(BACKENDS)
    if unknown:
        raise pytest.UsageError(f"LIAISON_TEST_BACKENDS: unknown backend {', '.join(unknown)}")
    return chosen


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("both_backends") and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", _selected_backends(), indirect=True)


@pytest.fixture(autouse=True)
def backend(request, monkeypatch, _isolated) -> Backend:
    """The store the test runs against: JSON unless the test is marked `both_backends`.

    Autouse, so that marking a test (or a module: `pytestmark = pytest.mark.both_backends`) is all
    it takes; it runs before the `app`/`sample_app`/`run` fixtures open a store."""
    name = getattr(request, "param", "json")
    if name == "json":
        monkeypatch.delenv("LIAISON_DATABASE_URL", raising=False)
        return Backend("json")
    # A fresh database with liaison's schema (`liaison db init` done), holding the sample
    # caseload when the test uses `sample_app`.
    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("_pg_sample_template" if "sample_app" in request.fixturenames
                                       else "_pg_schema_template")
    copy = _copy(server, template)
    url = copy.__enter__()
    request.addfinalizer(lambda: copy.__exit__(None, None, None))
    monkeypatch.setenv("LIAISON_DATABASE_URL", url)
    # As the CLI does (cli/context.py): an App opened without a database_url, by a test's own
    # fixture or helper calling open_app / init_home, gets LIAISON_DATABASE_URL's database.
    from liaison_cli.services import app as app_module

    real_open_store = app_module.open_store

    def open_store(home, database_url="", **kwargs):
        return real_open_store(home, database_url or os.environ.get("LIAISON_DATABASE_URL", ""),
                               **kwargs)

    monkeypatch.setattr(app_module, "open_store", open_store)
    return Backend("pg", url)
