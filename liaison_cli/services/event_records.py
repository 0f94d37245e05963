"""An event's record: found by id (E2) or by words from its title, and built from the dict the
store keeps. events.py, selection.py (`--event`: its invited families) and the letters (the
event a letter invites to) all find events here, so none of them imports another for it."""

from __future__ import annotations

from typing import Any

from ..core.models import Event, fold, parse_number
from ..errors import NotFoundError, UsageError
from ..storage import Session


def event_of(key: str | int, rec: dict[str, Any]) -> Event:
    return Event.from_dict({**rec, "id": f"E{key}"})


def get_event(s: Session, ref: str) -> Event:
    """An event by id (E2 or 2) or by an unambiguous part of its title."""
    rows = s.events.rows()
    n = parse_number("events", ref)
    if n is not None:
        rec = rows.get(str(n))
        if rec is None:
            raise NotFoundError(f"No event E{n}; run `liaison events` to see them.")
        return event_of(n, rec)
    wanted = fold(ref)
    if not wanted:
        raise UsageError("Give an event id like E2, or words from its title.")
    hits = [k for k, v in rows.items() if fold(v.get("title")) == wanted] or [
        k for k, v in rows.items() if wanted in fold(v.get("title"))]
    if len(hits) == 1:
        return event_of(hits[0], rows[hits[0]])
    if hits:
        ids = ", ".join(f"E{k}" for k in sorted(hits, key=int)[:8])
        raise UsageError(f"{len(hits)} events match {ref!r} ({ids}); use the id.")
    raise NotFoundError(f"No event matches {ref!r}; run `liaison events` to see them.")
