"""CSV import: column mapping (flags or YAML), dry run, duplicates, malformed rows."""

from __future__ import annotations

import pytest

from liaison_cli.core.models import Guardian
from liaison_cli.errors import UsageError
from liaison_cli.services import families as fam_svc
from liaison_cli.services.imports import ImportProblems, import_csv, parse_mapping

pytestmark = pytest.mark.both_backends

SHEET = (
    "Family,Parent,Phone 1,Language,Child,Grade,School,Tags\r\n"
    "Nguyễn,Thị Nguyễn,617-555-0177,Vietnamese,Minh,K,Lincoln,newcomer\r\n"
    "Haddad,Layla Haddad,(617) 555-0160,ar,Sami,2,Lincoln,\"newcomer, refugee\"\r\n"
    "Pérez,Juan Pérez,617-555-0111,es,Lola,4,,\r\n"
)


def families(app):
    return fam_svc.list_families(app, fam_svc.FamilyFilter(status="all"))


def test_mapping_from_flags(app, tmp_path):
    f = tmp_path / "sheet.csv"
    f.write_text("\ufeff" + SHEET, encoding="utf-8")
    cols = parse_mapping(["name=Family", "guardian=Parent", "phone=Phone 1", "student=Child"], None)
    plan = import_csv(app, f, mapping=cols)
    assert plan.applied and len(plan.new) == 3
    got = {x.name: x for x in families(app)}
    assert got["Nguyễn"].guardians[0].language == "vi" and got["Nguyễn"].home_language == "vi"
    assert got["Haddad"].tags == ["newcomer", "refugee"]
    assert got["Haddad"].students[0].grade == "2" and got["Haddad"].students[0].school == "Lincoln"
    assert got["Pérez"].guardians[0].phone == "617-555-0111"


def test_mapping_from_yaml_and_semicolons(app, tmp_path):
    f = tmp_path / "sheet.csv"
    f.write_text(SHEET.replace(",", ";").replace('"newcomer; refugee"', '"newcomer, refugee"'), encoding="utf-8")
    m = tmp_path / "mapping.yaml"
    m.write_text("name: Family\nguardian: Parent\nphone: Phone 1\nlang: Language\nstudent: Child\n",
                 encoding="utf-8")
    plan = import_csv(app, f, mapping=parse_mapping([], m))
    assert len(plan.new) == 3


def test_dry_run_and_duplicates(app, tmp_path):
    fam_svc.add_family(app, name="Nguyen", guardians=[Guardian("Thi Nguyen", phone="+1 617 555 0177")])
    fam_svc.add_family(app, name="PEREZ", guardians=[Guardian("Juan", phone="999-555-0000")])
    f = tmp_path / "sheet.csv"
    f.write_text(SHEET + "haddad,Layla H.,617.555.0160,ar,Sami,2,,\r\n", encoding="utf-8")
    cols = parse_mapping(["name=Family", "guardian=Parent", "phone=Phone 1", "student=Child"], None)
    dry = import_csv(app, f, mapping=cols, dry_run=True)
    assert not dry.applied
    # Nguyễn = Nguyen (accents, case) with the same phone digits → skipped; Pérez has another phone.
    assert [(c.line, c.changes) for c in dry.skipped] == [(2, ["duplicate of F1"]), (5, ["duplicate of line 3"])]
    assert [c.name for c in dry.new] == ["Haddad", "Pérez"]
    assert len(families(app)) == 2
    plan = import_csv(app, f, mapping=cols)
    assert len(plan.new) == 2 and len(families(app)) == 4


def test_malformed_rows_import_nothing(app, tmp_path):
    f = tmp_path / "sheet.csv"
    f.write_text(SHEET + ",,617-555-0999,es,,,,\r\nLee,Ann Lee,617-555-0100,klingon-ish,,,,\r\n"
                 "Kim,Bo Kim,call me,ko,Jin,14,,\r\n", encoding="utf-8")
    cols = parse_mapping(["name=Family", "guardian=Parent", "phone=Phone 1", "student=Child"], None)
    with pytest.raises(ImportProblems) as err:
        import_csv(app, f, mapping=cols)
    lines = [(p.line, p.message.split()[0]) for p in err.value.problems]
    assert [ln for ln, _ in lines] == [5, 6, 7, 7]
    assert families(app) == []


def test_bad_mappings(app, tmp_path):
    with pytest.raises(UsageError, match="not a field"):
        parse_mapping(["colour=Family"], None)
    with pytest.raises(UsageError, match="FIELD=COLUMN"):
        parse_mapping(["name"], None)
    f = tmp_path / "sheet.csv"
    f.write_text(SHEET, encoding="utf-8")
    with pytest.raises(UsageError, match="no column 'Surname'"):
        import_csv(app, f, mapping={"name": "Surname"})
    f.write_text("A,B\r\n1,2\r\n", encoding="utf-8")
    with pytest.raises(UsageError, match="Which column holds the family name"):
        import_csv(app, f)


def test_headers_that_say_what_they_hold_need_no_mapping(app, tmp_path):
    f = tmp_path / "sheet.csv"
    f.write_text("Family name,Guardian,Phone,Email,Student,Grade\r\n"
                 "Okafor,Chidi Okafor,617-555-0123,chidi@example.com,Ada,1\r\n", encoding="utf-8")
    plan = import_csv(app, f)
    fam = plan.new[0].family
    assert fam.name == "Okafor" and fam.guardians[0].email == "chidi@example.com"
    assert fam.students[0].name == "Ada"
