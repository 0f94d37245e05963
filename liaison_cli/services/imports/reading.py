"""Reading an import's CSV: every row with the line it starts on, and every problem (a file that
is not UTF-8 text, a row with too many cells, a missing column, a malformed email or phone)
collected with its file and line, so one run reports them all and imports nothing."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ...errors import UsageError

MAX_SHOWN = 40


# --------------------------------------------------------------------------- problems


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file} line {self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class ImportProblems(UsageError):
    """Malformed input: every problem with its file and line; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:MAX_SHOWN])
        more = f"\n  … and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
        n = len(problems)
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} in the import; nothing was imported — fix "
            f"{'them' if n != 1 else 'it'} and run the command again:\n{shown}{more}"
        )


# --------------------------------------------------------------------------- reading CSV


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_csv(path: Path, problems: list[Problem], *, delimiter: str | None = None) -> Table | None:
    """Every row of a CSV file with the line it starts on; problems are collected, not raised."""
    name = path.name
    if path.is_dir():
        problems.append(Problem(name, 0, f"is a folder ({path}); give a CSV file"))
        return None
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, 0, f"there is no such file ({path})"))
        return None
    except OSError as exc:
        problems.append(Problem(name, 0, f"cannot be read ({exc.strerror})"))
        return None
    return parse_csv(name, raw, problems, delimiter=delimiter)


def parse_csv(name: str, raw: bytes, problems: list[Problem], *,
              delimiter: str | None = None) -> Table | None:
    """The rows of CSV bytes (a file, or a member of a zip), problems collected under `name`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "is not UTF-8 text; save it as \"CSV UTF-8\" and run again"))
        return None
    if "\x00" in text:
        problems.append(Problem(name, text[:text.index("\x00")].count("\n") + 1,
                                "holds a NUL character; it is not a CSV text file"))
        return None
    if delimiter is None:
        first = text.split("\n", 1)[0]
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    start = 1
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if header is None:
                header = [h.strip() for h in record]
                dupes = [h for h, n in Counter(header).items() if n > 1 and h]
                if dupes:
                    problems.append(Problem(name, line, f"the column {dupes[0]!r} appears twice"))
                continue
            if not any(c.strip() for c in record):
                continue  # blank line
            if len(record) != len(header):
                problems.append(Problem(name, line, f"has {len(record)} cells where the header has "
                                        f"{len(header)}"))
                continue
            rows.append((line, {h: c.strip() for h, c in zip(header, record, strict=True)}))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, f"is not valid CSV ({exc})"))
        return None
    if header is None:
        problems.append(Problem(name, 1, "is empty; it needs a header line"))
        return None
    return Table(name, header, rows)


def require_columns(table: Table, needed: tuple[str, ...], problems: list[Problem]) -> bool:
    missing = [c for c in needed if c not in table.header]
    if missing:
        problems.append(Problem(table.name, 1, f"has no {', '.join(missing)} column"
                                f"{'s' if len(missing) > 1 else ''} (OneRoster 1.1 names them so)"))
        return False
    return True


def check_email(text: str) -> bool:
    return not text or bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text))


def check_phone(text: str) -> bool:
    return not text or (sum(c.isdigit() for c in text) >= 3 and
                        bool(re.fullmatch(r"[0-9+()./\- xXet]+", text)))
