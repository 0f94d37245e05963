"""Options several commands share, written once."""

from __future__ import annotations

from typing import Annotated

import typer

from ..render.result import use_json

# --json chooses the renderer for the run (cli/render/result.py); the command never reads it.
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.", callback=use_json)]
JSON_TEXT = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.", callback=use_json)]
DRY_RUN = Annotated[bool, typer.Option("--dry-run", help="Show what would change; change nothing.")]
TO = Annotated[str, typer.Option("--to", help="Who the data is for (kept in the disclosure log).")]
WHY = Annotated[str, typer.Option("--why", help="Why it is shared (kept in the disclosure log).")]
