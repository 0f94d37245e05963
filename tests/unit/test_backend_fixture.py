"""The `backend` fixture: a test marked `both_backends` runs as [json] and as [pg].

These check the mechanism only (the PostgreSQL store is not needed): the [pg] run gets
LIAISON_DATABASE_URL pointing at a fresh database of its own holding only liaison's schema (as
`liaison db init` leaves it), the [json] run gets none,
and unmarked tests stay single, on JSON."""

from __future__ import annotations

import os

import pytest

from tests.unit.test_pgserver import run_pytest

SEEN_DATABASES: list[str] = []


@pytest.mark.both_backends
@pytest.mark.parametrize("round_", [1, 2])
def test_each_pg_run_gets_its_own_database_with_the_schema(backend, request, round_):
    assert request.node.name.endswith(f"[{backend.name}-{round_}]")
    if backend.name == "json":
        assert backend.database_url is None
        assert "LIAISON_DATABASE_URL" not in os.environ
        return
    import psycopg

    url = os.environ["LIAISON_DATABASE_URL"]
    assert url == backend.database_url and url.startswith(("postgresql://", "postgres://"))
    from liaison_cli.storage.pg import code_schema_version

    with psycopg.connect(url, autocommit=True) as conn:
        name = conn.execute("SELECT current_database()").fetchone()[0]
        assert conn.execute("SELECT max(version) FROM liaison_schema").fetchone()[0] \
            == code_schema_version()
        assert conn.execute("SELECT count(*) FROM families").fetchone()[0] == 0
        assert conn.execute("SELECT to_regclass('scribble')").fetchone()[0] is None
        conn.execute("CREATE TABLE scribble (x int)")  # must not reach the next test
    assert name not in SEEN_DATABASES
    SEEN_DATABASES.append(name)


def test_an_unmarked_test_runs_once_on_json(backend, request):
    assert backend.name == "json" and "[" not in request.node.name
    assert "LIAISON_DATABASE_URL" not in os.environ


def test_the_database_is_dropped_and_its_roles_too(pg_server, tmp_path):
    # A child session: a marked module, a role made by the test; afterwards neither is left.
    # The child uses this session's server, so that what it leaves behind would show here.
    proc = run_pytest(tmp_path, {"LIAISON_TEST_DATABASE_URL": pg_server}, """
        import os, pathlib
        import pytest

        pytestmark = pytest.mark.both_backends

        def test_one(backend, pg_roles):
            role = pg_roles.create("alice")
            reserved = pg_roles.name("bob")  # created by the code under test
            import psycopg
            with psycopg.connect(os.environ.get("LIAISON_DATABASE_URL") or pg_roles.db_url,
                                 autocommit=True) as conn:
                conn.execute(f'CREATE ROLE "{reserved}" LOGIN')
                conn.execute(f'CREATE TABLE owned (x int)')
                conn.execute(f'ALTER TABLE owned OWNER TO "{role.name}"')
            pathlib.Path("made.txt").open("a").write(
                f"{pg_roles.db_url.rsplit('/', 1)[1]} {role.name} {reserved}\\n")
        """, "-v")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "test_one[json] PASSED" in out and "test_one[pg] PASSED" in out, out
    made = (tmp_path / "made.txt").read_text().split()
    assert len(made) == 6 and len(set(made)) == 6  # every name unique
    import psycopg

    with psycopg.connect(pg_server, autocommit=True) as conn:
        left = conn.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s) UNION ALL "
                            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)",
                            [made, made]).fetchall()
    assert left == []


def test_LIAISON_TEST_BACKENDS_narrows_the_marked_tests(tmp_path):
    proc = run_pytest(tmp_path, {"LIAISON_TEST_BACKENDS": "json"}, """
        import pytest

        @pytest.mark.both_backends
        def test_x(backend):
            assert backend.name == "json"
        """, "--collect-only", "-q")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "test_x[json]" in out and "[pg]" not in out, out
