"""import, export, forget, audit, encrypt and decrypt through the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest

from liaison_cli.services import families as fam_svc
from tests.conftest import store_snapshot

both_backends = pytest.mark.both_backends

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "oneroster"


def names(app) -> list[str]:
    return [f.name for f in fam_svc.list_families(app, fam_svc.FamilyFilter(status="all"))]


@both_backends
def test_import_oneroster_dry_run_then_real(app, run):
    r = run(f"import oneroster {FIX / 'basic'} --dry-run")
    assert r.exit_code == 0, r.output
    assert "Would add Nguyễn" in r.stdout and "Dry run: 4 new" in r.stderr
    assert names(app) == []
    r = run(f"import oneroster {FIX / 'basic'} --json")
    data = orjson.loads(r.stdout)
    assert data["applied"] and data["new"] == 4
    assert sorted(names(app)) == ["Baker", "García", "Nguyễn", "Yusuf"]
    r = run(f"import oneroster {FIX / 'reimport'} --dry-run")
    assert "617-555-0134 → 617-555-0199" in r.stdout and "Would add Haddad" in r.stdout


@both_backends
def test_import_malformed_reports_lines_and_no_family_data(app, run, home):
    before = store_snapshot(home)
    r = run(f"import oneroster {FIX / 'malformed'}")
    assert r.exit_code == 2
    assert "users.csv line 15" in r.stderr and "users.csv line 18" in r.stderr
    assert "nothing was imported" in r.stderr
    for secret in ("Rosa", "García", "617-555"):
        assert secret not in r.stderr
    assert store_snapshot(home) == before


@both_backends
def test_import_csv_with_map_and_mapping_file(app, run, tmp_path):
    sheet = tmp_path / "f.csv"
    sheet.write_text("Family,Parent,Phone 1,Language\r\nPérez,Juan Pérez,617-555-0111,es\r\n"
                     "PEREZ,Juan Perez,(617) 555-0111,es\r\n", encoding="utf-8")
    r = run(["import", "csv", str(sheet), "--map", "name=Family", "--map", "guardian=Parent",
             "--map", "phone=Phone 1", "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "Would add line 2: Pérez" in r.stdout and "Skipped line 3" in r.stdout
    mapping = tmp_path / "m.yaml"
    mapping.write_text("name: Family\nguardian: Parent\nphone: Phone 1\n", encoding="utf-8")
    r = run(["import", "csv", str(sheet), "--mapping", str(mapping)])
    assert r.exit_code == 0 and names(app) == ["Pérez"]
    r = run(["import", "csv", str(sheet), "--map", "colour=Family"])
    assert r.exit_code == 2 and "not a field" in r.stderr


def _family(app, name="Nguyễn", phone="617-555-0177"):
    from liaison_cli.core.models import Guardian

    return fam_svc.add_family(app, name=name, guardians=[Guardian(f"Thị {name}", phone=phone)])


@both_backends
def test_export_csv_json_and_ics(app, run, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    f = _family(app)
    _family(app, "=cmd|' /C calc'!A0", "+1 555 0100")
    with app.store.write() as s:
        s.followups.add({"family_id": f.id, "due": "2026-11-25", "action": "Call back",
                         "status": "open"})
    r = run("export csv families")
    assert r.exit_code == 0
    raw = r.stdout_bytes
    assert not raw.startswith(b"\xef\xbb\xbf")  # a pipe gets no byte-order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[1]["name"].startswith("'=") and rows[1]["guardian_1_phone"] == "+1 555 0100"
    out = tmp_path / "fu.json"
    r = run(f"export json followups --out {out} --to principal --why 'weekly report'")
    assert r.exit_code == 0 and r.stdout == "" and "Wrote 1" in r.stderr
    assert orjson.loads(out.read_bytes())[0]["action"] == "Call back"
    assert (out.stat().st_mode & 0o777) == 0o600
    r = run("export ics")
    cal = icalendar.Calendar.from_ical(r.stdout_bytes)
    (uid,) = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert uid.startswith("followup-1-") and uid.endswith("@liaison")
    r = run("export csv letters")
    assert r.exit_code == 2 and "families, contacts" in r.stderr
    r = run("audit --json")
    whats = [e["what"] for e in orjson.loads(r.stdout)]
    assert whats == ["export csv families", "export json followups", "export ics"]


@both_backends
def test_export_family_and_audit(app, run, home):
    f = _family(app)
    r = run(f"export family {f.id}")
    assert r.exit_code == 0, r.output
    folder = home / "exports" / f"{f.id}-2026-11-20"
    assert (folder / f"family-{f.id}.md").exists() and (folder / f"family-{f.id}.json").exists()
    r = run(f"audit --family {f.id}")
    assert r.exit_code == 0 and "export family" in r.stdout
    r = run("audit verify")
    assert r.exit_code == 0 and "intact: 1 entries" in r.stdout


# JSON-only: it tampers with the home folder's audit.log (a district database's log is a table
# its roles may only append to).
def test_audit_verify_names_a_tampered_line(app, run, home):
    f = _family(app)
    assert run(f"export family {f.id}").exit_code == 0
    log = home / "audit.log"
    data = bytearray(log.read_bytes())
    data[30] ^= 0x01
    log.write_bytes(bytes(data))
    r = run("audit verify")
    assert r.exit_code == 6 and "line 1" in r.stderr and "Traceback" not in r.output


@both_backends
def test_forget_needs_confirmation(app, run, home, monkeypatch):
    f = _family(app)
    keep = _family(app, "Haddad", "617-555-0160")
    before = store_snapshot(home)
    r = run(f"forget {f.id}")
    assert r.exit_code == 2 and "--yes" in r.stderr
    assert store_snapshot(home) == before
    from liaison_cli.cli.render import output

    with monkeypatch.context() as m:
        m.setattr(output, "is_terminal", lambda: True)
        r = run(f"forget {f.id}", input="n\n")
        assert r.exit_code == 10 and store_snapshot(home) == before
        r = run(f"forget {f.id}", input="y\n")
        assert r.exit_code == 0, r.output
        assert f"Forgot {f.id}" in r.stdout
    assert names(app) == ["Haddad"]
    r = run(f"forget {keep.id} --yes --json")
    assert orjson.loads(r.stdout)["removed"] == {"families": 1}
    r = run(f"show {f.id}")
    assert r.exit_code == 3
    r = run("audit --json")
    assert [e["what"] for e in orjson.loads(r.stdout)] == ["forgotten", "forgotten"]


# JSON-only: encryption at rest is the home folder's store files (the [pg] refusal is below).
def test_encrypt_and_decrypt(app, run, home):
    pytest.importorskip("cryptography")
    _family(app)
    r = run("encrypt")
    assert r.exit_code == 9 and "LIAISON_PASSPHRASE" in r.stderr  # off a terminal, no passphrase
    pw = {"LIAISON_PASSPHRASE": "a long passphrase"}
    r = run("encrypt", env=pw)
    assert r.exit_code == 0, r.output
    assert "Encrypted" in r.stdout
    r = run("families --json")
    assert r.exit_code == 9 and "encrypted" in r.stderr
    r = run("families --json", env={"LIAISON_PASSPHRASE": "not the one at all"})
    assert r.exit_code == 9 and "The passphrase is wrong" in r.stderr
    r = run("families --json", env=pw)
    assert r.exit_code == 0 and orjson.loads(r.stdout)[0]["name"] == "Nguyễn"
    r = run("encrypt", env=pw)
    assert r.exit_code == 0 and "already encrypted" in r.stdout
    r = run("decrypt", env=pw)
    assert r.exit_code == 0 and "Decrypted" in r.stdout
    r = run("families --json")
    assert r.exit_code == 0
    r = run("decrypt")  # nothing left to decrypt: a no-op, as `encrypt` is on an encrypted store
    assert r.exit_code == 0 and "already decrypted" in r.stdout and "nothing to do" in r.stdout


@pytest.mark.parametrize("backend", ["pg"], indirect=True)
@pytest.mark.parametrize("command", ["encrypt", "decrypt"])
def test_encrypt_on_a_district_database_says_why_not(app, run, home, command):
    _family(app)
    before = store_snapshot(home)
    r = run(command, env={"LIAISON_PASSPHRASE": "a long passphrase"})
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"`liaison {command}` is for a personal JSON store" in r.stderr
    assert "ask its administrator" in r.stderr
    assert store_snapshot(home) == before
