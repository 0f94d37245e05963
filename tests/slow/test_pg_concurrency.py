"""Many liaisons writing to one district database at once (issue 11, item 7).

20 OS processes write contacts, follow-ups, family edits, new families and letters at the same
moment while a reader process keeps reading; then nothing acknowledged is missing or doubled, ids
are unique, no reader ever saw half a change, and the disclosure log's chain verifies. An edit
based on a stale read is refused (ConflictError, exit 4) and the other liaison's change is kept.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import textwrap
import threading
import time
from pathlib import Path

import pytest

from liaison_cli.core.models import summarize_contacts
from liaison_cli.errors import ConflictError
from tests.conftest import TODAY, pg_connect
from tests.slow.conftest import PYTHON

pytestmark = pytest.mark.slow

WRITERS = 20
WRITES_EACH = 15
SHARED = 4  # families every writer tags: the lost-update check

# One liaison's process: waits for "go" on stdin so all start together, then makes COUNT writes
# through the services, printing one line per write once its session committed:
#   ack KIND MS fields…          (the write is in the database)
#   refused KIND MS fields… | message
# Run as: python -c WRITER TAG COUNT OWN_FAMILY SHARED_FAMILIES LETTER_FOLDER
WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from liaison_cli.errors import LiaisonError
    from liaison_cli.core.models import Guardian
    from liaison_cli.services.app import open_app
    from liaison_cli.services.contacts import log_contact
    from liaison_cli.services.families import FamilyEdit, add_family, edit_family, tag_families
    from liaison_cli.services.letters import LetterOptions, render_letter
    import datetime as dt

    tag, count, own, shared, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3], \\
        sys.argv[4].split(","), Path(sys.argv[5])
    app = open_app(Path(os.environ["LIAISON_HOME"]), dt.date.fromisoformat(os.environ["LIAISON_TODAY"]),
                   database_url=os.environ["LIAISON_DATABASE_URL"])
    app.store.require()
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(1, count + 1):
        name = f"W{tag}-{i}"
        op = i % 6
        started = time.perf_counter()
        try:
            if op == 1:
                f = add_family(app, name=name, guardians=[Guardian("Parent " + name, phone="617-555-0100")])
                what = f"family {f.id} {name}"
            elif op == 2:
                r = log_contact(app, shared[i % len(shared)], kind="phone", note=name + " +fu",
                                follow_up="monday", action="Call " + name)
                what = f"contact {r.contact.id} {r.contact.family_id} {name}+fu {r.followup.id}"
            elif op in (3, 5):
                r = log_contact(app, own, kind="home-visit" if op == 5 else "phone", note=name)
                what = f"contact {r.contact.id} {r.contact.family_id} {name}"
            elif op == 4:
                fid = shared[(i + int(tag)) % len(shared)]
                tag_families(app, [fid], add=[f"w{tag}-{i}"], remove=[])
                what = f"tag {fid} w{tag}-{i}"
            elif i == 6:
                lt = render_letter(app, LetterOptions(template="welcome", lang="en"), own,
                                   out=folder / f"{tag}.md")
                what = f"letter {lt.contact_id} {own}"
            else:
                edit_family(app, own, FamilyEdit(notes=f"notes {name}"))
                what = f"notes {own} {name}"
        except LiaisonError as exc:
            ms = (time.perf_counter() - started) * 1000
            print(f"refused {op} {ms:.1f} {name} | {type(exc).__name__}: {exc}", flush=True)
            continue
        ms = (time.perf_counter() - started) * 1000
        print(f"ack {what.split()[0]} {ms:.1f} {' '.join(what.split()[1:])}", flush=True)
""")

# Reads in a loop until STOP exists: in every snapshot, a contact logged with a follow-up
# ("+fu") has it, and a follow-up made by a contact has its contact. Prints one line at the end:
#   snapshots N contacts-seen K1,K2,… bad M [first problem]
READER = textwrap.dedent("""
    import os, sys, datetime as dt
    from pathlib import Path
    from liaison_cli.services.app import open_app

    stop = Path(sys.argv[1])
    app = open_app(Path(os.environ["LIAISON_HOME"]), dt.date.fromisoformat(os.environ["LIAISON_TODAY"]),
                   database_url=os.environ["LIAISON_DATABASE_URL"])
    app.store.require()
    print("ready", flush=True)
    snapshots, bad, first, seen = 0, 0, "", set()
    while not stop.exists():
        with app.store.read() as s:
            contacts, followups = s.contacts.rows(), s.followups.rows()
            families = s.families.index()
        snapshots += 1
        seen.add(len(contacts))
        problems = []
        for n, c in contacts.items():
            if c.get("summary", "").endswith("+fu"):
                fu = followups.get(str(c.get("followup_id")))
                if fu is None or fu.get("source") != f"contact C{n}":
                    problems.append(f"C{n} without its follow-up")
            if c.get("family_id", "")[1:] not in families:
                problems.append(f"C{n} of a family not there")
        for n, f in followups.items():
            src = f.get("source", "")
            if src.startswith("contact C") and contacts.get(src[9:], {}).get("followup_id") != int(n):
                problems.append(f"follow-up {n} without its contact")
        if problems:
            bad += 1
            first = first or problems[0]
    print(f"snapshots {snapshots} contacts-seen {len(seen)} bad {bad} {first}", flush=True)
""")


# --------------------------------------------------------------------------- setting up


def _child_env(home: Path, url: str) -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "LIAISON_HOME": str(home), "LIAISON_TODAY": TODAY.isoformat(),
           "LIAISON_DATABASE_URL": url,
           "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("LIAISON_PASSPHRASE", None)
    return env


@pytest.fixture
def district(run, pg_url, home, monkeypatch):
    """A district database with the schema (`liaison db init`), a home whose liaison has a name
    (letters sign with it), and the App on it."""
    from liaison_cli.services.app import open_app

    monkeypatch.setenv("LIAISON_DATABASE_URL", pg_url)
    assert run("db init").exit_code == 0
    assert run("init").exit_code == 0
    cfg = home / "config.yaml"
    text = cfg.read_text(encoding="utf-8")
    assert '  name: ""' in text
    cfg.write_text(text.replace('  name: ""', "  name: Ms Okafor", 1), encoding="utf-8")
    return open_app(home, TODAY, database_url=pg_url)


def _families(app, names: list[str]) -> list[str]:
    from liaison_cli.core.models import Guardian
    from liaison_cli.services.families import add_family

    return [add_family(app, name=n, guardians=[Guardian(f"Parent {n}", "mother", "617-555-0101",
                                                         language="en")]).id
            for n in names]


def _wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    assert line.strip() == "ready", (line, proc.stderr.read() if proc.poll() is not None else "")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


# --------------------------------------------------------------------------- 20 writers at once


def test_20_liaisons_writing_at_once_lose_nothing_and_nobody_sees_half_a_change(
        district, home, pg_url, tmp_path, run):
    shared = _families(district, [f"Shared {k}" for k in range(SHARED)])
    own = _families(district, [f"Own {w}" for w in range(WRITERS)])
    letters = tmp_path / "letters"
    letters.mkdir()
    env = _child_env(home, pg_url)
    stop = tmp_path / "stop"

    reader = subprocess.Popen([PYTHON, "-c", READER, str(stop)], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    writers = [subprocess.Popen([PYTHON, "-c", WRITER, str(w), str(WRITES_EACH), own[w],
                                 ",".join(shared), str(letters)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, text=True)
               for w in range(WRITERS)]
    try:
        for p in [reader, *writers]:
            _wait_ready(p)
        started = time.monotonic()
        for p in writers:
            p.stdin.write("go\n")
            p.stdin.flush()
        outputs = [p.communicate(timeout=300) for p in writers]
        wall = time.monotonic() - started
    finally:
        stop.touch()
        for p in writers:
            if p.poll() is None:
                p.kill()
    reader_out, reader_err = reader.communicate(timeout=60)
    for p, (_out, err) in zip(writers, outputs, strict=True):
        assert p.returncode == 0, err
    assert reader.returncode == 0, reader_err

    lines = [line for out, _ in outputs for line in out.splitlines()]
    acks = [line.split() for line in lines if line.startswith("ack ")]
    refused = [line for line in lines if line.startswith("refused ")]
    assert len(acks) + len(refused) == WRITERS * WRITES_EACH
    # Only a stale edit of a shared family may be refused, with the ConflictError's sentence.
    for line in refused:
        assert line.split()[1] == "4", line
        assert "ConflictError: The family F" in line and "changed by someone else" in line, line

    # The reader kept reading while the others wrote, and never saw half a change.
    words = reader_out.split()
    assert words[:2] == ["snapshots", words[1]] and words[4:6] == ["bad", "0"], reader_out
    assert int(words[1]) >= 5 and int(words[3]) >= 3, reader_out  # it did see the data grow

    with district.store.read() as s:
        families = s.families.rows()
        contacts = s.contacts.rows()
        followups = s.followups.rows()
        log_size = len(s.disclosures.entries())
        summary = s.contacts.summary()

    # Ids unique: no two acknowledgements name the same record …
    by_kind: dict[str, list[list[str]]] = {}
    for a in acks:
        by_kind.setdefault(a[1], []).append(a[3:])
    fam_ids = [f[0] for f in by_kind["family"]]
    con_ids = [c[0] for c in by_kind["contact"]] + [c[0] for c in by_kind["letter"]]
    fu_ids = [c[3] for c in by_kind["contact"] if len(c) > 3]
    assert len(set(fam_ids)) == len(fam_ids) and len(set(con_ids)) == len(con_ids)
    assert len(set(fu_ids)) == len(fu_ids) > 0

    # … every acknowledged write is there exactly once, as its writer wrote it …
    names = [rec["name"] for rec in families.values()]
    for fid, name in by_kind["family"]:
        assert families[fid[1:]]["name"] == name and names.count(name) == 1
    summaries = [c.get("summary") for c in contacts.values()]
    for c in by_kind["contact"]:
        cid, fid, note = c[0], c[1], c[2]
        rec = contacts[cid[1:]]
        assert (rec["family_id"], rec["summary"]) == (fid, note.replace("+fu", " +fu"))
        assert summaries.count(rec["summary"]) == 1
        if len(c) > 3:
            fu = followups[c[3]]
            assert (fu["family_id"], fu["action"], fu["status"]) == (fid, "Call " + note[:-3], "open")
            assert rec["followup_id"] == int(c[3])
    # … and nothing else was written: refused writes left nothing behind.
    written = {s for s in summaries if s and s.startswith("W")}
    assert len(written) == len(by_kind["contact"])
    assert len([n for n in names if n.startswith("W")]) == len(by_kind["family"])
    assert len([f for f in followups.values() if f["action"].startswith("Call W")]) == len(fu_ids)

    # No lost update: each shared family carries exactly the tags whose edits were acknowledged.
    for fid in shared:
        acked = {t for f, t in by_kind["tag"] if f == fid}
        assert {t for t in families[fid[1:]]["tags"] if t.startswith("w")} == acked
    # A writer's own family keeps its last acknowledged notes.
    for w, fid in enumerate(own):
        last = [n for f, n in by_kind["notes"] if f == fid and n.startswith(f"W{w}-")]
        if last:
            assert families[fid[1:]]["notes"] == f"notes {last[-1]}"

    # The contact summary the database keeps (0004) agrees with the log: concurrent writers to
    # one family never left it stale.
    assert summary == summarize_contacts(contacts.items())

    # The letters: each recorded once, its entry chained after the others'.
    assert len(by_kind["letter"]) == WRITERS and log_size == WRITERS
    assert {contacts[c[0][1:]]["kind"] for c in by_kind["letter"]} == {"letter"}
    assert len(list(letters.glob("*.md"))) == WRITERS
    r = run("audit verify")
    assert r.exit_code == 0, r.output
    assert f"intact: {WRITERS} entries" in r.stdout

    ms = [float(a[2]) for a in acks]
    per_kind = {k: f"{statistics.median(float(a[2]) for a in acks if a[1] == k):.0f}/"
                   f"{_p95([float(a[2]) for a in acks if a[1] == k]):.0f}" for k in sorted(by_kind)}
    print("\nmedian/p95 ms per kind:", per_kind)
    print(f"\npg concurrency: {WRITERS} processes x {WRITES_EACH} writes, {len(acks)} acknowledged, "
          f"{len(refused)} refused as stale, 0 lost; per write median {statistics.median(ms):.0f} ms, "
          f"p95 {_p95(ms):.0f} ms, max {max(ms):.0f} ms; {wall:.1f} s; reader: {reader_out.strip()}")


# --------------------------------------------------------------------------- stale reads refused

STALE = ("The {what} {id} was changed by someone else after this command read it; nothing was "
         "changed — run the command again to work on the current version.")


@pytest.fixture
def colleague(district, home, pg_url):
    """A second liaison: her own App, her own connection to the same database."""
    from liaison_cli.services.app import open_app

    other = open_app(home, TODAY, database_url=pg_url)
    yield other
    other.store.close()


def test_an_edit_based_on_a_stale_read_is_refused_and_the_other_edit_kept(district, colleague):
    from liaison_cli.services.families import FamilyEdit, apply_edit, edit_family, update_family

    [fid] = _families(district, ["Reyes"])

    def mine(family):  # between her read and her write, a colleague saves an edit of F1
        edit_family(colleague, fid, FamilyEdit(notes="the colleague's notes"))
        return apply_edit(family, FamilyEdit(notes="my notes"))

    with pytest.raises(ConflictError) as exc:
        update_family(district, fid, mine)
    assert exc.value.message == STALE.format(what="family", id=fid)
    assert exc.value.exit_code == 4
    with district.store.read() as s:
        assert s.families.get(fid[1:])["notes"] == "the colleague's notes"
    # Run again, on the current version, it goes through.
    edit_family(district, fid, FamilyEdit(notes="my notes"))
    with district.store.read() as s:
        assert s.families.get(fid[1:])["notes"] == "my notes"


def _race(monkeypatch, module, reader: str, first, second) -> tuple[list, list]:
    """Run `first` and `second` in two threads, each stopped right after `module.reader` (the
    service's read inside its write session) until both have read: both act on the same
    version, so one must be refused. Returns (results, errors)."""
    barrier = threading.Barrier(2, timeout=30)
    real = getattr(module, reader)

    def read_then_wait(*args, **kwargs):
        out = real(*args, **kwargs)
        barrier.wait()
        return out

    monkeypatch.setattr(module, reader, read_then_wait)
    results: list = []
    errors: list = []

    def call(fn):
        try:
            results.append(fn())
        except Exception as exc:  # collected and checked by the test
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(fn,)) for fn in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


@pytest.mark.parametrize("pair", [("done", "done"), ("done", "cancel"), ("snooze", "done"),
                                  ("cancel", "snooze")])
def test_two_liaisons_closing_one_follow_up_one_wins_the_other_is_told(
        district, colleague, monkeypatch, pair):
    from liaison_cli.services import followups as fu_svc
    from liaison_cli.services.contacts import log_contact

    [fid] = _families(district, ["Haddad"])
    n = log_contact(district, fid, kind="phone", note="called", follow_up="monday",
                    action="call back").followup.id
    acts = {"done": lambda app: fu_svc.mark_done(app, [str(n)], note="sorted"),
            "cancel": lambda app: fu_svc.cancel(app, [str(n)], "moved away"),
            "snooze": lambda app: fu_svc.snooze(app, [str(n)], "2026-12-01")}
    results, errors = _race(monkeypatch, fu_svc, "_open_followups",
                            lambda: acts[pair[0]](district), lambda: acts[pair[1]](colleague))
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert isinstance(errors[0], ConflictError)
    assert errors[0].message == STALE.format(what="follow-up", id=n)
    with district.store.read() as s:
        fu = s.followups.get(n)
    won = results[0]
    won_fu = won[0].followup if isinstance(won, list) and hasattr(won[0], "followup") else (
        won[0] if isinstance(won, list) else won.followups[0])
    assert (fu["status"], fu["due"], fu.get("note", "")) == (won_fu.status, won_fu.due, won_fu.note)


def test_two_liaisons_updating_one_referral_or_event_one_is_told(district, colleague, monkeypatch):
    from liaison_cli.services import events as ev_svc
    from liaison_cli.services import referrals as ref_svc

    fids = _families(district, ["Osei", "Tran", "Kaya"])
    svc = ref_svc.add_service(district, name="Homework Club", category="tutoring")
    rid = ref_svc.refer(district, fids[0], svc.id, consent_given=True).referral.id
    results, errors = _race(
        monkeypatch, ref_svc, "get_referral",
        lambda: ref_svc.update_referral(district, rid, note="called the club"),
        lambda: ref_svc.update_referral(colleague, rid, status="accepted", note="they took him"))
    assert len(results) == 1 and [e.message for e in errors] == [STALE.format(what="referral", id=rid)]
    with district.store.read() as s:
        history = s.referrals.get(rid[1:])["history"]
    assert history[-1]["note"] == results[0].referral.history[-1]["note"]
    assert len([h for h in history if h["note"] in ("called the club", "they took him")]) == 1

    ev = ev_svc.add_event(district, title="Family night", kind="family-night", when="2026-11-18")
    results, errors = _race(
        monkeypatch, ev_svc, "get_event",
        lambda: ev_svc.attend(district, ev.id, [fids[1]]),
        lambda: ev_svc.attend(colleague, ev.id, [fids[2]]))
    assert len(results) == 1 and [e.message for e in errors] == [STALE.format(what="event", id=ev.id)]
    with district.store.read() as s:
        attended = s.events.get(ev.id[1:])["attended"]
    assert attended == results[0].added  # the refused one left no attendance (and no contact)
    with district.store.read() as s:
        came = [c for c in s.contacts.rows().values() if c["kind"] == "event"]
    assert [c["family_id"] for c in came] == attended


@pytest.mark.parametrize("kind", ["families", "contacts", "followups", "referrals", "events",
                                  "services", "outbox"])
def test_every_kind_refuses_an_update_from_a_stale_read(district, colleague, kind):
    """The storage rule under every update path: a session that read a record, which another
    session then changed and committed, cannot write its own change over it."""
    from liaison_cli.services.contacts import log_contact
    from liaison_cli.services.events import add_event
    from liaison_cli.services.referrals import add_service, refer

    [fid] = _families(district, ["Mensah"])
    log_contact(district, fid, kind="phone", note="called", follow_up="monday", action="again")
    svc = add_service(district, name="Food bank", category="food")
    refer(district, fid, svc.id, consent_given=True)
    add_event(district, title="Potluck", kind="potluck", when="2026-12-04")
    with district.store.write() as s:
        s.outbox.add({"family_id": fid, "status": "queued", "address": "a@example.org"})

    def view(s):
        return getattr(s, kind)

    def update(s, n, changes):
        if kind == "contacts":
            view(s).update(n, changes, family_id=fid)
        else:
            view(s).update(n, changes)

    with district.store.write() as mine:
        n = next(iter(view(mine).rows()))
        with colleague.store.write() as theirs:
            view(theirs).get(n)
            update(theirs, n, {"marker": "theirs"})
        with pytest.raises(ConflictError):
            update(mine, n, {"marker": "mine"})
    with district.store.read() as s:
        assert view(s).get(n)["marker"] == "theirs"


def test_the_cli_refuses_an_edit_whose_family_changed_while_it_waited(
        district, home, pg_url, monkeypatch):
    """`liaison edit F1 --notes …` reads F1 while a colleague's command has changed it but not yet
    committed; it then waits for her row lock, finds a newer version, exits 4 and writes nothing."""
    from liaison_cli.services import families as fam_svc

    fids = _families(district, ["Reyes", "Haddad"])
    holding, release = threading.Event(), threading.Event()
    real = fam_svc.apply_edit

    def slow(family, e):
        if family.id == fids[1]:  # F1 is changed (and its row locked): keep the session open
            holding.set()
            release.wait(60)
        return real(family, e)

    monkeypatch.setattr(fam_svc, "apply_edit", slow)
    done: list = []
    colleague = threading.Thread(target=lambda: done.append(
        fam_svc.tag_families(district, fids, add=["moved"], remove=[])))
    colleague.start()
    try:
        assert holding.wait(30)
        cli = subprocess.Popen([PYTHON, "-m", "liaison_cli", "edit", fids[0], "--notes",
                                "from the CLI"], env=_child_env(home, pg_url),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with pg_connect(pg_url) as conn:
            deadline = time.monotonic() + 60
            while not conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND application_name = 'liaison' AND wait_event_type = 'Lock'").fetchone()[0]:
                assert cli.poll() is None, cli.communicate()
                assert time.monotonic() < deadline, "the CLI never waited for the row"
                time.sleep(0.05)
    finally:
        release.set()
        colleague.join(60)
    out, err = cli.communicate(timeout=60)
    assert done, "the colleague's edit failed"
    assert cli.returncode == 4, (out, err)
    assert STALE.format(what="family", id=fids[0]) in " ".join(err.split())
    with district.store.read() as s:
        rec = s.families.get(fids[0][1:])
    assert rec["tags"] == ["moved"] and rec.get("notes", "") == ""
