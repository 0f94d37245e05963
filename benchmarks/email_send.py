"""Time a 500-message mass send (`letter welcome --all --send`) against a local aiosmtpd.

Builds a temporary home with N families (one guardian each, with an address, languages mixed),
starts aiosmtpd on a localhost port, runs the real command in a child process, and prints its
wall time, its peak memory (max RSS of the child) and how many messages the server received.

    python benchmarks/email_send.py [--families 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.mailservers import SMTP_PASSWORD, USER, SmtpServer, _authenticator, _Handler, free_port  # noqa: E402

TODAY = dt.date(2026, 11, 20)
LANGS = ["en", "es", "ar", "vi", "zh", "so", "ht", "pt", "fr", "prs"]


def build_home(home: Path, n: int, port: int) -> None:
    from liaison_cli.services.app import open_app
    from liaison_cli.services.setup import init_home
    from liaison_cli.storage import CONTACT_SHARDS  # noqa: F401 - the store must import

    init_home(home, TODAY)
    (home / "config.yaml").write_text(
        f"liaison:\n  name: Marta Rivera\n  email: {USER}\n  phone: 617-555-0100\n"
        "schools:\n  - name: Lincoln Elementary\n    short: LE\n    address: 1 School St\n"
        "    phone: 617-555-0111\n    principal: Dr. Okafor\n    office_hours: 8 to 3\n"
        f"email:\n  smtp_host: 127.0.0.1\n  smtp_port: {port}\n  security: none\n"
        f"  username: {USER}\n  rate: 0\n", encoding="utf-8")
    app = open_app(home, TODAY)
    stamp = app.stamp()
    with app.store.write() as s:  # one commit for the whole caseload
        for i in range(1, n + 1):
            lang = LANGS[i % len(LANGS)]
            s.families.add({
                "name": f"Family {i}", "status": "active", "tags": [], "barriers": [],
                "home_language": lang, "consents": {}, "external_ids": {},
                "guardians": [{"name": f"Parent {i}", "relationship": "mother",
                               "email": f"parent{i}@example.com", "language": lang}],
                "students": [{"name": f"Child {i}", "grade": "3", "school": "Lincoln Elementary"}],
                "created": stamp, "updated": stamp})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--families", type=int, default=500)
    args = ap.parse_args()
    from aiosmtpd.controller import Controller

    server = SmtpServer("127.0.0.1", free_port())
    ctl = Controller(_Handler(server), hostname=server.host, port=server.port,
                     authenticator=_authenticator(server), auth_require_tls=False)
    ctl.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "home"
            build_home(home, args.families, server.port)
            env = {**os.environ, "LIAISON_HOME": str(home), "LIAISON_TODAY": TODAY.isoformat(),
                   "LIAISON_SMTP_PASSWORD": SMTP_PASSWORD, "PYTHONPATH": str(ROOT)}
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "liaison_cli", "letter", "welcome",
                                   "--all", "--send"], env=env, capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    finally:
        ctl.stop()
    if proc.returncode != 0:
        print(proc.stdout + proc.stderr)
        return 1
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    print(f"families: {args.families}")
    print(f"server received: {len(server.messages)} messages")
    print(f"wall time: {wall:.2f} s ({wall / max(1, len(server.messages)) * 1000:.1f} ms a message)")
    print(f"peak memory of the child: {peak_kib / 1024:.1f} MiB")
    print(f"liaison said: {last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
