"""Exports for spreadsheets and calendars: CSV, JSON and iCalendar.

* CSV goes through the one writer, csvfile.csv_bytes: CRLF line ends, formulas neutralised
  (phone numbers like `+351 912 345 678` left as they are), and a byte-order mark in a file
  (Excel otherwise reads it in the machine's code page) but never on stdout.
* iCalendar is written by hand (RFC 5545: CRLF line ends, lines folded at 75 octets without
  splitting a UTF-8 character, TEXT values escaped). UIDs are stable and carry the store's own
  id (`followup-12-<store id>@liaison`), so importing a newer file updates the entries instead
  of duplicating them, and two liaisons' feeds in one calendar never collide; SEQUENCE and
  LAST-MODIFIED follow the record's `updated` time. Timed events are in the configured time
  zone (`timezone:` in config.yaml) with its VTIMEZONE, built from the zone's transitions over
  the years the events cover.

Every export is a disclosure: it is logged (what, to whom, why, which families) in the same
locked session that reads the records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..core.csvfile import csv_bytes
from ..core.dates import stored_date
from ..core.models import Family
from ..errors import UsageError
from . import audit
from .app import App
from .families import get_family, load_families

TABLES = ("families", "contacts", "followups", "referrals", "events")
FORMATS = ("csv", "json")
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?:\s*[-–]\s*(\d{1,2}):(\d{2}))?\s*$")


# --------------------------------------------------------------------------- rows


def _family_rows(fams: list[Family]) -> tuple[list[str], list[list[Any]]]:
    ng = max([len(f.guardians) for f in fams] + [1])
    ns = max([len(f.students) for f in fams] + [1])
    header = ["id", "name", "status", "home_language", "address", "arrival", "tags", "barriers",
              "consents", "notes"]
    for i in range(1, ng + 1):
        header += [f"guardian_{i}_{k}" for k in ("name", "relationship", "phone", "email",
                                                  "language", "interpreter")]
    for i in range(1, ns + 1):
        header += [f"student_{i}_{k}" for k in ("name", "grade", "school", "teacher")]
    header += ["created", "updated"]
    rows = []
    for f in fams:
        row: list[Any] = [f.id, f.name, f.status, f.home_language, f.address, f.arrival, f.tags,
                          f.barriers, [f"{k}:{v}" for k, v in sorted(f.consents.items())], f.notes]
        for i in range(ng):
            g = f.guardians[i] if i < len(f.guardians) else None
            row += [g.name, g.relationship, g.phone, g.email, g.language, g.interpreter] if g else [""] * 6
        for i in range(ns):
            s = f.students[i] if i < len(f.students) else None
            row += [s.name, s.grade, s.school, s.teacher] if s else [""] * 4
        row += [f.created, f.updated]
        rows.append(row)
    return header, rows


COLUMNS = {
    "contacts": ["id", "family_id", "family_name", "date", "time", "kind", "direction", "outcome",
                 "guardian", "language", "interpreter", "summary", "followup_id", "created",
                 "updated"],
    "followups": ["id", "family_id", "family_name", "due", "action", "status", "done_on", "note",
                  "every_days", "source", "referral_id", "created", "updated"],
    "referrals": ["id", "family_id", "family_name", "service", "organisation", "student", "date",
                  "status", "outcome", "note", "created", "updated"],
    "events": ["id", "title", "kind", "date", "time", "place", "school", "languages",
               "interpreter", "invited", "attended", "created", "updated"],
}


def _records(s, table: str, fams: dict[str, Family], family: Family | None,
             status: str) -> list[dict[str, Any]]:
    prefix = {"contacts": "C", "followups": "", "referrals": "R", "events": "E"}[table]
    if table == "contacts" and family is not None:
        items = list(s.contacts.of_family(family.id).items())
    else:
        items = list(getattr(s, table).rows().items())
    out = []
    for k, v in items:
        if family is not None:
            if table == "events":
                if family.id not in (v.get("invited") or []) + (v.get("attended") or []):
                    continue
            elif v.get("family_id") != family.id:
                continue
        if status and v.get("status") != status:
            continue
        rec = {"id": int(k) if not prefix else f"{prefix}{k}", **v}
        if table != "events":
            fam = fams.get(v.get("family_id", ""))
            rec = {"id": rec["id"], "family_id": v.get("family_id", ""),
                   "family_name": fam.name if fam else "", **v}
        out.append(rec)
    out.sort(key=lambda r: int(str(r["id"]).lstrip("CRE") or 0))
    return out


# --------------------------------------------------------------------------- export tables


@dataclass
class Exported:
    what: str
    count: int
    data: bytes | None = None  # for stdout, when no file was asked for
    path: Path | None = None
    left_out: int = 0  # calendar entries whose date is missing or outside dates.RANGE


def export_table(app: App, table: str, fmt: str, *, out: Path | None = None,
                 family: str | None = None, status: str = "", to_whom: str = "",
                 why: str = "") -> Exported:
    """Families, contacts, follow-ups, referrals or events as CSV or JSON."""
    if table not in TABLES:
        raise UsageError(f"Export what? Use one of {', '.join(TABLES)}.")
    if fmt not in FORMATS:
        raise UsageError(f"Export as {', '.join(FORMATS)} (or `export ics`).")
    with app.store.write() as s:
        fams = load_families(s)
        fam = get_family(s, family) if family else None
        if table == "families":
            chosen = [f for f in sorted(fams.values(), key=lambda f: f.number)
                      if (fam is None or f.id == fam.id) and (not status or f.status == status)]
            if fmt == "json":
                data = orjson.dumps([f.to_dict() for f in chosen], option=orjson.OPT_INDENT_2) + b"\n"
            else:
                header, rows = _family_rows(chosen)
                data = csv_bytes([header, *rows], bom=out is not None)
            family_ids = [f.id for f in chosen]
            count = len(chosen)
        else:
            recs = _records(s, table, fams, fam, status)
            if fmt == "json":
                data = orjson.dumps(recs, option=orjson.OPT_INDENT_2) + b"\n"
            else:
                cols = COLUMNS[table]
                extra = sorted({k for r in recs for k in r} - set(cols) - {"history", "letter"})
                data = csv_bytes([cols + extra, *([r.get(c, "") for c in cols + extra] for r in recs)],
                                 bom=out is not None)
            if table == "events":
                family_ids = sorted({x for r in recs for x in (r.get("invited") or []) + (r.get("attended") or [])})
            else:
                family_ids = sorted({r["family_id"] for r in recs if r.get("family_id")})
            count = len(recs)
        if out is not None:
            if out.is_dir():
                raise UsageError(f"{out} is a folder; give --out a file name.")
            s.stage_output(out, data)  # in place only once the disclosure entry is committed
        audit.record_disclosure(
            app, s, what=f"export {fmt} {table}", to_whom=to_whom or "not given",
            why=why or "not given", records=family_ids,
            detail=f"{count} {table}" + (" to a file" if out is not None else " to the screen or a pipe"),
        )
    return Exported(f"{table} as {fmt}", count, None if out is not None else data, out)


# --------------------------------------------------------------------------- iCalendar


def ics_escape(text: str) -> str:
    text = "".join(ch for ch in text if ch >= " " or ch == "\n")
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold_line(line: str) -> str:
    """Fold one content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    limit = 75
    current = ""
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append(current)
            current, size, limit = ch, n, 74  # a continuation line starts with one space
            continue
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def refold_ics(text: str) -> str:
    lines = [ln for ln in re.split(r"\r?\n", text) if ln != ""]
    return "".join(fold_line(ln) + "\r\n" for ln in lines)


def _stamp(iso: str, fallback: dt.datetime) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return fallback
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def _utc(when: dt.datetime) -> str:
    return when.strftime("%Y%m%dT%H%M%SZ")


def _sequence(updated: dt.datetime) -> int:
    """Minutes since 2020: grows whenever the record changes, so calendars take the update."""
    return max(0, int((updated - dt.datetime(2020, 1, 1, tzinfo=dt.UTC)).total_seconds() // 60))


def _offset(delta: dt.timedelta | None) -> str:
    secs = int((delta or dt.timedelta()).total_seconds())
    sign = "-" if secs < 0 else "+"
    h, rest = divmod(abs(secs), 3600)
    m, sec = divmod(rest, 60)
    return f"{sign}{h:02d}{m:02d}" + (f"{sec:02d}" if sec else "")


def vtimezone(zone: str, first_year: int, last_year: int) -> list[str]:
    """A VTIMEZONE for `zone` (RFC 5545 3.6.5): the offset in force when `first_year` begins,
    then every transition up to the end of `last_year`, read from the zoneinfo database."""
    # Start-up: zoneinfo costs about 2 ms to import (measured); only an ICS export with a timed
    # entry needs it, and `export csv`, `export family` and `forget` import this module too.
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    utc = dt.UTC
    start = dt.datetime(first_year, 1, 1, tzinfo=utc)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=utc)

    def at(t: dt.datetime) -> tuple[dt.timedelta | None, dt.timedelta | None, str | None]:
        local = t.astimezone(tz)
        return local.utcoffset(), local.dst(), local.tzname()

    def part(t: dt.datetime, before: dt.timedelta | None) -> list[str]:
        off, dst, name = at(t)
        kind = "DAYLIGHT" if dst else "STANDARD"
        wall = (t + (before or dt.timedelta())).replace(tzinfo=None)  # local time before it
        return [f"BEGIN:{kind}", f"DTSTART:{wall:%Y%m%dT%H%M%S}",
                f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(off)}",
                f"TZNAME:{ics_escape(name or zone)}", f"END:{kind}"]

    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    first = at(start)
    lines += part(start, first[0])
    t, state = start, first
    step = dt.timedelta(hours=6)  # no zone changes twice within six hours
    while t < end:
        nxt = t + step
        new = at(nxt)
        if new != state:
            lo, hi = t, nxt  # narrow down to the minute the offset changed
            while hi - lo > dt.timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if at(mid) == state else (lo, mid)
            lines += part(hi.replace(second=0, microsecond=0), state[0])
            state = new
        t = nxt
    lines.append("END:VTIMEZONE")
    return lines


def _vevent(uid: str, *, summary: str, start: dt.date, time: tuple[int, int, int, int] | None,
            now: dt.datetime, updated: dt.datetime, description: str = "", location: str = "",
            categories: str = "", family_id: str = "", zone: str = "UTC") -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{_utc(now)}"]
    if time is None:
        lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{start + dt.timedelta(days=1):%Y%m%d}", "TRANSP:TRANSPARENT"]
    else:
        h, m, eh, em = time
        begin = dt.datetime.combine(start, dt.time(h, m))
        end = dt.datetime.combine(start, dt.time(eh, em)) if eh >= 0 else begin + dt.timedelta(hours=1)
        if end <= begin:
            end = begin + dt.timedelta(hours=1)
        # The time as the liaison recorded it, in the configured zone (VTIMEZONE in the file).
        lines += [f"DTSTART;TZID={zone}:{begin:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID={zone}:{end:%Y%m%dT%H%M%S}"]
    lines += [f"SUMMARY:{ics_escape(summary)}"]
    if description:
        lines.append(f"DESCRIPTION:{ics_escape(description)}")
    if location:
        lines.append(f"LOCATION:{ics_escape(location)}")
    if categories:
        lines.append(f"CATEGORIES:{ics_escape(categories)}")
    if family_id:
        lines.append(f"X-LIAISON-FAMILY:{family_id}")
    lines += [f"LAST-MODIFIED:{_utc(updated)}", f"SEQUENCE:{_sequence(updated)}", "END:VEVENT"]
    return lines


def parse_event_time(text: str) -> tuple[int, int, int, int] | None:
    """"18:00" or "18:00-19:30" → (18, 0, 19, 30) with -1 for no end; None when not a time."""
    m = _TIME_RE.match(text or "")
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    eh, em = (int(m.group(3)), int(m.group(4))) if m.group(3) else (-1, -1)
    if h > 23 or mi > 59 or eh > 23 or em > 59:
        return None
    return h, mi, eh, em


def export_ics(app: App, *, followups: bool = True, events: bool = True,
               family: str | None = None, names: bool = True, past_events: bool = False,
               out: Path | None = None, to_whom: str = "", why: str = "") -> Exported:
    """Open follow-ups (all-day, on their due date) and events (timed when a time was
    recorded) as one iCalendar file."""
    if not followups and not events:
        raise UsageError("Nothing to export: leave out --no-followups or --no-events.")
    now = app.clock().replace(microsecond=0)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//liaison//caseload//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Liaison follow-ups and events"]
    family_ids: set[str] = set()
    count = left_out = 0
    zone = app.config.zone()
    years: set[int] = set()
    with app.store.write() as s:
        sid = s.store_id
        fams = load_families(s)
        fam = get_family(s, family) if family else None
        if followups:
            for k, fu in sorted(s.followups.rows().items(), key=lambda kv: int(kv[0])):
                if fu.get("status") != "open" or (fam and fu.get("family_id") != fam.id):
                    continue
                due = stored_date(fu.get("due"))
                if due is None:  # a hand-edited 9999-12-31 has no day after it to end on
                    left_out += 1
                    continue
                fid = fu.get("family_id", "")
                f = fams.get(fid)
                who = f"{fid} {f.name}" if (names and f) else fid
                summary = f"{who}: {fu.get('action', '')}" if names else f"Follow-up {k} ({fid})"
                desc = f"Follow-up {k}. Close it with: liaison done {k}"
                if names and f and f.phone:
                    desc = f"{fu.get('action', '')}\nCall {f.phone}.\n{desc}"
                lines += _vevent(f"followup-{k}-{sid}@liaison", summary=summary, start=due, time=None,
                                 now=now, updated=_stamp(fu.get("updated", ""), now),
                                 description=desc, categories="follow-up", family_id=fid)
                family_ids.add(fid)
                count += 1
        if events:
            for k, ev in sorted(s.events.rows().items(), key=lambda kv: int(kv[0])):
                day = stored_date(ev.get("date"))
                if day is None:
                    left_out += 1
                    continue
                if not past_events and day < app.today:
                    continue
                if fam and fam.id not in (ev.get("invited") or []) + (ev.get("attended") or []):
                    continue
                details = [ev.get("kind", "")]
                if ev.get("languages"):
                    details.append("languages: " + ", ".join(ev["languages"]))
                if ev.get("interpreter"):
                    details.append("interpreter available")
                time = parse_event_time(ev.get("time", ""))
                if time is None and ev.get("time"):
                    details.append(f"time: {ev['time']}")
                if time is not None:
                    years.add(day.year)
                lines += _vevent(f"event-E{k}-{sid}@liaison", summary=ev.get("title", ""), start=day,
                                 time=time, zone=zone, now=now,
                                 updated=_stamp(ev.get("updated", ""), now),
                                 description="; ".join(d for d in details if d),
                                 location=ev.get("place", ""), categories=ev.get("kind", "event"))
                count += 1
        if years:  # the zone's rules, before the first VEVENT that names it
            first = lines.index("BEGIN:VEVENT") if "BEGIN:VEVENT" in lines else len(lines)
            lines[first:first] = vtimezone(zone, min(years), max(years))
        lines.append("END:VCALENDAR")
        data = "".join(fold_line(ln) + "\r\n" for ln in lines).encode("utf-8")
        if out is not None:
            if out.is_dir():
                raise UsageError(f"{out} is a folder; give --out a file name.")
            s.stage_output(out, data)  # in place only once the disclosure entry is committed
        audit.record_disclosure(
            app, s, what="export ics", to_whom=to_whom or "not given", why=why or "not given",
            records=sorted(family_ids),
            detail=f"{count} calendar entries" + ("" if names else " without names"),
        )
    return Exported("calendar", count, None if out is not None else data, out, left_out)
