"""The project's errors. Each kind carries the exit code the CLI turns it into.

Messages are one sentence that says what to do next and never carry family data
beyond the family's short id.
"""

from __future__ import annotations


class LiaisonError(Exception):
    """Base of every error the tool reports to the user."""

    exit_code = 1
    kind = "error"
    meaning = "An unexpected error (run again with --debug and report it)."

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class UsageError(LiaisonError):
    """A value on the command line was not understood."""

    exit_code = 2
    kind = "usage"
    meaning = ("A flag, value or date was not understood, or the command is for a personal JSON store "
               "and the store is a district database (restore, encrypt, decrypt).")


class NotFoundError(LiaisonError):
    """A family, follow-up, template or other record does not exist."""

    exit_code = 3
    kind = "not-found"
    meaning = "No such family, follow-up, referral, event, template or backup."


class ConflictError(LiaisonError):
    """The request contradicts the records (already closed, consent missing, …)."""

    exit_code = 4
    kind = "conflict"
    meaning = "The records forbid it (family closed, consent missing, already done)."


class ConfigError(LiaisonError):
    """config.yaml is missing, unreadable or invalid."""

    exit_code = 5
    kind = "config"
    meaning = "config.yaml is missing, unreadable or has a wrong key or value."


class StoreError(LiaisonError):
    """The store is corrupt, from a newer version, or cannot be written."""

    exit_code = 6
    kind = "store"
    meaning = "The store is damaged, from a newer version, or the disk refused the write."


class LockedError(LiaisonError):
    """Another liaison process holds the store's lock."""

    exit_code = 7
    kind = "locked"
    meaning = "Another liaison command is writing; try again in a moment."


class TemplateError(LiaisonError):
    """A letter template is missing or failed to render."""

    exit_code = 8
    kind = "template"
    meaning = "A letter template is missing, or uses a field the family lacks."


class CryptoError(LiaisonError):
    """The store is encrypted and the passphrase is missing or wrong."""

    exit_code = 9
    kind = "crypto"
    meaning = "The store is encrypted and the passphrase is missing or wrong."


class CancelledError(LiaisonError):
    """The user declined a confirmation (Ctrl-C anywhere ends with the same code)."""

    exit_code = 10
    kind = "cancelled"
    meaning = "You answered no to a confirmation, or pressed Ctrl-C; nothing changed."


class MailError(LiaisonError):
    """The mail server could not be reached, refused the login, or lost the connection."""

    exit_code = 11
    kind = "mail"
    meaning = ("The mail server was down, refused the login or TLS, or lost the connection; nothing "
               "unsent was recorded as sent.")


class DatabaseError(LiaisonError):
    """The district database could not be reached, refused the login or the permission, or lost
    the connection (the change was rolled back)."""

    exit_code = 12
    kind = "database"
    meaning = ("The district database was not answering, refused the login or the permission, or lost "
               "the connection; nothing was changed.")


# The documented table, generated into the README and checked by a test: each error class's
# code, kind and meaning, between success and a closed pipe.
EXIT_CODES: list[tuple[int, str, str]] = [
    (0, "ok", "The command did what it said."),
    *sorted((c.exit_code, c.kind, c.meaning) for c in (
        LiaisonError, UsageError, NotFoundError, ConflictError, ConfigError, StoreError,
        LockedError, TemplateError, CryptoError, CancelledError, MailError, DatabaseError)),
    (141, "pipe-closed", "What read the output (`head`, say) stopped early: 128 + SIGPIPE, as "
                         "git and cat end; nothing is printed."),
]
