"""Encryption at rest moved into the storage package: liaison_cli/storage/crypto.py.

Only the command line still imports it from here (codec_for, require_backend,
unencrypted_files); once it imports them from liaison_cli.storage.crypto, delete this module.
Nothing else may use it.
"""

from __future__ import annotations

from .storage.crypto import codec_for, require_backend, unencrypted_files

__all__ = ["codec_for", "require_backend", "unencrypted_files"]
