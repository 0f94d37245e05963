"""Nothing shared without a record, nothing recorded that did not happen (issue 10: 2, 3, 4a, 10)."""

from __future__ import annotations

import errno
import os

import orjson
import pytest

from liaison_cli.errors import StoreError, UsageError
from liaison_cli.services import audit, exports, privacy
from liaison_cli.services import letters as svc
from liaison_cli.services.setup import restore_backup
from liaison_cli.storage import AUDIT_LOG_NAME


def _refuse_log(monkeypatch):
    """The disclosure log cannot be written (as with `chattr +i audit.log`)."""
    real_open = os.open

    def fake_open(path, flags, *args):
        if str(path).endswith(AUDIT_LOG_NAME) and flags & os.O_WRONLY:
            raise PermissionError(errno.EPERM, "Operation not permitted")
        return real_open(path, flags, *args)

    monkeypatch.setattr(audit.os, "open", fake_open)


def _store_bytes(app) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((app.home / "store").glob("*.json"))}


def test_a_mail_merge_leaves_no_letter_when_the_log_cannot_be_written(sample_app, tmp_path, monkeypatch):
    before = _store_bytes(sample_app)
    _refuse_log(monkeypatch)
    out = tmp_path / "letters"
    with pytest.raises(StoreError, match="nothing was shared"):
        svc.mail_merge(sample_app, svc.LetterOptions(template="welcome"),
                       svc.Selection(tags=["newcomer"]), out)
    assert not out.exists() or not any(out.rglob("*"))
    assert _store_bytes(sample_app) == before
    assert not any((sample_app.home / ".staging").rglob("*.md"))


def test_one_letter_and_an_export_leave_nothing_when_the_log_cannot_be_written(sample_app, tmp_path, monkeypatch):
    _refuse_log(monkeypatch)
    with pytest.raises(StoreError):
        svc.render_letter(sample_app, svc.LetterOptions(template="welcome"), "F3", tmp_path / "F3.md")
    with pytest.raises(StoreError):
        exports.export_table(sample_app, "families", "csv", out=tmp_path / "families.csv")
    with pytest.raises(StoreError):
        privacy.export_family(sample_app, "F3", out=tmp_path / "f3")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == []


def test_letters_appear_only_after_their_record_is_committed(sample_app, tmp_path, monkeypatch):
    """A failing commit (the disk fills after the entry is written) leaves no letter, and the
    entry is shown as not done, never as a disclosure."""
    from liaison_cli.storage.json import session as store_mod

    real = store_mod.Session.commit

    def failing_commit(self):
        raise StoreError("Could not save your change: the disk is full; nothing was changed.")

    monkeypatch.setattr(store_mod.Session, "commit", failing_commit)
    out = tmp_path / "F3.md"
    with pytest.raises(StoreError):
        svc.render_letter(sample_app, svc.LetterOptions(template="welcome"), "F3", out)
    assert not out.exists()
    monkeypatch.setattr(store_mod.Session, "commit", real)
    entries = audit.list_entries(sample_app, what="letter")
    assert entries and entries[-1]["done"] is False
    # The next letter works, and names the failed entry as void inside the chain.
    svc.render_letter(sample_app, svc.LetterOptions(template="welcome"), "F3", out)
    assert out.exists()
    entries = audit.list_entries(sample_app, what="letter")
    assert [e["done"] for e in entries[-2:]] == [False, True]
    raw = audit.read_log(sample_app.home)
    assert raw[-1]["void"] == [raw[-2]["seq"]]
    result = audit.verify_log(sample_app)
    assert result.ok and result.unconfirmed == 1


def test_a_killed_letter_is_not_placed_under_an_earlier_letters_staging_name(sample_app, tmp_path,
                                                                               monkeypatch):
    """One process writes a letter (committed and placed), then is killed between the second
    letter's entry and its commit: the second letter's staged folder stays behind. The next write
    must drop it, even though meta.json still names the first letter's (placed) folder — a name
    the second letter's folder must never share (found by the crash test's letter window)."""
    from liaison_cli.storage import staging

    first, second = tmp_path / "first.md", tmp_path / "second.md"
    svc.render_letter(sample_app, svc.LetterOptions(template="welcome"), "F3", first)
    assert first.exists()

    class Killed(BaseException):
        pass

    real_manifest = staging.Staged.write_manifest

    def killed(self):
        real_manifest(self)  # inside the commit: the manifest is written, meta.json is not yet
        raise Killed()

    # What a kill -9 there leaves: no commit, and nothing cleaned up after it.
    monkeypatch.setattr(staging.Staged, "write_manifest", killed)
    monkeypatch.setattr(staging.Staged, "discard", lambda self: None)
    with pytest.raises(Killed):
        svc.render_letter(sample_app, svc.LetterOptions(template="welcome"), "F3", second)
    monkeypatch.undo()
    with sample_app.store.write():  # the next write settles staged files
        pass
    assert not second.exists()
    assert [e["done"] for e in audit.list_entries(sample_app, what="letter")[-2:]] == [True, False]
    assert not any((sample_app.home / ".staging").rglob("*"))


def test_forget_that_fails_to_commit_is_not_logged_as_done(sample_app, monkeypatch):
    from liaison_cli.storage.json import session as store_mod

    def failing_commit(self):
        raise StoreError("Could not save your change: the disk is full; nothing was changed.")

    with monkeypatch.context() as m:
        m.setattr(store_mod.Session, "commit", failing_commit)
        with pytest.raises(StoreError):
            privacy.forget_family(sample_app, "F5")
    forgotten = audit.list_entries(sample_app, what="forgotten")
    assert [e["done"] for e in forgotten] == [False]
    # F5 is still there; a later write does not turn the failed entry into a done one.
    svc.render_letter(sample_app, svc.LetterOptions(template="welcome", dry_run=True), "F5")
    from liaison_cli.services.families import FamilyEdit, edit_family

    edit_family(sample_app, "F5", FamilyEdit(notes="still here"))
    assert [e["done"] for e in audit.list_entries(sample_app, what="forgotten")] == [False]


def test_forget_keeps_no_free_text(sample_app):
    with pytest.raises(UsageError, match="asked, left, retention, mistake"):
        privacy.forget_family(sample_app, "F5", why="Ms. Haddad asked after the custody hearing")
    assert not audit.list_entries(sample_app, what="forgotten")
    privacy.forget_family(sample_app, "F5", why="left")
    entry = audit.list_entries(sample_app, what="forgotten")[-1]
    assert entry["why"] == "the family left the school" and entry["done"]


def test_a_restore_never_rolls_the_log_back(sample_app, tmp_path):
    """Restore an old backup, then cut the last lines off the log: verify must notice."""
    backup = sample_app.store.list_backups()[-1].name
    for ref in ("F3", "F4"):
        svc.render_letter(sample_app, svc.LetterOptions(template="welcome"), ref, tmp_path / f"{ref}.md")
    restore_backup(sample_app, backup)
    entries = audit.list_entries(sample_app)
    assert entries[-1]["what"] == "restore" and entries[-1]["done"]
    assert audit.verify_log(sample_app).ok
    path = audit.log_path(sample_app.home)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-3]))  # the two letters and the restore
    result = audit.verify_log(sample_app)
    assert not result.ok and "removed from the end" in result.problem


def test_audit_json_and_table_mark_what_did_not_happen(sample_app, run, monkeypatch):
    """The terminal and --json both say that a failed forget did not happen."""
    from liaison_cli.storage.json import session as store_mod

    def failing_commit(self):
        raise StoreError("Could not save your change: the disk is full; nothing was changed.")

    with monkeypatch.context() as m:
        m.setattr(store_mod.Session, "commit", failing_commit)
        r = run("forget F5 --yes")
        assert r.exit_code == 6
    r = run("audit --json")
    rows = orjson.loads(r.stdout)
    assert rows[-1]["what"] == "forgotten" and rows[-1]["done"] is False
    r = run("audit --what forgotten")
    assert "did not happen" in r.stdout


def test_a_refused_log_says_to_make_it_writable_not_to_free_space(sample_app, tmp_path, monkeypatch):
    # `chattr +i audit.log` gives EPERM: freeing space would not help, and a restore or a
    # forget is not a sharing either.
    _refuse_log(monkeypatch)
    with pytest.raises(StoreError) as caught:
        privacy.export_family(sample_app, "F3", out=tmp_path / "f3")
    message = str(caught.value)
    assert "free space" not in message
    assert f"make {audit.log_path(sample_app.home)} writable" in message
    assert "nothing was shared or changed" in message


def test_an_entry_after_a_log_cut_mid_line_is_a_line_of_its_own(sample_app, tmp_path):
    # A log whose end was cut mid-line (a truncated copy, a sync tool): the next disclosure must
    # still be readable, not glued onto the damaged line.
    privacy.export_family(sample_app, "F3", out=tmp_path / "a")
    log = audit.log_path(sample_app.home)
    log.write_bytes(log.read_bytes()[:-30])
    with sample_app.store.write() as s:
        audit.record_disclosure(sample_app, s, what="export csv families", to_whom="x", why="y",
                                records=["F4"])
    last = log.read_bytes().splitlines()[-1]
    entry = orjson.loads(last)
    assert entry["what"] == "export csv families" and entry["records"] == ["F4"]
    assert not audit.verify(sample_app.home, None).ok  # the damage itself stays visible
