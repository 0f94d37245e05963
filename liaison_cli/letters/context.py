"""The values a letter's context holds: an empty field as Missing (false in `{% if %}`, an error
naming the field when printed), and the context as JSON-ready data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2


class Missing(jinja2.StrictUndefined):
    """An empty field: false in `{% if %}`, replaced by `|default(...)`, but printing it stops
    the letter with a message naming the field (and the family)."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "Missing"


def value(v: Any, field_path: str, owner: str) -> Any:
    """`v`, or a Missing naming `field_path` when it is empty. `owner` says whose field it is:
    "family F3", "config.yaml", "event E2"."""
    if v is None or v == "":
        return Missing(hint=f"`{field_path}` is empty for {owner}")
    return v


def is_missing(v: Any) -> bool:
    return isinstance(v, jinja2.Undefined)


def jsonable(obj: Any) -> Any:
    """A context as JSON-ready data (for `letter --context` and the docs)."""
    if isinstance(obj, jinja2.Undefined):
        return None
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime, dt.time)):
        return obj.isoformat()
    return obj
