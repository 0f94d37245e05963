"""Shell completion: the callbacks that complete family ids, templates and languages, and one
completion end to end through the environment variables the installed script sets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from liaison_cli.services import completion as svc

pytestmark = pytest.mark.both_backends


def test_family_ids_complete_with_their_names(sample_app):
    got = svc.family_choices(sample_app, "F4")
    assert got[:3] == [("F4", "Chen (陈)"), ("F40", "Vargas"), ("F42", "Baker")]
    assert got[-1] == ("F41", "Zhang (张) (closed)")  # closed ones last
    assert [v for v, _ in svc.family_choices(sample_app, "f1")][:2] == ["f1", "f10"]  # as typed
    assert len(svc.family_choices(sample_app, "")) == 42  # every family of the sample


def test_a_name_being_typed_completes_to_the_name(sample_app):
    assert svc.family_choices(sample_app, "garc") == [("garcía", "F3")]
    assert svc.family_choices(sample_app, "Garc") == [("García", "F3")]
    assert svc.family_choices(sample_app, "garci") == [("garcia", "F3")]  # accents aside
    assert svc.family_choices(sample_app, "zzz") == []


def test_templates_and_languages_complete(sample_app):
    templates = dict(svc.template_choices(sample_app, ""))
    assert {"welcome", "home-visit", "event-invite", "tried-to-reach"} <= set(templates)
    assert "es" in templates["welcome"].split(", ")
    assert [t for t, _ in svc.template_choices(sample_app, "w")] == ["welcome"]
    assert svc.language_choices("so") == [("so", "Somali — Soomaali")]
    assert ("prs", "Dari — دری") in svc.language_choices("da")  # by name too
    assert svc.language_choices("au", auto=True)[0][0] == "auto"
    assert svc.language_choices("au") == []


def test_the_cli_callbacks_read_the_home_from_the_command_line(sample_app, monkeypatch):
    import typer

    from liaison_cli.cli import completion
    from liaison_cli.cli.context import STATE
    from liaison_cli.cli.root import app

    monkeypatch.delenv("LIAISON_HOME")
    root = typer.Context(typer.main.get_command(app), info_name="liaison")
    root.params["home"] = str(sample_app.home)
    ctx = typer.Context(typer.main.get_command(app), parent=root, info_name="show")
    try:
        assert completion.complete_family(ctx, "F3")[0] == ("F3", "García")
        assert ("welcome" in dict(completion.complete_template(ctx, "we")))
        root.params["home"] = str(sample_app.home / "nowhere")
        STATE._app = None
        assert completion.complete_family(ctx, "F") == []  # no store there: nothing, no error
    finally:
        STATE.home_option, STATE._app = None, None
    assert completion.complete_letter_language("a")[0][0] == "auto"


def _complete(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "liaison_cli"], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


@pytest.mark.parametrize("words,cword,expected", [
    ("liaison sh", "1", ["show"]),
    ("liaison show F4", "2", ["F4", "F40", "F42", "F41"]),
    ("liaison letter w", "2", ["welcome"]),
    ("liaison letter welcome --lang s", "4", ["so"]),
    ("liaison log F3 --ki", "3", ["--kind"]),
])
def test_bash_completion_end_to_end(sample_app, words, cword, expected):
    r = _complete({"_LIAISON_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.split() == expected


def test_zsh_completion_shows_names_and_the_scripts_install_for_every_shell(sample_app):
    r = _complete({"_LIAISON_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "liaison show F4"})
    assert r.returncode == 0 and '"F40":"Vargas"' in r.stdout
    for shell, marker in (("bash", "complete -o default -F _liaison_completion liaison"),
                          ("zsh", "#compdef liaison"), ("fish", "complete --command liaison"),
                          ("powershell", "Register-ArgumentCompleter")):
        out = subprocess.run([sys.executable, "-m", "liaison_cli", "--show-completion", shell],
                             capture_output=True, text=True, timeout=60,
                             env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
        assert out.returncode == 0 and marker in out.stdout, shell
