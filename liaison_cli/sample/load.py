"""Writing the sample to the store: the hand-written caseload or a generated one, built as plain
dicts and handed to the store's record views in one bulk load (one write session), so 20,000
families load in seconds and a `--force` reload replaces the caseload instead of adding to it."""

from __future__ import annotations

import gc

from .generate import generated_caseload
from .handwritten import handwritten_caseload
from .records import BUILT_KINDS, Built


def _write(app, built: Built) -> str:
    """Replace the store's records with the built caseload, in one write session."""
    with app.store.write() as s:
        # Every kind replaced whole: a --force reload replaces the old caseload instead of
        # adding to it.
        s.load({kind: getattr(built, kind) for kind in BUILT_KINDS})
    return built.summary()


def load_sample(app, families: int | None = None) -> str:
    """Fill the store with the sample caseload (or `families` generated ones); one write.

    Returns a one-line summary: "42 families, 415 contacts, 61 open follow-ups, …".
    """
    # Hundreds of thousands of small dicts that live until the end: the cyclic garbage collector
    # would walk them again and again for nothing (a third of the time at 20,000 families).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        built = handwritten_caseload(app) if families is None else generated_caseload(app, families)
        return _write(app, built)
    finally:
        if was_enabled:
            gc.enable()
