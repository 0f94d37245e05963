"""The date language: pure functions of (text, today, calendar)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_cli.dates import (
    EARLIEST,
    LATEST,
    SchoolCalendar,
    describe_window,
    parse_iso,
    resolve_date,
    resolve_window,
    stored_date,
)
from liaison_cli.errors import LiaisonError, UsageError

FRI = dt.date(2026, 11, 20)
MON = SchoolCalendar(week_start=0)
SUN = SchoolCalendar(week_start=6)
TERMS = SchoolCalendar(
    week_start=0,
    terms=((dt.date(2026, 9, 2), dt.date(2026, 12, 18)), (dt.date(2027, 1, 4), dt.date(2027, 6, 17))),
    closures=((dt.date(2026, 11, 26), dt.date(2026, 11, 27)), (dt.date(2027, 1, 18), dt.date(2027, 1, 18))),
)

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
calendars = st.sampled_from([MON, SUN, SchoolCalendar(week_start=2), TERMS])


@pytest.mark.parametrize("text,expected", [
    ("today", FRI), ("tomorrow", dt.date(2026, 11, 21)), ("yesterday", dt.date(2026, 11, 19)),
    ("friday", dt.date(2026, 11, 27)),  # on a Friday, `friday` is next week's
    ("monday", dt.date(2026, 11, 23)), ("Sat", dt.date(2026, 11, 21)),
    ("+3d", dt.date(2026, 11, 23)), ("+2w", dt.date(2026, 12, 4)), ("-3d", dt.date(2026, 11, 17)),
    ("+1sd", dt.date(2026, 11, 23)), ("+5sd", dt.date(2026, 11, 27)),
    ("this-week", dt.date(2026, 11, 22)), ("next-week", dt.date(2026, 11, 23)),
    ("this-month", dt.date(2026, 11, 30)), ("2026-12-01", dt.date(2026, 12, 1)),
])
def test_resolve_date(text, expected):
    assert resolve_date(text, FRI, MON) == expected


def test_school_days_skip_a_closure():
    # Mon 23, Tue 24, Wed 25 are school days; Thanksgiving Thu 26 and Fri 27 are closed.
    assert resolve_date("+3sd", FRI, TERMS) == dt.date(2026, 11, 25)
    assert resolve_date("+4sd", FRI, TERMS) == dt.date(2026, 11, 30)
    # Past the end of the fall term the count jumps the winter break.
    assert resolve_date("+1sd", dt.date(2026, 12, 18), TERMS) == dt.date(2027, 1, 4)


def test_past_weekday_for_logging():
    assert resolve_date("monday", FRI, MON, past=True) == dt.date(2026, 11, 16)
    assert resolve_date("friday", FRI, MON, past=True) == FRI


def test_week_start_changes_this_week():
    assert resolve_window("this-week", FRI, MON).end == dt.date(2026, 11, 22)
    assert resolve_window("this-week", FRI, SUN).end == dt.date(2026, 11, 21)
    # On a Sunday with a Sunday week start, the week has just begun.
    sunday = dt.date(2026, 11, 22)
    assert SUN.week_of(sunday) == (sunday, dt.date(2026, 11, 28))
    assert MON.week_of(sunday) == (dt.date(2026, 11, 16), sunday)


def test_windows():
    assert resolve_window("overdue", FRI, MON).end == dt.date(2026, 11, 19)
    w = resolve_window("2026-11-01..2026-11-30", FRI, MON)
    assert (w.start, w.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert describe_window(resolve_window("this-week", FRI, MON), FRI, MON) == (
        "due by Sun 22 Nov 2026 — this week, Mon 16 – Sun 22 Nov")


@pytest.mark.parametrize("text", ["someday", "2026-13-01", "2026-02-30", "+d", "+0sd", "..",
                                  "2026-12-01..2026-11-01", "", "fri day", "+99999999d"])
def test_refused_with_the_accepted_forms(text):
    with pytest.raises(UsageError) as err:
        resolve_window(text, FRI, MON)
    assert text[:10] in str(err.value) or "range" in str(err.value) or "school" in str(err.value)


@settings(max_examples=300)
@given(today=days, n=st.integers(min_value=1, max_value=60), cal=calendars)
def test_school_day_offsets(today, n, cal):
    if cal.terms and not (dt.date(2026, 8, 1) <= today <= dt.date(2027, 5, 1)):
        return  # outside the calendar's terms there are no school days to count
    landed = resolve_date(f"+{n}sd", today, cal)
    assert landed > today
    assert cal.is_school_day(landed)
    assert cal.school_days_between(today, landed) == n - 1


@settings(max_examples=300)
@given(today=days, cal=calendars)
def test_this_week_contains_today_and_spans_seven_days(today, cal):
    start, end = cal.week_of(today)
    assert start <= today <= end
    assert (end - start).days == 6
    assert start.weekday() == cal.week_start
    assert resolve_window("this-week", today, cal).end == end


@settings(max_examples=300)
@given(a=days, b=days, today=days)
def test_ranges_are_inclusive_and_ordered(a, b, today):
    lo, hi = min(a, b), max(a, b)
    w = resolve_window(f"{lo.isoformat()}..{hi.isoformat()}", today, MON)
    assert w.contains(lo) and w.contains(hi)
    assert w.start <= w.end


@settings(max_examples=1000)
@given(text=st.text(max_size=30), today=days, cal=calendars)
def test_parsing_raises_only_our_errors(text, today, cal):
    for fn in (resolve_date, resolve_window):
        try:
            fn(text, today, cal)
        except LiaisonError:
            pass


@pytest.mark.parametrize("text", ["9999-12-31", "1899-12-31", "2200-01-01", "0001-01-01",
                                  "+9999w", "-9999w", "+9999m", "2026-11-01..9999-12-31",
                                  "1000-01-01..2026-11-01"])
def test_dates_outside_the_range_are_refused_naming_it(text):
    for fn in (resolve_window,) if ".." in text else (resolve_date, resolve_window):
        with pytest.raises(UsageError) as err:
            fn(text, FRI, MON)
        assert "1900-01-01 to 2199-12-31" in str(err.value)


def test_the_range_ends_are_accepted():
    assert (EARLIEST, LATEST) == (dt.date(1900, 1, 1), dt.date(2199, 12, 31))
    assert resolve_date("1900-01-01", FRI, MON) == EARLIEST
    assert resolve_date("2199-12-31", FRI, MON) == LATEST
    assert parse_iso("2199-12-31") == LATEST
    with pytest.raises(UsageError, match="1900-01-01 to 2199-12-31"):
        parse_iso("9999-12-31")


def test_school_days_never_run_past_the_range():
    with pytest.raises(UsageError):
        resolve_date("+5sd", LATEST, MON)


@pytest.mark.parametrize("value,expected", [
    ("2026-11-20", dt.date(2026, 11, 20)), ("9999-12-31", None), ("0001-01-01", None),
    ("2026-02-30", None), ("", None), (None, None), (20261120, None), ("soon", None),
])
def test_stored_dates_never_raise(value, expected):
    assert stored_date(value) == expected
