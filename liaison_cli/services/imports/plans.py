"""An import's plan — which families are new, which change and how, which rows were skipped —
shown by `--dry-run` and applied in ONE write session, so an import is whole or absent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...core.models import Family
from ..app import App
from ..families import family_record

# --------------------------------------------------------------------------- plans


@dataclass
class Change:
    family_id: str  # "" for a new family
    name: str
    changes: list[str]
    line: int = 0
    family: Family | None = None


@dataclass
class ImportPlan:
    source: str
    new: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    applied: bool = False
    details: dict[str, Any] = field(default_factory=dict)  # counts a source adds to the summary

    def summary(self) -> dict[str, Any]:
        return {"source": self.source, "applied": self.applied, "new": len(self.new),
                "updated": len(self.updated), "unchanged": self.unchanged,
                "skipped": len(self.skipped), "warnings": self.warnings, **self.details}


def apply_plan(s, app: App, plan: ImportPlan) -> None:
    now = app.stamp()
    for ch in plan.new:
        fam = ch.family
        assert fam is not None
        fam.created, fam.updated = now, now
        fam.id = ch.family_id = f"F{s.families.add(family_record(fam))}"
    for ch in plan.updated:
        fam = ch.family
        assert fam is not None
        fam.updated = now
        s.families.update(fam.number, family_record(fam))
    plan.applied = True
