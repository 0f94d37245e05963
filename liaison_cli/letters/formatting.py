"""Dates, times, numbers, grades, language names and lists as a letter's language writes them:
the `date`, `weekday_date`, `month`, `time`, `number`, `language`, `and_list`, `grade` and
`article` filters of a letter.

How a native reader expects a date or a time in a letter: Babel (CLDR) is used where its data is
what a letter needs; the overrides below say why each one differs (docs/templates.md has the
table, "Typography"). Grades and articles are in grammar.py, punctuation in typography.py.
Babel is imported when a Formatter is first made, not with this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from ..core.langs import language_name
from ..errors import TemplateError
from .grammar import article, grade_name

# Babel locale used to format dates, times and numbers for a letter language. Spanish letters
# go to families in the United States, so es uses es_US ("4:00 p.m."), not Spain's "16:00";
# Dari is CLDR's fa_AF. A regional tag asked for (es-MX) formats with that region.
FORMAT_LOCALE = {"es": "es_US", "prs": "fa_AF", "zh": "zh_Hans", "pt": "pt_BR"}
# Names CLDR files under another code: Dari is fa_AF in CLDR.
_NAME_CODE = {"prs": "fa_AF"}

# CLDR has no Haitian Creole data and falls back to French ("lundi 23 novembre"), which a
# Haitian parent reads as French. Hand-made, as printed in Haitian schools and newspapers.
HT_MONTHS = ("janvye", "fevriye", "mas", "avril", "me", "jen", "jiyè", "out", "septanm",
             "oktòb", "novanm", "desanm")
HT_WEEKDAYS = ("lendi", "madi", "mèkredi", "jedi", "vandredi", "samdi", "dimanch")
HT_LANGUAGES = {
    "en": "angle", "es": "panyòl", "ar": "arab", "vi": "vyetnamyen", "zh": "chinwa",
    "so": "somali", "ht": "kreyòl ayisyen", "pt": "pòtigè", "fr": "franse", "prs": "dari",
    "fa": "pèsan", "ps": "pachto", "sw": "swahili", "ru": "ris", "uk": "ukrenyen",
}


def format_locale(lang: str, asked: str | None = None) -> str:
    """The Babel locale for a letter in `lang`; `asked` (es-MX) lends its region."""
    if asked and "-" in asked and asked.split("-")[0] == lang.split("-")[0]:
        return asked.replace("-", "_")
    return FORMAT_LOCALE.get(lang, lang.replace("-", "_"))


def _as_date(v: Any, what: str) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            pass
    raise TemplateError(f"|{what} needs a date, got {type(v).__name__} {str(v)[:20]!r}")


def _as_time(v: Any) -> dt.time:
    if isinstance(v, dt.datetime):
        return v.time()
    if isinstance(v, dt.time):
        return v
    if isinstance(v, str):
        try:
            return dt.time.fromisoformat(v.strip())
        except ValueError:
            pass
    raise TemplateError(f"|time needs a time, got {type(v).__name__} {str(v)[:20]!r}")


def _memo(fn):
    """Cache a one-argument filter; a value that cannot be a key (a list) is just computed, and
    an empty field (Missing) still raises its own error when hashed."""
    cache: dict[Any, str] = {}

    @functools.wraps(fn)
    def wrapper(v: Any) -> str:
        try:
            return cache[v]
        except KeyError:
            out = cache[v] = fn(v)
            return out
        except TypeError:
            return fn(v)

    return wrapper


# Babel date/time patterns (CLDR syntax) that replace CLDR's own for a letter language.
# - fr: French letters write times "18 h" and "18 h 30" (CLDR's 18:00 is for timetables); the
#   spaces are no-break so "18 h" never splits across lines.
# - vi: a Vietnamese letter dates itself "ngày 20 tháng 11 năm 2026"; CLDR's "20 tháng 11, 2026"
#   is the form for forms and tables.
# - so: Somali readers write the day first ("20 Noofeembar 2026"); CLDR's so data is month-first
#   like English.
# - zh: "下午5:30" rather than "17:30": CLDR's flexible day periods (pattern `B`), which say
#   早上 / 上午 / 中午 / 下午 / 晚上 as a Chinese parent would.
# - prs/fa: CLDR's 24-hour "17:30" is kept; digits are changed below.
DATE_PATTERNS = {
    "vi": ("'ngày' d 'tháng' M 'năm' y", "EEEE, 'ngày' d 'tháng' M 'năm' y"),
    "so": ("d MMMM y", "EEEE, d MMMM y"),
}
TIME_PATTERNS = {"zh": "Bh:mm"}
# Somali: CLDR's "GH"/"GD" abbreviations are opaque to most readers; a letter says the part of
# the day in words, on a 12-hour clock: "9:00 subaxnimo" (morning), "5:30 galabnimo"
# (afternoon), "7:00 fiidnimo" (evening), "10:00 habeennimo" (night).
SO_DAY_PARTS = ((5, "habeennimo"), (12, "subaxnimo"), (18, "galabnimo"), (21, "fiidnimo"),
                (24, "habeennimo"))
# Languages whose letters print dates and times with Persian (Extended Arabic-Indic) digits
# when `persian_digits` is on (the default): Dari readers expect ۲۰ نومبر ۲۰۲۶. CLDR agrees
# (their default numbering system is `arabext`), but Babel's date formatting prints Latin
# digits. Phone numbers, ids and addresses are data and stay as written.
PERSIAN_DIGIT_LANGS = ("prs", "fa")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# CLDR spells Thursday "پنجشنبه"; Persian and Dari write it with a zero-width non-joiner
# ("پنج‌شنبه", as CLDR already does for "سه‌شنبه").
FA_WEEKDAY_FIXES = {"پنجشنبه": "پنج\u200cشنبه"}


class Formatter:
    """Dates, times, numbers, grades, language names and lists in one letter language."""

    def __init__(self, lang: str, asked: str | None = None, persian_digits: bool = True):
        from babel import Locale  # Babel when a Formatter is made, see the module's note

        # A mail merge prints the same event dates in every letter: format each once.
        self.date = _memo(self.date)
        self.weekday_date = _memo(self.weekday_date)
        self.month = _memo(self.month)
        self.time = _memo(self.time)
        self.language = _memo(self.language)
        self.lang = lang
        self.base = lang.split("-")[0]
        self.locale_code = format_locale(lang, asked)
        self.digits = PERSIAN_DIGITS if persian_digits and self.base in PERSIAN_DIGIT_LANGS else None
        if self.base == "ht":
            self.locale = Locale.parse("fr")  # numbers only; words come from the HT_ tables
        else:
            try:
                self.locale = Locale.parse(self.locale_code)
            except Exception:  # an unknown tag: format like English rather than fail the letter
                try:
                    self.locale = Locale.parse(self.base)
                except Exception:
                    self.locale = Locale.parse("en")

    def _digits(self, text: str) -> str:
        return text.translate(self.digits) if self.digits else text

    def date(self, v: Any) -> str:
        d = _as_date(v, "date")
        if self.base == "ht":
            return f"{d.day} {HT_MONTHS[d.month - 1]} {d.year}"
        from babel.dates import format_date  # see the module's note

        if self.base in DATE_PATTERNS:
            return format_date(d, DATE_PATTERNS[self.base][0], locale=self.locale)
        text = format_date(d, format="long", locale=self.locale)
        if self.base == "fr" and d.day == 1:
            text = _fr_first(text)
        return self._digits(text)

    def month(self, v: Any) -> str:
        """The month of a date as named on its own: "November", "noviembre", "tháng 11"."""
        d = _as_date(v, "month")
        if self.base == "ht":
            return HT_MONTHS[d.month - 1]
        from babel.dates import format_date  # see the module's note

        return format_date(d, format="LLLL", locale=self.locale)

    def weekday_date(self, v: Any) -> str:
        d = _as_date(v, "weekday_date")
        if self.base == "ht":
            return f"{HT_WEEKDAYS[d.weekday()]} {self.date(d)}"
        from babel.dates import format_date  # see the module's note

        if self.base in DATE_PATTERNS:
            return format_date(d, DATE_PATTERNS[self.base][1], locale=self.locale)
        text = format_date(d, format="full", locale=self.locale)
        if self.base == "fr" and d.day == 1:
            text = _fr_first(text)
        if self.base in PERSIAN_DIGIT_LANGS:
            for wrong, right in FA_WEEKDAY_FIXES.items():
                text = text.replace(wrong, right)
        return self._digits(text)

    def time(self, v: Any) -> str:
        t = _as_time(v)
        if self.base == "ht":
            # Haitian families in the US read times as on a US schedule: 4:00 PM.
            hour = t.hour % 12 or 12
            return f"{hour}:{t.minute:02d}\u00a0{'AM' if t.hour < 12 else 'PM'}"
        if self.base == "fr":
            return f"{t.hour}\u00a0h" + (f"\u00a0{t.minute:02d}" if t.minute else "")
        if self.base == "so":
            part = next(word for end, word in SO_DAY_PARTS if t.hour < end)
            return f"{t.hour % 12 or 12}:{t.minute:02d}\u00a0{part}"
        from babel.dates import format_time  # see the module's note

        pattern = TIME_PATTERNS.get(self.base, "short")
        # CLDR puts a narrow no-break space before AM/PM; many printer and PDF fonts lack it.
        text = format_time(t, format=pattern, locale=self.locale).replace("\u202f", "\u00a0")
        return self._digits(text)

    def grade(self, g: Any, cap: bool = False) -> str:
        """A grade as the letter's language names it, the US name beside it (grammar.py)."""
        return grade_name(self.base, g, cap)

    def number(self, v: Any) -> str:
        from babel.numbers import format_decimal  # see the module's note

        if isinstance(v, str):
            try:
                v = float(v) if "." in v else int(v)
            except ValueError:
                raise TemplateError(f"|number needs a number, got {v[:20]!r}") from None
        return format_decimal(v, locale=self.locale)

    def language(self, code: str) -> str:
        """A language's name in the letter's language: "árabe" in a Spanish letter."""
        base = code.split("-")[0]
        if self.base == "ht":
            return HT_LANGUAGES.get(base, language_name(code))
        names = self.locale.languages
        name = names.get(_NAME_CODE.get(base, base)) or names.get(base)
        return name or language_name(code)

    def and_list(self, items: Any) -> str:
        items = [str(i) for i in items]
        if len(items) < 2:
            return "".join(items)
        if self.base == "ht":
            return ", ".join(items[:-1]) + " ak " + items[-1]
        from babel.lists import format_list  # see the module's note

        return format_list(items, locale=self.locale)

    def article(self, name: Any, prep: str = "") -> str:
        """The preposition and article before a service's name (grammar.py)."""
        return article(self.base, name, prep)


_FR_FIRST_RE = re.compile(r"(?<!\d)1(?= )")


def _fr_first(text: str) -> str:
    """"1er décembre": French writes the first of the month as an ordinal."""
    return _FR_FIRST_RE.sub("1er", text, count=1)
