"""Real mail servers for the email tests: aiosmtpd (SMTP) and Dovecot (IMAP) on localhost ports.

Import the fixtures into a test module: `from tests.mailservers import imap_server, smtp_server`.

* `smtp_server` runs aiosmtpd's Controller in a thread, with a handler that keeps every message
  it accepts, refuses recipients whose address starts with `refuse` (550), defers those starting
  with `defer` (451), and accepts AUTH PLAIN/LOGIN for liaison@example.org / `smtp-secret`.
* `imap_server` starts Debian's dovecot (package dovecot-imapd) from a temporary folder with its
  own config, a passwd file and a Maildir, on a free port, plain IMAP (no TLS). Messages are put
  in with IMAP APPEND, as a delivery agent would. When dovecot is not installed the tests that
  use it skip and say why; under CI=true they fail instead.
"""

from __future__ import annotations

import email
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

USER = "liaison@example.org"
SMTP_PASSWORD = "smtp-secret"
IMAP_PASSWORD = "imap-secret"
DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(why: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{why} (CI=true: the email tests must run against real servers)")
    pytest.skip(why)


# --------------------------------------------------------------------------- SMTP


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[email.message.EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)


class _Handler:
    def __init__(self, server: SmtpServer):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("refuse"):
            self.server.refused.append(address)
            return "550 5.1.1 No such user here"
        if local.startswith("defer"):
            self.server.deferred.append(address)
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from email import policy

        msg = email.message_from_bytes(envelope.original_content or envelope.content,
                                       policy=policy.default)
        self.server.messages.append(msg)
        self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def _authenticator(server: SmtpServer):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def check(smtp_server_, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode()
            if user == USER and auth_data.password.decode() == SMTP_PASSWORD:
                server.logins.append(user)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return check


@pytest.fixture
def smtp_server():
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        _missing("aiosmtpd is not installed (pip install -e '.[test]')")
    server = SmtpServer("127.0.0.1", free_port())
    controller = Controller(_Handler(server), hostname=server.host, port=server.port,
                            authenticator=_authenticator(server), auth_require_tls=False,
                            auth_required=False)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


# --------------------------------------------------------------------------- IMAP


@dataclass
class ImapServer:
    host: str
    port: int
    folder: Path

    def connect(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4(self.host, self.port)
        conn.login(USER, IMAP_PASSWORD)
        return conn

    def deliver(self, raw: bytes, mailbox: str = "INBOX") -> None:
        """Put one message in a mailbox, as the mail server's delivery would."""
        conn = self.connect()
        try:
            conn.create(mailbox) if mailbox != "INBOX" else None
            typ, data = conn.append(mailbox, None, imaplib.Time2Internaldate(time.time()), raw)
            assert typ == "OK", data
        finally:
            conn.logout()

    def seen_flags(self, mailbox: str = "INBOX") -> list[bool]:
        conn = self.connect()
        try:
            conn.select(mailbox, readonly=True)
            _typ, data = conn.search(None, "ALL")
            out = []
            for num in data[0].split():
                _t, flags = conn.fetch(num, "(FLAGS)")
                out.append(b"\\Seen" in flags[0])
            return out
        finally:
            conn.logout()


def _dovecot_config(folder: Path, port: int) -> str:
    me = pwd.getpwuid(os.getuid())
    if os.getuid() == 0:
        # Dovecot will not give mail access to root, and runs its own parts as its users.
        internal, login = "dovecot", "dovenull"
        mail_user = pwd.getpwnam("dovecot")
    else:
        internal = login = me.pw_name
        mail_user = me
    return f"""
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
instance_name = liaison-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={folder}/mail/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture
def imap_server(tmp_path_factory):
    if DOVECOT is None:
        _missing("Dovecot is not installed (Debian: apt-get install dovecot-imapd); the IMAP "
                 "tests need a real IMAP server")
    # Dovecot's own users must reach the folder: pytest's temporary folders are private to us.
    folder = Path(tempfile.mkdtemp(prefix="liaison-dovecot-"))
    os.chmod(folder, 0o755)
    port = free_port()
    (folder / "dovecot.conf").write_text(_dovecot_config(folder, port), encoding="utf-8")
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{IMAP_PASSWORD}\n", encoding="utf-8")
    mail = folder / "mail"
    mail.mkdir()
    if os.getuid() == 0:
        user = pwd.getpwnam("dovecot")
        os.chown(mail, user.pw_uid, user.pw_gid)
    conf = str(folder / "dovecot.conf")
    # The daemon keeps its inherited descriptors open: send them to a file, not a pipe.
    with open(folder / "start.log", "wb") as start_log:
        proc = subprocess.run([DOVECOT, "-c", conf], stdout=start_log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        _missing("Dovecot would not start: "
                 + (folder / "start.log").read_text(errors="replace").strip()[-500:])
    server = ImapServer("127.0.0.1", port, folder)

    def stop() -> None:
        subprocess.run([DOVECOT, "-c", conf, "stop"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)

    deadline = time.monotonic() + 10
    while True:
        try:
            server.connect().logout()
            break
        except (OSError, imaplib.IMAP4.error) as exc:
            if time.monotonic() > deadline:
                log_path = folder / "dovecot.log"
                log = log_path.read_text(errors="replace") if log_path.exists() else ""
                stop()
                _missing(f"Dovecot did not answer on port {port} ({exc}): {log[-500:]}")
            time.sleep(0.1)
    try:
        yield server
    finally:
        stop()
        shutil.rmtree(folder, ignore_errors=True)
