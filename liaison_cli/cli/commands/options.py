"""Options several commands share, written once."""

from __future__ import annotations

from typing import Annotated

import typer

JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
JSON_TEXT = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
DRY_RUN = Annotated[bool, typer.Option("--dry-run", help="Show what would change; change nothing.")]
TO = Annotated[str, typer.Option("--to", help="Who the data is for (kept in the disclosure log).")]
WHY = Annotated[str, typer.Option("--why", help="Why it is shared (kept in the disclosure log).")]
