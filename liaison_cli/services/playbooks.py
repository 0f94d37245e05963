"""Playbooks: a plan of dated steps (follow-ups) to settle a family in, in school days.

A playbook is a YAML file::

    title: Newcomer family — the first term
    description: What it is for.
    start: arrival            # or enrolment; either way the family's arrival date, else today
    steps:
      - {day: 1, kind: phone, action: "Welcome call in the family's language"}
      - {day: 10, kind: home-visit, action: "Home visit, with the family's permission"}
      - {day: end-of-term, action: "End-of-term check with the teacher"}

`day` counts school days: 0 or 1 is the first school day on or after the start, 2 the next
school day, and so on (weekends, closures and the days between terms are skipped). `end-of-term`
is the last school day of that term. `{family}` in an action becomes the family's id.

The bundled playbooks live in the package (so a wheel carries them); a file of the same name in
the config's `playbooks_dir` replaces the bundled one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.dates import RANGE, resolve_date, stored_date
from ..core.models import CONTACT_KINDS, FollowUp
from ..core.yamlio import Located, parse_file
from ..errors import ConfigError, ConflictError, NotFoundError, UsageError
from .app import App
from .families import get_family
from .scheduling import create_followup

BUNDLED = Path(__file__).resolve().parent.parent / "playbooks"
STARTS = ("arrival", "enrolment")
STEP_KINDS = CONTACT_KINDS + ("task",)
END_OF_TERM = "end-of-term"
_LETTER_RE = re.compile(r"liaison letter ([a-z0-9][a-z0-9_-]*)")
# What becomes of a step whose date has already passed when the playbook is applied.
PAST_CHOICES = ("done", "skip", "keep")


@dataclass
class Step:
    day: int | str  # school days, or "end-of-term"
    action: str
    kind: str = ""
    template: str = ""  # a letter step: the letter that does it (`liaison letter welcome …`)

    def letter(self) -> str:
        """The letter template this step sends: its `template`, else the one its action names."""
        if self.template:
            return self.template
        m = _LETTER_RE.search(self.action) if self.kind == "letter" else None
        return m.group(1) if m else ""


@dataclass
class Playbook:
    name: str
    title: str
    description: str
    start: str
    steps: list[Step]
    path: str
    bundled: bool
    overrides_bundled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "start": self.start, "steps": [s.__dict__ for s in self.steps], "path": self.path,
                "bundled": self.bundled, "overrides_bundled": self.overrides_bundled}


# --------------------------------------------------------------------------- reading


def _text(loc: Located, what: str, source: str) -> str:
    if loc.value is None:
        return ""
    if not isinstance(loc.value, str):
        raise ConfigError(f"{source}, line {loc.line}: `{what}` must be text on one line.")
    return " ".join(loc.value.split())


def parse_playbook(root: Located, name: str, source: str, *, bundled: bool = False) -> Playbook:
    """Validate a parsed playbook file; errors name the file and line."""
    if not isinstance(root.value, dict):
        raise ConfigError(f"{source}: a playbook is a set of `key: value` lines with `steps:`.")
    top = root.value
    allowed = {"name", "title", "description", "start", "steps"}
    for key, loc in top.items():
        if key not in allowed:
            raise ConfigError(f"{source}, line {loc.line}: unknown key `{key}`; the keys are "
                              f"{', '.join(sorted(allowed))}.")
    start = _text(top["start"], "start", source).lower() if "start" in top else "arrival"
    if start not in STARTS:
        raise ConfigError(f"{source}, line {top['start'].line}: `start` must be arrival or enrolment.")
    steps_loc = top.get("steps")
    if steps_loc is None or not isinstance(steps_loc.value, list) or not steps_loc.value:
        line = steps_loc.line if steps_loc is not None else 1
        raise ConfigError(f"{source}, line {line}: `steps` must be a list of "
                          "`{day: N, action: TEXT}` items.")
    steps = []
    for item in steps_loc.value:
        if not isinstance(item.value, dict):
            raise ConfigError(f"{source}, line {item.line}: each step is `{{day: N, action: TEXT}}`.")
        m = item.value
        for key, loc in m.items():
            if key not in ("day", "action", "kind", "template"):
                raise ConfigError(f"{source}, line {loc.line}: unknown step key `{key}`; a step "
                                  "has day, action, kind and template.")
        if "day" not in m or "action" not in m:
            raise ConfigError(f"{source}, line {item.line}: each step needs `day` and `action`.")
        raw_day = _text(m["day"], "day", source).lower()
        if raw_day == END_OF_TERM:
            day: int | str = END_OF_TERM
        elif raw_day.isdigit() and int(raw_day) <= 400:
            day = int(raw_day)
        else:
            raise ConfigError(f"{source}, line {m['day'].line}: `day` must be a number of school "
                              "days (0 to 400) or end-of-term.")
        action = _text(m["action"], "action", source)
        if not action:
            raise ConfigError(f"{source}, line {m['action'].line}: a step's `action` cannot be empty.")
        kind = _text(m["kind"], "kind", source).lower() if "kind" in m else ""
        if kind and kind not in STEP_KINDS:
            raise ConfigError(f"{source}, line {m['kind'].line}: `kind` must be one of "
                              f"{', '.join(STEP_KINDS)}.")
        template = _text(m["template"], "template", source).lower() if "template" in m else ""
        if template and kind != "letter":
            raise ConfigError(f"{source}, line {m['template'].line}: `template` goes with "
                              "`kind: letter`.")
        steps.append(Step(day, action, kind, template))
    return Playbook(
        name=name,
        title=_text(top["title"], "title", source) if "title" in top else name,
        description=_text(top["description"], "description", source) if "description" in top else "",
        start=start, steps=steps, path=source, bundled=bundled,
    )


def _files(folder: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for p in sorted(folder.iterdir()):
        if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith("."):
            out.setdefault(p.stem.lower(), p)
    return out


def _sources(app: App) -> dict[str, tuple[Path, bool]]:
    found = {name: (p, True) for name, p in _files(BUNDLED).items()} if BUNDLED.is_dir() else {}
    own = app.config.playbooks_dir
    if own is not None:
        if not own.is_dir():
            raise ConfigError(f"playbooks_dir {own} is not a folder; create it or clear "
                              "`playbooks_dir` in config.yaml.")
        for name, p in _files(own).items():
            found[name] = (p, False)
    return found


def list_playbooks(app: App) -> list[Playbook]:
    bundled = set(_files(BUNDLED)) if BUNDLED.is_dir() else set()
    out = []
    for name, (path, is_bundled) in sorted(_sources(app).items()):
        pb = parse_playbook(parse_file(path), name, str(path), bundled=is_bundled)
        pb.overrides_bundled = not is_bundled and name in bundled
        out.append(pb)
    return out


def get_playbook(app: App, name: str) -> Playbook:
    wanted = name.strip().lower().removesuffix(".yaml").removesuffix(".yml")
    sources = _sources(app)
    if wanted not in sources:
        hits = [n for n in sources if n.startswith(wanted)] if wanted else []
        if len(hits) != 1:
            raise NotFoundError(f"No playbook {name!r}; run `liaison playbooks` to see them "
                                f"({', '.join(sorted(sources)) or 'none'}).")
        wanted = hits[0]
    path, is_bundled = sources[wanted]
    return parse_playbook(parse_file(path), wanted, str(path), bundled=is_bundled)


# --------------------------------------------------------------------------- dating the steps


def first_school_day(start: dt.date, cal) -> dt.date:
    return start if cal.is_school_day(start) else cal.add_school_days(start, 1)


def end_of_term(first: dt.date, cal) -> dt.date | None:
    """The last school day of the term `first` falls in; None when the calendar has no terms."""
    term = cal.term_of(first)
    if term is None:
        return None
    day = term[1]
    while day >= first and not cal.is_school_day(day):
        day -= dt.timedelta(days=1)
    return max(day, first)


def step_date(step: Step, first: dt.date, cal) -> dt.date | None:
    if step.day == END_OF_TERM:
        return end_of_term(first, cal)
    return first if step.day <= 1 else cal.add_school_days(first, step.day - 1)


@dataclass
class PlannedStep:
    step: Step
    due: str  # "" when the step cannot be dated (end-of-term without terms)
    followup: FollowUp | None = None
    skipped: str = ""
    done_by: str = ""  # the contact already on record that did this step (C12)
    past: str = ""  # for a step dated before today: done, skip or keep


@dataclass
class ApplyResult:
    playbook: Playbook
    family_id: str
    start: str
    first_day: str
    steps: list[PlannedStep] = field(default_factory=list)

    @property
    def followups(self) -> list[FollowUp]:
        return [p.followup for p in self.steps if p.followup]

    def to_dict(self) -> dict[str, Any]:
        return {"playbook": self.playbook.name, "family_id": self.family_id, "start": self.start,
                "first_day": self.first_day,
                "followups": [f.to_dict() for f in self.followups],
                "skipped": [{"day": p.step.day, "action": p.step.action, "due": p.due,
                             "reason": p.skipped, "done_by": p.done_by}
                            for p in self.steps if p.skipped]}


def plan(playbook: Playbook, start: dt.date, cal) -> tuple[dt.date, list[PlannedStep]]:
    """Date every step from `start` (pure: no store)."""
    first = first_school_day(start, cal)
    out = []
    for step in playbook.steps:
        try:
            due = step_date(step, first, cal)
        except UsageError:
            due, why = None, "it falls after the last term in config.yaml; add the next term"
        else:
            why = "" if due else "the calendar in config.yaml has no terms"
        out.append(PlannedStep(step, due.isoformat() if due else "", skipped=why))
    out.sort(key=lambda p: p.due or "9999")
    return first, out


def preview(app: App, name: str, start: str | None = None) -> tuple[Playbook, str, list[PlannedStep]]:
    """A playbook and the dates its steps would get from `start` (default today)."""
    pb = get_playbook(app, name)
    day = resolve_date(start, app.today, app.calendar, past=True) if start else app.today
    first, steps = plan(pb, day, app.calendar)
    return pb, first.isoformat(), steps


def already_done(steps: list[PlannedStep], contacts: dict[str, dict[str, Any]], family_id: str,
                 start: dt.date) -> None:
    """Mark the steps the family's record shows done already (`done_by`), each by its own contact.

    A letter step is done by a letter of its template, whenever it was sent. Another step of a
    contact kind (phone, meeting, home-visit, …) is done by a contact of that kind that reached
    the family on or after the start and before the next step of the same kind was due: the
    welcome call made on day 3 is the welcome call, not the check-in of day 30. Tasks are never
    done by a contact."""
    used: set[str] = set()
    rows = sorted(((c.get("date", ""), int(k), c) for k, c in contacts.items()
                   if c.get("family_id") == family_id), key=lambda r: (r[0], r[1]))
    dated = [p for p in steps if not p.skipped]
    for i, p in enumerate(dated):
        kind, template = p.step.kind, p.step.letter()
        if not kind or kind == "task":
            continue
        later = [q.due for q in dated[i + 1:] if q.step.kind == kind and q.step.letter() == template]
        until = min(later) if later else "9999-12-31"
        for date, key, c in rows:
            if f"C{key}" in used or c.get("kind") != kind:
                continue
            if template:
                if (c.get("letter") or {}).get("template") != template:
                    continue
            elif not (start.isoformat() <= date < until) or c.get("outcome", "reached") != "reached":
                continue
            p.done_by = f"C{key}"
            p.skipped = f"already done ({p.done_by}, {date})"
            used.add(p.done_by)
            break


def apply_playbook(app: App, name: str, family_ref: str, *, start: str | None = None,
                   again: bool = False, skip_past: bool = False, past: str = "keep",
                   decide: Callable[[PlannedStep], str] | None = None) -> ApplyResult:
    """Create the playbook's follow-ups for a family (source "playbook NAME").

    Steps the family's record shows done already are not planned again (`already_done`). A step
    dated before today is, as `past` says (or `decide`, asked for each such step, answers):
    `done` (recorded as a follow-up done today), `skip` (not planned, listed) or `keep`
    (planned, overdue)."""
    past = "skip" if skip_past else past
    if past not in PAST_CHOICES:
        raise UsageError(f"--past {past!r}: choose done, skip or keep.")
    pb = get_playbook(app, name)
    cal = app.calendar
    start_day = resolve_date(start, app.today, cal, past=True) if start else None
    source = f"playbook {pb.name}"
    iso_today = app.today.isoformat()

    def check(s, family) -> None:
        if family.status == "closed":
            raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` first.")
        if not again:
            for key, f in s.followups.of_family(family.id).items():
                if f.get("source") == source:
                    raise ConflictError(
                        f"The {pb.name} playbook was already applied to {family.id} (follow-up "
                        f"{key}); add --again to apply it a second time."
                    )

    # First read and date everything, and ask about past steps, with no lock held.
    with app.store.read() as s:
        family = get_family(s, family_ref)
        check(s, family)
        if start_day is None and family.arrival:
            start_day = stored_date(family.arrival)
            if start_day is None:
                raise UsageError(f"{family.id}'s arrival date is not a date from {RANGE}; correct "
                                 f"it with `liaison edit {family.id} --arrival YYYY-MM-DD` or give --from.")
        if start_day is None:
            start_day = app.today
        first, steps = plan(pb, start_day, cal)
        already_done(steps, s.contacts.of_family(family.id), family.id, start_day)
    for p in steps:
        if not p.skipped and p.due < iso_today:
            p.past = decide(p) if decide is not None else past
            if p.past not in PAST_CHOICES:
                raise UsageError(f"{p.past!r}: choose done, skip or keep.")
            if p.past == "skip":
                p.skipped = "already past"
    result = ApplyResult(pb, family.id, start_day.isoformat(), first.isoformat(), steps)
    with app.store.write() as s:
        check(s, get_family(s, family.id))
        for p in steps:
            if p.skipped:
                continue
            action = p.step.action.replace("{family}", family.id)
            p.followup = create_followup(s, app, family.id, dt.date.fromisoformat(p.due), action,
                                         source=source)
            if p.past == "done":
                p.followup.status, p.followup.done_on = "done", iso_today
                p.followup.note = "marked done when the playbook was applied"
                s.followups.update(
                    p.followup.id, {"status": "done", "done_on": iso_today, "note": p.followup.note})
        if not result.followups:
            raise UsageError(f"Every step of {pb.name} is already done or past for {family.id}; "
                             "nothing to plan (add --past keep to plan the past ones anyway).")
    return result
