"""The layout's rules, checked (issue 12; docs/DEVELOPING.md explains the rooms):

* import-linter's contracts in pyproject.toml hold: no import cycle between sibling modules or
  packages anywhere in liaison_cli, and the layers (the command line on the services on the
  store, the letters and the sample; the core rules below them all);
* no module is over 400 lines;
* no module imports another module's private (underscore) name.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "liaison_cli"
MAX_LINES = 400


def test_the_import_contracts_hold(monkeypatch):
    from importlinter.cli import lint_imports

    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0, \
        "an import breaks a contract in pyproject.toml [tool.importlinter] (details above)"


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by job (each at most {MAX_LINES} lines): {long}"


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _private_imports(path: Path) -> list[str]:
    """`from X import _name` where X is another module of the project."""
    here = _module_of(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package.split(".")
            base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        if not source.startswith("liaison_cli"):
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__") and source != here:
                found.append(f"{here}: from {source} import {alias.name}")
    return found


def test_no_module_imports_another_modules_private_names():
    found = [hit for p in sorted(PACKAGE.rglob("*.py")) for hit in _private_imports(p)]
    assert not found, "make the name public, or move it where it is used:\n" + "\n".join(found)


def test_the_private_import_check_sees_one(tmp_path):
    """The check itself: a planted private import is found."""
    planted = PACKAGE / "services" / "zz_planted_probe.py"
    try:
        planted.write_text("from .families import _planted\n", encoding="utf-8")
        assert _private_imports(planted) == [
            "liaison_cli.services.zz_planted_probe: from liaison_cli.services.families import _planted"]
    finally:
        planted.unlink()


def _library_privates(path: Path) -> list[str]:
    """Imports of a library's private module or name (rich._wrap, typer._click): a private
    part can change in any release, so only the public API is used."""
    def private(dotted: str) -> bool:
        return any(p.startswith("_") and not p.startswith("__") for p in dotted.split("."))

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module \
                and not node.module.startswith("liaison_cli"):
            if private(node.module) or any(private(a.name) for a in node.names):
                found.append(f"{_module_of(path)}:{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            found += [f"{_module_of(path)}:{node.lineno}: import {a.name}" for a in node.names
                      if not a.name.startswith("liaison_cli") and private(a.name)]
    return found


def test_no_module_uses_a_librarys_private_parts():
    found = [hit for p in sorted(PACKAGE.rglob("*.py")) for hit in _library_privates(p)]
    assert not found, "use the library's public API:\n" + "\n".join(found)


def _uncommented_function_imports(path: Path) -> list[str]:
    """Imports inside a function with no comment saying why: on the import's line, or above the
    block of imports (and `try:` or `if …:` lines) it belongs to."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for fn in ast.walk(ast.parse(text)):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or "#" in lines[node.lineno - 1]:
                continue
            j = node.lineno - 2
            while j >= 0:
                line = lines[j].strip()
                if line.startswith("#") or ("#" in line and line.startswith(("if ", "try:", "import ", "from "))):
                    break
                if line == "" or line.startswith(("import ", "from ", "if ", "elif ")) or line == "try:":
                    j -= 1
                    continue
                j = -1
            if j < 0:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def test_every_import_inside_a_function_says_why():
    """An import inside a function is there for start-up only (benchmarks/startup.py measures
    it) and says so in a comment; anything else belongs at the top of the module."""
    found = [hit for p in sorted(PACKAGE.rglob("*.py")) for hit in _uncommented_function_imports(p)]
    assert not found, "move these to the top, or say why they wait:\n" + "\n".join(found)


def test_no_command_reads_its_json_option():
    """--json chooses the renderer once (cli/render/result.py); commands and views return a
    Result and never branch on the option themselves."""
    views = [*sorted((PACKAGE / "cli" / "commands").glob("*.py")),
             *(p for p in sorted((PACKAGE / "cli" / "render").glob("*.py")) if p.name != "result.py")]
    found = [f"{p.relative_to(ROOT)}:{n.lineno}" for p in views
             for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(n, ast.Name) and n.id == "json" and isinstance(n.ctx, ast.Load)]
    assert not found, "return a Result instead of branching on --json:\n" + "\n".join(found)
