"""`liaison export`: records out for a spreadsheet, a calendar or a parent (each one logged as a
disclosure)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...core.dates import RANGE
from ...errors import UsageError
from ...services import exports, privacy
from ..context import STATE
from ..render import output
from ..render.result import Result
from ..root import group
from .options import JSON_TEXT as JSON
from .options import TO, WHY

export_app = group("export", help="Write families, contacts, follow-ups, referrals or events out for a "
                         "spreadsheet, a calendar or a parent.", no_args_is_help=True)


def _exported(result, out: Path | None) -> dict:
    """What an export did, as a --json would print it (the export itself is the text)."""
    return {"what": result.what, "count": result.count, "out": str(out) if out is not None else None}


def _write_out(result, out: Path | None) -> None:
    """Draw an export: its bytes on stdout, or (written with --out) a line on stderr saying so.
    The export and its disclosure entry were made by the command, before this runs."""
    if out is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
        return
    output.notice(f"Wrote {result.count} {result.what.split(' as ')[0] if ' as ' in result.what else 'entries'} "
                  f"to {output.esc(out)}.")


def _export(table: str, fmt: str, out, family, status, to, why) -> Result:
    result = exports.export_table(STATE.app(), table, fmt, out=out, family=family, status=status or "",
                                  to_whom=to, why=why)
    return Result(_exported(result, out), lambda: _write_out(result, out))


WHAT = Annotated[str, typer.Argument(help="families, contacts, followups, referrals or events.", show_default=False)]
OUT_FILE = Annotated[Path | None, typer.Option("--out", help="Write to this file (mode 0600) instead of the screen.", show_default=False)]
FAMILY = Annotated[str | None, typer.Option("--family", help="Only this family's records.", show_default=False)]
STATUS = Annotated[str | None, typer.Option("--status", help="Only records with this status (open, done, active, closed, referred, …).", show_default=False)]


def _table_name(what: str) -> str:
    t = what.strip().lower().replace("-", "")
    t = {"family": "families", "contact": "contacts", "followup": "followups",
         "referral": "referrals", "event": "events"}.get(t, t)
    if t not in ("families", "contacts", "followups", "referrals", "events"):
        raise UsageError(f"Export {what!r}? Use families, contacts, followups, referrals or events "
                         "(and `export family F7` for everything about one family).")
    return t


@export_app.command("csv")
def export_csv(what: WHAT, out: OUT_FILE = None, family: FAMILY = None, status: STATUS = None,
               to: TO = "", why: WHY = "") -> Result:
    """Export records as CSV for a spreadsheet (UTF-8; formulas neutralised, phone numbers kept).

    A file written with --out starts with a byte-order mark so Excel reads every script; the
    screen or a pipe gets none.

    Example: liaison export csv families --out families.csv --to "principal" --why "grant report"
    """
    return _export(_table_name(what), "csv", out, family, status, to, why)


@export_app.command("json")
def export_json(what: WHAT, out: OUT_FILE = None, family: FAMILY = None, status: STATUS = None,
                to: TO = "", why: WHY = "") -> Result:
    """Export records as a JSON array.

    Example: liaison export json followups --status open --out followups.json
    """
    return _export(_table_name(what), "json", out, family, status, to, why)


@export_app.command("ics")
def export_ics(
    out: OUT_FILE = None,
    family: FAMILY = None,
    followups: Annotated[bool, typer.Option("--followups/--no-followups", help="Include open follow-ups (all-day, on their due date).")] = True,
    events: Annotated[bool, typer.Option("--events/--no-events", help="Include events (timed when a time was recorded).")] = True,
    past: Annotated[bool, typer.Option("--past", help="Also include events that are over.")] = False,
    ids_only: Annotated[bool, typer.Option("--ids-only", help="Name families by id only (for a calendar synced to a phone or the cloud).")] = False,
    to: TO = "", why: WHY = "",
) -> Result:
    """Export open follow-ups and upcoming events as an iCalendar (.ics) file.

    Entries keep the same UID on every export (with this store's own id in it), so importing a
    newer file updates your calendar instead of adding copies, and another liaison's feed never
    collides with yours. Timed events are in `timezone:` from config.yaml (this computer's zone
    when it is empty).

    Example: liaison export ics --out liaison.ics
    """

    result = exports.export_ics(STATE.app(), followups=followups, events=events, family=family,
                                names=not ids_only, past_events=past, out=out, to_whom=to, why=why)
    return Result({**_exported(result, out), "left_out": result.left_out},
                  lambda: _draw_calendar(result, out))


def _draw_calendar(result, out: Path | None) -> None:
    _write_out(result, out)
    if result.left_out:  # after the calendar, as before
        n = result.left_out
        output.warn(f"Left out {n} follow-up{'s' if n != 1 else ''} or event{'s' if n != 1 else ''} "
                    f"whose date is missing or not from {RANGE}; give "
                    f"{'them' if n != 1 else 'it'} a real date (`liaison snooze ID WHEN` for a follow-up) "
                    "and export again.")


@export_app.command("family")
def export_family(
    family: Annotated[str, typer.Argument(help="The family (F7 or a name).", show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", help="The folder to write into (default: exports/ in the home folder).", show_default=False)] = None,
    to: TO = "", why: WHY = "",
    json: JSON = False,
) -> Result:
    """Export everything held about one family, for a parent to read (Markdown and JSON).

    The export is recorded in the disclosure log.

    Example: liaison export family F7
    """

    result = privacy.export_family(STATE.app(), family, out=out, to_whom=to, why=why)
    return Result({"family_id": result.family_id, "folder": str(result.folder),
                   "files": [str(p) for p in result.files]}, lambda: _draw_family(result))


def _draw_family(result) -> None:
    # The notice goes with the text, as before (--json prints the folder and files alone).
    output.echo(f"Wrote everything held about {result.family_id} to {output.esc(result.folder)}:")
    for p in result.files:
        output.echo(f"  {output.esc(p.name)}")
    output.notice("The export is in the disclosure log (`liaison audit`). Give the parent the .md "
                  "file; the .json holds the same records for computers.")
