"""letter, templates: letters in the family's own language, one or a mail merge."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...config import write_private_text
from ...errors import UsageError
from ...services import translations as translations_svc
from .. import mailpass
from ..completion import complete_family, complete_letter_language, complete_template
from ..context import STATE
from ..render import output
from ..render.letters import draw_merge, draw_templates, few, print_sent
from ..render.result import Result, use_json
from ..root import command, group


@command("letter")
def letter(
    template: Annotated[str, typer.Argument(autocompletion=complete_template, help="welcome, home-visit, event-invite, conference-reminder, referral-notice, tried-to-reach (see `liaison templates`).")],
    family: Annotated[str | None, typer.Option("--family", "-f", autocompletion=complete_family, help="The family to write to (id or name). Without it: the generic letter, or a mail merge with --all/--tag/--families/--event.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", autocompletion=complete_letter_language, help="A language code (es, ar, es-MX) or auto: the guardian's preferred language. Default: auto for a family, else config default_language.", show_default=False)] = None,
    guardian: Annotated[str | None, typer.Option("--guardian", help="Address the letter to this guardian (part of the name); default the first.", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, txt, html or pdf (pdf needs the pdf extra and --out).")] = "md",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file (a folder for a mail merge) instead of the terminal.", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Render only: record no contact and no disclosure.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Mail merge: every active family.")] = False,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Mail merge: families with this tag (repeat: all of them).", show_default=False)] = None,
    families: Annotated[str | None, typer.Option("--families", help="Mail merge: these families, like F1,F2,F7.", show_default=False)] = None,
    event: Annotated[str | None, typer.Option("--event", help="The event to invite to (event-invite); alone, a mail merge to the event's invited families.", show_default=False)] = None,
    generic: Annotated[bool, typer.Option("--generic", help="The generic letter (no family) even with --event, e.g. a flyer for the door.")] = False,
    times: Annotated[str | None, typer.Option("--times", help="home-visit: the times to offer, like \"monday 4pm, wednesday 5:30pm\" (default: the next 3 school days at 4 pm).", show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", help="conference-reminder: the day, like thursday or 2026-12-03.", show_default=False)] = None,
    time: Annotated[str | None, typer.Option("--time", help="conference-reminder: the time, like 3:30pm.", show_default=False)] = None,
    place: Annotated[str | None, typer.Option("--place", help="conference-reminder: where, like \"Room 12\".", show_default=False)] = None,
    teacher: Annotated[str | None, typer.Option("--teacher", help="conference-reminder: the teacher (default: the student's).", show_default=False)] = None,
    referral: Annotated[str | None, typer.Option("--referral", help="referral-notice: the referral, like R3 (default: the family's open one).", show_default=False)] = None,
    context: Annotated[bool, typer.Option("--context", help="Print the data the template would get, as JSON, and stop (records nothing).")] = False,
    send: Annotated[bool, typer.Option("--send", help="Email the letter to each guardian with a working address (config.yaml `email:`); with --dry-run, list who would get what.")] = False,
    attach_pdf: Annotated[bool, typer.Option("--attach-pdf", help="With --send: attach the letter as a PDF too (needs the pdf extra).")] = False,
    json: Annotated[bool, typer.Option("--json", help="With --out or --send: print what was written or sent as JSON.", callback=use_json)] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List the English strings from your config or records that a non-English letter still prints (`liaison translations`).")] = False,
) -> Result:
    """Write a letter in the family's own language, or the same letter to many families.

    With no family, prints the generic letter (no names: "Dear family") — for `welcome`, the
    pack for walk-in families, about every school. On a terminal it first offers to pick a
    family. A letter for a family is recorded as a `letter` contact unless --dry-run.
    With --send it is emailed instead (plain text and HTML in each guardian's language) and
    recorded as an `email` contact once the server took it; see `liaison outbox`.

    Example: liaison letter welcome --family F3 --lang auto --format pdf --out garcia.pdf
    """
    # Here, not at the top: the letters package loads jinja2 and babel, which `translations`
    # (in this module) never needs (start-up, benchmarks/startup.py).
    from ...services import letters as svc

    opts = svc.LetterOptions(
        template=template, lang=lang, fmt=fmt, guardian=guardian, times=times, event=event,
        conference_date=date, conference_time=time, conference_place=place,
        conference_teacher=teacher, referral=referral, dry_run=dry_run,
    )
    sel = svc.Selection(
        all_=all_, tags=list(tag or []),
        families=[f.strip() for f in (families or "").split(",") if f.strip()],
        event=event if (event and not family and not generic) else None,
    )
    if family and sel.given:
        raise UsageError("Use --family for one letter, or --all/--tag/--families for a mail "
                         "merge, not both.")
    if attach_pdf and not send:
        raise UsageError("--attach-pdf goes with --send.")
    app_ = STATE.app()
    if send:
        if out is not None or context:
            raise UsageError("--send emails the letter; leave out --out and --context.")
        if not family and not sel.given:
            raise UsageError("--send needs --family F3, or --all/--tag/--families/--event for many.")
        return _send(app_, opts, sel, family, attach_pdf)
    if context:
        if sel.given:
            raise UsageError("--context shows one letter's data; add --family F3 instead of a "
                             "mail merge.")
        data = svc.letter_context(app_, opts, family)
        return Result(data, lambda: output.print_json(data))  # JSON, with or without --json
    if sel.given:
        return _merge(app_, opts, sel, out, verbose)
    if family is None and not generic and not referral and output.is_terminal():
        picked = typer.prompt("Family id for a personal letter (blank for the generic letter)",
                              default="", show_default=False).strip()
        family = picked or None
    lt = svc.render_letter(app_, opts, family, out)
    if lt.fallback:
        output.warn(svc.fallback_warning(lt))
    if lt.converted_from:
        output.notice(svc.converted_notice(lt))
    # A letter in a language the reader may not read always asks for an interpreter.
    if lt.foreign or (lt.interpreter_needed and lt.family_id):
        output.notice(svc.interpreter_reminder(lt.family_id, lt.foreign))
    if lt.review in ("draft", "stale"):
        output.notice(svc.draft_warning(lt.lang, lt.review))
    if lt.english:
        output.warn(svc.english_warning(lt))
        if verbose:
            for text in lt.english:
                output.notice(f"  {output.esc(text)}")

    def recorded() -> None:  # on stderr, after the letter or the line saying where it went
        if lt.contact_id:
            output.notice(f"Recorded {lt.contact_id}: letter {lt.template} ({lt.lang}) to {lt.family_id}.")
        elif lt.family_id and dry_run:
            output.notice("Dry run: nothing was recorded.")

    def letter_text() -> None:
        sys.stdout.write(lt.content if isinstance(lt.content, str) else "")
        sys.stdout.flush()

    def wrote() -> None:
        output.echo(f"Wrote {output.esc(out)} ({lt.template}, {lt.lang}, {lt.fmt}).")

    if out is None:
        use_json(False)  # --json goes with --out or --send: without them, the letter is printed
        return Result(lt.to_dict, letter_text, after=recorded)
    return Result(lt.to_dict, wrote, after=recorded)


def _merge(app_, opts, sel, out: Path | None, verbose: bool = False) -> Result:
    # Here, not at the top: the letters package loads jinja2 and babel, which `translations`
    # (in this module) never needs (start-up, benchmarks/startup.py).
    from ...services import letters as svc

    if out is None:
        raise UsageError("A mail merge writes one file per family; add --out FOLDER.")
    with output.progress("Writing letters") as progress:
        summary = svc.mail_merge(app_, opts, sel, out, progress)
    for pair, n in sorted(summary.fallbacks.items()):
        asked, used = pair.split(" → ")
        output.warn(svc.merge_fallback_warning(asked, used, n))
    for lang, n in sorted(summary.drafts.items()):
        output.notice(svc.draft_warning(lang, "unreviewed", n))
    for lang, strings in summary.english.items():
        output.warn(svc.merge_english_warning(lang, len(strings)))
        if verbose:
            for text in strings:
                output.notice(f"  {output.esc(text)}")
    converted = next((lt for lt in summary.letters if lt.converted_from), None)
    if converted is not None:
        output.notice(svc.converted_notice(converted))
    return Result(lambda: summary.to_dict(), lambda: draw_merge(summary, opts.fmt))


def _send(app_, opts, sel, family: str | None, attach_pdf: bool) -> Result:
    # Here, not at the top: the outbox renders letters (jinja2, babel) for --send only.
    from ...services.mail import outbox as outbox_svc

    pw = "" if opts.dry_run else mailpass.for_app(app_, "smtp")
    with output.progress("Sending letters") as progress:
        report = outbox_svc.send_letters(app_, opts, sel if not family else None, family, password=pw,
                                  attach_pdf=attach_pdf, progress=progress)
    for fb in report.fallbacks:
        output.warn(f"{fb['family_id']}: no {fb['asked']} translation of {report.template} yet; "
                    f"the email is in {fb['lang']}.")
    return Result(lambda: report.to_dict(), lambda: _draw_sent(report, opts.dry_run))


def _draw_sent(report, dry_run: bool) -> None:
    if report.skipped_closed:
        output.echo(f"Skipped {len(report.skipped_closed)} closed famil"
                    f"{'y' if len(report.skipped_closed) == 1 else 'ies'} ({few(report.skipped_closed)}).")
    if dry_run:
        for p in report.planned:
            output.echo(f"Would send {report.template} ({p['lang']}) to {p['family_id']} "
                        f"{output.esc(p['guardian'])} <{output.esc(p['address'])}>.")
        for r in report.skipped:
            output.echo(f"Would skip {r['family_id']} {output.esc(r['guardian'])}: {r['reason']}.")
        output.echo(f"Dry run: {len(report.planned)} message{'s' if len(report.planned) != 1 else ''} "
                    "would be sent; nothing was sent or recorded.")
        return
    print_sent(report)


@command("templates")
def templates(
    template: Annotated[str | None, typer.Argument(autocompletion=complete_template, help="Show one template's languages in detail.", show_default=False)] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (one object per template × language).", callback=use_json)] = False,
) -> Result:
    """List letter templates × languages: which translations exist, and which are stale.

    Each translation is a draft (nobody fluent has reviewed it: its front matter has no
    reviewer and review_date), reviewed, or stale: the English master changed after it was
    translated (its front matter's master_hash no longer matches). A letter from a draft or a
    stale translation says so on stderr. Files in your templates folder (config
    templates_dir) override the built-in ones and are marked *.

    Example: liaison templates welcome
    """
    # Here, not at the top: the letters package loads jinja2 and babel, which `translations`
    # (in this module) never needs (start-up, benchmarks/startup.py).
    from ...services import letters as svc

    rows = svc.list_templates(STATE.app(), template)
    return Result(rows, lambda: draw_templates(rows, template))


# --------------------------------------------------------------------------- translations

translations_app = group("translations",
    help="Translations of the text letters take from your config and records (event titles, office hours, supply lists, services).",
    invoke_without_command=True)


@translations_app.callback()
def translations(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (one object per language).", callback=use_json)] = False,
) -> Result | None:
    """Translations of the text letters take from your config and records (event titles, office hours, supply lists, services).

    Lists, per language, how many of the English strings letters print are translated and how
    many are missing. Each language has one catalogue in the home folder
    (translations/LANG.po); translators work on it with `translations export LANG` and
    `translations import FILE.po`.

    Example: liaison translations
    """
    if ctx.invoked_subcommand is not None:
        use_json(False)  # this --json is the listing's: `translations --json export es` prints the PO
        return None

    rows = translations_svc.status(STATE.app())
    return Result(rows, lambda: _draw_translations(rows))


def _draw_translations(rows) -> None:
    total = rows[0]["strings"] if rows else 0
    output.table(["Lang", "Language", "Translated", "Missing"],
                 [[r["lang"], output.esc(r["language"]), str(r["translated"]),
                   str(r["missing"]) if r["missing"] else "0"] for r in rows],
                 caption=f"{total} English strings from config and records appear in letters; "
                         "`liaison translations export LANG` writes them for a translator")


@translations_app.command("export")
def translations_export(
    lang: Annotated[str, typer.Argument(help="The language to translate into: es, ar, vi, …")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the PO file here instead of the terminal.", show_default=False)] = None,
) -> Result:
    """Write a gettext PO file of every English string letters print, for a translator.

    msgid is the English text, msgctxt where it comes from ("event E4 title", "office hours",
    "supply list item", "service S2 description"); msgstr holds what is already translated
    (marked fuzzy when it is a translation of the same text made for another place). Open it
    in Poedit or any PO editor, translate, and read it back with `liaison translations import`.

    Example: liaison translations export es --out es.po
    """

    data = translations_svc.export_po(STATE.app(), lang)
    if out is None:
        text = data.decode("utf-8")

        def po_file() -> None:
            sys.stdout.write(text)
            sys.stdout.flush()

        return Result(text, po_file)
    if out.is_dir():
        raise _usage(f"--out {out} is a folder; give a file name like {translations_svc.parse_lang(lang)}.po.")

    write_private_text(out, data)
    return Result({"wrote": str(out)}, lambda: output.echo(f"Wrote {output.esc(out)}."))


@translations_app.command("import")
def translations_import(
    file: Annotated[Path, typer.Argument(help="A PO file made by `translations export` and translated.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Its language, when the file's header does not say.", show_default=False)] = None,
    json: Annotated[bool, typer.Option("--json", help="Print what was imported as JSON.", callback=use_json)] = False,
) -> Result:
    """Read a translated PO file into the home folder's catalogue for its language.

    Empty and fuzzy entries change nothing; every other msgstr becomes the translation letters
    use for its msgid in that place (and for the same English text elsewhere, until that place
    has its own).

    Example: liaison translations import es.po
    """

    res = translations_svc.import_po(STATE.app(), file, lang)
    return Result(res.to_dict(), lambda: _draw_imported(res))


def _draw_imported(res) -> None:
    output.echo(f"Imported into {res.lang}: {res.added} new, {res.changed} changed, "
                f"{res.unchanged} unchanged translations; {res.missing} strings still missing.")
    if res.skipped_fuzzy:
        output.notice(f"Skipped {res.skipped_fuzzy} fuzzy entr{'y' if res.skipped_fuzzy == 1 else 'ies'}: "
                      "check them in your PO editor, clear the fuzzy mark, and import again.")


def _usage(message: str):
    return UsageError(message)
