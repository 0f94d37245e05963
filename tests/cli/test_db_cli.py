"""`liaison db`, and the converted commands giving the same output on both backends."""

from __future__ import annotations

import re

import pytest

SCENARIO = [
    'add-family --name "García" --guardian "Ana García:mother" --phone 555-0101 --lang es '
    '--tag newcomer',
    'add-family --name "Nguyen" --guardian "Binh Nguyen" --email binh@example.org',
    'add-family --name "García" --guardian "Ana García" --phone 555-0101',  # a duplicate: exit 4
    "families",
    "families --json",
    "log F1 --kind phone --outcome no-answer --note tried",
    "log F1 --kind phone --outcome left-message",
    'log F2 --kind home-visit --note "met mum" --follow-up 2026-11-24 --action "bring forms"',
    'add-followup F1 2026-11-19 --action "call again"',
    'add-followup F2 2026-11-23 --action "check forms" --every 1w',
    "followups",
    "followups --json",
    "followups --due this-month",
    "snooze 2 2026-11-26",
    "done 3",
    "cancel 1",
    "followups --all",
    "edit F2 --add-tag refugee --address \"1 Elm St\"",
    "close F1 --reason moved",
    "close F1 --reason again",  # already closed: exit 4
    "reopen F1",
    "show F1",
    "show F2 --json",
    "show F9",  # not found: exit 3
    "today",
    "unreachable",
    "unreachable --json",
    "families --json --status all",
]


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")  # the clock, not the store


def _play(run, env: dict) -> list[tuple[str, int, str]]:
    out = []
    for cmd in SCENARIO:
        r = run(cmd, env=env)
        out.append((cmd, r.exit_code, _STAMP.sub("<stamp>", r.stdout)))
    return out


def test_the_converted_commands_behave_the_same_on_both_backends(run, pg_url, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("LIAISON_HOME", str(tmp_path / "json-home"))
    assert run("init").exit_code == 0
    on_json = _play(run, {})

    monkeypatch.setenv("LIAISON_HOME", str(tmp_path / "pg-home"))
    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    assert run("db init").exit_code == 0
    assert run("init").exit_code == 0
    on_pg = _play(run, {})

    assert [c for _cmd, c, _out in on_json] != [0] * len(SCENARIO)  # the errors are in it
    for (cmd, code_j, out_j), (_, code_p, out_p) in zip(on_json, on_pg, strict=True):
        assert (cmd, code_p) == (cmd, code_j)
        assert out_p == out_j, cmd


def test_db_init_twice_and_status(run, pg_url, monkeypatch):
    from liaison_cli.storage.pg import code_schema_version

    code = code_schema_version()
    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    r = run("db status")
    assert r.exit_code == 0
    assert f"version 0 (this liaison knows {code})" in r.stdout and "0001 (initial)" in r.stdout
    r = run("db init")
    assert r.exit_code == 0 and "Applied migration 0001 (initial)." in r.stdout
    assert "Applied migration 0002 (team)." in r.stdout
    assert "Applied migration 0003 (redact_disclosures)." in r.stdout
    r = run("db init")
    assert r.exit_code == 0 and f"already at version {code}; nothing to apply" in r.stdout
    r = run("db status --json")
    import json

    data = json.loads(r.stdout)
    assert (data["schema"], data["code"], data["pending"]) == (code, code, [])
    assert "127.0.0.1" in data["server"] or "localhost" in data["server"]


def test_db_init_loads_district_settings_the_app_then_uses(run, pg_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    district = tmp_path / "district.yaml"
    district.write_text(
        "schools:\n"
        "  - name: Lincoln Elementary\n    short: LIN\n"
        "  - name: Roosevelt Middle\n    short: RMS\n"
        "calendar:\n  terms:\n    - name: Fall\n      start: 2026-09-02\n      end: 2026-12-18\n"
        "cadence:\n  newcomer: 1w\n"
        "services:\n  - name: Homework Club\n    category: tutoring\n    languages: [es]\n",
        encoding="utf-8")
    r = run(["db", "init", "--config", str(district)])
    assert r.exit_code == 0, r.output
    assert "Loaded district settings: cadence, calendar, schools." in r.stdout
    assert "Added service S1 Homework Club." in r.stdout
    r = run(["db", "init", "--config", str(district)])
    assert "Already in the directory: Homework Club." in r.stdout
    assert run("init").exit_code == 0
    # The liaison's config.yaml names other schools: the district's win.
    r = run('add-family --name Ali --guardian "Hodan Ali" --phone 555-0199 --student "Sahra:4:RMS"')
    assert r.exit_code == 0, r.output
    r = run('add-family --name Bo --guardian "Bo Li" --phone 555-0198 --student "Li:4:Nowhere High"')
    assert r.exit_code == 2 and "Nowhere High" in r.output
    from liaison_cli.services.app import open_app
    from tests.conftest import TODAY

    app = open_app(tmp_path / "home", TODAY, database_url=pg_url)
    assert [s.short for s in app.config.schools] == ["LIN", "RMS"]
    assert app.config.cadence["newcomer"].days == 7
    app.store.close()


def test_the_example_district_file_in_the_docs_loads(run, pg_url, monkeypatch):
    """The README points a new district at docs/district.example.yaml: it must load as it is."""
    from pathlib import Path

    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    example = Path(__file__).resolve().parents[2] / "docs" / "district.example.yaml"
    r = run(["db", "init", "--config", str(example)])
    assert r.exit_code == 0, r.output
    assert "Loaded district settings: cadence, calendar, referrals, schools, unreachable, week_start." in r.stdout
    assert "Added service S2 Riverton Community Health Center." in r.stdout


def test_db_init_refuses_a_bad_district_file_before_changing_anything(run, pg_url, monkeypatch,
                                                                     tmp_path):
    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    bad = tmp_path / "district.yaml"
    bad.write_text("liaison:\n  name: Rosa\n", encoding="utf-8")
    r = run(["db", "init", "--config", str(bad)])
    assert r.exit_code == 5 and "`liaison` is not a district setting" in r.output
    assert "version 0" in run("db status").stdout


def test_commands_before_db_init_say_what_to_do(run, pg_url, monkeypatch):
    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    r = run("families")
    assert r.exit_code == 3 and "run `liaison db init`" in r.output


def test_a_server_that_is_down_gives_exit_12_and_one_line(run, monkeypatch):
    monkeypatch.setenv("LIAISON_DATABASE_URL", "postgresql://rosa:s3cret@127.0.0.1:1/district")
    r = run("followups")
    assert r.exit_code == 12
    assert r.output.count("\n") == 1 and "is not answering" in r.output
    assert "s3cret" not in r.output


def test_db_without_a_database_is_a_usage_error(run):
    r = run("db status")
    assert r.exit_code == 2 and "LIAISON_DATABASE_URL" in r.output


@pytest.mark.parametrize("cmd", ["families", "followups"])
def test_a_newer_schema_stops_every_command(run, pg_url, monkeypatch, cmd):
    import psycopg

    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    assert run("db init").exit_code == 0
    from liaison_cli.storage.pg import code_schema_version

    future = code_schema_version() + 1
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO liaison_schema (version, name) VALUES (%s, 'future')", [future])
    r = run(cmd)
    assert r.exit_code == 6 and f"newer liaison (schema {future}" in r.output


@pytest.mark.both_backends
def test_init_sample_loads_the_same_caseload_on_both_backends(run, backend):
    r = run("init --sample")
    assert r.exit_code == 0, r.output
    assert "42 families" in r.output
    families = run("families --json --status all")
    assert families.exit_code == 0 and families.stdout.count('"id": "F') == 42
    r = run("init --sample")
    assert r.exit_code == 4 and "already holds a caseload" in r.output
    assert run("init --sample --force").exit_code == 0
    again = run("families --json --status all").stdout
    assert _STAMP.sub("<stamp>", again) == _STAMP.sub("<stamp>", families.stdout)


DAILY = ["today --json", "unreachable --json", "unreachable --attempts 1 --days 20 --json",
         "followups --json", "followups --due next-week --json", "report --json",
         "report --period this-year --json"]


def test_the_daily_reads_of_the_sample_caseload_agree_on_both_backends(run, pg_url, tmp_path,
                                                                      monkeypatch):
    """The district database answers the daily commands from its own queries (the contact
    summary it keeps, joins, a report's projection): on the same caseload every answer is the
    JSON store's, byte for byte."""
    monkeypatch.setenv("LIAISON_HOME", str(tmp_path / "json-home"))
    assert run("init --sample").exit_code == 0
    on_json = {cmd: run(cmd) for cmd in DAILY}
    monkeypatch.setenv("LIAISON_HOME", str(tmp_path / "pg-home"))
    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    assert run("db init").exit_code == 0
    assert run("init --sample").exit_code == 0
    for cmd in DAILY:
        r = run(cmd)
        assert (r.exit_code, on_json[cmd].exit_code) == (0, 0), (cmd, r.output)
        assert _STAMP.sub("<stamp>", r.stdout) == _STAMP.sub("<stamp>", on_json[cmd].stdout), cmd
    assert '"failed_streak"' in on_json["unreachable --json"].stdout


@pytest.mark.both_backends
@pytest.mark.parametrize("cmd", ["restore --list", "restore 2026-11-20T15-02-11.123456 --yes",
                                 "encrypt", "decrypt"])
def test_home_folder_commands_on_a_district_database_are_one_sentence(run, backend, cmd,
                                                                     monkeypatch):
    monkeypatch.setenv("LIAISON_PASSPHRASE", "correct horse battery staple")
    assert run("init").exit_code == 0
    r = run(cmd)
    if backend.name == "json":
        assert "personal JSON store" not in r.output
        return
    word = cmd.split()[0]
    assert r.exit_code == 2, r.output
    assert f"`liaison {word}` is for a personal JSON store; a district database" in r.output
    assert "(pg_dump)" in r.output or word != "restore"


def test_each_command_closes_its_database_connections(run, pg_url, monkeypatch):
    """Commands run in one process (tests, a long-lived caller) must not pile up connections:
    a district server refuses clients past max_connections."""
    import psycopg

    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    assert run("db init").exit_code == 0
    assert run('add-family --name "García" --guardian "Ana García" --phone 555-0101').exit_code == 0
    for _ in range(6):
        assert run("log F1 --kind phone --note tried").exit_code == 0
        assert run("families --json").exit_code == 0
    dbname = pg_url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        n = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                         "AND pid <> pg_backend_pid()", [dbname]).fetchone()[0]
    assert n == 0
