"""`edit` with several families: tags only, one write, all or nothing."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_backends


def test_edit_tags_on_many_families(run):
    assert run("init").exit_code == 0
    run('add-family --name García --guardian "Rosa García:mother" --lang es')
    run('add-family --name Osman --guardian "Hodan Osman" --lang so --tag newcomer')
    r = run("edit F1 F2 --tag bus")
    assert r.exit_code == 0 and "Updated F1: tag +bus." in r.stdout and "Updated F2: tag +bus." in r.stdout
    r = run("edit F1 F2 F9 --untag bus")
    assert r.exit_code == 3
    r = run("edit F1 F2 --tag x --notes hi")
    assert r.exit_code == 2 and "tags only" in r.stderr
    r = run("edit F2 F1 --untag bus --json")  # F1 kept its tag through the failed runs
    assert r.exit_code == 0
    assert [(f["id"], f["tags"]) for f in json.loads(r.stdout)] == [("F2", ["newcomer"]), ("F1", [])]
    assert "--untag" in run("edit --help").stdout
