"""One letter: for a family — recorded as a `letter` contact and in the disclosure log, in the
same write session that read the family (`dry_run` reads only) — or, without one, the generic
pack; and the context a template would get (`letter --context`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...core.models import Family, Guardian
from ...errors import ConflictError, UsageError
from ...letters import jsonable
from ...storage import Session
from ..app import App
from ..audit import record_disclosure
from ..contacts import record_contact
from ..families import get_family
from ..referrals import get_referral
from .context import Context
from .options import LetterOptions, parse_letter_lang, pick_guardian
from .results import Letter
from .writer import Writer, as_bytes, reader_languages, write_file


def _record(s: Session, app: App, family: Family, guardian: Guardian | None, lt: Letter) -> str:
    contact = record_contact(
        s, app, family, kind="letter", summary=f"Letter: {lt.template} ({lt.lang})",
        date=app.today, direction="to", guardian=guardian.name if guardian else "",
        language=lt.lang, letter={"template": lt.template, "lang": lt.lang, "version": lt.version},
    )
    return contact.id


def _to_whom(family: Family, guardian: Guardian | None) -> str:
    role = (guardian.relationship or "guardian") if guardian else "household"
    return f"family {family.id} ({role})"


def render_letter(app: App, opts: LetterOptions, family_ref: str | None = None,
                  out: Path | None = None) -> Letter:
    """One letter: for a family (recorded unless dry_run) or, without one, the generic pack."""
    w = Writer(app, opts)
    if w.fmt == "pdf" and out is None:
        raise UsageError("A PDF letter needs --out FILE.pdf (PDF is not printed to the terminal).")
    if out is not None and out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name, or use --all/--tag/--families "
                         "to write one letter per family into it.")
    if out is not None and not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist; create it or choose another --out.")
    lang_opt = parse_letter_lang(opts.lang)
    if family_ref is None and opts.referral:
        family_ref = _referral_family(app, opts.referral)
    if family_ref is None:
        with app.store.read() as s:
            asked = w.asked_for(lang_opt, None, None)
            r = w.resolve(asked)
            builder = Context(app, s, opts, w.template, w.renderer)
            ctx = builder.generic(r.lang, asked)
            notices = w.notices(r, reader_languages(asked, None, None), ctx)
            content = w.render(r, ctx, "the generic letter (no family: guard family fields "
                               "with {% if family %})", notices)
        lt = w.letter(r, content, notices, english=builder.english_left(r.lang, w.last_text),
                      review=w.review(r))
        if out is not None:
            write_file(out, content)
            lt.path = out
        return lt
    session = app.store.read() if opts.dry_run else app.store.write()
    with session as s:
        family = get_family(s, family_ref)
        if family.status == "closed" and not opts.dry_run:
            raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` first, "
                                "or add --dry-run to only see the letter.")
        guardian = pick_guardian(family, opts.guardian)
        asked = w.asked_for(lang_opt, guardian, family)
        r = w.resolve(asked)
        builder = Context(app, s, opts, w.template, w.renderer)
        ctx = builder.for_family(family, guardian, r.lang, asked)
        notices = w.notices(r, reader_languages(asked, guardian, family), ctx)
        content = w.render(r, ctx, f"family {family.id}", notices)
        lt = w.letter(r, content, notices, family_id=family.id,
                      guardian=guardian.name if guardian else "",
                      interpreter_needed=family.interpreter_needed,
                      english=builder.english_left(r.lang, w.last_text), review=w.review(r))
        if out is not None:
            if opts.dry_run:
                write_file(out, content)  # a preview the liaison asked for; nothing recorded
            else:
                # Into place only once its contact and disclosure entry are committed.
                s.stage_output(out, as_bytes(content), durable=False)
            lt.path = out
        if not opts.dry_run:
            lt.contact_id = _record(s, app, family, guardian, lt)
            record_disclosure(app, s, what="letter", to_whom=_to_whom(family, guardian),
                              why=w.log_title, records=[family.id],
                              detail=f"{w.template} ({lt.lang}, {w.fmt})")
    return lt


def _referral_family(app: App, ref: str) -> str:
    with app.store.read() as s:
        return get_referral(s, ref).family_id


def letter_context(app: App, opts: LetterOptions, family_ref: str | None = None) -> dict[str, Any]:
    """The context a template would get, as JSON-ready data (for `letter --context`)."""
    w = Writer(app, opts)
    lang_opt = parse_letter_lang(opts.lang)
    with app.store.read() as s:
        if family_ref is None and opts.referral:
            family_ref = _referral_family(app, opts.referral)
        ctx_builder = Context(app, s, opts, w.template, w.renderer)
        if family_ref is None:
            asked = w.asked_for(lang_opt, None, None)
            return jsonable(ctx_builder.generic(w.resolve(asked).lang, asked))
        family = get_family(s, family_ref)
        guardian = pick_guardian(family, opts.guardian)
        asked = w.asked_for(lang_opt, guardian, family)
        return jsonable(ctx_builder.for_family(family, guardian, w.resolve(asked).lang, asked))
