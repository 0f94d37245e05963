"""What every use case needs: the home folder, the config, the store and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, load_config
from ..dates import SchoolCalendar, calendar_from_config
from ..storage import Codec, Store


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class App:
    home: Path
    config: Config
    store: Store
    today: dt.date
    clock: Callable[[], dt.datetime] = field(default=_utc_now)

    @property
    def calendar(self) -> SchoolCalendar:
        return calendar_from_config(self.config)

    def stamp(self) -> str:
        """A created/updated timestamp (UTC, seconds)."""
        return self.clock().replace(microsecond=0).isoformat().replace("+00:00", "Z")


def open_app(home: Path, today: dt.date, *, codec: Codec | None = None,
             clock: Callable[[], dt.datetime] | None = None) -> App:
    config = load_config(home)
    store = Store(home, lock_timeout=config.lock_timeout, codec=codec)
    return App(home=home, config=config, store=store, today=today, clock=clock or _utc_now)
