"""`liaison report`: the figures for a principal or a grant, as a table, JSON, CSV or HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ...core.csvfile import csv_bytes
from ...core.reports import report_rows
from ...errors import UsageError
from ...services import reports as svc
from ..context import STATE
from ..render import output
from ..render.report import render_report
from ..render.result import Result, json_chosen
from ..root import command
from .options import JSON

PERIODS = ("this-week, last-week, this-month, last-month, this-term, last-term, this-year "
           "(the school year, August to July) or last-year")



def _csv(data: dict[str, Any]) -> None:
    # Barriers, services and event titles are typed by people: the one writer guards formulas.
    sys.stdout.buffer.write(csv_bytes([["section", "key", "value"], *report_rows(data)], bom=False))
    sys.stdout.flush()


@command()
def report(
    period: Annotated[str | None, typer.Option("--period", help=f"{PERIODS}. Default: this-month.", show_default=False)] = None,
    from_: Annotated[str | None, typer.Option("--from", help="Start of the period (YYYY-MM-DD).", show_default=False)] = None,
    to: Annotated[str | None, typer.Option("--to", help="End of the period (default today).", show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", help="Only families with a student at this school, and its events.", show_default=False)] = None,
    json: JSON = False,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV rows of section,key,value (UTF-8, formulas neutralised).")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a printable one-page HTML report with charts to this file instead of the table (private: mode 600).", show_default=False, dir_okay=False)] = None,
) -> Result:
    """The figures for a principal or a grant: families served, contacts, languages, referrals, events.

    Counts only, no family names; the definitions are in the README.

    Example: liaison report --period this-term --html term.html
    """

    # --csv is a second way to print: refused with --json before anything is read or written,
    # so here (only here) the command asks which renderer --json chose.
    if csv and json_chosen():
        raise UsageError("Use --json or --csv, not both.")
    app_ = STATE.app()
    data = svc.report(app_, period=period, start=from_, end=to, school=school)
    if html is not None:
        path = svc.write_html(app_, data, html)
        output.notice(f"Wrote the report to {path} (readable by you only).")
    if csv:
        return Result(data, lambda: _csv(data))
    if html is not None:  # the file was the report: nothing more on stdout but --json's
        return Result(data)
    return Result(data, lambda: _table(data))


def _table(data: dict[str, Any]) -> None:
    render_report(data)


