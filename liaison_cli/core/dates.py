"""The date language and the school calendar. Pure: `today` is always a parameter.

WHEN forms: today, tomorrow, yesterday, weekday names (monday … sunday, mon … sun: the next one,
so on a Friday `friday` is a week away), this-week, next-week, last-week, this-month,
next-month, overdue, +3d, +2w, +5sd (school days), -3d, YYYY-MM-DD and ranges A..B — and the
same as people type them (GRAMMAR): "next week", "in 2 weeks", "+3 school days", "3 days ago",
"next monday", "last tuesday". Words naming the past are refused where a follow-up is planned
(`ahead=True`).

Dates run from 1900-01-01 to 2199-12-31 (EARLIEST, LATEST): a typed date outside is a usage
error naming the range (a year typed 9999 or 0202 is a slip, and a follow-up dated 9999-12-31
would make every calendar export fail). A date read from the store goes through `stored_date`,
which gives None for one outside the range or not a date at all, so a hand-edited record never
crashes a command.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import UsageError

WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_LOOKUP = {name: i for i, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAY_LOOKUP.update({name[:3]: i for i, name in enumerate(WEEKDAY_NAMES)})
_WEEKDAY_LOOKUP.update({"tues": 1, "wed": 2, "thur": 3, "thurs": 3})
_OFFSET_RE = re.compile(r"^([+-])(\d{1,4})(d|w|sd|m)$")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ACCEPTED = (
    "today, tomorrow, a weekday (friday), next monday, this week, next week, this month, overdue, "
    "+3d or in 3 days, +2w or in 2 weeks, +5sd or +5 school days, 2026-11-27 or "
    "2026-11-23..2026-11-27"
)
# The date language as `--help` and the README show it: (what you type, what it means).
GRAMMAR: tuple[tuple[str, str], ...] = (
    ("today, tomorrow", "that day"),
    ("friday, fri", "the next Friday (on a Friday: a week away)"),
    ("next monday", "the Monday of next week"),
    ("this week, this-week", "the last day of this week"),
    ("next week, next-week", "the first day of next week"),
    ("this month, next month", "the month's last day / next month's first"),
    ("+3d, 3 days, in 3 days", "three days from today"),
    ("+2w, 2 weeks, in 2 weeks", "two weeks from today"),
    ("+5sd, +5 school days", "the fifth school day from today (skips weekends and closures)"),
    ("2026-11-27", "that date"),
    ("2026-11-23..2026-11-27", "a range, both days included (listings only)"),
    ("overdue", "due before today (listings only)"),
    ("last tuesday", "the last Tuesday before today (*)"),
    ("yesterday, 3 days ago, -3d", "days before today (*)"),
)
GRAMMAR_NOTE = ("(*) Past days only where a past date makes sense (the date of a contact), never "
                "for a follow-up.")
MAX_SCHOOL_DAY_SEARCH = 3 * 366
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
RANGE = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def stored_date(value: object) -> dt.date | None:
    """A date as the store holds it (YYYY-MM-DD); None when missing, not a date, or outside
    EARLIEST..LATEST (a hand-edited file must not make a command fail)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if in_range(day) else None


def _out_of_range(text: str) -> UsageError:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return UsageError(f"The date {shown!r} is outside the dates liaison accepts ({RANGE}); "
                      "give a date in that range.")


@dataclass(frozen=True)
class SchoolCalendar:
    """Week start (0 = Monday) and the days school is open."""

    week_start: int = 0
    terms: tuple[tuple[dt.date, dt.date], ...] = ()
    closures: tuple[tuple[dt.date, dt.date], ...] = ()

    def is_school_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        for start, end in self.closures:
            if start <= day <= end:
                return False
        if self.terms:
            return any(start <= day <= end for start, end in self.terms)
        return True

    def add_school_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th school day strictly after `day` (n >= 1)."""
        if n < 1:
            raise UsageError("A school-day offset must be at least 1, like +5sd.")
        count = 0
        current = day
        for _ in range(MAX_SCHOOL_DAY_SEARCH + n * 3):
            current += dt.timedelta(days=1)
            if current > LATEST:
                break
            if self.is_school_day(current):
                count += 1
                if count == n:
                    return current
        raise UsageError(
            f"The school calendar has no {n} school days after {day.isoformat()}; add the next "
            "terms to config.yaml."
        )

    def school_days_between(self, start: dt.date, end: dt.date) -> int:
        """School days strictly between `start` and `end`."""
        n = 0
        d = start + dt.timedelta(days=1)
        while d < end:
            n += self.is_school_day(d)
            d += dt.timedelta(days=1)
        return n

    def week_of(self, day: dt.date) -> tuple[dt.date, dt.date]:
        start = day - dt.timedelta(days=(day.weekday() - self.week_start) % 7)
        return start, start + dt.timedelta(days=6)

    def term_of(self, day: dt.date) -> tuple[dt.date, dt.date] | None:
        for start, end in self.terms:
            if start <= day <= end:
                return start, end
        return None


@dataclass(frozen=True)
class Window:
    """A resolved WHEN: every date from `start` to `end` inclusive; `start` None = no lower bound."""

    start: dt.date | None
    end: dt.date
    label: str

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end


def _bad(text: str) -> UsageError:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return UsageError(f"Did not understand the date {shown!r}; use one of: {ACCEPTED}.")


def parse_iso(text: str) -> dt.date:
    if not _ISO_RE.match(text):
        raise _bad(text)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text} is not a real date; check the month and day.") from None
    if not in_range(day):
        raise _out_of_range(text)
    return day


def _days_in(year: int, month: int) -> int:
    """calendar.monthrange's second half, without importing calendar (and locale): start-up."""
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=_days_in(day.year, day.month))


def _add_months(day: dt.date, n: int) -> dt.date:
    month0 = day.month - 1 + n
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    return dt.date(year, month, min(day.day, _days_in(year, month)))


def grammar_help() -> str:
    """GRAMMAR as an aligned two-column block (click keeps a paragraph opened by \\b as is)."""
    width = max(len(form) for form, _ in GRAMMAR) + 2
    rows = [f"  {form:<{width}}{meaning}" for form, meaning in GRAMMAR]
    return "\b\nDates (WHEN):\n" + "\n".join(rows) + "\n\n" + GRAMMAR_NOTE


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_UNIT_WORDS = {"d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "wks": "w", "week": "w",
               "weeks": "w", "sd": "sd", "schoolday": "sd", "schooldays": "sd", "m": "m",
               "month": "m", "months": "m"}
_SPOKEN_RE = re.compile(
    r"^(in )?([+-])?(?:(\d{1,4}) ?|([a-z]+) )(school ?days?|days?|weeks?|wks?|months?|sd|d|w|m)( ago)?$")
_HYPHEN_WORDS = {"this week", "next week", "last week", "this month", "next month"}
_PAST_SHORT_RE = re.compile(r"^-\d{1,4}(d|w|m)$")


def _spoken(t: str) -> str | None:
    """"in 2 weeks" → "+2w", "3 days ago" → "-3d", "next week" → "next-week"; None if not spoken."""
    if t in _HYPHEN_WORDS:
        return t.replace(" ", "-")
    m = _SPOKEN_RE.match(t)
    if not m:
        return None
    into, sign, digits, word, unit, ago = m.groups()
    if digits is not None:
        n = int(digits)
    elif word in _NUMBER_WORDS:
        n = _NUMBER_WORDS[word]
    else:
        return None
    if (into or sign) and ago:
        return None  # "in 3 days ago", "+3 days ago": say one or the other
    if into and sign:
        return None
    return f"{'-' if ago or sign == '-' else '+'}{n}{_UNIT_WORDS[unit.replace(' ', '')]}"


def _is_past_word(t: str) -> bool:
    return (t in ("yesterday", "last-week") or t.startswith("last ")
            or bool(_PAST_SHORT_RE.match(t)))


def resolve_date(text: str, today: dt.date, cal: SchoolCalendar, *, past: bool = False,
                 ahead: bool = False) -> dt.date:
    """One day from a WHEN, between EARLIEST and LATEST. With `past`, weekday names mean the
    last one (for logging); with `ahead` (a follow-up being planned), words naming the past are
    refused."""
    if not isinstance(text, str):
        raise _bad(str(text))
    try:
        day = _resolve_date(text, today, cal, past=past, ahead=ahead)
    except OverflowError:  # an offset past year 9999
        raise _out_of_range(text) from None
    if not in_range(day):
        raise _out_of_range(text)
    return day


def _resolve_date(text: str, today: dt.date, cal: SchoolCalendar, *, past: bool,
                  ahead: bool) -> dt.date:
    t = " ".join(text.strip().lower().split())
    t = _spoken(t) or t
    if ahead and _is_past_word(t):
        shown = text.strip() if len(text.strip()) <= 40 else text.strip()[:40] + "…"
        raise UsageError(f"{shown!r} is in the past and a follow-up is planned ahead; use a day "
                         "from today on, like friday, next week or +3 school days.")
    if t.startswith(("next ", "last ")) and t[5:] in _WEEKDAY_LOOKUP:
        target = _WEEKDAY_LOOKUP[t[5:]]
        if t.startswith("last "):  # the most recent one before today
            return today - dt.timedelta(days=(today.weekday() - target - 1) % 7 + 1)
        next_week = cal.week_of(today)[0] + dt.timedelta(days=7)
        return next_week + dt.timedelta(days=(target - next_week.weekday()) % 7)
    if t in ("today", "now"):
        return today
    if t == "tomorrow":
        return today + dt.timedelta(days=1)
    if t == "yesterday":
        return today - dt.timedelta(days=1)
    if t in _WEEKDAY_LOOKUP:
        target = _WEEKDAY_LOOKUP[t]
        if past:
            back = (today.weekday() - target) % 7
            return today - dt.timedelta(days=back)
        ahead = (target - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    start, end = cal.week_of(today)
    if t == "this-week":
        return end
    if t == "next-week":
        return start + dt.timedelta(days=7)
    if t == "last-week":
        return start - dt.timedelta(days=7)
    if t == "this-month":
        return _month_end(today)
    if t == "next-month":
        return _add_months(today.replace(day=1), 1)
    m = _OFFSET_RE.match(t)
    if m:
        sign, n, unit = m.group(1), int(m.group(2)), m.group(3)
        if unit == "sd":
            if sign == "-":
                raise UsageError("School-day offsets count forward only, like +5sd.")
            return cal.add_school_days(today, n)
        if unit == "m":
            return _add_months(today, n if sign == "+" else -n)
        days = n * 7 if unit == "w" else n
        return today + dt.timedelta(days=days if sign == "+" else -days)
    return parse_iso(t)


def resolve_window(text: str, today: dt.date, cal: SchoolCalendar) -> Window:
    """A WHEN as a due filter: "this-week" means due on or before the week's last day."""
    if not isinstance(text, str):
        raise _bad(str(text))
    t = " ".join(text.strip().lower().split())
    t = _spoken(t) or t
    week_start, week_end = cal.week_of(today)
    if t == "overdue":
        return Window(None, today - dt.timedelta(days=1), "overdue")
    if t == "this-week":
        return Window(None, week_end, "this week")
    if t == "next-week":
        return Window(None, week_end + dt.timedelta(days=7), "by the end of next week")
    if t == "this-month":
        return Window(None, _month_end(today), "this month")
    if t == "next-month":
        return Window(None, _month_end(_add_months(today.replace(day=1), 1)), "by the end of next month")
    if ".." in t:
        a, _, b = t.partition("..")
        start = resolve_date(a, today, cal) if a else None
        end = resolve_date(b, today, cal) if b else None
        if end is None:
            raise _bad(text)
        if start is not None and start > end:
            raise UsageError(f"The range {text} ends before it starts; put the earlier date first.")
        return Window(start, end, "in range")
    return Window(None, resolve_date(t, today, cal), "")


def short(day: dt.date) -> str:
    """`Sun 22 Nov 2026` — English, for the terminal."""
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"


def describe_window(w: Window, today: dt.date, cal: SchoolCalendar) -> str:
    """"due by Sun 22 Nov 2026 — this week, Mon 16 – Sun 22 Nov"."""
    if w.label == "overdue":
        return f"overdue: due before {short(today)}"
    if w.start is not None:
        return f"due {short(w.start)} – {short(w.end)}"
    text = f"due by {short(w.end)}"
    if w.label == "this week":
        ws, we = cal.week_of(today)
        text += f" — this week, {ws.strftime('%a')} {ws.day} – {we.strftime('%a')} {we.day} {we.strftime('%b')}"
    elif w.label:
        text += f" — {w.label}"
    return text


def calendar_from_config(cfg) -> SchoolCalendar:  # cfg: config.Config (kept untyped: no import cycle)
    return SchoolCalendar(
        week_start=cfg.week_start,
        terms=tuple((t.start, t.end) for t in cfg.terms),
        closures=tuple((c.start, c.end) for c in cfg.closures),
    )


def parse_every(text: str) -> int:
    """A repeat or cadence as typed (`7d`, `1w`, `2w`) → days."""
    m = re.fullmatch(r"\s*(\d{1,3})\s*([dw])\s*", text.lower())
    if not m or int(m.group(1)) == 0:
        raise UsageError(f"{text!r} is not a cadence; write it like 7d, 1w or 2w.")
    return int(m.group(1)) * (7 if m.group(2) == "w" else 1)
