"""District-scale benchmark: liaison's daily commands at 300, 5,000 and 20,000 families, side by
side with Taskwarrior's equivalent report and add when `task` is installed.

    .venv/bin/python benchmarks/bench.py                  # all sizes, 7 runs each
    .venv/bin/python benchmarks/bench.py --sizes 300 --runs 5

Each command runs as a whole process (start-up included), the way a liaison runs it. Pairs with
Taskwarrior run alternately in the same loop so both see the same machine load. Reports the
median, min and max wall time and the peak resident memory of the child (GNU time %M), writes
`benchmarks/out/results.md` and prints it; the README quotes that table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIAISON = str(Path(sys.executable).with_name("liaison"))
TODAY = "2026-11-20"  # a Friday; the generated caseload is dated relative to it

TARGETS = {  # (size, command label) -> median target in ms
    (300, "followups --due this-week"): 100, (300, "log F (one write)"): 120, (300, "--help"): 80,
    (5000, "log F (one write)"): 150,
}
TARGET_20K_MS, TARGET_20K_MB, TARGET_MERGE_MS = 1000, 300, 3000


TIME = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of one whole process.

    Peak memory comes from GNU time's %M (the child's own maximum); wait4's figure would include
    this script's memory copied at fork time, before the child's exec."""
    rss_file = None
    cmd = argv
    if TIME:
        fd, rss_file = tempfile.mkstemp(prefix="liaison-rss-")
        os.close(fd)
        cmd = [TIME, "-f", "%M", "-o", rss_file, *argv]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): "
                         f"{proc.stderr.decode(errors='replace').strip()[:300]}")
    rss = 0.0
    if rss_file:
        text = Path(rss_file).read_text().strip().splitlines()
        os.unlink(rss_file)
        rss = int(text[-1]) / 1024 if text and text[-1].isdigit() else 0.0
    return wall, rss, proc.returncode


class Series:
    def __init__(self, label: str):
        self.label = label
        self.walls: list[float] = []
        self.rss: list[float] = []

    def add(self, wall: float, rss: float) -> None:
        self.walls.append(wall)
        self.rss.append(rss)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.walls) * 1000


def task_env(data: Path) -> dict[str, str]:
    rc = data / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                  "gc=off\nrecurrence=off\n", encoding="utf-8")
    return {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}


def build_taskwarrior(home: Path, env: dict[str, str], tdir: Path) -> dict[str, str] | None:
    """A Taskwarrior list holding the same open follow-ups as the liaison store."""
    if not shutil.which("task"):
        return None
    out = subprocess.run([LIAISON, "followups", "--due", "2030-12-31", "--json"], env=env,
                         capture_output=True, check=True)
    rows = json.loads(out.stdout)
    tasks = [{"description": r["action"], "due": r["due"].replace("-", "") + "T170000Z",
              "project": r["family_id"], "status": "pending",
              "entry": "20261101T090000Z", "uuid": _uuid(r["id"])} for r in rows]
    tdir.mkdir(parents=True, exist_ok=True)
    tenv = task_env(tdir)
    (tdir / "import.json").write_text(json.dumps(tasks), encoding="utf-8")
    subprocess.run(["task", "import", str(tdir / "import.json")], env=tenv, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return tenv


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def bench_size(n: int, runs: int, keep: bool) -> tuple[list[Series], dict[str, float], str]:
    work = Path(tempfile.mkdtemp(prefix=f"liaison-bench-{n}-"))
    home = work / "home"
    env = {**os.environ, "LIAISON_HOME": str(home), "LIAISON_TODAY": TODAY, "NO_COLOR": "1",
           "COLUMNS": "120", "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    # An installed liaison runs from compiled bytecode; some shells set PYTHONDONTWRITEBYTECODE,
    # which would make every run recompile the package and measure that instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    subprocess.run([LIAISON, "init", "--sample", "--families", str(n)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    info = {"generate_s": time.perf_counter() - t0,
            "store_mb": sum(p.stat().st_size for p in (home / "store").glob("*.json")) / 2**20}
    tenv = build_taskwarrior(home, env, work / "task")
    merge_n = min(1000, n)
    ids = ",".join(f"F{i}" for i in range(1, merge_n + 1))
    commands: list[tuple[str, list[str], list[str] | None]] = [
        ("--help", [LIAISON, "--help"], None),
        ("followups --due this-week", [LIAISON, "followups", "--due", "this-week"],
         ["task", "due.before:eow", "list"]),
        ("followups --due this-week --json", [LIAISON, "followups", "--due", "this-week", "--json"],
         ["task", "due.before:eow", "export"]),
        ("families --tag newcomer", [LIAISON, "families", "--tag", "newcomer"], None),
        ("show F", [LIAISON, "show", "F7"], None),
        ("log F (one write)", [LIAISON, "log", "F7", "--kind", "phone", "--note", "Bench call",
                               "--follow-up", "friday", "--action", "Call back"],
         ["task", "add", "Call back", "due:friday", "project:F7"]),
        ("letter welcome --family F --lang es", [LIAISON, "letter", "welcome", "--family", "F3",
                                                  "--lang", "es"], None),
        (f"mail merge of {merge_n} letters", [LIAISON, "letter", "welcome", "--families", ids,
                                             "--out", str(work / "merge")], None),
    ]
    series: list[Series] = []
    for label, argv, task_argv in commands:
        mine = Series(label)
        theirs = Series(f"taskwarrior: {' '.join(task_argv[1:])}") if task_argv and tenv else None
        reps = runs if "merge" not in label else max(3, runs // 2)
        if "merge" not in label:
            run_once(argv, env)  # warm up: bytecode compiled, files in the page cache
        for _ in range(reps):
            if "merge" in label:
                shutil.rmtree(work / "merge", ignore_errors=True)
            mine.add(*run_once(argv, env)[:2])
            if theirs is not None:
                theirs.add(*run_once(task_argv, tenv)[:2])
        mine.pair = theirs  # type: ignore[attr-defined]
        series.append(mine)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return series, info, str(work)


def verdict(n: int, s: Series) -> str:
    if s.label.startswith("mail merge") and n >= 1000:
        return "ok" if s.median_ms <= TARGET_MERGE_MS else f"MISS (≤ {TARGET_MERGE_MS} ms)"
    if n >= 20000:
        ok = s.median_ms <= TARGET_20K_MS and max(s.rss) <= TARGET_20K_MB
        return "ok" if ok else f"MISS (≤ {TARGET_20K_MS} ms, ≤ {TARGET_20K_MB} MB)"
    target = TARGETS.get((n, s.label))
    pair = getattr(s, "pair", None)
    if n == 5000 and s.label == "followups --due this-week" and pair is not None:
        ratio = s.median_ms / pair.median_ms
        return "ok" if ratio <= 1.0 else "MISS (ratio ≤ 1.0)"
    if target is None:
        return ""
    return "ok" if s.median_ms <= target else f"MISS (≤ {target} ms)"


def table(n: int, series: list[Series], info: dict[str, float]) -> str:
    lines = [f"### {n:,} families", "",
             f"Caseload generated in {info['generate_s']:.1f} s; store {info['store_mb']:.1f} MB.", "",
             "| Command | median ms | min | max | peak MB | Taskwarrior median ms | ratio | target |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for s in series:
        pair = getattr(s, "pair", None)
        tw = f"{pair.median_ms:.0f}" if pair else ""
        ratio = f"{s.median_ms / pair.median_ms:.2f}" if pair else ""
        lines.append(f"| `{s.label}` | {s.median_ms:.0f} | {min(s.walls) * 1000:.0f} | "
                     f"{max(s.walls) * 1000:.0f} | {max(s.rss):.0f} | {tw} | {ratio} | {verdict(n, s)} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="300,5000,20000")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the generated homes")
    ap.add_argument("--out", default=str(HERE / "out" / "results.md"))
    args = ap.parse_args()
    base = [run_once([sys.executable, "-c", "pass"], dict(os.environ))[0] for _ in range(args.runs)]
    parts = [f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores; "
             f"`python -c pass` median {statistics.median(base) * 1000:.0f} ms; "
             f"{args.runs} runs per command; Taskwarrior "
             f"{'present' if shutil.which('task') else 'not installed'}.", ""]
    for n in (int(x) for x in args.sizes.split(",")):
        series, info, where = bench_size(n, args.runs, args.keep)
        parts += [table(n, series, info), ""]
        print(parts[-2], flush=True)
        if args.keep:
            print(f"(kept in {where})")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(parts), encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
