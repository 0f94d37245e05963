"""A OneRoster export's files: a folder, or a zip read in memory — nothing is extracted, so no
member can write anywhere; members with unsafe paths, encryption, too many files or too many
bytes are refused — and its `manifest.csv` (propertyName,value), which says the version and,
per file, `bulk`, `delta` or `absent`. Without a manifest the folder is read as a bulk export."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ...errors import UsageError
from .reading import Problem, parse_csv, require_columns

VERSIONS = ("1.0", "1.1", "1.2")
MODES = ("bulk", "delta", "absent")
ZIP_MAX_MEMBERS = 200
ZIP_MAX_FILE = 256 * 1024 * 1024   # a 50,000-family users.csv is about 50 MB
ZIP_MAX_TOTAL = 512 * 1024 * 1024


# --------------------------------------------------------------------------- the export's files


def zip_files(path: Path) -> dict[str, bytes]:
    """The CSV members of a zip, by file name, read in memory with every limit checked."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UsageError(f"{path} is not a readable zip file; give the zip your student "
                         "information system exported, or the folder it unpacks to.") from None
    out: dict[str, bytes] = {}
    total = 0
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > ZIP_MAX_MEMBERS:
            raise UsageError(f"{path} holds {len(infos)} files, more than a OneRoster export's "
                             f"{ZIP_MAX_MEMBERS}; check it is the right zip.")
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or ":" in name:
                raise UsageError(f"{path} holds a file with an unsafe path ({info.filename!r}); "
                                 "nothing was imported — ask for a fresh export.")
            base = parts[-1] if parts else ""
            if "__MACOSX" in parts or base.startswith(".") or not base.lower().endswith(".csv"):
                continue
            if info.flag_bits & 0x1:
                raise UsageError(f"{path} is encrypted; unpack it with its password and import the folder.")
            if base in out:
                raise UsageError(f"{path} holds two files named {base}; give the folder of one export.")
            if info.file_size > ZIP_MAX_FILE or total + info.file_size > ZIP_MAX_TOTAL:
                raise UsageError(f"{path} unpacks to more than {ZIP_MAX_TOTAL // 2**20} MB; "
                                 "that is not a roster export — check the file.")
            with zf.open(info) as fh:  # the size in the header can lie: count what comes out
                data = fh.read(ZIP_MAX_FILE + 1)
            if len(data) > ZIP_MAX_FILE or total + len(data) > ZIP_MAX_TOTAL:
                raise UsageError(f"{path} unpacks to more than {ZIP_MAX_TOTAL // 2**20} MB; "
                                 "that is not a roster export — check the file.")
            total += len(data)
            out[base] = data
    return out


def export_source(path: Path) -> tuple[Callable[[str], bytes | None], str]:
    """A function giving a file's bytes by name (None when absent), and what to call the export."""
    if path.is_dir():
        def from_folder(name: str) -> bytes | None:
            f = path / name
            if not f.is_file():
                return None
            try:
                return f.read_bytes()
            except OSError as exc:
                raise UsageError(f"{f} cannot be read ({exc.strerror}).") from None
        return from_folder, str(path)
    if path.is_file() and zipfile.is_zipfile(path):
        files = zip_files(path)
        return files.get, str(path)
    if path.exists():
        raise UsageError(f"{path} is neither a folder nor a zip; give the OneRoster export "
                         "(the zip, or the folder holding users.csv).")
    raise UsageError(f"{path} does not exist; give the OneRoster export (a zip or a folder "
                     "holding users.csv).")


@dataclass
class Manifest:
    version: str = ""
    modes: dict[str, str] = field(default_factory=dict)  # "users" → bulk | delta | absent

    def mode(self, name: str) -> str:
        return self.modes.get(name, "bulk" if not self.modes else "absent")


def read_manifest(raw: bytes | None, problems: list[Problem]) -> Manifest:
    if raw is None:
        return Manifest()
    table = parse_csv("manifest.csv", raw, problems)
    if table is None or not require_columns(table, ("propertyName", "value"), problems):
        return Manifest()
    man = Manifest()
    for line, row in table.rows:
        prop, value = row["propertyName"], row["value"].strip()
        if prop == "oneroster.version":
            if value not in VERSIONS:
                problems.append(Problem(table.name, line, f"oneroster.version {value!r} is not one "
                                        f"this import reads ({', '.join(VERSIONS)})"))
            man.version = value
        elif prop.startswith("file."):
            if value.lower() not in MODES:
                problems.append(Problem(table.name, line, f"{prop} is {value!r}; it must be bulk, "
                                        "delta or absent"))
                continue
            man.modes[prop[5:]] = value.lower()
    if not man.modes:
        problems.append(Problem(table.name, 1, "lists no file.* lines, so it says nothing about "
                                "users.csv"))
    return man
