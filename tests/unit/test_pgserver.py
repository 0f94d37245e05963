"""Finding a PostgreSQL server for the tests (tests/pgserver.py) and the fixtures built on it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests import pgserver

ROOT = Path(__file__).resolve().parents[2]
DEAD_URL = f"postgresql://nobody@127.0.0.1:{pgserver.free_port()}/test"  # nothing listens there


def _never_start():
    raise AssertionError("discovery should not have needed a throwaway server")


def _no_throwaway():
    raise pgserver.NoServer("throwaway servers are off in this test")


def test_the_env_var_wins_over_a_live_local_server(pg_server, pg_url):
    # Both answer; the URL from LIAISON_TEST_DATABASE_URL is the one used.
    server, reasons = pgserver.discover({"LIAISON_TEST_DATABASE_URL": pg_url},
                                        local_url=pg_server, start=_never_start)
    assert (server.url, server.source, reasons) == (pg_url, "env", [])


def test_a_dead_url_falls_through_to_the_next_server(pg_server):
    server, reasons = pgserver.discover({"LIAISON_TEST_DATABASE_URL": DEAD_URL},
                                        local_url=pg_server, start=_never_start)
    assert (server.url, server.source) == (pg_server, "local")
    assert len(reasons) == 1 and reasons[0].startswith("env: ") and "did not answer" in reasons[0]


def test_nothing_reachable_gives_every_reason():
    server, reasons = pgserver.discover({"LIAISON_TEST_DATABASE_URL": DEAD_URL},
                                        local_url=DEAD_URL, start=_no_throwaway)
    assert server is None
    assert [r.split(":")[0] for r in reasons] == ["env", "local", "throwaway"]
    assert "throwaway servers are off" in reasons[2]


def test_an_unset_env_var_is_passed_over_with_its_reason(pg_server):
    server, reasons = pgserver.discover({}, local_url=pg_server, start=_never_start)
    assert server.source == "local"
    assert reasons == ["env: LIAISON_TEST_DATABASE_URL is not set"]


def test_a_login_that_may_not_create_databases_is_passed_over(pg_server, pg_roles):
    weak = pg_roles.create("weak")  # LOGIN only: no CREATEDB, no CREATEROLE
    with pytest.raises(pgserver.NoServer, match="may not create databases and roles"):
        pgserver.probe(weak.url.replace(f"{weak.name}@", f"{weak.name}:{weak.password}@"))


def test_strategies_come_from_LIAISON_TEST_PG():
    assert pgserver.strategies({}) == ["env", "local", "throwaway"]
    assert pgserver.strategies({"LIAISON_TEST_PG": "throwaway"}) == ["throwaway"]
    assert pgserver.strategies({"LIAISON_TEST_PG": " Env , local "}) == ["env", "local"]
    server, reasons = pgserver.discover({"LIAISON_TEST_PG": "thrwaway"}, start=_never_start)
    assert server is None and "unknown strategy thrwaway" in reasons[0]


def test_binaries_come_from_path_first_then_the_newest_versioned_folder(tmp_path):
    for folder in ("lib/9.6/bin", "lib/15/bin", "lib/13/bin", "path/bin"):
        for tool in ("initdb", "pg_ctl"):
            exe = tmp_path / folder / tool
            exe.parent.mkdir(parents=True, exist_ok=True)
            exe.write_text("#!/bin/sh\n")
            exe.chmod(0o755)
    globs = [str(tmp_path / "lib/*/bin")]
    assert pgserver.find_binaries(str(tmp_path / "path/bin"), globs) == tmp_path / "path/bin"
    assert pgserver.find_binaries(str(tmp_path / "empty"), globs) == tmp_path / "lib/15/bin"
    with pytest.raises(pgserver.NoServer, match="apt-get install postgresql"):
        pgserver.find_binaries(str(tmp_path / "empty"), [str(tmp_path / "none/*/bin")])


def test_a_throwaway_server_starts_answers_and_is_removed():
    try:
        bindir = pgserver.find_binaries()
    except pgserver.NoServer as exc:
        if pgserver.ci():
            pytest.fail(f"{exc} (CI=true: .ci/run installs them)")
        pytest.skip(str(exc))
    server, reasons = pgserver.discover({"LIAISON_TEST_PG": "throwaway"},
                                        start=lambda: pgserver.start_throwaway(bindir))
    assert server is not None, reasons
    folder = None
    try:
        assert server.source == "throwaway"
        print(f"throwaway server: initdb + start took {server.startup_seconds:.2f} s")
        import psycopg

        with psycopg.connect(server.url, autocommit=True) as conn:
            folder = Path(conn.execute("SHOW data_directory").fetchone()[0]).parent
            assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                                ).fetchone() == (True,)
            port = conn.execute("SHOW port").fetchone()[0]
            assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
            assert conn.execute("SHOW unix_socket_directories").fetchone() == (str(folder),)
        assert folder.name.startswith("liaison-pg-") and (folder / "data").is_dir()
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to another user
            assert (folder / "data").stat().st_uid != 0
    finally:
        server.stop()
    assert folder is not None and not folder.exists()
    with pytest.raises(pgserver.NoServer, match="did not answer"):
        pgserver.probe(f"postgresql://postgres@127.0.0.1:{port}/postgres")


def run_pytest(folder: Path, env_extra: dict[str, str], body: str, *args: str):
    """pytest in a child process on one test file, with this checkout's tests/conftest.py loaded
    as a plugin (its fixtures and hooks), and none of this session's LIAISON_/CI settings."""
    (folder / "test_generated.py").write_text(textwrap.dedent(body), encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LIAISON_", "PYTEST_")) and k != "CI"}
    env.update({"PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""), **env_extra})
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p",
                           "no:cacheprovider", "-rsfE", *args, "test_generated.py"],
                          capture_output=True, text=True, cwd=folder, env=env, timeout=120)


@pytest.mark.parametrize("ci", ["", "true"])
def test_no_server_skips_and_under_ci_fails(tmp_path, ci):
    # Only the dead env URL may be tried: no server is reachable.
    proc = run_pytest(tmp_path, {"LIAISON_TEST_PG": "env", "LIAISON_TEST_DATABASE_URL": DEAD_URL,
                                 **({"CI": ci} if ci else {})},
                      """
                      def test_needs_pg(pg_url):
                          assert pg_url
                      """)
    out = proc.stdout + proc.stderr
    assert "no PostgreSQL server for the tests: env: " in out, out
    assert "did not answer" in out, out
    if ci:
        assert proc.returncode == 1, out
        assert "1 error" in out and "CI=true" in out, out
    else:
        assert proc.returncode == 0, out
        assert "1 skipped" in out, out


def test_ctrl_c_stops_and_removes_the_throwaway_server(tmp_path):
    try:
        pgserver.find_binaries()
    except pgserver.NoServer as exc:
        if pgserver.ci():
            pytest.fail(f"{exc} (CI=true: .ci/run installs them)")
        pytest.skip(str(exc))
    (tmp_path / "test_generated.py").write_text(textwrap.dedent("""
        import time, psycopg

        def test_waits(pg_url):
            with psycopg.connect(pg_url) as conn:
                print("DATA", conn.execute("SHOW data_directory").fetchone()[0], flush=True)
            time.sleep(120)
        """), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIAISON_", "PYTEST_"))}
    env.update({"PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
                "LIAISON_TEST_PG": "throwaway"})
    proc = subprocess.Popen([sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p",
                             "no:cacheprovider", "-s", "test_generated.py"], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            # Ctrl-C as a terminal gives it, even when the suite runs in a
                            # background job (whose shell ignores SIGINT, inherited across exec)
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "DATA " in line:
                break
        else:
            pytest.fail("the child never reached its test:\n" + "".join(lines))
        data = Path(line.split("DATA ", 1)[1].strip())
        assert (data / "postmaster.pid").exists()
        pid = int((data / "postmaster.pid").read_text().split()[0])
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        out = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "KeyboardInterrupt" in out, out
    assert not data.parent.exists(), out
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the postmaster outlived the session"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has exited: only its parent (gone, so init) has not reaped it yet
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True
