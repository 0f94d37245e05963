"""The typed operations that let a district-sized listing read only what it needs (index_of,
with_cadence, search, of_family, last_reached, between, first_dates, summary(family_ids),
put_many): the same answers from the JSON store and from PostgreSQL."""

from __future__ import annotations

import pytest

from liaison_cli.core.models import summarize_contacts


def fam(name, **more):
    return {"name": name, "guardians": [{"name": f"{name} Parent", "phone": "555-0101"}],
            "students": [{"name": "Kid", "grade": "3", "school": "Lincoln"}], "tags": [],
            "status": "active", "created": "2026-09-01T10:00:00Z", **more}


FAMILIES = [
    (1, fam("García", tags=["newcomer"])),
    (2, fam("Smith")),
    (3, fam("Nguyễn", cadence_days=14)),
    (4, fam("Đặng", tags=["refugee"], status="closed")),
    (5, fam("Garcia Lopez", notes="moved from Texas")),
]
CONTACTS = [  # (family, date, kind, outcome)
    ("F1", "2026-10-01", "phone", "reached"), ("F1", "2026-11-02", "phone", "no-answer"),
    ("F1", "2026-11-05", "letter", "reached"), ("F2", "2026-11-10", "home-visit", "reached"),
    ("F3", "2026-09-15", "phone", "left-message"), ("F5", "2026-08-30", "email", "reached"),
]


@pytest.fixture(params=["json", "pg"])
def store(request, tmp_path):
    if request.param == "json":
        from liaison_cli.services.app import open_app
        from liaison_cli.services.setup import init_home
        from tests.conftest import TODAY

        init_home(tmp_path / "home", TODAY)
        yield open_app(tmp_path / "home", TODAY).store
        return
    from liaison_cli.storage.pg import PgStore

    st = PgStore(tmp_path / "home", request.getfixturevalue("pg_url"), lock_timeout=2)
    st.migrate()
    yield st
    st.close()


@pytest.fixture
def filled(store):
    with store.write() as s:
        s.families.put_many(FAMILIES)
        s.contacts.add_many([{"family_id": f, "date": d, "kind": k, "outcome": o, "summary": "x"}
                             for f, d, k, o in CONTACTS])
        s.followups.put_many([(10, {"family_id": "F1", "due": "2026-11-20", "action": "call",
                                    "status": "open"}),
                              (11, {"family_id": "F2", "due": "2026-11-21", "action": "visit",
                                    "status": "open"}),
                              (12, {"family_id": "F1", "due": "2026-11-01", "action": "mail",
                                    "status": "done"})])
    return store


def test_put_many_keeps_the_numbers_and_moves_the_counter(filled):
    with filled.write() as s:
        assert s.families.add(fam("Next")) == 6
        assert s.followups.add({"family_id": "F2", "due": "2026-12-01", "action": "x",
                                "status": "open"}) == 13
    with filled.read() as s:
        assert sorted(int(k) for k in s.families.rows()) == [1, 2, 3, 4, 5, 6]
        assert s.families.get(3)["name"] == "Nguyễn"


def test_index_of_reads_only_the_families_asked(filled):
    with filled.read() as s:
        whole = s.families.index()
        part = s.families.index_of(["4", 2, "99", "x"])
        assert list(part) == ["2", "4"]
        assert part == {k: whole[k] for k in ("2", "4")}
        assert s.families.index_of([]) == {}


def test_with_cadence_is_the_active_families_with_a_cadence_or_a_tag(filled):
    with filled.read() as s:
        assert list(s.families.with_cadence(["newcomer", "refugee"])) == ["1", "3"]
        assert list(s.families.with_cadence([])) == ["3"]
        reached = s.contacts.last_reached(["F1"]).get("F1", "")
        assert s.families.with_cadence(["newcomer"])["1"] == (s.families.index()["1"], reached)


def test_open_due_comes_with_each_family_index_row(filled):
    with filled.read() as s:
        due = s.followups.open_due("2099-12-31")
        index = s.families.index()
        assert due, "the fixture has open follow-ups"
        for key, (record, fam) in due.items():
            assert record == s.followups.get(key)
            assert fam == index[record["family_id"][1:]]
        assert s.followups.get_many([*due, "999999"]) == {k: r for k, (r, _f) in due.items()}


@pytest.mark.parametrize("words,hits", [
    (["garcia"], ["1", "5"]), (["garcia", "texas"], ["5"]), (["nguyen"], ["3"]),
    (["f2"], ["2"]), (["555-0101"], ["1", "2", "3", "5"]), (["zzz"], []),
])
def test_search_returns_at_least_every_family_that_matches(filled, store, words, hits):
    from liaison_cli.core.models import Family

    with filled.read() as s:
        found = s.families.search(words, "active")
        everyone = s.families.rows()
    assert all(everyone[k] == found[k] for k in found)
    assert all(everyone[k].get("status", "active") == "active" for k in found)
    matched = [k for k in found
               if all(w in Family.from_dict({**found[k], "id": f"F{k}"}).search_text()
                      for w in words)]
    assert matched == hits
    if type(store).__name__ == "PgStore":
        # The database drops the ASCII records that lack a word; Nguyễn (a letter it does not
        # fold to ASCII is not in it) is judged too.
        assert sorted(found) == hits


def test_of_family_is_the_familys_records(filled):
    with filled.read() as s:
        assert list(s.followups.of_family("F1")) == ["10", "12"]
        assert s.followups.of_family("F9") == {} and s.referrals.of_family("F1") == {}


def test_contact_summaries_for_some_families_and_the_period(filled):
    with filled.read() as s:
        rows = s.contacts.rows()
        summary = summarize_contacts(rows.items())
        assert s.contacts.summary() == summary
        assert s.contacts.summary(["F3", "F1", "F4"]) == {k: summary[k] for k in ("F3", "F1")}
        assert s.contacts.last_reached(["F1", "F2", "F3", "F4"]) == {
            "F1": "2026-10-01", "F2": "2026-11-10"}  # F1's letter is no conversation
        assert s.contacts.first_dates() == {"F1": "2026-10-01", "F2": "2026-11-10",
                                            "F3": "2026-09-15", "F5": "2026-08-30"}
        november = s.contacts.between("2026-11-01", "2026-11-10")
        assert sorted(november) == sorted(k for k, c in rows.items()
                                          if "2026-11-01" <= c["date"] <= "2026-11-10")
        assert len(november) == 3


def test_contact_summaries_follow_every_change_of_the_log(filled):
    """The database keeps the summary itself (0004): an added, edited and removed contact, and a
    family forgotten, leave it equal to summarize_contacts of the log as it now is."""
    def agree():
        with filled.read() as s:
            assert s.contacts.summary() == summarize_contacts(s.contacts.rows().items())

    with filled.write() as s:
        first = s.contacts.add({"family_id": "F4", "date": "2026-11-12", "kind": "phone",
                                "outcome": "no-answer", "summary": "x"})
        s.contacts.add_many([{"family_id": "F4", "date": "2026-11-13", "kind": "phone",
                              "outcome": "left-message", "summary": "x"},
                             {"family_id": "F2", "date": "2026-11-14", "kind": "visit",
                              "summary": "x"}])
    agree()
    with filled.write() as s:
        s.contacts.update(first, {"outcome": "reached"}, family_id="F4")
    agree()
    with filled.write() as s:
        s.contacts.remove_family("F1")
    agree()
    with filled.write() as s:
        s.families.remove(3)
    agree()
