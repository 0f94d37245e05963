"""The caseload as the store takes it: every record a plain dict, numbered per kind (`Built`),
made from the model records so each has every field the store expects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.models import Service
from .district import SERVICES


@dataclass
class Built:
    """Every record of the caseload, keyed by number, as stored dicts (without their id)."""

    families: dict[int, dict[str, Any]] = field(default_factory=dict)
    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    followups: dict[int, dict[str, Any]] = field(default_factory=dict)
    referrals: dict[int, dict[str, Any]] = field(default_factory=dict)
    events: dict[int, dict[str, Any]] = field(default_factory=dict)
    services: dict[int, dict[str, Any]] = field(default_factory=dict)

    def summary(self) -> str:
        open_fu = sum(1 for f in self.followups.values() if f["status"] == "open")
        return (f"{len(self.families):,} families, {len(self.contacts):,} contacts, "
                f"{open_fu:,} open follow-ups, {len(self.referrals):,} referrals, "
                f"{len(self.events):,} events, {len(self.services):,} services")


BUILT_KINDS = ("families", "contacts", "followups", "referrals", "events", "services")


def row(record) -> dict[str, Any]:
    d = record.to_dict()
    del d["id"]
    return d


def service_rows(stamp: str) -> dict[int, dict[str, Any]]:
    out = {}
    for n, (name, category, org, phone, address, langs, elig) in enumerate(SERVICES, 1):
        out[n] = row(Service(id=f"S{n}", name=name, category=category, organisation=org,
                             phone=phone, address=address, languages=list(langs),
                             eligibility=elig, created=stamp, updated=stamp))
    return out
