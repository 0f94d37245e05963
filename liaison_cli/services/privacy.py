"""A parent's rights over the records, and encryption at rest.

* `export_family` writes everything held about one family — the record, every contact,
  follow-up, referral and event, and what the disclosure log says was shared about them — as a
  Markdown document a parent can read and as JSON, into a private folder; the export is logged.
* `forget_family` removes the family and every record about it from the store, from every
  backup folder and from the files under the home folder (exports, letters), and redacts the
  disclosure log's free text that named them. Other records are written back exactly as they
  were: the same dicts dumped the same way, so their JSON is byte-identical.
* `encrypt_store` / `decrypt_store` re-encode the store and every backup.

Backups share inodes through hard links (store.py). Nothing here edits a backup file in place:
a new file is written next to it and moved over it, and the paths that shared one inode share
the new one.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..config import ensure_private_dir
from ..csvfile import csv_bytes
from ..errors import CryptoError, NotFoundError, StoreError, UsageError
from ..models import Family, fold, parse_number
from ..storage.json_store import _TMP_RE, Codec, Store, dumps, fsync_dir, write_temp
from . import audit
from .app import App
from .families import get_family

EXPORTS = "exports"
RECORD_TABLES = ("contacts", "followups", "referrals")


# --------------------------------------------------------------------------- private files


def write_private(path: Path, data: bytes) -> None:
    """Write a file atomically, mode 0600, whatever the umask."""
    from ..storage import atomic_write

    try:
        atomic_write(path, data)
    except OSError as exc:
        raise StoreError(f"Could not write {path} ({exc.strerror or 'an I/O error'}); check the "
                         "folder and the free space, then run the command again.") from None
    os.chmod(path, 0o600)


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


def holding_of(session, family: Family, home: Path) -> Holding:
    h = Holding(family)
    fid = family.id
    for i in range(16):
        for k, c in session.raw(f"contacts-{i:02d}").items():
            if c.get("family_id") == fid:
                h.contacts.append({"id": f"C{k}", **c})
    for k, f in session.raw("followups").items():
        if f.get("family_id") == fid:
            h.followups.append({"id": int(k), **f})
    for k, r in session.raw("referrals").items():
        if r.get("family_id") == fid:
            h.referrals.append({"id": f"R{k}", **r})
    for k, e in session.raw("events").items():
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
    log = audit.read_log(home)
    failed = audit.not_done(log, session.meta.get("audit_head"))
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
        h = holding_of(s, family, app.home)
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


# --------------------------------------------------------------------------- forget


@dataclass
class ForgetResult:
    family_id: str
    removed: dict[str, int] = field(default_factory=dict)
    backups_rewritten: int = 0
    backup_files_rewritten: int = 0
    backups_dropped: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    files_rewritten: list[str] = field(default_factory=list)
    files_to_check: list[str] = field(default_factory=list)
    log_redacted: int = 0
    was_in_store: bool = True


# Why a family is forgotten, as the log keeps it: a fixed reason, never free text, which could
# name the family the erasure is meant to remove.
FORGET_REASONS = {
    "asked": "the family asked to be forgotten",
    "left": "the family left the school",
    "retention": "the records reached the end of their retention period",
    "mistake": "the family was added by mistake",
}


def forget_reason(key: str) -> str:
    """The logged wording of a reason key; a UsageError lists the keys for anything else."""
    text = FORGET_REASONS.get((key or "asked").strip().lower())
    if text is None:
        raise UsageError("The reason for forgetting must be one of "
                         + ", ".join(FORGET_REASONS) + " (free text is not kept: it could name "
                         "the family).")
    return text


def forget_family(app: App, ref: str, *, why: str = "asked") -> ForgetResult:
    """Remove a family and every record about it from the store, the backups, the files under
    the home folder, and the disclosure log's free text. Safe to run again after a crash: an id
    no longer in the store still has its backups and files cleaned."""
    store = app.store
    reason = forget_reason(why)
    with store.write() as s:
        try:
            family = get_family(s, ref)
            in_store = True
        except NotFoundError:
            number = parse_number("families", ref)
            family = _family_from_backups(store, number) if number is not None else None
            if family is None:
                raise
            in_store = False
        result = ForgetResult(family.id, was_in_store=in_store)
        needles = family_strings(family)
        if in_store:
            for p in store.data_files():
                if p.stem == "meta":
                    continue
                table = p.stem.split("-")[0]
                rows = s.raw(p.stem)
                new_rows, n = _without_family(table, rows, family)
                if new_rows is not rows:
                    s.replace_file(p.stem, {table: new_rows})
                    if table not in ("summary", "roster"):  # derived from contacts / families
                        result.removed[table] = result.removed.get(table, 0) + n
        audit.record_disclosure(app, s, what="forgotten", to_whom="", records=[family.id],
                                why=reason)

        def scrub() -> None:
            # Backups last, and their families.json last of all: until it is rewritten, a run
            # after an interruption finds the family there and can finish.
            try:
                result.log_redacted = audit.redact(app.home, needles)
                scrub_home_files(app.home, family, needles, result)
                scrub_backups(store, family, result)
            except OSError as exc:
                raise StoreError(
                    f"{family.id} is out of the store, but cleaning its backups and files stopped "
                    f"({exc.strerror or 'an I/O error'}); run `liaison forget {family.id} --yes` "
                    "again to finish."
                ) from None

        s.after_commit.append(scrub)
    return result


def family_strings(family: Family) -> list[str]:
    """What identifies the family in a file: names, phones, emails, address."""
    out = [family.name, family.address]
    for g in family.guardians:
        out += [g.name, g.phone, g.email]
    for st in family.students:
        out.append(st.name)
    out += [v for k, v in family.external_ids.items() if k.startswith("oneroster:") or k == "csv"]
    seen: list[str] = []
    for x in out:
        x = (x or "").strip()
        if x and x not in seen:
            seen.append(x)
    return seen


def _family_from_backups(store: Store, number: int) -> Family | None:
    for folder in store.list_backups():
        path = folder / "families.json"
        try:
            doc = orjson.loads(store.codec.decode(path.read_bytes(), path))
        except (OSError, orjson.JSONDecodeError, CryptoError, StoreError):
            continue
        rec = (doc.get("families") or {}).get(str(number)) if isinstance(doc, dict) else None
        if isinstance(rec, dict):
            return Family.from_dict({**rec, "id": f"F{number}"})
    return None


def _without_family(table: str, rows: dict[str, Any], family: Family) -> tuple[dict[str, Any], int]:
    """`rows` without the family's records; the same object when nothing changed. Records kept
    are the very same dicts, so they dump to the same bytes."""
    fid = family.id
    if table == "families":
        key = str(family.number)
        if key not in rows:
            return rows, 0
        return {k: v for k, v in rows.items() if k != key}, 1
    if table == "roster":  # derived from families, keyed by the family's number
        key = str(family.number)
        if key not in rows:
            return rows, 0
        return {k: v for k, v in rows.items() if k != key}, 1
    if table in RECORD_TABLES:
        gone = [k for k, v in rows.items() if isinstance(v, dict) and v.get("family_id") == fid]
        if not gone:
            return rows, 0
        drop = set(gone)
        return {k: v for k, v in rows.items() if k not in drop}, len(gone)
    if table == "events":
        hit = [k for k, v in rows.items() if isinstance(v, dict)
               and (fid in (v.get("invited") or []) or fid in (v.get("attended") or []))]
        if not hit:
            return rows, 0
        out = dict(rows)
        for k in hit:
            rec = dict(rows[k])
            for name in ("invited", "attended"):
                if isinstance(rec.get(name), list):
                    rec[name] = [x for x in rec[name] if x != fid]
            out[k] = rec
        return out, len(hit)
    # Anything else keyed by family id (the contact summary) or holding a family_id.
    gone = [k for k, v in rows.items()
            if k == fid or (isinstance(v, dict) and v.get("family_id") == fid)]
    if not gone:
        return rows, 0
    return {k: v for k, v in rows.items() if k not in set(gone)}, len(gone)


class _Unreadable(Exception):
    """A backup file that cannot be decoded or parsed: its backup folder is dropped."""


def rewrite_backups(store: Store, transform: Callable[[str, bytes], bytes | None]) -> tuple[int, int, list[str]]:
    """Run `transform(file name, bytes) -> new bytes | None` over every backup file and write
    the changed ones as new files (never in place: backups share inodes with each other and
    with the store). Paths that shared an inode share the new one. Returns (folders changed,
    files written, folders dropped because a file could not be read)."""
    root = store.backups
    if not root.exists():
        return 0, 0, []
    for leftover in root.glob(".*.partial"):  # snapshots a crash cut short
        shutil.rmtree(leftover, ignore_errors=True)
    groups: dict[tuple[int, int], list[Path]] = {}
    for folder in store.list_backups():
        for p in folder.iterdir():
            if _TMP_RE.match(p.name):
                p.unlink(missing_ok=True)
        for p in store.data_files(folder):
            st = p.stat()
            groups.setdefault((st.st_dev, st.st_ino), []).append(p)
    changed: set[Path] = set()
    drop: set[Path] = set()
    written = 0
    counter = 0
    for paths in sorted(groups.values(), key=lambda ps: (ps[0].name == "families.json", str(ps[0]))):
        first = paths[0]
        try:
            new = transform(first.name, first.read_bytes())
        except _Unreadable:
            drop.update(p.parent for p in paths)
            continue
        if new is None:
            continue
        tmp = write_temp(first.parent, first.name, new)
        os.replace(tmp, first)
        for other in paths[1:]:
            counter += 1
            link = other.parent / f".{other.name}.tmp-{os.getpid()}-9{counter:08d}"
            try:
                os.link(first, link)
            except OSError:
                link = write_temp(other.parent, other.name, new)
            os.replace(link, other)
        written += len(paths)
        changed.update(p.parent for p in paths)
    for folder in changed | drop:
        if folder in drop:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            fsync_dir(folder)
    return len(changed - drop), written, sorted(p.name for p in drop)


def scrub_backups(store: Store, family: Family, result: ForgetResult) -> None:
    def transform(name: str, data: bytes) -> bytes | None:
        stem = name.removesuffix(".json")
        if stem == "meta":
            return None
        try:
            doc = orjson.loads(store.codec.decode(data, Path(name)))
        except (orjson.JSONDecodeError, CryptoError, StoreError):
            raise _Unreadable() from None
        if not isinstance(doc, dict):
            raise _Unreadable()
        new_doc: dict[str, Any] = {}
        dirty = False
        for table, rows in doc.items():
            if not isinstance(rows, dict):
                raise _Unreadable()
            new_rows, _n = _without_family(table, rows, family)
            dirty |= new_rows is not rows
            new_doc[table] = new_rows
        return store.codec.encode(dumps(new_doc)) if dirty else None

    folders, files, dropped = rewrite_backups(store, transform)
    result.backups_rewritten, result.backup_files_rewritten = folders, files
    result.backups_dropped = dropped


# ------------------------------------------------------------------ files under the home folder

_SKIP_TOP = {"store", "backups", audit.LOG_NAME, "config.yaml"}


def _needle_patterns(needles: list[str]) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """(strong, weak) patterns over folded text. Strong ones identify the family on their own:
    phone numbers, emails, names of two words or more ("Rosa García"). A one-word name ("Ana",
    "Grace", "King") is weak: it may be any other word, so it only flags a file for review."""
    strong, weak = [], []
    for n in needles:
        f = fold(n).strip()
        if len(f) < 2:
            continue
        pat = re.compile(r"(?<!\w)" + re.escape(f) + r"(?!\w)")
        digits = re.sub(r"\D", "", n)
        if "@" in f or len(f.split()) >= 2:
            strong.append(pat)
        elif len(digits) >= 7:
            strong.append(pat)
        else:
            weak.append(pat)
        if len(digits) >= 7:
            strong.append(re.compile(r"(?<!\d)" + digits + r"(?!\d)"))
    return strong, weak


def _mentions(text: str, pats: list[re.Pattern[str]]) -> bool:
    folded = fold(text)
    return any(p.search(folded) for p in pats)


def scrub_home_files(home: Path, family: Family, needles: list[str], result: ForgetResult) -> None:
    """Exports, letters and anything else written under the home folder: a file made for this
    family goes (its name carries the family id, or it holds their phone, email or full name);
    a listing of many families loses the family's rows (JSON, CSV, ICS); a file that only has a
    one-word name of theirs in it is listed for the liaison to check."""
    strong, weak = _needle_patterns(needles)
    fid = family.id
    id_name = re.compile(r"(?<![A-Za-z0-9])" + re.escape(fid) + r"(?![0-9])", re.IGNORECASE)

    def remove(p: Path, rel: str) -> None:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
            result.files_removed.append(rel + "/")
        else:
            p.unlink(missing_ok=True)
            result.files_removed.append(rel)

    for top in sorted(home.iterdir()):
        if top.name in _SKIP_TOP:
            continue
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*"))
        for p in paths:
            if p.is_symlink() or not p.exists():
                continue
            rel = str(p.relative_to(home))
            if id_name.search(p.name) or _mentions(p.name, strong):
                remove(p, rel)
                continue
            if p.is_dir():
                continue
            try:
                data = p.read_bytes()
            except OSError:
                continue
            new = _filtered_listing(p, data, fid, family)
            if new is not None:
                text = new.decode("utf-8", errors="replace")
                if _mentions(text, strong):
                    remove(p, rel)
                    continue
                write_private(p, new)
                result.files_rewritten.append(rel)
                data = new
            if _mentions(data.decode("utf-8", errors="replace"), strong):
                remove(p, rel)
            elif _mentions(data.decode("utf-8", errors="replace") + " " + p.name, weak):
                result.files_to_check.append(rel)


def _filtered_listing(path: Path, data: bytes, fid: str, family: Family) -> bytes | None:
    """The file without the family's rows when it is a listing this tool writes (JSON array,
    CSV with an id or family_id column, ICS); None when it is not one or does not change."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            doc = orjson.loads(data)
            if isinstance(doc, list) and all(isinstance(x, dict) for x in doc):
                kept = [x for x in doc if x.get("id") != fid and x.get("family_id") != fid]
                if len(kept) != len(doc):
                    return orjson.dumps(kept, option=orjson.OPT_INDENT_2) + b"\n"
            return None
        if suffix == ".csv":
            text = data.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            if not rows:
                return None
            header = rows[0]
            cols = [i for i, h in enumerate(header) if h.strip().lower() in ("id", "family_id", "family")]
            if not cols:
                return None
            kept = [header] + [r for r in rows[1:] if not any(i < len(r) and r[i].lstrip("'") == fid
                                                              for i in cols)]
            if len(kept) == len(rows):
                return None
            return csv_bytes(kept, bom=data.startswith(b"\xef\xbb\xbf"))
        if suffix == ".ics":
            text = data.decode("utf-8")
            unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
            blocks = re.split(r"(?=BEGIN:VEVENT\r?\n)", unfolded)
            out, dropped = [], 0
            for b in blocks:
                if b.startswith("BEGIN:VEVENT") and re.search(
                        r"^X-LIAISON-FAMILY:" + re.escape(fid) + r"\r?$", b, re.MULTILINE):
                    tail = b.split("END:VEVENT", 1)[1]
                    out.append(tail.lstrip("\r\n"))
                    dropped += 1
                else:
                    out.append(b)
            if not dropped:
                return None
            from .exports import refold_ics

            return refold_ics("".join(out)).encode("utf-8")
    except (orjson.JSONDecodeError, UnicodeDecodeError, csv.Error):
        return None
    return None


# --------------------------------------------------------------------------- encryption


@dataclass
class RecodeResult:
    encrypted: bool
    already: bool = False
    store_files: int = 0
    backup_files: int = 0
    backups_dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def encrypt_store(app: App, passphrase: str) -> RecodeResult:
    """Encrypt the store and every backup with `passphrase`. On a store that is already
    encrypted (opened with its passphrase), finish what an interrupted run left plain: store
    files, backup files and the snapshots a kill left half-made."""
    from ..crypto import EncryptedCodec, check_passphrase_text, unencrypted_files

    store = app.store
    store.require()
    if store.codec.encrypted:
        result = RecodeResult(encrypted=True, already=True)
        store_left = [p for p in unencrypted_files(app.home) if p.parent == store.root]
        _finish(store, store.codec, store.codec, result, store_left)
        return result
    if store.is_encrypted():
        raise CryptoError("The store is already encrypted; set LIAISON_PASSPHRASE to open it.")
    check_passphrase_text(passphrase)
    return _recode(store, EncryptedCodec(passphrase), encrypted=True)


def decrypt_unfinished(app: App) -> bool:
    """Whether the store is plain but an interrupted `decrypt` left files encrypted (so
    `decrypt_store` needs the passphrase again to finish)."""
    from ..crypto import encrypted_files

    return not app.store.codec.encrypted and bool(encrypted_files(app.home))


def decrypt_store(app: App, passphrase: str = "") -> RecodeResult:
    """Write the store and every backup as plain JSON again (the store was opened with its
    passphrase, so `app.store.codec` can read it). On a store that is already plain, finish
    what an interrupted run left encrypted, with `passphrase`."""
    from ..crypto import encrypted_files

    store = app.store
    store.require()
    if store.codec.encrypted:
        return _recode(store, Codec(), encrypted=False)
    if store.is_encrypted():
        raise CryptoError("The store is encrypted; set LIAISON_PASSPHRASE or run on a terminal to be asked.")
    left = encrypted_files(app.home)
    if not left:
        # Nothing left encrypted: already decrypted (or never encrypted, or a run killed after
        # its last file). Like `encrypt` on an encrypted store, a no-op, not an error.
        return RecodeResult(encrypted=False, already=True)
    reader = _codec_opening(left, passphrase)
    result = RecodeResult(encrypted=False, already=True)
    _finish(store, reader, Codec(), result, [p for p in left if p.parent == store.root])
    return result


def _codec_opening(files: list[Path], passphrase: str) -> Codec:
    """A codec with `passphrase` that opens at least one of the encrypted `files`."""
    from ..crypto import EncryptedCodec, store_salt_of

    if not passphrase:
        raise CryptoError("Some backups are still encrypted from an interrupted `liaison decrypt`; "
                          "set LIAISON_PASSPHRASE or run on a terminal to be asked, to finish it.")
    codec = EncryptedCodec(passphrase)
    tried: set[bytes | None] = set()
    for p in files:
        try:
            data = p.read_bytes()
        except OSError:
            continue
        if store_salt_of(data) in tried:
            continue
        tried.add(store_salt_of(data))
        try:
            codec.decode(data, p)
        except (CryptoError, StoreError):
            continue
        return codec
    raise CryptoError("The passphrase is wrong; type it again, or set LIAISON_PASSPHRASE to the "
                      "passphrase the store was encrypted with.")


def _recode(store: Store, new: Codec, *, encrypted: bool) -> RecodeResult:
    old = store.codec
    result = RecodeResult(encrypted=encrypted)
    try:
        with store.write() as s:
            s.touch_all()  # every file is read with the old codec before the switch
            result.store_files = len(store.data_files())
            store.codec = new
            s.after_commit.append(lambda: _recode_backups(store, old, new, result))
    except BaseException:
        store.codec = old
        raise
    return result


def _finish(store: Store, reader: Codec, writer: Codec, result: RecodeResult,
            store_left: list[Path]) -> None:
    """Finish an interrupted `_recode`: the store files still in the old form (`store_left`;
    `reader` reads both forms), then every backup; what was done is counted in `result`."""
    old = store.codec
    store.codec = reader
    try:
        with store.write() as s:
            if store_left:
                s.touch_all()
                result.store_files = len(store_left)
            store.codec = writer
            # After the commit: its snapshot links the files as they were, in the old form.
            s.after_commit.append(lambda: _recode_backups(store, reader, writer, result))
    except BaseException:
        store.codec = old
        raise


def _recode_backups(store: Store, reader: Codec, writer: Codec, result: RecodeResult) -> None:
    from ..crypto import is_encrypted_bytes, store_salt_of

    target_salt = getattr(writer, "store_salt", None)
    failed = 0

    def transform(name: str, data: bytes) -> bytes | None:
        nonlocal failed
        if writer.encrypted and store_salt_of(data) == target_salt:
            return None
        if not writer.encrypted and not is_encrypted_bytes(data):
            return None
        try:
            plain = reader.decode(data, Path(name))
        except (CryptoError, StoreError):
            failed += 1  # encrypted under another passphrase: left as it is, never plain
            return None
        return writer.encode(plain)

    _folders, files, dropped = rewrite_backups(store, transform)
    result.backup_files = files
    result.backups_dropped = dropped
    if failed:
        result.notes.append(f"{failed} backup file(s) were encrypted with another passphrase and "
                            "were left as they are (restoring them will ask for that passphrase).")
