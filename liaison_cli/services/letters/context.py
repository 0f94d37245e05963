"""The context a template sees: built per family (or for the generic pack) from plain values —
never the store or the config object. docs/templates.md is its reference; keep the two in step.

A Context gathers what does not depend on the family once per run (schools, the liaison, the
upcoming events, the translations of config and record strings), so a merge of 1,000 letters
builds each of those once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...config import Liaison
from ...core.dates import resolve_date
from ...core.langs import is_traditional_chinese
from ...core.models import Event, Family, Guardian, fold
from ...core.persons import (
    first_name,
    group_gender,
    kin_of,
    naming_order,
    staff_gender,
    stored_gender,
)
from ...errors import NotFoundError, UsageError
from ...letters import Renderer, direction, traditional_text, value
from ...storage import Session
from ..app import App
from ..event_records import get_event
from ..family_input import GRADES, normalize_grade
from ..referrals import get_referral, referral_of, service_of
from ..translations import Tracker, load_catalogue, service_contexts
from .options import LetterOptions, default_visit_times, gender_of, parse_clock, parse_times

UPCOMING_EVENTS = 5
RECENT_ATTEMPTS = 3  # "we tried to reach you" names the last few, and summarises the rest


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
                "time": parse_clock(o.conference_time, "--time") if o.conference_time else None,
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
            r = referral_of(k, rec)
        owner = f"referral {r.id}"
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
