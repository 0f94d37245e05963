"""Every folder liaison creates is 0700 and every file 0600, whatever the umask (issue 10.6):
folder and file names carry surnames and languages."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from liaison_cli.config import ensure_private_dir


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@pytest.fixture(params=[0o000, 0o022], ids=["umask000", "umask022"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def all_under(root: Path) -> tuple[dict[str, int], dict[str, int]]:
    folders = {str(p.relative_to(root)): mode(p) for p in [root, *root.rglob("*")] if p.is_dir()}
    files = {str(p.relative_to(root)): mode(p) for p in root.rglob("*") if p.is_file()}
    return folders, files


def test_init_makes_the_home_and_its_missing_parents_private(umask, tmp_path, run):
    home = tmp_path / "new" / "deeper" / "home"
    r = run(["--home", str(home), "init"])
    assert r.exit_code == 0, r.stderr
    assert mode(tmp_path / "new") == 0o700 and mode(tmp_path / "new" / "deeper") == 0o700
    folders, files = all_under(home)
    assert folders and set(folders.values()) == {0o700}, folders
    assert files and set(files.values()) == {0o600}, files


def test_mail_merge_folder_and_letters_are_private(umask, sample_app, run, tmp_path):
    out = tmp_path / "letters" / "november"
    r = run(["letter", "welcome", "--families", "F1,F2,F3", "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    assert mode(tmp_path / "letters") == 0o700 and mode(out) == 0o700
    files = list(out.iterdir())
    assert len(files) >= 3 and {mode(f) for f in files} == {0o600}
    folders, _ = all_under(sample_app.home)  # backups made by the merge's write
    assert set(folders.values()) == {0o700}, folders


def test_export_folders_are_private(umask, app, run, tmp_path):
    assert run("add-family --name García --guardian Rosa --lang es").exit_code == 0
    r = run("export family F1")
    assert r.exit_code == 0, r.stderr
    exports = app.home / "exports"
    folders, files = all_under(exports)
    assert len(folders) == 2 and set(folders.values()) == {0o700}, folders
    assert len(files) == 2 and set(files.values()) == {0o600}, files
    out = tmp_path / "for-the-parent" / "F1"
    assert run(["export", "family", "F1", "--out", str(out)]).exit_code == 0
    assert mode(tmp_path / "for-the-parent") == 0o700 and mode(out) == 0o700
    assert {mode(f) for f in out.iterdir()} == {0o600}
    csv_out = tmp_path / "families.csv"
    assert run(["export", "csv", "families", "--out", str(csv_out)]).exit_code == 0
    assert mode(csv_out) == 0o600


def test_a_folder_the_user_made_keeps_its_mode(umask, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    os.chmod(mine, 0o750)
    ensure_private_dir(mine, tighten=False)
    assert mode(mine) == 0o750
    ensure_private_dir(mine / "new", tighten=False)
    assert mode(mine / "new") == 0o700 and mode(mine) == 0o750
    ensure_private_dir(mine)  # ours (the home, the store): tightened
    assert mode(mine) == 0o700
