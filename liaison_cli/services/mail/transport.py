"""The only smtplib and imaplib code: connect, log in, send one message, read a folder.

Every fault becomes a MailError with one sentence that says what to check; a recipient's
refusal is not a fault but a `Delivery` result (permanent 5xx, temporary 4xx, too large).
"""

from __future__ import annotations

import imaplib
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address

from ...errors import MailError

# A reply's headers and first text are all inbox reads: attachments past this are never fetched.
FETCH_BYTES = 65536


@dataclass
class Server:
    host: str
    port: int
    security: str  # starttls, ssl or none
    username: str
    password: str
    timeout: int = 30

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass
class Delivery:
    """What the server said about one message."""

    status: str  # sent, refused (5xx for the recipient), deferred (4xx or connection lost), too-large
    code: int = 0
    reason: str = ""


def _reason(raw: bytes | str | None) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else (raw or "")
    return re.sub(r"\s+", " ", text).strip()[:200]


def _unreachable(what: str, server: Server, exc: BaseException) -> MailError:
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return MailError(f"Could not reach the {what} server {server.where} ({_reason(detail)}); "
                     f"check email.{'smtp' if what == 'mail' else 'imap'}_host and the port in "
                     "config.yaml, or try again when the server is up.")


def _tls_failed(server: Server, exc: BaseException, key: str) -> MailError:
    return MailError(f"The secure connection to {server.where} failed ({_reason(str(exc))}); "
                     f"check email.{key} in config.yaml (starttls, ssl or none) and the port.")


def _auth_refused(server: Server) -> MailError:
    return MailError(f"{server.where} refused the login for {server.username}; check the password "
                     "(`liaison email password`) and email.username in config.yaml.")


# --------------------------------------------------------------------------- SMTP


class Outgoing:
    """One open, logged-in SMTP connection."""

    def __init__(self, server: Server):
        self.server = server
        self.smtp: smtplib.SMTP | None = None
        self.size_limit = 0

    def open(self) -> Outgoing:
        s = self.server
        try:
            if s.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            smtp.ehlo()
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    smtp.close()
                    raise MailError(f"{s.where} does not offer STARTTLS; set email.security to ssl "
                                    "(port 465) or none (only for a server on this machine).")
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
        except MailError:
            raise
        except ssl.SSLError as exc:
            raise _tls_failed(s, exc, "security") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise _unreachable("mail", s, exc) from None
        if s.username and s.password:
            try:
                smtp.login(s.username, s.password)
            except smtplib.SMTPAuthenticationError:
                smtp.close()
                raise _auth_refused(s) from None
            except smtplib.SMTPNotSupportedError:
                smtp.close()
                raise MailError(f"{s.where} offers no login on this connection; set "
                                "email.security to starttls or ssl.") from None
            except (OSError, smtplib.SMTPException) as exc:
                smtp.close()
                raise _unreachable("mail", s, exc) from None
        size = smtp.esmtp_features.get("size", "").strip()
        self.size_limit = int(size) if size.isdigit() else 0
        self.smtp = smtp
        return self

    def send(self, sender: str, recipient: str, raw: bytes) -> Delivery:
        """Send one message to one recipient; never raises for what the server says about it."""
        if self.size_limit and len(raw) > self.size_limit:
            return Delivery("too-large", 552, f"the message is {len(raw)} bytes; the server takes "
                            f"at most {self.size_limit}")
        if self.smtp is None:
            return Delivery("deferred", 0, "not connected")
        try:
            self.smtp.sendmail(sender, [recipient], raw)
        except smtplib.SMTPRecipientsRefused as exc:
            code, msg = next(iter(exc.recipients.values()), (0, b""))
            return Delivery("refused" if code >= 500 else "deferred", code, _reason(msg))
        except smtplib.SMTPSenderRefused as exc:
            if exc.smtp_code == 552:
                return Delivery("too-large", exc.smtp_code, _reason(exc.smtp_error))
            if exc.smtp_code >= 500:
                raise MailError(f"{self.server.where} refused {sender} as the sender "
                                f"({_reason(exc.smtp_error)}); check liaison.email and "
                                "email.username in config.yaml.") from None
            return Delivery("deferred", exc.smtp_code, _reason(exc.smtp_error))
        except smtplib.SMTPDataError as exc:
            if exc.smtp_code in (552, 534):
                return Delivery("too-large", exc.smtp_code, _reason(exc.smtp_error))
            if exc.smtp_code >= 500:
                return Delivery("refused", exc.smtp_code, _reason(exc.smtp_error))
            return Delivery("deferred", exc.smtp_code, _reason(exc.smtp_error))
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.smtp = None
            return Delivery("deferred", 0, f"the connection was lost ({_reason(str(exc))})")
        except smtplib.SMTPException as exc:
            return Delivery("deferred", 0, _reason(str(exc)))
        return Delivery("sent", 250)

    @property
    def connected(self) -> bool:
        return self.smtp is not None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None


# --------------------------------------------------------------------------- IMAP


class Incoming:
    """One open IMAP connection on a folder, read-only: flags are never changed."""

    def __init__(self, server: Server, folder: str):
        self.server = server
        self.folder = folder
        self.imap: imaplib.IMAP4 | None = None
        self.uidvalidity = 0

    def open(self) -> Incoming:
        s = self.server
        try:
            if s.security == "ssl":
                imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(s.host, s.port, timeout=s.timeout,
                                                        ssl_context=ssl.create_default_context())
            else:
                imap = imaplib.IMAP4(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    imap.starttls(ssl_context=ssl.create_default_context())
        except ssl.SSLError as exc:
            raise _tls_failed(s, exc, "imap_security") from None
        except (OSError, imaplib.IMAP4.error) as exc:
            raise _unreachable("IMAP", s, exc) from None
        try:
            imap.login(s.username, s.password)
        except imaplib.IMAP4.error:
            self._drop(imap)
            raise _auth_refused(s) from None
        except OSError as exc:
            raise _unreachable("IMAP", s, exc) from None
        try:
            typ, _data = imap.select(_quote(self.folder), readonly=True)
        except (OSError, imaplib.IMAP4.error) as exc:
            self._drop(imap)
            raise _unreachable("IMAP", s, exc) from None
        if typ != "OK":
            self._drop(imap)
            raise MailError(f"{s.where} has no folder {self.folder!r}; check email.imap_folder "
                            "in config.yaml.")
        _typ, val = imap.response("UIDVALIDITY")
        try:
            self.uidvalidity = int(val[0]) if val and val[0] else 0
        except ValueError:
            self.uidvalidity = 0
        self.imap = imap
        return self

    @staticmethod
    def _drop(imap: imaplib.IMAP4) -> None:
        try:
            imap.logout()
        except (OSError, imaplib.IMAP4.error):
            pass

    def uids(self) -> list[int]:
        assert self.imap is not None
        try:
            typ, data = self.imap.uid("SEARCH", None, "ALL")
        except (OSError, imaplib.IMAP4.error) as exc:
            raise _unreachable("IMAP", self.server, exc) from None
        if typ != "OK" or not data or not data[0]:
            return []
        return [int(x) for x in data[0].split() if x.isdigit()]

    def fetch(self, uid: int) -> bytes:
        """The message's first FETCH_BYTES (headers and the first text), leaving it unread."""
        assert self.imap is not None
        try:
            typ, data = self.imap.uid("FETCH", str(uid), f"(BODY.PEEK[]<0.{FETCH_BYTES}>)")
        except (OSError, imaplib.IMAP4.error) as exc:
            raise _unreachable("IMAP", self.server, exc) from None
        if typ != "OK":
            return b""
        for part in data or []:
            if isinstance(part, tuple) and len(part) == 2:
                return part[1]
        return b""

    def close(self) -> None:
        if self.imap is not None:
            self._drop(self.imap)
            self.imap = None


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def check_address(address: str) -> bool:
    """A plain addr-spec a server can take: one @, a dotted or local domain, no spaces."""
    if not address or any(c.isspace() for c in address) or address.count("@") != 1:
        return False
    try:
        a = Address(addr_spec=address)
    except (HeaderParseError, ValueError, IndexError, TypeError):
        return False
    return bool(a.username and a.domain)

