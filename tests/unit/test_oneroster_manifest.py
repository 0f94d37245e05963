"""OneRoster manifests, deltas, zips and --school (issue 15: 6 and 11)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from liaison_cli.errors import UsageError
from liaison_cli.services import families as fam_svc
from liaison_cli.services.imports import ImportProblems, import_oneroster

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "oneroster"


def by_name(app):
    return {f.name: f for f in fam_svc.list_families(app, fam_svc.FamilyFilter(status="all"))}


def store_files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((home / "store").glob("*.json"))}


def zipped(folder: Path, to: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, prefix + f.name)
    return to


def test_a_delta_changes_only_what_it_lists(app):
    import_oneroster(app, FIX / "basic")
    before = by_name(app)
    plan = import_oneroster(app, FIX / "delta")
    after = by_name(app)
    garcia = after["García"]
    # Miguel and Ana are not in the delta: they stay. Luis is tobedeleted; Pablo is new.
    assert [g.name for g in garcia.guardians] == ["Rosa García", "Miguel García"]
    assert [s.name for s in garcia.students] == ["Ana García", "Pablo García"]
    assert garcia.guardians[0].phone == "617-555-0199"
    assert "oneroster:s2" not in garcia.external_ids and "oneroster:s8" in garcia.external_ids
    changes = " | ".join(c for ch in plan.updated for c in ch.changes)
    assert "guardian removed" not in changes
    assert "student removed (tobedeleted in the roster): Luis García" in changes
    # A delta demographics row for someone imported before updates their language only.
    farah = next(g for g in after["Yusuf"].guardians if g.name == "Farah Yusuf")
    assert farah.language == "ar"
    for name in ("Nguyễn", "Baker"):
        assert after[name].to_dict() == before[name].to_dict()
    assert not plan.new and len(after) == 4


def test_manifest_mismatches_are_problems(app, home, tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(FIX / "delta", folder)
    (folder / "manifest.csv").write_text("propertyName,value\noneroster.version,3.0\n"
                                         "file.users,delta\nfile.orgs,bulk\n", encoding="utf-8")
    before = store_files(home)
    with pytest.raises(ImportProblems) as err:
        import_oneroster(app, folder)
    text = str(err.value)
    assert "oneroster.version '3.0'" in text and "orgs.csv is bulk" in text
    assert store_files(home) == before
    (folder / "manifest.csv").write_text("propertyName,value\nfile.users,absent\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no users.csv"):
        import_oneroster(app, folder)


def test_a_bulk_manifest_is_a_full_roster(app, tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(FIX / "basic", folder)
    (folder / "manifest.csv").write_text(
        "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\n"
        "file.orgs,bulk\nfile.demographics,absent\nfile.classes,absent\n", encoding="utf-8")
    (folder / "demographics.csv").write_text("nonsense\n", encoding="utf-8")  # absent: not read
    plan = import_oneroster(app, folder)
    assert len(plan.new) == 4


def test_the_zip_a_sis_exports_is_read(app, tmp_path):
    z = zipped(FIX / "basic", tmp_path / "roster.zip", prefix="export-2026-11/")
    plan = import_oneroster(app, z)
    assert plan.applied and len(plan.new) == 4
    assert by_name(app)["García"].students[0].school == "Lincoln Elementary"
    plan = import_oneroster(app, zipped(FIX / "delta", tmp_path / "delta.zip"))
    assert [s.name for s in by_name(app)["García"].students] == ["Ana García", "Pablo García"]


@pytest.mark.parametrize("bad", ["../users.csv", "/etc/users.csv", "a/../../users.csv", "C:/x/users.csv"])
def test_a_zip_with_an_unsafe_path_is_refused(app, home, tmp_path, bad):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(bad, (FIX / "basic" / "users.csv").read_bytes())
    before = store_files(home)
    with pytest.raises(UsageError, match="unsafe path"):
        import_oneroster(app, z)
    assert store_files(home) == before
    assert not (tmp_path.parent / "users.csv").exists()


def test_a_zip_bomb_is_refused(app, tmp_path, monkeypatch):
    from liaison_cli.services.imports import oneroster_files as oneroster

    monkeypatch.setattr(oneroster, "ZIP_MAX_FILE", 1000)
    monkeypatch.setattr(oneroster, "ZIP_MAX_TOTAL", 2000)
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("users.csv", "sourcedId,role,givenName,familyName\n" + "x" * 5000)
    with pytest.raises(UsageError, match="unpacks to more than"):
        import_oneroster(app, z)


def test_households_without_guardian_and_other_schools_are_counted(app):
    plan = import_oneroster(app, FIX / "basic", dry_run=True)
    text = " ".join(plan.warnings)
    assert "1 new household has no parent or guardian" in text and "Roosevelt Middle (1)" in text
    assert "6 students are at schools not in config.yaml" in text
    assert "Lincoln Elementary (4)" in text
    summary = plan.summary()
    assert summary["households_without_guardian"] == 1
    assert summary["students_at_other_schools"] == {"Lincoln Elementary": 4, "Roosevelt Middle": 2}


def _with_schools(app, home):
    from liaison_cli.services.app import open_app

    cfg = home / "config.yaml"
    text = cfg.read_text(encoding="utf-8").replace(
        "  - name: My School\n    short: MS\n",
        "  - name: Lincoln Elementary\n    short: LIN\n  - name: Roosevelt Middle\n    short: RMS\n")
    cfg.write_text(text, encoding="utf-8")
    return open_app(home, app.today)


def test_school_limits_the_import(app, home):
    app = _with_schools(app, home)
    plan = import_oneroster(app, FIX / "basic", schools=["LIN"])
    fams = by_name(app)
    assert set(fams) == {"García", "Nguyễn", "Yusuf"}  # Baker is at Roosevelt only
    assert [s.name for s in fams["Yusuf"].students] == ["Hodan Yusuf"]  # Abdi is at Roosevelt
    assert not plan.warnings and plan.summary()["households_left_out"] == 1
    # A later import for both schools adds Abdi; one for Lincoln alone does not remove him.
    import_oneroster(app, FIX / "basic", schools=["Roosevelt Middle", "LIN"])
    assert len(by_name(app)["Yusuf"].students) == 2
    plan = import_oneroster(app, FIX / "basic", schools=["lin"])
    assert len(by_name(app)["Yusuf"].students) == 2 and not plan.updated
    with pytest.raises(UsageError, match="'Hogwarts' is not a school in config.yaml .LIN, RMS."):
        import_oneroster(app, FIX / "basic", schools=["Hogwarts"])


def test_cli_takes_school_and_a_zip(app, run, tmp_path):
    import json

    z = zipped(FIX / "basic", tmp_path / "r.zip")
    r = run(f"import oneroster {z} --dry-run --json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["households_without_guardian"] == 1
    r = run(f"import oneroster {z} --dry-run")
    assert "no parent or guardian" in r.stderr and "schools not in config.yaml" in r.stderr
    r = run(f"import oneroster {z} --school Nowhere")
    assert r.exit_code == 2 and "not a school in config.yaml" in r.stderr
