"""`liaison report` on the terminal: the figures with bars."""

from __future__ import annotations

import textwrap
from typing import Any

from ...core.reports import percent, referrals_note
from . import output


def _bar_width(label_width: int) -> int:
    """Room left for bars on this terminal (0 on a narrow one: the numbers are enough)."""
    width = output.width()
    room = min(40, width - label_width - 22)
    return room if room >= 5 else 0


def _bars(title: str, items: dict[str, int], what: str = "", of: int | None = None) -> None:
    """A table of counts with their share (of `of`, else of the total) and a bar each."""
    e = output.esc
    if not items:
        output.echo(f"[bold]{title}[/bold]: none in this period.")
        return
    label_width = max(len(what), *(len(k) for k in items))
    room = _bar_width(label_width)
    top = max(items.values()) or 1
    total = of or sum(items.values())
    rows = []
    for k, v in items.items():
        row = [e(k), str(v), percent(v / total) if total else ""]
        if room:
            row.append("[cyan]" + "█" * max(1, round(room * v / top)) + "[/cyan]" if v else "")
        rows.append(row)
    cols: list[Any] = [what or "", ("Count", {"justify": "right"}), ("Share", {"justify": "right"})]
    if room:
        cols.append("")
    output.table(cols, rows, title=f"[bold]{title}[/bold]")


def render_report(data: dict[str, Any]) -> None:
    p, f, c = data["period"], data["families"], data["contacts"]
    lg, ref, ev = data["languages"], data["referrals"], data["events"]
    where = f" — {output.esc(p['school'])}" if p.get("school") else ""
    output.echo(f"[bold]Family liaison report{where}[/bold]")
    span = f"{output.day(p['from'])} – {output.day(p['to'])}"
    if len(p["label"]) + 2 + len(span) <= output.width():
        output.echo(f"{output.esc(p['label'])}: {span}")
    else:
        output.echo(f"{output.esc(p['label'])}:\n{span}")
    output.echo("")
    held = f"{ev['held']} event{'' if ev['held'] == 1 else 's'}"
    glance = [
        ("Families served", str(f["served"]), f"with at least one contact; {f['reached']} reached"),
        ("New families", str(f["new"]), "arrived or added in the period"),
        ("Active caseload", str(f["caseload"]), ""),
        ("Contacts", str(c["total"]), f"{c['attempts']} calls, visits and messages; {c['total'] - c['attempts']} letters"),
        ("Reached rate", percent(c["reached_rate"]), f"{c['reached']} of {c['attempts']} attempts reached the family"),
        ("Home visits", str(c["home_visits"]), ""),
        ("In the family's language", percent(lg["in_language_share"]),
         f"{lg['contacts_in_family_language']} of {c['total']} contacts, {lg['contacts_with_interpreter']} with an interpreter"),
        ("Referrals made", str(ref["made"]), referrals_note(ref)),
        ("Event attendance", percent(ev["rate"]), f"{ev['attended']} of {ev['invited']} invited came to {held}"),
    ]
    width = output.width()
    for label, value, note in glance:
        head = f"  {label:<25} {value:>5}"
        if not note or len(head) + 3 + len(note) <= width:
            output.echo(f"{head}   {output.esc(note)}".rstrip())
            continue
        output.echo(head)  # a narrow terminal: the note goes under the figure
        for part in textwrap.wrap(note, max(20, width - 6)):
            output.echo(f"      {output.esc(part)}")
    for title, items, what, of in (
        ("Contacts by kind", c["by_kind"], "Kind", None),
        ("Contact attempts by outcome", c["by_outcome"], "Outcome", None),
        ("Families served by language", lg["families_by_language"], "Language", None),
        # a family can face several barriers: the share is of the families served
        ("Barriers (share of the families served)", data["barriers"], "Barrier", f["served"]),
        ("Referrals by service", ref["by_service"], "Service", None),
        ("Referrals by status", ref["by_status"], "Status", None),
    ):
        output.echo("")
        _bars(title, items, what, of)
    output.echo("")
    if ev["list"]:
        room = _bar_width(15 + max(len(e["title"]) for e in ev["list"]) + 18)
        rows = []
        for e in ev["list"]:
            row = [output.day(e["date"]), output.esc(e["title"]), str(e["invited"]), str(e["attended"]),
                   percent(e["rate"])]
            if room:
                row.append("[cyan]" + "█" * round(room * (e["rate"] or 0)) + "[/cyan]")
            rows.append(row)
        cols: list[Any] = ["Date", "Event", ("Invited", {"justify": "right"}),
                           ("Came", {"justify": "right"}), ("Rate", {"justify": "right"})]
        if room:
            cols.append("")
        output.table(cols, rows, title="[bold]Events[/bold]")
    else:
        output.echo("[bold]Events[/bold]: none took place in this period.")
    if ev["upcoming"]:
        output.echo(f"{ev['upcoming']} more planned later in the period.")
    if data.get("by_school"):
        output.echo("")
        output.table(
            ["School", ("Caseload", {"justify": "right"}), ("Served", {"justify": "right"}),
             ("Contacts", {"justify": "right"}), ("Reached", {"justify": "right"}),
             ("Referrals", {"justify": "right"}), ("Completed", {"justify": "right"})],
            [[output.esc(r["school"]), str(r["families"]["caseload"]),
              str(r["families"]["served"]), str(r["contacts"]["total"]),
              str(r["contacts"]["reached"]), str(r["referrals"]["made"]),
              str(r["referrals"]["completed"])] for r in data["by_school"]],
            title="[bold]By school[/bold] (a family with children in several schools counts "
                  "in each)")
