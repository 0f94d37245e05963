"""What the command line asked of a letter, as plain text, and its parsing: the template and
format, the language (a code or auto), the guardian it is addressed to, home-visit times and a
conference's date and time."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ...core.dates import resolve_date
from ...core.langs import normalize_lang
from ...core.models import Family, Guardian, fold
from ...core.suggest import choice_error
from ...errors import UsageError
from ...letters import FORMATS
from ..app import App
from ..contacts import parse_time

DEFAULT_VISIT_TIME = dt.time(16, 0)
_FEMININE = {"mother", "mom", "mum", "mommy", "stepmother", "stepmom", "grandmother", "grandma",
             "granny", "aunt", "auntie", "sister", "stepsister", "godmother", "wife", "madre",
             "mama", "abuela", "tia", "hermana", "mere", "mae", "avo", "female", "woman"}
_MASCULINE = {"father", "dad", "daddy", "stepfather", "stepdad", "grandfather", "grandpa",
              "uncle", "brother", "stepbrother", "godfather", "husband", "padre", "papa",
              "abuelo", "tio", "hermano", "pere", "pai", "male", "man"}
_WHEN_TIME_RE = re.compile(r"^(.*?)\s*(?:\bat\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)$", re.I)


# --------------------------------------------------------------------------- options


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


# --------------------------------------------------------------------------- parsing


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


def parse_clock(text: str, flag: str) -> dt.time:
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
        out.append(dt.datetime.combine(day, parse_clock(m.group(2), "--times")))
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
