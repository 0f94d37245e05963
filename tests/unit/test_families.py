"""Families through the services: add, find, filter, edit, close and reopen."""

from __future__ import annotations

import pytest

from liaison_cli.core.models import Guardian, Student, fold
from liaison_cli.errors import ConflictError, LiaisonError, NotFoundError, UsageError
from liaison_cli.services.app import open_app
from liaison_cli.services.families import (
    FamilyEdit,
    FamilyFilter,
    add_family,
    close_family,
    edit_family,
    get_family,
    list_families,
    normalize_grade,
    parse_consent,
    parse_student,
    parse_tag,
    reopen_family,
    show_family,
)
from tests.conftest import LINCOLN, OSMAN, TODAY, config_text

pytestmark = pytest.mark.both_backends

CONFIG = config_text(liaison="{name: Test Liaison}", schools=(LINCOLN, OSMAN), terms=(), closures=())


@pytest.fixture
def fapp(app):
    (app.home / "config.yaml").write_text(CONFIG, encoding="utf-8")
    return open_app(app.home, TODAY)


@pytest.fixture
def caseload(fapp):
    """Four families covering every filter."""
    add_family(fapp, name="García",
               guardians=[Guardian("Rosa García", "mother", "617-555-0134", "rosa@example.org", "es")],
               students=[Student("Ana", "3", "Lincoln Elementary"), Student("Luis", "K", "LES")],
               tags=["newcomer"], barriers=["transport"], consents={"home-visit": "2026-09-14"})
    add_family(fapp, name="Haddad",
               guardians=[Guardian("Omar Haddad", "father", language="ar", interpreter=True)],
               students=[Student("Lina", "7", "Osman Middle School")],
               tags=["refugee", "newcomer"], barriers=["language", "housing"])
    add_family(fapp, name="Nguyễn", home_language="vi",
               students=[Student("Minh", "3", "OMS")], tags=["military"], notes="Dad deployed until May")
    add_family(fapp, name="Smith", guardians=[Guardian("Jo Smith", language="en")],
               students=[Student("Sam", "12", "Lincoln Elementary")], tags=["housing-insecure"])
    return fapp


def ids(families) -> list[str]:
    return [f.id for f in families]


def find(app, **kw) -> list[str]:
    return ids(list_families(app, FamilyFilter(**kw)))


# --------------------------------------------------------------------------- adding


def test_add_family_keeps_every_field(fapp):
    fam = add_family(
        fapp, name="  García  ",
        guardians=[Guardian("Rosa García", "mother", "617-555-0134", "rosa@example.org", "es", True),
                   Guardian("Luis García", "father")],
        students=[Student("Ana", "3", "LES", "Ms. Park")], address="12 Elm St",
        tags=["newcomer", "newcomer", "refugee"], barriers=["transport"],
        consents={"home-visit": "2026-09-14", "photos": "2026-11-20"}, arrival="2026-08-30",
        notes="Prefers afternoons", cadence_days=7, external_ids={"sis": "12345"},
    )
    assert fam.id == "F1"
    got = show_family(fapp, "F1")
    assert got == fam
    assert got.name == "García"  # trimmed
    assert got.home_language == "es"  # from the first guardian with a language
    assert got.tags == ["newcomer", "refugee"]  # duplicates dropped, order kept
    assert got.guardians[0].interpreter and got.interpreter_needed
    assert got.students == [Student("Ana", "3", "LES", "Ms. Park")]
    assert got.consents == {"home-visit": "2026-09-14", "photos": "2026-11-20"}
    assert (got.status, got.cadence_days, got.external_ids) == ("active", 7, {"sis": "12345"})
    assert got.created and got.created == got.updated


def test_ids_are_sequential_and_never_reused(fapp):
    assert [add_family(fapp, name=n).id for n in ("A", "B", "C")] == ["F1", "F2", "F3"]
    with fapp.store.write() as s:  # a family removed by hand (or by `forget`)
        s.families.remove(3)
    assert add_family(fapp, name="D").id == "F4"


def test_add_family_refuses_a_duplicate_unless_forced(fapp):
    # Issue 15.2: the same name, guardian and phone twice gave F1 and F2 without a word.
    add_family(fapp, name="Morales", guardians=[Guardian("Ana Morales", phone="617-555-0142")])
    with pytest.raises(ConflictError, match=r"looks like F1,.*--force"):
        add_family(fapp, name="MORALES", guardians=[Guardian("Ana Morales", phone="(617) 555 0142")])
    with fapp.store.read() as s:
        assert list(s.families.rows()) == ["1"]
    assert add_family(fapp, name="Morales", force=True,
                      guardians=[Guardian("Ana Morales", phone="617-555-0142")]).id == "F2"
    # Another phone is another household; without phones the guardian's name decides.
    assert add_family(fapp, name="Morales", guardians=[Guardian("Ana", phone="617-555-0999")]).id == "F3"
    add_family(fapp, name="Lee", guardians=[Guardian("Bo Lee")])
    with pytest.raises(ConflictError, match="F4"):
        add_family(fapp, name="Lee", guardians=[Guardian("bo lee")])
    assert add_family(fapp, name="Lee", guardians=[Guardian("Kim Lee")]).id == "F5"
    close_family(fapp, "F4", "moved away")
    with pytest.raises(ConflictError, match="reopen F4"):
        add_family(fapp, name="Lee", guardians=[Guardian("Bo Lee")])


def test_add_family_and_import_use_one_duplicate_rule():
    from liaison_cli.services import duplicates, families, imports

    assert imports.is_duplicate is duplicates.is_duplicate
    assert imports.duplicate_key is families.duplicate_key is duplicates.duplicate_key


def test_a_family_needs_a_name(fapp):
    with pytest.raises(UsageError, match="--name"):
        add_family(fapp, name="   ")
    with fapp.store.read() as s:
        assert s.families.rows() == {}


@pytest.mark.parametrize("text, student", [
    ("Ana:3", Student("Ana", "3")),
    ("Ana:grade 3:Lincoln Elementary", Student("Ana", "3", "Lincoln Elementary")),
    ("Luis:kg:LES:Ms. Park", Student("Luis", "K", "LES", "Ms. Park")),
    ("Mia:pre-k", Student("Mia", "PK")),
    ("Omar:03", Student("Omar", "3")),
    ("Zoe", Student("Zoe")),
])
def test_parse_student(text, student):
    assert parse_student(text) == student


@pytest.mark.parametrize("bad", [":3", "Ana:13", "Ana:first"])
def test_parse_student_refuses(bad):
    with pytest.raises(UsageError):
        parse_student(bad)


def test_parse_consent_tag_and_grade():
    assert parse_consent("home-visit", TODAY) == ("home-visit", "2026-11-20")
    assert parse_consent("Photos:2026-09-14", TODAY) == ("photos", "2026-09-14")
    with pytest.raises(UsageError, match="not one of"):
        parse_consent("tattoos", TODAY)
    with pytest.raises(UsageError, match="2026-09-14"):
        parse_consent("photos:14/09/2026", TODAY)
    assert parse_tag("  Housing  Insecure ") == "housing-insecure"
    with pytest.raises(UsageError):
        parse_tag("  ")
    assert normalize_grade("Kindergarten") == "K" and normalize_grade("TK") == "PK"


# --------------------------------------------------------------------------- filters


def test_default_listing_is_active_families_in_id_order(caseload):
    assert find(caseload) == ["F1", "F2", "F3", "F4"]


def test_filter_by_tag_all_of_them(caseload):
    assert find(caseload, tag=["newcomer"]) == ["F1", "F2"]
    assert find(caseload, tag=["newcomer", "refugee"]) == ["F2"]
    assert find(caseload, tag=["nothing"]) == []


def test_filter_by_language_of_home_or_guardian(caseload):
    assert find(caseload, lang="ar") == ["F2"]
    assert find(caseload, lang="vi") == ["F3"]
    assert find(caseload, lang="es") == ["F1"]
    assert find(caseload, lang="es-MX") == ["F1"]  # the base language matches


def test_filter_by_school_name_or_short_code(caseload):
    assert find(caseload, school="Lincoln Elementary") == ["F1", "F4"]
    assert find(caseload, school="LES") == ["F1", "F4"]
    assert find(caseload, school="les") == ["F1", "F4"]
    assert find(caseload, school="OMS") == ["F2", "F3"]
    assert find(caseload, school="osman middle school") == ["F2", "F3"]
    assert find(caseload, school="Nowhere") == []


def test_filter_by_grade_barrier_and_interpreter(caseload):
    assert find(caseload, grade="3") == ["F1", "F3"]
    assert find(caseload, grade="kindergarten") == ["F1"]
    assert find(caseload, grade="grade 12") == ["F4"]
    assert find(caseload, barrier="Housing") == ["F2"]
    assert find(caseload, barrier="transport") == ["F1"]
    assert find(caseload, interpreter=True) == ["F2"]
    assert find(caseload, interpreter=False) == ["F1", "F3", "F4"]


def test_free_text_ignores_accents_and_case(caseload):
    assert find(caseload, text="garcia") == ["F1"]
    assert find(caseload, text="GARCÍA") == ["F1"]
    assert find(caseload, text="nguyen") == ["F3"]
    assert find(caseload, text="deployed") == ["F3"]  # notes
    assert find(caseload, text="617-555-0134") == ["F1"]  # a guardian's phone
    assert find(caseload, text="rosa ana") == ["F1"]  # every word, anywhere
    assert find(caseload, text="rosa lina") == []
    assert fold("Nguyễn") == "nguyen"


def test_filter_by_status(caseload):
    close_family(caseload, "F2", "moved away")
    assert find(caseload) == ["F1", "F3", "F4"]
    assert find(caseload, status="closed") == ["F2"]
    assert find(caseload, status="all") == ["F1", "F2", "F3", "F4"]
    assert find(caseload, status="all", tag=["refugee"]) == ["F2"]


# --------------------------------------------------------------------------- finding one


@pytest.fixture
def twelve(fapp):
    names = ["Smith", "Jones", "Brown", "Lee", "Khan", "Park", "García", "Diallo", "Haddad",
             "Nguyen", "Osman", "Joseph"]
    for n in names:
        add_family(fapp, name=n)
    return fapp


def test_a_mistyped_id_suggests_the_near_one(twelve):
    with twelve.store.read() as s:
        with pytest.raises(NotFoundError) as exc:
            get_family(s, "F77")
        assert str(exc.value) == "No family F77. Did you mean F7 (García)?"
        # A dropped or doubled key first, then a neighbouring number; two at most.
        with pytest.raises(NotFoundError, match=r"No family F13\. Did you mean F3 \(Brown\) or F1 \(Smith\)\?"):
            get_family(s, "F13")
        with pytest.raises(NotFoundError, match="Run `liaison families` to see the ids"):
            get_family(s, "F500")


def test_ids_in_any_spelling_and_names(twelve):
    with twelve.store.read() as s:
        assert get_family(s, "F7").name == "García"
        assert get_family(s, "f7").name == "García"
        assert get_family(s, "7").name == "García"
        assert get_family(s, "garcia").id == "F7"  # accents and case ignored
        assert get_family(s, "hadd").id == "F9"  # an unambiguous part of a name
        with pytest.raises(UsageError, match=r"2 families match that name \(F2, F12\)"):
            get_family(s, "jo")
        with pytest.raises(NotFoundError, match="liaison families NAME"):
            get_family(s, "zed")
        with pytest.raises(LiaisonError):
            get_family(s, "   ")


# --------------------------------------------------------------------------- editing


def test_edit_sets_and_unsets_fields(caseload):
    fam, changed = edit_family(caseload, "F1", FamilyEdit(
        name="García López", address="12 Elm St", arrival="2026-08-30", notes="Call after 3",
        home_language="pt", cadence_days=14))
    assert changed == ["name", "home language", "address", "arrival", "notes", "cadence"]
    got = show_family(caseload, "F1")
    assert (got.name, got.address, got.arrival, got.notes, got.home_language, got.cadence_days) == (
        "García López", "12 Elm St", "2026-08-30", "Call after 3", "pt", 14)
    assert got.updated >= got.created
    _, changed = edit_family(caseload, "F1", FamilyEdit(address="", arrival="", notes="",
                                                          home_language="", clear_cadence=True))
    got = show_family(caseload, "F1")
    assert (got.address, got.arrival, got.notes, got.home_language, got.cadence_days) == ("", "", "", "", None)
    _, changed = edit_family(caseload, "F1", FamilyEdit())
    assert changed == []
    with pytest.raises(UsageError):
        edit_family(caseload, "F1", FamilyEdit(name=" "))


def test_edit_adds_and_removes_guardians_students_tags_barriers_consents(caseload):
    e = FamilyEdit(
        add_tags=["refugee"], remove_tags=["newcomer"], add_barriers=["finances"],
        remove_barriers=["transport"], add_guardians=[Guardian("Luis García", "father", "617-555-0199")],
        set_guardian={"rosa": {"phone": "617-555-0000", "interpreter": True}},
        add_students=[Student("Eva", "PK", "LES")], remove_students=["Luis"],
        add_consents={"photos": "2026-11-20"}, remove_consents=["home-visit"],
    )
    _, changed = edit_family(caseload, "F1", e)
    assert "tag +refugee" in changed and "consent home-visit withdrawn" in changed
    got = show_family(caseload, "F1")
    assert got.tags == ["refugee"] and got.barriers == ["finances"]
    assert [(g.name, g.phone, g.interpreter) for g in got.guardians] == [
        ("Rosa García", "617-555-0000", True), ("Luis García", "617-555-0199", False)]
    assert [s.name for s in got.students] == ["Ana", "Eva"]
    assert got.consents == {"photos": "2026-11-20"}
    edit_family(caseload, "F1", FamilyEdit(remove_guardians=["Luis García"]))
    assert [g.name for g in show_family(caseload, "F1").guardians] == ["Rosa García"]


@pytest.mark.parametrize("edit, says", [
    (FamilyEdit(remove_tags=["military"]), "no tag"),
    (FamilyEdit(remove_barriers=["health"]), "no barrier"),
    (FamilyEdit(remove_guardians=["Nobody"]), "no guardian"),
    (FamilyEdit(remove_students=["Nobody"]), "no student"),
    (FamilyEdit(remove_consents=["photos"]), "no photos consent"),
    (FamilyEdit(set_guardian={"Nobody": {"phone": "1"}}), "no guardian"),
])
def test_edit_refuses_what_is_not_there_and_changes_nothing(caseload, edit, says):
    before = show_family(caseload, "F1")
    with pytest.raises(NotFoundError, match=says):
        edit_family(caseload, "F1", FamilyEdit(address="changed", add_tags=["x"],
                                               **{k: v for k, v in vars(edit).items() if v}))
    assert show_family(caseload, "F1") == before


def test_removals_apply_before_additions_so_a_person_can_be_replaced(caseload):
    # Issue 15.1: the new Luis was taken for a second match of the Luis being removed.
    e = FamilyEdit(add_students=[Student("Luis", "1", "LES")], remove_students=["Luis"],
                   add_guardians=[Guardian("Rosa García", "mother", "617-555-0111")],
                   remove_guardians=["Rosa García"],
                   add_tags=["newcomer"], remove_tags=["newcomer"])
    _, changed = edit_family(caseload, "F1", e)
    got = show_family(caseload, "F1")
    assert [(s.name, s.grade) for s in got.students] == [("Ana", "3"), ("Luis", "1")]
    assert [(g.name, g.phone) for g in got.guardians] == [("Rosa García", "617-555-0111")]
    assert got.tags == ["newcomer"]
    assert changed.index("student removed") < changed.index("student added")


def test_two_guardians_matching_is_ambiguous(caseload):
    edit_family(caseload, "F1", FamilyEdit(add_guardians=[Guardian("Rosa María García")]))
    with pytest.raises(NotFoundError, match="more than one guardian"):
        edit_family(caseload, "F1", FamilyEdit(remove_guardians=["rosa"]))


# --------------------------------------------------------------------------- close and reopen


def test_close_and_reopen(caseload):
    fam = close_family(caseload, "F2", "  moved to Texas ")
    assert (fam.status, fam.closed_reason, fam.closed_on) == ("closed", "moved to Texas", "2026-11-20")
    assert show_family(caseload, "F2").status == "closed"
    with pytest.raises(ConflictError, match="already closed"):
        close_family(caseload, "F2", "again")
    fam = reopen_family(caseload, "F2")
    assert (fam.status, fam.closed_reason, fam.closed_on) == ("active", "", "")
    with pytest.raises(ConflictError, match="already active"):
        reopen_family(caseload, "F2")
    with pytest.raises(UsageError, match="--reason"):
        close_family(caseload, "F2", "  ")
    assert show_family(caseload, "F2").status == "active"
