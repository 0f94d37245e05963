"""Which families a command acts on at once: `--all`, `--tag`, `--families`, `--school`, an
event's invited families. One rule for every command that takes them (`letter` mail merges,
`event invite`), so the same options choose the same families everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.models import Family, fold
from ..errors import UsageError
from ..storage import Session
from .app import App
from .event_records import get_event
from .families import get_family, load_families, school_aliases
from .family_input import parse_tag


@dataclass
class Selection:
    all_: bool = False
    tags: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    event: str | None = None  # the event's invited families
    school: str = ""  # only families with a student at this school (alone: every one there)

    @property
    def given(self) -> bool:
        return bool(self.all_ or self.tags or self.families or self.event or self.school)


def select(app: App, s: Session, sel: Selection) -> tuple[list[Family], list[str]]:
    """The families chosen (active ones, in id order) and the closed ones left out.

    `--all` and `--families` choose; `--tag` then keeps those with every tag (alone, it chooses
    every family with them); `--school` likewise; an event adds its invited families. Every
    family is made into a record only when an option needs them all (a merge to 1,000 named
    families of 5,000 reads those 1,000)."""
    loaded: dict[str, Family] = {}

    def everyone() -> dict[str, Family]:
        if not loaded:
            loaded.update(load_families(s))
        return loaded

    chosen: dict[str, Family] = {}
    if sel.all_:
        chosen.update(everyone())
    for ref in sel.families:
        f = get_family(s, ref)
        chosen[f.id] = f
    narrowed = sel.all_ or bool(sel.families)
    if sel.tags:
        tags = [parse_tag(t) for t in sel.tags]
        pool = chosen if narrowed else everyone()
        chosen = {k: f for k, f in pool.items() if all(t in f.tags for t in tags)}
        narrowed = True
    if sel.school:
        names = school_aliases(app, sel.school)
        pool = chosen if narrowed else everyone()
        chosen = {k: f for k, f in pool.items()
                  if any(fold(st.school) in names for st in f.students)}
    if sel.event:
        event = get_event(s, sel.event)
        if not event.invited:
            raise UsageError(f"{event.id} has no invited families yet; run `liaison event invite "
                             f"{event.id} --tag …` first, or choose families with --all or --tag.")
        for fid in event.invited:
            if fid in everyone():
                chosen.setdefault(fid, everyone()[fid])
    closed = sorted((f.id for f in chosen.values() if f.status == "closed"),
                    key=lambda i: int(i[1:]))
    active = sorted((f for f in chosen.values() if f.status != "closed"), key=lambda f: f.number)
    return active, closed
