"""District scale on PostgreSQL, beside the JSON store: the daily commands at 20,000 and 50,000
families, the move-in (`liaison db import-home`) and 20 liaisons writing at once.

    .venv/bin/python benchmarks/district.py                          # 20,000 and 50,000, 5 runs
    .venv/bin/python benchmarks/district.py --sizes 20000 --runs 3
    LIAISON_BENCH_DATABASE_URL=postgresql://admin@db/postgres .venv/bin/python benchmarks/district.py

For each size: `liaison init --sample --families N` in a temporary home (timed), the commands timed
on that JSON store, then a fresh database created on the server (`--url`, default
LIAISON_BENCH_DATABASE_URL, else LIAISON_TEST_DATABASE_URL, else postgresql://127.0.0.1:5432/test;
the role must be allowed to CREATE DATABASE), `liaison db init`, the home moved in with
`liaison db import-home` (timed), and the same commands timed against the database. Each command
runs as a whole process (`python -m liaison_cli` from this checkout, start-up included) after one
untimed warm-up; the table gives the median wall time of `--runs` runs and the peak resident
memory of the child (GNU time %M, as bench.py measures it). A command that fails on PostgreSQL is
reported as "not yet on PostgreSQL" with its error, not timed.

Concurrency: `--writers` processes (20) each make `--writes` (100) `liaison log F… --kind phone`
writes to random families, all at once, each write a full run of the command's code (config,
store, service, output) inside the worker's own interpreter (so 2,000 writes do not measure
2,000 interpreter start-ups; the single `log` row above has that). Reported: writes refused with a
message (a ConflictError is allowed, never silent), writes lost (a write the command reported
done whose contact is not in the database afterwards — 0 expected) and the median and p95 latency
per write. Run on PostgreSQL only: the JSON store serialises writers on one file lock.

Output: Markdown to stdout and benchmarks/out/district.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench import TODAY, spawn  # noqa: E402 — the shared helpers, after the path is set

LIAISON = [sys.executable, "-m", "liaison_cli"]


class Series:
    """One command's timed runs on one backend: wall times (s) and peak memory (MB)."""

    def __init__(self, label: str):
        self.label = label
        self.walls: list[float] = []
        self.rss: list[float] = []
        self.load = 0.0

    def add(self, wall: float, rss: float) -> None:
        self.walls.append(wall)
        self.rss.append(rss)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.walls) * 1000


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall s, peak MB, exit status) of one whole process (bench.spawn, which stops with
    SystemExit when the command fails)."""
    wall, _cpu, peak, code = spawn(argv, env)
    return wall, peak, code
TARGET_MS, TARGET_REPORT_MS, TARGET_MB, TARGET_P95_MS = 150, 500, 100, 250


def commands(n: int, out: Path) -> list[tuple[str, list[str]]]:
    f = f"F{min(7, n)}"
    return [
        ("followups --due this-week", ["followups", "--due", "this-week"]),
        ("followups --json", ["followups", "--json"]),
        ("log F --kind phone --note x", ["log", f, "--kind", "phone", "--note", "x"]),
        ("show F", ["show", f]),
        ("letter welcome --family F --lang es", ["letter", "welcome", "--family", "F3", "--lang",
                                                  "es", "--out", str(out)]),
        ("families --search NAME", ["families", "--search", "garcia"]),
        ("today", ["today"]),
        ("report", ["report"]),
    ]


def time_commands(n: int, env: dict[str, str], runs: int, work: Path) -> list[tuple[Series, str]]:
    """(series, failure) per command; a failure's series is empty."""
    out: list[tuple[Series, str]] = []
    letters = work / "letters"
    for label, args in commands(n, letters):
        s = Series(label)
        failure = ""
        try:
            for i in range(runs + 1):
                shutil.rmtree(letters, ignore_errors=True)
                wall, rss, _ = run_once([*LIAISON, *args], env)
                if i:  # the first run warms up (bytecode, page cache, server buffers)
                    s.add(wall, rss)
        except SystemExit as exc:  # bench.run_once's report of a non-zero exit
            failure = str(exc)
        s.load = os.getloadavg()[0]  # the 1-minute load average once the command's runs are done
        out.append((s, failure))
    return out


def verdict(s: Series) -> str:
    target = TARGET_REPORT_MS if s.label == "report" else TARGET_MS
    ok = s.median_ms <= target and max(s.rss) <= TARGET_MB
    return "hit" if ok else f"miss (≤ {target} ms, ≤ {TARGET_MB} MB)"


def table(title: str, rows: list[tuple[Series, str]], backend: str) -> list[str]:
    lines = [f"#### {title}", "", "| Command | median ms | min | max | peak MB | load | target |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for s, failure in rows:
        if failure:
            why = failure.split(": ", 1)[-1].replace("|", "/").replace("\n", " ")[:140]
            gone = "not yet on PostgreSQL" if backend == "pg" else "failed"
            lines.append(f"| `{s.label}` | {gone} | | | | | ({why}) |")
            continue
        lines.append(f"| `{s.label}` | {s.median_ms:.0f} | {min(s.walls) * 1000:.0f} | "
                     f"{max(s.walls) * 1000:.0f} | {max(s.rss):.0f} | {s.load:.1f} | {verdict(s)} |")
    return lines


# --------------------------------------------------------------------------- the database


def admin_url(args) -> str:
    return (args.url or os.environ.get("LIAISON_BENCH_DATABASE_URL")
            or os.environ.get("LIAISON_TEST_DATABASE_URL") or "postgresql://127.0.0.1:5432/test")


def create_database(base: str, n: int) -> tuple[str, str]:
    import psycopg
    from psycopg import sql

    name = f"liaison_bench_{n}_{secrets.token_hex(3)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlsplit(base)._replace(path=f"/{name}").geturl(), name


def drop_database(base: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def count_marked(url: str, prefix: str) -> dict[str, int]:
    """How many contacts carry each writer's marker note (bench-concurrency: one per write)."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT doc->>'summary', count(*) FROM contacts "
                            "WHERE doc->>'summary' LIKE %s GROUP BY 1", (prefix + "%",)).fetchall()
    return dict(rows)


WORKER = r"""
import json, random, sys, time
from liaison_cli.cli import main
from liaison_cli.cli.context import STATE
from liaison_cli.cli.render import output

worker, writes, families, prefix = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(worker)
out = []
for j in range(writes):
    note = f"{prefix}{worker}-{j}"
    fam = f"F{rng.randint(1, families)}"
    STATE.home_option, STATE._app = None, None  # each write opens its app as a process would
    output._console = output._err_console = None
    start = time.perf_counter()
    code = main(["log", fam, "--kind", "phone", "--note", note])
    wall = time.perf_counter() - start
    app = STATE._app
    if app is not None and hasattr(app.store, "close"):
        app.store.close()
    out.append([note, code, wall])
print(json.dumps(out))
"""


def concurrency(env: dict[str, str], url: str, n: int, writers: int, writes: int) -> dict:
    prefix = f"bench-{secrets.token_hex(3)}-"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(w), str(writes), str(n), prefix],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
             for w in range(writers)]
    start = time.perf_counter()
    results = []
    for p in procs:
        stdout, _ = p.communicate()
        last = (stdout.decode(errors="replace").strip().splitlines() or ["[]"])[-1]
        results += json.loads(last)  # the worker's last line; the commands print above it
    total = time.perf_counter() - start
    done = [r for r in results if r[1] == 0]
    found = count_marked(url, prefix)
    lost = sum(1 for note, _c, _w in done if found.get(note, 0) != 1)
    walls = sorted(r[2] * 1000 for r in results)
    p95 = walls[max(0, int(round(0.95 * len(walls))) - 1)] if walls else 0.0
    return {"writes": writers * writes, "answered": len(results), "done": len(done),
            "refused": len(results) - len(done), "lost": lost,
            "extra": sum(max(0, c - 1) for c in found.values()),
            "median_ms": statistics.median(walls) if walls else 0.0, "p95_ms": p95,
            "total_s": total}


# --------------------------------------------------------------------------- one size


class Lines(list):
    """The report's lines, each printed as soon as it is known (a long run shows its progress)."""

    def __iadd__(self, more):
        print("\n".join(more), flush=True)
        return super().__iadd__(more)


def bench_size(n: int, args) -> list[str]:
    work = Path(tempfile.mkdtemp(prefix=f"liaison-district-{n}-"))
    home, district = work / "home", work / "district"
    base_env = {**os.environ, "LIAISON_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "120",
                "PYTHONPYCACHEPREFIX": str(work / "pycache"),
                "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    base_env.pop("LIAISON_DATABASE_URL", None)
    env_json = {**base_env, "LIAISON_HOME": str(home)}
    t0 = time.perf_counter()
    subprocess.run([*LIAISON, "init", "--sample", "--families", str(n)], env=env_json, check=True,
                   stdout=subprocess.DEVNULL)
    gen_s = time.perf_counter() - t0
    store_mb = sum(p.stat().st_size for p in (home / "store").glob("*.json")) / 2**20
    lines = Lines()
    lines += [f"### {n:,} families", "",
              f"Caseload generated in {gen_s:.1f} s; JSON store {store_mb:.1f} MB.", ""]
    json_rows = time_commands(n, env_json, args.runs, work) if not args.skip_json else []
    if json_rows:
        lines += table("JSON store (TinyDB files)", json_rows, "json") + [""]

    base = admin_url(args)
    url, dbname = create_database(base, n)
    try:
        district.mkdir()
        shutil.copy(home / "config.yaml", district / "config.yaml")  # the same liaison and settings
        env_pg = {**base_env, "LIAISON_HOME": str(district), "LIAISON_DATABASE_URL": url}
        subprocess.run([*LIAISON, "db", "init"], env=env_pg, check=True, stdout=subprocess.DEVNULL)
        t0 = time.perf_counter()
        moved = subprocess.run([*LIAISON, "db", "import-home", str(home)], env=env_pg,
                               capture_output=True, text=True)
        import_s = time.perf_counter() - t0
        if moved.returncode != 0:
            raise SystemExit(f"import-home failed ({moved.returncode}): {moved.stderr.strip()[:300]}")
        t0 = time.perf_counter()
        again = subprocess.run([*LIAISON, "db", "import-home", str(home)], env=env_pg,
                               capture_output=True, text=True, check=True)
        again_s = time.perf_counter() - t0
        summary = " ".join(ln.strip() for ln in moved.stdout.splitlines()[1:] if ln.startswith("  "))
        lines += [f"Moved in with `liaison db import-home` in {import_s:.1f} s ({summary}); "
                  f"the second run took {again_s:.1f} s and "
                  f"{'added nothing' if 'Nothing new' in again.stdout else 'ADDED RECORDS'}.", ""]
        pg_rows = time_commands(n, env_pg, args.runs, work)
        lines += table("PostgreSQL", pg_rows, "pg") + [""]
        if args.writers:
            c = concurrency(env_pg, url, n, args.writers, args.writes)
            ok = c["lost"] == 0 and c["p95_ms"] <= TARGET_P95_MS
            lines += [f"#### {args.writers} writers × {args.writes} writes (PostgreSQL)", "",
                      "| writes | done | refused with a message | lost | median ms | p95 ms | "
                      "wall s | load | target |", "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
                      f"| {c['writes']} | {c['done']} | {c['refused']} | {c['lost']} | "
                      f"{c['median_ms']:.0f} | {c['p95_ms']:.0f} | {c['total_s']:.1f} | "
                      f"{os.getloadavg()[0]:.1f} | "
                      f"{'hit' if ok else f'miss (0 lost, p95 ≤ {TARGET_P95_MS} ms)'} |", ""]
    finally:
        if not args.keep:
            drop_database(base, dbname)
            shutil.rmtree(work, ignore_errors=True)
        else:
            lines += [f"(kept: {work}, database {dbname})"]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="20000,50000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--writers", type=int, default=20)
    ap.add_argument("--writes", type=int, default=100)
    ap.add_argument("--url", default="", help="an admin URL of the server (CREATE DATABASE)")
    ap.add_argument("--skip-json", action="store_true", help="time PostgreSQL only")
    ap.add_argument("--keep", action="store_true", help="keep the homes and databases")
    ap.add_argument("--out", default=str(HERE / "out" / "district.md"))
    args = ap.parse_args()
    floor = [run_once([sys.executable, "-c", "pass"], dict(os.environ))[0] for _ in range(5)]
    parts = [f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores; "
             f"`python -c pass` median {statistics.median(floor) * 1000:.0f} ms; "
             f"load average {os.getloadavg()[0]:.1f} at the start; "
             f"{args.runs} runs per command; targets ≤ {TARGET_MS} ms (report ≤ "
             f"{TARGET_REPORT_MS} ms), peak ≤ {TARGET_MB} MB.", ""]
    print(parts[0], flush=True)
    for n in (int(x) for x in args.sizes.split(",")):
        parts += bench_size(n, args)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(parts) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
