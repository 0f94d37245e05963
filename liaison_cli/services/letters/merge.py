"""Mail merge: one letter per family (per guardian when guardians read different languages)
into a folder, every family rendered before anything is written, all recorded in ONE write
session with one disclosure-log entry, so 1,000 letters are one commit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields as dc_fields
from pathlib import Path
from typing import Any

from ...config import ensure_private_dir
from ...core.models import Contact, Family, Guardian, fold
from ...errors import NotFoundError, UsageError
from ..app import App
from ..audit import record_disclosure
from ..selection import Selection, select
from .context import Context
from .options import LetterOptions, parse_letter_lang, pick_guardian
from .results import Letter, MergeSummary
from .writer import Writer, as_bytes, reader_languages, write_file

# --------------------------------------------------------------------------- mail merge


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", fold(text).encode("ascii", "ignore").decode()).strip("-")
    return s[:40].strip("-")


def merge_file_name(family: Family, template: str, lang: str, fmt: str) -> str:
    """"F3-garcia-welcome-es.md"; names in other scripts leave only the id."""
    slug = _slug(family.name)
    return "-".join(p for p in (family.id, slug, template, lang) if p) + f".{fmt}"


def _contact_record(app: App, family: Family, guardian: Guardian | None, lt: Letter,
                    stamp: str) -> dict[str, Any]:
    """The stored form of a letter contact: a models.Contact without its id, exactly as
    contacts.record_contact stores one."""
    c = Contact(id="", family_id=family.id, date=app.today.isoformat(), kind="letter",
                summary=f"Letter: {lt.template} ({lt.lang})", direction="to",
                guardian=guardian.name if guardian else "", language=lt.lang,
                letter={"template": lt.template, "lang": lt.lang, "version": lt.version},
                created=stamp, updated=stamp)
    d = {f.name: getattr(c, f.name) for f in dc_fields(Contact)}
    d["letter"] = dict(c.letter)
    del d["id"]
    return d


def mail_merge(app: App, opts: LetterOptions, sel: Selection, folder: Path,
               progress: Callable[[int, int], None] | None = None) -> MergeSummary:
    """One letter per family (per guardian when guardians read different languages) into
    `folder`; every letter recorded in one write session, with one disclosure-log entry."""
    w = Writer(app, opts)
    lang_opt = parse_letter_lang(opts.lang)
    summary = MergeSummary(folder=folder, template=w.template, dry_run=opts.dry_run)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {folder} is a file; a mail merge writes into a folder.")
    session = app.store.read() if opts.dry_run else app.store.write()
    with session as s:
        families, summary.skipped_closed = select(app, s, sel)
        if not families:
            raise NotFoundError("No active family matches; check the tag, ids or event "
                                "(`liaison families --tag …`).")
        ctx_builder = Context(app, s, opts, w.template, w.renderer)
        total = len(families)
        # Render everything before writing anything: a template that fails for the 300th
        # family leaves no half-written folder and records nothing.
        rendered: list[tuple[Family, Guardian | None, Letter, str | bytes]] = []
        for done, family in enumerate(families, start=1):
            for guardian, asked, r in _letters_for(w, family, lang_opt, app.config.default_language):
                ctx = ctx_builder.for_family(family, guardian, r.lang, asked)
                notices = w.notices(r, reader_languages(asked, guardian, family), ctx)
                content = w.render(r, ctx, f"family {family.id}", notices)
                # The content goes to disk; the summary keeps only what was sent to whom.
                lt = w.letter(r, "", notices, family_id=family.id,
                              guardian=guardian.name if guardian else "",
                              interpreter_needed=family.interpreter_needed,
                              english=ctx_builder.english_left(r.lang, w.last_text),
                              review=w.review(r))
                rendered.append((family, guardian, lt, content))
            if progress is not None:
                progress(done, total)
        stamp = app.stamp()
        records: list[dict[str, Any]] = []  # the letters' contacts, in order
        recorded: list[Letter] = []
        if opts.dry_run:
            ensure_private_dir(folder, tighten=False)  # letter files carry names and languages
        for family, guardian, lt, content in rendered:
            path = folder / merge_file_name(family, w.template, lt.lang, w.fmt)
            if opts.dry_run:
                write_file(path, content)  # a preview the liaison asked for; nothing recorded
            else:
                # Staged: the folder fills only once the contacts and the entry are committed.
                s.stage_output(path, as_bytes(content), durable=False)
            lt.path = path
            if not opts.dry_run:
                records.append(_contact_record(app, family, guardian, lt, stamp))
                recorded.append(lt)
            summary.letters.append(lt)
        # All at once, not one add() per letter: the JSON store rewrites a file on every
        # insert, which made 1,000 letters take seconds.
        if records:
            for lt, n in zip(recorded, s.contacts.add_many(records), strict=True):
                lt.contact_id = f"C{n}"
        if not opts.dry_run and summary.letters:
            ids = [lt.family_id for lt in summary.letters if lt.family_id]
            record_disclosure(app, s, what="letter",
                              to_whom=f"{len(set(ids))} families (mail merge)",
                              why=w.log_title, records=ids,
                              detail=f"{w.template} ({w.fmt}), {len(summary.letters)} letters")
    return summary


def _letters_for(w: Writer, family: Family, lang_opt: str | None, default: str):
    """(guardian, asked, resolved) per letter: one per language actually used, addressed to
    the first guardian who reads it. An explicit --lang gives one letter, to the first guardian
    (or the one --guardian names)."""
    if (lang_opt and lang_opt != "auto") or w.opts.guardian or len(family.guardians) < 2:
        g = pick_guardian(family, w.opts.guardian)
        asked = w.asked_for(lang_opt, g, family)
        return [(g, asked, w.resolve(asked))]
    out = []
    seen: set[str] = set()
    for g in family.guardians:
        asked = w.asked_for(lang_opt, g, family)
        r = w.resolve(asked)
        if r.lang not in seen:
            seen.add(r.lang)
            out.append((g, asked, r))
    return out
