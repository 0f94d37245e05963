"""Follow-ups, contact cadence and unreachable families: the liaison's daily loop.

    due.py      `liaison followups`: what is due in a window, overdue first, with who is owed
    loop.py     find one; done (logging the contact), snooze, cancel, add
    cadence.py  contact cadence: who is owed a contact, who cannot be reached
    filters.py  what the listings share: which families they keep, whom to call

A follow-up's record and the school day it lands on are in ../scheduling.py, which contacts.py
shares (a contact can promise a follow-up; a follow-up done can log a contact).
"""

from ..scheduling import (
    AskSchoolDay,
    ClosedDay,
    closed_day,
    create_followup,
    next_open_followup,
    settle_due,
)
from .cadence import Owed, Unreachable, cadence_days, unreachable
from .due import GROUPS, Listing, Row, followups_due
from .loop import DoneResult, Moved, add_followup, cancel, get_followup, mark_done, snooze

__all__ = [
    "GROUPS", "AskSchoolDay", "ClosedDay", "DoneResult", "Listing", "Moved", "Owed", "Row",
    "Unreachable", "add_followup", "cadence_days", "cancel", "closed_day", "create_followup",
    "followups_due", "get_followup", "mark_done", "next_open_followup", "settle_due", "snooze",
    "unreachable",
]
