"""letters.py: front matter, lookup and fallback, the Markdown subset, formatting, the sandbox."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from liaison_cli import letters
from liaison_cli.errors import NotFoundError, TemplateError
from liaison_cli.letters import (
    Formatter,
    Library,
    Renderer,
    body_hash,
    keep_line_breaks,
    markdown_to_html,
    markdown_to_text,
    parse_markdown,
    split_front_matter,
    tidy,
    value,
)

HEAD = "---\ntitle: T\ntranslator: ''\nreviewer: ''\nreview_date: ''\n---\n"


def write(folder: Path, name: str, body: str, head: str = HEAD) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + body, encoding="utf-8")
    return path


def render(body: str, context: dict | None = None, *, lang: str = "en", fmt: str = "md",
           tmp_path: Path | None = None, name: str = "t") -> str:
    folder = tmp_path or Path("/nonexistent")
    write(folder, f"{name}/{lang}.{fmt}.j2", body)
    lib = Library([(folder, "yours")])
    tf = lib.load(name, lang, fmt)
    ctx = {"lang": lang, **(context or {})}
    return Renderer().render(tf, ctx, who="family F3")


# --------------------------------------------------------------------------- front matter


def test_front_matter_is_read_as_text_and_the_body_line_counted():
    meta, body, line = split_front_matter(
        "---\ntitle: \"Reminder: conference\"\nmaster_hash: 0123456789ab\nreview_date: 2026-11-02\n---\nHello\n",
        "x/es.md.j2")
    assert meta == {"title": "Reminder: conference", "master_hash": "0123456789ab",
                    "review_date": "2026-11-02"}
    assert body == "Hello\n"
    assert line == 6


@pytest.mark.parametrize("text,words", [
    ("Hello\n", "does not start with a front-matter block"),
    ("---\ntitle: x\nHello\n", "not closed"),
    ("---\nmaster-hash: x\n---\nHi\n", "unknown front-matter key `master-hash`"),
    ("---\ntitle: [a, b]\n---\nHi\n", "must be text"),
    ("---\ntitle: : :\n  - x\n---\nHi\n", "front matter"),
])
def test_bad_front_matter_names_the_file_and_the_problem(text, words):
    with pytest.raises(TemplateError) as exc:
        split_front_matter(text, "welcome/fr.md.j2")
    assert words in str(exc.value)


def test_the_master_hash_ignores_trailing_spaces_and_edge_blank_lines():
    assert body_hash("Hello\nworld\n") == body_hash("\nHello   \nworld\n\n\n")
    assert body_hash("Hello\nworld\n") != body_hash("Hello\nWorld\n")
    assert len(body_hash("x")) == 12


# --------------------------------------------------------------------------- lookup


def test_user_files_override_builtins_file_by_file(tmp_path):
    builtin, mine = tmp_path / "builtin", tmp_path / "mine"
    write(builtin, "welcome/en.md.j2", "built-in en\n")
    write(builtin, "welcome/es.md.j2", "built-in es\n")
    write(mine, "welcome/es.md.j2", "my es\n")
    write(mine, "field-trip/en.md.j2", "trip\n")
    lib = Library([(mine, "yours"), (builtin, "built-in")])
    assert lib.names() == ["welcome", "field-trip"]
    assert lib.load("welcome", "es", "md").body == "my es\n"
    assert lib.load("welcome", "es", "md").origin == "yours"
    assert lib.load("welcome", "en", "md").body == "built-in en\n"


def test_fallback_goes_region_then_language_then_default_then_english(tmp_path):
    write(tmp_path, "welcome/en.md.j2", "en\n")
    write(tmp_path, "welcome/es.md.j2", "es\n")
    write(tmp_path, "welcome/fr.md.j2", "fr\n")
    lib = Library([(tmp_path, "built-in")])
    r = lib.resolve("welcome", "es-MX", "md")
    assert (r.asked, r.lang, r.fallback) == ("es-MX", "es", True)
    assert lib.resolve("welcome", "es", "md").fallback is False
    assert lib.resolve("welcome", "so", "md", default="fr").lang == "fr"
    assert lib.resolve("welcome", "so", "md").lang == "en"


def test_an_explicit_html_template_wins_over_the_derived_one(tmp_path):
    write(tmp_path, "welcome/en.md.j2", "md\n")
    write(tmp_path, "welcome/en.html.j2", "<p>html</p>\n")
    lib = Library([(tmp_path, "built-in")])
    assert lib.resolve("welcome", "en", "html").derived is False
    assert lib.resolve("welcome", "en", "txt").derived is True
    assert lib.resolve("welcome", "en", "pdf").file.fmt == "md"


def test_unknown_template_and_traversal_are_not_found(tmp_path):
    write(tmp_path, "welcome/en.md.j2", "x\n")
    lib = Library([(tmp_path, "built-in")])
    for bad in ("nope", "../welcome", "welcome/../../etc"):
        with pytest.raises(NotFoundError, match="the templates are welcome"):
            lib.check_name(bad)


@pytest.mark.parametrize("lang", ["../../outside/x", "../outside/x", "/tmp/x", "en/../../outside/x",
                                  "EN", "e", "en-", "en_US", "x" * 40, "en\x00"])
def test_a_language_that_is_not_a_tag_finds_no_file_and_falls_back(tmp_path, lang):
    templates, outside = tmp_path / "templates", tmp_path / "outside"
    write(templates, "welcome/en.md.j2", "master\n")
    write(outside, "x.md.j2", "outside\n")
    lib = Library([(templates, "built-in")])
    assert lib.load("welcome", lang, "md") is None
    r = lib.resolve("welcome", lang, "md")
    assert (r.lang, r.file.body) == ("en", "master\n")


def test_a_template_name_or_format_that_is_not_ours_finds_no_file(tmp_path):
    write(tmp_path, "templates/welcome/en.md.j2", "master\n")
    write(tmp_path, "x/en.md.j2", "outside\n")
    write(tmp_path, "templates/welcome/en.yaml.j2", "not a format\n")
    lib = Library([(tmp_path / "templates", "built-in")])
    assert lib.load("../x", "en", "md") is None
    assert lib.load("welcome", "en", "yaml") is None
    assert lib.files("../x") == {}


def test_a_file_linked_from_outside_the_templates_folder_is_not_read(tmp_path):
    templates, outside = tmp_path / "templates", tmp_path / "outside"
    write(templates, "welcome/en.md.j2", "master\n")
    write(outside, "fr.md.j2", "outside\n")
    (templates / "welcome" / "fr.md.j2").symlink_to(outside / "fr.md.j2")
    (templates / "linked").symlink_to(outside, target_is_directory=True)
    lib = Library([(templates, "built-in")])
    assert lib.load("welcome", "fr", "md") is None
    assert lib.resolve("welcome", "fr", "md").lang == "en"
    assert ("fr", "md") not in lib.files("welcome")
    assert lib.load("linked", "fr", "md") is None
    # A templates folder that is itself reached through a link works as before.
    (tmp_path / "via-link").symlink_to(templates, target_is_directory=True)
    assert Library([(tmp_path / "via-link", "yours")]).load("welcome", "en", "md").body == "master\n"


def test_catalogue_marks_master_ok_stale_missing_and_error(tmp_path):
    master = write(tmp_path, "welcome/en.md.j2", "Hello {{ lang }}\n")
    h = body_hash("Hello {{ lang }}\n")
    write(tmp_path, "welcome/es.md.j2", "Hola\n", head=f"---\ntitle: Hola\nmaster_hash: {h}\n---\n")
    write(tmp_path, "welcome/fr.md.j2", "Bonjour\n", head="---\ntitle: B\nmaster_hash: 000000000000\n---\n")
    write(tmp_path, "welcome/pt.md.j2", "Olá\n", head="---\ntitle: O\n---\n")
    write(tmp_path, "welcome/vi.md.j2", "Xin chào\n", head="---\nbad key: 1\n---\n")
    rows = {r["lang"]: r for r in Library([(tmp_path, "built-in")]).catalogue()}
    assert rows["en"]["status"] == "master"
    assert rows["es"]["status"] == "draft"  # no reviewer recorded yet
    assert rows["fr"]["status"] == "stale" and h in rows["fr"]["problem"]
    assert rows["pt"]["status"] == "stale"
    assert rows["vi"]["status"] == "error"
    assert rows["ar"]["status"] == "missing"
    master.write_text(HEAD + "Hello again {{ lang }}\n", encoding="utf-8")
    rows = {r["lang"]: r for r in Library([(tmp_path, "built-in")]).catalogue()}
    assert rows["es"]["status"] == "stale"


def test_catalogue_tells_draft_reviewed_and_stale_apart(tmp_path):
    write(tmp_path, "welcome/en.md.j2", "Hello\n")
    h = body_hash("Hello\n")
    write(tmp_path, "welcome/es.md.j2", "Hola\n", head=(
        f"---\ntitle: Hola\ntranslator: Ana Torres\nreviewer: Luis Méndez\n"
        f"review_date: 2026-11-02\nmaster_hash: {h}\n---\n"))
    # a reviewer without the date of the review is not a review yet
    write(tmp_path, "welcome/fr.md.j2", "Bonjour\n", head=(
        f"---\ntitle: B\ntranslator: x\nreviewer: Y\nmaster_hash: {h}\n---\n"))
    write(tmp_path, "welcome/pt.md.j2", "Olá\n", head=(
        "---\ntitle: O\nreviewer: Z\nreview_date: 2026-01-05\nmaster_hash: 000000000000\n---\n"))
    rows = {r["lang"]: r["status"] for r in Library([(tmp_path, "built-in")]).catalogue()}
    assert (rows["en"], rows["es"], rows["fr"], rows["pt"]) == ("master", "reviewed", "draft", "stale")


# --------------------------------------------------------------------------- rendering


def test_a_tag_alone_on_its_line_vanishes_and_a_line_ending_in_a_tag_keeps_its_break(tmp_path):
    body = ("Address: x\n{% if phone %}\nPhone: {{ phone }}\n{% endif %}\n"
            "- a{% if b %} b{% endif %}\n- c\n")
    assert render(body, {"phone": "1", "b": True}, tmp_path=tmp_path) == "Address: x\nPhone: 1\n- a b\n- c\n"
    assert render(body, {"phone": "", "b": False}, tmp_path=tmp_path) == "Address: x\n- a\n- c\n"


def test_keep_line_breaks_only_touches_lines_with_text():
    src = "{% if a %}\nx {% endif %}\n{% endif %}{% endfor %}\ny {% endif -%}\n"
    assert keep_line_breaks(src) == "{% if a %}\nx {% endif +%}\n{% endif %}{% endfor %}\ny {% endif -%}\n"


def test_a_missing_field_stops_the_letter_naming_the_field_family_and_line(tmp_path):
    ctx = {"s": {"name": "Ana", "teacher": value("", "family.students[0].teacher", "family F3")}}
    assert render("{% if s.teacher %}T{% endif %}{{ s.teacher|default('your teacher') }}\n", ctx,
                  tmp_path=tmp_path) == "your teacher\n"
    with pytest.raises(TemplateError) as exc:
        render("Hello\n\nTeacher: {{ s.teacher }}\n", ctx, tmp_path=tmp_path)
    msg = str(exc.value)
    assert "t/en.md.j2" in msg and "line 9" in msg  # 6 lines of front matter + 3
    assert "family.students[0].teacher" in msg and "family F3" in msg
    assert "Ana" not in msg  # no family data beyond the id


def test_an_unknown_name_and_none_fail_instead_of_printing_blanks(tmp_path):
    with pytest.raises(TemplateError, match="'greting' is undefined"):
        render("Dear {{ greting }},\n", {"greeting": "Rosa"}, tmp_path=tmp_path)
    with pytest.raises(TemplateError, match="empty"):
        render("Dear {{ greeting }},\n", {"greeting": None}, tmp_path=tmp_path)
    with pytest.raises(TemplateError, match="has no attribute 'name'"):
        render("Dear {{ guardian.name }},\n", {"guardian": None}, tmp_path=tmp_path)


@pytest.mark.parametrize("payload", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('echo pwned').read() }}",
    "{{ lipsum.__globals__['os'].system('echo pwned') }}",
    "{{ namespace() }}",
    "{{ family.__class__ }}",
    "{% set x = family.update({'name': 'x'}) %}{{ x }}",
    "{{ family.pop('name') }}",
    "{% include 'welcome/en.md.j2' %}",
    "{% for i in range(10**9) %}{% endfor %}",
    "{{ self.__init__.__globals__ }}",
    "{{ date.__globals__ }}",
])
def test_template_injection_fails_and_does_not_execute(tmp_path, payload, capfd):
    with pytest.raises(TemplateError):
        render(payload + "\n", {"family": {"name": "García"}}, tmp_path=tmp_path)
    out, err = capfd.readouterr()
    assert "pwned" not in out + err


@pytest.mark.parametrize("payload", [
    "{{ 'a' * 10**9 }}",
    "{{ ['x' * 999999] * 1000 }}",
    "{{ 2 ** 10000000 }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'.center(10**9) }}",
    "{{ 'x'.ljust(10**9, '-') }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ 'ab'|replace('', 'x' * 999999) }}",
    "{{ range(9999)|join('x' * 999999) }}",
    "{{ ('x' * 999999)|indent(1000) }}",
    "{{ [1]|batch(10**9, 'x')|list }}",
    "{{ [1]|slice(10**9)|list|length }}",
    "{% set s = 'x' * 999999 %}{% set s = s ~ s %}{{ s|length }}",
    "{% set s = 'x' * 999999 %}{{ (s + s)|length }}",
    "{{ range(9999)|map('center', 99999)|list|length }}",
    "{% for i in range(10000) %}{{ 'x' * 999 }}{% endfor %}",
    "{{ range(10**9)|length }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
])
def test_a_template_cannot_build_a_huge_value(tmp_path, payload):
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"^Template t/en.md.j2 \(yours\).*(rendering stopped|fix)"):
        render(payload + "\n", tmp_path=tmp_path)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("payload", [
    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{% for i in range(10000) %}{{ range(10000)|sum }}{% endfor %}",
])
def test_a_template_that_runs_too_long_is_stopped(tmp_path, payload, monkeypatch):
    monkeypatch.setattr(letters.limits, "LETTER_SECONDS", 0.3)
    started = time.monotonic()
    with pytest.raises(TemplateError) as exc:
        render(payload + "\n", tmp_path=tmp_path)
    assert time.monotonic() - started < 1.5
    assert "t/en.md.j2 (yours)" in str(exc.value) and "longer than 0.3 seconds" in str(exc.value)
    assert "family F3" in str(exc.value)


def test_a_run_of_slow_letters_is_stopped_early(tmp_path, monkeypatch):
    write(tmp_path, "t/en.md.j2", "{% for i in range(10000) %}{% for j in range(10) %}"
                                  "{% endfor %}{% endfor %}x\n")
    lib = Library([(tmp_path, "yours")])
    renderer = Renderer()
    assert renderer.render(lib.load("t", "en", "md"), {"lang": "en"}, who="family F1") == "x\n"
    renderer._spent = 10.0  # as if each letter so far had taken seconds
    with pytest.raises(TemplateError, match="letters took longer than .* seconds together"):
        renderer.render(lib.load("t", "en", "md"), {"lang": "en"}, who="family F2")
    renderer.new_run()
    assert renderer.render(lib.load("t", "en", "md"), {"lang": "en"}, who="family F1") == "x\n"


def test_ordinary_arithmetic_repetition_and_formatting_still_work(tmp_path):
    body = ("{{ '-' * 3 }} {{ 2 ** 10 }} {{ '%5s|' % 'ab' }} {{ '{:>4}|'.format('a') }} "
            "{{ [1, 2] + [3] }} {{ 'a' ~ 'b' }} {{ range(3)|join(',') }} {{ 'a b'|replace(' ', '_') }} "
            "{{ 'x'|center(5) }}| {{ [[1], [2]]|sum(start=[]) }} {{ 'a'.ljust(3, '.') }}\n"
            "{% for i in range(3) %}{{ i }}{% endfor %}\n")
    assert render(body, tmp_path=tmp_path) == (
        "--- 1024    ab|    a| [1, 2, 3] ab 0,1,2 a_b   x  | [1, 2] a..\n012\n")


def test_syntax_errors_name_the_line(tmp_path):
    with pytest.raises(TemplateError, match=r"t/en.md.j2 \(yours\), line 9: .*fix the template"):
        render("a\nb\n{% if %}\n", tmp_path=tmp_path)


def test_html_templates_are_autoescaped(tmp_path):
    out = render("<p>{{ family.name }}</p>\n", {"family": {"name": "<script>alert(1)</script>"}},
                 fmt="html", tmp_path=tmp_path)
    assert out == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_values_with_latin_text_are_isolated_in_right_to_left_letters(tmp_path):
    out = render("العنوان: {{ a }} {{ b }}\n", {"a": "1200 Maple Avenue", "b": "سارة"}, lang="ar",
                 tmp_path=tmp_path)
    assert out == "العنوان: \u20681200 Maple Avenue\u2069 سارة\n"
    assert render("{{ a }}\n", {"a": "1200 Maple Avenue"}, tmp_path=tmp_path) == "1200 Maple Avenue\n"


def test_compiled_templates_follow_edits(tmp_path):
    assert render("one\n", tmp_path=tmp_path) == "one\n"
    assert render("two\n", tmp_path=tmp_path) == "two\n"


# --------------------------------------------------------------------------- formatting


D = dt.date(2026, 11, 23)


@pytest.mark.parametrize("lang,long,full,time", [
    ("en", "November 23, 2026", "Monday, November 23, 2026", "4:00\u00a0PM"),
    ("es", "23 de noviembre de 2026", "lunes, 23 de noviembre de 2026", "4:00\u00a0p.m."),
    ("ar", "23 نوفمبر 2026", "الاثنين، 23 نوفمبر 2026", "4:00 م"),
    ("vi", "ngày 23 tháng 11 năm 2026", "Thứ Hai, ngày 23 tháng 11 năm 2026", "16:00"),
    ("zh", "2026年11月23日", "2026年11月23日星期一", "下午4:00"),
    ("ht", "23 novanm 2026", "lendi 23 novanm 2026", "4:00\u00a0PM"),
    ("fr", "23 novembre 2026", "lundi 23 novembre 2026", "16\u00a0h"),
    ("pt", "23 de novembro de 2026", "segunda-feira, 23 de novembro de 2026", "16:00"),
    ("so", "23 Noofeembar 2026", "Isniin, 23 Noofeembar 2026", "4:00\u00a0galabnimo"),
    ("prs", "۲۳ نومبر ۲۰۲۶", "دوشنبه ۲۳ نومبر ۲۰۲۶", "۱۶:۰۰"),
])
def test_dates_and_times_in_each_letter_language(lang, long, full, time):
    f = Formatter(lang)
    assert f.date(D) == long
    assert f.weekday_date(dt.datetime(2026, 11, 23, 16, 0)) == full
    assert f.time(dt.time(16, 0)) == time == f.time("16:00")
    assert "\u202f" not in f.time(dt.time(16, 0))


def test_french_times_and_the_first_of_the_month():
    f = Formatter("fr")
    assert f.time(dt.time(18, 30)) == "18\u00a0h\u00a030"
    assert f.time(dt.time(9, 5)) == "9\u00a0h\u00a005"
    assert f.date(dt.date(2026, 12, 1)) == "1er décembre 2026"
    assert f.weekday_date(dt.date(2026, 12, 1)) == "mardi 1er décembre 2026"
    assert f.date(dt.date(2026, 12, 11)) == "11 décembre 2026"
    assert f.date(dt.date(2031, 12, 21)) == "21 décembre 2031"


@pytest.mark.parametrize("hour,minute,text", [
    (7, 45, "早上7:45"), (10, 0, "上午10:00"), (12, 15, "中午12:15"), (17, 30, "下午5:30"),
    (19, 0, "晚上7:00"),
])
def test_chinese_times_say_the_part_of_the_day(hour, minute, text):
    assert Formatter("zh").time(dt.time(hour, minute)) == text


@pytest.mark.parametrize("hour,text", [
    (8, "8:00\u00a0subaxnimo"), (12, "12:00\u00a0galabnimo"), (17, "5:00\u00a0galabnimo"),
    (19, "7:00\u00a0fiidnimo"), (22, "10:00\u00a0habeennimo"),
])
def test_somali_times_say_the_part_of_the_day_in_words(hour, text):
    f = Formatter("so")
    assert f.time(dt.time(hour, 0)) == text
    assert "GD" not in f.time(dt.time(17, 30)) and "GH" not in f.time(dt.time(9, 0))


def test_dari_dates_and_times_use_persian_digits_unless_turned_off():
    on, off = Formatter("prs"), Formatter("prs", persian_digits=False)
    thursday = dt.date(2026, 11, 19)
    assert on.weekday_date(thursday) == "پنج\u200cشنبه ۱۹ نومبر ۲۰۲۶"  # with its ZWNJ
    assert off.weekday_date(thursday) == "پنج\u200cشنبه 19 نومبر 2026"
    assert on.time(dt.time(17, 30)) == "۱۷:۳۰" and off.time(dt.time(17, 30)) == "17:30"
    assert Formatter("ar").date(D) == "23 نوفمبر 2026"  # Arabic letters keep 0-9


@pytest.mark.parametrize("lang,grade,text", [
    ("en", "3", "Grade 3"), ("en", "K", "Kindergarten"), ("en", "PK", "Pre-K"),
    ("fr", "3", "3e année (Grade 3)"), ("fr", "1", "1re année (Grade 1)"),
    ("fr", "K", "maternelle (Kindergarten)"),
    ("es", "1", "1.er grado (Grade 1)"), ("es", "2", "2.º grado (Grade 2)"),
    ("pt", "12", "12º ano (Grade 12)"), ("ht", "1", "premye ane (Grade 1)"),
    ("vi", "3", "lớp 3 (Grade 3)"), ("so", "3", "Fasalka 3aad (Grade 3)"),
    ("zh", "3", "三年级（Grade 3）"), ("zh", "PK", "幼儿园中班（Pre-K）"),
    ("ar", "3", "الصف الثالث (\u2068Grade 3\u2069)"),
    ("prs", "11", "صنف یازدهم (\u2068Grade 11\u2069)"),
    ("de", "3", "Grade 3"),  # a language without a table: the US name
])
def test_a_grade_shows_the_us_grade_beside_the_local_name(lang, grade, text):
    assert Formatter(lang).grade(grade) == text


def test_a_grade_can_start_a_line_and_a_wrong_one_is_refused(tmp_path):
    assert Formatter("fr").grade("K", cap=True) == "Maternelle (Kindergarten)"
    assert render("{{ '3'|grade(true) }}\n", lang="vi", tmp_path=tmp_path) == "Lớp 3 (Grade 3)\n"
    with pytest.raises(TemplateError, match=r"\|grade needs PK, K or 1 to 12"):
        render("{{ '13'|grade }}\n", tmp_path=tmp_path)


def test_a_grade_in_a_right_to_left_letter_is_isolated_once(tmp_path):
    out = render("{{ '3'|grade }}\n", lang="ar", tmp_path=tmp_path)
    assert out == "الصف الثالث (\u2068Grade 3\u2069)\n"


def test_french_typography_puts_no_break_spaces_before_double_punctuation(tmp_path):
    body = ("Quand: {{ t|time }}, à l'école !\nPourquoi? Venez; merci!!\n**Lieu:** «salle 12»\n"
            "Horaires: {{ hours }}\n")
    out = render(body, {"t": dt.time(18, 0), "hours": "7:45 to 3:30"}, lang="fr",
                 tmp_path=tmp_path)
    assert out == ("Quand\u00a0: 18\u00a0h, à l'école\u202f!\nPourquoi\u202f? Venez\u202f; "
                   "merci\u202f!!\n**Lieu\u00a0:** «\u00a0salle 12\u00a0»\n"
                   "Horaires\u00a0: 7:45 to 3:30\n")
    # The same letter in Spanish is left alone.
    assert "\u00a0:" not in render("Cuándo: {{ 1 }}!\n", lang="es", tmp_path=tmp_path)


def test_french_typography_in_an_html_template_spares_tags_and_entities(tmp_path):
    out = render('<p style="color:red">École: {{ x }}?</p>\n', {"x": "A & l'B"}, lang="fr",
                 fmt="html", tmp_path=tmp_path)
    assert out == '<p style="color:red">École\u00a0: A &amp; l&#39;B\u202f?</p>\n'


def test_a_vietnamese_line_that_starts_with_a_date_starts_with_a_capital(tmp_path):
    out = render("{{ d|date }}\n\nHọp vào {{ d|weekday_date }}.\n", {"d": D}, lang="vi",
                 tmp_path=tmp_path)
    assert out == "Ngày 23 tháng 11 năm 2026\n\nHọp vào Thứ Hai, ngày 23 tháng 11 năm 2026.\n"


def test_haitian_creole_uses_its_own_months_not_french():
    f = Formatter("ht")
    months = [f.date(dt.date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert months == list(letters.HT_MONTHS)
    assert "novembre" not in f.weekday_date(D)
    assert f.language("es") == "panyòl"
    assert f.and_list(["angle", "panyòl", "kreyòl ayisyen"]) == "angle, panyòl ak kreyòl ayisyen"


def test_language_names_and_lists_in_the_letter_language():
    assert Formatter("es").language("ar") == "árabe"
    assert Formatter("es").and_list(["inglés", "español"]) == "inglés y español"
    assert Formatter("ar").language("en") == "الإنجليزية"
    assert Formatter("en").language("prs") == "Dari"
    assert Formatter("es-MX").time(dt.time(16, 0)).startswith("4:00")
    assert Formatter("es", "es-MX").locale_code == "es_MX"


def test_a_filter_given_the_wrong_thing_says_so(tmp_path):
    with pytest.raises(TemplateError, match=r"\|date needs a date"):
        render("{{ 'soon'|date }}\n", tmp_path=tmp_path)


# --------------------------------------------------------------------------- the Markdown subset


MD = """# Welcome

Dear Rosa,

Line one
Line **two**

- a
- b **c**
  continued

---

Signature: ______
"""


def test_markdown_blocks_keep_line_breaks():
    kinds = [(b.kind, b.lines) for b in parse_markdown(MD)]
    assert kinds == [("h1", ["Welcome"]), ("p", ["Dear Rosa,"]), ("p", ["Line one", "Line **two**"]),
                     ("ul", ["a", "b **c**\ncontinued"]), ("hr", []), ("p", ["Signature: ______"])]


def test_markdown_to_text():
    assert markdown_to_text(MD) == (
        "Welcome\n=======\n\nDear Rosa,\n\nLine one\nLine two\n\n- a\n- b c\n  continued\n\n"
        "* * *\n\nSignature: ______\n")
    assert markdown_to_text("# 欢迎\n").split("\n")[1] == "===="  # two columns a character


def test_markdown_to_html_is_a_printable_page_that_escapes_everything():
    page = markdown_to_html("# <b>Hi</b>\n\nDear <script>alert(1)</script>,\n[x](javascript:1)\n",
                           lang="ar", direction="rtl", title="<T>", paper="a4", letterhead="<L>")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<title>&lt;T&gt;</title>" in page
    assert "@page { size: A4;" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<h1>&lt;b&gt;Hi&lt;/b&gt;</h1>" in page
    assert "<a " not in page and 'href' not in page
    assert '<header class="letterhead">&lt;L&gt;</header>' in page


def test_tidy_collapses_blank_lines():
    assert tidy("\n\n a  \n\n\n\nb\n\n") == " a\n\nb\n"
