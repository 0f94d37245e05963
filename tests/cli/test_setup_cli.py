"""init, paths and restore through the CLI."""

from __future__ import annotations

import json

import pytest


def js(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def store_bytes(home) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes()
            for d in ("store", "backups") for p in sorted((home / d).rglob("*")) if p.is_file()}


def names(run) -> list[str]:
    return [f["name"] for f in js(run("families --json --status all"))]


# --------------------------------------------------------------------------- init and paths


def test_init_writes_a_commented_config_and_an_empty_store(home, run):
    r = run("init")
    assert r.exit_code == 0, r.output
    assert f"Home folder: {home}" in r.stdout and f"Wrote {home / 'config.yaml'}" in r.stdout
    text = (home / "config.yaml").read_text(encoding="utf-8")
    assert text.startswith("# liaison configuration.")
    assert (home / "store" / "meta.json").exists()
    assert js(run("families --json")) == []
    # A second init keeps the config and the store.
    (home / "config.yaml").write_text(text + "# mine\n", encoding="utf-8")
    run("add-family --name García")
    r = run("init")
    assert r.exit_code == 0 and f"Kept {home / 'config.yaml'}" in r.stdout
    assert (home / "config.yaml").read_text(encoding="utf-8").endswith("# mine\n")
    assert names(run) == ["García"]


def test_commands_before_init_say_to_run_it(home, run):
    r = run("families --json")
    assert r.exit_code == 3
    assert "liaison init" in r.stderr


def test_paths(home, run):
    run("init")
    info = js(run("paths --json"))
    assert info["home"] == str(home)
    assert info["config"] == str(home / "config.yaml")
    assert info["store"] == str(home / "store")
    assert info["backups"] == str(home / "backups")
    assert info["templates"]
    r = run("paths")
    assert r.exit_code == 0
    lines = {line.split()[0]: line.split()[-1] for line in r.stdout.splitlines()}
    assert lines["config"] == str(home / "config.yaml") and lines["store"] == str(home / "store")


def test_init_sample_loads_a_caseload_once(home, run):
    pytest.importorskip("liaison_cli.sample")
    r = run("init --sample")
    assert r.exit_code == 0, r.output
    fams = js(run("families --json"))
    assert len(fams) >= 30
    langs = {f["home_language"].split("-")[0] for f in fams if f["home_language"]}
    assert len(langs) >= 6
    before = store_bytes(home)
    r = run("init --sample")
    assert r.exit_code == 4 and "--force" in r.stderr
    assert store_bytes(home) == before


# --------------------------------------------------------------------------- restore


@pytest.fixture
def three(home, run):
    run("init")
    for n in ("García", "Nguyen", "Haddad"):
        assert run(f"add-family --name {n}").exit_code == 0
    return home


def test_restore_list(three, run):
    rows = js(run("restore --list --json"))
    assert isinstance(rows, list) and len(rows) == 3
    assert [r["families"] for r in rows] == [2, 1, 0]  # newest first: before Haddad, …
    for row in rows:
        assert set(row) == {"name", "taken", "families", "open_followups", "damaged"}
        assert row["taken"].startswith(row["name"][:10])
    r = run("restore --list")
    assert r.exit_code == 0
    for row in rows:
        assert row["name"] in r.stdout
    assert "Restore one with `liaison restore NAME`" in r.stderr
    assert run("restore").stdout == r.stdout  # no backup named: the list


def test_restore_and_undo_it(three, run):
    before_haddad = js(run("restore --list --json"))[0]["name"]
    r = run(f"restore {before_haddad} --yes")
    assert r.exit_code == 0, r.output
    assert f"Restored {before_haddad}" in r.stdout
    assert names(run) == ["García", "Nguyen"]
    undo = js(run("restore --list --json"))[0]
    assert undo["families"] == 3
    assert run(f"restore {undo['name']} --yes").exit_code == 0
    assert names(run) == ["García", "Nguyen", "Haddad"]
    assert len(js(run("restore --list --json"))) == 5


def test_restore_needs_yes_off_a_terminal_and_a_real_backup(three, run):
    before = store_bytes(three)
    name = js(run("restore --list --json"))[0]["name"]
    r = run(f"restore {name}", input="y\n")
    assert r.exit_code == 2 and "--yes" in r.stderr
    for bad in ("nothing-here", "../store", ".hidden"):
        r = run(["restore", bad, "--yes"])
        assert r.exit_code == 3, (bad, r.output)
        assert "restore --list" in r.stderr
    assert store_bytes(three) == before


def test_restore_list_with_no_backups(home, run):
    run("init")
    r = run("restore --list")
    assert r.exit_code == 0 and "No backups yet" in r.stdout
    assert js(run("restore --list --json")) == []
