"""The root command group: the Typer application every command module registers on, its lazy
loading of commands (only the module of the command being run is imported, by name, with
importlib), and errors turned into exit codes."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer
from typer.core import TyperGroup

from .. import __version__
from . import roothelp
from .command_list import COMMANDS, MODULES
from .context import STATE
from .failures import cancelled, exit_code_for
from .render import output, pager
from .render.result import reset as reset_renderer
from .render.result import show

# name -> the Typer application holding that one command, or the sub-application of a group
# (`event`, `db`, …); filled by the command modules as they are imported (see `command`, `group`).
LAZY: dict[str, typer.Typer] = {}

COMMANDS_PACKAGE = f"{__package__}.commands"


class LiaisonGroup(TyperGroup):
    """The root command group.

    * Commands are built lazily: typer turns a function into a click command by inspecting its
      signature, about 3 ms a command; building all of them on every run cost 60 ms. Only the
      command being run is imported and built (build_command below); `--help` lists commands
      from the one-line summaries in command_list.py without importing them.
    * Every error becomes one sentence on stderr and a documented exit code. Living on the
      click group (not in a wrapper around it) means CliRunner in the tests sees exactly what a
      user sees.
    """

    def get_command(self, ctx, cmd_name):
        cmd = self.commands.get(cmd_name)
        if cmd is None:
            cmd = build_command(cmd_name)
            if cmd is not None:
                self.commands[cmd_name] = cmd
        return cmd

    def list_commands(self, ctx):
        return list(COMMANDS) + [n for n in self.commands if n not in COMMANDS]

    def format_commands(self, ctx, formatter):
        rows = [(name, summary) for name, (_module, summary) in COMMANDS.items()]
        rows += [(n, (c.help or "").strip().split("\n")[0]) for n, c in self.commands.items() if n not in COMMANDS]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        """typer suggests near command names from `self.commands`, which a lazy group has not
        filled: an unknown name is refused here, suggesting from the command table instead."""
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            from ..core.suggest import close_matches  # only for a mistyped command (difflib)

            near = close_matches(args[0], self.list_commands(ctx))
            hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            ctx.fail(f"No such command {args[0]!r}.{hint}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        try:
            show(super().invoke(ctx))  # what the command returned, by the renderer chosen
            return None
        except typer.Abort:
            # click's prompts turn Ctrl-C and Ctrl-D into Abort ("Aborted!", exit 1).
            raise typer.Exit(cancelled()) from None
        except typer.Exit:
            raise
        except BaseException as exc:
            if _is_usage_error(exc):  # click prints it with the usage line and exits 2
                raise
            if STATE.debug and not isinstance(exc, (KeyboardInterrupt, BrokenPipeError)):
                raise
            code = exit_code_for(exc)
            if code is None:
                raise
            raise typer.Exit(code) from None


app = typer.Typer(
    name="liaison",
    cls=LiaisonGroup,
    help=roothelp.HELP,
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": roothelp.MAX_CONTENT_WIDTH},
)


def version_callback(value: bool) -> None:
    if value:
        print(f"liaison {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    home: Annotated[str | None, typer.Option(
        "--home", help=roothelp.HOME_HELP, show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help=roothelp.DEBUG_HELP)] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=roothelp.NO_PAGER_HELP)] = False,
    version: Annotated[bool, typer.Option(
        "--version", "-V", callback=version_callback, is_eager=True, help=roothelp.VERSION_HELP)] = False,
) -> None:
    STATE.home_option = home
    STATE.debug = debug
    reset_renderer()  # text, until a command's --json chooses JSON
    pager.off = no_pager
    STATE.close_app()  # a fresh App per run (tests invoke many runs in one process)
    ctx.call_on_close(STATE.close_app)  # a district database's connection ends with the command
    if ctx.invoked_subcommand not in ("encrypt", "decrypt"):  # those two finish the job instead
        warning = STATE.unencrypted_warning()
        if warning:
            output.warn(warning)
    if ctx.invoked_subcommand is None:
        if output.is_terminal():
            from .render.followups import today_result  # start-up: the services behind it

            show(today_result())
        else:
            print(ctx.get_help())


# --------------------------------------------------------------------------- lazy commands


def _is_usage_error(exc: BaseException) -> bool:
    """A click error (bad option, missing argument, BadParameter): typer exports only
    BadParameter of that family, so it is told by click's documented interface, the exit code
    and `show()` every ClickException has."""
    return isinstance(exc, Exception) and isinstance(getattr(exc, "exit_code", None), int) \
        and callable(getattr(exc, "show", None))


def _command_name(function) -> str:
    return function.__name__.lower().replace("_", "-")  # typer's own rule


def command(name: str | None = None, **settings):
    """Register a root command, like `app.command` but built only when it is run: each gets a
    Typer application of its own, which `typer.main.get_command` turns into the click command."""

    def register(function):
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                             rich_markup_mode=None)
        single.command(name, **settings)(function)
        LAZY[name or _command_name(function)] = single
        return function

    return register


def group(name: str, **settings) -> typer.Typer:
    """A command group (`event add`, `db init`, …): the Typer application its commands are
    registered on, built like a command only when it is run."""
    sub = typer.Typer(name=name, add_completion=False, pretty_exceptions_enable=False,
                      rich_markup_mode=None, **settings)
    LAZY[name] = sub
    return sub


def load_all() -> None:
    """Import every command module (docs, completion of command names, the registry test)."""
    for m in MODULES:
        importlib.import_module(f"{COMMANDS_PACKAGE}.{m}")


def built_commands() -> dict:
    """name: click command, for every command (the docs and the registry test)."""
    load_all()
    return {name: _built(name) for name in LAZY}


def _built(name: str):
    found = LAZY.get(name)
    if found is None:
        return None
    cmd = typer.main.get_command(found)
    cmd.name = name
    return cmd


def build_command(name: str):
    """The click command for `name`, importing only the module that defines it."""
    entry = COMMANDS.get(name)
    if entry is not None:
        importlib.import_module(f"{COMMANDS_PACKAGE}.{entry[0]}")
        found = _built(name)
        if found is not None:
            return found
    load_all()  # not in the table: look everywhere (and the registry test will flag it)
    return _built(name)
