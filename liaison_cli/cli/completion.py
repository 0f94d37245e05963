"""Shell completion callbacks (typer `autocompletion=`): family ids with their names, template
names and languages, read from the store through services/completion.py.

They run inside the shell's Tab press, before the root callback, so they take `--home` from the
command line themselves; any failure (no store yet, a locked or damaged one) completes nothing
rather than printing into the user's prompt.
"""

from __future__ import annotations

import typer

from ..errors import LiaisonError
from ..services.completion import family_choices, language_choices, template_choices
from .context import STATE


def _app(ctx: typer.Context):
    home = ctx.find_root().params.get("home")
    if home:
        STATE.home_option = home
    return STATE.app()


def _safely(fn):
    try:
        return fn()
    except (LiaisonError, OSError, ValueError):
        return []


def complete_family(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _safely(lambda: family_choices(_app(ctx), incomplete))


def complete_template(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _safely(lambda: template_choices(_app(ctx), incomplete))


def complete_language(incomplete: str) -> list[tuple[str, str]]:
    return language_choices(incomplete)


def complete_letter_language(incomplete: str) -> list[tuple[str, str]]:
    return language_choices(incomplete, auto=True)
