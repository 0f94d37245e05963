"""Email both ways against real servers: aiosmtpd for sending, Dovecot for replies.

The whole story a new user lives: configure, send the Spanish welcome pack to a walk-in family
and a family-night invitation to every invited family, see a refused address marked bad and a
deferred message wait in the outbox until `outbox retry`, then read a reply, a bounce and an
unmatched message with `inbox`, and find the reply in `show` with a follow-up to answer it.
"""

from __future__ import annotations

import json
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from liaison_cli.core.models import Guardian
from liaison_cli.services import families as fam_svc
from liaison_cli.services.app import open_app
from tests.conftest import TODAY, database_url
from tests.mailservers import IMAP_PASSWORD, SMTP_PASSWORD, USER, imap_server, smtp_server

__all__ = ["imap_server", "smtp_server"]  # fixtures, used by name

pytestmark = pytest.mark.both_backends


def email_config(smtp, imap=None, *, rate: int = 0, security: str = "none",
                 smtp_port: int | None = None) -> str:
    lines = [
        "liaison:",
        "  name: Marta Rivera",
        f"  email: {USER}",
        "  phone: 617-555-0100",
        "schools:",
        "  - name: Lincoln Elementary",
        "    short: LE",
        "    address: 1 School St",
        "    phone: 617-555-0111",
        "    principal: Dr. Okafor",
        "    office_hours: Monday to Friday, 8 to 3",
        "email:",
        f"  smtp_host: {smtp.host}",
        f"  smtp_port: {smtp_port or smtp.port}",
        f"  security: {security}",
        f"  username: {USER}",
        f"  rate: {rate}",
        "  timeout: 5",
    ]
    if imap is not None:
        lines += [f"  imap_host: {imap.host}", f"  imap_port: {imap.port}",
                  "  imap_security: none", "  imap_folder: INBOX"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def passwords(monkeypatch):
    monkeypatch.setenv("LIAISON_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("LIAISON_IMAP_PASSWORD", IMAP_PASSWORD)


def configure(home, text: str):
    from liaison_cli.cli.context import STATE

    (home / "config.yaml").write_text(text, encoding="utf-8")
    STATE._app = None
    return open_app(home, TODAY, database_url=database_url())


def add(app, name, *guardians: Guardian, tags=()):
    return fam_svc.add_family(app, name=name, guardians=list(guardians), tags=list(tags),
                              students=[fam_svc.parse_student("Ana:3:Lincoln Elementary")])


def body(msg: EmailMessage, subtype: str) -> str:
    part = msg.get_body(preferencelist=(subtype,))
    assert part is not None, f"no text/{subtype} part"
    return part.get_content()


def reply_to(msg_id: str, sender: str, subject: str, text: str) -> bytes:
    return (f"From: {sender}\r\nTo: {USER}\r\nSubject: {subject}\r\n"
            f"Message-ID: <reply.{abs(hash(text))}@example.com>\r\nIn-Reply-To: {msg_id}\r\n"
            f"References: {msg_id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
            ).encode()


def bounce_for(address: str, msg_id: str) -> bytes:
    return (
        "From: MAILER-DAEMON@example.org\r\nTo: liaison@example.org\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce.1@example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="BB"\r\n\r\n'
        "--BB\r\nContent-Type: text/plain\r\n\r\nThis is the mail system. Delivery failed.\r\n"
        "--BB\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; {address}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\r\n\r\n"
        "--BB\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: {USER}\r\nTo: {address}\r\nMessage-ID: {msg_id}\r\nSubject: Invitation\r\n\r\n"
        "--BB--\r\n").encode("ascii")


def contacts_of(shown: dict) -> list[dict]:
    return [t["record"] for t in shown["timeline"] if t["type"] == "contact"]


def outbox_rows(app):
    with app.store.read() as s:
        return {int(k): dict(v) for k, v in s.outbox.rows().items()}


# --------------------------------------------------------------------------- the whole story


def test_the_whole_story(app, home, run, smtp_server, imap_server, passwords, monkeypatch):
    app = configure(home, email_config(smtp_server, imap_server))
    r = run("email test")
    assert r.exit_code == 0, r.output
    assert "SMTP: ok" in r.output and "IMAP: ok" in r.output

    # A walk-in family registers: the Spanish welcome pack by email.
    r = run(["add-family", "--name", "García", "--guardian", "Rosa García:mother",
             "--email", "rosa@example.com", "--lang", "es", "--student", "Ana:3:Lincoln Elementary"])
    assert r.exit_code == 0, r.output
    r = run("letter welcome --family F1 --send --dry-run")
    assert r.exit_code == 0, r.output
    assert "Would send welcome (es) to F1 Rosa García <rosa@example.com>" in r.output
    assert smtp_server.messages == [] and outbox_rows(app) == {}

    r = run("letter welcome --family F1 --send")
    assert r.exit_code == 0, r.output
    assert "Sent 1, skipped 0, refused 0, queued 0." in r.output
    [msg] = smtp_server.messages
    assert msg["Content-Language"] == "es"
    assert msg["Subject"] == "Paquete de bienvenida"
    assert msg.get_content_type() == "multipart/alternative"
    assert "Estimada Rosa García" in body(msg, "plain")
    assert 'lang="es"' in body(msg, "html")
    sent_id = msg["Message-ID"]
    [(rec_n, rec)] = outbox_rows(app).items()
    assert rec["status"] == "sent" and rec["message_id"] == sent_id and rec["raw"] == ""
    shown = json.loads(run("show F1 --json").stdout)
    [contact] = [c for c in contacts_of(shown) if c["kind"] == "email"]
    assert contact["direction"] == "to" and contact["language"] == "es"
    assert contact["letter"]["template"] == "welcome" and contact["letter"]["message_id"] == sent_id
    audit = json.loads(run("audit --what email --json").stdout)
    assert [(e["records"], e["done"]) for e in audit] == [(["F1", contact["id"]], True)]

    # Family night: every invited family, each in its own language.
    add(app, "Haddad", Guardian("Layla Haddad", "mother", email="layla@example.com", language="ar"))
    add(app, "Nguyen", Guardian("Minh Nguyen", "father", email="refuse.minh@example.com",
                                language="vi"))
    add(app, "Osei", Guardian("Ama Osei", "mother", email="defer.ama@example.com"))
    add(app, "Silva", Guardian("João Silva", "father", language="pt"))
    from liaison_cli.services import events

    ev = events.add_event(app, title="Family Math Night", kind="family-night", when="2026-12-03",
                          time="6pm", place="Cafeteria")
    events.invite(app, ev.id, families=["F1", "F2", "F3", "F4", "F5"])
    r = run(f"letter event-invite --event {ev.id} --send")
    assert r.exit_code == 0, r.output
    assert "Sent 2, skipped 1, refused 1, queued 1." in r.output
    assert "Refused: F3" in r.output and "Queued: F4" in r.output and "Skipped: F5" in r.output
    by_to = {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages[1:]}
    assert set(by_to) == {"rosa@example.com", "layla@example.com"}
    assert 'dir="rtl"' in body(by_to["layla@example.com"], "html")
    assert by_to["layla@example.com"]["Content-Language"] == "ar"

    # The refused address is marked bad; the family has no other way in: unreachable.
    nguyen = json.loads(run("show F3 --json").stdout)
    assert nguyen["guardians"][0]["email_bad"]["date"] == TODAY.isoformat()
    assert "550" in nguyen["guardians"][0]["email_bad"]["reason"]
    assert "email marked bad" in run("show F3").output
    rows = {u["family_id"]: u["reason"] for u in json.loads(run("unreachable --json").stdout)}
    assert "every phone and email marked bad" in rows["F3"]
    assert "no phone or email on record" in rows["F5"]

    # Deferred: queued in the outbox, sent by `outbox retry` once the server takes it.
    listed = json.loads(run("outbox --json").stdout)
    assert {(o["family_id"], o["status"]) for o in listed} == {("F3", "refused"), ("F4", "queued")}
    r = run(f"letter event-invite --event {ev.id} --send")  # a rerun sends nothing new
    assert "Already sent today: F1" in r.output and len(smtp_server.messages) == 3
    from tests import mailservers

    async def accept_all(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        return "250 OK"

    monkeypatch.setattr(mailservers._Handler, "handle_RCPT", accept_all)
    r = run("outbox retry")
    assert r.exit_code == 0, r.output
    assert "Sent 1" in r.output
    assert smtp_server.messages[-1]["To"].addresses[0].addr_spec == "defer.ama@example.com"
    assert [o["family_id"] for o in json.loads(run("outbox --json").stdout)] == ["F3"]

    # Replies: one to the welcome pack, a bounce for the invitation to F2, one from a stranger.
    layla_id = by_to["layla@example.com"]["Message-ID"]
    imap_server.deliver(reply_to(sent_id, "Rosa García <rosa@example.com>", "Re: Paquete de bienvenida",
                                 "Gracias, ¿a qué hora abre la escuela?\n\n> Estimada Rosa García"))
    imap_server.deliver(bounce_for("layla@example.com", layla_id))
    imap_server.deliver(reply_to("<other@x>", "someone@elsewhere.org", "Hello", "Who is this?"))
    r = run("inbox")
    assert r.exit_code == 0, r.output
    assert "1 reply, 1 bounce, 1 not matched, 0 read before." in r.output
    assert "someone@elsewhere.org" in r.output
    shown = json.loads(run("show F1 --json").stdout)
    [reply] = [c for c in contacts_of(shown) if c["direction"] == "from"]
    assert reply["kind"] == "email" and reply["language"] == "es"
    assert reply["summary"] == "Email: Re: Paquete de bienvenida — Gracias, ¿a qué hora abre la escuela?"
    due = json.loads(run("followups --family F1 --due next-week --json").stdout)
    assert [(f["action"], f["due"]) for f in due] == [("Answer Rosa García's email", "2026-11-23")]
    assert "Answer Rosa García's email" in run("show F1").output
    haddad = json.loads(run("show F2 --json").stdout)
    assert haddad["guardians"][0]["email_bad"]["reason"].startswith("bounced")
    assert [c["outcome"] for c in contacts_of(haddad) if c["kind"] == "email"] == ["bounced"]
    assert imap_server.seen_flags() == [False, False, False]  # nothing marked read

    # Run again: each message is handled once; the unmatched one is still listed.
    r = run("inbox")
    assert "0 replies, 0 bounces, 1 not matched, 2 read before." in r.output
    shown = json.loads(run("show F1 --json").stdout)
    assert len([c for c in contacts_of(shown) if c["direction"] == "from"]) == 1

    # edit marks an address good again (and a phone bad).
    r = run(["edit", "F3", "--good-email", "Minh"])
    assert r.exit_code == 0, r.output
    assert json.loads(run("show F3 --json").stdout)["guardians"][0].get("email_bad", {}) == {}
    r = run(["edit", "F1", "--bad-email", "Rosa"])
    assert r.exit_code == 0, r.output
    r = run("letter welcome --family F1 --send --dry-run")
    assert "Would skip F1 Rosa García: email marked bad" in r.output


# --------------------------------------------------------------------------- interrupted sends


def _many(app, n: int):
    for i in range(n):
        add(app, f"Family{i}", Guardian(f"Parent {i}", "mother", email=f"p{i}@example.com",
                                        language="es" if i % 2 else "en"), tags=["night"])


def _send(app, **kw):
    from liaison_cli.services import letters as L
    from liaison_cli.services.mail import outbox

    return outbox.send_letters(app, L.LetterOptions(template="welcome"), L.Selection(tags=["night"]),
                               None, password=SMTP_PASSWORD, **kw)


def test_an_interrupted_mass_send_never_sends_twice(app, home, smtp_server):
    app = configure(home, email_config(smtp_server))
    _many(app, 6)

    def stop_after_three(done, total):
        if done == 3:
            raise KeyboardInterrupt  # the liaison presses Ctrl-C after three went out

    with pytest.raises(KeyboardInterrupt):
        _send(app, progress=stop_after_three)
    assert len(smtp_server.messages) == 3
    states = sorted(r["status"] for r in outbox_rows(app).values())
    assert states == ["queued"] * 3 + ["sent"] * 3
    report = _send(app)
    assert len(report.sent) == 3 and len(report.already) == 3
    addresses = [m["To"].addresses[0].addr_spec for m in smtp_server.messages]
    assert sorted(addresses) == sorted(f"p{i}@example.com" for i in range(6))
    with app.store.read() as s:
        emails = [c for c in s.contacts.rows().values() if c["kind"] == "email"]
    assert len(emails) == 6


def test_a_kill_while_sending_leaves_it_unconfirmed_not_resent(app, home, smtp_server, monkeypatch):
    from liaison_cli.services.mail import transport

    app = configure(home, email_config(smtp_server))
    _many(app, 4)
    real = transport.Outgoing.send
    calls = []

    def dies_on_third(self, sender, recipient, raw):
        calls.append(recipient)
        if len(calls) == 3:
            real(self, sender, recipient, raw)
            raise KeyboardInterrupt  # killed after the server took it, before liaison knew
        return real(self, sender, recipient, raw)

    monkeypatch.setattr(transport.Outgoing, "send", dies_on_third)
    with pytest.raises(KeyboardInterrupt):
        _send(app)
    monkeypatch.setattr(transport.Outgoing, "send", real)
    assert len(smtp_server.messages) == 3
    report = _send(app)  # the rerun sends the fourth only
    assert [r["address"] for r in report.sent] == ["p3@example.com"]
    assert len(smtp_server.messages) == 4
    rows = {r["address"]: r["status"] for r in outbox_rows(app).values()}
    assert rows["p2@example.com"] == "sending"  # shown as unconfirmed, never counted as sent
    from liaison_cli.services.mail import outbox

    listed = outbox.list_outbox(app)
    assert [(r["address"], r["status"]) for r in listed] == [("p2@example.com", "unconfirmed")]
    with app.store.read() as s:
        emails = [c for c in s.contacts.rows().values() if c["kind"] == "email"]
    assert len(emails) == 3  # p2 is not recorded as sent
    outbox.retry(app, password=SMTP_PASSWORD, unconfirmed=True)
    assert len(smtp_server.messages) == 5 and outbox.list_outbox(app) == []


# --------------------------------------------------------------------------- faults


def test_server_down_is_one_sentence_and_records_nothing(app, home, run, passwords):
    from tests.mailservers import SmtpServer, free_port

    configure(home, email_config(SmtpServer("127.0.0.1", free_port())))
    add(app, "García", Guardian("Rosa", "mother", email="rosa@example.com"))
    before = json.loads(run("show F1 --json").stdout)
    r = run("letter welcome --family F1 --send")
    assert r.exit_code == 11
    assert r.stderr.startswith("Error: Could not reach the mail server 127.0.0.1:")
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1
    assert outbox_rows(app) == {} and json.loads(run("show F1 --json").stdout) == before


def test_wrong_password_and_tls_failure(app, home, run, smtp_server, monkeypatch):
    configure(home, email_config(smtp_server))
    add(app, "García", Guardian("Rosa", "mother", email="rosa@example.com"))
    monkeypatch.setenv("LIAISON_SMTP_PASSWORD", "wrong")
    r = run("letter welcome --family F1 --send")
    assert r.exit_code == 11 and "refused the login for liaison@example.org" in r.stderr
    monkeypatch.setenv("LIAISON_SMTP_PASSWORD", SMTP_PASSWORD)
    configure(home, email_config(smtp_server, security="ssl"))
    r = run("letter welcome --family F1 --send")
    assert r.exit_code == 11 and "secure connection" in r.stderr and "email.security" in r.stderr
    configure(home, email_config(smtp_server, security="starttls"))
    r = run("letter welcome --family F1 --send")
    assert r.exit_code == 11 and "STARTTLS" in r.stderr
    assert outbox_rows(app) == {} and smtp_server.messages == []


def test_malformed_address_is_skipped_and_listed(app, home, run, smtp_server, passwords):
    configure(home, email_config(smtp_server))
    add(app, "García", Guardian("Rosa", "mother", email="rosa at example"))
    r = run("letter welcome --family F1 --send")
    assert r.exit_code == 0, r.output
    assert "Skipped: F1 Rosa — malformed email address." in r.output
    assert smtp_server.messages == []


def test_too_large_is_failed_not_sent(app, home, smtp_server, monkeypatch):
    from aiosmtpd.controller import Controller

    from tests.mailservers import SmtpServer, _authenticator, _Handler, free_port

    small = SmtpServer("127.0.0.1", free_port())
    ctl = Controller(_Handler(small), hostname=small.host, port=small.port, data_size_limit=2000,
                     authenticator=_authenticator(small), auth_require_tls=False)
    ctl.start()
    try:
        app = configure(home, email_config(small))
        add(app, "García", Guardian("Rosa", "mother", email="rosa@example.com"))
        from liaison_cli.services import letters as L
        from liaison_cli.services.mail import outbox

        report = outbox.send_letters(app, L.LetterOptions(template="welcome"), None, "F1",
                                     password=SMTP_PASSWORD)
    finally:
        ctl.stop()
    assert [r["status"] for r in report.failed] == ["failed"]
    assert "too large" in report.failed[0]["reason"] and small.messages == []
    with app.store.read() as s:
        assert not [c for c in s.contacts.rows().values() if c["kind"] == "email"]


def test_no_password_anywhere_says_how_to_give_one(app, home, run, smtp_server, monkeypatch):
    from liaison_cli.cli import mailpass

    monkeypatch.delenv("LIAISON_SMTP_PASSWORD", raising=False)
    monkeypatch.setattr(mailpass, "from_keyring", lambda *a: "")
    configure(home, email_config(smtp_server))
    add(app, "García", Guardian("Rosa", "mother", email="rosa@example.com"))
    r = run("letter welcome --family F1 --send")
    assert r.exit_code == 5
    assert "liaison email password --smtp" in r.stderr and "LIAISON_SMTP_PASSWORD" in r.stderr


def test_rate_limit_waits_between_messages(app, home, smtp_server):
    app = configure(home, email_config(smtp_server, rate=120))
    _many(app, 3)
    waits: list[float] = []
    report = _send(app, sleep=waits.append)
    assert len(report.sent) == 3
    assert len(waits) == 2 and all(0 < w <= 0.5 for w in waits)


def test_sent_message_parses_with_pdf_attachment(app, home, smtp_server):
    pytest.importorskip("fpdf")
    app = configure(home, email_config(smtp_server))
    add(app, "García", Guardian("Rosa", "mother", email="rosa@example.com", language="es"))
    from liaison_cli.services import letters as L
    from liaison_cli.services.mail import outbox

    outbox.send_letters(app, L.LetterOptions(template="welcome"), None, "F1",
                        password=SMTP_PASSWORD, attach_pdf=True)
    [msg] = smtp_server.messages
    raw = msg.as_bytes()
    again = BytesParser(policy=policy.default).parsebytes(raw)
    [att] = list(again.iter_attachments())
    assert att.get_content_type() == "application/pdf" and att.get_filename() == "welcome-es.pdf"
    assert att.get_content().startswith(b"%PDF")
