"""The records, as dataclasses. Stored as plain dicts (see store.py); dates are ISO strings."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

CONTACT_KINDS = (
    "phone", "text", "email", "home-visit", "meeting", "conference", "event", "letter", "signpost",
    "other",
)
OUTCOMES = ("reached", "no-answer", "left-message", "bounced", "wrong-number", "declined")
FAILED_OUTCOMES = ("no-answer", "left-message", "bounced", "wrong-number")
FOLLOWUP_STATUSES = ("open", "done", "cancelled")
REFERRAL_STATUSES = ("referred", "accepted", "in-progress", "completed", "declined", "no-response")
REFERRAL_CLOSED = ("completed", "declined", "no-response")
EVENT_KINDS = (
    "open-house", "workshop", "family-night", "potluck", "conference-night", "parent-class", "other",
)
CONSENT_KINDS = ("home-visit", "photos", "sharing")
FAMILY_STATUSES = ("active", "closed")

PREFIX = {"families": "F", "contacts": "C", "referrals": "R", "events": "E", "services": "S",
          "followups": ""}


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form for searching: "García" → "garcia"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Record:
    """Shared dict conversion. Unknown keys in a stored dict are kept in `extra`."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (a copy). Hand-written rather than dataclasses.asdict, which deep-copies
        every value and made `--json` of 5,000 rows take most of a second."""
        out = dict(self.__dict__)
        for k, v in out.items():
            if isinstance(v, list):
                out[k] = [x.to_dict() if isinstance(x, Record) else (dict(x) if isinstance(x, dict) else x)
                          for x in v]
            elif isinstance(v, dict):
                out[k] = dict(v)
        return out


@dataclass
class Guardian(Record):
    name: str
    relationship: str = ""
    phone: str = ""
    email: str = ""
    language: str = ""
    interpreter: bool = False
    # The languages she speaks and the languages she reads, best first (codes): a letter is
    # written in the first language read that has a template.
    speaks: list[str] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)
    # Marked bad when a mail server refused or bounced the address, or by hand (`edit
    # --bad-phone`): {"date": "YYYY-MM-DD", "reason": "..."}; empty when it works.
    email_bad: dict[str, str] = field(default_factory=dict)
    phone_bad: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        for k in ("email_bad", "phone_bad", "speaks", "reads"):
            if not out.get(k):
                del out[k]  # stored and shown only when set: older records stay as they were
        return out

    @property
    def working_email(self) -> str:
        return self.email if self.email and not self.email_bad else ""

    @property
    def working_phone(self) -> str:
        return self.phone if self.phone and not self.phone_bad else ""


def no_way_to_reach(guardians: list[dict[str, Any]]) -> str:
    """Why a family (its stored guardians) cannot be reached at all, or "" when it can."""
    ways = [(g.get(k), g.get(f"{k}_bad")) for g in guardians for k in ("phone", "email")]
    ways = [(v, bad) for v, bad in ways if v]
    if not ways:
        return "no phone or email on record"
    if all(bad for _v, bad in ways):
        return "every phone and email marked bad"
    return ""


@dataclass
class Student(Record):
    name: str
    grade: str = ""
    school: str = ""
    teacher: str = ""
    gender: str = ""  # "f", "m" or "" (not said): letters agree with it (persons.py)

    def to_dict(self) -> dict[str, Any]:
        # Left out when not said, so records (and their JSON) without it stay as they were.
        out = super().to_dict()
        if not out.get("gender"):
            out.pop("gender", None)
        return out


@dataclass
class Family(Record):
    id: str
    name: str
    guardians: list[Guardian] = field(default_factory=list)
    students: list[Student] = field(default_factory=list)
    home_language: str = ""
    address: str = ""
    tags: list[str] = field(default_factory=list)
    barriers: list[str] = field(default_factory=list)
    consents: dict[str, str] = field(default_factory=dict)
    status: str = "active"
    closed_reason: str = ""
    closed_on: str = ""
    arrival: str = ""
    notes: str = ""
    cadence_days: int | None = None
    external_ids: dict[str, str] = field(default_factory=dict)
    created: str = ""
    updated: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Family:
        fam = super().from_dict(data)
        fam.guardians = [Guardian.from_dict(g) for g in data.get("guardians", [])]
        fam.students = [Student.from_dict(s) for s in data.get("students", [])]
        return fam

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def schools(self) -> list[str]:
        return sorted({s.school for s in self.students if s.school})

    @property
    def interpreter_needed(self) -> bool:
        return any(g.interpreter for g in self.guardians)

    @property
    def primary(self) -> Guardian | None:
        return self.guardians[0] if self.guardians else None

    @property
    def phone(self) -> str:
        for g in self.guardians:
            if g.phone:
                return g.phone
        return ""

    @property
    def language(self) -> str:
        """The language to write to the family in: the first guardian's, else the home one."""
        for g in self.guardians:
            if g.language:
                return g.language
        return self.home_language

    def search_text(self) -> str:
        parts = [self.id, self.name, self.address, self.notes, *self.tags, *self.barriers]
        for g in self.guardians:
            parts += [g.name, g.phone, g.email]
        for s in self.students:
            parts += [s.name, s.school, s.teacher]
        return fold(" ".join(p for p in parts if p))


@dataclass
class Contact(Record):
    id: str
    family_id: str
    date: str
    kind: str
    summary: str = ""
    time: str = ""
    direction: str = "to"
    guardian: str = ""
    language: str = ""
    interpreter: str = ""
    outcome: str = "reached"
    followup_id: int | None = None
    letter: dict[str, str] = field(default_factory=dict)
    created: str = ""
    updated: str = ""


@dataclass
class FollowUp(Record):
    id: int
    family_id: str
    due: str
    action: str
    status: str = "open"
    done_on: str = ""
    note: str = ""
    every_days: int | None = None
    source: str = ""  # "contact C12", "referral R3", "playbook newcomer", …
    referral_id: str = ""
    snoozed: int = 0
    created: str = ""
    updated: str = ""


@dataclass
class Referral(Record):
    id: str
    family_id: str
    service: str
    date: str
    status: str = "referred"
    student: str = ""
    organisation: str = ""
    note: str = ""
    outcome: str = ""
    followup_id: int | None = None
    history: list[dict[str, str]] = field(default_factory=list)
    service_id: str = ""  # the directory entry (S4); "" on referrals made before it was kept
    created: str = ""
    updated: str = ""


@dataclass
class Event(Record):
    id: str
    title: str
    kind: str
    date: str
    time: str = ""
    place: str = ""
    school: str = ""
    languages: list[str] = field(default_factory=list)
    interpreter: bool = False
    invited: list[str] = field(default_factory=list)
    attended: list[str] = field(default_factory=list)
    created: str = ""
    updated: str = ""


@dataclass
class Service(Record):
    id: str
    name: str
    category: str
    organisation: str = ""
    phone: str = ""
    address: str = ""
    languages: list[str] = field(default_factory=list)
    eligibility: str = ""
    created: str = ""
    updated: str = ""


def make_id(table: str, number: int) -> str | int:
    prefix = PREFIX[table]
    return f"{prefix}{number}" if prefix else number


def parse_number(table: str, text: str | int) -> int | None:
    """`F7`, `f7` or `7` → 7 for families; `12` or `#12` for follow-ups."""
    t = str(text).strip().lstrip("#")
    prefix = PREFIX[table]
    if prefix and t[:1].upper() == prefix:
        t = t[1:]
    return int(t) if t.isdigit() and len(t) < 10 else None


def summarize_contacts(rows) -> dict[str, dict[str, Any]]:
    """Per family: the last contact, the last *reached* contact (letters do not count: a letter
    sent is not a conversation) and the failed attempts since it, oldest first.

    `rows` yields (contact number, stored dict). The store keeps this summary beside the contact
    shards so the daily listings never read the whole contact log.
    """
    by_family: dict[str, list[tuple[str, str, int, dict[str, Any]]]] = {}
    for key, c in rows:
        by_family.setdefault(c["family_id"], []).append((c["date"], c.get("time", ""), int(key), c))
    out: dict[str, dict[str, Any]] = {}
    for fid, items in by_family.items():
        items.sort(key=lambda x: (x[0], x[1], x[2]))
        last_reached = ""
        attempts: list[dict[str, Any]] = []
        for date, _time, key, c in items:
            outcome = c.get("outcome", "reached")
            # A letter, posted or emailed, is not a conversation: it resets nothing.
            if outcome == "reached" and c["kind"] != "letter" and not c.get("letter"):
                last_reached = date
                attempts = []
            elif outcome in FAILED_OUTCOMES:
                attempts.append({"id": f"C{key}", "date": date, "kind": c["kind"], "outcome": outcome})
        out[fid] = {
            "last_contact": items[-1][0],
            "last_reached": last_reached,
            "failed_streak": len(attempts),
            "attempts": attempts[-10:],
            "contacts": len(items),
        }
    return out


class FamilyIndex(NamedTuple):
    """What the daily listings and lookups need of a family, without its whole record: the
    store keeps one per family (derived from the family on every change; see roster_row)."""

    name: str
    status: str
    tags: list[str]
    schools: list[str]  # folded school names
    guardian: str  # the guardian to call
    phone: str
    language: str
    interpreter: bool
    cadence_days: int | None
    arrival: str
    created: str  # a date
    guardians: list[str]  # every guardian's name
    address: str
    no_way: bool  # no working phone or email at all


ROSTER_FIELDS = FamilyIndex._fields


REPORT_KEYS = ("status", "arrival", "created", "home_language", "barriers")


def report_part(fam: dict[str, Any]) -> dict[str, Any]:
    """The part of a stored family a report reads (status, arrival, created, home language,
    barriers, each guardian's language, each student's school): what both stores hand the
    report instead of whole records."""
    part = {k: fam[k] for k in REPORT_KEYS if k in fam}
    part["guardians"] = [{"language": g.get("language")} for g in fam.get("guardians") or []]
    part["students"] = [{"school": st.get("school")} for st in fam.get("students") or []]
    return part


def roster_row(fam: dict[str, Any]) -> list[Any]:
    """What the daily listings need of a stored family, as a short list."""
    gs = fam.get("guardians") or []
    call = next((g for g in gs if g.get("phone") and not g.get("phone_bad")),
                next((g for g in gs if g.get("phone")), gs[0] if gs else {}))
    lang = next((g.get("language") for g in gs if g.get("language")), "") or fam.get("home_language", "")
    return [
        fam["name"], fam.get("status", "active"), list(fam.get("tags", [])),
        sorted({fold(st.get("school")) for st in fam.get("students", []) if st.get("school")}),
        call.get("name", ""), call.get("phone", ""), lang, any(g.get("interpreter") for g in gs),
        fam.get("cadence_days"), fam.get("arrival", ""), (fam.get("created") or "")[:10],
        [g.get("name", "") for g in gs], fam.get("address", ""), no_way_to_reach(gs),
    ]
