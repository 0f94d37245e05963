"""add-family, families, show, edit, close and reopen through the CLI, and their JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from liaison_cli.services.app import open_app
from liaison_cli.services.families import show_family
from tests.conftest import LINCOLN, OSMAN, TODAY, config_text, store_snapshot

pytestmark = pytest.mark.both_backends

CONFIG = config_text(liaison="{name: Test Liaison}", schools=(LINCOLN, OSMAN), terms=(), closures=(),
                     extra="lock_timeout: 2\n")
FAMILY_KEYS = {"id", "name", "guardians", "students", "tags"}


@pytest.fixture
def home_ready(home, run):
    assert run("init").exit_code == 0
    (home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    return home


@pytest.fixture
def caseload(home_ready, run):
    cmds = [
        'add-family --name García --guardian "Rosa García:mother" --phone 617-555-0134 --lang es '
        '--student "Ana:3:Lincoln Elementary" --student "Luis:K:LES" --tag newcomer --barrier transport',
        'add-family --name Haddad --guardian "Omar Haddad:father" --lang ar --interpreter '
        '--student "Lina:7:OMS" --tag refugee --tag newcomer --barrier language',
        'add-family --name Nguyễn --home-lang vi --student "Minh:3:Osman Middle School" --tag military',
        'add-family --name Smith --guardian "Jo Smith" --student "Sam:12:LES" --tag housing-insecure',
    ]
    for c in cmds:
        r = run(c)
        assert r.exit_code == 0, (c, r.output)
    return home_ready


def js(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def listed(run, args: str = "") -> list[str]:
    data = js(run(f"families --json {args}"))
    assert isinstance(data, list)
    return [f["id"] for f in data]


def family(home, ref):
    return show_family(open_app(home, TODAY), ref)


def store_bytes(home) -> dict[str, object]:
    return store_snapshot(home)


# --------------------------------------------------------------------------- add-family


def test_add_family_with_every_flag(home_ready, run):
    data = js(run([
        "add-family", "--name", "García", "--guardian", "Rosa García", "--relationship", "mother",
        "--phone", "+16175550134", "--email", "rosa@example.org", "--lang", "Spanish",
        "--interpreter", "--guardian", "Luis García:father:617-555-0199::pt",
        "--student", "Ana:3:Lincoln Elementary:Ms. Park", "--student", "Luis:kg:LES",
        "--tag", "Newcomer", "--tag", "housing insecure", "--barrier", "Transport",
        "--consent", "home-visit:2026-09-14", "--consent", "photos", "--home-lang", "es-MX",
        "--address", "12 Elm St, Boston MA 02134", "--arrival", "2026-08-30",
        "--notes", "Prefers afternoons", "--json",
    ]))
    assert isinstance(data, dict) and FAMILY_KEYS <= set(data)
    assert data["id"] == "F1" and data["name"] == "García"
    assert data["guardians"] == [
        {"name": "Rosa García", "relationship": "mother", "phone": "+16175550134",
         "email": "rosa@example.org", "language": "es", "interpreter": True},
        {"name": "Luis García", "relationship": "father", "phone": "617-555-0199", "email": "",
         "language": "pt", "interpreter": False},
    ]
    assert data["students"] == [
        {"name": "Ana", "grade": "3", "school": "Lincoln Elementary", "teacher": "Ms. Park"},
        {"name": "Luis", "grade": "K", "school": "Lincoln Elementary", "teacher": ""},
    ]
    assert data["tags"] == ["newcomer", "housing-insecure"]
    assert data["barriers"] == ["transport"]
    assert data["consents"] == {"home-visit": "2026-09-14", "photos": "2026-11-20"}
    assert (data["home_language"], data["address"], data["arrival"], data["notes"]) == (
        "es-MX", "12 Elm St, Boston MA 02134", "2026-08-30", "Prefers afternoons")
    assert family(home_ready, "F1").to_dict() == data


def test_add_family_plain_output_names_the_id(home_ready, run):
    r = run("add-family --name García")
    assert r.exit_code == 0
    assert r.stdout.startswith("Added F1 García.")


def test_add_family_refuses_a_likely_duplicate_with_exit_4_unless_forced(home_ready, run):
    # Issue 15.2: the same family typed twice became F1 and F2.
    args = 'add-family --name Morales --guardian "Ana Morales" --phone 617-555-0142'
    assert run(args).exit_code == 0
    before = store_bytes(home_ready)
    r = run(args)
    assert r.exit_code == 4, r.output
    assert "looks like F1," in r.stderr and "--force" in r.stderr
    assert "Morales" not in r.stderr  # the id only, as in every error
    assert r.stderr.count("\n") == 1 and r.stdout == ""
    assert store_bytes(home_ready) == before
    assert js(run(f"{args} --force --json"))["id"] == "F2"


def test_off_a_terminal_a_missing_name_names_the_flag_and_writes_nothing(home_ready, run):
    before = store_bytes(home_ready)
    r = run('add-family --guardian "Rosa García" --lang es', input="García\n")
    assert r.exit_code == 2
    assert "--name" in r.stderr and "Traceback" not in r.output
    assert "Family name" not in r.output  # never prompts
    assert store_bytes(home_ready) == before


@pytest.mark.parametrize("args, says", [
    ("--name X --phone 617-555-0134", "--guardian"),
    ("--name X --guardian Rosa --lang klingon-ish-xx-yy-zz", "--lang"),
    ('--name X --student ":3"', "student needs a name"),
    ('--name X --student "Ana:13"', "Grade"),
    ("--name X --consent tattoos", "Consent"),
    ("--name X --consent photos:yesterday", "2026-09-14"),
    ("--name X --arrival someday", ""),
    ('--name "   "', "--name"),
])
def test_add_family_refuses_bad_values_with_exit_2(home_ready, run, args, says):
    before = store_bytes(home_ready)
    r = run(f"add-family {args}")
    assert r.exit_code == 2, r.output
    assert says in r.stderr
    assert store_bytes(home_ready) == before


# --------------------------------------------------------------------------- families


def test_families_json_contract(caseload, run):
    data = js(run("families --json"))
    assert isinstance(data, list) and len(data) == 4
    for f in data:
        assert isinstance(f, dict) and FAMILY_KEYS <= set(f)
        assert isinstance(f["guardians"], list) and isinstance(f["students"], list)
        assert all(isinstance(t, str) for t in f["tags"])
    assert js(run("families --json --tag nothing")) == []


@pytest.mark.parametrize("args, expected", [
    ("", ["F1", "F2", "F3", "F4"]),
    ("--tag newcomer", ["F1", "F2"]),
    ("--tag newcomer --tag refugee", ["F2"]),
    ("--tag 'Housing Insecure'", ["F4"]),
    ("--lang ar", ["F2"]),
    ("--lang Arabic", ["F2"]),
    ("--lang vi", ["F3"]),
    ("--school LES", ["F1", "F4"]),
    ("--school 'Lincoln Elementary'", ["F1", "F4"]),
    ("--school oms", ["F2", "F3"]),
    ("--grade 3", ["F1", "F3"]),
    ("--grade K", ["F1"]),
    ("--barrier language", ["F2"]),
    ("--interpreter", ["F2"]),
    ("--no-interpreter", ["F1", "F3", "F4"]),
    ("garcia", ["F1"]),
    ("GARCÍA", ["F1"]),
    ("--search nguyen", ["F3"]),
    ("rosa --school LES", ["F1"]),
])
def test_families_filters(caseload, run, args, expected):
    assert listed(run, args) == expected


def test_families_status_filter(caseload, run):
    assert run('close F2 --reason "moved away"').exit_code == 0
    assert listed(run) == ["F1", "F3", "F4"]
    assert listed(run, "--status closed") == ["F2"]
    assert listed(run, "--status all") == ["F1", "F2", "F3", "F4"]
    r = run("families --status gone")
    assert r.exit_code == 2 and "--status" in r.stderr


def test_families_table(caseload, run):
    r = run("families")
    assert r.exit_code == 0
    for text in ("F1", "García", "Rosa García 617-555-0134", "es", "ar (int.)", "Ana (3)", "4 families"):
        assert text in r.stdout
    assert "No families match." in run("families --tag nothing").stdout


def test_families_pages_long_listings(home_ready, run):
    (home_ready / "config.yaml").write_text(CONFIG + "page_size: 2\n", encoding="utf-8")
    for n in ("A", "B", "C"):
        run(f"add-family --name {n}")
    r = run("families")
    assert "Showing 2 of 3 families" in r.stderr
    assert "F3" not in r.stdout
    assert "F3" in run("families --all").stdout
    assert len(js(run("families --json"))) == 3


# --------------------------------------------------------------------------- show


def test_show_json_is_one_object(caseload, run):
    data = js(run("show F1 --json"))
    assert isinstance(data, dict) and FAMILY_KEYS <= set(data)
    assert data["id"] == "F1" and data["name"] == "García"
    assert data["timeline"] == []
    assert js(run("show garcia --json"))["id"] == "F1"  # by name
    assert js(run("show f2 --json"))["id"] == "F2"


def test_show_text(caseload, run):
    r = run("show F2")
    assert r.exit_code == 0
    for text in ("F2  Haddad", "Arabic (ar)", "refugee, newcomer", "Omar Haddad (father)",
                 "needs interpreter", "Lina, grade 7, Osman Middle School", "none on record"):
        assert text in r.stdout, text


def test_a_mistyped_id_suggests_the_near_one(home_ready, run):
    names = ["Smith", "Jones", "Brown", "Lee", "Khan", "Park", "García", "Diallo", "Haddad",
             "Nguyen", "Osman"]
    for n in names:
        assert run(f"add-family --name {n}").exit_code == 0
    r = run("show F77")
    assert r.exit_code == 3
    assert "No family F77. Did you mean F7 (García)?" in r.stderr
    r = run("edit F77 --address x")
    assert r.exit_code == 3 and "Did you mean F7 (García)?" in r.stderr


def test_name_lookup(caseload, run):
    assert js(run("show haddad --json"))["id"] == "F2"
    assert js(run("show 'Nguyen' --json"))["id"] == "F3"  # accents ignored
    r = run("show nobody")
    assert r.exit_code == 3 and "liaison families NAME" in r.stderr and "nobody" not in r.stderr
    run("add-family --name 'García López'")
    r = run("show garc")
    assert r.exit_code == 2 and "F1, F5" in r.stderr
    assert js(run("show garcía --json"))["id"] == "F1"  # the exact name wins


# --------------------------------------------------------------------------- edit


def test_edit_sets_and_unsets_fields(caseload, run):
    r = run('edit F1 --name "García López" --address "12 Elm St" --arrival 2026-08-30 '
            '--notes "Call after 3" --home-lang pt --cadence 2w')
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Updated F1: name, home language, address, arrival, notes, cadence.")
    f = family(caseload, "F1")
    assert (f.name, f.address, f.arrival, f.notes, f.home_language, f.cadence_days) == (
        "García López", "12 Elm St", "2026-08-30", "Call after 3", "pt", 14)
    r = run("edit F1 --unset address --unset arrival --unset notes --unset home-lang --unset cadence --json")
    data = js(r)
    assert (data["address"], data["arrival"], data["notes"], data["home_language"], data["cadence_days"]) == (
        "", "", "", "", None)
    assert "Nothing to change for F1" in run("edit F1").stdout
    r = run("edit F1 --unset name")
    assert r.exit_code == 2 and "--unset" in r.stderr


def test_edit_adds_and_removes_guardian_student_tag_barrier_consent(caseload, run):
    r = run('edit F1 --add-tag refugee --remove-tag newcomer --add-barrier finances '
            '--remove-barrier transport --add-guardian "Luis García:father:617-555-0199" '
            '--set-guardian "Rosa:phone=617-555-0000:interpreter=yes:lang=pt" '
            '--add-student "Eva:PK:LES" --remove-student Luis --consent photos:2026-11-01 --json')
    data = js(r)
    assert data["tags"] == ["refugee"] and data["barriers"] == ["finances"]
    assert [(g["name"], g["phone"], g["language"], g["interpreter"]) for g in data["guardians"]] == [
        ("Rosa García", "617-555-0000", "pt", True), ("Luis García", "617-555-0199", "", False)]
    assert [s["name"] for s in data["students"]] == ["Ana", "Eva"]
    assert data["consents"] == {"photos": "2026-11-01"}
    data = js(run('edit F1 --remove-guardian "Luis García" --withdraw-consent photos --json'))
    assert [g["name"] for g in data["guardians"]] == ["Rosa García"]
    assert data["consents"] == {}


def test_edit_replaces_a_student_and_a_guardian_in_one_edit(caseload, run):
    # Issue 15.1: removals apply before additions, whatever the order on the line.
    data = js(run('edit F1 --remove-student Luis --add-student "Luis:1:LES" '
                  '--add-guardian "Rosa García:aunt" --remove-guardian "Rosa García" --json'))
    assert [(s["name"], s["grade"]) for s in data["students"]] == [("Ana", "3"), ("Luis", "1")]
    assert [(g["name"], g["relationship"]) for g in data["guardians"]] == [("Rosa García", "aunt")]


@pytest.mark.parametrize("args, code, says", [
    ("--remove-tag military", 3, "no tag"),
    ("--remove-guardian Nobody", 3, "no guardian"),
    ("--remove-student Nobody", 3, "no student"),
    ("--withdraw-consent photos", 3, "no photos consent"),
    ('--set-guardian "Rosa:shoe=42"', 2, "--set-guardian"),
    ('--set-guardian "Rosa"', 2, "changes nothing"),
    ("--cadence often", 2, "cadence"),
    ("--arrival someday", 2, ""),
])
def test_edit_refuses_and_writes_nothing(caseload, run, args, code, says):
    before = store_bytes(caseload)
    r = run(f"edit F1 --address changed {args}")
    assert r.exit_code == code, r.output
    assert says in r.stderr
    assert store_bytes(caseload) == before


# --------------------------------------------------------------------------- close and reopen


def test_close_and_reopen(caseload, run):
    r = run('close F2 --reason "moved to Texas"')
    assert r.exit_code == 0 and r.stdout.strip() == "Closed F2."
    data = js(run("show F2 --json"))
    assert (data["status"], data["closed_reason"], data["closed_on"]) == ("closed", "moved to Texas", "2026-11-20")
    assert "closed 2026-11-20" in run("show F2").stdout
    r = run("close F2 --reason again")
    assert r.exit_code == 4 and "reopen F2" in r.stderr
    r = run("reopen F2")
    assert r.exit_code == 0 and r.stdout.strip() == "Reopened F2."
    assert js(run("show F2 --json"))["status"] == "active"
    r = run("reopen F2")
    assert r.exit_code == 4
    before = store_bytes(caseload)
    r = run("close F2")
    assert r.exit_code == 2 and "--reason" in r.stderr
    assert store_bytes(caseload) == before


# --------------------------------------------------------------------------- start-up


def test_families_json_imports_no_jinja2_babel_or_rich(caseload):
    probe = (
        "import sys\n"
        "from liaison_cli.cli import main\n"
        "code = main(['families', '--json'])\n"
        "heavy = ('jinja2', 'babel', 'rich', 'fpdf', 'pydantic')\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines()[-1] == "0 []"
    assert len(json.loads(out.stdout)) == 4


def test_languages_typed_by_name_are_stored_as_codes_and_shown_with_names(app, run):
    r = run(["add-family", "--name", "Tzoc", "--guardian", "Maria Tzoc:mother", "--lang", "Kiche",
             "--home-lang", "K'iche'", "--json"])
    assert r.exit_code == 0, r.stderr
    fid = json.loads(r.stdout)["id"]
    family = js(run(f"show {fid} --json"))
    assert family["home_language"] == "quc" and family["guardians"][0]["language"] == "quc"
    assert run(["edit", fid, "--set-guardian", "Maria Tzoc:lang=quc"]).exit_code == 0
    shown = run(f"show {fid}").stdout
    assert "Home language:  K'iche' (quc)" in shown
    assert "Maria Tzoc (mother) [K'iche' (quc)]" in shown
    assert "(quc)" in shown and "quc (quc)" not in shown
    r = run(["edit", fid, "--home-lang", "Somali language"])
    assert r.exit_code == 2 and "is not a language" in r.stderr


def test_followups_start_up_does_not_load_language_names(caseload):
    probe = (
        "import sys\n"
        "from liaison_cli.cli import main\n"
        "code = main(['followups'])\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('langcodes', 'language_data')), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines()[-1] == "0 []"
