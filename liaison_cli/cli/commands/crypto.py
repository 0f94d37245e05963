"""`liaison encrypt` and `liaison decrypt`: the store and its backups at rest."""

from __future__ import annotations

from ...errors import CryptoError
from ...services import privacy, setup
from ...storage import require_backend
from ..context import STATE
from ..render import output
from ..render.result import Result
from ..root import command


@command()
def encrypt() -> Result:
    """Encrypt the store and its backups with a passphrase (needs `pip install 'liaison[crypto]'`).

    The passphrase comes from LIAISON_PASSPHRASE or is asked twice on a terminal; every later
    command needs it. An interrupted run leaves a store that opens with the passphrase, and
    every command warns until `liaison encrypt` is run again: it encrypts what was left plain.

    Example: liaison encrypt
    """

    require_backend()  # the missing-package message before any prompt
    app_ = STATE.app()
    setup.require_folder_store(app_, "encrypt")
    if STATE.store_encrypted():
        passphrase = ""
    else:
        try:
            passphrase = STATE.passphrase(confirm=True)
        except CryptoError:
            raise CryptoError("Choose a passphrase: set LIAISON_PASSPHRASE, or run `liaison "
                              "encrypt` on a terminal to be asked.") from None
    result = privacy.encrypt_store(app_, passphrase)
    exports = app_.home / "exports"
    plain_exports = exports.is_dir() and any(p.is_file() for p in exports.rglob("*"))
    return Result(result, lambda: _draw_encrypted(result, plain_exports))


def _draw_encrypted(result, plain_exports: bool) -> None:
    # The notice and the warnings follow the line on stdout, as before.
    if result.already:
        if result.store_files or result.backup_files:
            output.echo("The store was already encrypted; finished an interrupted run: encrypted "
                        f"{result.store_files} store file(s) and {result.backup_files} backup "
                        "file(s) left plain.")
        else:
            output.echo("The store was already encrypted; nothing was left plain.")
    else:
        output.echo(f"Encrypted {result.store_files} store files and {result.backup_files} backup files.")
        output.notice("Keep the passphrase safe: without it nobody, you included, can read the "
                      "records. Set LIAISON_PASSPHRASE or you will be asked on each command.")
    for note in result.notes:
        output.warn(note)
    if plain_exports:
        output.warn("Files in the exports folder are not encrypted; delete the ones you no longer need.")


@command()
def decrypt() -> Result:
    """Write the store and its backups unencrypted again (asks for the passphrase).

    Run it again after an interrupted run: it decrypts the backups that were left encrypted.

    On a terminal the passphrase is asked without echoing it. A script sets LIAISON_PASSPHRASE
    from a file only you can read, so it never appears on a command line or in the shell
    history: export LIAISON_PASSPHRASE="$(cat ~/.liaison-passphrase)"

    Example: liaison decrypt
    """

    app_ = STATE.app()
    setup.require_folder_store(app_, "decrypt")
    passphrase = ""
    if privacy.decrypt_unfinished(app_):
        try:
            passphrase = STATE.passphrase()
        except CryptoError:
            raise CryptoError("An interrupted `liaison decrypt` left backups encrypted; set "
                              "LIAISON_PASSPHRASE or run it on a terminal to be asked, to finish "
                              "it.") from None
    result = privacy.decrypt_store(app_, passphrase)
    return Result(result, lambda: _draw_decrypted(result))


def _draw_decrypted(result) -> None:
    # The warnings follow the line on stdout, as before.
    if result.already and not (result.store_files or result.backup_files):
        output.echo("The store is already decrypted (0 store files left encrypted); nothing to do.")
    elif result.already:
        output.echo("The store was already decrypted; finished an interrupted run: decrypted "
                    f"{result.store_files} store file(s) and {result.backup_files} backup "
                    "file(s) left encrypted.")
    else:
        output.echo(f"Decrypted {result.store_files} store files and {result.backup_files} backup files.")
    for note in result.notes:
        output.warn(note)
