"""The PostgreSQL store against a real server: each test gets its own fresh database (pg_url)."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from liaison_cli.errors import ConflictError, DatabaseError, NotFoundError, StoreError

FAMILY = {"name": "García", "guardians": [{"name": "Ana García", "phone": "555-0101"}],
          "students": [{"name": "Luis", "grade": "3", "school": "Lincoln Elementary"}],
          "tags": ["newcomer"], "status": "active", "created": "2026-11-01T10:00:00Z"}


@pytest.fixture
def store(pg_url, tmp_path):
    from liaison_cli.storage.pg import PgStore

    st = PgStore(tmp_path / "home", pg_url, lock_timeout=2)
    st.migrate()
    yield st
    st.close()


def _family(store, **changes) -> int:
    with store.write() as s:
        return s.families.add({**FAMILY, **changes})


def test_schema_init_is_idempotent_and_reports_its_version(pg_url, tmp_path):
    from liaison_cli.storage.pg import PgStore, code_schema_version, migrations

    shipped = [(v, n) for v, n, _p in migrations()]
    # Versions 1, 2, … with no gap and no number used twice (two branches each adding "0002_…"
    # would otherwise apply only one of them).
    assert [v for v, _n in shipped] == list(range(1, len(shipped) + 1))
    assert shipped[:3] == [(1, "initial"), (2, "team"), (3, "redact_disclosures")]
    st = PgStore(tmp_path, pg_url)
    assert st.schema_version() == 0 and not st.exists()
    assert st.pending() == shipped
    with pytest.raises(NotFoundError, match="db init"):
        st.require()
    assert st.migrate() == shipped
    assert st.migrate() == []
    assert st.schema_version() == code_schema_version() == len(shipped)
    assert st.pending() == []
    st.require()
    st.close()


def test_a_newer_schema_is_refused(store, pg_url, tmp_path):
    from liaison_cli.storage.pg import PgStore

    store.connection().execute("INSERT INTO liaison_schema (version, name) VALUES (99, 'future')")
    other = PgStore(tmp_path, pg_url)
    with pytest.raises(StoreError, match="newer liaison") as exc:
        other.require()
    assert exc.value.exit_code == 6
    with pytest.raises(StoreError, match="newer liaison"):
        other.migrate()
    other.close()


def test_records_round_trip_through_the_typed_views(store):
    from liaison_cli.core.models import FamilyIndex, roster_row

    n = _family(store)
    with store.write() as s:
        c = s.contacts.add({"family_id": f"F{n}", "date": "2026-11-18", "kind": "phone",
                            "outcome": "no-answer"})
        many = s.contacts.add_many([{"family_id": f"F{n}", "date": "2026-11-19", "kind": "text"},
                                    {"family_id": f"F{n}", "date": "2026-11-20", "kind": "letter"}])
        f1 = s.followups.add({"family_id": f"F{n}", "due": "2026-11-21", "action": "call",
                              "status": "open"})
        f2 = s.followups.add({"family_id": f"F{n}", "due": "2026-12-01", "action": "visit",
                              "status": "open"})
        s.followups.update(f2, {"status": "done"})
        s.events.put(40, {"title": "Open house", "date": "2026-12-03"})
    assert (c, many) == (1, [2, 3])
    with store.read() as s:
        assert s.families.get(n)["name"] == "García"
        assert s.families.get(999) is None
        assert s.families.index() == {str(n): FamilyIndex._make(roster_row(FAMILY))}
        assert list(s.contacts.of_family(f"F{n}")) == ["1", "2", "3"]
        assert s.contacts.of_family("F999") == {}
        assert list(s.followups.open_due("2026-11-30")) == [str(f1)]
        assert s.followups.open_due("2026-11-30", since="2026-11-22") == {}
        assert list(s.followups.open_of_family(f"F{n}")) == [str(f1)]
        assert len(s.followups) == 2
    with store.write() as s:
        assert s.events.add({"title": "Potluck", "date": "2026-12-10"}) == 41  # put advanced it
        with pytest.raises(NotFoundError):
            s.contacts.update(1, {"summary": "x"}, family_id="F999")
        assert s.contacts.remove_family(f"F{n}") == 3
    with store.read() as s:
        assert s.contacts.rows() == {}


def test_summary_is_the_models_summary(store):
    from liaison_cli.core.models import OUTCOMES, summarize_contacts

    rng = random.Random(7)
    fams = [_family(store, name=f"Family {i}") for i in range(6)]
    with store.write() as s:
        s.contacts.add_many([
            {"family_id": f"F{rng.choice(fams)}", "date": f"2026-11-{rng.randint(1, 9):02d}",
             "time": rng.choice(["", "09:00", "15:30"]),
             "kind": rng.choice(["phone", "letter", "text"]),
             "outcome": rng.choice(OUTCOMES),
             **({"letter": {"template": "welcome"}} if rng.random() < 0.1 else {})}
            for _ in range(120)])
    with store.read() as s:
        expected = summarize_contacts(s.contacts.rows().items())
        assert s.contacts.summary() == expected
        some = [f"F{fams[0]}", f"F{fams[3]}"]
        assert s.contacts.summary(some) == {k: v for k, v in expected.items() if k in some}


@pytest.mark.parametrize("table,record,rule", [
    ("followups", {"family_id": "F1", "due": "2026-11-21", "action": "x", "status": "maybe"},
     "followups_status_check"),
    ("contacts", {"family_id": "F1", "date": "2026-02-30", "kind": "phone"}, "out of range"),
    ("contacts", {"family_id": "F1", "date": "20 Nov", "kind": "phone"}, "date"),
    ("contacts", {"family_id": "F99", "date": "2026-11-20", "kind": "phone"}, "contacts_family_id_fkey"),
    ("referrals", {"family_id": "F1", "service": "x", "status": "lost", "date": "2026-11-20"},
     "referrals_status_check"),
    ("families", {**FAMILY, "status": "gone"}, "families_status_check"),
    ("families", {**FAMILY, "name": " "}, "families_name_check"),
])
def test_constraints_reject_bad_rows_and_nothing_is_written(store, table, record, rule):
    _family(store)
    with pytest.raises(StoreError, match=rule), store.write() as s:
        s.followups.add({"family_id": "F1", "due": "2026-11-22", "action": "ok", "status": "open"})
        getattr(s, table).add(record)
    with store.read() as s:
        assert s.followups.rows() == {}  # the good row before the bad one went too
        assert len(s.families) == 1


def test_an_update_based_on_a_stale_read_is_refused(store, pg_url, tmp_path):
    from liaison_cli.storage.pg import PgStore

    n = _family(store)
    other = PgStore(tmp_path, pg_url, lock_timeout=2)
    with pytest.raises(ConflictError, match=f"F{n} was changed by someone else"), \
            store.write() as s:
        s.families.get(n)  # this command reads F1 …
        with other.write() as o:  # … another liaison changes and commits it …
            o.families.get(n)
            o.families.update(n, {"notes": "theirs"})
        s.families.update(n, {"notes": "mine"})  # … so this change is refused
    with store.read() as s:
        assert s.families.get(n)["notes"] == "theirs"
    other.close()


def test_an_error_rolls_everything_back_and_uses_no_id(store):
    with pytest.raises(RuntimeError), store.write() as s:
        s.families.add(FAMILY)
        raise RuntimeError("boom")
    with store.read() as s:
        assert s.families.rows() == {}
    assert _family(store) == 1  # the rolled-back number is given back, as in the JSON store


def test_families_keep_typed_columns_for_access_rules(store):
    n = _family(store)
    row = store.connection().execute(
        "SELECT schools, assigned_to = current_user, created_by = current_user, status "
        "FROM families WHERE id = %s", (n,)).fetchone()
    assert row == (["Lincoln Elementary"], True, True, "active")


def test_disclosures_chain_and_are_append_only_for_others(store):
    with store.write() as s:
        s.disclosures.append({"seq": 1, "hash": "h1", "prev": "genesis", "what": "letter"})
        with pytest.raises(StoreError):
            s.disclosures.append({"seq": 3, "hash": "h3", "prev": "h1"})
    with store.read() as s:
        assert s.audit_head == {"seq": 1, "hash": "h1"}
    grants = store.connection().execute(
        "SELECT has_table_privilege('public', 'disclosures', 'UPDATE'), "
        "has_table_privilege('public', 'disclosures', 'DELETE')").fetchone()
    assert grants == (False, False)


def test_server_down_is_one_sentence_without_the_password(tmp_path):
    from liaison_cli.storage.pg import PgStore

    st = PgStore(tmp_path, "postgresql://liaison:s3cret@127.0.0.1:1/district", connect_timeout=2)
    with pytest.raises(DatabaseError) as exc:
        st.exists()
    assert exc.value.exit_code == 12
    assert "127.0.0.1:1/district is not answering" in str(exc.value)
    assert "s3cret" not in str(exc.value)


def test_a_wrong_password_is_named_as_such():
    import psycopg

    from liaison_cli.storage.pg import connect_error

    libpq = ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
             'password authentication failed for user "rosa"')
    err = connect_error(psycopg.OperationalError(libpq),
                        "postgresql://rosa:hunter2@10.0.0.5/district")
    assert isinstance(err, DatabaseError)
    assert "refused the login of the role rosa (wrong or missing password)" in str(err)
    assert "hunter2" not in str(err)


def test_an_unknown_role_and_a_missing_permission(store, pg_url, tmp_path):
    import secrets
    from urllib.parse import urlsplit

    import psycopg

    from liaison_cli.storage.pg import PgStore

    parts = urlsplit(pg_url)
    role = f"liaison_nobody_{secrets.token_hex(3)}"
    as_role = parts._replace(netloc=f"{role}@{parts.netloc.rsplit('@', 1)[-1]}").geturl()
    with pytest.raises(DatabaseError, match=f"no login for the role {role}"):
        PgStore(tmp_path, as_role).exists()
    admin = store.connection()
    admin.execute(psycopg.sql.SQL("CREATE ROLE {} LOGIN").format(psycopg.sql.Identifier(role)))
    try:
        st = PgStore(tmp_path, as_role)
        with pytest.raises(DatabaseError, match="no permission") as exc:
            with st.read() as s:
                s.families.rows()
        assert exc.value.exit_code == 12
        st.close()
    finally:
        admin.execute(psycopg.sql.SQL("DROP ROLE {}").format(psycopg.sql.Identifier(role)))


def test_a_connection_lost_mid_command_changes_nothing(store, pg_url, tmp_path):
    from liaison_cli.storage.pg import PgStore

    victim = PgStore(tmp_path, pg_url)
    with pytest.raises(DatabaseError, match="lost; nothing was changed"), victim.write() as s:
        s.families.add(FAMILY)
        pid = s.conn.info.backend_pid
        store.connection().execute("SELECT pg_terminate_backend(%s)", (pid,))
        s.families.add({**FAMILY, "name": "Nguyen"})
    with store.read() as s:
        assert s.families.rows() == {}
    with victim.read() as s:  # the next command connects again
        assert len(s.families) == 0
    victim.close()


def test_the_json_path_never_imports_psycopg(tmp_path):
    code = ("import sys, datetime; from pathlib import Path;"
            "from liaison_cli.services.setup import init_home;"
            "from liaison_cli.services.app import open_app;"
            f"h = Path({str(tmp_path / 'h')!r}); init_home(h, datetime.date(2026, 11, 20));"
            "app = open_app(h, datetime.date(2026, 11, 20));"
            "s = app.store.read().__enter__(); s.families.index();"
            "print('psycopg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_config_refuses_a_store_url_with_a_password(tmp_path):
    from liaison_cli.config import parse_config_text
    from liaison_cli.errors import ConfigError

    with pytest.raises(ConfigError, match="carries a password") as exc:
        parse_config_text("store: postgresql://rosa:hunter2@db/district\n", tmp_path)
    assert "hunter2" not in str(exc.value)
    with pytest.raises(ConfigError, match="must be a PostgreSQL URL"):
        parse_config_text("store: mysql://db/district\n", tmp_path)
    cfg = parse_config_text("store: postgresql://rosa@db/district?sslmode=require\n", tmp_path)
    assert cfg.store_url == "postgresql://rosa@db/district?sslmode=require"


def test_load_replaces_each_kind_given_and_sets_its_counter(store):
    _family(store)
    with store.write() as s:
        s.contacts.add({"family_id": "F1", "date": "2026-11-02", "kind": "call"})
        s.events.add({"title": "Open house", "date": "2026-11-30"})
        s.load({"contacts": {"3": {"family_id": "F5", "date": "2026-11-03", "kind": "call"}},
                "families": {"5": FAMILY, "9": {**FAMILY, "name": "Kim"}}})
    with store.read() as s:
        assert sorted(s.families.rows()) == ["5", "9"]
        assert s.families.index()["9"].name == "Kim"
        assert list(s.contacts.rows()) == ["3"]
        assert len(s.events) == 1  # a kind not given keeps its records
    with store.write() as s:
        assert (s.next_id("families"), s.next_id("contacts")) == (10, 4)
        with pytest.raises(KeyError):
            s.load({"nonsense": {}})


def test_remove_family_takes_only_that_familys_records(store):
    a, b = _family(store), _family(store, name="Kim")
    with store.write() as s:
        for n in (a, a, b):
            s.followups.add({"family_id": f"F{n}", "due": "2026-11-20", "status": "open",
                             "action": "call"})
        assert s.followups.remove_family(f"F{a}") == 2
        assert s.referrals.remove_family(f"F{a}") == 0
        assert s.outbox.remove_family("nonsense") == 0
    with store.read() as s:
        assert [f["family_id"] for f in s.followups.rows().values()] == [f"F{b}"]


def _sealed_log(store, texts):
    from liaison_cli.services import audit

    prev = audit.GENESIS
    with store.write() as s:
        for seq, text in enumerate(texts, 1):
            entry = audit.seal({"v": audit.VERSION, "seq": seq, "at": "2026-11-20T10:00:00Z",
                                "what": "letter", "to": text, "why": "school", "records": ["F1"],
                                "detail": text, "prev": prev})
            s.disclosures.append(entry)
            prev = entry["hash"]


def test_disclosures_tail_stored_and_redaction_keep_the_chain(store):
    from liaison_cli.services import audit

    _sealed_log(store, ["Ana García, Señora\x1f \"quoted\"", "Someone else"])
    with store.read() as s:
        assert s.disclosures.tail()["seq"] == 2 and s.disclosures.head["seq"] == 2
        assert audit.check_chain(s.disclosures.stored(), s.disclosures.head).ok
    with store.write() as s:
        assert audit.redact_entries(s, ["Ana García"]) == 1
    with store.read() as s:
        entries = s.disclosures.entries()
        check = audit.check_chain(s.disclosures.stored(), s.disclosures.head)
    assert all(set(entries[0][k]) == {"redacted"} for k in ("to", "detail"))
    assert entries[0]["why"] == "school" and set(entries[0]["salt"]) == {"why"}
    assert entries[1]["to"] == "Someone else"
    assert check.ok and check.redacted == 1 and check.entries == 2


def test_the_redaction_function_refuses_anything_but_a_redaction(store):
    import psycopg
    from psycopg.types.json import Json

    from liaison_cli.services import audit

    _sealed_log(store, ["Ana García"])
    conn = store.connection()
    entry = conn.execute("SELECT entry FROM disclosures WHERE seq = 1").fetchone()[0]
    redacted = audit.redaction(["Ana García"])(entry)
    bad = [
        {**entry, "what": "export"},                                  # another field
        {**redacted, "to": {"redacted": "0" * 64}},                   # not the digest
        {**entry, "to": {"redacted": redacted["to"]["redacted"]}},    # salt kept
        {**redacted, "salt": {}},                                     # a salt dropped unredacted
    ]
    for new in bad:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT liaison_redact_disclosure(1, %s)", [Json(new)])
    assert conn.execute("SELECT entry FROM disclosures WHERE seq = 1").fetchone()[0] == entry
    assert conn.execute("SELECT liaison_redact_disclosure(1, %s)", [Json(redacted)]).fetchone()[0]
    # Redacted stays redacted: nothing can put a text back.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT liaison_redact_disclosure(1, %s)", [Json(entry)])


def test_a_liaison_role_can_redact_but_not_update_the_log(store, pg_roles, monkeypatch):
    from liaison_cli.services import audit
    from liaison_cli.storage.pg import PgStore

    _sealed_log(store, ["Ana García"])
    role = pg_roles.create("alice")
    # What a liaison is granted on the log: read and append, no UPDATE or DELETE.
    store.connection().execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role.name}"; '
                               f'GRANT INSERT ON disclosures TO "{role.name}"')
    monkeypatch.setenv("PGPASSWORD", role.password)
    liaison = PgStore(store.home, role.url)
    try:
        with pytest.raises(DatabaseError, match="no permission"), liaison.write() as s:
            s.execute("UPDATE disclosures SET entry = '{}'")
        with liaison.write() as s:
            assert audit.redact_entries(s, ["Ana García"]) == 1
        with liaison.read() as s:
            check = audit.check_chain(s.disclosures.stored(), s.disclosures.head)
        assert check.ok and check.redacted == 1
    finally:
        liaison.close()


@pytest.mark.parametrize("command", ["restore", "encrypt", "decrypt"])
def test_the_home_folder_commands_are_refused_in_one_sentence(store, command):
    from liaison_cli.errors import UsageError

    with pytest.raises(UsageError) as exc:
        store.require_folder_store(command)
    text = str(exc.value)
    assert text.startswith(f"`liaison {command}` is for a personal JSON store; a district database")
    assert text.count(". ") == 0 and exc.value.exit_code == 2
    for call in (store.list_backups, lambda: store.restoring("x", log_head=None),
                 lambda: store.backup_counts("x")) if command == "restore" else (
                 lambda: getattr(store, command)("pass"),):
        with pytest.raises(UsageError, match=f"liaison {command}"):
            call()
    assert store.find_in_backups("families", 1) is None
    assert store.forget_in_backups("F1") == (0, 0, []) and store.own_paths() == []


def test_the_contact_summary_migration_summarises_the_contacts_already_there(
        pg_url, tmp_path, monkeypatch):
    """A district on schema 3 with contacts: `db init` adds the summary table (0004) and fills
    it from the log, equal to models.summarize_contacts; later writes keep it so."""
    from liaison_cli.core.models import summarize_contacts
    from liaison_cli.storage.pg import store as postgres

    shipped = postgres.migrations()
    monkeypatch.setattr(postgres, "migrations", lambda: shipped[:3])
    monkeypatch.setattr(postgres, "code_schema_version", lambda: 3)
    st = postgres.PgStore(tmp_path, pg_url)
    st.migrate()
    with st.write() as s:
        fams = [s.families.add({**FAMILY, "name": f"Family {i}"}) for i in range(3)]
        s.contacts.add_many([
            {"family_id": f"F{fams[i % 3]}", "date": f"2026-11-{1 + i:02d}", "kind": "phone",
             "outcome": ("reached", "no-answer", "left-message")[i % 3 if i < 6 else 1],
             "summary": "x"} for i in range(9)])
        s.contacts.add({"family_id": f"F{fams[0]}", "date": "2026-11-20", "kind": "letter",
                        "summary": "letter"})
    monkeypatch.setattr(postgres, "migrations", lambda: shipped)
    monkeypatch.setattr(postgres, "code_schema_version", lambda: len(shipped))
    assert [v for v, _n in st.migrate()] == list(range(4, len(shipped) + 1))
    with st.read() as s:
        summary = s.contacts.summary()
        assert summary == summarize_contacts(s.contacts.rows().items())
        assert summary[f"F{fams[1]}"]["failed_streak"] == 3
    st.close()
