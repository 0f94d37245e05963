"""A parent's rights over the records, and encryption at rest.

* `export_family` (family_copy.py, re-exported here) writes everything held about one family —
  the record, every contact, follow-up, referral and event, and what the disclosure log says was
  shared about them — as a Markdown document a parent can read and as JSON, into a private
  folder; the export is logged.
* `forget_family` removes the family and every record about it from the store, from every
  backup folder and from the files under the home folder (exports, letters), and redacts the
  disclosure log's free text that named them. Other records are written back exactly as they
  were: the same dicts dumped the same way, so their JSON is byte-identical.
* `encrypt_store` / `decrypt_store` re-encode the store and every backup.

Everything here goes through the store's typed operations (storage/__init__.py): the records,
the disclosure log, and the whole-store upkeep (`forget_in_backups`, `encrypt`, `decrypt`)
whose file handling lives in the storage package.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from ..core.csvfile import csv_bytes
from ..core.models import Family, fold, parse_number
from ..errors import NotFoundError, StoreError, UsageError
from ..storage import Recoded, atomic_write
from . import audit
from .app import App
from .exports import refold_ics
from .families import get_family
from .family_copy import (  # noqa: F401  (re-exported)
    EXPORTS,
    FamilyExport,
    Holding,
    export_family,
    family_json,
    family_markdown,
    holding_of,
)

# Kinds of record that belong to one family through their `family_id` (contacts aside).
FAMILY_RECORDS = ("followups", "referrals", "outbox")


# --------------------------------------------------------------------------- private files


def write_private(path: Path, data: bytes) -> None:
    """Write a file atomically, mode 0600, whatever the umask."""
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise StoreError(f"Could not write {path} ({exc.strerror or 'an I/O error'}); check the "
                         "folder and the free space, then run the command again.") from None
    os.chmod(path, 0o600)


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
            rec = store.find_in_backups("families", number) if number is not None else None
            if rec is None:
                raise
            family = Family.from_dict({**rec, "id": f"F{number}"})
            in_store = False
        result = ForgetResult(family.id, was_in_store=in_store)
        needles = family_strings(family)
        if in_store:
            result.removed = remove_family_records(s, family)
        audit.record_disclosure(app, s, what="forgotten", to_whom="", records=[family.id],
                                why=reason)

        def scrub() -> None:
            # Backups last, and their families.json last of all: until it is rewritten, a run
            # after an interruption finds the family there and can finish.
            try:
                result.log_redacted = audit.redact_entries(s, needles)
                scrub_home_files(app.home, family, needles, result, skip=store.own_paths())
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


def remove_family_records(s, family: Family) -> dict[str, int]:
    """Delete the family and every record of theirs in the write session `s`, and take them
    off event lists; how many went of each kind (events: how many lists they were on)."""
    fid = family.id
    removed = {"families": 1}
    # The family's records first: a store may delete them with the family (the district
    # database's foreign keys cascade), and the counts are of what each removal took.
    removed["contacts"] = s.contacts.remove_family(fid)
    for kind in FAMILY_RECORDS:
        removed[kind] = getattr(s, kind).remove_family(fid)
    s.families.remove(family.number)
    events = 0
    for k, e in list(s.events.rows().items()):
        lists = {name: e[name] for name in ("invited", "attended") if isinstance(e.get(name), list)}
        if any(fid in ids for ids in lists.values()):
            s.events.update(k, {name: [x for x in ids if x != fid] for name, ids in lists.items()})
            events += 1
    removed["events"] = events
    return {kind: n for kind, n in sorted(removed.items()) if n}


def scrub_backups(store, family: Family, result: ForgetResult) -> None:
    folders, files, dropped = store.forget_in_backups(family.id)
    result.backups_rewritten, result.backup_files_rewritten = folders, files
    result.backups_dropped = dropped


# ------------------------------------------------------------------ files under the home folder

_SKIP_TOP = {"config.yaml"}  # and whatever the store keeps there (Store.own_paths)


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


def scrub_home_files(home: Path, family: Family, needles: list[str], result: ForgetResult, *,
                     skip: list[Path] = ()) -> None:
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

    kept = {p.name for p in skip if p.parent == home}
    for top in sorted(home.iterdir()):
        if top.name in _SKIP_TOP or top.name in kept:
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
            return refold_ics("".join(out)).encode("utf-8")
    except (orjson.JSONDecodeError, UnicodeDecodeError, csv.Error):
        return None
    return None


# --------------------------------------------------------------------------- encryption


RecodeResult = Recoded  # what encrypt_store / decrypt_store return: files done, notes


def encrypt_store(app: App, passphrase: str) -> RecodeResult:
    """Encrypt the store and every backup with `passphrase`. On a store that is already
    encrypted (opened with its passphrase), finish what an interrupted run left plain."""
    return app.store.encrypt(passphrase)


def decrypt_unfinished(app: App) -> bool:
    """Whether the store is plain but an interrupted `decrypt` left files encrypted (so
    `decrypt_store` needs the passphrase again to finish)."""
    return app.store.decrypt_unfinished()


def decrypt_store(app: App, passphrase: str = "") -> RecodeResult:
    """Write the store and every backup unencrypted again (the store was opened with its
    passphrase). On a store that is already plain, finish what an interrupted run left
    encrypted, with `passphrase`."""
    return app.store.decrypt(passphrase)
