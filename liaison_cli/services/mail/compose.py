"""A letter as an email: plain text and HTML in the guardian's language, an optional PDF."""

from __future__ import annotations

import datetime as dt
import secrets
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr


def message_id(sender: str, stamp: dt.datetime) -> str:
    """A Message-ID liaison makes itself (recorded before sending), on the sender's domain."""
    domain = sender.rpartition("@")[2] or "liaison.invalid"
    return f"<liaison.{stamp.strftime('%Y%m%d%H%M%S')}.{secrets.token_hex(8)}@{domain}>"


def build(*, sender: str, sender_name: str, to: str, to_name: str, subject: str, lang: str,
          text: str, html: str, msg_id: str, when: dt.datetime, pdf: bytes | None = None,
          pdf_name: str = "letter.pdf") -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr((sender_name, sender)) if sender_name else sender
    msg["To"] = formataddr((to_name, to)) if to_name else to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = msg_id
    msg["Auto-Submitted"] = "no"
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    if pdf is not None:
        msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    # After the parts: setting content moves Content-* headers into the first part.
    msg["Content-Language"] = lang
    return msg.as_bytes()
