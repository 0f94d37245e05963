"""The daily loop on the JSON store: liaison's daily commands at 300 and 5,000 families, and the
big jobs at 20,000, side by side with `python -c pass` and Taskwarrior in one run.

    .venv/bin/python benchmarks/bench.py                         # 300, 5,000 and 20,000 families
    .venv/bin/python benchmarks/bench.py --sizes 300,5000 --runs 9
    .venv/bin/python benchmarks/bench.py --sizes 300 --runs 5    # a quick look

For each size it generates a caseload with `liaison init --sample --families N` in a temporary
home (about 10 contacts and 1–2 open follow-ups per family) and, when Taskwarrior (`task`,
Debian package `taskwarrior`) is installed, imports the same open follow-ups into a private
Taskwarrior data folder. Then it runs every command of that size round-robin, `--runs` rounds
after one untimed warm-up round, so each command and its reference (`python -c pass`,
`task due.before:eow list`, `task add`) see the same machine load. Each run is a whole process,
start-up included, the way a liaison runs it, with stdout to /dev/null; CPU time (user +
system) comes from wait4, peak resident memory from GNU time's %M when /usr/bin/time is there
(wait4's own figure would count this script's memory, which an exec'd child is charged for). The tables give CPU and wall medians, peak memory, and each issue
target with its ratio and hit or miss: a ratio is the median over rounds of this command's CPU
time over the reference's in the same round.

Targets (the JSON-store speed issue):

* `followups --due this-week` ≤ 5× `python -c pass` at 300; ≤ 0.6× Taskwarrior's
  `task due.before:eow list` at 5,000
* `log F7 …` ≤ 6× `python -c pass` at 300; ≤ 2× `task add` at 5,000
* `show F7` and one `letter` ≤ 80 ms at 5,000
* `today` ≤ 1.2× `followups` at 5,000
* `--help` ≤ 3× `python -c pass`
* `report` at 20,000 ≤ 150 MB peak; a mail merge of 1,000 letters ≤ 3 s and ≤ 200 MB

Output: Markdown on stdout and in `benchmarks/out/results.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIAISON = str(Path(sys.executable).with_name("liaison"))
TODAY = "2026-11-20"  # a Friday; the generated caseload is dated relative to it
CLOCK = 1000.0  # ms per second
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def spawn(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, exit status) of one whole process."""
    import time

    rss = None
    if TIME:
        fd, rss = tempfile.mkstemp(prefix="liaison-rss-")
        os.close(fd)
        argv = [TIME, "-f", "%M", "-o", rss, *argv]
    devnull = os.open(os.devnull, os.O_WRONLY)
    err_r, err_w = os.pipe()
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)]
    exe = shutil.which(argv[0], path=env.get("PATH")) or argv[0]
    start = time.perf_counter()
    pid = os.posix_spawn(exe, argv, env, file_actions=actions)
    os.close(err_w)
    err = b""
    while chunk := os.read(err_r, 65536):
        err += chunk
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(err_r)
    os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({code}): {err.decode(errors='replace')[:300]}")
    peak = usage.ru_maxrss / 1024
    if rss:
        text = Path(rss).read_text().split()
        os.unlink(rss)
        peak = int(text[-1]) / 1024 if text and text[-1].isdigit() else peak
    return wall, usage.ru_utime + usage.ru_stime, peak, code


class Row:
    """One command's runs."""

    def __init__(self, label: str, argv: list[str], env: dict[str, str], before=None):
        self.label, self.argv, self.env, self.before = label, argv, env, before
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.mb: list[float] = []

    def run(self, counted: bool = True) -> None:
        if self.before:
            self.before()
        wall, cpu, mb, _ = spawn(self.argv, self.env)
        if counted:
            self.wall.append(wall)
            self.cpu.append(cpu)
            self.mb.append(mb)

    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * CLOCK

    def wall_ms(self) -> float:
        return statistics.median(self.wall) * CLOCK


def ratio(a: Row, b: Row) -> float:
    """Median over rounds of a's CPU time over b's in the same round."""
    return statistics.median(x / y for x, y in zip(a.cpu, b.cpu, strict=True))


def task_env(data: Path) -> dict[str, str]:
    rc = data / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                  "gc=off\nrecurrence=off\n", encoding="utf-8")
    return {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}


def build_taskwarrior(env: dict[str, str], tdir: Path) -> dict[str, str] | None:
    """A Taskwarrior list holding the same open follow-ups as the liaison store."""
    if not shutil.which("task"):
        return None
    out = subprocess.run([LIAISON, "followups", "--due", "2199-12-31", "--json"], env=env,
                         capture_output=True, check=True)
    tasks = [{"description": r["action"], "due": r["due"].replace("-", "") + "T170000Z",
              "project": r["family_id"], "status": "pending", "entry": "20261101T090000Z",
              "uuid": f"00000000-0000-4000-8000-{r['id']:012d}"} for r in json.loads(out.stdout)]
    tdir.mkdir(parents=True, exist_ok=True)
    tenv = task_env(tdir)
    (tdir / "import.json").write_text(json.dumps(tasks), encoding="utf-8")
    subprocess.run(["task", "import", str(tdir / "import.json")], env=tenv, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return tenv


def make_home(n: int, work: Path) -> tuple[dict[str, str], float]:
    home = work / "home"
    env = {**os.environ, "LIAISON_HOME": str(home), "LIAISON_TODAY": TODAY, "NO_COLOR": "1",
           "COLUMNS": "120", "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    # An installed liaison runs from compiled bytecode; some shells set PYTHONDONTWRITEBYTECODE,
    # which would make every run recompile the package and measure that instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([LIAISON, "init", "--sample", "--families", str(n)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    mb = sum(p.stat().st_size for p in (home / "store").glob("*.json")) / 2**20
    return env, mb


def rows_for(n: int, env: dict[str, str], tenv: dict[str, str] | None, work: Path) -> dict[str, Row]:
    def L(*args: str) -> list[str]:
        return [LIAISON, *args]

    out = work / "letters"
    rows = {"pass": Row("`python -c pass`", [sys.executable, "-c", "pass"], dict(os.environ))}
    if n <= 5000:
        rows.update({
            "help": Row("`liaison --help`", L("--help"), env),
            "followups": Row("`followups --due this-week`", L("followups", "--due", "this-week"), env),
            "log": Row("`log F7 --kind phone --note …`",
                       L("log", "F7", "--kind", "phone", "--note", "Bench call"), env),
            "show": Row("`show F7`", L("show", "F7"), env),
            "letter": Row("`letter welcome --family F3 --lang es`",
                          L("letter", "welcome", "--family", "F3", "--lang", "es", "--out", str(out)), env),
            "today": Row("`today`", L("today"), env),
        })
        if tenv:
            rows["task list"] = Row("Taskwarrior `task due.before:eow list`",
                                    ["task", "due.before:eow", "list"], tenv)
            rows["task add"] = Row("Taskwarrior `task add …`",
                                   ["task", "add", "Call back", "due:friday", "project:F7"], tenv)
    if n >= 5000:
        merge = work / "merge"
        ids = ",".join(f"F{i}" for i in range(1, 1001))
        rows["merge"] = Row("mail merge, 1,000 letters",
                            L("letter", "welcome", "--families", ids, "--out", str(merge)), env,
                            before=lambda: shutil.rmtree(merge, ignore_errors=True))
    if n >= 20000:
        rows["report"] = Row("`report`", L("report"), env)
    return rows


def targets(n: int, r: dict[str, Row]) -> list[tuple[str, str, str, bool]]:
    """(what, target, measured, hit) for the targets at this size."""
    out = []

    def vs(key: str, ref: str, limit: float, what: str) -> None:
        if key in r and ref in r:
            x = ratio(r[key], r[ref])
            out.append((f"{r[key].label} / {what}", f"≤ {limit}×", f"{x:.2f}×", x <= limit))

    def ms(key: str, limit: float) -> None:
        if key in r:
            x = r[key].cpu_ms()
            out.append((r[key].label, f"≤ {limit:.0f} ms", f"{x:.0f} ms", x <= limit))

    def mb(key: str, limit: float) -> None:
        if key in r:
            x = max(r[key].mb)
            out.append((f"{r[key].label}, peak memory", f"≤ {limit:.0f} MB", f"{x:.0f} MB", x <= limit))

    vs("help", "pass", 3, "`python -c pass`")
    if n <= 300:
        vs("followups", "pass", 5, "`python -c pass`")
        vs("log", "pass", 6, "`python -c pass`")
    if n == 5000:
        vs("followups", "task list", 0.6, "Taskwarrior's list")
        vs("log", "task add", 2, "`task add`")
        ms("show", 80)
        ms("letter", 80)
        vs("today", "followups", 1.2, "`followups`")
    if "merge" in r:
        ms("merge", 3000)
        mb("merge", 200)
    if n >= 20000:
        mb("report", 150)
    return out


def bench(n: int, runs: int, keep: bool) -> str:
    work = Path(tempfile.mkdtemp(prefix=f"liaison-bench-{n}-"))
    env, store_mb = make_home(n, work)
    tenv = build_taskwarrior(env, work / "task")
    rows = rows_for(n, env, tenv, work)
    for row in rows.values():  # warm-up: bytecode compiled, files in the page cache
        row.run(counted=False)
    for _ in range(runs if n < 20000 else max(3, runs // 2)):
        for row in rows.values():
            row.run()
    lines = [f"### {n:,} families", "", f"Store {store_mb:.1f} MB; {len(rows['pass'].cpu)} rounds.", "",
             "| Command | CPU median ms | wall median ms | wall min | wall max | peak MB |",
             "|---|---:|---:|---:|---:|---:|"]
    for row in rows.values():
        lines.append(f"| {row.label} | {row.cpu_ms():.0f} | {row.wall_ms():.0f} | "
                     f"{min(row.wall) * CLOCK:.0f} | {max(row.wall) * CLOCK:.0f} | {max(row.mb):.0f} |")
    hits = targets(n, rows)
    if hits:
        lines += ["", "| Target | wanted | measured | |", "|---|---|---:|---|"]
        lines += [f"| {what} | {want} | {got} | {'hit' if ok else 'MISS'} |" for what, want, got, ok in hits]
    if keep:
        lines += ["", f"(kept in {work})"]
    else:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="300,5000,20000")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the generated homes")
    ap.add_argument("--out", default=str(HERE / "out" / "results.md"))
    args = ap.parse_args()
    task = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip() \
        if shutil.which("task") else "not installed"
    parts = [f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores "
             f"({platform.python_implementation()} {platform.python_version()}, load average "
             f"{os.getloadavg()[0]:.2f}); Taskwarrior {task}; {args.runs} rounds per size.", ""]
    print(parts[0], flush=True)
    for n in (int(x) for x in args.sizes.split(",")):
        parts += [bench(n, args.runs, args.keep), ""]
        print("\n" + parts[-2], flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(parts), encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
