"""Agreement from data: staff gender, kinship, first names, student gender (issue 13, item 2)."""

from __future__ import annotations

import pytest

from liaison_cli.core.persons import (
    first_name,
    group_gender,
    honorific_gender,
    kin_of,
    staff_gender,
)
from liaison_cli.errors import ConfigError, UsageError
from liaison_cli.services import letters as svc
from liaison_cli.services.families import parse_student


@pytest.mark.parametrize("name,gender", [("Mr. Thompson-Hale", "m"), ("Ms. Rivera", "f"),
                                         ("Mrs. Kowalski", "f"), ("Miss Lee", "f"),
                                         ("Dr. Angela Brooks", "x"), ("Mx. Lee", "x"),
                                         ("Jordan Lee", "x"), ("", "x")])
def test_honorific_gives_staff_gender(name, gender):
    assert honorific_gender(name) == gender


def test_explicit_staff_gender_wins():
    assert staff_gender("Dr. Angela Brooks", {"dr. angela brooks": "f"}) == "f"


@pytest.mark.parametrize("rel,kin", [("grandmother", "grandparent"), ("Grandpa", "grandparent"),
                                     ("abuela", "grandparent"), ("mother", "parent"),
                                     ("step-father", "parent"), ("aunt", "other"),
                                     ("foster parent", "other"), ("", "other")])
def test_kin_of_relationship(rel, kin):
    assert kin_of(rel) == kin


def test_first_name_by_naming_order():
    assert first_name("Nguyễn Thị Lan", "given-last") == "Lan"
    assert first_name("Sofía García") == "Sofía"
    assert first_name("王小明") == "小明"
    assert first_name("欧阳娜娜") == "娜娜"


def test_group_gender():
    assert group_gender(["f", "f"]) == "f" and group_gender(["f", "m"]) == "x"
    assert group_gender([]) == "x"


def test_student_spec_takes_an_optional_gender():
    st = parse_student("Nguyễn Thị Lan:6:RMS:Mrs. Kowalski:gender=f")
    assert (st.name, st.grade, st.school, st.teacher, st.gender) == (
        "Nguyễn Thị Lan", "6", "RMS", "Mrs. Kowalski", "f")
    assert parse_student("An:2:gender=x").gender == ""
    with pytest.raises(UsageError, match="gender"):
        parse_student("An:2:gender=q")


def test_old_student_records_read_without_gender():
    from liaison_cli.core.models import Family

    fam = Family.from_dict({"id": "F1", "name": "A", "students": [{"name": "Ana", "grade": "3"}]})
    assert fam.students[0].gender == ""


def test_config_staff_gender_is_validated(tmp_path):
    from liaison_cli.config import parse_config_text

    cfg = parse_config_text('staff_gender: {"Dr. Angela Brooks": f, "Mx. Lee": x}\n', tmp_path)
    assert cfg.staff_gender == {"Dr. Angela Brooks": "f"}
    with pytest.raises(ConfigError, match="staff_gender"):
        parse_config_text('staff_gender: {"Dr. Brooks": maybe}\n', tmp_path)


def test_context_carries_agreement_and_attempts_up_to_the_letter_date(sample_app):
    from letters_family import add_grandmother_family

    fid = add_grandmother_family(sample_app)
    ctx = svc.letter_context(sample_app, svc.LetterOptions(template="tried-to-reach", lang="vi"), fid)
    assert ctx["guardian"]["kin"] == "grandparent"
    assert [s["first_name"] for s in ctx["family"]["students"]] == ["Lan", "Khoa", "An"]
    assert [s["gender"] for s in ctx["family"]["students"]] == ["f", "m", "x"]
    assert [s["teacher_gender"] for s in ctx["family"]["students"]] == ["f", "m", "x"]
    assert ctx["attempts_count"] == 5 and len(ctx["attempts"]) == 3
    assert all(a["date"] <= "2026-11-20" for a in ctx["attempts"])
    assert ctx["attempts_one_month"] is True


def test_event_invite_offers_the_readers_interpreter_and_never_lists_english(sample_app):
    from letters_family import add_grandmother_family

    fid = add_grandmother_family(sample_app)
    for lang, here in (("vi", False), ("es", True), ("ar", True)):
        opts = svc.LetterOptions(template="event-invite", lang=lang, event="E4", dry_run=True)
        ctx = svc.letter_context(sample_app, opts, fid)
        assert ctx["event"]["interpreter_here"] is here
    text = svc.render_letter(sample_app, svc.LetterOptions(
        template="event-invite", lang="vi", event="E4", dry_run=True), fid).content
    assert "tiếng Việt" in text and "Anh" not in text
    en = svc.render_letter(sample_app, svc.LetterOptions(
        template="event-invite", lang="en", event="E4", dry_run=True), fid).content
    assert "English" not in en


def test_letters_name_every_child_and_the_reply_slip_carries_ids(sample_app):
    from letters_family import add_grandmother_family

    fid = add_grandmother_family(sample_app)
    for lang in ("en", "es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs"):
        hv = svc.render_letter(sample_app, svc.LetterOptions(
            template="home-visit", lang=lang, dry_run=True), fid).content
        hv = hv.replace("\u2068", "").replace("\u2069", "")  # right-to-left isolates
        assert all(n in hv for n in ("Lan", "Khoa", "An")), lang
        assert f"({fid})" in hv and "Nguyễn Bảo An" in hv, lang
        tr = svc.render_letter(sample_app, svc.LetterOptions(
            template="tried-to-reach", lang=lang, dry_run=True), fid).content
        assert "24" not in tr.split("\n# ")[1].split("Marisol")[0].replace("2026", ""), lang
        for hedge in ("(a)", "(ة)", "hijo o hija", "filho ou", "Professor(a)"):
            for t in ("welcome", "conference-reminder"):
                opts = svc.LetterOptions(template=t, lang=lang, dry_run=True,
                                         conference_date="2026-12-02", conference_time="3pm",
                                         conference_place="Room 12")
                assert hedge not in svc.render_letter(sample_app, opts, fid).content, (lang, t)
