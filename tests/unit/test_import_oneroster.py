"""OneRoster 1.1 import: households from shared guardians, re-import keeps the liaison's work,
malformed rows stop everything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from liaison_cli.errors import UsageError
from liaison_cli.services import families as fam_svc
from liaison_cli.services.imports import ImportProblems, import_oneroster, read_oneroster
from tests.conftest import store_snapshot

pytestmark = pytest.mark.both_backends

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "oneroster"


def by_name(app):
    fams = fam_svc.list_families(app, fam_svc.FamilyFilter(status="all"))
    return {f.name: f for f in fams}


def test_households_from_shared_guardians(app):
    plan = import_oneroster(app, FIX / "basic")
    assert plan.applied and len(plan.new) == 4 and not plan.updated
    fams = by_name(app)
    assert set(fams) == {"García", "Nguyễn", "Yusuf", "Baker"}

    garcia = fams["García"]
    assert [g.name for g in garcia.guardians] == ["Rosa García", "Miguel García"]
    assert [(s.name, s.grade, s.school) for s in garcia.students] == [
        ("Ana García", "3", "Lincoln Elementary"), ("Luis García", "5", "Lincoln Elementary")]
    assert garcia.guardians[0].phone == "617-555-0134"
    assert garcia.guardians[0].language == "es"  # "Spanish" in metadata.language
    assert garcia.home_language == "es"
    assert garcia.external_ids["oneroster"] == "g1,g2"

    # Linked only from the guardian's side (agentSourcedIds on g3).
    nguyen = fams["Nguyễn"]
    assert [s.name for s in nguyen.students] == ["Minh Nguyễn"]
    assert nguyen.students[0].grade == "K"
    assert nguyen.guardians[0].relationship == "guardian"

    # Abdi links to Amina and Farah, Hodan to Amina: one household of two guardians.
    yusuf = fams["Yusuf"]
    assert {g.name for g in yusuf.guardians} == {"Amina Yusuf", "Farah Yusuf"}
    assert {s.name for s in yusuf.students} == {"Hodan Yusuf", "Abdi Yusuf"}
    assert yusuf.home_language == "so"
    hodan = next(s for s in yusuf.students if s.name == "Hodan Yusuf")
    assert hodan.school == "Lincoln Elementary"  # the school among its orgs, not the district
    amina = next(g for g in yusuf.guardians if g.name == "Amina Yusuf")
    assert amina.phone == "617-555-0150" and amina.relationship == "relative"  # from sms

    # A student with no guardian is a household of their own; the language from demographics.
    baker = fams["Baker"]
    assert not baker.guardians and baker.students[0].name == "Kai Baker"
    assert baker.home_language == "en"

    # Staff and users marked tobedeleted are not imported.
    text = " ".join(f.search_text() for f in fams.values())
    assert "smith" not in text and "gone" not in text


def test_dry_run_changes_nothing(app, home):
    before = store_snapshot(home)
    plan = import_oneroster(app, FIX / "basic", dry_run=True)
    assert not plan.applied and len(plan.new) == 4
    assert store_snapshot(home) == before


def _add_local_work(app, family_id: str) -> None:
    """Notes, a tag, a consent, a contact and a follow-up, as the liaison would add them."""
    from liaison_cli.services.families import FamilyEdit, edit_family

    edit_family(app, family_id, FamilyEdit(notes="Prefers calls after 5pm", add_tags=["newcomer"],
                                           add_consents={"home-visit": "2026-10-01"}))
    with app.store.write() as s:
        s.contacts.add({"family_id": family_id, "date": "2026-11-02", "kind": "phone",
                        "summary": "Talked about the bus", "outcome": "reached"})
        s.followups.add({"family_id": family_id, "due": "2026-11-25", "action": "Check bus pass",
                         "status": "open"})


def test_reimport_updates_roster_fields_and_keeps_local_work(app):
    import_oneroster(app, FIX / "basic")
    garcia = by_name(app)["García"]
    _add_local_work(app, garcia.id)
    # The liaison also marked Rosa as needing an interpreter and noted Ana's teacher.
    from liaison_cli.services.families import FamilyEdit, edit_family

    edit_family(app, garcia.id, FamilyEdit(set_guardian={"Rosa García": {"interpreter": True}}))

    def note_teacher(f):
        f.students[0].teacher = "Ms. Park"

    fam_svc.update_family(app, garcia.id, note_teacher)

    plan = import_oneroster(app, FIX / "reimport")
    assert [c.name for c in plan.new] == ["Haddad"]
    assert [c.family_id for c in plan.updated] == [garcia.id]
    changes = " | ".join(plan.updated[0].changes)
    assert "617-555-0134 → 617-555-0199" in changes and "grade 3 → 4" in changes

    after = fam_svc.show_family(app, garcia.id)
    rosa = after.guardians[0]
    assert rosa.phone == "617-555-0199"          # from the roster
    assert rosa.interpreter is True              # the liaison's
    assert after.students[0].grade == "4" and after.students[0].teacher == "Ms. Park"
    assert after.students[1].school == "Roosevelt Middle"
    assert after.notes == "Prefers calls after 5pm"
    assert after.tags == ["newcomer"] and after.consents == {"home-visit": "2026-10-01"}
    with app.store.read() as s:
        contacts = list(s.contacts.of_family(garcia.id).values())
        fus = [f for f in s.followups.rows().values() if f["family_id"] == garcia.id]
    assert [c["summary"] for c in contacts] == ["Talked about the bus"]
    assert [f["action"] for f in fus] == ["Check bus pass"]
    # Ids are stable: nobody was duplicated.
    assert len(by_name(app)) == 5

    again = import_oneroster(app, FIX / "reimport")
    assert not again.new and not again.updated and again.unchanged == 5


def test_reimport_matches_by_person_when_guardians_change(app, tmp_path):
    import_oneroster(app, FIX / "basic")
    garcia = by_name(app)["García"]
    # Miguel leaves the roster: the household key changes from "g1,g2" to "g1".
    folder = tmp_path / "roster"
    shutil.copytree(FIX / "basic", folder)
    users = folder / "users.csv"
    lines = [ln for ln in users.read_text(encoding="utf-8").splitlines() if not ln.startswith("g2,")]
    users.write_text("\n".join(lines).replace('"g1,g2"', "g1") + "\n", encoding="utf-8")
    plan = import_oneroster(app, folder)
    assert not plan.new
    assert [c.family_id for c in plan.updated] == [garcia.id]
    after = fam_svc.show_family(app, garcia.id)
    assert [g.name for g in after.guardians] == ["Rosa García"]
    assert after.external_ids["oneroster"] == "g1"


def test_hand_added_family_is_adopted_not_duplicated(app):
    from liaison_cli.core.models import Guardian, Student

    mine = fam_svc.add_family(app, name="Garcia", guardians=[Guardian("Rosa Garcia", phone="(617) 555 0134")],
                              students=[Student("Ana", "3")], notes="met at registration")
    plan = import_oneroster(app, FIX / "basic")
    assert [c.family_id for c in plan.updated] == [mine.id]
    after = fam_svc.show_family(app, mine.id)
    assert after.notes == "met at registration"
    assert [s.name for s in after.students] == ["Ana García", "Luis García"]
    assert len(by_name(app)) == 4


def test_malformed_rows_are_all_reported_and_nothing_is_imported(app, home):
    before = store_snapshot(home)
    with pytest.raises(ImportProblems) as err:
        import_oneroster(app, FIX / "malformed")
    problems = [(p.file, p.line) for p in err.value.problems]
    assert problems == [("users.csv", 15), ("users.csv", 16), ("users.csv", 17), ("users.csv", 18)]
    text = str(err.value)
    assert "users.csv line 15: role 'studnet'" in text
    assert "'g99'" in text and "Klingonese" in text and "nothing was imported" in text
    assert err.value.exit_code == 2
    assert store_snapshot(home) == before
    assert by_name(app) == {}


def test_missing_columns_and_files(tmp_path, app):
    with pytest.raises(UsageError):
        read_oneroster(tmp_path / "nowhere")
    folder = tmp_path / "r"
    folder.mkdir()
    with pytest.raises(ImportProblems, match="users.csv: there is no such file"):
        read_oneroster(folder)
    (folder / "users.csv").write_text("sourcedId,role\nx,student\n", encoding="utf-8")
    with pytest.raises(ImportProblems, match="line 1: has no givenName, familyName columns"):
        read_oneroster(folder)
    (folder / "users.csv").write_bytes(b"sourcedId,role,givenName,familyName\nx,student,Ana,Gar\xe7ia\n")
    with pytest.raises(ImportProblems, match="line 2: is not UTF-8"):
        read_oneroster(folder)


def test_orgs_must_know_every_school(tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(FIX / "basic", folder)
    (folder / "orgs.csv").write_text("sourcedId,name,type\nsch1,Lincoln Elementary,school\n", encoding="utf-8")
    with pytest.raises(ImportProblems) as err:
        read_oneroster(folder)
    assert all("orgSourcedIds names" in p.message for p in err.value.problems)
    assert {p.line for p in err.value.problems} == {7, 9, 10, 11, 12, 13}  # sch2 and dist1


def test_lang_column_option(tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(FIX / "basic", folder)
    households = read_oneroster(folder, lang_column="metadata.language").households
    assert any(h.to_family().home_language == "vi" for h in households)
    with pytest.raises(ImportProblems, match="no column 'metadata.idioma'"):
        read_oneroster(folder, lang_column="metadata.idioma")
