"""The `email:` config section, where passwords come from, and that the daily commands never
load the email code."""

from __future__ import annotations

import subprocess
import sys

import pytest

from liaison_cli.config import default_config_text, parse_config_text
from liaison_cli.errors import ConfigError
from tests.conftest import TODAY


def cfg(tmp_path, body: str):
    return parse_config_text("email:\n" + body, tmp_path)


def test_email_section_defaults_and_values(tmp_path):
    em = parse_config_text(default_config_text(TODAY), tmp_path).email
    assert (em.smtp_host, em.security, em.smtp_port_used, em.imap_port_used, em.rate) == (
        "", "starttls", 587, 993, 30)
    em = cfg(tmp_path, "  smtp_host: smtp.district.org\n  security: ssl\n  imap_security: none\n"
                       "  rate: 0\n  imap_folder: Replies\n").email
    assert (em.smtp_host, em.smtp_port_used, em.imap_port_used, em.rate, em.imap_folder) == (
        "smtp.district.org", 465, 143, 0, "Replies")


@pytest.mark.parametrize("body, words", [
    ("  security: tls\n", "`email.security` must be starttls, ssl or none"),
    ("  smtp_port: 70000\n", "`email.smtp_port` must be a port number"),
    ("  smtp_port: abc\n", "`email.smtp_port` must be a whole number"),
    ("  rate: -1\n", "`email.rate` must be a whole number"),
    ("  password: hunter2\n", "unknown key `email.password`"),
])
def test_email_section_errors_name_key_and_line(tmp_path, body, words):
    with pytest.raises(ConfigError) as exc:
        cfg(tmp_path, body)
    assert words in str(exc.value) and "line 2" in str(exc.value)


class _Memory:
    """A keyring backend that keeps passwords in a dict."""

    def __init__(self, fail: bool = False):
        import keyring.backend

        outer = self

        class Backend(keyring.backend.KeyringBackend):
            priority = 1

            def get_password(self, service, username):
                if fail:
                    raise RuntimeError("locked")
                return outer.data.get((service, username))

            def set_password(self, service, username, password):
                if fail:
                    raise RuntimeError("locked")
                outer.data[(service, username)] = password

            def delete_password(self, service, username):
                outer.data.pop((service, username), None)

        self.data: dict = {}
        self.backend = Backend()


@pytest.fixture
def memory_keyring():
    keyring = pytest.importorskip("keyring")
    before = keyring.get_keyring()
    mem = _Memory()
    keyring.set_keyring(mem.backend)
    yield mem
    keyring.set_keyring(before)


def test_password_from_env_then_keyring_never_config(memory_keyring, monkeypatch):
    from liaison_cli.cli import mailpass

    monkeypatch.delenv("LIAISON_SMTP_PASSWORD", raising=False)
    assert mailpass.store_in_keyring("smtp", "me@d.org", "smtp.d.org", "from-keyring")
    assert mailpass.password("smtp", "me@d.org", "smtp.d.org") == "from-keyring"
    monkeypatch.setenv("LIAISON_SMTP_PASSWORD", "from-env")
    assert mailpass.password("smtp", "me@d.org", "smtp.d.org") == "from-env"


def test_a_failing_keyring_is_no_password_there(monkeypatch):
    keyring = pytest.importorskip("keyring")
    from liaison_cli.cli import mailpass

    before = keyring.get_keyring()
    keyring.set_keyring(_Memory(fail=True).backend)
    try:
        monkeypatch.delenv("LIAISON_IMAP_PASSWORD", raising=False)
        assert mailpass.from_keyring("imap", "me@d.org", "imap.d.org") == ""
        with pytest.raises(ConfigError, match="liaison email password --imap"):
            mailpass.password("imap", "me@d.org", "imap.d.org")
    finally:
        keyring.set_keyring(before)


def test_followups_never_imports_email_code(tmp_path):
    code = ("import sys\nfrom liaison_cli.cli import main\nmain(['init'])\nmain(['followups'])\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('keyring', 'smtplib', 'imaplib',"
            " 'liaison_cli.services.mail', 'liaison_cli.cli.commands.mail')))\nprint('LOADED', bad)\n")
    env = {"LIAISON_HOME": str(tmp_path / "h"), "LIAISON_TODAY": TODAY.isoformat(),
           "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=60)
    assert "LOADED []" in out.stdout, out.stdout + out.stderr
