"""`liaison show`: one family on the terminal (guardians, students, consents, the timeline).

`show_result` is the command's whole body, shared by the Typer command and the fast path
(liaison_cli/__main__.py), which runs `show F7` without importing typer.
"""

from __future__ import annotations

from typing import Any

from ...core.langs import language_label
from ...services import timeline as tl
from ..context import STATE
from . import output, pager
from .result import Result


def show_result(family: str) -> Result:
    """The body of `liaison show FAMILY`."""
    fam, events, assigned = tl.family_view(STATE.app(), family)

    def data() -> dict[str, Any]:
        out = fam.to_dict()
        if assigned:
            out["assigned_to"] = assigned
        out["timeline"] = events
        return out

    def draw() -> None:
        with pager.paged():
            render_family(fam, events, assigned)

    return Result(data, draw)


def render_family(f, events: list[dict[str, Any]], assigned: str = "") -> None:
    e = output.esc
    head = f"[bold]{f.id}  {e(f.name)}[/bold]"
    if f.status == "closed":
        head += f"  [red]closed {f.closed_on}[/red] ({e(f.closed_reason)})"
    output.para(head, 0, 2)
    lines = []
    if f.home_language:
        lines.append(("Home language", e(language_label(f.home_language))))
    if f.address:
        lines.append(("Address", e(f.address)))
    if f.arrival:
        lines.append(("Arrived", f.arrival))
    if f.tags:
        lines.append(("Tags", e(", ".join(f.tags))))
    if f.barriers:
        lines.append(("Barriers", e(", ".join(f.barriers))))
    if f.consents:
        lines.append(("Consents", ", ".join(f"{k} ({v})" for k, v in sorted(f.consents.items()))))
    else:
        lines.append(("Consents", "none on record"))
    if f.cadence_days:
        lines.append(("Cadence", f"every {f.cadence_days} days"))
    if assigned:
        lines.append(("Assigned to", e(assigned)))
    # Every line wraps between words to the terminal, under its own text (a narrow terminal
    # split them mid-word); labels keep a column of their own only when there is room.
    wide = not output.narrow()
    for label, value in lines:
        if wide:
            output.field(f"  [dim]{label + ':':<15}[/dim] ", value, lead_cells=18, hang=18)
        else:
            output.field(f"  [dim]{label}:[/dim] ", value, lead_cells=len(label) + 4, hang=4)
    if f.guardians:
        output.echo("  [bold]Guardians[/bold]")
        for g in f.guardians:
            bits = [e(g.name)]
            if g.relationship:
                bits.append(f"({e(g.relationship)})")
            for v, bad in ((g.phone, g.phone_bad), (g.email, g.email_bad)):
                if v:
                    bits.append(e(v))
                if v and bad:
                    kind = "email" if v == g.email else "phone"
                    bits.append(f"[red]({kind} marked bad {e(bad.get('date', ''))}"
                                + (f": {e(bad['reason'])}" if bad.get("reason") else "") + ")[/red]")
            if g.language:
                bits.append(e(f"[{language_label(g.language)}]"))
            for label, codes in (("speaks", g.speaks), ("reads", g.reads)):
                if codes:
                    bits.append(f"{label} " + ", ".join(
                        e(language_label(c)) for c in codes if isinstance(c, str)))
            if g.interpreter:
                bits.append("needs interpreter")
            output.para(" ".join(bits), 4, 6)
    if f.students:
        output.echo("  [bold]Students[/bold]")
        for s in f.students:
            bits = [e(s.name)]
            if s.grade:
                bits.append(f"grade {s.grade}")
            if s.school:
                bits.append(e(s.school))
            if s.teacher:
                bits.append(f"teacher {e(s.teacher)}")
            output.para(", ".join(bits), 4, 6)
    if f.notes:
        output.echo("  [bold]Notes[/bold]")
        output.para(e(f.notes), 4, 4)
    if events:
        output.echo("  [bold]Timeline[/bold] (newest first)")
        for ev in events[:30]:
            line = ev["line"] + (f" — logged by {ev['by']}" if ev.get("by") else "")
            output.field(f"    {ev['date']}  ", e(line), lead_cells=16, hang=16 if wide else 6)
        if len(events) > 30:
            output.notice(f"{len(events) - 30} older entries; `liaison show {f.id} --json` has them all.")
