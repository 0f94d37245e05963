"""Sending letters by email: queue first, then send, then record — one message at a time.

Each message is an outbox record. The whole run's messages are committed as `queued` before
any of them goes to the server. Then, per message: it is claimed (`sending`, committed), sent,
and finished in the next commit — `sent` with its `email` contact and its disclosure entry,
`refused` (5xx: the guardian's address is marked bad), `failed` (too large) or back to
`queued` (4xx, connection lost). So a run that is killed never records a message it did not
send, and a rerun or `outbox retry` sends only what is still queued. A message left `sending`
by a killed run may or may not have reached the server: it is shown as unconfirmed and sent
again only when asked (`outbox retry --unconfirmed`).

The message itself (base64) is kept only while it waits; once sent or refused only who, what
template, which language and the Message-ID remain.
"""

from __future__ import annotations

import base64
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...core.models import Family, Guardian
from ...errors import ConfigError, ConflictError, MailError, NotFoundError, UsageError
from ...letters import direction, markdown_to_html, markdown_to_text
from ...storage import Session
from ..app import App
from ..audit import record_disclosure
from ..contacts import record_contact
from ..families import family_record, get_family
from ..selection import select
from . import compose
from .transport import Delivery, Outgoing, Server, check_address

WAITING = ("queued", "sending")
Progress = Callable[[int, int], None]


def settings(app: App, password: str, *, imap: bool = False) -> Server:
    """The server to talk to, from config.yaml and the password the command line found."""
    em = app.config.email
    user = em.username or app.config.liaison.email
    if imap:
        if not em.imap_host:
            raise ConfigError("Set email.imap_host in config.yaml (the server where replies "
                              "arrive) to read replies; see the README's Email section.")
        return Server(em.imap_host, em.imap_port_used, em.imap_security, user, password, em.timeout)
    if not em.smtp_host:
        raise ConfigError("Set email.smtp_host in config.yaml (your district's mail server) to "
                          "send letters by email; see the README's Email section.")
    return Server(em.smtp_host, em.smtp_port_used, em.security, user, password, em.timeout)


def sender(app: App) -> str:
    address = app.config.liaison.email.strip()
    if not address or not check_address(address):
        raise ConfigError("Set liaison.email in config.yaml to your own address: letters are "
                          "sent from it and replies come back to it.")
    return address


@dataclass
class SendReport:
    template: str = ""
    dry_run: bool = False
    planned: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    queued: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    already: list[dict[str, Any]] = field(default_factory=list)
    skipped_closed: list[str] = field(default_factory=list)
    fallbacks: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _public(n: int, rec: dict[str, Any]) -> dict[str, Any]:
    """An outbox record as listings show it (never the message itself)."""
    status = "unconfirmed" if rec.get("status") == "sending" else rec.get("status", "")
    return {"id": n, "family_id": rec.get("family_id", ""), "guardian": rec.get("guardian", ""),
            "address": rec.get("address", ""), "template": rec.get("template", ""),
            "lang": rec.get("lang", ""), "status": status, "queued": rec.get("queued", ""),
            "sent": rec.get("sent", ""), "attempts": rec.get("attempts", 0),
            "reason": rec.get("reason", ""), "message_id": rec.get("message_id", ""),
            "contact_id": rec.get("contact_id", "")}


# --------------------------------------------------------------------------- choosing and queueing


def _recipients(family: Family, only: Guardian | None, report: SendReport) -> list[Guardian]:
    """The guardians to email (one per address); the others are listed as skipped."""
    out: list[Guardian] = []
    seen: set[str] = set()
    for g in [only] if only is not None else family.guardians:
        reason = ""
        if not g.email:
            reason = "no email"
        elif g.email_bad:
            reason = f"email marked bad on {g.email_bad.get('date', '?')}"
        elif not check_address(g.email):
            reason = "malformed email address"
        if reason:
            report.skipped.append({"family_id": family.id, "guardian": g.name, "reason": reason})
            continue
        if g.email.casefold() not in seen:
            seen.add(g.email.casefold())
            out.append(g)
    if not family.guardians:
        report.skipped.append({"family_id": family.id, "guardian": "", "reason": "no guardian"})
    return out


def send_letters(app: App, opts, sel, family_ref: str | None, *, password: str = "",
                 attach_pdf: bool = False, progress: Progress | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> SendReport:
    """`letter … --send`: email the letter to one family or a selection (see the module doc)."""
    # Start-up: the letters package costs about 13 ms to import on top of this module
    # (measured); `outbox`, `mail retry` and the inbox never render a letter.
    from .. import letters as L

    mail_from = sender(app)
    server = None if opts.dry_run else settings(app, password)
    opts = dataclasses.replace(opts, fmt="md")
    w = L.Writer(app, opts)
    lang_opt = L.parse_letter_lang(opts.lang)
    report = SendReport(template=w.template, dry_run=opts.dry_run)
    conn = None if server is None else Outgoing(server).open()  # faults: before anything is queued
    try:
        with (app.store.read() if opts.dry_run else app.store.write()) as s:
            if family_ref is not None:
                family = get_family(s, family_ref)
                if family.status == "closed":
                    raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` "
                                        "first, or add --dry-run to only see who would get it.")
                families = [family]
            else:
                families, report.skipped_closed = select(app, s, sel)
                if not families:
                    raise NotFoundError("No active family matches; check the tag, ids or event "
                                        "(`liaison families --tag …`).")
            ctx_builder = L.Context(app, s, opts, w.template, w.renderer)
            waiting = _waiting_index(s, app)
            stamp = app.stamp()
            when = app.clock()
            ids: list[int] = []
            for done, family in enumerate(families, start=1):
                only = L.pick_guardian(family, opts.guardian) if opts.guardian else None
                for g in _recipients(family, only, report):
                    asked = L.asked_language(lang_opt, g, family, app.config.default_language)
                    r = w.resolve(asked)
                    plan = {"family_id": family.id, "guardian": g.name, "address": g.email,
                            "lang": r.lang, "asked": asked, "subject": r.file.title}
                    if r.fallback:
                        report.fallbacks.append(plan)
                    key = (w.template, opts.event or "", g.email.casefold())
                    earlier = waiting.get(key)
                    if earlier is not None:
                        n, rec = earlier
                        if rec["status"] == "queued":
                            ids.append(n)  # waiting from an earlier run: send that one
                            report.planned.append({**plan, "id": n})
                        else:
                            report.already.append({**plan, "id": n, "status": _public(n, rec)["status"]})
                        continue
                    report.planned.append(plan)
                    if opts.dry_run:
                        continue
                    ctx = ctx_builder.for_family(family, g, r.lang, asked)
                    md = w.render(r, ctx, f"family {family.id}")
                    assert isinstance(md, str)
                    html = markdown_to_html(md, lang=r.lang, direction=direction(r.lang),
                                            title=r.file.title, paper=app.config.paper,
                                            letterhead=app.config.letterhead)
                    pdf_bytes = None
                    if attach_pdf:
                        # Start-up: pdf.py costs about 6 ms to import, and fpdf2 more when it
                        # renders (measured); only a PDF attachment needs them.
                        from ...letters import pdf

                        pdf_bytes = pdf.render_pdf(md, lang=r.lang, title=r.file.title,
                                                   paper=app.config.paper,
                                                   letterhead=app.config.letterhead)
                    msg_id = compose.message_id(mail_from, when)
                    raw = compose.build(
                        sender=mail_from, sender_name=app.config.liaison.name, to=g.email,
                        to_name=g.name, subject=r.file.title, lang=r.lang,
                        text=markdown_to_text(md), html=html, msg_id=msg_id, when=when,
                        pdf=pdf_bytes, pdf_name=f"{w.template}-{r.lang}.pdf")
                    n = s.outbox.add({
                        "family_id": family.id, "guardian": g.name, "address": g.email,
                        "lang": r.lang, "template": w.template, "version": r.file.version,
                        "event": opts.event or "", "subject": r.file.title,
                        "message_id": msg_id, "status": "queued", "queued": stamp,
                        "day": app.today.isoformat(), "attempts": 0, "reason": "",
                        "raw": base64.b64encode(raw).decode("ascii")})
                    plan["id"] = n
                    ids.append(n)
                if progress is not None and opts.dry_run:
                    progress(done, len(families))
        if conn is not None and ids:
            deliver(app, conn, ids, report, progress=progress, sleep=sleep)
    finally:
        if conn is not None:
            conn.close()
    return report


def _waiting_index(s: Session, app: App) -> dict[tuple[str, str, str], tuple[int, dict[str, Any]]]:
    """Messages that make a new one unneeded: still queued (any day), or sending or sent today."""
    out: dict[tuple[str, str, str], tuple[int, dict[str, Any]]] = {}
    today = app.today.isoformat()
    for k, rec in s.outbox.rows().items():
        st = rec.get("status")
        if st == "queued" or (st in ("sending", "sent") and rec.get("day") == today):
            out[(rec.get("template", ""), rec.get("event", ""),
                 str(rec.get("address", "")).casefold())] = (int(k), rec)
    return out


# --------------------------------------------------------------------------- sending


def deliver(app: App, conn: Outgoing, ids: list[int], report: SendReport, *,
            progress: Progress | None = None, sleep: Callable[[float], None] = time.sleep,
            claim_from: tuple[str, ...] = ("queued",),
            monotonic: Callable[[], float] = time.monotonic) -> None:
    """Send the outbox messages `ids`, one commit per message (the finish of one and the claim
    of the next share it). Raises MailError when the server goes away and cannot be reached
    again; what was sent is recorded, the rest stays queued."""
    mail_from = sender(app)
    rate = app.config.email.rate
    interval = 60.0 / rate if rate else 0.0
    pending = list(ids)
    total = len(pending)
    finished = 0
    finish: tuple[int, Delivery] | None = None
    last_send: float | None = None
    lost: str = ""
    while True:
        nxt = pending.pop(0) if pending and not lost else None
        with app.store.write() as s:
            if finish is not None:
                _finish(s, app, finish[0], finish[1], report)
            claimed = _claim(s, nxt, claim_from) if nxt is not None else None
        started = False
        try:
            if finish is not None:
                finished += 1
                if progress is not None:
                    progress(finished, total)
            finish = None
            if nxt is None:
                break
            if claimed is None:
                finished += 1
                continue
            if not conn.connected:
                try:
                    conn.open()
                except MailError as exc:
                    lost = exc.message
                    finish = (nxt, Delivery("deferred", 0, "the mail server could not be reached"))
                    continue
            if interval and last_send is not None:
                wait = interval - (monotonic() - last_send)
                if wait > 0:
                    sleep(wait)
            last_send = monotonic()
            raw = base64.b64decode(claimed["raw"])
            started = True  # from here the server may have it: a stop leaves it unconfirmed
            finish = (nxt, conn.send(mail_from, claimed["address"], raw))
        except BaseException:
            if claimed is not None and not started:
                with app.store.write() as s:  # stopped before sending: it waits, as it was
                    s.outbox.update(nxt, {"status": claimed["status"]})
            raise
    if lost:
        waiting = len(pending) + 1
        raise MailError(f"{lost.rstrip('.')}; {len(report.sent)} sent and {waiting} "
                        f"still queued — run `liaison outbox retry` when the server is back.")


def _claim(s: Session, n: int, statuses: tuple[str, ...]) -> dict[str, Any] | None:
    rec = s.outbox.get(n)
    if rec is None or rec.get("status") not in statuses or not rec.get("raw"):
        return None
    before = dict(rec)  # the status it had, to put back if the run stops before sending it
    s.outbox.update(n, {"status": "sending"})
    return before


def _finish(s: Session, app: App, n: int, d: Delivery, report: SendReport) -> None:
    rec = dict(s.outbox.get(n) or {})
    if not rec:
        return  # forgotten meanwhile
    row = _public(n, rec)
    changes: dict[str, Any] = {"reason": f"{d.code} {d.reason}".strip() if d.code else d.reason}
    if d.status == "sent":
        changes.update(status="sent", sent=app.stamp(), raw="", reason="")
        try:
            family = get_family(s, rec["family_id"])
        except NotFoundError:
            family = None
        if family is not None:
            contact = record_contact(
                s, app, family, kind="email", direction="to", date=app.today,
                summary=f"Email: {rec['template']} ({rec['lang']})", guardian=rec.get("guardian", ""),
                language=rec.get("lang", ""),
                letter={"template": rec["template"], "lang": rec["lang"],
                        "version": rec.get("version", ""), "message_id": rec["message_id"]})
            changes["contact_id"] = contact.id
            role = next((g.relationship for g in family.guardians
                         if g.email.casefold() == rec["address"].casefold()), "") or "guardian"
            record_disclosure(app, s, what="email", to_whom=f"family {family.id} ({role}) by email",
                              why=rec.get("subject") or rec["template"],
                              records=[family.id, contact.id],
                              detail=f"{rec['template']} ({rec['lang']}), message {n}")
        report.sent.append({**row, **changes})
    elif d.status == "refused":
        changes.update(status="refused", raw="")
        mark_address(s, app, rec["family_id"], rec["address"], "email",
                     {"date": app.today.isoformat(), "reason": changes["reason"]})
        report.refused.append({**row, **changes})
    elif d.status == "too-large":
        changes.update(status="failed", raw="", reason=f"too large: {d.reason}")
        report.failed.append({**row, **changes})
    else:
        changes.update(status="queued", attempts=int(rec.get("attempts", 0)) + 1)
        report.queued.append({**row, **changes})
    s.outbox.update(n, changes)


def mark_address(s: Session, app: App, family_id: str, address: str, kind: str,
                 bad: dict[str, str]) -> bool:
    """Mark (or, with `bad` empty, clear) a guardian's email or phone; True when one matched."""
    try:
        family = get_family(s, family_id)
    except NotFoundError:
        return False
    hit = False
    for g in family.guardians:
        value = g.email if kind == "email" else g.phone
        if value and value.casefold() == address.casefold():
            setattr(g, f"{kind}_bad", dict(bad))
            hit = True
    if hit:
        family.updated = app.stamp()
        s.families.update(family.number, family_record(family))
    return hit


# --------------------------------------------------------------------------- the outbox


def list_outbox(app: App, *, everything: bool = False) -> list[dict[str, Any]]:
    """Messages waiting or refused (with `everything`, sent ones too), oldest first."""
    with app.store.read() as s:
        rows = [_public(int(k), rec) for k, rec in s.outbox.rows().items()]
    if not everything:
        rows = [r for r in rows if r["status"] != "sent"]
    return sorted(rows, key=lambda r: r["id"])


def retry(app: App, *, password: str, ids: list[int] | None = None, unconfirmed: bool = False,
          progress: Progress | None = None,
          sleep: Callable[[float], None] = time.sleep) -> SendReport:
    """Send the queued messages again (and, with `unconfirmed`, those a killed run left)."""
    statuses = ("queued", "sending") if unconfirmed else ("queued",)
    with app.store.read() as s:
        rows = s.outbox.rows()
        wanted = [int(k) for k, rec in rows.items() if rec.get("status") in statuses]
        if ids:
            missing = [i for i in ids if str(i) not in rows]
            if missing:
                raise NotFoundError(f"There is no message {missing[0]} in the outbox; run "
                                    "`liaison outbox` to see them.")
            wanted = [i for i in ids if i in wanted]
            if not wanted:
                raise UsageError("None of those messages is waiting to be sent; `liaison outbox` "
                                 "shows each one's status.")
    report = SendReport(template="")
    if not wanted:
        return report
    conn = Outgoing(settings(app, password)).open()
    try:
        deliver(app, conn, sorted(wanted), report, progress=progress, sleep=sleep,
                claim_from=statuses)
    finally:
        conn.close()
    return report
