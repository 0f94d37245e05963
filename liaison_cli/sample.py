"""The sample caseload behind `liaison init --sample`, and big generated ones for benchmarks.

Everything here is invented: the district (Riverton), its schools, the families, their phone
numbers (the 555-01xx range is reserved for fiction) and their email addresses (the reserved
`.example` domain). Every date is counted from `app.today`, never from the real clock, so the
sample always has overdue, due-today, due-this-week and later follow-ups, families owed a
contact and families nobody has reached for a month, whatever day it is loaded.

`load_sample(app)` writes the hand-written caseload of 42 households; `load_sample(app, N)`
generates N families from a seeded random source (same shape: about 10 contacts and 1-2 open
follow-ups per family, a referral per 5 families, events with invitations). Both build plain
dicts and hand them to the store in one bulk load (one write session), so 20,000 families load
in seconds and a `--force` reload replaces the caseload instead of adding to it.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
from dataclasses import dataclass, field
from typing import Any

from .errors import LiaisonError
from .models import (
    REFERRAL_CLOSED,
    Contact,
    Event,
    Family,
    FollowUp,
    Guardian,
    Referral,
    Service,
    Student,
    fold,
)

# --------------------------------------------------------------------------- the district

LIAISON_LANGUAGES = ("en", "es")  # the sample liaison speaks these; others need an interpreter

SCHOOLS = {
    "LES": "Lincoln Elementary",
    "RMS": "Roosevelt Middle School",
    "JHS": "Jefferson High School",
}
GRADE_SCHOOL = {g: "LES" for g in ("K", "1", "2", "3", "4", "5")}
GRADE_SCHOOL.update({g: "RMS" for g in ("6", "7", "8")})
GRADE_SCHOOL.update({g: "JHS" for g in ("9", "10", "11", "12")})

# Homeroom / advisory teachers by grade; the hand-written caseload uses the first of each.
TEACHERS = {
    "K": ["Ms. Alvarez", "Mrs. Doyle"],
    "1": ["Mrs. Patel", "Ms. Kim"],
    "2": ["Mr. Greene", "Ms. Foster"],
    "3": ["Ms. O'Brien", "Mr. Santos"],
    "4": ["Mrs. Kowalski", "Ms. Reed"],
    "5": ["Mr. Thompson-Hale", "Mrs. Ito"],
    "6": ["Ms. Rivera", "Mr. Grant"],
    "7": ["Mr. Hughes", "Ms. Novak"],
    "8": ["Mrs. Dubois", "Mr. Ellis"],
    "9": ["Ms. Carter", "Mr. Bishop"],
    "10": ["Mr. Nakamura", "Ms. Price"],
    "11": ["Ms. Adeyemi", "Mr. Walsh"],
    "12": ["Mr. Sullivan", "Ms. Ortega"],
}

# Who interprets, by language: staff interpreters, or the phone line for the rarer languages.
INTERPRETERS = {
    "es": "Lucía Morales",
    "ar": "Nadia Farouk",
    "vi": "Trần Minh Châu",
    "zh": "Wang Fang",
    "so": "Abdi Warsame (district interpreter)",
    "ht": "Jean-Robert Célestin",
    "pt": "Ana Ribeiro",
    "fr": "Language line, interpreter #4471",
    "prs": "Hamid Noori",
}


# --------------------------------------------------------------------------- config.yaml


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th `weekday` (0 = Monday) of a month; n = -1 for the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    """A fixed-date holiday on a weekend is observed on the Friday before or the Monday after."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def school_year(today: dt.date) -> tuple[list[tuple[str, dt.date, dt.date]],
                                         list[tuple[str, dt.date, dt.date]]]:
    """Terms and closures of the school year holding `today` (it starts in August)."""
    y = today.year if today.month >= 8 else today.year - 1
    y1 = y + 1
    day = dt.timedelta(days=1)
    labor_day = _nth_weekday(y, 9, 0, 1)
    fall_start = labor_day + 2 * day  # the Wednesday after Labor Day
    dec24 = dt.date(y, 12, 24)
    if dec24.weekday() <= 4:
        winter_start = dec24 - dec24.weekday() * day
    else:
        winter_start = dec24 + (7 - dec24.weekday()) * day
    winter_end = winter_start + 11 * day  # the Friday of the following week
    fall_end = winter_start - 3 * day
    spring_start = winter_end + 3 * day
    spring_end = _nth_weekday(y1, 6, 4, 3)
    thanksgiving = _nth_weekday(y, 11, 3, 4)
    election = _nth_weekday(y, 11, 0, 1) + day
    february = _nth_weekday(y1, 2, 0, 3)
    april = _nth_weekday(y1, 4, 0, 3)
    terms = [("Fall", fall_start, fall_end), ("Spring", spring_start, spring_end)]
    closures = [
        ("Indigenous Peoples' Day", _nth_weekday(y, 10, 0, 2), _nth_weekday(y, 10, 0, 2)),
        ("Election Day (staff professional day)", election, election),
        ("Veterans Day", _observed(dt.date(y, 11, 11)), _observed(dt.date(y, 11, 11))),
        ("Thanksgiving", thanksgiving, thanksgiving + day),
        ("Winter break", winter_start, winter_end),
        ("Martin Luther King Jr. Day", _nth_weekday(y1, 1, 0, 3), _nth_weekday(y1, 1, 0, 3)),
        ("February break", february, february + 4 * day),
        ("Spring break", april, april + 4 * day),
        ("Memorial Day", _nth_weekday(y1, 5, 0, -1), _nth_weekday(y1, 5, 0, -1)),
        ("Juneteenth", _observed(dt.date(y1, 6, 19)), _observed(dt.date(y1, 6, 19))),
    ]
    return terms, closures


def _q(value: str) -> str:
    """Quote a value so it stays text for any YAML reader."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


SUPPLY_LISTS = {
    "LES": {
        "K": ["a backpack (no wheels)", "24 crayons", "4 glue sticks", "blunt-tip scissors",
              "a change of clothes in a bag", "a box of tissues"],
        "1": ["a backpack", "24 crayons", "12 pencils", "2 pink erasers", "4 glue sticks",
              "a plastic folder"],
        "2": ["24 pencils", "2 wide-ruled notebooks", "colored pencils", "4 glue sticks",
              "a pencil box", "headphones"],
        "3": ["24 pencils", "3 wide-ruled notebooks", "2 folders", "colored pencils",
              "a highlighter", "headphones"],
        "4": ["24 pencils", "4 notebooks", "3 folders", "a ruler (inches and cm)", "red pens",
              "headphones", "a reusable water bottle"],
        "5": ["24 pencils", "5 notebooks", "a 1-inch binder", "3 folders", "a ruler",
              "a calculator (basic)", "headphones"],
    },
    "RMS": {
        "6": ["a 2-inch binder with 5 dividers", "loose-leaf paper", "pencils and blue pens",
              "a protractor", "a basic calculator", "earbuds", "a combination lock for PE"],
        "7": ["a 2-inch binder with 5 dividers", "loose-leaf paper", "pencils and blue pens",
              "graph paper", "a scientific calculator", "earbuds"],
        "8": ["a 2-inch binder with 6 dividers", "loose-leaf paper", "pencils and blue pens",
              "graph paper", "a scientific calculator", "earbuds", "highlighters"],
    },
    "JHS": {
        "9": ["a notebook or binder for each class", "pens and pencils", "a scientific calculator",
              "a USB flash drive", "earbuds", "PE clothes and sneakers"],
        "10": ["a notebook or binder for each class", "pens and pencils",
               "a scientific calculator", "earbuds", "index cards"],
        "11": ["a notebook or binder for each class", "pens and pencils",
               "a graphing calculator (the school can lend one)", "earbuds"],
        "12": ["a notebook or binder for each class", "pens and pencils",
               "a graphing calculator (the school can lend one)", "earbuds"],
    },
}

_SCHOOL_DETAILS = {
    "LES": ("1200 Maple Avenue, Riverton, MA 02190", "617-555-0180", "Dr. Angela Brooks",
            "Monday to Friday, 7:45 to 3:30"),
    "RMS": ("45 Washington Street, Riverton, MA 02190", "617-555-0181", "Mr. Daniel Okafor",
            "Monday to Friday, 7:15 to 3:00"),
    "JHS": ("300 Harbor Road, Riverton, MA 02191", "617-555-0182", "Ms. Rebecca Lindqvist",
            "Monday to Friday, 7:00 to 2:45"),
}


def sample_config_text(today: dt.date) -> str:
    """A complete, commented config.yaml for the sample district (Riverton)."""
    terms, closures = school_year(today)
    lines = [_CONFIG_HEAD.rstrip("\n"), "", "# The schools you serve. `short` is what you type with --school.",
             "schools:"]
    for short, name in SCHOOLS.items():
        address, phone, principal, hours = _SCHOOL_DETAILS[short]
        lines += [
            f"  - name: {name}",
            f"    short: {short}",
            f"    address: {_q(address)}",
            f"    phone: {_q(phone)}",
            f"    principal: {_q(principal)}",
            f"    office_hours: {_q(hours)}",
            "    supply_lists:               # by grade; the welcome pack prints the child's list",
        ]
        for grade, items in SUPPLY_LISTS[short].items():
            lines.append(f"      {_q(grade)}: [{', '.join(_q(i) for i in items)}]")
    lines += ["", _CONFIG_MIDDLE.rstrip("\n"), "",
              "# School days skip weekends, closures and the days outside terms.", "calendar:",
              "  terms:"]
    for name, start, end in terms:
        lines.append(f"    - {{name: {name}, start: {start}, end: {end}}}")
    lines.append("  closures:")
    for name, start, end in closures:
        if start == end:
            lines.append(f"    - {{name: {_q(name)}, date: {start}}}")
        else:
            lines.append(f"    - {{name: {_q(name)}, date: {start}, end: {end}}}")
    lines += ["", _CONFIG_TAIL]
    return "\n".join(lines)


_CONFIG_HEAD = """\
# liaison configuration for the SAMPLE district (Riverton Public Schools, all invented).
# Every value is read as text, so `lang: no` stays Norwegian and `zip: 02134` keeps its
# leading zero. Run `liaison paths` to see where this file lives.

# You: printed at the foot of letters.
liaison:
  name: "Marisol Vega"
  title: "Family Liaison"
  phone: "617-555-0123"
  email: "m.vega@riverton.k12.example"
  languages: [en, es]      # languages you speak yourself (codes: en, es, ar, vi, zh, so, ht, pt, fr, prs)
"""

_CONFIG_MIDDLE = """\
default_language: en       # letters fall back to this language
week_start: monday         # the first day of your week: monday or sunday
paper: letter              # letter or a4, for PDF letters
letterhead: "Riverton Public Schools · Family and Community Engagement Office"
templates_dir: ""          # your own letter templates; they override the built-in ones
playbooks_dir: ""          # your own playbooks"""

_CONFIG_TAIL = """\
# How often each kind of family should hear from you. Only a reached contact resets the clock.
cadence:
  newcomer: {every: 1w, first_term_only: yes}
  housing-insecure: 2w
  refugee: 2w

# Who counts as unreachable: this many failed attempts in a row, or no reached contact in days.
unreachable:
  attempts: "3"
  days: "30"

referrals:
  check_after_school_days: "10"   # when to check what came of a referral

lock_timeout: "10"         # seconds to wait for another liaison command to finish
page_size: "25"            # rows shown before a listing says how to see more
"""


# --------------------------------------------------------------------------- services directory

# name, category, organisation, phone, address, languages, eligibility
SERVICES: list[tuple[str, str, str, str, str, list[str], str]] = [
    ("Homework Help Club", "tutoring", "Riverton Public Library", "781-555-0140",
     "10 Library Plaza, Riverton", ["en", "es"],
     "Grades 3-8; free; Monday to Thursday 3:30-5:30; no sign-up needed."),
    ("Bright Futures Tutoring", "tutoring", "Riverton Community College volunteers", "781-555-0141",
     "Riverton Community College, Building C", ["en", "es", "pt"],
     "Grades 9-12; SAT prep and college essays; weekday evenings and Saturday mornings."),
    ("School-based counselling", "counselling", "Riverton Family Counseling Center",
     "781-555-0142", "88 Elm Street, Riverton", ["en", "es", "pt", "ar"],
     "Any student; sessions at school during the day; parent consent needed; MassHealth or sliding scale."),
    ("Refugee youth and family counselling", "counselling", "New Roots Refugee Services",
     "781-555-0143", "5 Mill Street, Suite 200, Riverton", ["ar", "prs", "so", "fr", "en"],
     "Refugee and asylum-seeking families; trauma-informed; free; interpreters provided."),
    ("Riverton Community Food Pantry", "food", "Riverton Interfaith Council", "781-555-0144",
     "27 Church Street, Riverton", ["en", "es", "ht", "pt"],
     "Any Riverton household; once a week; ID or a utility bill if you have one; no questions about status."),
    ("Weekend Backpack Meals", "food", "Riverton Public Schools Food Services", "617-555-0145",
     "At each school; the liaison signs families up", ["en", "es"],
     "Students on free or reduced-price lunch; a backpack of food every Friday; confidential."),
    ("Emergency rental assistance", "housing", "Riverton Housing Authority", "781-555-0146",
     "150 Central Avenue, Riverton", ["en", "es", "pt"],
     "Riverton renters behind on rent or facing eviction; income limits apply; bring the lease."),
    ("Family Shelter Network", "housing", "Harborside Family Services", "781-555-0147",
     "Intake by phone", ["en", "es", "ht"],
     "Families without a fixed nighttime residence; the school keeps providing transport (McKinney-Vento)."),
    ("Riverton Community Health Center", "health", "Riverton Community Health Center",
     "781-555-0148", "400 Broadway, Riverton", ["en", "es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs"],
     "Sliding scale; no insurance needed; interpreters on site; immunizations and school physicals."),
    ("Mobile Dental Van", "health", "Smiles on Wheels", "781-555-0149",
     "Visits Lincoln Elementary and Roosevelt Middle monthly", ["en", "es"],
     "Grades K-8 with a signed parent consent form; free cleanings and sealants."),
    ("Adult ESL evening classes", "esl", "Riverton Adult Learning Center", "781-555-0150",
     "Jefferson High School, Room 112", ["en"],
     "Adults 18+; free; Tuesday and Thursday 6-8 pm; childcare on site."),
    ("Immigration and benefits legal clinic", "legal", "Greater Harbor Legal Aid", "781-555-0151",
     "12 Court Street, Riverton", ["en", "es", "ht", "pt", "ar", "fr"],
     "Free consultations on immigration status, benefits and housing; by appointment."),
    ("Warm Hands Clothing Closet", "clothing", "Riverton Public Schools PTO", "617-555-0152",
     "Roosevelt Middle School, Room 8", ["en", "es"],
     "Any student: winter coats, boots, uniforms and sneakers; ask the liaison."),
    ("Digital Access Program", "technology", "Riverton Public Schools IT", "617-555-0153",
     "District office, 1 School Street, Riverton", ["en", "es", "ar", "pt"],
     "Families of enrolled students; a loaner Chromebook and low-cost home internet sign-up."),
]


# --------------------------------------------------------------------------- generic contact lines

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


# --------------------------------------------------------------------------- building records


@dataclass
class _Built:
    """Every record of the caseload, keyed by number, as stored dicts (without their id)."""

    families: dict[int, dict[str, Any]] = field(default_factory=dict)
    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    followups: dict[int, dict[str, Any]] = field(default_factory=dict)
    referrals: dict[int, dict[str, Any]] = field(default_factory=dict)
    events: dict[int, dict[str, Any]] = field(default_factory=dict)
    services: dict[int, dict[str, Any]] = field(default_factory=dict)

    def summary(self) -> str:
        open_fu = sum(1 for f in self.followups.values() if f["status"] == "open")
        return (f"{len(self.families):,} families, {len(self.contacts):,} contacts, "
                f"{open_fu:,} open follow-ups, {len(self.referrals):,} referrals, "
                f"{len(self.events):,} events, {len(self.services):,} services")


BUILT_KINDS = ("families", "contacts", "followups", "referrals", "events", "services")


def _row(record) -> dict[str, Any]:
    d = record.to_dict()
    del d["id"]
    return d


class _Days:
    """Dates counted from today that land where a liaison would put them."""

    def __init__(self, today: dt.date, calendar):
        self.today = today
        self.calendar = calendar
        self.week_end = calendar.week_of(today)[1]

    def _closed(self, day: dt.date) -> bool:
        return day.weekday() >= 5 or any(a <= day <= b for a, b in self.calendar.closures)

    def ago(self, days: int) -> dt.date:
        """`days` ago, moved back to a weekday that is not a closure."""
        d = self.today - dt.timedelta(days=days)
        for _ in range(14):
            if not self._closed(d):
                break
            d -= dt.timedelta(days=1)
        return d

    def due(self, offset: int | str) -> dt.date:
        """A due date: 0 is today, "W" a later day this week (today on its last day),
        negative ones move back and positive ones forward off weekends and closures."""
        if offset == "W":
            return min(self.today + dt.timedelta(days=1), self.week_end) if self.week_end > self.today else self.today
        offset = int(offset)
        d = self.today + dt.timedelta(days=offset)
        if offset == 0:
            return d
        step = dt.timedelta(days=-1 if offset < 0 else 1)
        for _ in range(14):
            if not self._closed(d):
                break
            d += step
        return d

    def ahead(self, days: int) -> dt.date:
        return self.due(max(days, 1))


def _write(app, built: _Built) -> str:
    """Replace the store's records with the built caseload, in one write session."""
    with app.store.write() as s:
        # Every kind replaced whole: a --force reload replaces the old caseload instead of
        # adding to it.
        s.load({kind: getattr(built, kind) for kind in BUILT_KINDS})
    return built.summary()


def load_sample(app, families: int | None = None) -> str:
    """Fill the store with the sample caseload (or `families` generated ones); one write.

    Returns a one-line summary: "42 families, 415 contacts, 61 open follow-ups, …".
    """
    # Hundreds of thousands of small dicts that live until the end: the cyclic garbage collector
    # would walk them again and again for nothing (a third of the time at 20,000 families).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        built = _hand_written(app) if families is None else _generated(app, families)
        return _write(app, built)
    finally:
        if was_enabled:
            gc.enable()


def _services(stamp: str) -> dict[int, dict[str, Any]]:
    out = {}
    for n, (name, category, org, phone, address, langs, elig) in enumerate(SERVICES, 1):
        out[n] = _row(Service(id=f"S{n}", name=name, category=category, organisation=org,
                              phone=phone, address=address, languages=list(langs),
                              eligibility=elig, created=stamp, updated=stamp))
    return out


# --------------------------------------------------------------------------- the hand-written caseload


@dataclass
class _G:
    name: str
    relationship: str
    language: str
    interpreter: bool = False
    email: str = ""
    call: str = ""          # how the liaison refers to them in notes
    phone: bool = True


@dataclass
class _S:
    name: str
    grade: str
    call: str = ""


@dataclass
class _F:
    name: str
    lang: str
    address: str
    guardians: list[_G]
    students: list[_S]
    tags: list[str] = field(default_factory=list)
    barriers: list[str] = field(default_factory=list)
    consents: dict[str, int] = field(default_factory=dict)   # kind → days ago
    arrival: int | None = None                                 # days ago
    notes: str = ""
    story: str = "steady"   # steady | new | quiet | unreachable | closed
    closed: tuple[int, str] | None = None                      # (days ago, reason)
    # (days ago, kind, outcome, summary[, direction]); for a letter the summary is the template
    log: list[tuple] = field(default_factory=list)
    open: list[tuple] = field(default_factory=list)            # (due, action[, every_days[, source]])
    done: list[tuple] = field(default_factory=list)            # (due, action, note[, status])
    cadence_days: int | None = None


# The caseload. F3 is a Spanish-speaking newcomer family (other tests write its welcome letter).
CASELOAD: list[_F] = [
    _F("Nguyễn", "vi", "14 Elm Street, Apt 2, Riverton, MA 02190",
       [_G("Nguyễn Thị Lan", "mother", "vi", True, call="Ms. Lan")],
       [_S("Nguyễn Bảo Ngọc", "3", "Ngọc"), _S("Nguyễn Minh Khoa", "7", "Khoa")],
       tags=["ell"], barriers=["language", "technology"],
       consents={"home-visit": 50, "photos": 60},
       notes="Ms. Lan works early shifts at a nail salon; call after 4 pm. Prefers texts in Vietnamese.",
       log=[(9, "phone", "reached", "Called Ms. Lan with the interpreter about Khoa's missing science project; she will check his planner each night."),
            (30, "home-visit", "reached", "Home visit: set up the parent portal on Ms. Lan's phone in Vietnamese.")],
       open=[(-3, "Call Ms. Lan back about Khoa's science project grade"),
             ("W", "Text Ms. Lan the conference time with Mr. Hughes")],
       done=[(-20, "Help Ms. Lan log in to the parent portal", "Done at the home visit.")]),
    _F("Haddad", "ar", "220 Harbor Road, Apt 4B, Riverton, MA 02191",
       [_G("سارة حداد", "mother", "ar", True, call="Mrs. Haddad"),
        _G("Omar Haddad", "father", "ar", False, email="omar.haddad@mail.example", call="Mr. Haddad")],
       [_S("Yousef Haddad", "4"), _S("Lina Haddad", "9")],
       tags=["refugee", "newcomer", "ell"], barriers=["language", "finances", "transport"],
       consents={"home-visit": 70, "sharing": 70}, arrival=75,
       notes="Arrived from Jordan with the resettlement agency. Mr. Haddad speaks some English and works days; Mrs. Haddad is home with the youngest.",
       log=[(74, "meeting", "reached", "Met Mr. and Mrs. Haddad at the front office with the resettlement caseworker to enroll Yousef and Lina."),
            (72, "letter", "reached", "welcome"),
            (12, "phone", "reached", "Called Mrs. Haddad with Nadia interpreting: Lina is doing well in ESL but is tired; she helps at home in the evenings.")],
       open=[(6, "Ask Mrs. Haddad how the ESL evening class is going"),
             (0, "Call Mr. Haddad about Lina's bus pass for the late bus"),
             (12, "Home visit: check in on the family's first winter (coats, heating)", None, "playbook newcomer")],
       done=[(-60, "Welcome call after the first week", "Both children settled; Yousef made a friend in class.")]),
    _F("García", "es", "37 Cedar Lane, Riverton, MA 02190",
       [_G("María García", "mother", "es", True, email="maria.garcia@mail.example", call="Sra. García"),
        _G("José García", "father", "es", True, call="Sr. García")],
       [_S("Sofía García", "K", "Sofía"), _S("Mateo García", "3", "Mateo")],
       tags=["newcomer", "ell"], barriers=["language", "transport"],
       consents={"home-visit": 15, "photos": 18}, arrival=20,
       notes="Arrived from Guatemala in the fall to join Sr. García, who works construction. Sofía is shy in class; Mateo loves football.",
       story="new",
       log=[(19, "meeting", "reached", "Enrollment meeting with Sra. García in Spanish; both children start Monday."),
            (18, "letter", "reached", "welcome"),
            (8, "home-visit", "reached", "Home visit with Sra. and Sr. García: bus stop, lunch form, and the school calendar.")],
       open=[(-1, "Call Sra. García: did the lunch form go through?"),
             (0, "Weekly newcomer check-in with Sra. García", 7, "playbook newcomer"),
             (9, "Invite the Garcías to the parent English class")]),
    _F("Chen (陈)", "zh", "9 Linden Court, Riverton, MA 02190",
       [_G("陈丽华", "mother", "zh", True, call="Ms. Chen"),
        _G("Chen Wei", "father", "zh", False, email="chen.wei@mail.example", call="Mr. Chen")],
       [_S("Chen Yutong (Emily)", "6", "Emily")],
       tags=["ell"], barriers=["language"], consents={"photos": 55, "sharing": 55},
       notes="Mr. Chen reads English email; Ms. Chen prefers WeChat-style short texts in Chinese.",
       log=[(16, "conference", "reached", "Conference with Ms. Rivera; Wang Fang interpreted for Ms. Chen. Emily reads above grade level in Chinese, building English vocabulary.")],
       open=[(5, "Send Mr. Chen the middle school math workshop flyer in Chinese")]),
    _F("Warsame", "so", "18 Pleasant Street, Apt 1, Riverton, MA 02190",
       [_G("Hodan Warsame", "mother", "so", True, call="Hodan")],
       [_S("Ayaan Warsame", "2"), _S("Hamdi Warsame", "6"), _S("Mohamed Warsame", "10")],
       tags=["refugee", "ell"], barriers=["language", "housing", "finances"],
       consents={"home-visit": 80, "sharing": 80},
       notes="Phone number changes often (prepaid). The upstairs neighbour, Mrs. Farah, can pass on messages.",
       story="unreachable",
       log=[(48, "home-visit", "reached", "Home visit with Abdi interpreting: the landlord is selling the building; family may have to move."),
            (25, "phone", "wrong-number", "Number for Hodan is disconnected; asked the office for any new number."),
            (11, "phone", "no-answer", "Called the new number from the nurse's file; no answer.")],
       open=[(-9, "Find a working number for Hodan (ask Mohamed at the high school)"),
             (-2, "Send the 'we tried to reach you' letter in Somali"),
             (3, "Home visit to check whether the family has moved")]),
    _F("Jean-Baptiste", "ht", "61 Franklin Street, 2nd floor, Riverton, MA 02190",
       [_G("Marie-Claude Jean-Baptiste", "mother", "ht", True, call="Mme Jean-Baptiste")],
       [_S("Kervens Jean-Baptiste", "8"), _S("Mirlande Jean-Baptiste", "11")],
       tags=["newcomer", "ell", "housing-insecure"], barriers=["housing", "language", "finances"],
       consents={"home-visit": 45, "sharing": 45}, arrival=50,
       notes="Staying with Mme Jean-Baptiste's cousin; six people in a two-bedroom flat. Kervens was a strong student in Port-au-Prince.",
       log=[(49, "meeting", "reached", "Enrollment with Jean-Robert interpreting; Mirlande needs a transcript evaluation for credits."),
            (20, "phone", "reached", "Called Mme Jean-Baptiste: Kervens falls behind in math homework; offered the homework club.")],
       open=[(-4, "Ask the guidance office about Mirlande's transcript evaluation"),
             ("W", "Confirm Kervens' first day at Homework Help Club")]),
    _F("Souza", "pt", "5 Bay View Terrace, Riverton, MA 02191",
       [_G("Fernanda Souza", "mother", "pt", True, call="Sra. Souza"),
        _G("Ricardo Souza", "father", "pt", False, email="ricardo.souza@mail.example", call="Sr. Souza")],
       [_S("Gabriel Souza", "5")],
       tags=["ell"], barriers=["language"], consents={"home-visit": 100, "photos": 100, "sharing": 100},
       notes="Gabriel is on the soccer team; Sr. Souza handles school email.",
       open=[(14, "Check Gabriel's ESL exit test results with Mrs. Kowalski")],
       done=[(-15, "Send Sr. Souza the portal login", "Sent; he logged in the same day.")]),
    _F("Mbemba", "fr", "44 Water Street, Apt 3, Riverton, MA 02191",
       [_G("Grâce Mbemba", "mother", "fr", True, call="Mme Mbemba"),
        _G("Patrick Mbemba", "father", "fr", True, call="M. Mbemba")],
       [_S("Exaucé Mbemba", "1"), _S("Divine Mbemba", "7")],
       tags=["refugee", "newcomer", "ell"], barriers=["language", "finances", "health"],
       consents={"home-visit": 38, "sharing": 38, "photos": 38}, arrival=40,
       notes="From the Democratic Republic of the Congo via Uganda. Speak Lingala and French. Exaucé has asthma; inhaler at the nurse.",
       log=[(39, "meeting", "reached", "Enrollment with the phone interpreter; Exaucé's asthma plan started with the nurse."),
            (7, "phone", "reached", "Called M. Mbemba: first clinic appointment done, new inhaler brought to school.")],
       open=[(2, "Check with the nurse that Exaucé's asthma action plan is signed")]),
    _F("Ahmadi", "prs", "102 Summer Street, Riverton, MA 02190",
       [_G("فریبا احمدی", "mother", "prs", True, call="Mrs. Ahmadi"),
        _G("Mohammad Nasir Ahmadi", "father", "prs", True, call="Mr. Ahmadi")],
       [_S("Zahra Ahmadi", "8"), _S("Mustafa Ahmadi", "3"), _S("Sadia Ahmadi", "K")],
       tags=["refugee", "newcomer", "ell"], barriers=["language", "transport", "finances"],
       consents={"home-visit": 90, "sharing": 90}, arrival=95,
       notes="Arrived from Afghanistan on a Special Immigrant Visa. Mr. Ahmadi worked as an interpreter; speaks some English but prefers Dari for school matters.",
       story="quiet",
       log=[(94, "meeting", "reached", "Enrollment with Hamid interpreting; all three children enrolled, bus stop at Summer and Pine."),
            (18, "home-visit", "reached", "Home visit with Hamid: Zahra wants to join the girls' soccer team; permission form explained.")],
       open=[(-1, "Call Mr. Ahmadi about the legal clinic appointment")],
       done=[(-12, "Ask the clinic whether Sadia's vaccination records arrived",
              "Records arrived; the nurse cleared Sadia.")]),
    _F("Thompson", "en", "8 Fort Avenue, Riverton, MA 02191",
       [_G("Jessica Thompson", "mother", "en", email="jess.thompson@mail.example", call="Jessica"),
        _G("Daniel Thompson", "father", "en", email="daniel.thompson@mail.example", call="SSG Thompson", phone=False)],
       [_S("Caleb Thompson", "5"), _S("Ava Thompson", "9")],
       tags=["military"], consents={"home-visit": 40, "photos": 40},
       arrival=45,
       notes="Transferred from Fort Carson in September. SSG Thompson deployed until March; Jessica handles school. Ava misses her old friends.",
       log=[(44, "meeting", "reached", "Welcome meeting with Jessica; records from Colorado requested.")],
       open=[(7, "Invite Ava to the military-connected students' lunch group")]),
    _F("Hernández", "es", "31 Cedar Lane, Riverton, MA 02190",
       [_G("Rosa Hernández", "grandmother", "es", True, call="Doña Rosa")],
       [_S("Daniela Hernández", "6"), _S("Luis Hernández", "10")],
       tags=["housing-insecure"], barriers=["housing", "transport", "finances"],
       consents={"home-visit": 60, "sharing": 60},
       notes="Doña Rosa has custody of her grandchildren; they are doubled up with her sister while she waits for a housing voucher. Eligible for McKinney-Vento transport.",
       story="quiet",
       log=[(17, "phone", "reached", "Called Doña Rosa: the housing authority accepted the application; waiting for an interview date.")],
       open=[(-2, "Check in with Doña Rosa about the housing application", 14),
             (4, "Ask transportation to keep Luis' bus from Cedar Lane")]),
    _F("Al-Sayed", "ar", "77 Green Street, Riverton, MA 02190",
       [_G("Ahmed Al-Sayed", "father", "ar", True, call="Mr. Al-Sayed"),
        _G("نور السيد", "mother", "ar", True, call="Mrs. Al-Sayed")],
       [_S("Maryam Al-Sayed", "2"), _S("Hassan Al-Sayed", "11")],
       tags=["ell"], barriers=["language"], consents={"photos": 120},
       notes="From Basra. Hassan wants to study engineering; ask about dual enrollment.",
       open=[(10, "Set up a meeting for Hassan and Mr. Al-Sayed with the college counselor")]),
    _F("Phạm", "vi", "3 Orchard Way, Riverton, MA 02190",
       [_G("Phạm Thị Hồng", "mother", "vi", True, call="Ms. Hồng")],
       [_S("Phạm Gia Huy", "12", "Huy")],
       tags=["ell"], barriers=["language", "finances"], consents={"sharing": 50},
       notes="Huy is a senior and works after school at the family restaurant. FAFSA help needed in January.",
       open=[(20, "Book the FAFSA night interpreter for Ms. Hồng")],
       done=[(-38, "Ask Huy about tutoring", "Declined the tutoring; studying at the library on weekends.")]),
    _F("Rodríguez", "es", "150 Main Street, Apt 6, Riverton, MA 02190",
       [_G("Carmen Rodríguez", "mother", "es", False, email="carmen.rodriguez@mail.example", call="Carmen"),
        _G("Miguel Torres", "stepfather", "es", True, call="Miguel")],
       [_S("Valentina Rodríguez", "4"), _S("Diego Rodríguez", "8")],
       tags=["ell"], barriers=["transport"], consents={"home-visit": 100, "photos": 100},
       notes="Carmen works at the hospital, rotating shifts. Diego plays trumpet in the band.",
       open=[(1, "Call Carmen about the band trip permission form")]),
    _F("Osman", "so", "26 Chestnut Street, Riverton, MA 02190",
       [_G("Fadumo Osman", "mother", "so", True, call="Fadumo")],
       [_S("Sagal Osman", "1"), _S("Khadar Osman", "7")],
       tags=["refugee", "ell"], barriers=["language", "health"],
       consents={"home-visit": 40, "sharing": 40},
       notes="Khadar sees the counselor weekly. Fadumo prefers a female interpreter.",
       open=[(1, "Call Fadumo about Khadar's counselling consent renewal"),
             (6, "Home visit with Abdi to go over Sagal's reading plan")]),
    _F("Pierre", "ht", "12 Ash Street, Riverton, MA 02190",
       [_G("Nadège Pierre", "mother", "ht", False, email="nadege.pierre@mail.example", call="Nadège"),
        _G("Wilner Pierre", "father", "ht", True, call="Wilner")],
       [_S("Jameson Pierre", "3")],
       tags=["ell"], barriers=[], consents={"photos": 90},
       notes="Nadège is a CNA and speaks good English; Wilner prefers Kreyòl.",
       open=[(15, "Ask Ms. O'Brien whether Jameson can join the reading buddies")]),
    _F("Oliveira", "pt", "88 Harbor Road, Apt 12, Riverton, MA 02191",
       [_G("Juliana Oliveira", "mother", "pt", True, call="Juliana")],
       [_S("Lucas Oliveira", "9"), _S("Beatriz Oliveira", "K")],
       tags=["newcomer", "ell"], barriers=["language", "housing"],
       consents={"home-visit": 25, "photos": 25}, arrival=30, story="new",
       notes="Arrived from Minas Gerais. Renting a room; looking for an apartment.",
       log=[(29, "meeting", "reached", "Enrollment with Ana interpreting; Lucas placed in ESL 1 and grade 9 math."),
            (28, "letter", "reached", "welcome")],
       open=[(0, "Weekly newcomer check-in with Juliana", 7, "playbook newcomer"),
             (8, "Home visit (with permission) to meet the family at home", None, "playbook newcomer")]),
    _F("Wang (王)", "zh", "19 Birch Road, Riverton, MA 02190",
       [_G("王秀英", "grandmother", "zh", True, call="Grandma Wang"),
        _G("Wang Jun", "father", "zh", False, email="wang.jun@mail.example", call="Mr. Wang")],
       [_S("Wang Hao (Henry)", "2", "Henry")],
       tags=["ell"], barriers=["language"], consents={"photos": 70},
       notes="Mr. Wang works nights at the hospital kitchen; Grandma Wang does drop-off and pick-up.",
       open=[(11, "Email Mr. Wang the winter break meal sites")]),
    _F("Martínez", "es", "410 Central Avenue, Riverton, MA 02190",
       [_G("Ana Martínez", "mother", "es", True, call="Sra. Martínez")],
       [_S("Carlos Martínez", "6")],
       tags=["ell"], barriers=["finances"], consents={"photos": 80},
       story="closed", closed=(25, "Moved to Houston; records sent to the new school"),
       notes="Family moved to Texas to be near relatives.",
       log=[(27, "phone", "reached", "Sra. Martínez called: the family moves to Houston next week; records request explained.")],
       done=[(-26, "Send Carlos' records to the Houston school", "Sent by the registrar."),
             (-20, "Call Sra. Martínez about the band instrument loan", "Family moved.", "cancelled")]),
    _F("Johnson", "en", "Riverton Inn, Room 114 (temporary), Riverton, MA 02190",
       [_G("Tanya Johnson", "mother", "en", call="Ms. Johnson")],
       [_S("Aaliyah Johnson", "2"), _S("Jaylen Johnson", "7")],
       tags=["housing-insecure"], barriers=["housing", "transport", "finances"],
       consents={"home-visit": 60, "sharing": 60},
       notes="In a motel placement since October (McKinney-Vento). Phone minutes often run out; the motel front desk takes messages.",
       story="unreachable",
       log=[(45, "meeting", "reached", "Met Ms. Johnson at school: shelter placement confirmed; taxi to school arranged for both children."),
            (22, "phone", "left-message", "Left a message at the motel front desk for Ms. Johnson to call."),
            (6, "text", "no-answer", "Texted Ms. Johnson about Jaylen's three absences; no reply.")],
       open=[(-5, "Reach Ms. Johnson about Jaylen's absences (try the motel desk)"),
             (-3, "Confirm with transportation that the taxi still picks up at the motel", 14),
             (2, "Drop off the backpack meals at the motel if no answer")]),
    _F("Diallo", "fr", "55 Spring Street, Riverton, MA 02190",
       [_G("Mariama Diallo", "mother", "fr", True, call="Mme Diallo"),
        _G("Ibrahima Diallo", "father", "fr", False, email="ibrahima.diallo@mail.example", call="M. Diallo")],
       [_S("Alpha Diallo", "4"), _S("Fatoumata Diallo", "10")],
       tags=["ell"], barriers=["language"], consents={"photos": 90, "home-visit": 90},
       notes="From Guinea; Mme Diallo speaks Pular and French. Fatoumata translates at home but should not at school.",
       open=[(13, "Send the French conference reminder for Alpha")]),
    _F("Karimi", "prs", "7 Pine Street, Riverton, MA 02190",
       [_G("Abdul Karimi", "father", "prs", True, call="Mr. Karimi"),
        _G("Shabnam Karimi", "mother", "prs", True, call="Mrs. Karimi")],
       [_S("Mina Karimi", "5"), _S("Farid Karimi", "11")],
       tags=["refugee", "ell"], barriers=["language", "technology"],
       consents={"home-visit": 70, "sharing": 70},
       notes="Farid drives his father to work before school; often late for first period.",
       story="quiet",
       log=[(20, "phone", "reached", "Called Mr. Karimi with Hamid: the internet is installed and Mina can do homework online.")],
       open=[(-10, "Talk with Mr. Karimi about Farid's first-period lates")]),
    _F("López", "es", "220 Main Street, Apt 3, Riverton, MA 02190",
       [_G("Guadalupe López", "mother", "es", True, call="Sra. López")],
       [_S("Jonathan López", "12")],
       tags=["ell"], barriers=["finances"], consents={"photos": 100},
       notes="Sra. López works two jobs. Jonathan needs two more credits to graduate.",
       open=[(3, "Call Sra. López about Jonathan's credit recovery plan"),
             (16, "Book a meeting with the guidance counselor about graduation")]),
    _F("Hassan", "so", "40 Chestnut Street, Riverton, MA 02190",
       [_G("Abdullahi Hassan", "father", "so", False, email="a.hassan@mail.example", call="Mr. Hassan"),
        _G("Ubah Hassan", "mother", "so", True, call="Ubah")],
       [_S("Nasra Hassan", "K"), _S("Yusuf Hassan", "5"), _S("Ilhan Hassan", "8")],
       tags=["ell"], barriers=["language"], consents={"sharing": 40, "photos": 40},
       notes="Mr. Hassan drives for a delivery company and answers texts quickly.",
       open=[(22, "Ask Mr. Hassan to volunteer as a Somali family ambassador")]),
    _F("Mahmoud", "ar", "Riverton House Apartments, Unit 9, Riverton, MA 02191",
       [_G("آمال محمود", "mother", "ar", True, call="Mrs. Mahmoud")],
       [_S("Tariq Mahmoud", "6")],
       tags=["refugee", "newcomer", "ell"], barriers=["language", "finances"],
       consents={}, arrival=12, story="new",
       notes="Arrived from Sudan two weeks ago; no consents on file yet. Ask about a home visit at the next call.",
       log=[(11, "meeting", "reached", "Enrolled Tariq with Nadia interpreting; Mrs. Mahmoud was worried about his missed year of school."),
            (10, "letter", "reached", "welcome")],
       open=[(-1, "Ask Mrs. Mahmoud for permission for a home visit", None, "playbook newcomer"),
             ("W", "Check how Tariq's first full week went with Ms. Rivera", None, "playbook newcomer"),
             (21, "Six-week newcomer check-in", None, "playbook newcomer")]),
    _F("Ramírez", "es", "9 Water Street, Riverton, MA 02191",
       [_G("Sandra Ramírez", "mother", "es", False, call="Sandra")],
       [_S("Kevin Ramírez", "9")],
       tags=["ell"], barriers=["transport"], consents={"photos": 110},
       notes="Kevin has missed 14 days this term. Sandra works nights.",
       story="unreachable",
       log=[(40, "phone", "reached", "Talked with Sandra about Kevin's absences; she will wake him before she leaves work."),
            (19, "phone", "no-answer", "Called Sandra about Kevin's attendance; no answer."),
            (12, "phone", "left-message", "Left a message in Spanish about the attendance meeting.")],
       open=[(-8, "Schedule the attendance meeting with Sandra and Ms. Carter"),
             (1, "Home visit request letter in Spanish if still no answer")]),
    _F("Lima", "pt", "16 Shore Drive, Riverton, MA 02191",
       [_G("Cláudia Lima", "mother", "pt", False, email="claudia.lima@mail.example", call="Cláudia")],
       [_S("Rafael Lima", "3"), _S("Isabela Lima", "6")],
       tags=["ell"], consents={"photos": 100, "home-visit": 100},
       notes="Cláudia volunteers with the PTO and helps other Brazilian families.",
       open=[(18, "Ask Cláudia to help with the Portuguese table at the potluck")]),
    _F("Walker", "en", "23 Fort Avenue, Riverton, MA 02191",
       [_G("Megan Walker", "mother", "en", email="megan.walker@mail.example", call="Megan"),
        _G("Ryan Walker", "father", "en", email="ryan.walker@mail.example", call="CPT Walker")],
       [_S("Olivia Walker", "1"), _S("Noah Walker", "6")],
       tags=["military", "newcomer"], consents={"home-visit": 18, "photos": 18}, arrival=20,
       story="new",
       notes="PCS move from Germany. Noah has an IEP from the DoDEA school; records on their way.",
       log=[(19, "meeting", "reached", "Welcome meeting with Megan; Noah's IEP from the DoDEA school requested.")],
       open=[(2, "Chase Noah's IEP records from the DoDEA school"),
             (5, "Connect Megan with the military family support group")]),
    _F("Trần", "vi", "60 Orchard Way, Riverton, MA 02190",
       [_G("Trần Thị Mai", "mother", "vi", True, call="Ms. Mai"),
        _G("Trần Quốc Bảo", "father", "vi", True, call="Mr. Bảo")],
       [_S("Trần Khánh Linh", "K", "Linh")],
       tags=["newcomer", "ell"], barriers=["language"],
       consents={"home-visit": 90, "photos": 90}, arrival=100,
       notes="Linh started kindergarten speaking no English; now uses short sentences.",
       open=[(3, "Send Ms. Mai the kindergarten reading log in Vietnamese")]),
    _F("Joseph", "ht", "Harborside Family Shelter, Riverton, MA 02191",
       [_G("Rose-Michelle Joseph", "mother", "ht", True, call="Mme Joseph")],
       [_S("Daniel Joseph", "1"), _S("Sarah Joseph", "4"), _S("Samuel Joseph", "7")],
       tags=["newcomer", "ell", "housing-insecure"], barriers=["housing", "language", "finances"],
       consents={"home-visit": 55, "sharing": 55}, arrival=60,
       notes="Entered the family shelter in October. Children keep their schools (McKinney-Vento).",
       log=[(59, "meeting", "reached", "Enrolled the three children with Jean-Robert interpreting.")],
       open=[(0, "Call Mme Joseph about the shelter placement referral"),
             (10, "Winter coats for Daniel, Sarah and Samuel from the clothing closet")]),
    _F("Flores", "es", "5 Linden Court, Riverton, MA 02190",
       [_G("Elena Flores", "mother", "es", False, email="elena.flores@mail.example", call="Elena"),
        _G("Roberto Flores", "father", "es", True, call="Roberto")],
       [_S("Camila Flores", "5")],
       tags=["ell"], barriers=["health"], consents={"photos": 80, "sharing": 80},
       notes="Camila has asthma; new inhaler at the nurse's office.",
       open=[(25, "Remind Elena about the dental van consent form")]),
    _F("Li (李)", "zh", "120 Birch Road, Apt 5, Riverton, MA 02190",
       [_G("李娜", "mother", "zh", True, call="Ms. Li")],
       [_S("Li Zihan (Jason)", "10", "Jason")],
       tags=["newcomer", "ell"], barriers=["language"],
       consents={"photos": 50}, arrival=55,
       notes="Jason came from Shanghai; very strong in math, placed in honors geometry.",
       log=[(54, "meeting", "reached", "Enrollment with Wang Fang interpreting; Jason placed in ESL 2 and honors geometry.")],
       open=[(-5, "Weekly newcomer check-in with Ms. Li", 7, "playbook newcomer")]),
    _F("Mohamed", "so", "3 River Street, Apt 2, Riverton, MA 02191",
       [_G("Hawa Mohamed", "mother", "so", True, call="Hawa")],
       [_S("Ifrah Mohamed", "3"), _S("Abdirahman Mohamed", "12")],
       tags=["refugee", "ell", "housing-insecure"], barriers=["housing", "language", "finances"],
       consents={"home-visit": 60, "sharing": 60},
       notes="Facing eviction; Abdirahman works evenings to help with rent.",
       story="unreachable",
       log=[(50, "home-visit", "reached", "Home visit with Abdi: eviction notice; explained the legal clinic and food pantry."),
            (28, "phone", "no-answer", "Called Hawa about the legal clinic appointment; no answer."),
            (15, "text", "no-answer", "Texted Hawa in Somali; no reply."),
            (4, "phone", "no-answer", "Called Hawa; no answer.")],
       open=[(-6, "Ask Abdirahman at JHS whether the family is still at River Street"),
             (4, "Home visit with Abdi if there is still no answer")]),
    _F("Kabongo", "fr", "70 Water Street, Apt 1, Riverton, MA 02191",
       [_G("Esther Kabongo", "mother", "fr", True, call="Mme Kabongo"),
        _G("Jean-Pierre Kabongo", "father", "fr", False, call="M. Kabongo")],
       [_S("Merveille Kabongo", "2"), _S("Glodi Kabongo", "9")],
       tags=["refugee", "newcomer", "ell"], barriers=["language", "finances", "transport"],
       consents={"home-visit": 75, "sharing": 75}, arrival=80,
       notes="M. Kabongo was a teacher in Lubumbashi and wants to volunteer at the school.",
       open=[(8, "Ask M. Kabongo about volunteering at the French-speaking families' table"),
             (12, "Check Glodi's first progress report with Ms. Carter")]),
    _F("Castillo", "es", "18 Hill Street, Riverton, MA 02190",
       [_G("Patricia Castillo", "mother", "es", False, email="patricia.castillo@mail.example", call="Patricia")],
       [_S("Andrés Castillo", "11")],
       barriers=["finances"], consents={"photos": 100},
       notes="Andrés is bilingual; Patricia prefers Spanish for anything formal.",
       open=[(30, "Send Patricia the scholarship night invitation")]),
    _F("Nazari", "prs", "41 Summer Street, Riverton, MA 02190",
       [_G("پروانه نظری", "mother", "prs", True, call="Mrs. Nazari"),
        _G("Ahmad Shah Nazari", "father", "prs", True, call="Mr. Nazari")],
       [_S("Bilal Nazari", "4"), _S("Nazanin Nazari", "7")],
       tags=["refugee", "newcomer", "ell"], barriers=["language", "transport"],
       consents={"home-visit": 22}, arrival=25, story="new",
       notes="Arrived from Afghanistan via Qatar. Nazanin did not attend school for two years.",
       log=[(24, "meeting", "reached", "Enrollment with Hamid interpreting; Nazanin referred for a newcomer assessment."),
            (23, "letter", "reached", "welcome")],
       open=[(0, "Weekly newcomer check-in with Mrs. Nazari", 7, "playbook newcomer"),
             ("W", "Ask Mr. Nazari for consent to share details with New Roots")]),
    _F("Ali", "ar", "95 Main Street, Riverton, MA 02190",
       [_G("فاطمة علي", "mother", "ar", True, call="Mrs. Ali"),
        _G("Khaled Ali", "father", "ar", False, email="khaled.ali@mail.example", call="Mr. Ali")],
       [_S("Ibrahim Ali", "5"), _S("Amira Ali", "8")],
       tags=["ell"], barriers=["language"], consents={"photos": 100, "home-visit": 100},
       notes="Mr. Ali runs the market on Main Street; Mrs. Ali prefers calls in the morning.",
       open=[(9, "Ask Mr. Ali about donating to the family night raffle")]),
    _F("Costa", "pt", "2 Tremont Place, Riverton, MA 02190",
       [_G("Maria da Conceição Costa", "grandmother", "pt", True, call="Dona Conceição")],
       [_S("Tiago Costa", "7")],
       tags=["ell"], barriers=["transport", "health"], consents={"home-visit": 60},
       notes="Dona Conceição is raising Tiago; she has trouble with stairs, so meetings at home work best.",
       open=[(-11, "Return Dona Conceição's call about Tiago's glasses")]),
    _F("Miller", "en", "40 Fort Avenue, Riverton, MA 02191",
       [_G("Ashley Miller", "mother", "en", email="ashley.miller@mail.example", call="Ashley"),
        _G("James Miller", "father", "en", email="james.miller@mail.example", call="SFC Miller", phone=False)],
       [_S("Ethan Miller", "3"), _S("Chloe Miller", "8")],
       tags=["military"], barriers=["health"], consents={"home-visit": 120, "photos": 120, "sharing": 120},
       notes="SFC Miller deployed until spring. Ethan is struggling with the separation; sees the counselor.",
       open=[("W", "Weekly check-in with Ethan's counselor while dad is deployed", 7),
             (19, "Invite Ashley to the deployment support circle")]),
    _F("Vargas", "es", "Riverton Inn, Room 208 (temporary), Riverton, MA 02190",
       [_G("Yesenia Vargas", "mother", "es", True, call="Yesenia")],
       [_S("Brayan Vargas", "K"), _S("Ximena Vargas", "4")],
       tags=["newcomer", "housing-insecure", "ell"], barriers=["housing", "language", "finances"],
       consents={"home-visit": 30, "sharing": 30}, arrival=35,
       notes="Arrived from Honduras; staying in a motel placement. Brayan cries at drop-off.",
       log=[(34, "meeting", "reached", "Enrolled Brayan and Ximena; explained McKinney-Vento transport from the motel."),
            (33, "letter", "reached", "welcome")],
       open=[("W", "Weekly newcomer check-in with Yesenia", 7, "playbook newcomer"),
             (0, "Ask the food pantry about a delivery to the motel")]),
    _F("Zhang (张)", "zh", "12 Maple Avenue, Riverton, MA 02190",
       [_G("张伟", "father", "zh", True, call="Mr. Zhang"),
        _G("Liu Mei", "mother", "zh", False, email="liu.mei@mail.example", call="Ms. Liu")],
       [_S("Zhang Ruoxi (Lucy)", "K", "Lucy")],
       tags=["ell"], consents={"photos": 60},
       story="closed", closed=(10, "Moved to Newton; records sent to the new district"),
       notes="Family bought a house in Newton.",
       log=[(13, "email", "reached", "Ms. Liu emailed that the family is moving to Newton at the end of the month.", "from")],
       done=[(-11, "Send Lucy's records to the Newton Public Schools", "Registrar sent them.")]),
    _F("Baker", "en", "7 Ash Street, Riverton, MA 02190",
       [_G("Linda Baker", "grandmother", "en", call="Mrs. Baker")],
       [_S("Tyler Baker", "6")],
       barriers=["finances", "health"], consents={"home-visit": 70, "sharing": 70},
       notes="Mrs. Baker has legal guardianship since September. Tyler's mother is in treatment.",
       open=[(-14, "Help Mrs. Baker apply for the grandparents' kinship benefit"),
             (27, "Check in with Mrs. Baker after Tyler's progress report")]),
]

# family index (1-based), service, student, [(days ago, status, note)], outcome
REFERRALS: list[tuple[int, str, str, list[tuple[int, str, str]], str]] = [
    (2, "Riverton Community Health Center", "Yousef Haddad",
     [(50, "referred", "Immunization records incomplete."), (45, "accepted", "Appointment booked."),
      (30, "completed", "")], "Vaccines up to date; the nurse has the records."),
    (2, "Adult ESL evening classes", "",
     [(40, "referred", "For Mrs. Haddad."), (33, "accepted", "Placed in level 1, Tuesday and Thursday."),
      (20, "in-progress", "Attending with childcare.")], ""),
    (9, "Immigration and benefits legal clinic", "",
     [(60, "referred", "Question about the SIV green card paperwork."), (52, "accepted", ""),
      (24, "in-progress", "Second appointment done; waiting for documents.")], ""),
    (9, "Warm Hands Clothing Closet", "Sadia Ahmadi",
     [(30, "referred", "Coats and boots for three children."), (27, "completed", "")],
     "Coats and boots for all three children."),
    (5, "Emergency rental assistance", "",
     [(55, "referred", "Building being sold; rent increase."), (35, "no-response", "")],
     "The housing authority could not reach the family after three calls."),
    (20, "Family Shelter Network", "",
     [(40, "referred", ""), (38, "accepted", "Motel placement."),
      (25, "in-progress", "Taxi to school arranged from the motel.")], ""),
    (20, "Weekend Backpack Meals", "Jaylen Johnson",
     [(40, "referred", ""), (39, "accepted", ""), (36, "completed", "")],
     "A backpack every Friday for both children."),
    (11, "Emergency rental assistance", "",
     [(25, "referred", "Waiting list for a voucher."), (14, "accepted", "Application under review.")], ""),
    (6, "Homework Help Club", "Kervens Jean-Baptiste", [(18, "referred", "Math homework.")], ""),
    (8, "Riverton Community Health Center", "Exaucé Mbemba",
     [(28, "referred", "Asthma; needs a primary care doctor."), (21, "accepted", ""),
      (7, "in-progress", "First appointment done; inhaler at school.")], ""),
    (13, "Bright Futures Tutoring", "Phạm Gia Huy",
     [(45, "referred", "SAT prep and college essays."),
      (40, "declined", "Huy works after school.")], "Family chose weekend library hours instead."),
    (15, "School-based counselling", "Khadar Osman",
     [(35, "referred", ""), (30, "accepted", ""), (15, "in-progress", "Weekly sessions.")], ""),
    (22, "Digital Access Program", "Mina Karimi",
     [(28, "referred", ""), (22, "completed", "")], "Internet installed; Chromebook on loan."),
    (30, "Family Shelter Network", "", [(10, "referred", "Shelter stay ending in December.")], ""),
    (30, "Riverton Community Food Pantry", "",
     [(30, "referred", ""), (26, "completed", "")], "Family visits the pantry weekly."),
    (34, "Adult ESL evening classes", "",
     [(22, "referred", "For M. Kabongo."), (8, "no-response", "Did not answer the waitlist letter.")],
     "No reply to the waitlist letter."),
    (40, "Emergency rental assistance", "", [(6, "referred", "Needs first month and deposit.")], ""),
    (39, "School-based counselling", "Ethan Miller",
     [(15, "referred", "Separation anxiety during the deployment."), (9, "accepted", "")], ""),
    (24, "Mobile Dental Van", "Yusuf Hassan",
     [(25, "referred", "Yusuf and Nasra."), (18, "completed", "")], "Cleanings and sealants for both."),
    (33, "Riverton Community Food Pantry", "",
     [(50, "referred", ""), (44, "declined", "")], "Hawa said the family is managing for now."),
]


def _first(name: str) -> str:
    return name.split()[0]


def _student_call(s: _S | str) -> str:
    """How the liaison writes a student's name in a note (a generated one comes as text)."""
    return s if isinstance(s, str) else (s.call or _first(s.name))


def _contact_line(rng: random.Random, pool: list[str], g: str, s: _S | str, t: str) -> str:
    return rng.choice(pool).format(g=g, s=_student_call(s), t=t)


def _hand_written(app) -> _Built:
    rng = random.Random(7)
    today = app.today
    days = _Days(today, app.calendar)
    stamp = app.stamp()
    built = _Built(services=_services(stamp))
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
        built.families[number] = _row(fam)

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
            fu = _row(FollowUp(id=0, family_id=fid, due=iso(days.due(due)), action=action,
                               every_days=every, source=source, created=stamp, updated=stamp))
            followups.append(fu)
            if not source and latest is not None and latest["followup_id"] is None:
                latest["followup_id"] = -1  # claimed; numbered below
                link.append((fu, latest))
        for item in spec.done:
            due, action, note = item[0], item[1], item[2]
            status = item[3] if len(item) > 3 else "done"
            d = days.due(due)
            followups.append(_row(FollowUp(id=0, family_id=fid, due=iso(d), action=action,
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


def _pick_kind(rng: random.Random, allowed: set[str]) -> str:
    kinds = [(k, w) for k, w in KIND_WEIGHTS if k in allowed]
    return rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]


def _time(rng: random.Random, kind: str) -> str:
    if kind == "letter":
        return ""
    lo, hi = {"home-visit": (15, 18), "conference": (13, 18), "meeting": (8, 14)}.get(kind, (8, 16))
    return f"{rng.randint(lo, hi):02d}:{rng.choice((0, 15, 30, 45)):02d}"


def _generic_contact(rng: random.Random, kind: str, failed: bool, g_call: str, student, teacher: str
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
    return _row(Contact(id="", family_id=fid, date=date.isoformat(), kind=kind, summary=summary,
                        time=time, direction=direction, guardian=guardian.name,
                        language=guardian.language or "en", interpreter=interpreter,
                        outcome=outcome, letter=letter, created=stamp, updated=stamp))


def _family_contacts(rng: random.Random, days: _Days, spec: _F, fid: str,
                     guardians: list[Guardian], stamp_: str) -> list[dict[str, Any]]:
    """The hand-written contacts of one family, topped up with everyday ones to 8-12."""
    out: list[dict[str, Any]] = []
    reachable = [g for g in guardians if g.phone] or guardians
    primary = reachable[0]
    call = {g.name: c.call or _first(g.name) for g, c in zip(guardians, spec.guardians, strict=True)}
    consent_hv = spec.consents.get("home-visit")
    for entry in spec.log:
        ago, kind, outcome, summary = entry[:4]
        direction = entry[4] if len(entry) > 4 else "to"
        g = primary
        letter = {"template": summary} if kind == "letter" else {}
        out.append(_contact_dict(fid, days.ago(ago), kind, summary, _time(rng, kind), direction,
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
        kind = _pick_kind(rng, allowed | ({"home-visit"} if consent_hv and ago < consent_hv else set()))
        g = rng.choice(reachable) if rng.random() < 0.3 else primary
        if kind == "email" and not g.email:
            g = next((x for x in guardians if x.email), primary)
        failed = kind in ("phone", "text") and rng.random() < (0.3 if kind == "phone" else 0.15)
        s = rng.choice(spec.students)
        summary, outcome, direction, letter = _generic_contact(
            rng, kind, failed, call[g.name], s, TEACHERS[s.grade][0])
        if kind == "email" and rng.random() < 0.05:
            outcome, summary = "bounced", f"Email to {call[g.name]} bounced; need a current address."
        out.append(_contact_dict(fid, days.ago(ago), kind, summary, _time(rng, kind), direction,
                                 g, outcome, letter, stamp_))
    if spec.story == "unreachable":
        # three or more failed attempts in a row, none reached in the last 30+ days
        have = sum(1 for c in out if c["outcome"] != "reached"
                   and c["date"] >= days.ago(35).isoformat())
        for ago in (2, 8, 17, 26)[: max(0, 4 - have)]:
            s = rng.choice(spec.students)
            kind = rng.choice(("phone", "phone", "text"))
            summary, outcome, direction, letter = _generic_contact(
                rng, kind, True, call[primary.name], s, TEACHERS[s.grade][0])
            out.append(_contact_dict(fid, days.ago(ago), kind, summary, _time(rng, kind),
                                     direction, primary, outcome, letter, stamp_))
    return out


def _hand_events(app, rng: random.Random, days: _Days, families: dict[int, dict[str, Any]],
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
    esl_class = days.due(0) if not days._closed(app.today) else days.ahead(1)
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
        events[n] = _row(Event(id=f"E{n}", title=title, kind=kind, date=iso(day), time=time,
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
            call = spec.guardians[0].call or _first(g.name)
            s_call = next((s.call for s in spec.students if s.name == st["name"] and s.call), _first(st["name"]))
            remark = rng.choice(EVENT_REMARKS).format(t=st["teacher"], s=s_call)
            summary = f"{call} came to the {title} with {s_call}; {remark}."
            contacts.append(_contact_dict(fid, day, "event", summary, time, "to", g, "reached", {}, stamp))
    return events, contacts


def _hand_referrals(app, days: _Days, built: _Built, stamp: str) -> None:
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
        built.followups[next_fu] = _row(fu)
        built.referrals[n] = _row(Referral(
            id=f"R{n}", family_id=fid, service=service, date=steps[0]["date"], status=status,
            student=student, organisation=services[service]["organisation"], note=steps[0]["note"],
            outcome=outcome if closed else "", followup_id=next_fu, history=steps,
            created=stamp, updated=stamp))
        next_fu += 1


# --------------------------------------------------------------------------- generated caseloads

# surname pools (latin, native script or ""), then women's, men's and children's given names
_POOLS: dict[str, tuple[list[tuple[str, str]], list[str], list[str], list[str]]] = {
    "es": ([(s, "") for s in ("García", "Rodríguez", "Martínez", "Hernández", "López", "González",
                               "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez",
                               "Díaz", "Cruz", "Reyes", "Gutiérrez", "Ortiz", "Chávez", "Vargas")],
           ["María", "Guadalupe", "Rosa", "Carmen", "Ana", "Elena", "Yesenia", "Patricia", "Sandra"],
           ["José", "Juan", "Miguel", "Luis", "Carlos", "Jorge", "Roberto", "Francisco"],
           ["Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Isabella", "Sebastián",
            "Ximena", "Emiliano"]),
    "ar": ([("Haddad", "حداد"), ("Al-Sayed", "السيد"), ("Mahmoud", "محمود"), ("Ali", "علي"),
            ("Hussein", "حسين"), ("Khalil", "خليل"), ("Nasser", "ناصر"), ("Saleh", "صالح"),
            ("Youssef", "يوسف"), ("Ibrahim", "إبراهيم")],
           ["Fatima|فاطمة", "Amal|آمال", "Noor|نور", "Huda|هدى", "Rania|رانيا", "Layla|ليلى",
            "Mariam|مريم"],
           ["Ahmed|أحمد", "Omar|عمر", "Khaled|خالد", "Mohammed|محمد", "Hassan|حسن", "Tariq|طارق"],
           ["Yousef", "Lina", "Adam", "Sara", "Zaid", "Jana", "Omar", "Rahaf"]),
    "vi": ([(s, "") for s in ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng",
                               "Bùi", "Đỗ")],
           ["Thị Lan", "Thị Hồng", "Thị Mai", "Thị Hương", "Thị Thu", "Ngọc Ánh"],
           ["Văn Hùng", "Văn Tuấn", "Quốc Bảo", "Minh Đức", "Thanh Sơn"],
           ["Minh Anh", "Bảo Ngọc", "Gia Huy", "Khánh Linh", "Đức Anh", "Thảo Vy"]),
    "zh": ([("Chen", "陈"), ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"),
            ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵")],
           ["|丽华", "|秀英", "|娜", "|静", "|敏", "|芳"],
           ["|伟", "|军", "|强", "|磊", "|洋", "|杰"],
           ["Yutong", "Zihan", "Haoran", "Ruoxi", "Yichen", "Xinyi", "Jiayi", "Zirui"]),
    "so": ([(s, "") for s in ("Warsame", "Osman", "Hassan", "Mohamed", "Abdi", "Farah", "Nur",
                               "Jama", "Ahmed", "Aden")],
           ["Hodan", "Fadumo", "Hawa", "Ubah", "Asha", "Sahra", "Ifrah"],
           ["Abdullahi", "Abdirahman", "Mohamed", "Yusuf", "Abdi", "Hassan"],
           ["Ayaan", "Hamdi", "Khadar", "Sagal", "Ilhan", "Yusuf", "Nasra", "Bilan"]),
    "ht": ([(s, "") for s in ("Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Desir",
                               "Etienne", "François", "Saint-Fleur", "Augustin")],
           ["Marie-Claude", "Nadège", "Rose-Michelle", "Guerline", "Fabienne", "Mirlande"],
           ["Wilner", "Frantz", "Reginald", "Wisly", "Jean-Robert"],
           ["Kervens", "Mirlande", "Jameson", "Sarah", "Daniel", "Widline", "Stevenson", "Naika"]),
    "pt": ([(s, "") for s in ("Souza", "Oliveira", "Lima", "Costa", "Santos", "Ferreira",
                               "Pereira", "Almeida", "Rodrigues", "Carvalho")],
           ["Fernanda", "Juliana", "Cláudia", "Ana Paula", "Patrícia", "Luciana"],
           ["Ricardo", "Marcelo", "João", "Paulo", "Rodrigo"],
           ["Gabriel", "Lucas", "Beatriz", "Rafael", "Isabela", "Larissa", "Matheus", "Júlia"]),
    "fr": ([(s, "") for s in ("Mbemba", "Diallo", "Kabongo", "Traoré", "Mukendi", "Ndiaye",
                               "Kouassi", "Bah")],
           ["Grâce", "Mariama", "Esther", "Aïssatou", "Clarisse", "Aminata"],
           ["Patrick", "Ibrahima", "Jean-Pierre", "Mamadou", "Serge"],
           ["Exaucé", "Divine", "Fatoumata", "Alpha", "Glodi", "Merveille", "Moussa", "Kadiatou"]),
    "prs": ([("Ahmadi", "احمدی"), ("Karimi", "کریمی"), ("Nazari", "نظری"), ("Rahimi", "رحیمی"),
             ("Hakimi", "حکیمی"), ("Sultani", "سلطانی")],
            ["Fariba|فریبا", "Parwana|پروانه", "Shabnam|شبنم", "Zarghona|زرغونه"],
            ["Ahmad|احمد", "Mohammad|محمد", "Abdullah|عبدالله", "Nasir|نصیر"],
            ["Zahra", "Mustafa", "Sadia", "Bilal", "Nazanin", "Farid", "Mina", "Omid"]),
    "en": ([(s, "") for s in ("Thompson", "Walker", "Miller", "Johnson", "Baker", "Smith", "Davis",
                               "Wilson", "Anderson", "Taylor")],
           ["Jessica", "Megan", "Ashley", "Tanya", "Linda", "Sarah"],
           ["Daniel", "Ryan", "James", "Michael", "Chris"],
           ["Caleb", "Ava", "Olivia", "Noah", "Ethan", "Chloe", "Jaylen", "Aaliyah", "Tyler", "Emma"]),
}
_LANG_WEIGHTS = [("es", 35), ("en", 15), ("ar", 9), ("vi", 7), ("zh", 6), ("so", 7), ("ht", 7),
                 ("pt", 7), ("fr", 4), ("prs", 3)]
_STREETS = ["Elm Street", "Cedar Lane", "Harbor Road", "Main Street", "Summer Street", "Pine Street",
            "Water Street", "Chestnut Street", "Orchard Way", "Birch Road", "Linden Court",
            "Franklin Street", "Green Street", "Ash Street", "Central Avenue", "Shore Drive"]
_GRADES = list(GRADE_SCHOOL)


def _gen_person(rng: random.Random, lang: str, surname: tuple[str, str], woman: bool,
                native: bool) -> tuple[str, str]:
    """(full name as recorded, how the liaison calls them)."""
    _, women, men, _ = _POOLS[lang]
    given = rng.choice(women if woman else men)
    latin_given, _, script_given = given.partition("|")
    latin_sur, script_sur = surname
    title = "Ms." if woman else "Mr."
    if lang == "vi":
        return f"{latin_sur} {given}", f"{title} {given.split()[-1]}"
    if lang == "zh":
        return f"{script_sur}{script_given}", f"{title} {latin_sur}"
    if native and script_given and script_sur:
        return f"{script_given} {script_sur}", f"{title} {latin_sur}"
    return f"{latin_given} {latin_sur}", f"{title} {latin_sur}" if lang != "en" else latin_given


def _gen_child(lang: str, surname: tuple[str, str], given: str) -> tuple[str, str]:
    if lang == "vi":
        return f"{surname[0]} {given}", given.split()[-1]
    return f"{given} {surname[0]}", given


def _generated(app, n_families: int) -> _Built:
    rng = random.Random(7)
    today = app.today
    days = _Days(today, app.calendar)
    stamp = app.stamp()
    iso = dt.date.isoformat
    ago_cache = {a: iso(days.ago(a)) for a in range(0, 121)}
    due_cache = {d: iso(days.due(d)) for d in range(-30, 31)}
    built = _Built(services=_services(stamp))
    langs = [k for k, _ in _LANG_WEIGHTS]
    lang_w = [w for _, w in _LANG_WEIGHTS]

    family_tpl = _row(Family(id="", name=""))
    contact_tpl = _row(Contact(id="", family_id="", date="", kind=""))
    fu_tpl = _row(FollowUp(id=0, family_id="", due="", action=""))

    contacts: list[dict[str, Any]] = []
    followups = built.followups
    fu_n = 0
    family_info: list[tuple[str, dict[str, Any], list]] = []
    for number in range(1, n_families + 1):
        fid = f"F{number}"
        lang = rng.choices(langs, weights=lang_w)[0]
        surname = rng.choice(_POOLS[lang][0])
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
        mother, mother_call = _gen_person(rng, lang, surname, True, native)
        g1 = {"name": mother, "relationship": rng.choice(("mother", "mother", "mother", "grandmother", "aunt")),
              "phone": f"{rng.choice(('617', '857', '781', '339'))}-555-01{rng.randrange(100):02d}",
              "email": f"{_ascii(surname[0])}{number}@mail.example" if rng.random() < 0.4 else "",
              "language": lang, "interpreter": interp}
        guardians = [g1]
        calls = [mother_call]
        if rng.random() < 0.55:
            father, father_call = _gen_person(rng, lang, surname, False, False)
            guardians.append({"name": father, "relationship": "father",
                              "phone": f"{rng.choice(('617', '857'))}-555-01{rng.randrange(100):02d}"
                              if rng.random() < 0.7 else "",
                              "email": "", "language": lang,
                              "interpreter": interp and rng.random() < 0.6})
            calls.append(father_call)
        students = []
        for given in rng.sample(_POOLS[lang][3], rng.choice((1, 1, 1, 2, 2, 3))):
            grade = rng.choice(_GRADES)
            name, call = _gen_child(lang, surname, given)
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
               "address": f"{rng.randint(1, 400)} {rng.choice(_STREETS)}, Riverton, MA 0219{rng.randint(0, 1)}",
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
            summary, outcome, direction, letter = _generic_contact(
                rng, kind, failed, calls[gi], s_call, student["teacher"])
            if letter:
                summary = f"Letter: {letter['template']} ({lang})"
            spoken = kind in ("phone", "home-visit", "meeting", "conference")
            contacts.append({
                **contact_tpl, "family_id": fid, "date": ago_cache[ago], "kind": kind,
                "summary": summary, "time": _time(rng, kind), "direction": direction, "guardian": g["name"],
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


def _ascii(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


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


def _gen_referrals(app, rng: random.Random, days: _Days, built: _Built,
                   family_info: list[tuple[str, dict[str, Any], list]], fu_n: int, stamp: str) -> None:
    iso = dt.date.isoformat
    cal = app.calendar
    check_days = app.config.referral_check_school_days
    referral_tpl = _row(Referral(id="", family_id="", service="", date=""))
    fu_tpl = _row(FollowUp(id=0, family_id="", due="", action=""))
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


def _gen_events(rng: random.Random, days: _Days, built: _Built,
                family_info: list[tuple[str, dict[str, Any], list]], stamp: str) -> None:
    iso = dt.date.isoformat
    event_tpl = _row(Event(id="", title="", kind="", date=""))
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
        elif offset == 0 and not days._closed(days.today):
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
