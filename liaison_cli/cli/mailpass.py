"""Mail passwords: LIAISON_SMTP_PASSWORD / LIAISON_IMAP_PASSWORD, else the system keyring, else
a prompt on a terminal — never config.yaml or the command line. `keyring` is imported only
here, only by the email commands; a missing or failing keyring backend means "no password
stored there"."""

from __future__ import annotations

import os
import sys

from ..errors import ConfigError

SERVICE = "liaison"
ENV = {"smtp": "LIAISON_SMTP_PASSWORD", "imap": "LIAISON_IMAP_PASSWORD"}


def account(kind: str, username: str, host: str) -> str:
    return f"{kind}:{username}@{host}"


def _keyring():
    try:
        import keyring  # here: only the email commands need it, and it is slow to import
    except Exception:  # noqa: BLE001 - not installed or broken: there is no keyring
        return None
    return keyring


def from_keyring(kind: str, username: str, host: str) -> str:
    kr = _keyring()
    if kr is None:
        return ""
    try:
        return kr.get_password(SERVICE, account(kind, username, host)) or ""
    except Exception:  # noqa: BLE001 - no backend, a locked or refusing one: nothing stored there
        return ""


def store_in_keyring(kind: str, username: str, host: str, password: str) -> bool:
    kr = _keyring()
    if kr is None:
        return False
    try:
        kr.set_password(SERVICE, account(kind, username, host), password)
    except Exception:  # noqa: BLE001 - no usable backend on this machine
        return False
    return True


def password(kind: str, username: str, host: str) -> str:
    """The password for `kind` (smtp or imap); raises ConfigError when none can be found."""
    value = os.environ.get(ENV[kind], "")
    if value:
        return value
    value = from_keyring(kind, username, host)
    if value:
        return value
    if sys.stdin.isatty():
        import typer  # here: start-up (the send queue uses this module and never prompts)

        return typer.prompt(f"{kind.upper()} password for {username} at {host}", hide_input=True)
    raise ConfigError(f"No {kind.upper()} password: run `liaison email password --{kind}` to keep it "
                      f"in the system keyring, or set {ENV[kind]}.")


def for_app(app, kind: str) -> str:
    em = app.config.email
    user = em.username or app.config.liaison.email
    host = em.smtp_host if kind == "smtp" else em.imap_host
    if not host:
        return ""  # the service says which setting is missing
    return password(kind, user, host)
