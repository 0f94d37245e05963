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
