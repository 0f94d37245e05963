"""What a command returns, and the one renderer that prints it, chosen once per run.

A command parses its options, calls its service and returns a `Result`: the data `--json`
prints and a function that draws the same thing for a person. It never looks at `--json`
itself: the option's callback (cli/commands/options.py) chooses the JSON renderer once, the root
group (cli/root.py) and the fast path (liaison_cli/__main__.py) hand the returned Result to
`show`, and the text renderer is the default. The same shape as pipx's `result.py` and
todoman's formatter chosen once in its context.

A command that only reports something done (`Cancelled follow-up 12.`) returns a Result too, so
`--json` and text never drift apart; one that prints nothing returns None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .output import print_json


class Result:
    """`data`: what `--json` prints, a JSON-able value or a function returning one (built only
    for --json, so a table never pays for it); `draw`: a function of no arguments that draws it
    for a person, or None when there is nothing to draw; `after`: what goes to stderr once
    either has been printed (`letter`'s "Recorded C12 …"), or None."""

    __slots__ = ("data", "draw", "after")

    def __init__(self, data: Any, draw: Callable[[], None] | None = None,
                 after: Callable[[], None] | None = None) -> None:
        self.data = data
        self.draw = draw
        self.after = after


def _text(result: Result) -> None:
    if result.draw is not None:
        result.draw()


def _json(result: Result) -> None:
    data = result.data
    print_json(data() if callable(data) else data)


_renderer: Callable[[Result], None] = _text


def use_json(chosen: bool = True) -> bool:
    """Choose the renderer for this run (the --json option's callback); returns `chosen`."""
    global _renderer
    _renderer = _json if chosen else _text
    return chosen


def reset() -> None:
    """Back to text, at the start of each run (tests run many in one process)."""
    use_json(False)


def json_chosen() -> bool:
    return _renderer is _json


def show(result: Result | None) -> None:
    """Print what a command returned with the renderer chosen for this run."""
    if result is not None:
        _renderer(result)
        if result.after is not None:
            result.after()
