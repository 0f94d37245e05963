"""Which module holds each command, and its one-line summary for `liaison --help`.

Start-up stays lean because only the module of the command being run is imported and turned
into a click command. tests/cli/test_registry.py keeps this table equal to the commands the
modules really define (same names, same first docstring line).
"""

from __future__ import annotations

import importlib

# name: (module under liaison_cli/cli, the first line of the command's docstring)
COMMANDS: dict[str, tuple[str, str]] = {
    "today": ("followups", "The day at a glance: what is due, who is owed a call, who cannot be reached, today's events."),
    "followups": ("followups", "List open follow-ups, overdue first, and the families owed a contact."),
    "log": ("followups", "Log a call, visit, message or meeting with a family."),
    "done": ("followups", "Mark a follow-up done (a repeating one schedules its next)."),
    "snooze": ("followups", "Move a follow-up to a later day."),
    "cancel": ("followups", "Cancel a follow-up that is no longer needed."),
    "add-followup": ("followups", "Plan a follow-up without logging a contact."),
    "unreachable": ("followups", "Families you cannot reach: the list to take on a home visit or to the front office."),
    "add-family": ("families", "Add a family. On a terminal, asks for what is missing."),
    "families": ("families", "List families, with filters."),
    "show": ("families", "Show one family: guardians, students, consents and the timeline, newest first."),
    "edit": ("families", "Change a family: set or clear fields, add or remove guardians, students, tags, consents."),
    "close": ("families", "Close a family's case (it stays on record; `reopen` brings it back)."),
    "reopen": ("families", "Reopen a closed family."),
    "init": ("setup", "Create config.yaml and an empty store in the home folder."),
    "paths": ("setup", "Show where the config, store, backups and templates are."),
    "restore": ("setup", "Bring the store back to how it was before one of the last 10 changes."),
}


def _find(app, name: str):
    import typer.main as tm

    for info in app.registered_commands:
        if (info.name or tm.get_command_name(info.callback.__name__)) == name:
            return tm.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode)
    for info in app.registered_groups:
        if (info.name or getattr(info.typer_instance.info, "name", None)) == name:
            return tm.get_group_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode, suggest_commands=True)
    return None


def load_all() -> None:
    from . import MODULES

    for m in MODULES:
        try:
            importlib.import_module(f"{__package__}.{m}")
        except ModuleNotFoundError as exc:  # a capability this checkout does not have yet
            if exc.name != f"{__package__}.{m}":
                raise


def build_command(name: str):
    """The click command for `name`, importing only the module that defines it."""
    from .app import app

    entry = COMMANDS.get(name)
    if entry is not None:
        importlib.import_module(f"{__package__}.{entry[0]}")
        found = _find(app, name)
        if found is not None:
            return found
    load_all()  # not in the table: look everywhere (and the registry test will flag it)
    return _find(app, name)
