"""A parent's right to see what is held: everything about one family — the record, every
contact, follow-up, referral and event, and what the disclosure log says was shared about them —
written as a Markdown document a parent can read and as JSON, into a private folder
(`liaison export family`). The export is itself logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..config import ensure_private_dir
from ..core.models import Family
from ..errors import UsageError
from . import audit
from .app import App
from .families import get_family

EXPORTS = "exports"  # the folder under the home folder a copy goes to, without --out


# --------------------------------------------------------------------------- what is held


@dataclass
class Holding:
    """Everything the store holds about one family."""

    family: Family
    contacts: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    disclosures: list[dict[str, Any]] = field(default_factory=list)

    def record_ids(self) -> list[str]:
        ids = [self.family.id]
        ids += [c["id"] for c in self.contacts]
        ids += [str(f["id"]) for f in self.followups]
        ids += [r["id"] for r in self.referrals]
        return ids


def holding_of(session, family: Family) -> Holding:
    h = Holding(family)
    fid = family.id
    h.contacts = [{"id": f"C{k}", **c} for k, c in session.contacts.of_family(fid).items()]
    h.followups = [{"id": int(k), **f} for k, f in session.followups.rows().items()
                   if f.get("family_id") == fid]
    h.referrals = [{"id": f"R{k}", **r} for k, r in session.referrals.rows().items()
                   if r.get("family_id") == fid]
    for k, e in session.events.rows().items():
        invited, came = fid in (e.get("invited") or []), fid in (e.get("attended") or [])
        if invited or came:
            h.events.append({"id": f"E{k}", "title": e.get("title", ""), "kind": e.get("kind", ""),
                             "date": e.get("date", ""), "time": e.get("time", ""),
                             "place": e.get("place", ""), "invited": invited, "attended": came})
    h.contacts.sort(key=lambda c: (c.get("date", ""), c.get("time", ""), c["id"]))
    h.followups.sort(key=lambda f: (f.get("due", ""), f["id"]))
    h.referrals.sort(key=lambda r: (r.get("date", ""), r["id"]))
    h.events.sort(key=lambda e: (e["date"], e["time"]))
    ids = set(h.record_ids())
    log = session.disclosures.entries()
    failed = audit.not_done(log, session.disclosures.head)
    # What was disclosed about them: entries whose change never happened are left out.
    h.disclosures = [audit.shown(e, failed) for e in log
                     if e.get("seq") not in failed and ids & {str(r) for r in e.get("records") or []}]
    return h


# --------------------------------------------------------------------------- export family


@dataclass
class FamilyExport:
    family_id: str
    folder: Path
    files: list[Path]


def export_family(app: App, ref: str, *, out: Path | None = None, to_whom: str = "",
                  why: str = "") -> FamilyExport:
    """Write everything held about one family (Markdown and JSON) and log the disclosure."""
    with app.store.write() as s:
        family = get_family(s, ref)
        h = holding_of(s, family)
        if out is None:
            base = ensure_private_dir(app.home / EXPORTS)
            folder = base / f"{family.id}-{app.today.isoformat()}"
            n = 1
            while folder.exists():
                n += 1
                folder = base / f"{family.id}-{app.today.isoformat()}-{n}"
        else:
            folder = out
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} is a file; give --out a folder.")
        stamp = app.stamp()
        md = folder / f"family-{family.id}.md"
        js = folder / f"family-{family.id}.json"
        # Both files appear only once the disclosure entry is committed.
        s.stage_output(md, family_markdown(h, stamp, app).encode("utf-8"))
        s.stage_output(js, orjson.dumps(family_json(h, stamp), option=orjson.OPT_INDENT_2) + b"\n")
        audit.record_disclosure(
            app, s, what="export family", to_whom=to_whom or "the family (a parent's request)",
            why=why or "a parent asked to see what is held about them",
            records=h.record_ids(), detail="a Markdown and a JSON file",
        )
    return FamilyExport(family.id, folder, [md, js])


def family_json(h: Holding, stamp: str) -> dict[str, Any]:
    return {
        "exported": stamp, "family": h.family.to_dict(), "contacts": h.contacts,
        "followups": h.followups, "referrals": h.referrals, "events": h.events,
        "disclosures": h.disclosures,
    }


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell or line."""
    s = "" if text is None else str(text)
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ").strip()


def family_markdown(h: Holding, stamp: str, app: App) -> str:
    f = h.family
    who = app.config.liaison
    lines = [
        f"# What we hold about the {_md(f.name)} family ({f.id})",
        "",
        f"Prepared on {app.today.isoformat()} (at {stamp}) at your request. This is every record "
        "the family liaison keeps about your household: your details, each time we were in "
        "touch, what we planned to do, the services we referred you to, the school events, and "
        "each time we shared your information with someone.",
    ]
    if who.name or who.phone or who.email:
        contact = ", ".join(_md(x) for x in (who.name, who.phone, who.email) if x)
        lines += ["", f"Questions, corrections, or to ask us to delete these records: {contact}."]
    lines += ["", "## Your household", ""]
    rows = [("Family name", f.name), ("Home language", f.home_language), ("Address", f.address),
            ("Status", f.status + (f" ({f.closed_reason})" if f.closed_reason else "")),
            ("Arrived or enrolled", f.arrival), ("Tags", ", ".join(f.tags)),
            ("Barriers noted", ", ".join(f.barriers)), ("Notes", f.notes),
            ("Created", f.created), ("Last changed", f.updated)]
    for k, v in f.external_ids.items():
        if ":" not in k:
            rows.append((f"Record number in {k}", v))
    lines += ["| | |", "|---|---|"] + [f"| {k} | {_md(v)} |" for k, v in rows if v]
    lines += ["", "### Parents and guardians", ""]
    if f.guardians:
        lines += ["| Name | Relationship | Phone | Email | Language | Interpreter |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {_md(g.name)} | {_md(g.relationship)} | {_md(g.phone)} | {_md(g.email)} | "
                  f"{_md(g.language)} | {'yes' if g.interpreter else 'no'} |" for g in f.guardians]
    else:
        lines.append("None recorded.")
    lines += ["", "### Children", ""]
    if f.students:
        lines += ["| Name | Grade | School | Teacher |", "|---|---|---|---|"]
        lines += [f"| {_md(s.name)} | {_md(s.grade)} | {_md(s.school)} | {_md(s.teacher)} |"
                  for s in f.students]
    else:
        lines.append("None recorded.")
    lines += ["", "### Permissions you gave", ""]
    if f.consents:
        lines += [f"- {_md(k)}: given on {_md(v)}" for k, v in sorted(f.consents.items())]
    else:
        lines.append("None recorded.")
    lines += ["", f"## Contacts ({len(h.contacts)})", ""]
    if h.contacts:
        lines += ["| Date | How | Direction | Outcome | Language | Summary |",
                  "|---|---|---|---|---|---|"]
        for c in h.contacts:
            when = (c.get("date", "") + " " + c.get("time", "")).strip()
            lang = c.get("language", "") + (f", interpreter {c['interpreter']}" if c.get("interpreter") else "")
            lines.append(f"| {when} | {_md(c.get('kind'))} | {_md(c.get('direction'))} | "
                         f"{_md(c.get('outcome', 'reached'))} | {_md(lang)} | {_md(c.get('summary'))} |")
    else:
        lines.append("None recorded.")
    lines += ["", f"## Things we planned to do ({len(h.followups)})", ""]
    if h.followups:
        lines += ["| Due | What | Status | Note |", "|---|---|---|---|"]
        for fu in h.followups:
            status = fu.get("status", "") + (f" on {fu['done_on']}" if fu.get("done_on") else "")
            lines.append(f"| {_md(fu.get('due'))} | {_md(fu.get('action'))} | {_md(status)} | "
                         f"{_md(fu.get('note'))} |")
    else:
        lines.append("None recorded.")
    lines += ["", f"## Referrals to services ({len(h.referrals)})", ""]
    if h.referrals:
        lines += ["| Date | Service | Organisation | For | Status | Outcome |",
                  "|---|---|---|---|---|---|"]
        for r in h.referrals:
            lines.append(f"| {_md(r.get('date'))} | {_md(r.get('service'))} | "
                         f"{_md(r.get('organisation'))} | {_md(r.get('student'))} | "
                         f"{_md(r.get('status'))} | {_md(r.get('outcome'))} |")
    else:
        lines.append("None recorded.")
    lines += ["", f"## School events ({len(h.events)})", ""]
    if h.events:
        lines += ["| Date | Event | Invited | Came |", "|---|---|---|---|"]
        for e in h.events:
            when = (e["date"] + " " + e["time"]).strip()
            lines.append(f"| {when} | {_md(e['title'])} | {'yes' if e['invited'] else 'no'} | "
                         f"{'yes' if e['attended'] else 'no'} |")
    else:
        lines.append("None recorded.")
    lines += ["", f"## When your information was shared ({len(h.disclosures)})", ""]
    if h.disclosures:
        lines += ["| When | What | To whom | Why |", "|---|---|---|---|"]
        for d in h.disclosures:
            lines.append(f"| {_md(d['at'])} | {_md(d['what'])} | {_md(d['to'])} | {_md(d['why'])} |")
    else:
        lines.append("Never, before this export.")
    lines += ["", "A copy of the same records for computers is in the JSON file next to this one.", ""]
    return "\n".join(lines)
