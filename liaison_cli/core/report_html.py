"""The report as one self-contained, printable HTML page with inline SVG bar charts.

No JavaScript, no fonts or stylesheets from elsewhere, nothing fetched: the file can be mailed
to a principal or printed on one page as it is. Built from the plain dict of reports.py with the
standard library only; every text from the store is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .reports import percent, referrals_note

BAR_COLOR = "#2f6f8f"
TRACK_COLOR = "#e6eef2"

CSS = """
@page { size: auto; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
       color: #1d2a30; margin: 0 auto; max-width: 190mm; font-size: 10.5pt; line-height: 1.35; }
header { border-bottom: 2px solid #2f6f8f; margin-bottom: 8px; padding-bottom: 4px; }
h1 { font-size: 17pt; margin: 0; }
h2 { font-size: 11pt; margin: 0 0 4px; color: #2f6f8f; }
.sub { color: #51636b; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6px; margin: 8px 0; }
.figure { border: 1px solid #cfdde3; border-radius: 4px; padding: 5px 7px; }
.figure b { display: block; font-size: 16pt; }
.figure span { color: #51636b; font-size: 9pt; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 14px; }
section { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { text-align: left; padding: 2px 4px; border-bottom: 1px solid #e3eaed; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.empty { color: #7a8a91; font-style: italic; }
footer { margin-top: 8px; color: #51636b; font-size: 8.5pt; border-top: 1px solid #cfdde3;
         padding-top: 4px; }
svg text { font-family: inherit; font-size: 10px; fill: #1d2a30; }
@media print { body { max-width: none; } }
"""


def bar_chart(items: dict[str, int | float], *, title: str, width: int = 330,
              label_width: int = 124, row: int = 15, fmt=str) -> str:
    """A horizontal bar chart as inline SVG (scaled to the largest value)."""
    if not items:
        return '<p class="empty">None in this period.</p>'
    top = max(items.values()) or 1
    value_width = 44
    track = width - label_width - value_width
    height = row * len(items) + 4
    parts = [f'<svg width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(items.items()):
        y = i * row + 2
        bar = max(1.0, track * value / top) if value else 0.0
        shown = label if len(label) <= 20 else label[:19] + "…"
        parts.append(
            f'<text x="0" y="{y + row - 4}">{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{track}" height="{row - 5}" fill="{TRACK_COLOR}"/>'
            f'<rect x="{label_width}" y="{y + 2}" width="{bar:.1f}" height="{row - 5}" fill="{BAR_COLOR}"/>'
            f'<text x="{width - 2}" y="{y + row - 4}" text-anchor="end">{escape(fmt(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _figure(value: Any, label: str) -> str:
    return f'<div class="figure"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>'


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{body}</section>"


def render_html(report: dict[str, Any]) -> str:
    p = report["period"]
    fam = report["families"]
    c = report["contacts"]
    lg = report["languages"]
    ref = report["referrals"]
    ev = report["events"]
    where = f" — {p['school']}" if p.get("school") else ""
    who = f"Prepared by {p['liaison']}, " if p.get("liaison") else "Prepared "
    figures = "".join([
        _figure(fam["served"], "families served"),
        _figure(fam["new"], "new families"),
        _figure(c["total"], "contacts"),
        _figure(percent(c["reached_rate"]), f"reached ({c['reached']} of {c['attempts']} attempts)"),
        _figure(c["home_visits"], "home visits"),
        _figure(percent(lg["in_language_share"]), "contacts in the family's language or with an interpreter"),
        _figure(ref["made"], f"referrals made ({referrals_note(ref)})"),
        _figure(percent(ev["rate"]), f"event attendance ({ev['attended']} of {ev['invited']} invited)"),
    ])
    if ev["list"]:
        rows = "".join(
            f"<tr><td>{escape(e['date'])}</td><td>{escape(e['title'])}</td><td>{escape(e['kind'])}</td>"
            f'<td class="n">{e["invited"]}</td><td class="n">{e["attended"]}</td>'
            f'<td class="n">{percent(e["rate"])}</td></tr>'
            for e in ev["list"])
        events = ('<table><tr><th>Date</th><th>Event</th><th>Kind</th><th class="n">Invited</th>'
                  f'<th class="n">Came</th><th class="n">Rate</th></tr>{rows}</table>')
    else:
        events = '<p class="empty">No event took place in this period.</p>'
    if ev["upcoming"]:
        events += f'<p class="sub">{ev["upcoming"]} more planned later in the period.</p>'
    charts = "".join([
        _section("Contacts by kind", bar_chart(c["by_kind"], title="Contacts by kind")),
        _section("Contact attempts by outcome", bar_chart(c["by_outcome"], title="Contact attempts by outcome")),
        _section("Families served by language", bar_chart(lg["families_by_language"], title="Families served by language")),
        _section("Barriers (families served)", bar_chart(report["barriers"], title="Barriers")),
        _section("Referrals by service", bar_chart(ref["by_service"], title="Referrals by service")),
        _section("Referrals by status", bar_chart(ref["by_status"], title="Referrals by status")),
    ])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Family liaison report, {escape(p['label'])}{escape(where)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Family liaison report{escape(where)}</h1>
<div class="sub">{escape(p['label'])}: {escape(p['from'])} to {escape(p['to'])} ·
{fam['caseload']} active families on the caseload</div>
</header>
<div class="figures">{figures}</div>
<div class="grid">{charts}</div>
{_section("Events", events)}
<footer>{escape(who)}{escape(p['generated'])}. Served: at least one contact in the period.
Reached rate: conversations reached out of every attempt (letters excluded). New: arrived or
added in the period. Counts only, no names: this page carries no family's details.</footer>
</body>
</html>
"""
