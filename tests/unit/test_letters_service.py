"""services/letters.py: one letter, the generic pack, mail merge, what gets recorded."""

from __future__ import annotations

import copy
import time

import pytest

from liaison_cli.core.models import Contact, Guardian, Student
from liaison_cli.errors import ConflictError, NotFoundError, TemplateError, UsageError
from liaison_cli.sample import ES
from liaison_cli.services import audit, families
from liaison_cli.services import letters as svc

pytestmark = pytest.mark.both_backends

SAMPLE_NAMES_F3 = ("García", "María", "José", "Sofía", "Mateo")


def letter_contacts(app, family_number: int) -> list[dict]:
    with app.store.read() as s:
        return [{**c, "id": f"C{k}"} for k, c in s.contacts.of_family(f"F{family_number}").items()
                if c["kind"] == "letter" and c["family_id"] == f"F{family_number}"]


def all_contacts(app) -> int:
    with app.store.read() as s:
        return len(s.contacts.rows())


def opts(template: str = "welcome", **kw) -> svc.LetterOptions:
    return svc.LetterOptions(template=template, **kw)


# --------------------------------------------------------------------------- one letter


def test_a_letter_for_a_family_records_a_letter_contact_and_a_disclosure(sample_app):
    before = len(audit.read_log(sample_app))
    lt = svc.render_letter(sample_app, opts(), "F3")
    assert (lt.asked, lt.lang, lt.fallback) == ("es", "es", False)  # auto: María reads Spanish
    assert "Estimada María García:" in lt.content
    [c] = [c for c in letter_contacts(sample_app, 3) if c["id"] == lt.contact_id]
    stored = {k: v for k, v in c.items() if k != "id"}
    assert set(stored) == {f for f in Contact.__dataclass_fields__ if f != "id"}
    assert Contact.from_dict(c).to_dict() == c
    assert c["summary"] == "Letter: welcome (es)"
    assert (c["kind"], c["direction"], c["language"], c["guardian"]) == ("letter", "to", "es", "María García")
    assert c["letter"] == {"template": "welcome", "lang": "es", "version": lt.version}
    assert c["date"] == sample_app.today.isoformat()
    log = audit.read_log(sample_app)
    assert len(log) == before + 1
    entry = log[-1]
    assert (entry["what"], entry["to"], entry["records"]) == ("letter", "family F3 (mother)", ["F3"])
    assert entry["why"] == "Welcome pack"
    assert not any(name in str(entry) for name in SAMPLE_NAMES_F3)


def test_dry_run_records_nothing(sample_app):
    contacts, log = all_contacts(sample_app), len(audit.read_log(sample_app))
    lt = svc.render_letter(sample_app, opts(dry_run=True), "F3")
    assert lt.contact_id is None
    assert all_contacts(sample_app) == contacts
    assert len(audit.read_log(sample_app)) == log


def test_auto_language_falls_back_and_says_so(sample_app):
    lt = svc.render_letter(sample_app, opts(dry_run=True), "F2")  # Arabic: no translation yet?
    if lt.fallback:
        assert (lt.asked, lt.lang) == ("ar", "en")
        assert "Arabic (ar)" in svc.fallback_warning(lt) and "English (en)" in svc.fallback_warning(lt)
    lt = svc.render_letter(sample_app, opts(lang="es-MX", dry_run=True), "F3")
    assert (lt.asked, lt.lang, lt.fallback) == ("es-MX", "es", True)
    assert "4:00\u00a0p.m." in svc.render_letter(
        sample_app, opts("home-visit", lang="es-MX", dry_run=True), "F3").content


def hand_edit_family(app, number: int, edit) -> None:
    """Change a family's stored record behind the services' back, unchecked, as a text editor on
    store/families.json (or psql on a district database) would."""
    with app.store.write() as s:
        family = copy.deepcopy(s.families.get(number))
        edit(family)
        s.families.update(number, family)


EVIL = "../../../../../../../../../../../..{}/evil"


@pytest.fixture
def evil_template(tmp_path):
    """A template file outside every templates folder, and the language that would reach it."""
    (tmp_path / "evil.md.j2").write_text("---\ntitle: evil\n---\nEVIL FILE\n", encoding="utf-8")
    return EVIL.format(tmp_path)


def test_a_hand_edited_language_cannot_reach_a_file_outside_the_templates(sample_app, evil_template):
    def guardian_lang(fam):
        fam["guardians"][0]["language"] = evil_template

    hand_edit_family(sample_app, 3, guardian_lang)
    lt = svc.render_letter(sample_app, opts(dry_run=True), "F3")
    assert "EVIL" not in lt.content
    assert (lt.asked, lt.lang, lt.fallback) == ("und", "en", True)
    warning = svc.fallback_warning(lt)
    assert "F3" in warning and "not a language code" in warning and "English (en)" in warning
    assert "evil" not in warning
    lt = svc.render_letter(sample_app, opts("home-visit"), "F3")  # recorded: in English
    assert "EVIL" not in lt.content
    assert letter_contacts(sample_app, 3)[-1]["language"] == "en"


def test_a_hand_edited_home_language_falls_back_in_a_merge(sample_app, evil_template, tmp_path):
    def home_lang(fam):
        fam["guardians"] = [{**g, "language": ""} for g in fam["guardians"]]
        fam["home_language"] = evil_template

    hand_edit_family(sample_app, 3, home_lang)
    summary = svc.mail_merge(sample_app, opts(dry_run=True), svc.Selection(families=["F3", "F1"]),
                             tmp_path / "out")
    assert summary.fallbacks == {"und → en": 1}
    assert not any("EVIL" in p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir())
    assert "not a language code" in svc.merge_fallback_warning("und", "en", 1)


def test_guardian_picks_the_addressee_and_their_language(sample_app):
    fam = families.add_family(sample_app, name="Moreau", guardians=[
        Guardian("Claire Moreau", "mother", language="fr"), Guardian("Luis Moreau", "father", language="es")],
        students=[Student("Léa", "3", "LES")])
    lt = svc.render_letter(sample_app, opts(guardian="luis", dry_run=True), fam.id)
    assert (lt.lang, lt.guardian) == ("es", "Luis Moreau")
    assert "Estimado Luis Moreau:" in lt.content
    with pytest.raises(UsageError, match="does not name one guardian"):
        svc.render_letter(sample_app, opts(guardian="nobody", dry_run=True), fam.id)


def test_generic_welcome_pack_has_no_names_and_every_school_and_grade(sample_app):
    lt = svc.render_letter(sample_app, opts(lang="es"))
    text = lt.content
    assert lt.family_id is None and lt.contact_id is None
    assert "Estimada familia:" in text
    with sample_app.store.read() as s:
        fams = s.families.rows().values()
        names = {f["name"] for f in fams} | {g["name"] for f in fams for g in f["guardians"]} | {
            st["name"] for f in fams for st in f["students"]}
    assert not [n for n in names if n in text]
    for school in sample_app.config.schools:
        assert f"## {school.name}" in text
        assert school.phone in text and school.address in text
        for items in school.supply_lists.values():  # in the sample's Spanish catalogue
            assert all(ES[item] in text for item in items)
    assert sample_app.config.liaison.phone in text and "Hablo inglés y español." in text
    assert lt.english == [] and lt.review == "draft"


def test_a_missing_field_names_the_field_and_the_family(sample_app):
    sample_app.config.liaison.name = ""
    with pytest.raises(TemplateError) as exc:
        svc.render_letter(sample_app, opts(dry_run=True), "F3")
    assert "liaison.name" in str(exc.value) and "config.yaml" in str(exc.value)
    assert "F3" in str(exc.value)


def test_a_student_without_a_teacher_fails_only_where_the_teacher_is_printed(sample_app, tmp_path):
    (tmp_path / "welcome").mkdir()
    (tmp_path / "welcome" / "en.md.j2").write_text(
        "---\ntitle: T\n---\nDear {{ greeting }},\nTeacher: {{ student.teacher }}\n", encoding="utf-8")
    sample_app.config.templates_dir = tmp_path
    fam = families.add_family(sample_app, name="Doe", guardians=[Guardian("Jane Doe", language="en")],
                              students=[Student("Sam", "2", "LES")])
    with pytest.raises(TemplateError) as exc:
        svc.render_letter(sample_app, opts(dry_run=True), fam.id)
    msg = str(exc.value)
    assert "welcome/en.md.j2 (yours), line 5" in msg
    assert "family.students[0].teacher" in msg and fam.id in msg
    assert letter_contacts(sample_app, fam.number) == []


def test_script_in_a_family_name_is_escaped_in_html(sample_app):
    fam = families.add_family(sample_app, name="<script>alert('x')</script>",
                              guardians=[Guardian("<b>Eve</b>", "mother", language="en")],
                              students=[Student("<img src=x onerror=alert(1)>", "K", "LES")])
    html = svc.render_letter(sample_app, opts(fmt="html", dry_run=True), fam.id).content
    assert "<script>" not in html and "<img" not in html and "<b>Eve" not in html
    assert "Dear &lt;b&gt;Eve&lt;/b&gt;," in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    html = svc.render_letter(sample_app, opts("home-visit", fmt="html", dry_run=True), fam.id).content
    assert "<script>" not in html
    assert "Family: &lt;script&gt;alert('x')&lt;/script&gt;" in html


def test_an_injection_in_a_user_template_fails_and_records_nothing(sample_app, tmp_path):
    (tmp_path / "welcome").mkdir()
    (tmp_path / "welcome" / "es.md.j2").write_text(
        "---\ntitle: T\n---\n{{ cycler.__init__.__globals__.os.system('touch PWNED') }}\n",
        encoding="utf-8")
    sample_app.config.templates_dir = tmp_path
    before = all_contacts(sample_app)
    with pytest.raises(TemplateError):
        svc.render_letter(sample_app, opts(), "F3")
    assert not (tmp_path / "PWNED").exists()
    assert all_contacts(sample_app) == before


def test_closed_families_get_no_letters(sample_app):
    with pytest.raises(ConflictError, match="F19 is closed"):
        svc.render_letter(sample_app, opts(), "F19")


def test_template_specific_context(sample_app):
    ctx = svc.letter_context(sample_app, opts("home-visit", times="monday 4pm, 2026-11-25 17:30"), "F3")
    assert ctx["visit_times"] == ["2026-11-23T16:00:00", "2026-11-25T17:30:00"]
    ctx = svc.letter_context(sample_app, opts("home-visit"), "F3")
    assert ctx["visit_times"] == ["2026-11-23T16:00:00", "2026-11-24T16:00:00",
                                  "2026-11-25T16:00:00"]  # school days: Thanksgiving is 26-27
    ctx = svc.letter_context(sample_app, opts("conference-reminder", conference_date="2026-12-02",
                                              conference_time="3:30pm"), "F3")
    assert ctx["conference"]["teacher"] == ctx["family"]["students"][0]["teacher"]
    assert ctx["conference"]["time"] == "15:30:00" and ctx["conference"]["place"] is None
    with pytest.raises(UsageError, match="needs --date"):
        svc.letter_context(sample_app, opts("conference-reminder"), "F3")
    with pytest.raises(UsageError, match="no open referral"):
        svc.letter_context(sample_app, opts("referral-notice"), "F3")
    ctx = svc.letter_context(sample_app, opts("referral-notice"), "F9")
    assert ctx["referral"]["id"] == "R3" and ctx["referral"]["phone"]
    ctx = svc.letter_context(sample_app, opts("event-invite", event="E4"), "F3")
    assert ctx["event"]["id"] == "E4" and ctx["event"]["date"] == "2026-12-01"
    assert ctx["liaison"]["languages"] == ["inglés", "español"]
    assert set(ctx) >= {"lang", "dir", "today", "family", "guardian", "greeting", "school",
                        "schools", "liaison", "supplies", "upcoming_events", "attempts"}
    assert "notes" not in ctx["family"] and "address" not in ctx["family"]


def test_attempts_are_the_failed_contacts_since_the_family_was_last_reached(sample_app):
    from liaison_cli.services.contacts import log_contact

    fam = families.add_family(sample_app, name="Lee", guardians=[Guardian("Min Lee", language="en")])
    log_contact(sample_app, fam.id, kind="phone", note="no answer", when="2026-11-16", outcome="no-answer")
    log_contact(sample_app, fam.id, kind="email", note="bounced", when="2026-11-18", outcome="bounced")
    ctx = svc.letter_context(sample_app, opts("tried-to-reach"), fam.id)
    assert [(a["date"], a["kind"], a["outcome"]) for a in ctx["attempts"]] == [
        ("2026-11-16", "phone", "no-answer"), ("2026-11-18", "email", "bounced")]
    text = svc.render_letter(sample_app, opts("tried-to-reach", dry_run=True), fam.id).content
    assert "- Monday, November 16, 2026: I called." in text
    assert "- Wednesday, November 18, 2026: I sent an email, but it came back." in text


# --------------------------------------------------------------------------- mail merge


def test_merge_writes_one_file_per_family_and_records_all_in_one_go(sample_app, tmp_path):
    log = len(audit.read_log(sample_app))
    before = all_contacts(sample_app)
    ticks = []
    summary = svc.mail_merge(sample_app, opts(), svc.Selection(all_=True), tmp_path / "out",
                             progress=lambda done, total: ticks.append((done, total)))
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "F3-garcia-welcome-es.md" in files and "F10-thompson-welcome-en.md" in files
    assert not any(f.startswith(("F19-", "F41-")) for f in files)  # closed
    assert summary.skipped_closed == ["F19", "F41"]
    assert len(files) == len(summary.letters) == 40
    assert all_contacts(sample_app) == before + 40
    assert ticks[-1] == (40, 40)
    assert summary.languages["es"] >= 1 and summary.languages["en"] >= 1
    assert all(lt.fallback == (lt.asked != lt.lang) for lt in summary.letters)
    new = audit.read_log(sample_app)[log:]
    assert len(new) == 1 and new[0]["what"] == "letter" and len(new[0]["records"]) == 40
    assert (tmp_path / "out" / "F3-garcia-welcome-es.md").stat().st_mode & 0o077 == 0


def test_merge_writes_one_letter_per_language_when_guardians_differ(sample_app, tmp_path):
    fam = families.add_family(sample_app, name="Moreau-Díaz", guardians=[
        Guardian("Claire Moreau", "mother", language="en"), Guardian("Luis Díaz", "father", language="es"),
        Guardian("Ana Díaz", "aunt", language="es")], students=[Student("Léa", "3", "LES")])
    summary = svc.mail_merge(sample_app, opts(), svc.Selection(families=[fam.id]), tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"{fam.id}-moreau-diaz-welcome-en.md", f"{fam.id}-moreau-diaz-welcome-es.md"]
    assert [lt.guardian for lt in summary.letters] == ["Claire Moreau", "Luis Díaz"]
    assert len(letter_contacts(sample_app, fam.number)) == 2  # a new family: only these
    # An explicit language: one letter.
    summary = svc.mail_merge(sample_app, opts(lang="es", dry_run=True), svc.Selection(families=[fam.id]),
                             tmp_path / "one")
    assert len(summary.letters) == 1


def test_merge_by_tag_and_by_event(sample_app, tmp_path):
    s = svc.mail_merge(sample_app, opts(dry_run=True), svc.Selection(tags=["newcomer"]), tmp_path / "a")
    with sample_app.store.read() as ses:
        newcomers = {f"F{k}" for k, f in ses.families.rows().items()
                     if "newcomer" in f["tags"] and f["status"] == "active"}
        invited = {f for f in ses.events.get(4)["invited"]}
    assert {lt.family_id for lt in s.letters} == newcomers
    s = svc.mail_merge(sample_app, opts("event-invite", event="E4", dry_run=True),
                       svc.Selection(event="E4"), tmp_path / "b")
    assert {lt.family_id for lt in s.letters} <= invited
    # each letter prints the event's title, in its language where the sample translates it
    from liaison_cli.services import translations as tr

    for path in (tmp_path / "b").iterdir():
        lang = path.stem.rsplit("-", 1)[-1]
        english = "Middle School Math: How to Help at Home"
        title = tr.load_catalogue(sample_app.home, lang).get("event E4 title", english) or english
        assert title in path.read_text(encoding="utf-8"), path.name


def test_a_merge_that_fails_writes_and_records_nothing(sample_app, tmp_path):
    before = all_contacts(sample_app)
    with pytest.raises(UsageError, match="no open referral"):
        svc.mail_merge(sample_app, opts("referral-notice"), svc.Selection(all_=True), tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert all_contacts(sample_app) == before


@pytest.mark.parametrize("body", [
    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "{{ 'a' * 10**9 }}",
])
def test_a_slow_or_huge_template_stops_a_merge_quickly_and_leaves_nothing(sample_app, tmp_path,
                                                                        body, monkeypatch):
    from liaison_cli.letters import limits

    monkeypatch.setattr(limits, "LETTER_SECONDS", 0.5)
    for lang in ("en", "es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs"):
        (tmp_path / "mine" / "welcome").mkdir(parents=True, exist_ok=True)
        (tmp_path / "mine" / "welcome" / f"{lang}.md.j2").write_text(
            f"---\ntitle: T\n---\nDear {{{{ greeting }}}},\n{body}\n", encoding="utf-8")
    sample_app.config.templates_dir = tmp_path / "mine"
    contacts, log = all_contacts(sample_app), len(audit.read_log(sample_app))
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"welcome/\w+\.md\.j2 \(yours\).*rendering stopped"):
        svc.mail_merge(sample_app, opts(), svc.Selection(all_=True), tmp_path / "out")
    assert time.monotonic() - started < 3
    assert not (tmp_path / "out").exists()
    assert all_contacts(sample_app) == contacts
    assert len(audit.read_log(sample_app)) == log
    with pytest.raises(TemplateError, match="rendering stopped"):
        svc.render_letter(sample_app, opts(), "F3", out=tmp_path / "one.md")
    assert not (tmp_path / "one.md").exists()
    assert all_contacts(sample_app) == contacts


def test_merge_needs_someone_to_write_to(sample_app, tmp_path):
    with pytest.raises(NotFoundError):
        svc.mail_merge(sample_app, opts(), svc.Selection(tags=["no-such-tag"]), tmp_path)


def test_file_names_fold_accents_and_drop_other_scripts():
    from liaison_cli.core.models import Family

    assert svc.merge_file_name(Family("F3", "García"), "welcome", "es", "md") == "F3-garcia-welcome-es.md"
    assert svc.merge_file_name(Family("F4", "陈"), "welcome", "zh", "pdf") == "F4-welcome-zh.pdf"
    assert svc.merge_file_name(Family("F9", "Al-Sayed (السيد)"), "home-visit", "en", "txt") == \
        "F9-al-sayed-home-visit-en.txt"


def test_gender_from_relationship():
    assert [svc.gender_of(r) for r in ("mother", "Step-father", "grandmother", "guardian", "",
                                       "aunt/uncle")] == ["f", "m", "f", "x", "x", "x"]


def test_templates_catalogue(sample_app):
    rows = svc.list_templates(sample_app)
    by = {(r["template"], r["lang"]): r["status"] for r in rows}
    assert by[("welcome", "en")] == "master" and by[("welcome", "es")] == "draft"
    assert {r["template"] for r in rows} == {"welcome", "home-visit", "event-invite",
                                            "conference-reminder", "referral-notice", "tried-to-reach"}
