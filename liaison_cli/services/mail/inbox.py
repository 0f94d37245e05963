"""Replies and bounces: read the IMAP folder, bring each family's reply into its timeline.

A message is matched to a family by In-Reply-To/References to a Message-ID liaison sent, else
by the sender's address (one family's guardian). A match becomes an `email` contact from the
family (the subject and the first lines of text, nothing else) and a follow-up to answer it,
due the next school day. A delivery-status report (a bounce) marks the address bad instead and
turns the sent message's contact into a `bounced` attempt. Each handled message is recorded by
the folder's UIDVALIDITY and its UID in the same commit, so a rerun never handles it twice.
Unmatched messages are listed and left alone (a later run matches them once the address is on
record). Attachments are never fetched past the first bytes, and never opened.
"""

from __future__ import annotations

import datetime as dt
import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from ...core.models import Family
from ...errors import NotFoundError
from ...storage import Session
from ..app import App
from ..contacts import record_contact
from ..families import get_family, load_families
from ..scheduling import create_followup
from .outbox import mark_address, settings
from .transport import Incoming

SUMMARY_LINES = 3
SUMMARY_CHARS = 300
_QUOTE_INTRO = re.compile(r"^(on .+wrote:|el .+escribi[oó]:|le .+a écrit ?:|-----original message-----|from: )",
                          re.I)
_ID_RE = re.compile(r"<[^<>\s]+>")


@dataclass
class Parsed:
    message_id: str
    refs: list[str]
    sender: str
    subject: str
    first_lines: str
    bounce: list[dict[str, str]] = field(default_factory=list)  # failed recipients
    is_bounce: bool = False


@dataclass
class InboxReport:
    replies: list[dict[str, Any]] = field(default_factory=list)
    bounces: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"replies": self.replies, "bounces": self.bounces, "unmatched": self.unmatched,
                "already_handled": self.already}


# --------------------------------------------------------------------------- parsing


def _text_of(msg: EmailMessage) -> str:
    """The first plain-text part (or HTML stripped of tags); attachments are skipped."""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError):
        return ""
    if part.get_content_subtype() == "html":
        text = re.sub(r"(?is)<(script|style).*?</\1>", " ", text)
        text = re.sub(r"(?s)<br\s*/?>|</p>|</div>", "\n", text)
        text = re.sub(r"(?s)<[^>]+>", " ", text)
    return text if isinstance(text, str) else ""


def first_lines(text: str) -> str:
    lines: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith(">") or _QUOTE_INTRO.match(line):
            break
        lines.append(re.sub(r"\s+", " ", line))
        if len(lines) == SUMMARY_LINES:
            break
    out = " ".join(lines)
    return out if len(out) <= SUMMARY_CHARS else out[:SUMMARY_CHARS - 1].rstrip() + "…"


def _bounce(msg: EmailMessage) -> tuple[list[dict[str, str]], list[str]]:
    """The failed recipients of a delivery-status report, and the original's Message-IDs."""
    failed: list[dict[str, str]] = []
    refs: list[str] = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            # Its payload is a list of header blocks: the message's, then one per recipient.
            blocks = part.get_payload()
            for block in blocks if isinstance(blocks, list) else []:
                action = str(block.get("Action", "")).strip().lower()
                rcpt = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
                if action == "failed" and rcpt:
                    address = rcpt.split(";", 1)[-1].strip().strip("<>")
                    reason = str(block.get("Diagnostic-Code") or block.get("Status") or "")
                    reason = reason.split(";", 1)[-1].strip()
                    failed.append({"address": address, "status": str(block.get("Status", "")).strip(),
                                   "reason": re.sub(r"\s+", " ", reason)[:200]})
        elif ctype in ("message/rfc822", "text/rfc822-headers"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload:
                refs += _ID_RE.findall(str(payload[0].get("Message-ID", "")))
            elif isinstance(payload, str):
                m = re.search(r"(?im)^message-id:\s*(<[^>]+>)", payload)
                if m:
                    refs.append(m.group(1))
    return failed, refs


def parse(raw: bytes) -> Parsed:
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    refs = _ID_RE.findall(str(msg.get("In-Reply-To", "")) + " " + str(msg.get("References", "")))
    sender = parseaddr(str(msg.get("From", "")))[1]
    subject = re.sub(r"\s+", " ", str(msg.get("Subject", ""))).strip()
    ctype = msg.get_content_type()
    is_bounce = (ctype == "multipart/report"
                 and msg.get_param("report-type", "").lower() == "delivery-status")
    if is_bounce:
        failed, orig = _bounce(msg)
        return Parsed(str(msg.get("Message-ID", "")).strip(), orig + refs, sender, subject, "",
                      failed, True)
    return Parsed(str(msg.get("Message-ID", "")).strip(), refs, sender, subject,
                  first_lines(_text_of(msg)))


# --------------------------------------------------------------------------- matching


def _by_message_id(s: Session) -> dict[str, tuple[int, dict[str, Any]]]:
    return {rec.get("message_id", ""): (int(k), rec) for k, rec in s.outbox.rows().items()}


def _families_with(families: dict[str, Family], address: str) -> list[tuple[Family, Any]]:
    want = address.casefold()
    return [(f, g) for f in families.values() for g in f.guardians
            if g.email and g.email.casefold() == want]


def read_inbox(app: App, *, password: str) -> InboxReport:
    """`liaison inbox`: handle each new message of the configured folder once."""
    folder = app.config.email.imap_folder
    conn = Incoming(settings(app, password, imap=True), folder).open()
    report = InboxReport()
    try:
        uids = conn.uids()
        with app.store.read() as s:
            done = {(r.get("uidvalidity"), r.get("uid")) for r in s.inbox.rows().values()
                    if r.get("folder", folder) == folder}
        for uid in uids:
            if (conn.uidvalidity, uid) in done:
                report.already += 1
                continue
            parsed = parse(conn.fetch(uid))
            with app.store.write() as s:
                if any(r.get("uidvalidity") == conn.uidvalidity and r.get("uid") == uid
                       and r.get("folder", folder) == folder for r in s.inbox.rows().values()):
                    report.already += 1  # another run took it meanwhile
                    continue
                handled = _handle(s, app, parsed, report)
                if handled:
                    s.inbox.add({
                        "folder": folder, "uidvalidity": conn.uidvalidity, "uid": uid,
                        "message_id": parsed.message_id, "handled": app.stamp(),
                        "as": handled})
    finally:
        conn.close()
    return report


def _handle(s: Session, app: App, p: Parsed, report: InboxReport) -> str:
    """Record one message; returns what it was ("reply", "bounce") or "" when unmatched."""
    sent = _by_message_id(s)
    original = next((sent[r] for r in p.refs if r in sent), None)
    if p.is_bounce:
        return _handle_bounce(s, app, p, original, report)
    family = guardian = None
    lang = ""
    if original is not None:
        _n, rec = original
        try:
            family = get_family(s, rec["family_id"])
        except NotFoundError:  # forgotten since: match by address instead
            family = None
        if family is not None:
            guardian = next((g for g in family.guardians
                             if g.email.casefold() == p.sender.casefold()), None) or next(
                (g for g in family.guardians if g.name == rec.get("guardian")), None)
            lang = rec.get("lang", "")
    if family is None and p.sender:
        hits = _families_with(load_families(s), p.sender)
        if len({f.id for f, _g in hits}) == 1:
            family, guardian = hits[0]
    if family is None:
        report.unmatched.append({"from": p.sender, "subject": p.subject,
                                 "why": "no family has this address and it answers no letter"})
        return ""
    return _log_reply(s, app, family, guardian, lang, p, report)


def _log_reply(s: Session, app: App, family: Family, guardian, lang: str, p: Parsed,
               report: InboxReport) -> str:
    summary = f"Email: {p.subject or '(no subject)'}"
    if p.first_lines:
        summary += f" — {p.first_lines}"
    contact = record_contact(
        s, app, family, kind="email", direction="from", date=app.today, summary=summary,
        guardian=guardian.name if guardian else "",
        language=lang or (guardian.language if guardian else "") or family.language)
    who = guardian.name if guardian and guardian.name else f"the {family.name} family"
    due: dt.date = app.calendar.add_school_days(app.today, 1)
    fu = create_followup(s, app, family.id, due, f"Answer {who}'s email",
                         source=f"contact {contact.id}")
    s.contacts.update(contact.id[1:], {"followup_id": fu.id}, family_id=family.id)
    report.replies.append({"family_id": family.id, "contact_id": contact.id,
                           "followup_id": fu.id, "due": due.isoformat(),
                           "subject": p.subject})
    return "reply"


def _handle_bounce(s: Session, app: App, p: Parsed, original, report: InboxReport) -> str:
    addresses = [b["address"] for b in p.bounce]
    if original is not None and not addresses:
        addresses = [original[1].get("address", "")]
    marked: list[str] = []
    for b in p.bounce or [{"address": a, "reason": "bounced"} for a in addresses]:
        bad = {"date": app.today.isoformat(), "reason": f"bounced: {b.get('reason') or b.get('status', '')}".strip()}
        targets: list[str] = []
        if original is not None and original[1].get("address", "").casefold() == b["address"].casefold():
            targets = [original[1]["family_id"]]
        else:
            targets = sorted({f.id for f, _g in _families_with(load_families(s), b["address"])})
        for fid in targets:
            if mark_address(s, app, fid, b["address"], "email", bad):
                marked.append(fid)
    if original is not None:
        n, rec = original
        s.outbox.update(n, {"status": "bounced", "reason": "bounced"})
        cid = rec.get("contact_id", "")
        if cid:
            try:
                family = get_family(s, rec["family_id"])
                s.contacts.update(cid[1:], {"outcome": "bounced"}, family_id=family.id)
            except NotFoundError:  # the family was forgotten since
                pass
    if not marked:
        report.unmatched.append({"from": p.sender, "subject": p.subject,
                                 "why": "a bounce for an address no family has"})
        return ""
    report.bounces.append({"family_ids": sorted(set(marked)), "subject": p.subject})
    return "bounce"

