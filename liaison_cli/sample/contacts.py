"""Everyday contacts, the kind that fill a liaison's log between the ones the sample's stories
tell: the lines a liaison writes after a call, a text, an email, a meeting, a conference, a home
visit or a letter, how often each kind happens, and at what time of day. Both the hand-written
caseload and the generated ones draw on them."""

from __future__ import annotations

import random

from .specs import StudentSpec

# Placeholders: {g} the guardian as the liaison calls them, {s} the student, {t} the teacher.
PHONE_TO = [
    "Called {g} about {s}'s absences this week; {s} had a fever and is back tomorrow.",
    "Checked in with {g}; {s} is settling in and likes {t}'s class.",
    "Reminded {g} of the conference with {t} and confirmed the time.",
    "Went through {s}'s report card with {g}, subject by subject.",
    "Helped {g} fill in the free and reduced-price lunch form over the phone.",
    "Passed on {t}'s note about missing homework; {g} will check the folder each night.",
    "Told {g} about the after-school homework club; {s} can start Monday.",
    "Explained the early-release day and the bus times to {g}.",
    "Talked with {g} about {s}'s reading; they will practise 20 minutes a night.",
    "Confirmed {g} got the field trip permission slip; it goes back Friday.",
    "Called {g} to say {s} had a great week; {t} asked me to pass it on.",
    "Gave {g} the school nurse's number about {s}'s medication at school.",
]
PHONE_FROM = [
    "{g} called: {s} will be absent for a doctor's appointment.",
    "{g} called asking how to reach {t}; gave the email and office hours.",
    "{g} called about the bus stop change; gave the transportation office number.",
    "{g} called worried about a conflict on the bus; passed it to the assistant principal.",
    "{g} called to ask about winter coats; put {s} on the clothing closet list.",
]
PHONE_FAILED = [
    ("no-answer", "Called {g}; no answer."),
    ("no-answer", "Called {g}; it rang out, no voicemail."),
    ("left-message", "Left a voicemail for {g} asking for a call back."),
    ("left-message", "Left a message for {g} about {s}'s attendance."),
    ("no-answer", "Called {g}; mailbox full."),
]
TEXT_TO = [
    "Texted {g} the conference time; {g} confirmed.",
    "Texted a reminder about picture day on Thursday.",
    "Sent {g} the supply list by text; got a thumbs-up.",
    "Texted {g} that the bus is running 20 minutes late today.",
    "Texted {g} the link to sign up for family night.",
]
TEXT_FROM = [
    "{g} texted: {s} is home sick today.",
    "{g} texted asking whether school is open on Friday; it is.",
    "{g} texted a photo of the signed permission slip.",
]
TEXT_FAILED = [
    "Texted {g} about {s}'s absence; no reply.",
    "Texted {g} asking for a good time to call; no reply.",
]
EMAIL_TO = [
    "Emailed {g} the steps to log in to the parent portal.",
    "Forwarded {t}'s weekly class update to {g}.",
    "Emailed {g} the winter break dates and the free meal sites.",
]
EMAIL_FROM = [
    "{g} emailed asking for {t}'s email address; sent it.",
    "{g} emailed a doctor's note for {s}'s absence; passed it to the office.",
]
MEETING = [
    "Met {g} at the front office to finish the enrollment forms.",
    "Met {g} and the school counselor about how {s} is adjusting.",
    "Met {g} and {t} about {s}'s ESL schedule.",
    "Met {g} at the office to pick up {s}'s bus pass.",
    "Went through the student handbook with {g} at school.",
]
CONFERENCE = [
    "Parent-teacher conference with {t}: {s} is strong in math and needs reading practice at home.",
    "Joined {g}'s conference with {t}: attendance and homework routines.",
    "Conference with {t}: {s} speaks up more in class; {g} asked about tutoring.",
]
HOME_VISIT = [
    "Home visit with {g}: went over the school calendar and the bus schedule.",
    "Home visit: brought winter coats and boots from the clothing closet.",
    "Home visit to set up the Chromebook and the parent portal with {g}.",
    "Home visit: talked about morning routines so {s} gets to school on time.",
]
LETTER_TEMPLATES = ["conference-reminder", "event-invite"]  # as `liaison letter` records them
EVENT_REMARKS = [
    "met {t}", "signed up for the adult ESL class", "asked about tutoring for {s}",
    "brought a dish to share", "stayed for the library tour", "met other families from the building",
]

# kind, weight; email only with an address, home visits only with consent
KIND_WEIGHTS = [("phone", 40), ("text", 20), ("email", 8), ("meeting", 9), ("conference", 7),
                ("home-visit", 7), ("letter", 9)]


def first_name(name: str) -> str:
    return name.split()[0]


def _student_call(s: StudentSpec | str) -> str:
    """How the liaison writes a student's name in a note (a generated one comes as text)."""
    return s if isinstance(s, str) else (s.call or first_name(s.name))


def _contact_line(rng: random.Random, pool: list[str], g: str, s: StudentSpec | str, t: str) -> str:
    return rng.choice(pool).format(g=g, s=_student_call(s), t=t)


def pick_kind(rng: random.Random, allowed: set[str]) -> str:
    kinds = [(k, w) for k, w in KIND_WEIGHTS if k in allowed]
    return rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]


def time_of_day(rng: random.Random, kind: str) -> str:
    if kind == "letter":
        return ""
    lo, hi = {"home-visit": (15, 18), "conference": (13, 18), "meeting": (8, 14)}.get(kind, (8, 16))
    return f"{rng.randint(lo, hi):02d}:{rng.choice((0, 15, 30, 45)):02d}"


def generic_contact(rng: random.Random, kind: str, failed: bool, g_call: str, student, teacher: str
                    ) -> tuple[str, str, str, dict[str, str]]:
    """(summary, outcome, direction, letter) for one contact of `kind`."""
    if failed:
        if kind == "text":
            return _contact_line(rng, TEXT_FAILED, g_call, student, teacher), "no-answer", "to", {}
        outcome, line = rng.choice(PHONE_FAILED)
        return line.format(g=g_call, s=_student_call(student), t=teacher), outcome, "to", {}
    if kind == "phone":
        if rng.random() < 0.2:
            return _contact_line(rng, PHONE_FROM, g_call, student, teacher), "reached", "from", {}
        return _contact_line(rng, PHONE_TO, g_call, student, teacher), "reached", "to", {}
    if kind == "text":
        if rng.random() < 0.3:
            return _contact_line(rng, TEXT_FROM, g_call, student, teacher), "reached", "from", {}
        return _contact_line(rng, TEXT_TO, g_call, student, teacher), "reached", "to", {}
    if kind == "email":
        if rng.random() < 0.3:
            return _contact_line(rng, EMAIL_FROM, g_call, student, teacher), "reached", "from", {}
        return _contact_line(rng, EMAIL_TO, g_call, student, teacher), "reached", "to", {}
    if kind == "meeting":
        return _contact_line(rng, MEETING, g_call, student, teacher), "reached", "to", {}
    if kind == "conference":
        return _contact_line(rng, CONFERENCE, g_call, student, teacher), "reached", "to", {}
    if kind == "home-visit":
        return _contact_line(rng, HOME_VISIT, g_call, student, teacher), "reached", "to", {}
    template = rng.choice(LETTER_TEMPLATES)
    return "", "reached", "to", {"template": template}
