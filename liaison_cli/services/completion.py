"""What the shell completes: family ids with their names, template names and languages.

Completion runs on every Tab, so these read only what they need (the roster, the template
folders) and never write.
"""

from __future__ import annotations

from ..core.langs import LETTER_LANGUAGES
from ..core.models import fold
from .app import App

LIMIT = 50  # a shell shows no more usefully


def family_choices(app: App, incomplete: str) -> list[tuple[str, str]]:
    """What completes a family: ids starting with what was typed (F1 → F1, F10, …) with their
    names, or, when a name is being typed, the names starting with it with their ids (every
    command takes a name too). A completion must extend what was typed, so a name comes back
    as typed plus the rest of it (`garc` → `garcía`; names are looked up accents and case
    aside). Active families first, then closed ones."""
    typed = incomplete.strip()
    digits = typed[1:] if typed[:1] in ("F", "f") else typed
    by_id = digits == "" or digits.isdigit()
    wanted = fold(typed)
    with app.store.read() as s:
        roster = s.families.index()
    hits = []
    for key in sorted(roster, key=int):
        row = roster[key]
        fid, name = f"F{key}", row.name
        closed = row.status == "closed"
        if by_id and key.startswith(digits):
            hits.append((closed, int(key), typed[:1] + key if typed[:1] in ("F", "f") else fid,
                         name + (" (closed)" if closed else "")))
        elif not by_id and fold(name).startswith(wanted) and len(name) >= len(typed):
            hits.append((closed, int(key), typed + name[len(typed):],
                         fid + (" (closed)" if closed else "")))
    hits.sort()
    return [(value, help_) for _, _, value, help_ in hits[:LIMIT]]


def template_choices(app: App, incomplete: str) -> list[tuple[str, str]]:
    """Template names (built-in and your own) starting with `incomplete`, with their languages."""
    # Start-up: completing a family name or a language must not load jinja2 and babel, which
    # the letters package does (about 43 ms, measured); only template names need it.
    from .letters import list_templates

    langs: dict[str, list[str]] = {}
    for row in list_templates(app):
        if row.get("status") not in ("missing", "error"):
            langs.setdefault(row["template"], [])
            if row["lang"] not in langs[row["template"]]:
                langs[row["template"]].append(row["lang"])
    return [(name, ", ".join(codes)) for name, codes in langs.items()
            if name.startswith(incomplete.strip().lower())]


def language_choices(incomplete: str, *, auto: bool = False) -> list[tuple[str, str]]:
    """Language codes with letters, with their names (and `auto` where a command takes it),
    whose code or name starts with `incomplete`."""
    typed = fold(incomplete.strip())
    rows = [("auto", "each family's own language")] if auto else []
    rows += [(code, f"{names[0]} — {names[1]}" if names[1] != names[0] else names[0])
             for code, names in LETTER_LANGUAGES.items()]
    return [(code, help_) for code, help_ in rows
            if code.startswith(typed) or fold(help_).startswith(typed)]
