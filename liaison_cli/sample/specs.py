"""The shape the hand-written families are written in (people.py): a family, its guardians
and students as the sample tells them, with dates as days before today. `handwritten.py` turns
them into records."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GuardianSpec:
    name: str
    relationship: str
    language: str
    interpreter: bool = False
    email: str = ""
    call: str = ""          # how the liaison refers to them in notes
    phone: bool = True


@dataclass
class StudentSpec:
    name: str
    grade: str
    call: str = ""


@dataclass
class FamilySpec:
    name: str
    lang: str
    address: str
    guardians: list[GuardianSpec]
    students: list[StudentSpec]
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
