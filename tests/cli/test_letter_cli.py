"""`liaison letter` and `liaison templates` through the command line; state checked through the
services."""

from __future__ import annotations

import json

import pytest

from liaison_cli.services import audit

pytestmark = pytest.mark.both_backends


@pytest.fixture
def sample(sample_app):
    return sample_app


def contact_count(app) -> int:
    with app.store.read() as s:
        return len(s.contacts.rows())


def test_generic_welcome_pack_in_spanish_exactly_as_written(run, sample):
    before = contact_count(sample)
    r = run("letter welcome --lang es")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Estimada familia:" in out
    assert "# Bienvenidos a nuestra comunidad escolar" in out
    for school in sample.config.schools:
        assert f"## {school.name}" in out
    # the sample's Spanish catalogue translates the supply lists (issue 13), and the grade
    # carries its US name too
    assert "**Kínder (Kindergarten):** una mochila (sin ruedas)" in out
    assert "**12.º grado (Grade 12):** " in out
    with sample.store.read() as s:
        fams = list(s.families.rows().values())
    names = {f["name"] for f in fams} | {g["name"] for f in fams for g in f["guardians"]}
    assert not [n for n in names if n in out]
    # nothing recorded; the one notice says the Spanish translation is still a draft
    assert r.stderr.startswith("This Spanish (es) letter comes from a draft") and "Warning" not in r.stderr
    assert contact_count(sample) == before


def test_a_letter_for_a_family_uses_their_language_and_is_recorded(run, sample):
    log = len(audit.read_log(sample))
    r = run("letter welcome --family F3")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("20 de noviembre de 2026\n\nEstimada María García:\n")
    assert "F3 needs an interpreter" in r.stderr
    assert "Recorded C" in r.stderr
    assert len(audit.read_log(sample)) == log + 1


def test_fallback_is_always_announced_on_stderr(run, sample):
    r = run("letter welcome --family F3 --lang es-MX --dry-run")
    assert r.exit_code == 0
    assert "Warning: There is no" in r.stderr and "(es-MX)" in r.stderr and "Spanish (es)" in r.stderr
    r = run("letter welcome --family F5 --lang ti --dry-run")  # no Tigrinya translation
    assert "Tigrinya (ti)" in r.stderr and "English (en)" in r.stderr
    # It opens with the notice in Tigrinya (and in Somali, F5's own language), then the letter.
    assert r.stdout.startswith("**እዚ ደብዳቤ ኣገዳሲ እዩ።")
    assert "---\n\nNovember 20, 2026\n" in r.stdout
    assert "F5 may not read this letter's language: arrange an interpreter" in r.stderr
    assert "Dry run: nothing was recorded." in r.stderr


def test_lang_auto_without_a_family_is_the_default_language(run, sample):
    r = run("letter welcome --lang auto")
    assert r.exit_code == 0 and "Dear family," in r.stdout


def test_dry_run_records_nothing(run, sample):
    before, log = contact_count(sample), len(audit.read_log(sample))
    r = run("letter home-visit --family F3 --dry-run --format txt")
    assert r.exit_code == 0, r.output
    assert "¿Podemos visitar a su familia en casa?\n=====" in r.stdout
    assert contact_count(sample) == before and len(audit.read_log(sample)) == log


def test_out_file_and_json(run, sample, tmp_path):
    out = tmp_path / "letter.html"
    r = run(["letter", "welcome", "--family", "F3", "--format", "html", "--out", str(out), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["lang"] == "es" and data["family_id"] == "F3" and data["contact_id"].startswith("C")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="es" dir="ltr">' in page


def test_context_shows_the_data_and_records_nothing(run, sample):
    before = contact_count(sample)
    r = run("letter welcome --family F3 --context")
    assert r.exit_code == 0, r.output
    ctx = json.loads(r.stdout)
    assert ctx["family"]["id"] == "F3" and ctx["lang"] == "es" and ctx["greeting"] == "María García"
    assert contact_count(sample) == before


def test_mail_merge_by_tag(run, sample, tmp_path):
    r = run(["letter", "welcome", "--tag", "newcomer", "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "F3-garcia-welcome-es.md" in files
    assert r.stdout.startswith(f"Wrote {len(files)} letters to ")
    assert "Languages: " in r.stdout and "Recorded " in r.stdout
    assert "Interpreter needed for" in r.stdout


@pytest.mark.parametrize("args,code,words", [
    ("letter welcome --format pdf --family F3", 2, "needs --out"),
    ("letter welcome --all", 2, "--out FOLDER"),
    ("letter welcome --family F3 --all --out x", 2, "not both"),
    ("letter nope --family F3", 3, "No letter template 'nope'"),
    ("letter ../../x --family F3", 3, "No letter template '../../x'"),
    ("letter welcome/../../x --family F3", 3, "No letter template"),
    ("letter welcome --family F99", 3, "No family F99"),
    ("letter welcome --family F3 --format docx", 2, "--format 'docx'"),
    ("letter welcome --family F3 --lang klingon!", 2, "not a language"),
    ("letter conference-reminder --family F3", 2, "needs --date"),
    ("letter welcome --family F19", 4, "F19 is closed"),
    ("letter home-visit --family F3 --times tomorrow", 2, "needs a day and a time"),
])
def test_errors_are_one_sentence_with_an_exit_code(run, sample, args, code, words):
    r = run(args)
    assert r.exit_code == code, r.output
    assert r.stderr.startswith("Error: ") and words in r.stderr
    assert "Traceback" not in r.output


def test_templates_table_and_json(run, sample):
    r = run("templates")
    assert r.exit_code == 0, r.output
    assert "welcome" in r.stdout and "master" in r.stdout
    rows = json.loads(run("templates --json").stdout)
    assert {"template", "lang", "status", "master_hash", "current_master_hash"} <= set(rows[0])
    es = next(r for r in rows if (r["template"], r["lang"]) == ("welcome", "es"))
    # The built-in translations are drafts: nobody fluent has signed them off yet.
    assert es["status"] == "draft" and es["master_hash"] == es["current_master_hash"]
    assert "draft" in r.stdout
    r = run("templates welcome")
    assert r.exit_code == 0 and f"English master {es['current_master_hash']}" in r.stdout
    # Every built-in language is there now; a missing one would be named with how to add it.
    assert "Missing:" not in r.stdout


def test_user_template_folder_overrides_and_marks_stale(run, sample, tmp_path):
    folder = tmp_path / "mine" / "welcome"
    folder.mkdir(parents=True)
    (folder / "es.md.j2").write_text(
        "---\ntitle: Hola\nmaster_hash: 000000000000\n---\n¡Hola, {{ family.name }}!\n", encoding="utf-8")
    cfg = sample.home / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        'templates_dir: ""', f'templates_dir: "{tmp_path / "mine"}"'), encoding="utf-8")
    r = run("letter welcome --family F3 --dry-run")
    assert r.stdout == "¡Hola, García!\n"
    r = run("templates --json")
    row = next(r for r in json.loads(r.stdout) if (r["template"], r["lang"]) == ("welcome", "es"))
    assert (row["status"], row["origin"]) == ("stale", "yours")
    r = run("templates")
    assert "STALE*" in r.stdout and "welcome/es: stale" in r.stderr


def test_injection_in_a_user_template_fails_with_exit_8(run, sample, tmp_path):
    folder = tmp_path / "mine" / "welcome"
    folder.mkdir(parents=True)
    (folder / "en.md.j2").write_text(
        "---\ntitle: x\n---\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    cfg = sample.home / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        'templates_dir: ""', f'templates_dir: "{tmp_path / "mine"}"'), encoding="utf-8")
    r = run("letter welcome --lang en")
    assert r.exit_code == 8
    assert "may not do" in r.stderr and "subclasses" not in r.stdout


def test_on_a_terminal_it_offers_to_pick_a_family_first(run, sample, monkeypatch):
    from liaison_cli.cli.render import output

    monkeypatch.setattr(output, "is_terminal", lambda: True)
    r = run("letter welcome --lang es --dry-run", input="F3\n")
    assert r.exit_code == 0, r.output
    assert "Family id for a personal letter (blank for the generic letter)" in r.stdout
    assert "Estimada María García:" in r.stdout
    r = run("letter welcome --lang es", input="\n")
    assert r.exit_code == 0 and "Estimada familia:" in r.stdout


def test_a_referral_names_its_family(run, sample):
    r = run("letter referral-notice --referral R3 --dry-run --lang en")
    assert r.exit_code == 0, r.output
    assert "Dear فریبا احمدی," in r.stdout and "Immigration and benefits legal clinic" in r.stdout


def test_listing_families_does_not_load_the_letter_machinery(sample):
    import subprocess
    import sys

    code = ("import sys; from liaison_cli.cli import main; main(['families', '--json']); "
            "main(['followups', '--json']); "
            "print(sorted(m for m in ('jinja2', 'babel', 'fpdf', 'liaison_cli.letters') if m in sys.modules), "
            "file=sys.stderr)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stderr.strip().splitlines()[-1] == "[]"


def test_out_must_be_a_file_in_an_existing_folder(run, sample, tmp_path):
    r = run(["letter", "welcome", "--family", "F3", "--out", str(tmp_path / "nope" / "x.md")])
    assert r.exit_code == 2 and "does not exist" in r.stderr
    r = run(["letter", "welcome", "--family", "F3", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "is a folder" in r.stderr


def test_a_language_hand_edited_into_the_store_never_renders_a_file_outside(run, sample, tmp_path):
    (tmp_path / "mine" / "welcome").mkdir(parents=True)
    (tmp_path / "evil.md.j2").write_text("---\ntitle: x\n---\nEVIL FILE\n", encoding="utf-8")
    cfg = sample.home / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        'templates_dir: ""', f'templates_dir: "{tmp_path / "mine"}"'), encoding="utf-8")
    # Written into the store unchecked, as a text editor (or psql on a district database) would.
    with sample.store.write() as s:
        guardians = list(s.families.get(3)["guardians"])
        guardians[0] = {**guardians[0], "language": "../../../evil"}  # from mine/welcome/
        s.families.update(3, {"guardians": guardians})
    r = run("letter welcome --family F3 --dry-run")
    assert r.exit_code == 0, r.output
    assert "EVIL" not in r.stdout and "Dear María García," in r.stdout
    assert "language recorded for F3 is not a language code" in r.stderr
    assert "evil" not in r.stderr and "Traceback" not in r.output
    r = run(["letter", "welcome", "--families", "F3", "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    letters = list((tmp_path / "out").iterdir())
    assert not [p for p in letters if "EVIL" in p.read_text(encoding="utf-8")]
    assert [p for p in letters if p.name.endswith("-welcome-en.md")]
    assert "not a language code" in r.stderr


def test_a_template_that_builds_a_huge_letter_fails_with_exit_8(run, sample, tmp_path):
    folder = tmp_path / "mine" / "welcome"
    folder.mkdir(parents=True)
    (folder / "en.md.j2").write_text("---\ntitle: x\n---\n{{ 'a' * 10**9 }}\n", encoding="utf-8")
    cfg = sample.home / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        'templates_dir: ""', f'templates_dir: "{tmp_path / "mine"}"'), encoding="utf-8")
    before = contact_count(sample)
    r = run("letter welcome --lang en --family F1")
    assert r.exit_code == 8, r.output
    assert r.stderr.startswith("Error: Template welcome/en.md.j2 (yours), line 4: rendering stopped")
    assert r.stdout == "" and "Traceback" not in r.output
    assert contact_count(sample) == before
