"""What a failed store write says (disk_error). The writes themselves go through the one
atomic private writer, config/files.py (write_temp, atomic_write, fsync_dir): every file the
store writes goes to a new private temporary file in the same folder (mode
0600 whatever the umask), is flushed and fsynced, and is moved over the old one with
`os.replace`; the folder is fsynced after. A kill or a full disk leaves the old file or the new
one, never a cut-off file.

On Windows the folder is not fsynced (config/files.py says why): a change just committed may
then be lost to a power cut, though every file is still one whole version (each was fsynced
before its rename).
"""

from __future__ import annotations

import errno

from ..errors import StoreError


def disk_error(exc: OSError, what: str) -> StoreError:
    """One sentence for a write that failed and changed nothing (`what`: "your change")."""
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "the folder is not writable"
    else:
        reason = exc.strerror or "an I/O error"
    return StoreError(f"Could not save {what}: {reason}; nothing was changed — free space or fix "
                      "the folder and run the command again.")
