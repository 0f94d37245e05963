"""Moving in: copy a liaison's own JSON store into the district database (`liaison db import-home`).

Everything happens in one write session of the district store, so a record the database refuses
half-way leaves the district as it was. The source is only read (a read session of its JSON store).

Numbers. A record keeps its number when the district has no record of that kind under it, so an
import into a fresh district changes no id a liaison knows. A family whose number is taken is given
the next free one and listed in the report (old → new); services are matched to the district's
directory by name (accents and case ignored) before they are numbered. Every reference is then
rewritten through the same maps: contacts', follow-ups', referrals' and the outbox's family, a
contact's follow-up, a follow-up's referral and its source ("contact C12"), a referral's follow-up
and service, an event's invited and attended families, an outbox message's event, the records a
disclosure entry names.

Running it twice adds nothing. The district keeps, per source store (its `store_id`), a ledger in
its settings (`import-home:<store_id>`): the highest number imported of each kind and the numbers
that changed. Store ids and record numbers are never reused, so a record at or below the mark was
imported already (or deliberately deleted in the district since — it is not brought back), and a
record above it is new: a liaison who kept working in her folder can move the rest in later.

The disclosure log. The source log is verified first (a broken chain is not carried over). Each of
its entries is appended to the district's log as it was — same `what`, `to`, `why`, `detail`, `at`,
salts and redactions — chained into the district's chain (new `seq` and `prev`), with its records
renamed to their district ids and an `imported` field keeping the source store, the entry's
original `seq` and `hash` (and its original records when they changed): the original data is
preserved and the district chain verifies. A closing `import-home` entry records the move itself
and voids the entries whose change never happened in the source (past its recorded head).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.models import PREFIX, fold
from ..errors import NotFoundError, StoreError, UsageError
from ..storage import Store, is_district
from . import audit
from .app import App

LEDGER = "import-home:"
# The order records go in: families and services first (the others point at them).
KINDS = ("families", "services", "followups", "referrals", "contacts", "events", "outbox")
LABELS = {"families": "families", "services": "services", "followups": "follow-ups",
          "referrals": "referrals", "contacts": "contacts", "events": "events",
          "outbox": "outbox messages"}
BY_PREFIX = {"F": "families", "C": "contacts", "R": "referrals", "E": "events", "S": "services"}
_REF = re.compile(r"^([A-Z]?)(\d+)$")
_SOURCE = re.compile(r"^(contact C|referral R|repeats follow-up )(\d+)$")
_SOURCE_KIND = {"contact C": "contacts", "referral R": "referrals", "repeats follow-up ": "followups"}


@dataclass
class MoveInReport:
    source: str
    store_id: str
    target: str
    added: dict[str, int] = field(default_factory=dict)  # kind -> records added
    renumbered: dict[str, int] = field(default_factory=dict)  # kind -> how many got a new number
    already: dict[str, int] = field(default_factory=dict)  # kind -> imported by an earlier run
    families_moved: list[tuple[str, str, str]] = field(default_factory=list)  # (old, new, name)
    services_matched: list[tuple[str, str, str]] = field(default_factory=list)  # (old, new, name)
    disclosures: int = 0  # entries appended, the closing one included

    @property
    def nothing_new(self) -> bool:
        return not any(self.added.values()) and not self.disclosures


def source_home(path: Path) -> Path:
    """The liaison home folder at `path` (its `store` folder is accepted too)."""
    path = path.expanduser()
    if (path / "store" / "meta.json").exists():
        return path
    if path.name == "store" and (path / "meta.json").exists():
        return path.parent
    raise NotFoundError(f"There is no liaison store in {path}; give the home folder that holds "
                        "`store/meta.json` (see `liaison paths` on the liaison's computer).")


def is_encrypted(home: Path) -> bool:
    """Whether the JSON store in `home` is encrypted (then it needs its passphrase's codec)."""
    return Store(home).is_encrypted()


def import_home(app: App, path: Path, *, codec: Any = None) -> MoveInReport:
    """Copy the JSON store of the home folder at `path` into the district database."""
    target = app.store
    if not is_district(target):
        raise UsageError("No district database is configured; set LIAISON_DATABASE_URL or "
                         "`store: postgresql://…` in config.yaml first.")
    home = source_home(path)
    source = Store(home, lock_timeout=app.config.lock_timeout, codec=codec)
    with source.read() as r:
        sid = r.store_id
        data = {kind: getattr(r, kind).rows() for kind in KINDS}
        head = r.audit_head
        check = audit.verify(home, head)
        log = audit.read_log(home) if check.ok else []
    if not check.ok:
        raise StoreError(f"The disclosure log in {home} does not verify ({check.problem}, line "
                         f"{check.line}); nothing was imported — run `liaison audit verify` there.")
    report = MoveInReport(source=str(home), store_id=sid, target=target.describe())
    with target.write() as s:
        _Move(app, s, sid, data, log, head, report).run()
    return report


class _Move:
    """One import, inside the district's write session `s`."""

    def __init__(self, app: App, s, sid: str, data: dict[str, dict[str, dict[str, Any]]],
                 log: list[dict[str, Any]], head: dict[str, Any] | None, report: MoveInReport):
        self.app, self.s, self.sid, self.data, self.log, self.report = app, s, sid, data, log, report
        self.head_seq = (head or {}).get("seq", 0)
        self.key = LEDGER + sid
        self.ledger = s.settings().get(self.key) or {"high": {}, "moved": {}, "runs": []}
        high = self.ledger["high"]
        # Records above the ledger's mark are new; those at or below it came in before.
        self.new = {kind: {int(k): rec for k, rec in data[kind].items()
                           if int(k) > high.get(kind, 0)} for kind in KINDS}
        for kind in KINDS:
            report.already[kind] = len(data[kind]) - len(self.new[kind])
        # Source number -> district number, for every record the district has from this store.
        self.ids: dict[str, dict[int, int]] = {}
        for kind in KINDS:
            known = {int(k): int(k) for k in data[kind]}
            known.update({int(k): v for k, v in self.ledger["moved"].get(kind, {}).items()})
            self.ids[kind] = known

    # ------------------------------------------------------------------ the steps

    def run(self) -> None:
        new_log = [e for e in self.log if e.get("seq", 0) > self.ledger["high"].get("disclosures", 0)]
        if not any(self.new.values()) and not new_log:
            return  # imported already: nothing is written, not even the ledger
        self._families()
        self._services()
        for kind in ("followups", "referrals", "events", "outbox"):
            self._plan(kind)
        self._contacts()
        for kind in ("followups", "referrals", "events", "outbox"):
            fix = getattr(self, f"_fix_{kind}")
            view = getattr(self.s, kind)
            view.put_many([(self.ids[kind][n], fix(n, dict(rec)))
                           for n, rec in sorted(self.new[kind].items())])
            self.report.added[kind] = len(self.new[kind])
        self._disclosures(new_log)
        self._save_ledger()

    def _families(self) -> None:
        taken = {int(k) for k in self.s.families.index()}
        fresh = [n for n in sorted(self.new["families"]) if n in taken]
        self.s.families.put_many([(n, dict(rec)) for n, rec in sorted(self.new["families"].items())
                                  if n not in taken])
        for n in fresh:  # after every kept number is in, so new ones come after them all
            rec = self.new["families"][n]
            got = self.s.families.add(dict(rec))
            self.ids["families"][n] = got
            self.report.families_moved.append((f"F{n}", f"F{got}", str(rec.get("name", ""))))
        self.report.added["families"] = len(self.new["families"])
        self.report.renumbered["families"] = len(fresh)

    def _services(self) -> None:
        rows = self.s.services.rows()
        by_name = {fold(rec.get("name")): int(k) for k, rec in rows.items()}
        fresh, added = [], 0
        for n, rec in sorted(self.new["services"].items()):
            same = by_name.get(fold(rec.get("name")))
            if same is not None:  # the district's directory has it: one entry, not two
                self.ids["services"][n] = same
                self.report.services_matched.append((f"S{n}", f"S{same}", str(rec.get("name"))))
            elif str(n) in rows:
                fresh.append(n)
            else:
                self.s.services.put(n, dict(rec))
                added += 1
        for n in fresh:
            self.ids["services"][n] = self.s.services.add(dict(self.new["services"][n]))
        self.report.added["services"] = added + len(fresh)
        self.report.renumbered["services"] = len(fresh)

    def _plan(self, kind: str) -> None:
        """Numbers for the new records of `kind` before any is written (follow-ups and
        referrals name each other): their own where free, else the next after all of them."""
        new = self.new[kind]
        if not new:
            return
        taken = {int(k) for k in getattr(self.s, kind).rows()}
        keep = [n for n in new if n not in taken]
        if keep:
            self.s.advance_id(kind, max(keep))
        fresh = sorted(n for n in new if n in taken)
        for n in fresh:
            self.ids[kind][n] = self.s.next_id(kind)
        self.report.renumbered[kind] = len(fresh)

    def _contacts(self) -> None:
        new = sorted(self.new["contacts"].items())
        if not new:
            self.report.added["contacts"] = 0
            return
        records = [self._fix_contacts(n, dict(rec)) for n, rec in new]
        numbers = self.s.contacts.add_many(records)
        changed = 0
        for (n, _rec), got in zip(new, numbers, strict=True):
            self.ids["contacts"][n] = got
            changed += n != got
        self.report.added["contacts"] = len(new)
        self.report.renumbered["contacts"] = changed

    def _disclosures(self, entries: list[dict[str, Any]]) -> None:
        view = self.s.disclosures
        head = view.head or {"seq": 0, "hash": audit.GENESIS}
        earlier = {e["imported"]["seq"]: e["seq"] for e in view.entries()
                   if isinstance(e.get("imported"), dict) and e["imported"].get("store") == self.sid} \
            if self.ledger["high"].get("disclosures") else {}
        seq, prev = head["seq"], head["hash"]
        for e in entries:
            seq += 1
            out = {k: v for k, v in e.items() if k not in ("seq", "prev", "hash", "void")}
            out["records"] = self._refs(e.get("records") or [])
            out["imported"] = {"store": self.sid, "seq": e.get("seq"), "hash": e.get("hash")}
            if out["records"] != e.get("records"):
                out["imported"]["records"] = e.get("records")
            earlier[e["seq"]] = seq
            void = [earlier[v] for v in e.get("void") or [] if v in earlier]
            if void:
                out["void"] = void
            out.update(seq=seq, prev=prev)
            sealed = audit.seal(out)
            view.append(sealed)
            prev = sealed["hash"]
        # The move itself, which also voids entries whose change the source never saved.
        not_done = [earlier[e["seq"]] for e in entries if e["seq"] > self.head_seq]
        added = ", ".join(f"{n} {kind}" for kind, n in self.report.added.items() if n)
        closing = {"v": audit.VERSION, "seq": seq + 1, "at": self.app.stamp(), "what": "import-home",
                   "to": "the district database", "why": "moving a liaison's home in",
                   "records": [], "detail": f"store {self.sid}: {added or 'no records'}; "
                                            f"{len(entries)} disclosure entries", "prev": prev}
        if not_done:
            closing["void"] = not_done
        view.append(audit.seal(closing))
        self.report.disclosures = len(entries) + 1

    def _save_ledger(self) -> None:
        high, moved = self.ledger["high"], self.ledger["moved"]
        for kind in KINDS:
            if self.data[kind]:
                high[kind] = max(high.get(kind, 0), max(int(k) for k in self.data[kind]))
            changed = {str(n): got for n, got in self.ids[kind].items() if n != got}
            if changed:
                moved.setdefault(kind, {}).update(changed)
        if self.log:
            high["disclosures"] = max(high.get("disclosures", 0), self.log[-1].get("seq", 0))
        self.ledger["runs"].append({"at": self.app.stamp(), "from": self.report.source,
                                    "added": {k: n for k, n in self.report.added.items() if n}})
        self.s.save_settings({self.key: self.ledger})

    # ------------------------------------------------------------------ references

    def _id(self, kind: str, number: Any) -> int | None:
        try:
            return self.ids[kind].get(int(number))
        except (TypeError, ValueError):
            return None

    def _family(self, kind: str, n: int, rec: dict[str, Any]) -> dict[str, Any]:
        fid = str(rec.get("family_id", ""))
        got = self._id("families", fid[1:]) if fid[:1] == "F" else None
        if got is None:
            prefix = PREFIX.get(kind, "")
            label = f"{prefix}{n}" if prefix else f"{kind.rstrip('s').replace('followup', 'follow-up')} {n}"
            raise StoreError(f"The {label} in the store being imported belongs to {fid or 'no family'}, "
                             "which is not in that store; nothing was imported — run `liaison "
                             "doctor` there first.")
        rec["family_id"] = f"F{got}"
        return rec

    def _refs(self, records: list[Any]) -> list[str]:
        """Record ids (F7, C12, R3, E2, S4, 12) as the district numbers them; ids of records that
        did not come over (forgotten families) are left out."""
        out = []
        for text in records:
            m = _REF.match(str(text))
            kind = BY_PREFIX.get(m.group(1)) if m and m.group(1) else "followups" if m else None
            got = self._id(kind, m.group(2)) if kind else None
            if got is not None:
                out.append(f"{m.group(1)}{got}")
        return out

    def _ref(self, kind: str, text: Any) -> str:
        m = _REF.match(str(text or ""))
        got = self._id(kind, m.group(2)) if m else None
        return f"{m.group(1)}{got}" if got is not None else ""

    def _fix_contacts(self, n: int, rec: dict[str, Any]) -> dict[str, Any]:
        if rec.get("followup_id") is not None:
            rec["followup_id"] = self._id("followups", rec["followup_id"])
        return self._family("contacts", n, rec)

    def _fix_followups(self, n: int, rec: dict[str, Any]) -> dict[str, Any]:
        if rec.get("referral_id"):
            rec["referral_id"] = self._ref("referrals", rec["referral_id"])
        m = _SOURCE.match(str(rec.get("source") or ""))
        if m:
            got = self._id(_SOURCE_KIND[m.group(1)], m.group(2))
            if got is not None:
                rec["source"] = f"{m.group(1)}{got}"
        return self._family("followups", n, rec)

    def _fix_referrals(self, n: int, rec: dict[str, Any]) -> dict[str, Any]:
        if rec.get("followup_id") is not None:
            rec["followup_id"] = self._id("followups", rec["followup_id"])
        if rec.get("service_id"):
            rec["service_id"] = self._ref("services", rec["service_id"])
        return self._family("referrals", n, rec)

    def _fix_events(self, n: int, rec: dict[str, Any]) -> dict[str, Any]:
        for key in ("invited", "attended"):
            if isinstance(rec.get(key), list):
                rec[key] = [r for r in (self._ref("families", f) for f in rec[key]) if r]
        return rec

    def _fix_outbox(self, n: int, rec: dict[str, Any]) -> dict[str, Any]:
        if rec.get("event"):
            rec["event"] = self._ref("events", rec["event"]) or rec["event"]
        return self._family("outbox", n, rec)
