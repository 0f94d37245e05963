"""`python -m liaison_cli` and the `liaison` console script.

The fast path: `followups`, `today`, `show F` and `log F …` are what a liaison runs many times a
day, so their common forms are parsed here, by hand, and run without importing typer (about
50 ms of each run). Each runs the command's own body (cli/render: followups_result,
today_result, show_result, log_result), the one the Typer command runs. Anything else —
`--help`, an option spelt another way (`--due=today`), an unknown flag, a missing value, a value
or argument starting with "-" — goes to the full Typer command line, which gives the same result
(tests/cli/test_fast_path.py runs every form both ways and compares them).
"""

import gc
import sys

from .cli import main as cli_main  # typer itself is imported only inside cli.main
from .cli import roothelp
from .cli.failures import cancelled, exit_code_for, flush_stdout, watch_pipe

# command: (arguments it takes, {option: takes a value})
FAST = {
    "followups": (0, {"--due": True, "--family": True, "--school": True, "--tag": True,
                      "--json": False, "--all": False}),
    "today": (0, {"--json": False, "--all": False}),
    "show": (1, {"--json": False}),
    "log": (1, {"--kind": True, "--note": True, "--date": True, "--time": True, "--direction": True,
                "--with": True, "--lang": True, "--interpreter": True, "--outcome": True,
                "--follow-up": True, "--action": True, "--every": True, "--school-day": False,
                "--json": False}),
}


def parse_fast(argv: list[str]) -> tuple[str | None, str, dict[str, object]] | None:
    """(home, command, options) for a form the fast path handles, else None. The command's
    arguments are in options under "args"."""
    home = None
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        if argv[i] == "--home" and i + 1 < len(argv) and not argv[i + 1].startswith("-") and home is None:
            home = argv[i + 1]
            i += 2
            continue
        return None
    if i >= len(argv) or argv[i] not in FAST:
        return None
    command, (wanted, spec), opts = argv[i], FAST[argv[i]], {}
    args: list[str] = []
    i += 1
    while i < len(argv):
        flag = argv[i]
        if not flag.startswith("-") and flag and len(args) < wanted:
            args.append(flag)
            i += 1
            continue
        if flag not in spec or flag in opts:
            return None
        if spec[flag]:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-") or not argv[i + 1]:
                return None
            opts[flag] = argv[i + 1]
            i += 2
        else:
            opts[flag] = True
            i += 1
    if len(args) != wanted:
        return None
    opts["args"] = args
    return home, command, opts


def _body(command: str, opts: dict):
    """The Result of the command's own body (see the module's note)."""
    # Here, not at the top: `liaison --help` needs none of these (start-up, benchmarks/bench.py).
    if command == "followups":
        from .cli.render.followups import followups_result

        return followups_result(opts.get("--due"), opts.get("--family"), opts.get("--school"),
                                opts.get("--tag"), bool(opts.get("--all")))
    if command == "today":
        from .cli.render.followups import today_result  # see above

        return today_result(all_=bool(opts.get("--all")))
    if command == "show":
        from .cli.render.family import show_result  # see above

        return show_result(opts["args"][0])
    from .cli.render.contacts import log_result  # see above

    value = {flag.lstrip("-").replace("-", "_"): v for flag, v in opts.items()
             if flag.startswith("--") and flag != "--json"}
    if "with" in value:
        value["with_"] = value.pop("with")
    return log_result(opts["args"][0], **value)


def run_fast(home: str | None, command: str, opts: dict[str, object]) -> int:
    # Here, not at the top: `liaison --help` needs none of these (start-up, benchmarks/bench.py).
    from .cli.context import STATE
    from .cli.render import output, pager
    from .cli.render.result import show, use_json

    STATE.home_option = home
    pager.off = False  # what the root command sets without --no-pager
    STATE.close_app()  # a fresh App per run, as the root command makes one
    try:
        warning = STATE.unencrypted_warning()
        if warning:
            output.warn(warning)
        use_json(bool(opts.get("--json")))  # what the --json option's callback does
        show(_body(command, opts))
    except BaseException as exc:
        code = exit_code_for(exc)
        if code is None:
            raise
        return code
    finally:
        STATE.close_app()  # as the Typer group does when its command ends
    return 0


def main() -> None:
    # A run is short and its data makes few cycles: the collector's passes over every new dict
    # of a parsed store cost a listing at 5,000 families about a fifth of its time at Python's
    # default (a pass each 700 new objects). Each 50,000 instead; cycles still go.
    gc.set_threshold(50_000, 20, 20)
    watch_pipe()
    try:
        if roothelp.wanted(sys.argv[1:]):  # the same page typer prints, without typer
            sys.stdout.write(roothelp.page())
            sys.exit(flush_stdout(0))
        fast = parse_fast(sys.argv[1:])
        if fast is not None:
            code = run_fast(*fast)
        else:
            code = cli_main()
        code = flush_stdout(code)
    except KeyboardInterrupt:  # between the commands' own handlers: while starting up, say
        code = cancelled()
    sys.exit(code)


if __name__ == "__main__":
    main()
