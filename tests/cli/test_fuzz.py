"""Fuzz the command line: random argument lists built from the real command and option names,
and random config.yaml files. Whatever arrives: no traceback, only documented exit codes, and
no family data on stderr.

Each example runs on a fresh copy of the sample caseload, from a scratch working folder (so a
random `--out` lands there). Path-valued options only get relative names, and `--debug` (which
shows tracebacks on purpose) is left out, as are `init --sample/--families` (generating a
100,000-family caseload is a benchmark, not a fuzz case).

Example counts come from hypothesis profiles: `ci` (the default) runs ARGV_EXAMPLES argument
lists and CONFIG_EXAMPLES config files in well under a minute; HYPOTHESIS_PROFILE=thorough runs
ten times as many.

Two more tests reach past usage errors: calls built from records that exist and values of the
right form (LIAISON_FUZZ_WELL_FORMED examples), and random damage to the store followed by random
commands (LIAISON_FUZZ_DAMAGE examples per kind of damage): until a `restore` succeeds, nothing
under the home folder may change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from liaison_cli.errors import EXIT_CODES

ARGV_EXAMPLES = int(os.environ.get("LIAISON_FUZZ_ARGV", "2000"))
CONFIG_EXAMPLES = int(os.environ.get("LIAISON_FUZZ_CONFIG", "300"))
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("thorough", parent=settings.get_profile("ci"), derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
SCALE = 10 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1

DOCUMENTED = {code for code, _, _ in EXIT_CODES} | {2}
SKIPPED_OPTIONS = {"--debug", "--sample", "--families@init"}
PATH_OPTIONS = {"--out", "-o", "--html", "--letters", "--mapping", "--home"}
PATH_ARGUMENTS = {"folder", "file"}


# --------------------------------------------------------------------------- the command tree


@dataclass
class Param:
    names: list[str]        # option spellings; empty for an argument
    name: str
    is_flag: bool
    nargs: int
    path: bool
    required: bool = False


@dataclass
class Cmd:
    path: list[str]
    params: list[Param]


def command_tree() -> list[Cmd]:
    import typer.main as tm

    from liaison_cli.cli import app
    from liaison_cli.cli.root import load_all

    load_all()
    root = tm.get_command(app)
    ctx = root.make_context("liaison", [], resilient_parsing=True)
    out: list[Cmd] = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        params = []
        for p in cmd.params:
            if p.name == "help":
                continue
            names = list(p.opts) + list(getattr(p, "secondary_opts", []))
            names = [n for n in names if n not in SKIPPED_OPTIONS and f"{n}@{path[0]}" not in SKIPPED_OPTIONS]
            if p.param_type_name == "option" and not names:
                continue
            is_path = type(p.type).__name__ == "TyperPath" or bool(set(names) & PATH_OPTIONS) \
                or (p.param_type_name == "argument" and p.name in PATH_ARGUMENTS)
            params.append(Param(names if p.param_type_name == "option" else [], p.name,
                                bool(getattr(p, "is_flag", False)), p.nargs, is_path,
                                bool(p.required)))
        out.append(Cmd(path, params))
        if subs:
            for name, sub in subs.items():
                walk(sub, path + [name])

    for name in root.list_commands(ctx):
        walk(root.get_command(ctx, name), [name])
    return out


TREE = command_tree()
ALL_OPTIONS = sorted({n for c in TREE for p in c.params for n in p.names})

# --------------------------------------------------------------------------- values

IDS = ["F1", "f2", "F0", "F3", "F40", "F999999999999", "F-1", "C3", "R1", "E1", "E99", "S1",
       "1", "12", "#3", "0", "-1", "99999999999999999999999"]
DATES = ["today", "tomorrow", "friday", "this-week", "next-week", "this-month", "overdue",
         "+3d", "+2w", "+5sd", "+0d", "-3d", "+99999999d", "+99999999999999999999sd",
         "2026-11-20", "2026-02-30", "2026-11-20..2026-12-01", "2026-12-01..2026-11-20",
         "9999-12-31", "0001-01-01", "2026-13-01", "20261120", "next-friday", "3:30pm", "25:61"]
WORDS = ["phone", "home-visit", "open", "done", "referred", "completed", "newcomer", "refugee",
         "welcome", "home-visit", "event-invite", "es", "ar", "vi", "zz", "en-US", "auto",
         "md", "html", "txt", "families", "contacts", "followups", "referrals", "events",
         "tutoring", "food", "to", "from", "reached", "no-answer", "this-term", "newcomer.yaml",
         "Lincoln", "LES", "K", "PK", "13", "name=Family", "phone=Phone 1", "x=", "=cmd|calc",
         "@SUM(1)", "../..", "a:b:c:d:e:f:g", "home-visit:2026-13-45", "\u202etxt.exe"]
SAFE_PATHS = ["out.csv", "out.json", "x.ics", "report.html", "sub/dir/out.csv", "newdir",
              ".", "..", "", "missing/folder", "ünïcödé.md", "letters", "exports", "a b.csv",
              "home", "home/store", "home/config.yaml"]
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=24)
value = st.one_of(
    st.sampled_from(IDS), st.sampled_from(DATES), st.sampled_from(WORDS), text,
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from(["", " ", "\t", "\n", "--", "-", "-x"]), st.sampled_from(ALL_OPTIONS),
)
safe_path = st.sampled_from(SAFE_PATHS)


POOLS = {
    "family": IDS + ["García", "garcia", "nguyen", "Nobody", "F1,F2"],
    "followup": IDS, "referral": IDS, "event": IDS, "backup": ["2026-11-20T10-00-00.000000", "..", "x"],
    "date": DATES, "due": DATES, "when": DATES, "follow": DATES, "from": DATES, "to": DATES,
    "arrival": DATES, "period": ["this-month", "this-term", "last-month", "this-year", "bogus"] + DATES,
    "time": ["15:30", "3:30pm", "9", "25:00", "18:00-19:30", "noon", ""],
    "kind": ["phone", "text", "email", "home-visit", "meeting", "workshop", "potluck", "open-house", "x"],
    "status": ["open", "done", "active", "closed", "all", "referred", "accepted", "in-progress",
               "completed", "declined", "no-response", "x"],
    "lang": ["es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs", "en", "auto", "es-MX", "Spanish", "zz", "x"],
    "outcome": ["reached", "no-answer", "left-message", "bounced", "wrong-number", "declined", "x"],
    "format": ["md", "txt", "html", "x"],
    "template": ["welcome", "home-visit", "event-invite", "conference-reminder", "referral-notice",
                 "tried-to-reach", "nope"],
    "what": ["families", "contacts", "followups", "referrals", "events", "letters"],
    "every": ["1w", "2w", "3d", "0d", "x"], "cadence": ["1w", "2w", "none", "x"],
    "consent": ["home-visit", "photos:2026-09-14", "sharing", "x"],
    "student": ["Ana:3", "Ana:3:Lincoln", ":3", "Ana:13"], "guardian": ["Rosa García:mother:617-555-0134", ":x", "Ana"],
    "service": ["tutoring", "food bank", "S1", "x"], "category": ["tutoring", "food", "x"],
    "name": ["welcome", "newcomer", "military-transfer", "Test family", ""],
    "map": ["name=Family", "phone=Phone 1", "x=y", "name"],
}
# `--pdf` letters take seconds each (fonts, shaping): the PDF path has tests of its own.
POOLS["format"].remove("x")
POOLS["format"].append("x")


def plausible(p: Param):
    if p.path:
        return safe_path
    key = p.name.lower().rstrip("_")
    for k, pool in POOLS.items():
        if k in key:
            return st.one_of(st.sampled_from(pool), value) if k != "format" else st.sampled_from(pool)
    return value


@st.composite
def argv(draw) -> list[str]:
    """Mostly well-formed calls (every argument given, options with values of their kind),
    sometimes chaos (any tokens in any order)."""
    cmd = draw(st.sampled_from(TREE))
    args: list[str] = []
    if draw(st.integers(0, 19)) == 0:  # a global option first
        args += draw(st.sampled_from([["--home", "home"], ["--home", "elsewhere"], ["--version"],
                                      ["-h"], ["--home", ""]]))
    args += cmd.path
    positional = [p for p in cmd.params if not p.names]
    options = [p for p in cmd.params if p.names]
    if draw(st.integers(0, 4)):
        for p in positional:
            if draw(st.integers(0, 9)):
                args.append(draw(plausible(p).filter(lambda v: not v.startswith("-"))))
        chosen = [p for p in options if p.required and draw(st.integers(0, 9))]
        chosen += draw(st.lists(st.sampled_from(options), max_size=4)) if options else []
        for p in chosen:
            if p.is_flag:
                args.append(draw(st.sampled_from(p.names)))
            else:
                args += [draw(st.sampled_from(p.names)), draw(plausible(p))]
        return args
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 9))
        if kind <= 5 and cmd.params:
            p = draw(st.sampled_from(cmd.params))
            v = draw(plausible(p))
            if not p.names:
                args.append(v)
            elif p.is_flag:
                args.append(draw(st.sampled_from(p.names)))
            else:
                args += [draw(st.sampled_from(p.names)), v]
        elif kind <= 7:
            args.append(draw(value))
        elif kind == 8:
            args.append(draw(st.sampled_from(ALL_OPTIONS)))
        else:
            args.append(draw(st.sampled_from(["--json", "--help", "--bogus", "--all", "--yes"])))
    return args


# --------------------------------------------------------------------------- running


@pytest.fixture(scope="module")
def secrets(_sample_template) -> list[str]:
    """Guardian names and phones of the sample caseload: never to appear on stderr."""
    import orjson

    doc = orjson.loads((_sample_template / "store" / "families.json").read_bytes())
    out = set()
    for fam in doc["families"].values():
        for g in fam["guardians"]:
            out |= {g["name"], g.get("phone", "")}
    return sorted(x for x in out if len(x) >= 7)


def _fingerprint(folder: Path) -> list[tuple]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for n in sorted(dirnames) + sorted(filenames):
            st = os.lstat(os.path.join(dirpath, n))
            out.append((dirpath, n, st.st_ino, st.st_mtime_ns, st.st_size, st.st_mode))
    return sorted(out)


class Sandbox:
    """The sample home in a scratch working folder, put back after any example that changed it
    (a read-only command leaves it as it was, and copying it every time would triple the run).

    The click command tree is built once: typer's CliRunner otherwise rebuilds all of it (about
    0.4 s) on every call, where the real CLI builds only the command it runs.
    """

    def __init__(self, root: Path, template: Path):
        import typer.main

        from liaison_cli.cli import app
        from liaison_cli.cli.root import load_all

        load_all()
        self.command = typer.main.get_command(app)
        self.template = template
        self.work = root / "work"
        self.home = self.work / "home"
        self.runner = CliRunner()
        self._reset()

    def _reset(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        shutil.copytree(self.template, self.home)
        self.print = _fingerprint(self.home)

    def fresh(self) -> None:
        self._reset()

    def run(self, args: list[str], config: str | None = None, env: dict | None = None,
            keep: bool = False):
        """Run one command; the home is put back afterwards unless `keep`."""
        import typer.testing

        from liaison_cli.cli import app
        from liaison_cli.cli.render import output

        if config is not None:
            (self.home / "config.yaml").write_text(config, encoding="utf-8")
        cwd = os.getcwd()
        os.chdir(self.work)
        built, typer.testing._get_command = typer.testing._get_command, lambda _app: self.command
        try:
            output._console = output._err_console = None
            return self.runner.invoke(app, args, env={"LIAISON_HOME": str(self.home), **(env or {})},
                                      catch_exceptions=True)
        finally:
            typer.testing._get_command = built
            os.chdir(cwd)
            for p in self.work.iterdir():  # whatever the command wrote next to the home
                if p != self.home:
                    shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
            if not keep and (config is not None or _fingerprint(self.home) != self.print):
                self._reset()


def check(result, args, secrets) -> None:
    where = f"liaison {' '.join(map(repr, args))}"
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{where}: {type(exc).__name__}: {exc}"
    out = result.stdout + result.stderr
    assert "Traceback" not in out, where
    assert result.exit_code in DOCUMENTED, f"{where}: exit {result.exit_code}"
    assert "Something went wrong inside liaison" not in result.stderr, f"{where}: {result.stderr}"
    leaked = [s for s in secrets if s in result.stderr]
    assert not leaked, f"{where}: family data on stderr: {leaked}"


@pytest.fixture
def sandbox(tmp_path, _sample_template):
    # A memory-backed folder where there is one: every write fsyncs several files.
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix="liaison-fuzz-", dir=shm))
        try:
            yield Sandbox(root, _sample_template)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    else:
        yield Sandbox(tmp_path, _sample_template)


@settings(max_examples=ARGV_EXAMPLES * SCALE)
@given(args=argv())
def test_random_argument_lists(sandbox, secrets, args):
    check(sandbox.run(args), args, secrets)


# --------------------------------------------------------------------------- config files

scalar = st.one_of(text, st.sampled_from(["yes", "no", "on", "0", "-1", "99999999999999999999",
                                          "2026-09-02", "2026-02-30", "monday", "sunday", "funday",
                                          "1w", "2w", "0d", "es", "zz", "~", "null", "''", "[]",
                                          "{}", "a4", "letter", "3:30", "+16175550134", "02134"]))
CONFIG_KEYS = ["liaison", "schools", "default_language", "week_start", "paper", "letterhead",
               "templates_dir", "playbooks_dir", "calendar", "cadence", "unreachable", "referrals",
               "lock_timeout", "page_size", "unknown_key"]
SUB_KEYS = ["name", "title", "phone", "email", "languages", "short", "address", "principal",
            "office_hours", "supply_lists", "terms", "closures", "start", "end", "date", "every",
            "first_term_only", "attempts", "days", "check_after_school_days", "K", "newcomer"]
yaml_value = st.recursive(
    scalar,
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.sampled_from(SUB_KEYS), children, max_size=4)),
    max_leaves=8,
)


def to_yaml(data, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(data, dict):
        if not data:
            return "{}"
        return "\n" + "\n".join(f"{pad}{k}: {to_yaml(v, indent + 1)}" for k, v in data.items())
    if isinstance(data, list):
        if not data:
            return "[]"
        return "\n" + "\n".join(f"{pad}- {to_yaml(v, indent + 1).lstrip()}" for v in data)
    return '"' + data.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"' \
        if any(c in data for c in ":#{}[],&*!|>'\"%@`\n") or not data.strip() else data


configs = st.one_of(
    st.dictionaries(st.sampled_from(CONFIG_KEYS), yaml_value, max_size=5).map(lambda d: to_yaml(d).lstrip("\n")),
    text,  # not YAML at all, or barely
    st.sampled_from(["", "---", "- a\n- b", "liaison: [", "schools:\n  - {name: }", "\t: x",
                     "lock_timeout: 99999999999999999999999", "page_size: 0", "%YAML 9.9\n---\n",
                     "a: &x [1, 2]\nb: *x", "a: &x [*x]", "week_start: !!python/object:os.system x",
                     "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                     "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
                     "liaison: {name: a}\nliaison: {name: b}"]),
)
CONFIG_COMMANDS = [["families"], ["followups", "--json"], ["show", "F1"], ["today"], ["paths"],
                   ["add-family", "--name", "New"], ["export", "ics"], ["report", "--json"],
                   ["letter", "welcome", "--lang", "es", "--format", "md"], ["audit"]]


@settings(max_examples=CONFIG_EXAMPLES * SCALE)
@given(config=configs, args=st.sampled_from(CONFIG_COMMANDS))
def test_random_config_files(sandbox, secrets, config, args):
    result = sandbox.run(args, config=config)
    check(result, args, secrets)
    assert result.exit_code in (0, 1, 2, 3, 4, 5, 8), (config, args, result.exit_code, result.stderr)



# --------------------------------------------------------------------------- past usage errors
#
# Calls built from records that exist (families, follow-ups, referrals, events, services and
# backups of the sample caseload) and values of the right form, so most of them do what they
# say: the commands' own logic is fuzzed, not only their argument parsing.

WELL_FORMED_EXAMPLES = int(os.environ.get("LIAISON_FUZZ_WELL_FORMED", "150"))
DAMAGE_EXAMPLES = int(os.environ.get("LIAISON_FUZZ_DAMAGE", "25"))

GOOD_DATES = ["today", "tomorrow", "friday", "this-week", "next-week", "this-month", "+3d", "+2w",
              "+5sd", "2026-11-20", "2026-12-01", "2026-11-20..2026-12-01"]
GOOD = {
    "date": GOOD_DATES, "due": GOOD_DATES + ["overdue"], "when": GOOD_DATES, "follow_up": GOOD_DATES,
    "from": GOOD_DATES, "arrival": ["2026-09-02", "2026-11-20"],
    "to": ["2026-12-01", "principal", "the family"], "why": ["asked", "left", "retention", "mistake", "grant report"],
    "time": ["15:30", "3:30pm", "18:00-19:30"], "times": ["monday 4pm, wednesday 5:30pm"],
    "kind": ["phone", "text", "email", "home-visit", "meeting", "conference", "other", "workshop",
             "potluck", "open-house"],
    "status": ["open", "done", "active", "closed", "referred", "accepted", "in-progress", "completed",
               "declined", "no-response"],
    "lang": ["es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "en", "auto"],
    "home_lang": ["es", "ar", "vi", "en"], "outcome": ["reached", "no-answer", "left-message"],
    "fmt": ["md", "txt", "html"], "format": ["md", "txt", "html"],
    "template": ["welcome", "home-visit", "event-invite", "conference-reminder", "referral-notice",
                 "tried-to-reach"],
    "what": ["families", "contacts", "followups", "referrals", "events"],
    "every": ["1w", "2w", "3d"], "period": ["this-month", "this-term", "this-year"],
    "direction": ["to", "from"], "tag": ["newcomer", "refugee", "military"],
    "remove_tag": ["newcomer", "refugee"], "student": ["Ana:3", "Ana:3:Lincoln Elementary"],
    "guardian": ["Rosa García:mother:617-555-0134", "Sam Lee"], "relationship": ["mother", "father"],
    "phone": ["617-555-0134"], "email": ["parent@example.org"], "school": ["Lincoln Elementary"],
    "consent_given": ["home-visit", "photos", "sharing"], "withdraw_consent": ["photos"],
    "name": ["newcomer", "welcome", "military-transfer", "Rivera", "New Family"],
    "days": ["14", "30"], "grade": ["3", "K"], "map": ["name=Family"], "delimiter": [","],
    "reason": ["moved away", "graduated"], "category": ["tutoring", "food"],
}
words = st.text(st.characters(whitelist_categories=("L", "N", "Zs", "P")), min_size=1,
                max_size=30).filter(lambda t: t.strip() and not t.startswith("-"))
LEAVES = [c for c in TREE if not any(o.path[:len(c.path)] == c.path and o is not c for o in TREE)
          and c.path[0] not in ("init",)]


@pytest.fixture(scope="module")
def real(_sample_template) -> dict[str, list[str]]:
    """Ids (and a few names) of records that exist in the sample caseload."""
    import orjson

    def rows(table: str) -> dict:
        return orjson.loads((_sample_template / "store" / f"{table}.json").read_bytes())[table]

    fams = rows("families")
    return {
        "family": [f"F{k}" for k in fams] + [v["name"] for v in list(fams.values())[:3]],
        "followup": list(rows("followups")), "referral": [f"R{k}" for k in rows("referrals")],
        "event": [f"E{k}" for k in rows("events")], "service": [f"S{k}" for k in rows("services")],
        "backup": sorted(p.name for p in (_sample_template / "backups").iterdir()),
    }


def good_value(p: Param, real: dict[str, list[str]]):
    if p.path:
        return safe_path
    key = p.name.lower()
    key = key if key in GOOD or key in real else key.rstrip("_")
    if key == "families":
        return st.lists(st.sampled_from(real["family"][:-3]), min_size=1, max_size=3).map(",".join)
    pool = real.get(key) or GOOD.get(key)
    return st.sampled_from(pool) if pool else words


@st.composite
def well_formed_argv(draw, real) -> list[str]:
    cmd = draw(st.sampled_from(LEAVES))
    args = list(cmd.path)
    for p in (p for p in cmd.params if not p.names):
        if p.nargs == -1 and p.name in ("followup", "ids_when"):
            # Bulk follow-up commands: ids, and for snooze the new day after them.
            args += draw(st.lists(st.sampled_from(real["followup"]), min_size=1, max_size=3))
            if p.name == "ids_when":
                args.append(draw(st.sampled_from(GOOD_DATES[:-1])))
        elif p.nargs == -1:
            # Several families only where every option applies to all of them (edit: tags).
            most = 3 if cmd.path[0] != "edit" else 1
            args += draw(st.lists(st.sampled_from(real["family"][:-3]), min_size=1, max_size=most))
        elif p.required or draw(st.booleans()):
            args.append(draw(good_value(p, real)))
    options = [p for p in cmd.params if p.names]
    chosen = [p for p in options if p.required]
    chosen += [p for p in options if "--yes" in p.names and draw(st.booleans())]
    chosen += draw(st.lists(st.sampled_from(options), max_size=3)) if options else []
    for p in chosen:
        if p.is_flag:
            args.append(p.names[0])
        else:
            args += [p.names[0], draw(good_value(p, real))]
    return args


def test_well_formed_calls_on_real_records(sandbox, secrets, real):
    codes: Counter = Counter()

    # Derandomized: the share of usage errors is a property of the generator, checked below, and
    # must not move from one CI run to the next.
    @settings(max_examples=WELL_FORMED_EXAMPLES * SCALE, derandomize=True)
    @given(data=st.data())
    def calls(data):
        args = data.draw(well_formed_argv(real))
        result = sandbox.run(args)
        check(result, args, secrets)
        codes[result.exit_code] += 1

    calls()
    total = sum(codes.values())
    print(f"\nwell-formed calls: {total}, exit codes {dict(sorted(codes.items()))}")
    # They reach the commands' own logic: most succeed, few stop at a usage error.
    assert codes[0] >= 0.4 * total, codes
    # Options drawn at random also combine in ways a command rightly refuses (`done --time`
    # without --log, a report range ending before it starts): up to 40% usage errors.
    assert codes[2] <= 0.4 * total, codes


# --------------------------------------------------------------------------- a damaged store
#
# Damage the store, then run random commands: no traceback, a documented exit code, and until a
# `restore` succeeds nothing under the home folder changes, byte for byte (the damaged files,
# the rest of the store, the backups, the disclosure log): a damaged store is refused, never
# written over or read as empty.

DAMAGES = ["truncate", "swap", "delete", "delete-meta", "meta-counters", "meta-audit-head",
           "journal"]
AFTER_DAMAGE = [["families", "--json"], ["show", "F3"], ["followups", "--due", "this-week"],
                ["add-family", "--name", "New Family", "--json"],
                ["log", "F3", "--kind", "phone", "--note", "Called", "--follow-up", "friday"],
                ["done", "1"], ["forget", "F5", "--yes"], ["audit", "verify"], ["report", "--json"],
                ["letter", "welcome", "--family", "F3", "--out", "f3.md"],
                ["export", "csv", "families", "--out", "f.csv"], ["restore", "--list"],
                ["init"], ["today"]]


def _home_bytes(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def damage_store(home: Path, kind: str, data) -> str:
    """Damage the store in `home` as `kind` says (details drawn from `data`); returns what was done."""
    import orjson

    root = home / "store"
    files = sorted(p for p in root.glob("*.json"))
    if kind == "truncate":
        p = data.draw(st.sampled_from(files))
        body = p.read_bytes()
        n = data.draw(st.integers(0, len(body.rstrip()) - 1))
        p.write_bytes(body[:n])
        return f"{p.name} cut to {n} bytes"
    if kind == "swap":
        a = data.draw(st.sampled_from(files))
        b = data.draw(st.sampled_from([f for f in files if f.stem.split("-")[0] != a.stem.split("-")[0]]))
        body = a.read_bytes()
        a.write_bytes(b.read_bytes())
        b.write_bytes(body)
        return f"{a.name} and {b.name} swapped"
    if kind == "delete":
        p = data.draw(st.sampled_from([f for f in files if f.name != "meta.json"]))
        p.unlink()
        return f"{p.name} deleted"
    if kind == "delete-meta":
        (root / "meta.json").unlink()
        return "meta.json deleted"
    doc = orjson.loads((root / "meta.json").read_bytes())
    meta = doc["meta"]["1"]
    if kind == "meta-counters":
        table = data.draw(st.sampled_from(sorted(meta.get("next") or {"families": 1})))
        meta.setdefault("next", {})[table] = data.draw(st.sampled_from([1, 0, -5, "x", None]))
        what = f"meta.json counter {table} set to {meta['next'][table]!r}"
    elif kind == "meta-audit-head":
        head = meta.get("audit_head") or {"seq": 0, "hash": "0" * 64}
        meta["audit_head"] = data.draw(st.sampled_from([
            {"seq": head["seq"] + 3, "hash": "ab" * 32}, {"seq": max(head["seq"] - 1, 0), "hash": head["hash"]},
            {"seq": head["seq"], "hash": "cd" * 32}, None]))
        what = f"meta.json audit head set to {meta['audit_head']!r}"
    else:
        plan = data.draw(st.sampled_from([
            {"moves": [["../config.yaml", "families.json"]], "deletes": []},
            {"moves": [], "deletes": ["families.json", "meta.json"]},
            {"moves": [], "deletes": ["../config.yaml"]},
            {"moves": [["followups.json", "families.json"]], "deletes": []},
        ]))
        (root / "journal.json").write_bytes(orjson.dumps(plan))
        return f"journal.json planted: {plan}"
    (root / "meta.json").write_bytes(orjson.dumps(doc))
    return what


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_store_is_refused_and_never_written_over(sandbox, secrets, real, damage):
    # No shrinking: the message names the damage and the command already.
    @settings(max_examples=DAMAGE_EXAMPLES * SCALE, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    @given(data=st.data())
    def damaged(data):
        sandbox.fresh()
        what = damage_store(sandbox.home, damage, data)
        before = _home_bytes(sandbox.home)
        calls = data.draw(st.lists(st.one_of(st.sampled_from(AFTER_DAMAGE), well_formed_argv(real)),
                                   min_size=1, max_size=3))
        for args in calls:
            result = sandbox.run(args, keep=True)
            check(result, args, secrets)
            if args[0] == "restore" and result.exit_code == 0:
                return  # repaired: what follows works on the restored store
            after = _home_bytes(sandbox.home)
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            assert not changed, f"{what}; liaison {' '.join(args)} (exit {result.exit_code}) changed {changed}"

    damaged()
    sandbox.fresh()
