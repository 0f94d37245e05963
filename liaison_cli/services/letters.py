"""Letters: one for a family, the generic pack, or a mail merge; each sent letter is recorded.

A letter for a family records a `letter` contact (template, language, template version) and an
entry in the disclosure log, in the same write session that read the family; `dry_run` reads
only. A mail merge renders every family in ONE write session, so 1,000 letters are one commit.

The context a template sees is built here, per family, from plain values: never the store or
the config object. docs/templates.md is its reference; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import fields as dc_fields
from pathlib import Path
from typing import Any

from ..config import Liaison, ensure_private_dir, write_private_text
from ..dates import resolve_date
from ..errors import ConfigError, ConflictError, NotFoundError, UsageError
from ..langs import UNKNOWN, is_traditional_chinese, language_name, normalize_lang, record_lang
from ..letters import (
    FORMATS,
    Library,
    Renderer,
    Resolved,
    direction,
    jsonable,
    markdown_to_html,
    markdown_to_text,
    notices_html,
    notices_markdown,
    review_status,
    traditional_text,
    value,
)
from ..models import Contact, Event, Family, Guardian, fold
from ..persons import first_name, group_gender, kin_of, naming_order, staff_gender, stored_gender
from ..storage import Session
from ..suggest import choice_error
from .app import App
from .event_records import get_event
from .families import get_family
from .family_input import GRADES, normalize_grade
from .selection import Selection, select  # noqa: F401  (Selection: the letter command builds one)
from .translations import Tracker, load_catalogue, service_contexts

UPCOMING_EVENTS = 5
RECENT_ATTEMPTS = 3  # "we tried to reach you" names the last few, and summarises the rest
DEFAULT_VISIT_TIME = dt.time(16, 0)
_FEMININE = {"mother", "mom", "mum", "mommy", "stepmother", "stepmom", "grandmother", "grandma",
             "granny", "aunt", "auntie", "sister", "stepsister", "godmother", "wife", "madre",
             "mama", "abuela", "tia", "hermana", "mere", "mae", "avo", "female", "woman"}
_MASCULINE = {"father", "dad", "daddy", "stepfather", "stepdad", "grandfather", "grandpa",
              "uncle", "brother", "stepbrother", "godfather", "husband", "padre", "papa",
              "abuelo", "tio", "hermano", "pere", "pai", "male", "man"}
_WHEN_TIME_RE = re.compile(r"^(.*?)\s*(?:\bat\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)$", re.I)


# --------------------------------------------------------------------------- options and results


@dataclass
class LetterOptions:
    """What the command line asked for, as plain text (parsed here)."""

    template: str
    lang: str | None = None  # a code, "auto", or None: auto for a family, else the default
    fmt: str = "md"
    guardian: str | None = None
    times: str | None = None  # home-visit: "monday 4pm, 2026-11-25 17:30"
    event: str | None = None
    conference_date: str | None = None
    conference_time: str | None = None
    conference_place: str | None = None
    conference_teacher: str | None = None
    referral: str | None = None
    dry_run: bool = False


@dataclass
class Letter:
    template: str
    title: str
    asked: str
    lang: str
    fmt: str
    content: str | bytes
    version: str
    family_id: str | None = None
    guardian: str = ""
    contact_id: str | None = None
    path: Path | None = None
    interpreter_needed: bool = False
    english: list[str] = field(default_factory=list)  # data strings left in English
    review: str = ""  # the translation's review status: master, draft, reviewed, stale
    foreign: bool = False  # a fallback the reader may not read (not es-MX → es or fa → prs)
    notices: list[str] = field(default_factory=list)  # the languages of the opening notices
    converted_from: str = ""  # "zh": a Traditional Chinese letter made from the Simplified one

    @property
    def fallback(self) -> bool:
        return self.asked != self.lang and not self.converted_from

    def to_dict(self) -> dict[str, Any]:
        return {"template": self.template, "title": self.title, "asked": self.asked,
                "lang": self.lang, "format": self.fmt, "version": self.version,
                "family_id": self.family_id, "contact_id": self.contact_id,
                "path": str(self.path) if self.path else None, "fallback": self.fallback,
                "interpreter_needed": self.interpreter_needed,
                "english_strings": list(self.english), "review": self.review,
                "notices": list(self.notices), "converted_from": self.converted_from or None}


@dataclass
class MergeSummary:
    folder: Path
    template: str
    letters: list[Letter] = field(default_factory=list)
    skipped_closed: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def languages(self) -> Counter:
        return Counter(lt.lang for lt in self.letters)

    @property
    def fallbacks(self) -> Counter:
        return Counter(f"{lt.asked} → {lt.lang}" for lt in self.letters if lt.fallback)

    @property
    def english(self) -> dict[str, list[str]]:
        """Per letter language: the English data strings its letters printed."""
        out: dict[str, set[str]] = {}
        for lt in self.letters:
            if lt.english:
                out.setdefault(lt.lang, set()).update(lt.english)
        return {lang: sorted(v) for lang, v in sorted(out.items())}

    @property
    def drafts(self) -> Counter:
        """Letters per language rendered from a translation nobody has reviewed yet."""
        return Counter(lt.lang for lt in self.letters if lt.review in ("draft", "stale"))

    @property
    def interpreter_families(self) -> list[str]:
        """Families flagged as needing an interpreter, and those whose letter went out in a
        language they may not read."""
        return sorted({lt.family_id for lt in self.letters
                       if (lt.interpreter_needed or lt.foreign) and lt.family_id},
                      key=lambda f: int(f[1:]))

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "template": self.template,
                "files": len(self.letters), "dry_run": self.dry_run,
                "languages": dict(self.languages), "fallbacks": dict(self.fallbacks),
                "interpreter_needed": self.interpreter_families,
                "skipped_closed": self.skipped_closed,
                "english_strings": self.english, "drafts": dict(self.drafts),
                "letters": [lt.to_dict() for lt in self.letters]}


def fallback_warning(lt: Letter) -> str:
    if lt.asked == UNKNOWN:
        return (f"The language recorded for {lt.family_id or 'this family'} is not a language "
                f"code; this letter is in {language_name(lt.lang)} ({lt.lang}). Correct it with "
                "`liaison edit` (--set-guardian \"NAME:lang=es\" or --home-lang).")
    text = (f"There is no {language_name(lt.asked)} ({lt.asked}) version of {lt.template} yet; "
            f"this letter is in {language_name(lt.lang)} ({lt.lang}).")
    if lt.foreign:
        text += notice_sentence(lt.notices)
    return text + " Run `liaison templates` to see which translations exist."


def notice_sentence(codes: list[str]) -> str:
    """What a fallback letter opens with, in words for the liaison."""
    from ..notices import all_notices

    table = all_notices()
    if not codes:
        return " It opens with no notice: liaison has none in the family's language."
    names = ", ".join(f"{table[c].name} ({table[c].review})" for c in codes)
    return f" It opens with a notice in {names} giving your number for a free interpreter."


def converted_notice(lt: Letter) -> str:
    from ..letters import opencc_config

    return (f"This letter is in Traditional Chinese, converted from the Simplified Chinese "
            f"translation with OpenCC's {opencc_config(lt.asked)} table; no one has reviewed it "
            "as Traditional Chinese yet.")


def merge_fallback_warning(asked: str, used: str, n: int, noun: str = "letter") -> str:
    """The warning for `n` letters of a mail merge asked in `asked` that went out in `used`."""
    many = f"{n} {noun}{'s' if n != 1 else ''}"
    if asked == UNKNOWN:
        return (f"{many} went out in {language_name(used)} ({used}): the language recorded for "
                f"the famil{'ies' if n != 1 else 'y'} is not a language code; correct it with "
                "`liaison edit`.")
    return (f"{many} for {language_name(asked)} ({asked}) readers went out in "
            f"{language_name(used)} ({used}): no translation yet.")


def english_warning(lt: Letter) -> str:
    n = len(lt.english)
    return (f"This {language_name(lt.lang)} letter still prints {n} English "
            f"string{'s' if n != 1 else ''} from your config or records (no translation yet"
            f"{'' if n == 1 else ' for them'}); add --verbose to list "
            f"{'it' if n == 1 else 'them'}, and translate with "
            f"`liaison translations export {lt.lang}`.")


def merge_english_warning(lang: str, n: int) -> str:
    return (f"The {language_name(lang)} ({lang}) letters still print {n} English "
            f"string{'s' if n != 1 else ''} from your config or records; add --verbose to list "
            f"{'it' if n == 1 else 'them'}, and translate with "
            f"`liaison translations export {lang}`.")


def draft_warning(lang: str, review: str, n: int = 1) -> str:
    what = (f"{n} {language_name(lang)} ({lang}) letters come" if n != 1
            else f"This {language_name(lang)} ({lang}) letter comes")
    why = {"draft": "a draft translation no native speaker has reviewed yet",
           "stale": "a stale translation, made from an older English master"}.get(
        review, "a translation that is a draft or stale (not reviewed for its current text)")
    return (f"{what} from {why}; have it checked before relying on it "
            "(`liaison templates` shows the review status).")


def interpreter_reminder(family_id: str | None, foreign: bool = False) -> str:
    who = family_id or "This reader"
    if foreign:
        return (f"{who} may not read this letter's language: arrange an interpreter for any "
                "call, visit or meeting it leads to.")
    return (f"{who} needs an interpreter: arrange one for any call, visit or meeting this "
            "letter leads to.")


# --------------------------------------------------------------------------- parsing


def library(app: App) -> Library:
    from .setup import builtin_templates_dir

    return Library.for_config(app.config, builtin_templates_dir())


def parse_format(text: str | None) -> str:
    fmt = (text or "md").strip().lower().lstrip(".")
    fmt = {"markdown": "md", "text": "txt", "htm": "html"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise choice_error("--format", text, FORMATS)
    return fmt


def parse_letter_lang(text: str | None) -> str | None:
    """None (not given), "auto", or a normalised code."""
    if text is None or not text.strip():
        return None
    if text.strip().lower() == "auto":
        return "auto"
    code = normalize_lang(text)
    if code is None:
        raise UsageError(f"--lang {text!r} is not a language; use a code like es, ar or vi, or auto.")
    return code


def _clock(text: str, flag: str) -> dt.time:
    from .contacts import parse_time

    try:
        hhmm = parse_time(text)
    except UsageError:
        raise UsageError(f"{flag} {text!r} is not a time; write it like 16:00 or 4pm.") from None
    return dt.time.fromisoformat(hhmm)


def parse_times(text: str, app: App) -> list[dt.datetime]:
    """"monday 4pm, 2026-11-25 17:30" → datetimes; each piece a day and a time of day."""
    out: list[dt.datetime] = []
    for piece in [p.strip() for p in text.split(",") if p.strip()]:
        m = _WHEN_TIME_RE.match(piece)
        if not m or not m.group(1):
            raise UsageError(
                f"--times {piece!r} needs a day and a time, like \"monday 4pm\" or \"2026-11-25 17:30\"."
            )
        day = resolve_date(m.group(1), app.today, app.calendar)
        if day < app.today:
            raise UsageError(f"--times {piece!r} is in the past; offer days from today on.")
        out.append(dt.datetime.combine(day, _clock(m.group(2), "--times")))
    if not out:
        raise UsageError("--times is empty; give times like \"monday 4pm, tuesday 5pm\".")
    return sorted(out)


def default_visit_times(app: App) -> list[dt.datetime]:
    """The next three school days at 4:00 pm."""
    cal = app.calendar
    return [dt.datetime.combine(cal.add_school_days(app.today, n), DEFAULT_VISIT_TIME)
            for n in (1, 2, 3)]


def pick_guardian(family: Family, name: str | None) -> Guardian | None:
    if not name:
        return family.primary
    wanted = fold(name)
    hits = [g for g in family.guardians if fold(g.name) == wanted] or [
        g for g in family.guardians if wanted and wanted in fold(g.name)]
    if len(hits) != 1:
        raise UsageError(f"--guardian {name!r} does not name one guardian of {family.id}; run "
                         f"`liaison show {family.id}` to see them.")
    return hits[0]


def gender_of(relationship: str) -> str:
    """"f", "m" or "x" from a relationship like "mother" or "step-father": lets a template pick
    "Estimada"/"Estimado" or a gendered Arabic greeting. "x" when it does not say."""
    words = set(re.split(r"[\s/-]+", fold(relationship).replace("step-", "step"))) - {""}
    if words & _FEMININE and not words & _MASCULINE:
        return "f"
    if words & _MASCULINE and not words & _FEMININE:
        return "m"
    return "x"


# --------------------------------------------------------------------------- the context


def _grade_key(grade: str) -> tuple[int, str]:
    return (GRADES.index(grade), grade) if grade in GRADES else (len(GRADES), grade)


def _norm_grade(text: str) -> str:
    try:
        return normalize_grade(text)
    except UsageError:
        return text.strip()


class Context:
    """What letters may say, gathered once per run; `for_family` and `generic` build each
    letter's small context from it."""

    def __init__(self, app: App, session: Session, opts: LetterOptions, template: str,
                 renderer: Renderer):
        self.app = app
        self.cfg = app.config
        self.session = session
        self.opts = opts
        self.template = template
        self.renderer = renderer
        self.today = app.today
        self.events = sorted(
            (Event.from_dict({**rec, "id": f"E{k}"}) for k, rec in session.events.rows().items()
             if rec.get("date", "") > self.today.isoformat()),
            key=lambda e: (e.date, e.time or "99:99", int(e.id[1:])),
        )
        self._event: Event | None = None
        if opts.event:
            self._event = get_event(session, opts.event)
        self.visit_times = (parse_times(opts.times, app) if opts.times
                            else default_visit_times(app))
        self.conference = self._conference_options()
        # Built once and shared by every letter of a merge: the sandbox is immutable, so no
        # template can change what the next letter sees.
        self._schools: dict[tuple[str, str], dict[str, Any]] = {}
        self._trackers: dict[str, Tracker] = {}
        self._service_ids = service_contexts(session)
        self._liaisons: dict[tuple[str, str | None], dict[str, Any]] = {}
        self._event_dicts: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        self._event_schools = {e.id: self._school_keys(e.school) for e in self.events}

    # -- pieces that do not depend on the family

    def _conference_options(self) -> dict[str, Any] | None:
        o = self.opts
        given = any((o.conference_date, o.conference_time, o.conference_place, o.conference_teacher))
        if not given and self.template != "conference-reminder":
            return None
        if not o.conference_date:
            raise UsageError("conference-reminder needs --date (and usually --time and --place), "
                             "like --date thursday --time 3:30pm --place \"Room 12\".")
        day = resolve_date(o.conference_date, self.today, self.app.calendar)
        return {"date": day,
                "time": _clock(o.conference_time, "--time") if o.conference_time else None,
                "place": (o.conference_place or "").strip(),
                "teacher": (o.conference_teacher or "").strip()}

    def tracker(self, lang: str) -> Tracker:
        """The translations of data into `lang` for this run, and what stayed English."""
        tr = self._trackers.get(lang)
        if tr is None:
            cat = load_catalogue(self.app.home, lang)
            if not cat.entries and is_traditional_chinese(lang):
                # No Traditional catalogue: the Simplified one, converted as the letter is.
                cat.entries = {key: traditional_text(text, lang) for key, text
                               in load_catalogue(self.app.home, "zh").entries.items()}
            tr = self._trackers[lang] = Tracker(cat)
        return tr

    def english_left(self, lang: str, text: str | bytes) -> list[str]:
        """The English strings from config or records that a letter in `lang` printed."""
        if lang == "en" or not isinstance(text, str) or lang not in self._trackers:
            return []
        return self._trackers[lang].left_in(text)

    def school(self, name: str, lang: str = "en") -> dict[str, Any]:
        key = (name, lang)
        if key not in self._schools:
            self._schools[key] = self._school(name, self.tracker(lang))
        return self._schools[key]

    def _school(self, name: str, tr: Tracker) -> dict[str, Any]:
        cfg_school = self.cfg.school(name) if name else None
        if cfg_school is None:
            owner = f"the school {name!r}: it is not in config.yaml" if name else "config.yaml"
            return {"name": value(name, "school.name", owner), "short": "", "principal_gender": "x",
                    "address": value("", "school.address", owner),
                    "phone": value("", "school.phone", owner),
                    "principal": value("", "school.principal", owner),
                    "office_hours": value("", "school.office_hours", owner)}
        owner = f"{cfg_school.name} in config.yaml"
        return {"name": cfg_school.name, "short": cfg_school.short,
                "principal_gender": self.gender_of_staff(cfg_school.principal),
                "address": value(cfg_school.address, "school.address", owner),
                "phone": value(cfg_school.phone, "school.phone", owner),
                "principal": value(cfg_school.principal, "school.principal", owner),
                "office_hours": value(tr(cfg_school.office_hours, "office hours"),
                                      "school.office_hours", owner)}

    def gender_of_staff(self, name: str) -> str:
        return staff_gender(name, self.cfg.staff_gender) if name else "x"

    def liaison(self, lang: str, asked: str | None) -> dict[str, Any]:
        key = (lang, asked)
        if key not in self._liaisons:
            self._liaisons[key] = self._liaison(lang, asked)
        return self._liaisons[key]

    def _liaison(self, lang: str, asked: str | None) -> dict[str, Any]:
        li = self.cfg.liaison
        fmt = self.renderer.formatter(lang, asked)
        owner = "config.yaml (liaison)"
        tr = self.tracker(lang)
        title = value(tr(li.title.strip(), "liaison title"), "liaison.title", owner)
        # A translated letter names the role in its own words; the configured title follows it
        # only when it says something those words do not: a title of the liaison's own.
        own = li.title.strip().casefold() not in ("", Liaison.title.casefold())
        return {"name": value(li.name.strip(), "liaison.name", owner),
                "title": title, "own_title": title if own else "",
                "phone": value(li.phone.strip(), "liaison.phone", owner),
                "email": value(li.email.strip(), "liaison.email", owner),
                "languages": [fmt.language(c) for c in li.languages]}

    def event_dict(self, e: Event, lang: str, asked: str | None) -> dict[str, Any]:
        key = (e.id, lang, asked)
        if key not in self._event_dicts:
            self._event_dicts[key] = self._event_dict(e, lang, asked)
        return self._event_dicts[key]

    def _event_dict(self, e: Event, lang: str, asked: str | None) -> dict[str, Any]:
        fmt = self.renderer.formatter(lang, asked)
        owner = f"event {e.id}"
        time = None
        if e.time:
            try:
                time = dt.time.fromisoformat(e.time)
            except ValueError:
                time = None
        tr = self.tracker(lang)
        base = lang.split("-")[0]
        return {"id": e.id, "title": tr(e.title, f"event {e.id} title"), "kind": e.kind,
                "date": dt.date.fromisoformat(e.date),
                "time": time if time else value("", "event.time", owner),
                "place": value(tr(e.place, f"event {e.id} place"), "event.place", owner),
                "school": value(e.school, "event.school", owner),
                "interpreter": bool(e.interpreter),
                # Whether an interpreter for the reader's language will be there: the letter
                # says so, or offers to arrange one, and never lists the other languages.
                "interpreter_here": bool(e.interpreter) and any(
                    c.split("-")[0] == base for c in e.languages),
                "languages": [fmt.language(c) for c in e.languages]}

    def _school_keys(self, name: str) -> set[str]:
        if not name:
            return set()
        sch = self.cfg.school(name)
        return ({fold(name)} | ({fold(sch.name), fold(sch.short)} if sch else set())) - {""}

    def _for_schools(self, e: Event, schools: list[str]) -> bool:
        """An event is for a family when it names no school, or one of the family's."""
        keys = self._event_schools.get(e.id) or self._school_keys(e.school)
        if not keys or not schools:
            return True
        return any(fold(s) in keys for s in schools)

    def _school_names(self, family: Family | None) -> list[str]:
        if family is None:
            return [s.name for s in self.cfg.schools]
        out: list[str] = []
        for st in family.students:
            sch = self.cfg.school(st.school) if st.school else None
            name = sch.name if sch else st.school
            if name and name not in out:
                out.append(name)
        return out

    # -- one letter

    def _common(self, lang: str, asked: str | None) -> dict[str, Any]:
        return {"lang": lang, "dir": direction(lang), "today": self.today,
                "reader_language": self.renderer.formatter(lang, asked).language(lang),
                "template": self.template, "liaison": self.liaison(lang, asked),
                "visit_times": list(self.visit_times),
                "conference": dict(self.conference) if self.conference else None}

    def generic(self, lang: str, asked: str | None = None) -> dict[str, Any]:
        ctx = self._common(lang, asked)
        schools = [self.school(s.name, lang) for s in self.cfg.schools]
        tr = self.tracker(lang)
        supplies = []
        for s in self.cfg.schools:
            for grade in sorted(s.supply_lists, key=lambda g: _grade_key(_norm_grade(g))):
                if s.supply_lists[grade]:
                    supplies.append({"student": None, "school": s.name, "grade": _norm_grade(grade),
                                     "list": [tr(i, "supply list item")
                                              for i in s.supply_lists[grade]]})
        event = self._event or (self.events[0] if self.events and self.template == "event-invite"
                                else None)
        if event is None and self.template == "event-invite":
            raise NotFoundError("There is no upcoming event to invite families to; add one, or "
                                "name one with --event E2.")
        if self.template == "referral-notice" or self.opts.referral:
            raise UsageError("A referral notice is written to one family; add --referral R3 "
                             "or --family F3.")
        ctx.update({
            "generic": True, "family": None, "student": None, "guardian": None, "greeting": None,
            "interpreter_needed": False,
            "school": schools[0] if len(schools) == 1 else None, "schools": schools,
            "supplies": supplies,
            "upcoming_events": [self.event_dict(e, lang, asked)
                                for e in self.events[:UPCOMING_EVENTS]],
            "event": self.event_dict(event, lang, asked) if event else None,
            "referral": None, "attempts": [], "attempts_count": 0, "attempts_since": None,
            "attempts_one_month": False,
        })
        if ctx["conference"] is not None:
            ctx["conference"].update({
                "teacher": value(ctx["conference"]["teacher"], "conference.teacher", "--teacher"),
                "place": value(ctx["conference"]["place"], "conference.place", "--place"),
                "time": ctx["conference"]["time"] or value("", "conference.time", "--time"),
                "teacher_gender": self.gender_of_staff(ctx["conference"]["teacher"]),
                "student": None})
        return ctx

    def for_family(self, family: Family, guardian: Guardian | None, lang: str,
                   asked: str | None = None) -> dict[str, Any]:
        ctx = self._common(lang, asked)
        owner = f"family {family.id}"
        students = []
        order = naming_order(family.home_language or family.language or lang)
        for i, st in enumerate(family.students):
            sch = self.cfg.school(st.school) if st.school else None
            students.append({
                "name": value(st.name, f"family.students[{i}].name", owner),
                "first_name": value(first_name(st.name, order), f"family.students[{i}].name",
                                    owner),
                "gender": stored_gender(st.gender),
                "teacher_gender": self.gender_of_staff(st.teacher),
                "grade": value(st.grade, f"family.students[{i}].grade", owner),
                "school": value(sch.name if sch else st.school, f"family.students[{i}].school", owner),
                "teacher": value(st.teacher, f"family.students[{i}].teacher", owner),
            })
        school_names = self._school_names(family)
        schools = [self.school(n, lang) for n in school_names]
        tr = self.tracker(lang)
        supplies = []
        for st in family.students:
            sch = self.cfg.school(st.school) if st.school else None
            if sch is None or not st.grade:
                continue
            lists = {_norm_grade(g): items for g, items in sch.supply_lists.items()}
            if lists.get(st.grade):
                supplies.append({"student": st.name, "school": sch.name, "grade": st.grade,
                                 "list": [tr(i, "supply list item") for i in lists[st.grade]]})
        g = None
        if guardian is not None:
            g = {"name": value(guardian.name, "guardian.name", owner),
                 "relationship": value(guardian.relationship, "guardian.relationship", owner),
                 "gender": gender_of(guardian.relationship),
                 "kin": kin_of(guardian.relationship)}
        events = [e for e in self.events if self._for_schools(e, school_names)]
        event = self._event
        if event is None and self.template == "event-invite":
            event = events[0] if events else None
            if event is None:
                raise NotFoundError(f"There is no upcoming event for {family.id}'s schools; add "
                                    "one, or name one with --event E2.")
        ctx.update({
            "generic": False,
            "family": {"id": family.id, "name": value(family.name, "family.name", owner),
                       "students": students,
                       "children_gender": group_gender([s["gender"] for s in students])},
            "student": students[0] if students else None,
            "guardian": g,
            "greeting": guardian.name if guardian is not None and guardian.name else None,
            "interpreter_needed": family.interpreter_needed,
            "school": schools[0] if schools else None,
            "schools": schools,
            "supplies": supplies,
            "upcoming_events": [self.event_dict(e, lang, asked) for e in events[:UPCOMING_EVENTS]],
            "event": self.event_dict(event, lang, asked) if event else None,
            "referral": self._referral(family, tr) if (self.template == "referral-notice"
                                                    or self.opts.referral) else None,
            **self._attempts(family),
        })
        if ctx["conference"] is not None:
            first = family.students[0] if family.students else None
            conf = ctx["conference"]
            conf["teacher"] = value(conf["teacher"] or (first.teacher if first else ""),
                                    "conference.teacher", f"{owner} (give --teacher)")
            conf["place"] = value(conf["place"], "conference.place", "this letter (give --place)")
            conf["time"] = conf["time"] or value("", "conference.time", "this letter (give --time)")
            conf["teacher_gender"] = self.gender_of_staff(conf["teacher"] or "")
            conf["student"] = students[0] if students else None
        return ctx

    def _referral(self, family: Family, tr: Tracker) -> dict[str, Any]:
        from .referrals import get_referral

        if self.opts.referral:
            r = get_referral(self.session, self.opts.referral)
            if r.family_id != family.id:
                raise UsageError(f"{r.id} is a referral of another family, not {family.id}; run "
                                 f"`liaison referrals --family {family.id}` to see theirs.")
        else:
            mine = [(int(k), rec) for k, rec in self.session.referrals.of_family(family.id).items()
                    if rec.get("status") in ("referred", "accepted", "in-progress")]
            if not mine:
                raise UsageError(f"{family.id} has no open referral to write about; name one with "
                                 "--referral R3.")
            k, rec = max(mine, key=lambda kr: (kr[1].get("date", ""), kr[0]))
            from .referrals import _referral as make

            r = make(k, rec)
        owner = f"referral {r.id}"
        from .referrals import service_of

        found = service_of(self.session, r)
        svc = found.to_dict() if found else {}
        sid = found.id if found else self._service_ids.get(fold(r.service), "")
        where = f"service {sid}" if sid else "referral service"
        return {"id": r.id, "service": tr(r.service, f"{where} name"),
                "description": tr(svc.get("eligibility", ""), f"{where} description"),
                "organisation": value(r.organisation or svc.get("organisation", ""),
                                      "referral.organisation", owner),
                "phone": value(svc.get("phone", ""), "referral.phone",
                               f"{owner}: its service has no phone in the directory"),
                "address": value(svc.get("address", ""), "referral.address",
                                 f"{owner}: its service has no address in the directory"),
                "date": dt.date.fromisoformat(r.date),
                "student": value(r.student, "referral.student", owner)}

    def _attempts(self, family: Family) -> dict[str, Any]:
        """The failed attempts since the family was last reached, up to the letter's date (a
        contact logged ahead of it is not something the letter can report): the last
        RECENT_ATTEMPTS, how many there were, the first one's date and whether they all fall
        in one month, so a template says "several times in November" instead of listing each."""
        summary = self.session.contacts.summary([family.id]).get(family.id, {})
        done = [a for a in summary.get("attempts", []) if a["date"] <= self.today.isoformat()]
        dates = [dt.date.fromisoformat(a["date"]) for a in done]
        return {
            "attempts": [{"date": dt.date.fromisoformat(a["date"]), "kind": a["kind"],
                          "outcome": a["outcome"]} for a in done[-RECENT_ATTEMPTS:]],
            "attempts_count": len(done),
            "attempts_since": dates[0] if dates else None,
            "attempts_one_month": bool(dates) and (dates[0].year, dates[0].month)
            == (dates[-1].year, dates[-1].month),
        }


# --------------------------------------------------------------------------- rendering


# Compiled templates are kept for the process (keyed by the template body's hash, so an edit
# is seen): the test suite and a long-lived caller render hundreds of letters.
_RENDERER = Renderer()


class Writer:
    """Renders letters for one run: the library, the compiled templates and the page options."""

    def __init__(self, app: App, opts: LetterOptions):
        self.app = app
        self.opts = opts
        self.lib = library(app)
        self.template = self.lib.check_name(opts.template)
        self.fmt = parse_format(opts.fmt)
        self.renderer = _RENDERER
        self.renderer.new_run()  # the time limits count from here
        self._resolved: dict[str, Resolved] = {}
        self._en_title: str | None = None
        self.last_text = ""  # the last letter's Markdown, before any conversion

    def review(self, r: Resolved) -> str:
        """The review status of the file `r` renders: master, draft, reviewed or stale."""
        master = self.lib.master(self.template)
        return review_status(r.file, master.version if master else "")

    def resolve(self, asked: str) -> Resolved:
        r = self._resolved.get(asked)
        if r is None:
            r = self._resolved[asked] = self.lib.resolve(
                self.template, asked, self.fmt, self.app.config.default_language)
        return r

    def readable(self, lang: str) -> bool:
        """Whether this template has a letter in `lang` or a language its readers read."""
        return self.resolve(lang).near

    def asked_for(self, lang_opt: str | None, guardian: Guardian | None,
                  family: Family | None) -> str:
        return _asked_for(lang_opt, guardian, family, self.app.config.default_language,
                          self.readable)

    def notices(self, r: Resolved, langs: list[str], ctx: dict[str, Any]) -> list[tuple[str, str, str]]:
        """The notices a letter opens with: (lang, dir, text) in each of the reader's languages
        that has one, when the letter is a fallback the reader may not read."""
        if not r.foreign:
            return []
        from ..notices import notices_for

        found = notices_for(langs, r.lang)
        if not found:
            return []
        phone = self.app.config.liaison.phone.strip()
        if not phone:
            sch = ctx.get("school")
            p = sch.get("phone") if isinstance(sch, dict) else ""
            phone = p.strip() if isinstance(p, str) else ""
        if not phone:
            raise ConfigError(
                "A letter in a language the family may not read opens with a notice giving a "
                "number to call for an interpreter, and config.yaml has none; set liaison.phone "
                "in config.yaml (`liaison paths` shows where it is).")
        return [(n.lang, n.dir, n.render(phone)) for n in found]

    def letter(self, r: Resolved, content: str | bytes,
               notices: list[tuple[str, str, str]], **kw: Any) -> Letter:
        return Letter(self.template, r.file.title, r.asked, r.lang, self.fmt, content,
                      r.file.version, foreign=r.foreign, notices=[n[0] for n in notices],
                      converted_from=r.converted_from, **kw)

    @property
    def log_title(self) -> str:
        """The English title, for the disclosure log the staff read."""
        if self._en_title is None:
            master = self.lib.master(self.template)
            self._en_title = master.title if master else self.template
        return self._en_title

    def render(self, r: Resolved, ctx: dict[str, Any], who: str,
               notices: list[tuple[str, str, str]] = ()) -> str | bytes:
        """The letter in the output format; `notices` (lang, dir, text) open it."""
        text = self.renderer.render(r.file, ctx, who=who, asked=r.asked,
                                    persian_digits=self.app.config.persian_digits)
        self.last_text = text
        notices = list(notices)
        if not r.derived:
            if not notices:
                return text
            if self.fmt == "html":
                block = notices_html(notices)
                m = re.search(r"<body[^>]*>\n?", text, re.I)
                return text[:m.end()] + block + text[m.end():] if m else block + text
            return markdown_to_text(notices_markdown(notices)) + "\n" + text \
                if self.fmt == "txt" else notices_markdown(notices) + text
        cfg = self.app.config
        if self.fmt == "txt":
            return markdown_to_text(notices_markdown(notices) + text)
        if self.fmt == "html":
            return markdown_to_html(text, lang=r.lang, direction=direction(r.lang),
                                    title=r.file.title, paper=cfg.paper, letterhead=cfg.letterhead,
                                    notices=notices)
        if self.fmt == "pdf":
            from .. import pdf

            return pdf.render_pdf(text, lang=r.lang, title=r.file.title, paper=cfg.paper,
                                  letterhead=cfg.letterhead, notices=notices)
        return notices_markdown(notices) + text


def _codes(values: Any) -> list[str]:
    """Stored language lists (hand-edited, perhaps): the well-formed codes, in order."""
    if not isinstance(values, list):
        return []
    return [c for c in (record_lang(v) for v in values) if c and c != UNKNOWN]


def _asked_for(opts_lang: str | None, guardian: Guardian | None, family: Family | None,
               default: str, readable: Callable[[str], bool] | None = None) -> str:
    """The language a letter is asked in: --lang; else the first language the guardian reads
    that has a template (`readable`); else her preferred language, the first she reads or
    speaks, the family's home language, the default."""
    if opts_lang and opts_lang != "auto":
        return opts_lang
    if family is None:
        return default
    if guardian is not None:
        reads = _codes(guardian.reads)
        for code in reads:
            if readable is not None and readable(code):
                return code
        # Stored languages may have been edited by hand: a malformed one reads as UNKNOWN.
        if guardian.language:
            return record_lang(guardian.language) or default
        if reads or _codes(guardian.speaks):
            return (reads or _codes(guardian.speaks))[0]
    return record_lang(family.home_language or family.language) or default


def reader_languages(asked: str, guardian: Guardian | None, family: Family | None) -> list[str]:
    """Every language the reader is known to use, best first: the one asked, the guardian's
    preferred, spoken and read languages, the family's home language."""
    out = [asked]
    if guardian is not None:
        out += [record_lang(guardian.language)] + _codes(guardian.speaks) + _codes(guardian.reads)
    if family is not None:
        out.append(record_lang(family.home_language))
    return [c for c in dict.fromkeys(out) if c and c != UNKNOWN]


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_file(path: Path, content: str | bytes) -> None:
    """Write a letter file privately (mode 0600: it holds a family's details)."""
    write_private_text(path, content, durable=False)


def _contact_record(app: App, family: Family, guardian: Guardian | None, lt: Letter,
                    stamp: str) -> dict[str, Any]:
    """The stored form of a letter contact: a models.Contact without its id, exactly as
    contacts.record_contact stores one."""
    c = Contact(id="", family_id=family.id, date=app.today.isoformat(), kind="letter",
                summary=f"Letter: {lt.template} ({lt.lang})", direction="to",
                guardian=guardian.name if guardian else "", language=lt.lang,
                letter={"template": lt.template, "lang": lt.lang, "version": lt.version},
                created=stamp, updated=stamp)
    d = {f.name: getattr(c, f.name) for f in dc_fields(Contact)}
    d["letter"] = dict(c.letter)
    del d["id"]
    return d


def _record(s: Session, app: App, family: Family, guardian: Guardian | None, lt: Letter) -> str:
    from .contacts import record_contact

    contact = record_contact(
        s, app, family, kind="letter", summary=f"Letter: {lt.template} ({lt.lang})",
        date=app.today, direction="to", guardian=guardian.name if guardian else "",
        language=lt.lang, letter={"template": lt.template, "lang": lt.lang, "version": lt.version},
    )
    return contact.id


def _to_whom(family: Family, guardian: Guardian | None) -> str:
    role = (guardian.relationship or "guardian") if guardian else "household"
    return f"family {family.id} ({role})"


def render_letter(app: App, opts: LetterOptions, family_ref: str | None = None,
                  out: Path | None = None) -> Letter:
    """One letter: for a family (recorded unless dry_run) or, without one, the generic pack."""
    w = Writer(app, opts)
    if w.fmt == "pdf" and out is None:
        raise UsageError("A PDF letter needs --out FILE.pdf (PDF is not printed to the terminal).")
    if out is not None and out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name, or use --all/--tag/--families "
                         "to write one letter per family into it.")
    if out is not None and not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist; create it or choose another --out.")
    lang_opt = parse_letter_lang(opts.lang)
    if family_ref is None and opts.referral:
        family_ref = _referral_family(app, opts.referral)
    if family_ref is None:
        with app.store.read() as s:
            asked = w.asked_for(lang_opt, None, None)
            r = w.resolve(asked)
            builder = Context(app, s, opts, w.template, w.renderer)
            ctx = builder.generic(r.lang, asked)
            notices = w.notices(r, reader_languages(asked, None, None), ctx)
            content = w.render(r, ctx, "the generic letter (no family: guard family fields "
                               "with {% if family %})", notices)
        lt = w.letter(r, content, notices, english=builder.english_left(r.lang, w.last_text),
                      review=w.review(r))
        if out is not None:
            write_file(out, content)
            lt.path = out
        return lt
    session = app.store.read() if opts.dry_run else app.store.write()
    with session as s:
        family = get_family(s, family_ref)
        if family.status == "closed" and not opts.dry_run:
            raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` first, "
                                "or add --dry-run to only see the letter.")
        guardian = pick_guardian(family, opts.guardian)
        asked = w.asked_for(lang_opt, guardian, family)
        r = w.resolve(asked)
        builder = Context(app, s, opts, w.template, w.renderer)
        ctx = builder.for_family(family, guardian, r.lang, asked)
        notices = w.notices(r, reader_languages(asked, guardian, family), ctx)
        content = w.render(r, ctx, f"family {family.id}", notices)
        lt = w.letter(r, content, notices, family_id=family.id,
                      guardian=guardian.name if guardian else "",
                      interpreter_needed=family.interpreter_needed,
                      english=builder.english_left(r.lang, w.last_text), review=w.review(r))
        if out is not None:
            if opts.dry_run:
                write_file(out, content)  # a preview the liaison asked for; nothing recorded
            else:
                # Into place only once its contact and disclosure entry are committed.
                s.stage_output(out, _bytes(content), durable=False)
            lt.path = out
        if not opts.dry_run:
            from .audit import record_disclosure

            lt.contact_id = _record(s, app, family, guardian, lt)
            record_disclosure(app, s, what="letter", to_whom=_to_whom(family, guardian),
                              why=w.log_title, records=[family.id],
                              detail=f"{w.template} ({lt.lang}, {w.fmt})")
    return lt


def _referral_family(app: App, ref: str) -> str:
    from .referrals import get_referral

    with app.store.read() as s:
        return get_referral(s, ref).family_id


def letter_context(app: App, opts: LetterOptions, family_ref: str | None = None) -> dict[str, Any]:
    """The context a template would get, as JSON-ready data (for `letter --context`)."""
    w = Writer(app, opts)
    lang_opt = parse_letter_lang(opts.lang)
    with app.store.read() as s:
        if family_ref is None and opts.referral:
            family_ref = _referral_family(app, opts.referral)
        ctx_builder = Context(app, s, opts, w.template, w.renderer)
        if family_ref is None:
            asked = w.asked_for(lang_opt, None, None)
            return jsonable(ctx_builder.generic(w.resolve(asked).lang, asked))
        family = get_family(s, family_ref)
        guardian = pick_guardian(family, opts.guardian)
        asked = w.asked_for(lang_opt, guardian, family)
        return jsonable(ctx_builder.for_family(family, guardian, w.resolve(asked).lang, asked))


# --------------------------------------------------------------------------- mail merge


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", fold(text).encode("ascii", "ignore").decode()).strip("-")
    return s[:40].strip("-")


def merge_file_name(family: Family, template: str, lang: str, fmt: str) -> str:
    """"F3-garcia-welcome-es.md"; names in other scripts leave only the id."""
    slug = _slug(family.name)
    return "-".join(p for p in (family.id, slug, template, lang) if p) + f".{fmt}"


def mail_merge(app: App, opts: LetterOptions, sel: Selection, folder: Path,
               progress: Callable[[int, int], None] | None = None) -> MergeSummary:
    """One letter per family (per guardian when guardians read different languages) into
    `folder`; every letter recorded in one write session, with one disclosure-log entry."""
    w = Writer(app, opts)
    lang_opt = parse_letter_lang(opts.lang)
    summary = MergeSummary(folder=folder, template=w.template, dry_run=opts.dry_run)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {folder} is a file; a mail merge writes into a folder.")
    session = app.store.read() if opts.dry_run else app.store.write()
    with session as s:
        families, summary.skipped_closed = select(app, s, sel)
        if not families:
            raise NotFoundError("No active family matches; check the tag, ids or event "
                                "(`liaison families --tag …`).")
        ctx_builder = Context(app, s, opts, w.template, w.renderer)
        total = len(families)
        # Render everything before writing anything: a template that fails for the 300th
        # family leaves no half-written folder and records nothing.
        rendered: list[tuple[Family, Guardian | None, Letter, str | bytes]] = []
        for done, family in enumerate(families, start=1):
            for guardian, asked, r in _letters_for(w, family, lang_opt, app.config.default_language):
                ctx = ctx_builder.for_family(family, guardian, r.lang, asked)
                notices = w.notices(r, reader_languages(asked, guardian, family), ctx)
                content = w.render(r, ctx, f"family {family.id}", notices)
                # The content goes to disk; the summary keeps only what was sent to whom.
                lt = w.letter(r, "", notices, family_id=family.id,
                              guardian=guardian.name if guardian else "",
                              interpreter_needed=family.interpreter_needed,
                              english=ctx_builder.english_left(r.lang, w.last_text),
                              review=w.review(r))
                rendered.append((family, guardian, lt, content))
            if progress is not None:
                progress(done, total)
        stamp = app.stamp()
        records: list[dict[str, Any]] = []  # the letters' contacts, in order
        recorded: list[Letter] = []
        if opts.dry_run:
            ensure_private_dir(folder, tighten=False)  # letter files carry names and languages
        for family, guardian, lt, content in rendered:
            path = folder / merge_file_name(family, w.template, lt.lang, w.fmt)
            if opts.dry_run:
                write_file(path, content)  # a preview the liaison asked for; nothing recorded
            else:
                # Staged: the folder fills only once the contacts and the entry are committed.
                s.stage_output(path, _bytes(content), durable=False)
            lt.path = path
            if not opts.dry_run:
                records.append(_contact_record(app, family, guardian, lt, stamp))
                recorded.append(lt)
            summary.letters.append(lt)
        # All at once, not one add() per letter: the JSON store rewrites a file on every
        # insert, which made 1,000 letters take seconds.
        if records:
            for lt, n in zip(recorded, s.contacts.add_many(records), strict=True):
                lt.contact_id = f"C{n}"
        if not opts.dry_run and summary.letters:
            from .audit import record_disclosure

            ids = [lt.family_id for lt in summary.letters if lt.family_id]
            record_disclosure(app, s, what="letter",
                              to_whom=f"{len(set(ids))} families (mail merge)",
                              why=w.log_title, records=ids,
                              detail=f"{w.template} ({w.fmt}), {len(summary.letters)} letters")
    return summary


def _letters_for(w: Writer, family: Family, lang_opt: str | None, default: str):
    """(guardian, asked, resolved) per letter: one per language actually used, addressed to
    the first guardian who reads it. An explicit --lang gives one letter, to the first guardian
    (or the one --guardian names)."""
    if (lang_opt and lang_opt != "auto") or w.opts.guardian or len(family.guardians) < 2:
        g = pick_guardian(family, w.opts.guardian)
        asked = w.asked_for(lang_opt, g, family)
        return [(g, asked, w.resolve(asked))]
    out = []
    seen: set[str] = set()
    for g in family.guardians:
        asked = w.asked_for(lang_opt, g, family)
        r = w.resolve(asked)
        if r.lang not in seen:
            seen.add(r.lang)
            out.append((g, asked, r))
    return out


# --------------------------------------------------------------------------- the catalogue


def list_templates(app: App, template: str | None = None) -> list[dict[str, Any]]:
    """Templates × languages with their status (master, ok, stale, missing, error)."""
    return library(app).catalogue(template)
