"""A family's timeline: everything that happened and is planned, newest first."""

from __future__ import annotations

from typing import Any

from ..core.models import Family
from .app import App
from .lookup import get_family


def family_with_timeline(app: App, ref: str) -> tuple[Family, list[dict[str, Any]]]:
    with app.store.read() as s:
        family = get_family(s, ref)
        entries = timeline_entries(s, family)
    return family, entries


def family_view(app: App, ref: str) -> tuple[Family, list[dict[str, Any]], str]:
    """`show`: the family, its timeline, and the team member it is assigned to. Who logged
    what and who looks after the family are named once the district has a team (a database
    one administrator uses alone shows what the JSON store shows)."""
    with app.store.read() as s:
        family = get_family(s, ref)
        team = bool(s.team())
        entries = timeline_entries(s, family, credit=team)
        assigned = s.families.assigned([family.id[1:]]).get(family.id[1:], "") if team else ""
    return family, entries, assigned


def _credit(out: list[dict[str, Any]], kind: str, authors: dict[str, str]) -> None:
    """Name who made each record (a district database knows each row's role): `by`."""
    if not authors:
        return
    for entry in out:
        if entry["type"] == kind:
            who = authors.get(str(entry["id"]).lstrip("CR"))
            if who:
                entry["by"] = who


def timeline_entries(session, family: Family, *, credit: bool = True) -> list[dict[str, Any]]:
    """Contacts, follow-ups, referrals and events of one family as dated lines; on a district
    database each contact, follow-up and referral also says who logged it (`by`)."""
    out: list[dict[str, Any]] = []
    for key, c in session.contacts.of_family(family.id).items():
        what = c["kind"]
        if c.get("outcome", "reached") != "reached":
            what += f" ({c['outcome']})"
        line = f"{what}: {c.get('summary', '')}".rstrip(": ")
        out.append({"date": c["date"], "time": c.get("time", ""), "type": "contact",
                    "id": f"C{key}", "line": line, "record": {**c, "id": f"C{key}"}})
    for key, f in session.followups.of_family(family.id).items():
        if f["status"] == "open":
            line, date = f"follow-up {key} due: {f['action']}", f["due"]
        else:
            line = f"follow-up {key} {f['status']}: {f['action']}"
            if f.get("note"):
                line += f" — {f['note']}"
            date = f.get("done_on") or f["due"]
        out.append({"date": date, "time": "", "type": "followup", "id": int(key), "line": line,
                    "record": {**f, "id": int(key)}})
    for key, r in session.referrals.of_family(family.id).items():
        for h in r.get("history", []) or [{"date": r["date"], "status": r["status"], "note": ""}]:
            line = f"referral R{key} to {r['service']}: {h['status']}"
            if h.get("note"):
                line += f" — {h['note']}"
            out.append({"date": h["date"], "time": "", "type": "referral", "id": f"R{key}",
                        "line": line, "record": {**r, "id": f"R{key}"}})
    for key, e in session.events.rows().items():
        invited = family.id in e.get("invited", [])
        came = family.id in e.get("attended", [])
        if invited or came:
            state = "attended" if came else "invited to"
            out.append({"date": e["date"], "time": e.get("time", ""), "type": "event",
                        "id": f"E{key}", "line": f"{state} {e['title']}",
                        "record": {**e, "id": f"E{key}"}})
    for kind, view in (("contact", session.contacts), ("followup", session.followups),
                       ("referral", session.referrals)) if credit else ():
        numbers = {str(e["id"]).lstrip("CR") for e in out if e["type"] == kind}
        _credit(out, kind, view.authors(numbers))
    out.sort(key=lambda x: (x["date"], x["time"] or ""), reverse=True)
    return out
