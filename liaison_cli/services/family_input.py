"""What a liaison types about a family, checked and normalised: students ("Ana:3:LES"), grades,
schools (one of the config's), languages, consents and tags. `add-family`, `edit`, the imports
and every command that takes `--lang` or `--tag` read their values here."""

from __future__ import annotations

import datetime as dt

from ..core.dates import RANGE, stored_date
from ..core.langs import normalize_lang
from ..core.models import CONSENT_KINDS, Student
from ..core.suggest import choice_error, closest_name
from ..errors import UsageError
from .app import App

GRADES = ("PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")


def parse_student(text: str) -> Student:
    """"Ana:3", "Ana:3:Lincoln Elementary:Ms. Rivera" → Student. A part `gender=f` (or m, x)
    anywhere after the name records the child's gender, which letters agree with."""
    # Start-up: every command imports this module (through families.py), and persons.py costs
    # about 1 ms to import (measured); only a student's gender needs it.
    from ..core.persons import GENDER_HELP, parse_gender

    parts = [p.strip() for p in text.split(":")]
    if not parts[0]:
        raise UsageError(f"A student needs a name, like --student \"Ana:3\" (got {text!r}).")
    gender = ""
    positional = [parts[0]]
    for p in parts[1:]:
        key, sep, val = p.partition("=")
        if sep and key.strip().lower() == "gender":
            try:
                gender = parse_gender(val, "gender")
            except ValueError:
                raise UsageError(f"A student's gender is {GENDER_HELP}, like --student "
                                 f"\"Ana:3:gender=f\" (got {val.strip()!r}).") from None
        else:
            positional.append(p)
    parts = positional
    grade = normalize_grade(parts[1]) if len(parts) > 1 and parts[1] else ""
    school = parts[2] if len(parts) > 2 else ""
    teacher = parts[3] if len(parts) > 3 else ""
    return Student(name=parts[0], grade=grade, school=school, teacher=teacher,
                   gender="" if gender == "x" else gender)


def resolve_school(app: App, text: str):
    """The config's (on a district database: the district's) school typed by its name or its
    short code; an unknown one is refused with the nearest name, never kept as typed."""
    schools = app.config.schools
    school = app.config.school(text)
    if school is not None:
        return school
    if not schools:
        if app.district:
            raise UsageError(f"School {text!r} cannot be checked: the district database lists no "
                             "schools yet; ask the district's administrator to load them with "
                             "`liaison db init --config district.yaml`.")
        raise UsageError(f"School {text!r} is not known: config.yaml lists no schools; add them "
                         "under `schools:`.")
    shorts = {sc.short: sc.name for sc in schools if sc.short}
    near = closest_name(text, [sc.name for sc in schools] + list(shorts))
    known = ", ".join(f"{sc.name} ({sc.short})" if sc.short else sc.name for sc in schools)
    where = "the district's schools" if app.district else "your schools"
    hint = f"did you mean {shorts.get(near, near)}?" if near else (
        "ask the district's administrator to add it to district.yaml if it is new."
        if app.district else "add it under `schools:` in config.yaml if it is new.")
    raise UsageError(f"School {text!r} is not one of {where} ({known}); {hint}")


def check_schools(app: App, students: list[Student]) -> None:
    """Each student's school, as typed (`--student`, `--add-student`), must be one of the
    config's schools, by name or short code; it is stored as the school's name. A config that
    lists no schools accepts any — but not on a district database, where access to a family
    follows its students' schools, so a school is always one of the district's. (Imports keep
    the school their file names, and count those not in the config instead.)"""
    if not app.config.schools and not app.district:
        return
    for st in students:
        if st.school:
            st.school = resolve_school(app, st.school).name


def normalize_grade(text: str) -> str:
    t = text.strip().upper().removeprefix("GRADE").strip()
    t = {"KG": "K", "KINDERGARTEN": "K", "PREK": "PK", "PRE-K": "PK", "TK": "PK"}.get(t, t)
    t = t.lstrip("0") or t
    if t not in GRADES:
        raise UsageError(f"Grade {text!r} is not one of {', '.join(GRADES)}.")
    return t


def parse_lang(text: str | None, flag: str = "--lang") -> str:
    if text is None or not text.strip():
        return ""
    code = normalize_lang(text)
    if code is None:
        if "," in text:
            raise UsageError(f"{flag} takes one language, not {text!r}; record the languages a "
                             "guardian speaks and reads with speaks= and reads= (or --speaks "
                             "and --reads), like reads=es,en.")
        raise UsageError(f"{flag} {text!r} is not a language; use a code like es or quc, or a name like Somali or K'iche'.")
    return code


def parse_langs(texts: list[str] | str | None, flag: str) -> list[str]:
    """"quc,es" or ["quc", "es"] → ["quc", "es"]: languages in order, each once."""
    if texts is None:
        return []
    if isinstance(texts, str):
        texts = [texts]
    out: list[str] = []
    for text in texts:
        for piece in text.split(","):
            if piece.strip():
                code = parse_lang(piece, flag)
                if code not in out:
                    out.append(code)
    return out


def parse_consent(text: str, today: dt.date) -> tuple[str, str]:
    """"home-visit" or "photos:2026-09-14" → (kind, date)."""
    kind, _, date = text.partition(":")
    kind = kind.strip().lower()
    if kind not in CONSENT_KINDS:
        raise choice_error("Consent", kind, CONSENT_KINDS)
    if date:
        day = stored_date(date.strip())
        if day is None:
            raise UsageError(f"The consent date {date!r} must look like 2026-09-14 (from {RANGE}).")
    else:
        day = today
    return kind, day.isoformat()


def parse_tag(text: str) -> str:
    tag = "-".join(text.strip().lower().split())
    if not tag:
        raise UsageError("A tag cannot be empty.")
    return tag
