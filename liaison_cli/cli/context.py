"""Per-run state the commands share: where home is, what today is, the App once it is needed.

The environment is read here and only here (LIAISON_HOME, LIAISON_TODAY, LIAISON_PASSPHRASE,
LIAISON_DATABASE_URL); the services below get plain values.

Every command imports this module, `liaison followups` on its fast path too, so it imports only
what every run needs. config, the services, the storage package and typer are imported in the
methods that use them: together they are most of a command's start-up (`-X importtime`, see
benchmarks/startup.py), and `--help`, `--version` and a usage error need none of them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CryptoError, UsageError


@dataclass
class RunState:
    home_option: str | None = None
    debug: bool = False
    _app: object | None = field(default=None, repr=False)

    @property
    def home(self) -> Path:
        from ..config import home_dir  # here, not at the top: start-up, see the note below

        return home_dir(self.home_option, os.environ.get("LIAISON_HOME"))

    @property
    def today(self) -> dt.date:
        pinned = os.environ.get("LIAISON_TODAY")
        if pinned:
            from ..core.dates import RANGE, stored_date  # start-up, see the note below

            day = stored_date(pinned.strip())
            if day is None:
                raise UsageError(
                    f"LIAISON_TODAY={pinned!r} is not a date from {RANGE}; set it like "
                    "2026-11-20 or unset it."
                )
            return day
        return dt.date.today()

    def app(self):
        """The App for this run (config loaded, store opened lazily, passphrase if encrypted)."""
        if self._app is None:
            from ..services.app import open_app  # start-up, see the note below

            url = self.database_url
            self._app = open_app(self.home, self.today, codec=None if url else self.codec(),
                                 database_url=url)
        return self._app

    def close_app(self) -> None:
        """End this run's App: a district database's connections are closed (a folder store
        holds nothing open between commands)."""
        app, self._app = self._app, None
        if app is not None:
            app.store.close()

    @property
    def database_url(self) -> str | None:
        """LIAISON_DATABASE_URL: the district database, overriding config.yaml's `store:`."""
        return os.environ.get("LIAISON_DATABASE_URL") or None

    def store_encrypted(self) -> bool:
        """Whether the store is encrypted (one header read: a plain store imports nothing more;
        an interrupted commit is finished first, see storage.is_encrypted)."""
        from ..storage import is_encrypted  # start-up, see the note below

        return is_encrypted(self.home)

    def codec(self):
        if not self.store_encrypted():
            return None
        from ..storage import codec_for  # start-up, see the note below

        return codec_for(self.home, self.passphrase())

    def unencrypted_warning(self) -> str:
        """Every command warns (one line, "" when all is well) while an interrupted `encrypt`
        has left plain store or backup files in an encrypted home. A plain store costs one
        header read; an encrypted one directory listings and a header read per distinct file
        (backups are hard links)."""
        if not self.store_encrypted():
            return ""
        from ..storage import unencrypted_files  # start-up, see the note below

        left = unencrypted_files(self.home)
        if not left:
            return ""
        return (f"{len(left)} store or backup file(s) are still unencrypted in this encrypted "
                "store (an interrupted `liaison encrypt`); run `liaison encrypt` again to finish.")

    def passphrase(self, confirm: bool = False) -> str:
        value = os.environ.get("LIAISON_PASSPHRASE")
        if value:
            return value
        if not sys.stdin.isatty():
            raise CryptoError(
                "The store is encrypted; set LIAISON_PASSPHRASE or run on a terminal to be asked."
            )
        import typer  # start-up: only an encrypted store on a terminal prompts

        return typer.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm)


STATE = RunState()
