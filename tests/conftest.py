"""Shared fixtures: every test gets its own home folder and a pinned today."""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

TODAY = dt.date(2026, 11, 20)  # a Friday


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("LIAISON_HOME", str(home))
    monkeypatch.setenv("LIAISON_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("LIAISON_PASSPHRASE", raising=False)
    from liaison_cli.cli import output
    from liaison_cli.cli.context import STATE

    STATE.home_option, STATE.debug, STATE._app = None, False, None
    output._console = output._err_console = None
    yield
    output._console = output._err_console = None


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def app(home):
    from liaison_cli.services.app import open_app
    from liaison_cli.services.setup import init_home

    init_home(home, TODAY)
    return open_app(home, TODAY)


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory) -> Path:
    from liaison_cli.services.setup import init_home

    home = tmp_path_factory.mktemp("sample") / "home"
    init_home(home, TODAY, sample=True)
    return home


@pytest.fixture
def sample_app(home, _sample_template):
    from liaison_cli.services.app import open_app

    shutil.copytree(_sample_template, home)
    return open_app(home, TODAY)


class Runner:
    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, args: str | list[str], input: str | None = None, env: dict | None = None):
        from liaison_cli.cli import app, output

        output._console = output._err_console = None
        argv = shlex.split(args) if isinstance(args, str) else args
        return self.runner.invoke(app, argv, input=input, env=env, catch_exceptions=False)


@pytest.fixture
def run():
    return Runner()


# --------------------------------------------------------------------------- PostgreSQL

PG_DEFAULT_URL = "postgresql://127.0.0.1:5432/test"


@pytest.fixture
def pg_url():
    """A freshly created, empty PostgreSQL database for this test (dropped afterwards), as a
    postgresql:// URL: on LIAISON_TEST_DATABASE_URL's server, else the local one. Skips, saying
    why, when psycopg is missing or no server answers. (One fixture, so a helper that starts a
    throwaway server can replace the discovery here.)"""
    import os
    import secrets
    from urllib.parse import urlsplit

    try:
        import psycopg
        from psycopg import sql
    except ImportError:
        pytest.skip("PostgreSQL tests need psycopg: pip install 'liaison[district]'")
    base = os.environ.get("LIAISON_TEST_DATABASE_URL") or PG_DEFAULT_URL
    parts = urlsplit(base)
    shown = parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]).geturl()  # no password
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        msg = f"no PostgreSQL server answers at {shown} ({str(exc).strip().splitlines()[0]})"
        print(msg)
        pytest.skip(msg)
    name = f"liaison_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield parts._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
