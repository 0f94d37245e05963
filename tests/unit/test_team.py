"""The district team on a real PostgreSQL server: real LOGIN roles, row-level security.

Each test makes uniquely named roles (cluster-wide objects), connects as them over trust auth
(postgresql://ROLE@host/db) and drops them at the end (DROP OWNED BY, DROP ROLE).
"""

from __future__ import annotations

import json
import secrets
from urllib.parse import urlsplit

import pytest

DISTRICT = ("schools:\n"
            "  - name: Lincoln Elementary\n    short: LIN\n"
            "  - name: Roosevelt Middle\n    short: RMS\n")


class Team:
    def __init__(self, admin_url: str, run, monkeypatch):
        self.admin_url, self.run, self.mp = admin_url, run, monkeypatch
        tag = secrets.token_hex(3)
        self.maria, self.joao, self.sup = f"maria_{tag}", f"joao_{tag}", f"sup_{tag}"
        self.roles = [self.maria, self.joao, self.sup]

    def url(self, role: str) -> str:
        parts = urlsplit(self.admin_url)
        host = parts.netloc.rsplit("@", 1)[-1]
        return parts._replace(netloc=f"{role}@{host}").geturl()

    def as_(self, role: str | None, cmd):
        self.mp.setenv("LIAISON_DATABASE_URL", self.url(role) if role else self.admin_url)
        return self.run(cmd)

    def sql(self, role: str, query: str, params=()):
        import psycopg

        with psycopg.connect(self.url(role), autocommit=True) as conn:
            return conn.execute(query, params).fetchall()


@pytest.fixture
def team(pg_url, run, monkeypatch, tmp_path):
    import psycopg
    from psycopg import sql

    t = Team(pg_url, run, monkeypatch)
    district = tmp_path / "district.yaml"
    district.write_text(DISTRICT, encoding="utf-8")
    assert t.as_(None, ["db", "init", "--config", str(district)]).exit_code == 0
    assert t.as_(None, "init").exit_code == 0
    try:
        yield t
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE usename = ANY(%s)", (t.roles,))
            for role in t.roles:
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                    conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def _add(team, role, name, school) -> str:
    r = team.as_(role, ["add-family", "--name", name, "--guardian", f"{name} Parent",
                        "--phone", "555-0100", "--student", f"Kid:3:{school}", "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["id"]


@pytest.fixture
def staffed(team):
    r = team.as_(None, f"team add {team.maria} --school LIN")
    assert r.exit_code == 0, r.output
    assert "without a password" in r.stdout and f"\\password {team.maria}" in r.stdout
    assert team.as_(None, f"team add {team.joao} --school 'Roosevelt Middle'").exit_code == 0
    assert team.as_(None, f"team add {team.sup} --supervisor").exit_code == 0
    team.lin = _add(team, team.maria, "Alvarez", "LIN")
    team.rms = _add(team, team.joao, "Begum", "RMS")
    return team


def test_team_lists_who_covers_which_schools(staffed):
    t = staffed
    r = t.as_(t.maria, "team --json")  # liaisons may read the team too
    assert r.exit_code == 0, r.output
    rows = {m["role"]: m for m in json.loads(r.stdout)}
    assert rows[t.maria]["schools"] == ["Lincoln Elementary"]
    assert rows[t.joao]["schools"] == ["Roosevelt Middle"]
    assert rows[t.sup]["supervisor"] is True and rows[t.sup]["schools"] == []
    assert t.maria in t.as_(None, "team").stdout


def test_each_liaison_sees_only_her_schools_families(staffed):
    t = staffed
    mine = [f["id"] for f in json.loads(t.as_(t.maria, "families --json").stdout)]
    theirs = [f["id"] for f in json.loads(t.as_(t.joao, "families --json").stdout)]
    assert mine == [t.lin] and theirs == [t.rms]
    # The database decides, not a Python filter: the same as plain SQL under her role.
    assert t.sql(t.maria, "SELECT id FROM families") == [(int(t.lin[1:]),)]
    assert t.sql(t.joao, "SELECT count(*) FROM contacts WHERE family_id = %s",
                 (int(t.lin[1:]),)) == [(0,)]
    assert t.sql(t.joao, "UPDATE families SET doc = doc WHERE id = %s RETURNING id",
                 (int(t.lin[1:]),)) == []


def test_another_schools_family_reads_as_missing(staffed):
    t = staffed
    other = t.as_(t.maria, f"show {t.rms}")
    missing = t.as_(t.maria, "show F3")  # no F3 at all; like F2, one key from her F1
    assert (t.lin, t.rms) == ("F1", "F2")
    assert other.exit_code == missing.exit_code == 3
    assert other.output.replace("F2", "F?") == missing.output.replace("F3", "F?")
    # Writing to it fails the same way: nothing is written.
    r = t.as_(t.maria, f"log {t.rms} --kind phone --note hello")
    assert r.exit_code == 3 and f"No family {t.rms}" in r.output
    assert t.sql(t.joao, "SELECT count(*) FROM contacts") == [(0,)]
    # Even straight SQL cannot attach a record to a family she may not see.
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        t.sql(t.maria, "INSERT INTO contacts (id, doc) VALUES (999, %s)",
              (json.dumps({"family_id": t.rms, "date": "2026-11-20", "kind": "phone"}),))


def test_the_supervisor_reads_everything_and_writes_nothing(staffed):
    t = staffed
    ids = [f["id"] for f in json.loads(t.as_(t.sup, "families --json").stdout)]
    assert sorted(ids) == sorted([t.lin, t.rms])
    assert t.as_(t.sup, f"show {t.rms}").exit_code == 0
    r = t.as_(t.sup, f"log {t.rms} --kind phone --note hello")
    assert r.exit_code == 12 and "no permission" in r.output and "Nothing was changed" in r.output
    r = t.as_(t.sup, f"edit {t.lin} --address '2 Oak St'")
    assert r.exit_code == 12
    assert t.sql(t.joao, "SELECT count(*) FROM contacts") == [(0,)]


def test_show_names_who_logged_a_contact(staffed):
    t = staffed
    assert t.as_(t.maria, f"log {t.lin} --kind phone --note 'called mum' --follow-up +3d "
                          "--action 'call back'").exit_code == 0
    out = t.as_(t.sup, f"show {t.lin}").stdout
    assert f"called mum — logged by {t.maria}" in out and f"Assigned to:    {t.maria}" in out
    data = json.loads(t.as_(t.maria, f"show {t.lin} --json").stdout)
    assert {e["type"]: e.get("by") for e in data["timeline"]} == {"contact": t.maria,
                                                                   "followup": t.maria}
    assert t.sql(t.maria, "SELECT created_by FROM contacts") == [(t.maria,)]


def test_assign_gives_a_family_to_another_liaison(staffed):
    t = staffed
    r = t.as_(t.maria, "add-family --name Chen --guardian 'Wei Chen' --phone 555-0111 --json")
    chen = json.loads(r.stdout)["id"]  # no school: assigned to her who added it
    assert chen in [f["id"] for f in json.loads(t.as_(t.maria, "families --json").stdout)]
    assert chen not in [f["id"] for f in json.loads(t.as_(t.joao, "families --json").stdout)]
    r = t.as_(None, f"assign {chen} --to {t.joao}")
    assert r.exit_code == 0 and f"{chen} is assigned to {t.joao}." in r.stdout
    assert chen in [f["id"] for f in json.loads(t.as_(t.joao, "families --json").stdout)]
    assert chen not in [f["id"] for f in json.loads(t.as_(t.maria, "families --json").stdout)]
    r = t.as_(None, f"assign {chen} --to {t.sup}")
    assert r.exit_code == 2 and "supervisor" in r.output
    r = t.as_(None, f"assign {chen} --to nobody_{secrets.token_hex(2)}")
    assert r.exit_code == 3 and "not in the team" in r.output


def test_handover_moves_the_caseload_with_its_open_followups(staffed):
    t = staffed
    r = t.as_(t.maria, "add-family --name Diaz --guardian 'Rosa Diaz' --phone 555-0112 --json")
    diaz = json.loads(r.stdout)["id"]
    assert t.as_(t.maria, f"add-followup {diaz} +2d --action 'bring forms'").exit_code == 0
    r = t.as_(None, f"assign --from {t.maria} --to {t.joao}")
    assert r.exit_code == 0, r.output
    assert f"2 families assigned ({t.lin}, {diaz}), 1 open follow-up with them" in r.stdout
    assert "Lincoln Elementary" in r.stdout
    theirs = sorted(f["id"] for f in json.loads(t.as_(t.joao, "families --json").stdout))
    assert theirs == sorted([t.lin, t.rms, diaz])
    assert json.loads(t.as_(t.maria, "families --json").stdout) == []
    due = json.loads(t.as_(t.joao, "followups --json --all").stdout)
    assert [f["family_id"] for f in due] == [diaz]


def test_report_covers_the_callers_families_and_the_district_by_school(staffed):
    t = staffed
    assert t.as_(t.maria, f"log {t.lin} --kind phone --note hi").exit_code == 0
    assert t.as_(t.joao, f"log {t.rms} --kind phone --note hi").exit_code == 0
    mine = json.loads(t.as_(t.maria, "report --json").stdout)
    assert mine["contacts"]["total"] == 1 and mine["period"]["scope"] == "caseload"
    assert "by_school" not in mine
    all_ = json.loads(t.as_(t.sup, "report --json").stdout)
    assert all_["contacts"]["total"] == 2 and all_["period"]["scope"] == "district"
    assert {r["short"]: r["contacts"]["total"] for r in all_["by_school"]} == {"LIN": 1, "RMS": 1}
    assert "By school" in t.as_(t.sup, "report").stdout


def test_an_unknown_school_gets_a_did_you_mean_and_is_not_stored(team):
    t = team
    r = t.as_(None, f"team add {t.maria} --school 'Lincon Elementary'")
    assert r.exit_code == 2 and "did you mean Lincoln Elementary?" in r.output
    r = t.as_(None, "add-family --name Eze --guardian 'Ada Eze' --phone 1 --student 'Obi:2:RSM'")
    assert r.exit_code == 2 and "not one of the district's schools" in r.output
    assert json.loads(t.as_(None, "families --json").stdout) == []


def test_team_commands_need_the_district_database(run):
    r = run("team")
    assert r.exit_code == 2 and "district database" in r.output


def test_the_disclosure_log_is_append_only_even_for_liaisons(staffed):
    import psycopg

    t = staffed
    assert t.sql(t.maria, "INSERT INTO disclosures (seq, entry, hash, prev) "
                          "VALUES (1, '{}', 'h1', 'g') RETURNING created_by") == [(t.maria,)]
    assert t.sql(t.joao, "SELECT seq FROM disclosures") == [(1,)]  # every member reads it all
    for query in ("UPDATE disclosures SET hash = 'x'", "DELETE FROM disclosures",
                  "TRUNCATE disclosures"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            t.sql(t.maria, query)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no forged authors
        t.sql(t.maria, "INSERT INTO disclosures (seq, entry, hash, prev, created_by) "
                       "VALUES (2, '{}', 'h2', 'h1', %s)", (t.joao,))
    with psycopg.connect(t.admin_url, autocommit=True) as conn:  # the owner is bound too
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM disclosures")
