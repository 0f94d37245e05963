"""The hand-written caseload as records: the families of people.py with their stories' contacts
topped up with everyday ones, their follow-ups (each linked to the contact it came out of), the
district's events with who came, and the referrals of referrals.py with a check on each outcome.

Everyday contacts and who came to events are drawn from a random source seeded with 7, so the
caseload is the same every time for the same day.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ..core.models import (
    REFERRAL_CLOSED,
    Contact,
    Event,
    Family,
    FollowUp,
    Guardian,
    Referral,
    Student,
)
from ..errors import LiaisonError
from .calendar import Days
from .contacts import EVENT_REMARKS, first_name, generic_contact, pick_kind, time_of_day
from .district import GRADE_SCHOOL, INTERPRETERS, LIAISON_LANGUAGES, SCHOOLS, TEACHERS
from .people import CASELOAD
from .records import Built, row, service_rows
from .referrals import REFERRALS
from .specs import FamilySpec


def handwritten_caseload(app) -> Built:
    rng = random.Random(7)
    today = app.today
    days = Days(today, app.calendar)
    stamp = app.stamp()
    built = Built(services=service_rows(stamp))
    iso = dt.date.isoformat

    contacts: list[dict[str, Any]] = []   # numbered once all are made, oldest first
    followups: list[dict[str, Any]] = []
    link: list[tuple[dict[str, Any], dict[str, Any]]] = []   # (follow-up, contact that made it)

    for number, spec in enumerate(CASELOAD, 1):
        fid = f"F{number}"
        phones = iter(range(100 + number * 2, 200))
        guardians = []
        for g in spec.guardians:
            phone = f"{'617' if number % 2 else '857'}-555-0{next(phones)}" if g.phone else ""
            guardians.append(Guardian(name=g.name, relationship=g.relationship, phone=phone,
                                      email=g.email, language=g.language, interpreter=g.interpreter))
        students = [Student(name=s.name, grade=s.grade, school=SCHOOLS[GRADE_SCHOOL[s.grade]],
                            teacher=TEACHERS[s.grade][0]) for s in spec.students]
        fam = Family(
            id=fid, name=spec.name, guardians=guardians, students=students, home_language=spec.lang,
            address=spec.address, tags=list(spec.tags), barriers=list(spec.barriers),
            consents={k: iso(days.ago(v)) for k, v in spec.consents.items()},
            arrival=iso(days.ago(spec.arrival)) if spec.arrival else "", notes=spec.notes,
            cadence_days=spec.cadence_days, created=stamp, updated=stamp,
        )
        if spec.closed:
            fam.status, fam.closed_on, fam.closed_reason = "closed", iso(days.ago(spec.closed[0])), spec.closed[1]
        built.families[number] = row(fam)

        fam_contacts = _family_contacts(rng, days, spec, fid, guardians, stamp)
        contacts += fam_contacts
        # Follow-ups: open ones come from the latest contact unless they name their source.
        # the contact a follow-up came out of: the latest hand-written reached one, else any
        bespoke = fam_contacts[:len(spec.log)]
        latest = max((c for c in bespoke if c["outcome"] == "reached"),
                     key=lambda c: (c["date"], c["time"]), default=None) or max(
            (c for c in fam_contacts if c["outcome"] == "reached"),
            key=lambda c: (c["date"], c["time"]), default=None)
        for item in spec.open:
            due, action = item[0], item[1]
            every = item[2] if len(item) > 2 else None
            source = item[3] if len(item) > 3 else ""
            fu = row(FollowUp(id=0, family_id=fid, due=iso(days.due(due)), action=action,
                              every_days=every, source=source, created=stamp, updated=stamp))
            followups.append(fu)
            if not source and latest is not None and latest["followup_id"] is None:
                latest["followup_id"] = -1  # claimed; numbered below
                link.append((fu, latest))
        for item in spec.done:
            due, action, note = item[0], item[1], item[2]
            status = item[3] if len(item) > 3 else "done"
            d = days.due(due)
            followups.append(row(FollowUp(id=0, family_id=fid, due=iso(d), action=action,
                                          status=status, done_on=iso(d), note=note,
                                          created=stamp, updated=stamp)))

    events, event_contacts = _hand_events(app, rng, days, built.families, stamp)
    contacts += event_contacts
    built.events = events

    contacts.sort(key=lambda c: (c["date"], c["time"], c["family_id"]))
    for n, c in enumerate(contacts, 1):
        built.contacts[n] = c
    for n, fu in enumerate(followups, 1):
        built.followups[n] = fu
    ids = {id(fu): n for n, fu in built.followups.items()}
    cids = {id(c): n for n, c in built.contacts.items()}
    for fu, c in link:
        c["followup_id"] = ids[id(fu)]
        fu["source"] = f"contact C{cids[id(c)]}"

    _hand_referrals(app, days, built, stamp)
    return built


def _contact_dict(fid: str, date: dt.date, kind: str, summary: str, time: str, direction: str,
                  guardian: Guardian, outcome: str, letter: dict[str, str], stamp: str) -> dict[str, Any]:
    spoken = kind in ("phone", "home-visit", "meeting", "conference", "event")
    interpreter = ""
    if (spoken and outcome == "reached" and guardian.interpreter
            and guardian.language not in LIAISON_LANGUAGES):
        interpreter = INTERPRETERS.get(guardian.language, "")
    if letter:  # worded as `liaison letter` records a letter it rendered
        letter = {**letter, "lang": guardian.language or "en"}
        summary = f"Letter: {letter['template']} ({letter['lang']})"
    return row(Contact(id="", family_id=fid, date=date.isoformat(), kind=kind, summary=summary,
                       time=time, direction=direction, guardian=guardian.name,
                       language=guardian.language or "en", interpreter=interpreter,
                       outcome=outcome, letter=letter, created=stamp, updated=stamp))


def _family_contacts(rng: random.Random, days: Days, spec: FamilySpec, fid: str,
                     guardians: list[Guardian], stamp_: str) -> list[dict[str, Any]]:
    """The hand-written contacts of one family, topped up with everyday ones to 8-12."""
    out: list[dict[str, Any]] = []
    reachable = [g for g in guardians if g.phone] or guardians
    primary = reachable[0]
    call = {g.name: c.call or first_name(g.name) for g, c in zip(guardians, spec.guardians, strict=True)}
    consent_hv = spec.consents.get("home-visit")
    for entry in spec.log:
        ago, kind, outcome, summary = entry[:4]
        direction = entry[4] if len(entry) > 4 else "to"
        g = primary
        letter = {"template": summary} if kind == "letter" else {}
        out.append(_contact_dict(fid, days.ago(ago), kind, summary, time_of_day(rng, kind), direction,
                                 g, outcome, letter, stamp_))
    # the span of the log: ten weeks, or since arrival, or until the family left
    oldest = min(70, (spec.arrival - 1) if spec.arrival else 70)
    newest = 1
    if spec.story == "closed" and spec.closed:
        newest = spec.closed[0] + 3
    elif spec.story == "quiet":
        newest = 16 if "newcomer" not in spec.tags else 11
    elif spec.story == "unreachable":
        newest = 36
    target = rng.randint(8, 12)
    if spec.story == "new":
        target = max(5, min(target, oldest // 2 + 2))
    n_generic = max(2, target - len(out))
    allowed = {"phone", "text", "meeting", "conference", "letter"}
    if any(g.email for g in guardians):
        allowed.add("email")
    for _ in range(n_generic):
        ago = rng.randint(newest, max(newest, oldest))
        kind = pick_kind(rng, allowed | ({"home-visit"} if consent_hv and ago < consent_hv else set()))
        g = rng.choice(reachable) if rng.random() < 0.3 else primary
        if kind == "email" and not g.email:
            g = next((x for x in guardians if x.email), primary)
        failed = kind in ("phone", "text") and rng.random() < (0.3 if kind == "phone" else 0.15)
        s = rng.choice(spec.students)
        summary, outcome, direction, letter = generic_contact(
            rng, kind, failed, call[g.name], s, TEACHERS[s.grade][0])
        if kind == "email" and rng.random() < 0.05:
            outcome, summary = "bounced", f"Email to {call[g.name]} bounced; need a current address."
        out.append(_contact_dict(fid, days.ago(ago), kind, summary, time_of_day(rng, kind), direction,
                                 g, outcome, letter, stamp_))
    if spec.story == "unreachable":
        # three or more failed attempts in a row, none reached in the last 30+ days
        have = sum(1 for c in out if c["outcome"] != "reached"
                   and c["date"] >= days.ago(35).isoformat())
        for ago in (2, 8, 17, 26)[: max(0, 4 - have)]:
            s = rng.choice(spec.students)
            kind = rng.choice(("phone", "phone", "text"))
            summary, outcome, direction, letter = generic_contact(
                rng, kind, True, call[primary.name], s, TEACHERS[s.grade][0])
            out.append(_contact_dict(fid, days.ago(ago), kind, summary, time_of_day(rng, kind),
                                     direction, primary, outcome, letter, stamp_))
    return out


def _hand_events(app, rng: random.Random, days: Days, families: dict[int, dict[str, Any]],
                 stamp: str) -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]]]:
    iso = dt.date.isoformat
    # families the story keeps out of touch lately do not turn up at recent events either
    quiet = {f"F{i}" for i, spec in enumerate(CASELOAD, 1) if spec.story in ("unreachable", "quiet")}

    def at(short: str, since: dt.date) -> list[str]:
        school = SCHOOLS[short] if short else ""
        out = []
        for n, f in families.items():
            if f["status"] != "active" and not f["closed_on"] > iso(since):
                continue
            if f["arrival"] and f["arrival"] > iso(since):
                continue
            if not school or any(s["school"] == school for s in f["students"]):
                out.append(f"F{n}")
        return out

    def tagged(*tags: str) -> list[str]:
        return [f"F{n}" for n, f in families.items()
                if f["status"] == "active" and set(tags) & set(f["tags"])]

    open_house = days.ago(65)
    literacy = days.ago(21)
    potluck = days.ago(8)
    workshop = days.ahead(11)
    esl_class = days.due(0) if not days.is_closed(app.today) else days.ahead(1)
    specs = [
        ("Back-to-School Open House", "open-house", open_house, "17:30",
         "Lincoln Elementary, gym and classrooms", "LES", ["en", "es", "ar", "vi", "pt"],
         at("LES", open_house), 0.6),
        ("Family Literacy Night", "family-night", literacy, "18:00", "Lincoln Elementary library",
         "LES", ["en", "es", "so", "ht", "prs"], at("LES", literacy), 0.45),
        ("Newcomer Families Community Potluck", "potluck", potluck, "17:30",
         "Roosevelt Middle School cafeteria", "", ["en", "es", "ar", "so", "ht", "pt", "fr", "prs", "vi", "zh"],
         [f for f in tagged("newcomer", "refugee") if f in at("", potluck)], 0.55),
        ("Middle School Math: How to Help at Home", "workshop", workshop, "18:00",
         "Roosevelt Middle School library", "RMS", ["en", "es", "ar", "prs"], at("RMS", workshop), None),
        ("English Conversation for Parents", "parent-class", esl_class, "09:00",
         "Jefferson High School, Room 112", "JHS", ["en"], tagged("ell"), None),
    ]
    events: dict[int, dict[str, Any]] = {}
    contacts: list[dict[str, Any]] = []
    for n, (title, kind, day, time, place, short, langs, invited, rate) in enumerate(specs, 1):
        attended: list[str] = []
        if rate is not None:
            attended = [f for f in invited if rng.random() < rate
                        and (f not in quiet or day < days.ago(35))]
        events[n] = row(Event(id=f"E{n}", title=title, kind=kind, date=iso(day), time=time,
                              place=place, school=SCHOOLS.get(short, ""), languages=langs,
                              interpreter=len(langs) > 1, invited=invited, attended=attended,
                              created=stamp, updated=stamp))
        school_name = SCHOOLS.get(short, "")
        for fid in attended:
            fam = families[int(fid[1:])]
            g = Guardian.from_dict(fam["guardians"][0])
            here = [x for x in fam["students"] if not school_name or x["school"] == school_name]
            st = rng.choice(here or fam["students"])
            spec = CASELOAD[int(fid[1:]) - 1]
            call = spec.guardians[0].call or first_name(g.name)
            s_call = next((s.call for s in spec.students if s.name == st["name"] and s.call), first_name(st["name"]))
            remark = rng.choice(EVENT_REMARKS).format(t=st["teacher"], s=s_call)
            summary = f"{call} came to the {title} with {s_call}; {remark}."
            contacts.append(_contact_dict(fid, day, "event", summary, time, "to", g, "reached", {}, stamp))
    return events, contacts


def _hand_referrals(app, days: Days, built: Built, stamp: str) -> None:
    iso = dt.date.isoformat
    services = {s["name"]: s for s in built.services.values()}
    cal = app.calendar
    next_fu = max(built.followups, default=0) + 1
    for n, (fam_no, service, student, history, outcome) in enumerate(REFERRALS, 1):
        fid = f"F{fam_no}"
        steps = [{"date": iso(days.ago(ago)), "status": status, "note": note}
                 for ago, status, note in history]
        status = steps[-1]["status"]
        last = dt.date.fromisoformat(steps[-1]["date"])
        try:
            check = cal.add_school_days(last, app.config.referral_check_school_days)
        except LiaisonError:  # a calendar without terms this far ahead: count plain days
            check = last + dt.timedelta(days=14)
        closed = status in REFERRAL_CLOSED
        if closed and outcome:  # as `liaison referral update --outcome` words it
            steps[-1]["note"] = "; ".join(x for x in (steps[-1]["note"], f"outcome: {outcome}") if x)
        fu = FollowUp(
            id=next_fu, family_id=fid, due=iso(check if not closed else last),
            action=f"Check the outcome of referral R{n} to {service}", referral_id=f"R{n}",
            source=f"referral R{n}", status="done" if closed else "open",
            done_on=iso(last) if closed else "", note="referral closed" if closed else "",
            created=stamp, updated=stamp)
        built.followups[next_fu] = row(fu)
        built.referrals[n] = row(Referral(
            id=f"R{n}", family_id=fid, service=service, date=steps[0]["date"], status=status,
            student=student, organisation=services[service]["organisation"], note=steps[0]["note"],
            outcome=outcome if closed else "", followup_id=next_fu, history=steps,
            created=stamp, updated=stamp))
        next_fu += 1
