"""Start-up: how long `liaison --help` and `liaison families --json` take, next to `python -c pass`.

    .venv/bin/python benchmarks/startup.py              # 15 runs of each command
    .venv/bin/python benchmarks/startup.py --runs 31

It makes a temporary home with `liaison init --sample`, runs each command as a whole process
(the installed `liaison` console script next to this Python), round-robin so every command sees
the same machine load, after two untimed warm-up rounds. It prints a Markdown table of the median,
min and max wall time and writes it to `benchmarks/out/startup.md`, followed by what
`families --json` imports (`-X importtime`): the ten costliest top-level imports and whether
jinja2, babel, rich, yaml or pydantic were loaded at all, and the ten modules
that cost most themselves.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
LIAISON = str(Path(sys.executable).with_name("liaison"))
HEAVY = ("jinja2", "babel", "rich", "yaml", "pydantic", "tinydb", "typer")


def run_once(argv: list[str], env: dict[str, str], before=None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process. CPU time (user + system, from wait4)
    moves much less than wall time when other work shares the machine."""
    if before:
        before()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.strip()[:300]}")
    return took, usage.ru_utime + usage.ru_stime


def import_profile(env: dict[str, str]) -> tuple[list[tuple[int, int, str]], set[str]]:
    """(self µs, cumulative µs, module) for every import of `families --json`, and the top-level
    packages that were imported."""
    proc = subprocess.run([PYTHON, "-X", "importtime", "-m", "liaison_cli", "families", "--json"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line[len("import time:"):].split("|")
        rows.append((int(self_us), int(cum_us), name.rstrip()))
    tops = {name.strip().split(".")[0] for _, _, name in rows}
    return rows, tops


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="timed runs of each command (default 15)")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "startup.md")
    ap.add_argument("--no-bytecode", dest="bytecode", action="store_false",
                    help="keep PYTHONDONTWRITEBYTECODE from the environment (sources compiled "
                    "on every run)")
    args = ap.parse_args()
    if not Path(LIAISON).exists():
        raise SystemExit(f"No `liaison` console script next to {PYTHON}; run `pip install -e .` first.")

    load_at_start = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="liaison-startup-"))
    home = tmp / "home"
    env = {**os.environ, "LIAISON_HOME": str(home), "LIAISON_TODAY": "2026-11-20", "NO_COLOR": "1"}
    env.pop("LIAISON_PASSPHRASE", None)
    # Byte-code as an installed user has it (pip compiles .pyc files): with
    # PYTHONDONTWRITEBYTECODE set, every run compiles the package's sources again (~35 ms). The
    # .pyc files go to a private folder, so the checkout is left alone.
    bytecode = "on" if args.bytecode else "off (PYTHONDONTWRITEBYTECODE kept)"
    if args.bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    try:
        subprocess.run([LIAISON, "init", "--sample"], env=env, check=True, stdout=subprocess.DEVNULL)
        from liaison_cli import config as config_mod

        cache = home / getattr(config_mod, "CACHE_NAME", ".no-config-cache")

        def drop_cache() -> None:
            cache.unlink(missing_ok=True)

        store_kb = sum(p.stat().st_size for p in (home / "store").glob("*.json")) // 1000
        commands = [  # (label in the table, argv, what to do before each run)
            ("`python -c pass`", [PYTHON, "-c", "pass"], None),
            ("`liaison --help`", [LIAISON, "--help"], None),
            ("`liaison families --json`", [LIAISON, "families", "--json"], None),
        ]
        if cache.name != ".no-config-cache":
            commands.append(("`liaison families --json`, config.yaml parsed (cache removed)",
                             [LIAISON, "families", "--json"], drop_cache))
        times: dict[str, list[float]] = {label: [] for label, _, _ in commands}
        cpu: dict[str, list[float]] = {label: [] for label, _, _ in commands}
        for round_ in range(args.runs + 2):
            for label, argv, before in commands:
                t, c = run_once(argv, env, before)
                if round_ >= 2:  # two warm-up rounds: page cache, .pyc files, the config cache
                    times[label].append(t)
                    cpu[label].append(c)
        rows, tops = import_profile(env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    base = statistics.median(times["`python -c pass`"])
    lines = [
        f"Start-up, {args.runs} runs each after 2 warm-up rounds, round-robin; wall time of the whole "
        f"process in ms (and its CPU time, user + system, which a busy machine disturbs less). "
        f"Load average at the start: {load_at_start:.1f}. Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}; .pyc files {bytecode}; home made by `liaison init --sample` "
        f"({store_kb} KB of store files).",
        "",
        "| Command | Median | Min | Max | Median over `python -c pass` | Median CPU |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, ts in times.items():
        med = statistics.median(ts)
        over = "—" if "python" in label else f"+{ms(med - base)}"
        lines.append(f"| {label} | {ms(med)} | {ms(min(ts))} | {ms(max(ts))} | {over} | "
                     f"{ms(statistics.median(cpu[label]))} |")
    lines += [
        "",
        "Imports of `liaison families --json` (`python -X importtime -m liaison_cli families --json`, "
        "config cache warm):",
        "",
        "| Heavy package | Imported |",
        "|---|---|",
    ]
    lines += [f"| {pkg} | {'**yes**' if pkg in tops else 'no'} |" for pkg in HEAVY]
    top_level = [(cum, name.strip()) for _self, cum, name in rows if not name[1:].startswith(" ")]
    lines += ["", "Ten costliest top-level imports (cumulative, ms):", "",
              "| Module | Cumulative ms |", "|---|---:|"]
    lines += [f"| `{name}` | {cum / 1000:.1f} |" for cum, name in sorted(top_level, reverse=True)[:10]]
    lines += ["", "Ten costliest modules by their own import time (ms):", "",
              "| Module | Self ms | Cumulative ms |", "|---|---:|---:|"]
    lines += [f"| `{name.strip()}` | {own / 1000:.1f} | {cum / 1000:.1f} |"
              for own, cum, name in sorted(rows, reverse=True)[:10]]
    lines += ["", f"Total import time: {sum(s for s, _, _ in rows) / 1000:.1f} ms over "
              f"{len(rows)} modules.", ""]
    text = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {args.out})", file=sys.stderr)


if __name__ == "__main__":
    main()
