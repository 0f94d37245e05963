"""Big generated caseloads for benchmarks (`liaison init --sample --families N`): N families from
a random source seeded with 7, the same shape as the hand-written ones (about 10 contacts and 1-2
open follow-ups per family, 5% of them unreachable, a referral per 5 families, events with
invitations), so the same N gives the same caseload for the same day."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ..core.models import REFERRAL_CLOSED, Contact, Event, Family, FollowUp, Referral
from ..errors import LiaisonError
from .calendar import Days
from .contacts import KIND_WEIGHTS, generic_contact, time_of_day
from .district import GRADE_SCHOOL, INTERPRETERS, LIAISON_LANGUAGES, SCHOOLS, SERVICES, TEACHERS
from .names import GRADES, LANG_WEIGHTS, NAME_POOLS, STREETS, ascii_name, child_name, person_name
from .records import Built, row, service_rows


def generated_caseload(app, n_families: int) -> Built:
    rng = random.Random(7)
    today = app.today
    days = Days(today, app.calendar)
    stamp = app.stamp()
    iso = dt.date.isoformat
    ago_cache = {a: iso(days.ago(a)) for a in range(0, 121)}
    due_cache = {d: iso(days.due(d)) for d in range(-30, 31)}
    built = Built(services=service_rows(stamp))
    langs = [k for k, _ in LANG_WEIGHTS]
    lang_w = [w for _, w in LANG_WEIGHTS]

    family_tpl = row(Family(id="", name=""))
    contact_tpl = row(Contact(id="", family_id="", date="", kind=""))
    fu_tpl = row(FollowUp(id=0, family_id="", due="", action=""))

    contacts: list[dict[str, Any]] = []
    followups = built.followups
    fu_n = 0
    family_info: list[tuple[str, dict[str, Any], list]] = []
    for number in range(1, n_families + 1):
        fid = f"F{number}"
        lang = rng.choices(langs, weights=lang_w)[0]
        surname = rng.choice(NAME_POOLS[lang][0])
        native = lang == "zh" or (lang in ("ar", "prs") and rng.random() < 0.5)
        interp = lang != "en" and rng.random() < 0.75
        tags: list[str] = []
        if lang != "en" and rng.random() < 0.8:
            tags.append("ell")
        newcomer = rng.random() < 0.2
        if newcomer:
            tags.append("newcomer")
        if lang in ("ar", "so", "prs", "fr") and rng.random() < 0.4:
            tags.append("refugee")
        if lang == "en" and rng.random() < 0.4:
            tags.append("military")
        if rng.random() < 0.1:
            tags.append("housing-insecure")
        barriers = sorted({b for b, p in (("language", 0.7 if lang != "en" else 0.0), ("transport", 0.2),
                                          ("finances", 0.3), ("housing", 0.1 + 0.6 * ("housing-insecure" in tags)),
                                          ("health", 0.1), ("technology", 0.15)) if rng.random() < p})
        mother, mother_call = person_name(rng, lang, surname, True, native)
        g1 = {"name": mother, "relationship": rng.choice(("mother", "mother", "mother", "grandmother", "aunt")),
              "phone": f"{rng.choice(('617', '857', '781', '339'))}-555-01{rng.randrange(100):02d}",
              "email": f"{ascii_name(surname[0])}{number}@mail.example" if rng.random() < 0.4 else "",
              "language": lang, "interpreter": interp}
        guardians = [g1]
        calls = [mother_call]
        if rng.random() < 0.55:
            father, father_call = person_name(rng, lang, surname, False, False)
            guardians.append({"name": father, "relationship": "father",
                              "phone": f"{rng.choice(('617', '857'))}-555-01{rng.randrange(100):02d}"
                              if rng.random() < 0.7 else "",
                              "email": "", "language": lang,
                              "interpreter": interp and rng.random() < 0.6})
            calls.append(father_call)
        students = []
        for given in rng.sample(NAME_POOLS[lang][3], rng.choice((1, 1, 1, 2, 2, 3))):
            grade = rng.choice(GRADES)
            name, call = child_name(lang, surname, given)
            students.append(({"name": name, "grade": grade,
                              "school": SCHOOLS[GRADE_SCHOOL[grade]],
                              "teacher": rng.choice(TEACHERS[grade])}, call))
        arrival_ago = rng.randint(5, 110) if newcomer or "military" in tags and rng.random() < 0.5 else 0
        consents: dict[str, str] = {}
        consent_span = max(1, arrival_ago - 1) if arrival_ago else 120
        for kind, p in (("home-visit", 0.5), ("photos", 0.6), ("sharing", 0.45)):
            if rng.random() < p:
                consents[kind] = ago_cache[rng.randint(1, consent_span)]
        closed_ago = rng.randint(5, 40) if rng.random() < 0.03 else 0
        closed = bool(closed_ago)
        fam = {**family_tpl, "name": f"{surname[1]} {surname[0]}" if lang == "zh" else surname[0],
               "guardians": guardians, "students": [s for s, _ in students],
               "home_language": lang,
               "address": f"{rng.randint(1, 400)} {rng.choice(STREETS)}, Riverton, MA 0219{rng.randint(0, 1)}",
               "tags": tags, "barriers": barriers, "consents": consents,
               "arrival": ago_cache[arrival_ago] if arrival_ago else "",
               "external_ids": {}, "created": stamp, "updated": stamp}
        if closed:
            fam.update(status="closed", closed_reason="Moved out of the district",
                       closed_on=ago_cache[closed_ago])
        built.families[number] = fam
        family_info.append((fid, fam, students))

        # contacts: about ten over ten weeks (since arrival for newcomers); 5% unreachable
        unreachable = not closed and rng.random() < 0.05
        oldest = min(70, arrival_ago - 1) if arrival_ago > 2 else 70
        newest = 36 if unreachable else (closed_ago + 3 if closed else 1)
        n_contacts = min(rng.randint(8, 12), max(3, oldest // 2 + 2))  # a newcomer: fewer so far
        allowed = {"phone", "text", "meeting", "conference", "letter"}
        if any(g["email"] for g in guardians):
            allowed.add("email")
        if "home-visit" in consents:
            allowed.add("home-visit")
        picks = [k for k, _ in KIND_WEIGHTS if k in allowed]
        weights = [w for k, w in KIND_WEIGHTS if k in allowed]
        kinds = rng.choices(picks, weights=weights, k=n_contacts)
        plan = [(rng.randint(min(newest, oldest), oldest), k, False) for k in kinds]
        if unreachable:
            plan += [(a, "phone", True) for a in (3, 10, 19)]
        for ago, kind, force_fail in plan:
            gi = 1 if len(guardians) > 1 and rng.random() < 0.25 and guardians[1]["phone"] else 0
            if kind == "email" and not guardians[gi]["email"]:
                gi = 0 if guardians[0]["email"] else gi
                if not guardians[gi]["email"]:
                    kind = "phone"
            g = guardians[gi]
            student, s_call = rng.choice(students)
            failed = force_fail or (kind in ("phone", "text") and rng.random() < 0.25)
            summary, outcome, direction, letter = generic_contact(
                rng, kind, failed, calls[gi], s_call, student["teacher"])
            if letter:
                summary = f"Letter: {letter['template']} ({lang})"
            spoken = kind in ("phone", "home-visit", "meeting", "conference")
            contacts.append({
                **contact_tpl, "family_id": fid, "date": ago_cache[ago], "kind": kind,
                "summary": summary, "time": time_of_day(rng, kind), "direction": direction, "guardian": g["name"],
                "language": lang,
                "interpreter": INTERPRETERS.get(lang, "") if (spoken and outcome == "reached"
                                                             and g["interpreter"]
                                                             and lang not in LIAISON_LANGUAGES) else "",
                "outcome": outcome, "letter": {**letter, "lang": lang} if letter else {},
                "created": stamp, "updated": stamp})

        # follow-ups: 1-2 open (30 days overdue to 30 ahead), half the families one done
        if not closed:
            for _ in range(rng.choice((1, 1, 2))):
                fu_n += 1
                student, s_call = rng.choice(students)
                followups[fu_n] = {**fu_tpl, "family_id": fid, "due": due_cache[rng.randint(-30, 30)],
                                   "action": rng.choice(_ACTIONS).format(g=calls[0], s=s_call,
                                                                         t=student["teacher"]),
                                   "every_days": 14 if rng.random() < 0.05 else None,
                                   "created": stamp, "updated": stamp}
        if rng.random() < 0.5:
            fu_n += 1
            student, s_call = rng.choice(students)
            d = due_cache[rng.randint(-30, -1)]
            followups[fu_n] = {**fu_tpl, "family_id": fid, "due": d, "status": "done", "done_on": d,
                               "action": rng.choice(_ACTIONS).format(g=calls[0], s=s_call,
                                                                     t=student["teacher"]),
                               "note": rng.choice(("Done.", "Talked it through; all set.",
                                                   "Family already sorted it out.")),
                               "created": stamp, "updated": stamp}

    contacts.sort(key=lambda c: (c["date"], c["time"]))
    for n, rec in enumerate(contacts, 1):
        built.contacts[n] = rec
    del contacts

    _gen_referrals(app, rng, days, built, family_info, fu_n, stamp)
    _gen_events(rng, days, built, family_info, stamp)
    return built


_ACTIONS = [
    "Call {g} back about {s}'s attendance",
    "Send {g} the conference time with {t}",
    "Check {s}'s progress report with {t}",
    "Ask {g} whether the lunch form went through",
    "Home visit to go over the bus schedule",
    "Text {g} the family night details",
    "Follow up on {s}'s clinic appointment",
    "Help {g} log in to the parent portal",
    "Check in with {g} about the housing application",
    "Remind {g} about the dental van consent form",
]


def _gen_referrals(app, rng: random.Random, days: Days, built: Built,
                   family_info: list[tuple[str, dict[str, Any], list]], fu_n: int, stamp: str) -> None:
    iso = dt.date.isoformat
    cal = app.calendar
    check_days = app.config.referral_check_school_days
    referral_tpl = row(Referral(id="", family_id="", service="", date=""))
    fu_tpl = row(FollowUp(id=0, family_id="", due="", action=""))
    paths = [["referred"], ["referred", "accepted"], ["referred", "accepted", "in-progress"],
             ["referred", "accepted", "in-progress", "completed"], ["referred", "accepted", "completed"],
             ["referred", "declined"], ["referred", "no-response"]]
    check_cache: dict[str, str] = {}
    n = 0
    for fid, fam, students in family_info:
        if fam["status"] != "active" or rng.random() >= 0.2:
            continue
        n += 1
        name, category, org = rng.choice(SERVICES)[:3]
        path = rng.choice(paths)
        start = rng.randint(len(path) * 4, 60)
        steps, ago = [], start
        for status in path:
            steps.append({"date": iso(days.ago(ago)), "status": status, "note": ""})
            ago = max(1, ago - rng.randint(3, 10))
        status = path[-1]
        closed = status in REFERRAL_CLOSED
        last = steps[-1]["date"]
        if last not in check_cache:
            try:
                check_cache[last] = iso(cal.add_school_days(dt.date.fromisoformat(last), check_days))
            except LiaisonError:  # no terms far enough ahead in the calendar: count plain days
                check_cache[last] = iso(dt.date.fromisoformat(last) + dt.timedelta(days=14))
        fu_n += 1
        student = rng.choice(students)[0]["name"] if category in ("tutoring", "counselling", "health") else ""
        outcome = {"completed": "Service received.", "declined": "The family declined.",
                   "no-response": "The organisation could not reach the family."}.get(status, "")
        if outcome:
            steps[-1]["note"] = f"outcome: {outcome}"
        built.followups[fu_n] = {
            **fu_tpl, "family_id": fid, "due": last if closed else check_cache[last],
            "action": f"Check the outcome of referral R{n} to {name}", "referral_id": f"R{n}",
            "source": f"referral R{n}", "status": "done" if closed else "open",
            "done_on": last if closed else "", "note": "referral closed" if closed else "",
            "created": stamp, "updated": stamp}
        built.referrals[n] = {
            **referral_tpl, "family_id": fid, "service": name, "date": steps[0]["date"],
            "status": status, "student": student, "organisation": org, "outcome": outcome,
            "followup_id": fu_n, "history": steps, "created": stamp, "updated": stamp}
        if "sharing" not in fam["consents"] or fam["consents"]["sharing"] > steps[0]["date"]:
            fam["consents"] = {**fam["consents"], "sharing": steps[0]["date"]}


def _gen_events(rng: random.Random, days: Days, built: Built,
                family_info: list[tuple[str, dict[str, Any], list]], stamp: str) -> None:
    iso = dt.date.isoformat
    event_tpl = row(Event(id="", title="", kind="", date=""))
    by_school: dict[str, list[tuple[str, str]]] = {name: [] for name in SCHOOLS.values()}
    for fid, fam, students in family_info:
        if fam["status"] == "active":
            for school in {s["school"] for s, _ in students}:
                by_school[school].append((fid, fam["arrival"]))
    plan = [
        ("Back-to-School Open House", "open-house", -65, "17:30", "LES"),
        ("Back-to-School Night", "open-house", -63, "18:00", "RMS"),
        ("Freshman Family Orientation", "open-house", -61, "18:00", "JHS"),
        ("Family Literacy Night", "family-night", -21, "18:00", "LES"),
        ("Fall Conference Night", "conference-night", -14, "16:00", "JHS"),
        ("Newcomer Families Community Potluck", "potluck", -8, "17:30", "RMS"),
        ("English Conversation for Parents", "parent-class", 0, "09:00", "JHS"),
        ("Middle School Math: How to Help at Home", "workshop", 11, "18:00", "RMS"),
        ("Winter Family Game Night", "family-night", 20, "18:00", "LES"),
        ("College and Career Night", "workshop", 25, "18:30", "JHS"),
    ]
    for n, (title, kind, offset, time, short) in enumerate(plan, 1):
        if offset < 0:
            day = days.ago(-offset)
        elif offset == 0 and not days.is_closed(days.today):
            day = days.today
        else:
            day = days.ahead(offset)
        when = iso(day)
        invited = [f for f, arrival in by_school[SCHOOLS[short]]
                   if arrival <= when and rng.random() < 0.5]  # not before they arrived
        attended = [f for f in invited if rng.random() < 0.4] if offset < 0 else []
        built.events[n] = {**event_tpl, "title": title, "kind": kind, "date": when, "time": time,
                           "place": f"{SCHOOLS[short]}", "school": SCHOOLS[short],
                           "languages": ["en", "es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs"],
                           "interpreter": True, "invited": invited, "attended": attended,
                           "created": stamp, "updated": stamp}
