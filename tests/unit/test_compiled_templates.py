"""Compiled templates kept between runs (letters/compiled.py): a second run loads what the first
compiled instead of compiling, an edit or another language compiles afresh, and a damaged,
foreign or unwritable cache only costs the compile."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from liaison_cli.letters import Library, Renderer
from liaison_cli.letters.compiled import FOLDER
from liaison_cli.letters.sandbox import LetterEnvironment

HEAD = "---\ntitle: t\n---\n"


def _template(folder: Path, body: str, lang: str = "en"):
    path = folder / "t" / f"{lang}.md.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD + body, encoding="utf-8")
    return Library([(folder, "yours")]).load("t", lang, "md")


def _run(home: Path, tf, context: dict | None = None) -> tuple[str, int]:
    """One run's letter, and how many templates that run compiled."""
    compiled = []
    original = LetterEnvironment.compile

    def counting(self, *args, **kwargs):
        compiled.append(1)
        return original(self, *args, **kwargs)

    LetterEnvironment.compile = counting
    try:
        renderer = Renderer()  # a new process, as far as templates go
        renderer.cache_dir = home / FOLDER
        text = renderer.render(tf, {"lang": tf.lang, **(context or {})}, who="family F3")
    finally:
        LetterEnvironment.compile = original
    return text, len(compiled)


def test_a_second_run_loads_the_compiled_template(tmp_path):
    tf = _template(tmp_path / "tpl", "Hello {{ name }}, {{ 3|number }}\n")
    home = tmp_path / "home"
    assert _run(home, tf, {"name": "Ana"}) == ("Hello Ana, 3\n", 1)
    assert _run(home, tf, {"name": "Bo"}) == ("Hello Bo, 3\n", 0)
    folder = home / FOLDER
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()] == [0o600]


def test_an_edit_or_another_language_compiles_afresh(tmp_path):
    home = tmp_path / "home"
    assert _run(home, _template(tmp_path / "tpl", "One {{ 1000|number }}\n"))[1] == 1
    assert _run(home, _template(tmp_path / "tpl", "Two {{ 1000|number }}\n")) == ("Two 1,000\n", 1)
    # The same body in a French letter folds its constants with French formatting.
    assert _run(home, _template(tmp_path / "tpl", "Two {{ 1000|number }}\n", "fr")) == ("Two 1\u202f000\n", 1)
    assert _run(home, _template(tmp_path / "tpl", "Two {{ 1000|number }}\n")) == ("Two 1,000\n", 0)
    # The very same template file in a letter written in French: compiled for French.
    english = _template(tmp_path / "tpl", "Two {{ 1000|number }}\n")
    assert _run(home, english, {"lang": "fr"}) == ("Two 1\u202f000\n", 1)
    assert _run(home, english) == ("Two 1,000\n", 0)


@pytest.mark.parametrize("damage", [b"", b"junk", b"j2" + b"\x00" * 40, None])
def test_a_damaged_cache_file_is_compiled_again(tmp_path, damage):
    tf = _template(tmp_path / "tpl", "Hi {{ name }}\n")
    home = tmp_path / "home"
    _run(home, tf, {"name": "A"})
    (cached,) = (home / FOLDER).iterdir()
    data = cached.read_bytes()
    cached.write_bytes(data[:len(data) // 2] if damage is None else damage)
    assert _run(home, tf, {"name": "B"}) == ("Hi B\n", 1)
    assert _run(home, tf, {"name": "C"}) == ("Hi C\n", 0)  # and written whole again


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through a read-only folder")
def test_an_unwritable_home_still_writes_letters(tmp_path):
    tf = _template(tmp_path / "tpl", "Hi\n")
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        assert _run(home, tf) == ("Hi\n", 1)
        assert _run(home, tf) == ("Hi\n", 1)
    finally:
        home.chmod(0o700)


def test_a_cache_folder_that_is_a_file_still_writes_letters(tmp_path):
    tf = _template(tmp_path / "tpl", "Hi\n")
    home = tmp_path / "home"
    home.mkdir()
    (home / FOLDER).write_text("not a folder")
    assert _run(home, tf) == ("Hi\n", 1)
    assert _run(home, tf) == ("Hi\n", 1)


def test_no_cache_folder_means_no_cache(tmp_path):
    tf = _template(tmp_path / "tpl", "Hi\n")
    renderer = Renderer()
    assert renderer.render(tf, {"lang": "en"}, who="x") == "Hi\n"
    assert not any(tmp_path.rglob("*.jinja"))
