"""A family's timeline: everything that happened and is planned, newest first."""

from __future__ import annotations

from typing import Any

from ..models import Family
from .app import App
from .families import get_family


def family_with_timeline(app: App, ref: str) -> tuple[Family, list[dict[str, Any]]]:
    with app.store.read() as s:
        family = get_family(s, ref)
        entries = timeline_entries(s, family)
    return family, entries


def timeline_entries(session, family: Family) -> list[dict[str, Any]]:
    """Contacts, follow-ups, referrals and events of one family as dated lines."""
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
    out.sort(key=lambda x: (x["date"], x["time"] or ""), reverse=True)
    return out
