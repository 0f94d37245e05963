"""config.yaml: the commented default, values that must stay text, and errors that name the key
and the line."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap

import pytest

from liaison_cli import config as config_mod
from liaison_cli.config import (
    TOP_KEYS,
    Cadence,
    Closure,
    Term,
    default_config_text,
    home_dir,
    load_config,
    parse_config_text,
)
from liaison_cli.core.yamlio import parse_text, plain
from liaison_cli.errors import ConfigError
from tests.conftest import TODAY


def cfg(text: str, tmp_path):
    return parse_config_text(textwrap.dedent(text), tmp_path)


def config_error(text: str, tmp_path) -> str:
    with pytest.raises(ConfigError) as exc:
        cfg(text, tmp_path)
    assert exc.value.exit_code == 5
    return str(exc.value)


# --------------------------------------------------------------------------- the default


def test_every_key_of_the_commented_default_parses(tmp_path):
    text = default_config_text(TODAY)
    tree = plain(parse_text(text, "config.yaml"))
    assert set(tree) == TOP_KEYS  # the default shows every setting there is
    assert set(tree["liaison"]) == {"name", "title", "phone", "email", "languages"}
    assert set(tree["schools"][0]) == {"name", "short", "address", "phone", "principal",
                                       "office_hours", "supply_lists"}
    c = parse_config_text(text, tmp_path)
    assert (c.liaison.name, c.liaison.title, c.liaison.phone, c.liaison.email) == ("", "Family Liaison", "", "")
    assert c.liaison.languages == ["en"]
    [school] = c.schools
    assert (school.name, school.short, school.office_hours) == ("My School", "MS", "Monday to Friday, 8:00 to 3:30")
    assert school.supply_lists == {"K": ["crayons", "glue sticks", "a backpack"]}
    assert c.school("ms") is school and c.school("my school") is school
    assert (c.default_language, c.week_start, c.paper, c.letterhead) == ("en", 0, "letter", "")
    assert c.templates_dir is None and c.playbooks_dir is None
    assert c.terms == [Term("Fall", dt.date(2026, 9, 2), dt.date(2026, 12, 19)),
                       Term("Spring", dt.date(2027, 1, 5), dt.date(2027, 6, 18))]
    assert c.closures == [Closure("Thanksgiving", dt.date(2026, 11, 26), dt.date(2026, 11, 27))]
    assert c.cadence == {"newcomer": Cadence(7, True), "housing-insecure": Cadence(14, False)}
    assert (c.unreachable_attempts, c.unreachable_days) == (3, 30)
    assert c.referral_check_school_days == 10
    assert (c.lock_timeout, c.page_size) == (10.0, 25)


def test_the_default_school_year_follows_today(tmp_path):
    spring = parse_config_text(default_config_text(dt.date(2027, 3, 1)), tmp_path)
    assert spring.terms[0].start == dt.date(2026, 9, 2)
    autumn = parse_config_text(default_config_text(dt.date(2027, 8, 20)), tmp_path)
    assert autumn.terms[0].start == dt.date(2027, 9, 2)


def test_no_config_file_means_the_defaults(tmp_path):
    assert load_config(tmp_path) == config_mod.Config()


# --------------------------------------------------------------------------- values stay text


def test_what_staff_type_stays_text_in_the_yaml_reader():
    tree = plain(parse_text(textwrap.dedent("""\
        lang: no
        zip: 02134
        time: 3:30
        phone: +16175550134
        yes_word: yes
        float: 1.50
        date: 2026-09-02
        empty:
        tilde: ~
        quoted: "no"
    """), "t.yaml"))
    assert tree == {"lang": "no", "zip": "02134", "time": "3:30", "phone": "+16175550134",
                    "yes_word": "yes", "float": "1.50", "date": "2026-09-02", "empty": None,
                    "tilde": None, "quoted": "no"}


def test_phones_hours_and_norwegian_stay_text_in_the_config(tmp_path):
    c = cfg("""\
        liaison:
          name: Rosa Díaz
          phone: +16175550134
          email: rosa@example.org
          languages: [es, no]
        schools:
          - name: Lincoln Elementary
            short: LES
            phone: +16175550199
            address: 12 Elm St, Boston MA 02134
            office_hours: 8:00 to 3:30
          - name: Osman Academy
            short: 0123
            phone: 6175550100
        default_language: no
    """, tmp_path)
    assert c.liaison.phone == "+16175550134"
    assert c.liaison.languages == ["es", "no"]
    assert c.default_language == "no"
    assert [s.phone for s in c.schools] == ["+16175550199", "6175550100"]
    assert c.schools[0].address == "12 Elm St, Boston MA 02134"
    assert c.schools[0].office_hours == "8:00 to 3:30"
    assert c.schools[1].short == "0123"
    assert c.school("0123") is c.schools[1]


def test_a_cached_config_reads_the_same_and_a_changed_file_is_read_again(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(default_config_text(TODAY), encoding="utf-8")
    first = load_config(tmp_path)
    assert load_config(tmp_path) == first
    path.write_text(default_config_text(TODAY).replace("page_size: 25", "page_size: 20"),
                    encoding="utf-8")
    assert load_config(tmp_path).page_size == 20
    path.write_text("page_size: [1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line"):
        load_config(tmp_path)


@pytest.mark.parametrize("junk", [b"", b"{", b"[1, 2]", b'{"key": 1}', b'{"key": "x", "tree": 5}'])
def test_a_damaged_config_cache_is_ignored(tmp_path, junk):
    (tmp_path / "config.yaml").write_text("page_size: 20\n", encoding="utf-8")
    load_config(tmp_path)
    cache = [p for p in tmp_path.iterdir() if p.name.startswith(".config")]
    if not cache:
        pytest.skip("this checkout does not cache the parsed config")
    for p in cache:
        p.write_bytes(junk)
    assert load_config(tmp_path).page_size == 20


# --------------------------------------------------------------------------- wrong keys


@pytest.mark.parametrize("text, key, line", [
    ("colour: blue\n", "colour", 1),
    ("page_size: 20\nliason:\n  name: Rosa\n", "liason", 2),
    ("liaison:\n  name: Rosa\n  mobile: +16175550134\n", "liaison.mobile", 3),
    ("schools:\n  - name: Lincoln\n    shortname: LES\n", "schools.shortname", 3),
    ("calendar:\n  terms:\n    - {name: Fall, start: 2026-09-02, finish: 2026-12-18}\n",
     "calendar.terms.finish", 3),
    ("calendar:\n  holidays: []\n", "calendar.holidays", 2),
    ("unreachable:\n  attempts: 3\n  weeks: 4\n", "unreachable.weeks", 3),
])
def test_a_wrong_key_is_named_with_its_line(tmp_path, text, key, line):
    msg = config_error(text, tmp_path)
    assert f"config.yaml, line {line}:" in msg
    assert f"unknown key `{key}`" in msg
    assert "the keys here are" in msg


# --------------------------------------------------------------------------- wrong values


@pytest.mark.parametrize("text, key, line", [
    ("week_start: someday\n", "week_start", 1),
    ("liaison: {name: Rosa}\npaper: legal\n", "paper", 2),
    ("calendar:\n  terms:\n    - name: Fall\n      start: 2026-13-01\n      end: 2026-12-18\n",
     "calendar.terms.start", 4),
    ("calendar:\n  closures:\n    - {name: Snow day, date: 2026-02-30}\n", "calendar.closures.date", 3),
    ("calendar:\n  closures:\n    - {name: Break, date: 2026-12-21, end: soon}\n", "calendar.closures.end", 3),
    ("default_language: gibberish words\n", "default_language", 1),
    ("liaison:\n  languages: [en, english please]\n", "liaison.languages", 2),
    ("page_size: many\n", "page_size", 1),
    ("page_size: 0\n", "page_size", 1),
    ("lock_timeout: -1\n", "lock_timeout", 1),
    ("unreachable:\n  attempts: three\n", "unreachable.attempts", 2),
    ("cadence:\n  newcomer: weekly\n", "cadence.newcomer", 2),
    ("cadence:\n  newcomer: {every: 1w, first_term_only: perhaps}\n", "cadence.newcomer.first_term_only", 2),
    ("liaison:\n  name: [Rosa, Díaz]\n", "liaison.name", 2),
    ("schools: Lincoln\n", "schools", 1),
])
def test_a_wrong_value_is_named_with_its_line(tmp_path, text, key, line):
    msg = config_error(text, tmp_path)
    assert f"config.yaml, line {line}:" in msg, msg
    assert f"`{key}`" in msg, msg


@pytest.mark.parametrize("text, line", [
    ("schools:\n  - name: Lincoln\n  - short: X\n", 3),  # a school without a name
    ("calendar:\n  terms:\n    - {name: Fall, start: 2026-09-02}\n", 3),  # a term without an end
    ("calendar:\n  terms:\n    - {name: Fall, start: 2026-12-18, end: 2026-09-02}\n", 3),
])
def test_an_incomplete_item_is_named_with_its_line(tmp_path, text, line):
    assert f"config.yaml, line {line}:" in config_error(text, tmp_path)


@pytest.mark.parametrize("text, line", [
    ("liaison:\n  name: Rosa\n   title: x\n", 3),
    ("schools:\n  - name: [Lincoln\n", 3),
    ("liaison:\n\tname: Rosa\n", 2),
    ('liaison: {name: "Rosa}\n', 2),
])
def test_bad_yaml_gives_the_line(tmp_path, text, line):
    msg = config_error(text, tmp_path)
    assert "is not valid YAML" in msg
    assert re.search(rf"at line {line}, column \d+", msg), msg


def test_a_config_that_is_not_utf8_is_refused(tmp_path):
    (tmp_path / "config.yaml").write_bytes("liaison: {name: Jos\u00e9}\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(tmp_path)


# --------------------------------------------------------------------------- through the CLI


@pytest.mark.parametrize("text, says", [
    ("colour: blue\n", "line 1: unknown key `colour`"),
    ("liaison:\n  name: Rosa\n  mobile: x\n", "line 3: unknown key `liaison.mobile`"),
    ("week_start: someday\n", "line 1: `week_start`"),
    ("paper: legal\n", "line 1: `paper`"),
    ("calendar:\n  terms:\n    - {name: Fall, start: 2026-09-02, end: 2026-12-32}\n",
     "line 3: `calendar.terms.end`"),
    ("liaison:\n  name: Rosa\n   title: x\n", "is not valid YAML at line 3"),
])
@pytest.mark.parametrize("command", ["families --json", "add-family --name García", "restore --list"])
def test_config_errors_exit_5_through_the_cli(home, run, text, says, command):
    assert run("init").exit_code == 0
    store_before = {p.name: p.read_bytes() for p in (home / "store").iterdir() if p.is_file()}
    (home / "config.yaml").write_text(text, encoding="utf-8")
    r = run(command)
    assert r.exit_code == 5, r.output
    assert str(home / "config.yaml") in r.stderr and says in r.stderr, r.stderr
    assert "Traceback" not in r.output
    assert {p.name: p.read_bytes() for p in (home / "store").iterdir() if p.is_file()} == store_before


def test_paths_still_works_with_a_broken_config(home, run):
    assert run("init").exit_code == 0
    (home / "config.yaml").write_text("colour: blue\n", encoding="utf-8")
    r = run("paths --json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["config"] == str(home / "config.yaml")


# --------------------------------------------------------------------------- the home folder


def test_home_is_the_flag_then_the_environment_then_the_user_data_folder(tmp_path, monkeypatch):
    assert home_dir(tmp_path / "a", str(tmp_path / "b")) == tmp_path / "a"
    assert home_dir(None, str(tmp_path / "b")) == tmp_path / "b"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert home_dir(None, None) == tmp_path / "data" / "liaison"


def test_the_home_flag_wins_over_liaison_home(tmp_path, run):
    other = tmp_path / "other"
    r = run(["--home", str(other), "init"])
    assert r.exit_code == 0, r.output
    assert (other / "config.yaml").exists() and (other / "store" / "meta.json").exists()
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("text, key, line, first", [
    ("page_size: 20\npage_size: 30\n", "page_size", 2, 1),
    ("schools:\n  - name: Lincoln\nweek_start: monday\nschools:\n  - name: Osman\n", "schools", 4, 1),
    ("liaison:\n  name: Rosa\n  phone: '1'\n  name: Ana\n", "name", 4, 2),
])
def test_a_key_given_twice_is_refused_not_silently_dropped(tmp_path, text, key, line, first):
    msg = config_error(text, tmp_path)
    assert f"config.yaml, line {line}: `{key}` is given twice (first on line {first})" in msg


@pytest.mark.parametrize("text, says", [
    ("a: &x [*x]\n", "refers to the block it is inside"),
    ("a: &x {b: *x}\n", "refers to the block it is inside"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
     "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", "too many repeated aliases"),
])
def test_aliases_that_loop_or_multiply_are_refused(tmp_path, text, says):
    assert says in config_error(text, tmp_path)


def test_an_alias_used_twice_is_fine():
    tree = plain(parse_text("a: &x [1, 2]\nb: *x\nc: *x\n", "t.yaml"))
    assert tree == {"a": ["1", "2"], "b": ["1", "2"], "c": ["1", "2"]}


def test_persian_digits_is_on_by_default_and_can_be_turned_off(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(default_config_text(TODAY), encoding="utf-8")
    assert load_config(tmp_path).persian_digits is True
    path.write_text(default_config_text(TODAY).replace("persian_digits: yes", "persian_digits: no"),
                    encoding="utf-8")
    assert load_config(tmp_path).persian_digits is False
    assert "`persian_digits` must be yes or no" in config_error("persian_digits: maybe\n", tmp_path)
