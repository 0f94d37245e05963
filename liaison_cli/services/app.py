"""What every use case needs: the home folder, the config, the store and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import DISTRICT_KEYS, Config, load_config, store_url
from ..core.dates import SchoolCalendar, calendar_from_config
from ..storage import Codec, Store, is_district, open_store

if TYPE_CHECKING:
    from ..storage import PgStore


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class App:
    home: Path
    config: Config
    store: Store | PgStore
    today: dt.date
    clock: Callable[[], dt.datetime] = field(default=_utc_now)

    @property
    def district(self) -> bool:
        """Whether the store is the district's database (a team) rather than one liaison's."""
        return not isinstance(self.store, Store)

    @property
    def calendar(self) -> SchoolCalendar:
        return calendar_from_config(self.config)

    def stamp(self) -> str:
        """A created/updated timestamp (UTC, seconds)."""
        return self.clock().replace(microsecond=0).isoformat().replace("+00:00", "Z")


def open_app(home: Path, today: dt.date, *, codec: Codec | None = None,
             clock: Callable[[], dt.datetime] | None = None,
             database_url: str | None = None) -> App:
    """The App for one run. The store is the district's PostgreSQL database when
    `database_url` (the CLI passes LIAISON_DATABASE_URL) or config.yaml's `store:` names one,
    else the JSON store in the home folder."""
    config = load_config(home)
    url = store_url(database_url or "", allow_password=True) or config.store_url
    store: Any = open_store(home, url or "", lock_timeout=config.lock_timeout, codec=codec)
    if not is_district(store):
        return App(home=home, config=config, store=store, today=today, clock=clock or _utc_now)
    # Only the config sections count (settings also hold the store's id and move-in ledgers):
    # a database given no district settings (`db init` without --config) leaves config.yaml's.
    district = {k: v for k, v in store.settings().items() if k in DISTRICT_KEYS}
    if district:
        config = load_config(home, district)
        config.store_url = url
    return App(home=home, config=config, store=store, today=today, clock=clock or _utc_now)
