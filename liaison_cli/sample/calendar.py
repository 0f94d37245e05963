"""The sample's dates, all counted from `app.today`, never from the real clock.

`school_year(today)` gives the terms and closures of the school year holding today, for the
sample's config.yaml; `Days` moves a date a number of days from today onto a day a liaison would
use (no weekend, no closure), so the sample always has overdue, due-today, due-this-week and later
follow-ups whatever day it is loaded.
"""

from __future__ import annotations

import datetime as dt


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


class Days:
    """Dates counted from today that land where a liaison would put them."""

    def __init__(self, today: dt.date, calendar):
        self.today = today
        self.calendar = calendar
        self.week_end = calendar.week_of(today)[1]

    def is_closed(self, day: dt.date) -> bool:
        return day.weekday() >= 5 or any(a <= day <= b for a, b in self.calendar.closures)

    def ago(self, days: int) -> dt.date:
        """`days` ago, moved back to a weekday that is not a closure."""
        d = self.today - dt.timedelta(days=days)
        for _ in range(14):
            if not self.is_closed(d):
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
            if not self.is_closed(d):
                break
            d += step
        return d

    def ahead(self, days: int) -> dt.date:
        return self.due(max(days, 1))
