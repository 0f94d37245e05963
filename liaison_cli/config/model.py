"""What config.yaml says, as objects: the liaison, schools, the calendar, cadence rules, email."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = "config.yaml"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass
class Liaison:
    name: str = ""
    title: str = "Family Liaison"
    phone: str = ""
    email: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])


@dataclass
class School:
    name: str
    short: str = ""
    address: str = ""
    phone: str = ""
    principal: str = ""
    office_hours: str = ""
    supply_lists: dict[str, list[str]] = field(default_factory=dict)

    def matches(self, text: str) -> bool:
        t = text.strip().casefold()
        return t in (self.name.casefold(), self.short.casefold())


@dataclass
class Term:
    name: str
    start: dt.date
    end: dt.date


@dataclass
class Closure:
    name: str
    start: dt.date
    end: dt.date


@dataclass
class Cadence:
    days: int
    first_term_only: bool = False


SECURITY = ("starttls", "ssl", "none")


@dataclass
class Email:
    """The district's mail server: SMTP to send letters, IMAP to read replies. Passwords are
    never here: they come from the keyring, the environment or a prompt (cli/mailpass.py)."""

    smtp_host: str = ""
    smtp_port: int = 0  # 0: the usual port for `security`
    security: str = "starttls"
    username: str = ""  # default: liaison.email
    imap_host: str = ""
    imap_port: int = 0
    imap_folder: str = "INBOX"
    imap_security: str = "ssl"
    rate: int = 30  # messages per minute; 0: as fast as the server takes them
    timeout: int = 30  # seconds to wait for the server

    @property
    def smtp_port_used(self) -> int:
        return self.smtp_port or {"ssl": 465, "starttls": 587}.get(self.security, 25)

    @property
    def imap_port_used(self) -> int:
        return self.imap_port or (993 if self.imap_security == "ssl" else 143)


@dataclass
class Config:
    liaison: Liaison = field(default_factory=Liaison)
    email: Email = field(default_factory=Email)
    schools: list[School] = field(default_factory=list)
    default_language: str = "en"
    week_start: int = 0  # Monday
    paper: str = "letter"
    letterhead: str = ""
    persian_digits: bool = True  # Dari letters print dates and times with ۰۱۲۳…
    templates_dir: Path | None = None
    playbooks_dir: Path | None = None
    terms: list[Term] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    cadence: dict[str, Cadence] = field(default_factory=dict)
    unreachable_attempts: int = 3
    unreachable_days: int = 30
    referral_check_school_days: int = 10
    lock_timeout: float = 10.0
    page_size: int = 25
    # Staff named in letters (teachers, principals) whose honorific does not say their gender
    # ("Dr. Angela Brooks"): name → "f" or "m". See persons.staff_gender.
    staff_gender: dict[str, str] = field(default_factory=dict)
    timezone: str = ""  # an IANA name; "" is the computer's own zone (UTC when it has none)
    # The district's PostgreSQL database (`store: postgresql://host/district`); "" is the
    # JSON store in the home folder. Never with a password in it (see store_url).
    store_url: str = ""

    def zone(self) -> str:
        """The IANA time zone that timed calendar entries are in."""
        return self.timezone or system_timezone()

    def school(self, text: str) -> School | None:
        for s in self.schools:
            if s.matches(text):
                return s
        return None


def valid_timezone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # start-up: only when a timezone is set

    if not name or name != name.strip() or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def system_timezone() -> str:
    """The computer's own IANA zone, from /etc/localtime (a link into the zoneinfo folder) or
    /etc/timezone; UTC when neither names one."""
    candidates = []
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        pass
    for name in candidates:
        if name.startswith("posix/") or name.startswith("right/"):
            name = name.split("/", 1)[1]
        if valid_timezone(name):
            return name
    return "UTC"
