"""add-family, families, show, edit, close, reopen."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ...core.dates import parse_every, parse_iso
from ...core.models import Guardian
from ...core.suggest import choice_error
from ...errors import UsageError
from ...services import families as svc
from ...services.families import parse_lang, parse_langs
from ..completion import complete_family, complete_language
from ..context import STATE
from ..render import output, pager
from ..render.family import show_result
from ..render.result import Result
from ..root import command
from .options import JSON

GUARDIAN_SPEC = ("\"NAME[:RELATIONSHIP[:PHONE[:EMAIL[:LANG[:interpreter]]]]][:speaks=quc,es]"
                 "[:reads=es]\"")


def parse_guardian(spec: str, flag: str = "--guardian"):
    """"NAME[:RELATIONSHIP[:PHONE[:EMAIL[:LANG[:interpreter]]]]]", with `speaks=…` and
    `reads=…` anywhere after the name → Guardian."""

    parts = [p.strip() for p in spec.split(":")]
    if not parts[0]:
        raise UsageError(f"A guardian needs a name first, like {flag} \"Rosa García:mother\".")
    langs: dict[str, list[str]] = {"speaks": [], "reads": []}
    positional = [parts[0]]
    for part in parts[1:]:
        key, sep, val = part.partition("=")
        if sep and key.strip().lower() in langs:
            langs[key.strip().lower()] = parse_langs(val, f"{flag} {key.strip().lower()}")
        else:
            positional.append(part)
    if len(positional) > 6:
        raise UsageError(f"{flag} is written {GUARDIAN_SPEC}; {spec!r} has too many parts.")
    positional += [""] * (6 - len(positional))
    return Guardian(name=positional[0], relationship=positional[1], phone=positional[2],
                    email=positional[3], language=parse_lang(positional[4], f"{flag} language"),
                    interpreter=positional[5].lower() in ("interpreter", "yes", "y", "true"),
                    speaks=langs["speaks"], reads=langs["reads"])


def family_json(f) -> dict[str, Any]:
    return f.to_dict()


@command("add-family")
def add_family(
    name: Annotated[str | None, typer.Option("--name", help="Family (household) name.", show_default=False)] = None,
    guardian: Annotated[list[str] | None, typer.Option("--guardian", help="A parent or guardian: \"NAME[:RELATIONSHIP[:PHONE[:EMAIL[:LANG[:interpreter]]]]]\", optionally with :speaks=quc,es and :reads=es. Repeat for more.", show_default=False)] = None,
    relationship: Annotated[str | None, typer.Option("--relationship", help="The first guardian's relationship (mother, father, aunt, …).", show_default=False)] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="The first guardian's phone.", show_default=False)] = None,
    email: Annotated[str | None, typer.Option("--email", help="The first guardian's email.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", autocompletion=complete_language, help="The first guardian's preferred language: a code or a name (es, quc, Somali, K'iche', …).", show_default=False)] = None,
    speaks: Annotated[list[str] | None, typer.Option("--speaks", help="Languages the first guardian speaks, best first: --speaks quc --speaks es, or --speaks quc,es.", show_default=False)] = None,
    reads: Annotated[list[str] | None, typer.Option("--reads", help="Languages the first guardian reads, best first; letters use the first one that has a template.", show_default=False)] = None,
    interpreter: Annotated[bool, typer.Option("--interpreter", help="The first guardian needs an interpreter.")] = False,
    student: Annotated[list[str] | None, typer.Option("--student", help="\"NAME:GRADE[:SCHOOL[:TEACHER]][:gender=f|m]\" (gender optional: letters agree with it); SCHOOL is one of config.yaml's schools (name or short code). Repeat for each child.", show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="newcomer, refugee, military, housing-insecure, … Repeatable.", show_default=False)] = None,
    barrier: Annotated[list[str] | None, typer.Option("--barrier", help="language, transport, finances, housing, health, … Repeatable.", show_default=False)] = None,
    consent: Annotated[list[str] | None, typer.Option("--consent", help="KIND[:DATE] with KIND home-visit, photos or sharing. Repeatable.", show_default=False)] = None,
    home_lang: Annotated[str | None, typer.Option("--home-lang", help="Language spoken at home, a code or a name (default: the guardian's).", show_default=False)] = None,
    address: Annotated[str | None, typer.Option("--address", show_default=False)] = None,
    arrival: Annotated[str | None, typer.Option("--arrival", help="Arrival or enrolment date, YYYY-MM-DD.", show_default=False)] = None,
    notes: Annotated[str | None, typer.Option("--notes", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Add it even when it looks like a family already on record.")] = False,
    json: JSON = False,
) -> Result:
    """Add a family. On a terminal, asks for what is missing.

    A family already on record (the same name, accents and case aside, and the same phone; or,
    without phones, the same guardian) is refused with exit 4 and its id, unless --force.

    Example: liaison add-family --name "García" --guardian "Rosa García:mother" --phone "617-555-0134" --lang es --student "Ana:3:Lincoln" --tag newcomer
    """

    interactive = output.is_terminal()
    if not name:
        if not interactive:
            raise UsageError("Missing --name; give the family's name, like --name \"García\".")
        name = typer.prompt("Family name")
        if not guardian:
            g = typer.prompt("Parent or guardian's name (blank to skip)", default="", show_default=False)
            guardian = [g] if g.strip() else []
        if guardian and phone is None:
            phone = typer.prompt("Their phone (blank to skip)", default="", show_default=False)
        if guardian and lang is None:
            lang = typer.prompt("Their preferred language (es, ar, vi, … blank to skip)", default="", show_default=False)
    guardians = [parse_guardian(g) for g in (guardian or [])]
    if (phone or email or lang or relationship or interpreter or speaks or reads) and not guardians:
        raise UsageError("--phone, --email, --lang, --speaks, --reads, --relationship and --interpreter describe a guardian; add --guardian NAME.")
    if guardians:
        first = guardians[0]
        first.relationship = relationship or first.relationship
        first.phone = phone or first.phone
        first.email = email or first.email
        first.language = svc.parse_lang(lang) or first.language
        first.interpreter = interpreter or first.interpreter
        first.speaks = svc.parse_langs(speaks, "--speaks") or first.speaks
        first.reads = svc.parse_langs(reads, "--reads") or first.reads
    today = STATE.today
    if arrival:

        arrival = parse_iso(arrival).isoformat()
    consents = dict(svc.parse_consent(c, today) for c in (consent or []))
    students = [svc.parse_student(s) for s in (student or [])]
    svc.check_schools(STATE.app(), students)
    fam = svc.add_family(
        STATE.app(), name=name, guardians=guardians, students=students,
        home_language=svc.parse_lang(home_lang, "--home-lang"), address=address or "",
        tags=[svc.parse_tag(t) for t in (tag or [])], barriers=[b.strip().lower() for b in (barrier or [])],
        consents=consents, arrival=arrival or "", notes=notes or "", force=force,
    )
    return Result(family_json(fam), lambda: output.echo(
        f"Added {fam.id} {output.esc(fam.name)}. Next: `liaison log {fam.id} --kind phone --note ...`"))


def _lang_of(f) -> str:
    lang = f.language or f.home_language
    return f"{lang}{' (int.)' if f.interpreter_needed else ''}"


@command("families")
def list_families(
    search: Annotated[str | None, typer.Argument(help="Words to look for in names, phones, notes (accents and case ignored).", show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Only families with this tag (repeat: all of them).", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Only families who speak this language.", show_default=False)] = None,
    school: Annotated[str | None, typer.Option("--school", help="Only families with a student at this school (name or short code).", show_default=False)] = None,
    grade: Annotated[str | None, typer.Option("--grade", help="Only families with a student in this grade.", show_default=False)] = None,
    barrier: Annotated[str | None, typer.Option("--barrier", help="Only families facing this barrier.", show_default=False)] = None,
    status: Annotated[str, typer.Option("--status", help="active, closed or all.")] = "active",
    interpreter: Annotated[bool | None, typer.Option("--interpreter/--no-interpreter", help="Only families who need (or do not need) an interpreter.", show_default=False)] = None,
    text: Annotated[str | None, typer.Option("--search", help="Same as the SEARCH argument.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every row, not the first page.")] = False,
    json: JSON = False,
) -> Result:
    """List families, with filters.

    Example: liaison families --tag newcomer --lang ar
    """

    if status not in ("active", "closed", "all"):
        raise choice_error("--status", status, ("active", "closed", "all"))
    flt = svc.FamilyFilter(
        tag=[svc.parse_tag(t) for t in (tag or [])], lang=svc.parse_lang(lang), school=school or "",
        grade=grade or "", barrier=barrier or "", status=status, text=" ".join(filter(None, [search, text])),
        interpreter=interpreter,
    )
    app_ = STATE.app()
    fams = svc.list_families(app_, flt)
    return Result(lambda: [family_json(f) for f in fams],
                  lambda: _draw_families(fams, app_.config.page_size, all_))


def _draw_families(fams, page_size: int | None, all_: bool) -> None:
    if not fams:
        output.echo("No families match.")
        return
    shown = output.page(fams, page_size, all_, "families")
    rows = []
    for f in shown:
        g = f.primary
        who = f"{output.esc(g.name)} {output.esc(g.phone)}".strip() if g else ""
        kids = ", ".join(f"{output.esc(s.name)} ({s.grade})" if s.grade else output.esc(s.name) for s in f.students)
        rows.append([f.id, output.esc(f.name) + (" [dim](closed)[/dim]" if f.status == "closed" else ""),
                     who, _lang_of(f), kids, output.esc(", ".join(f.tags))])
    with pager.paged():
        output.table(["ID", "Family", "Guardian", "Lang", "Students", "Tags"], rows,
                     caption=f"{len(fams)} famil{'y' if len(fams) == 1 else 'ies'}")


@command()
def show(
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.", autocompletion=complete_family)],
    json: JSON = False,
) -> Result:
    """Show one family: guardians, students, consents and the timeline, newest first.

    Example: liaison show F7
    """
    return show_result(family)


@command()
def edit(
    family: Annotated[list[str], typer.Argument(metavar="FAMILY...", autocompletion=complete_family, help="Family id (F7) or name; several families (F1 F2 F3) for --tag and --untag.", show_default=False)],
    name: Annotated[str | None, typer.Option("--name", show_default=False)] = None,
    home_lang: Annotated[str | None, typer.Option("--home-lang", help="Language spoken at home: a code or a name (quc, K'iche', Somali).", show_default=False)] = None,
    address: Annotated[str | None, typer.Option("--address", show_default=False)] = None,
    arrival: Annotated[str | None, typer.Option("--arrival", help="YYYY-MM-DD.", show_default=False)] = None,
    notes: Annotated[str | None, typer.Option("--notes", show_default=False)] = None,
    cadence: Annotated[str | None, typer.Option("--cadence", help="How often to reach this family: 1w, 2w, 10d.", show_default=False)] = None,
    add_tag: Annotated[list[str] | None, typer.Option("--add-tag", "--tag", help="Add a tag (repeatable; on every family named).", show_default=False)] = None,
    remove_tag: Annotated[list[str] | None, typer.Option("--remove-tag", "--untag", help="Remove a tag (repeatable; on every family named).", show_default=False)] = None,
    add_barrier: Annotated[list[str] | None, typer.Option("--add-barrier", show_default=False)] = None,
    remove_barrier: Annotated[list[str] | None, typer.Option("--remove-barrier", show_default=False)] = None,
    add_guardian: Annotated[list[str] | None, typer.Option("--add-guardian", help="\"NAME[:RELATIONSHIP[:PHONE[:EMAIL[:LANG[:interpreter]]]]]\", optionally with :speaks=quc,es and :reads=es.", show_default=False)] = None,
    remove_guardian: Annotated[list[str] | None, typer.Option("--remove-guardian", help="Guardian's name.", show_default=False)] = None,
    set_guardian: Annotated[list[str] | None, typer.Option("--set-guardian", help="\"NAME:field=value[:field=value]\" with fields relationship, phone, email, lang, speaks, reads (languages in order: reads=es,en), interpreter (yes/no).", show_default=False)] = None,
    add_student: Annotated[list[str] | None, typer.Option("--add-student", help="\"NAME:GRADE[:SCHOOL[:TEACHER]][:gender=f|m]\"; SCHOOL is one of config.yaml's schools (name or short code).", show_default=False)] = None,
    remove_student: Annotated[list[str] | None, typer.Option("--remove-student", show_default=False)] = None,
    consent: Annotated[list[str] | None, typer.Option("--consent", help="Record consent: KIND[:DATE] (home-visit, photos, sharing).", show_default=False)] = None,
    withdraw_consent: Annotated[list[str] | None, typer.Option("--withdraw-consent", help="home-visit, photos or sharing.", show_default=False)] = None,
    bad_email: Annotated[list[str] | None, typer.Option("--bad-email", help="Mark this guardian's email bad (it bounces): letters skip it.", show_default=False)] = None,
    good_email: Annotated[list[str] | None, typer.Option("--good-email", help="Mark this guardian's email working again.", show_default=False)] = None,
    bad_phone: Annotated[list[str] | None, typer.Option("--bad-phone", help="Mark this guardian's phone bad (wrong number, disconnected).", show_default=False)] = None,
    good_phone: Annotated[list[str] | None, typer.Option("--good-phone", help="Mark this guardian's phone working again.", show_default=False)] = None,
    unset: Annotated[list[str] | None, typer.Option("--unset", help="Clear a field: address, arrival, notes, home-lang, cadence.", show_default=False)] = None,
    json: JSON = False,
) -> Result:
    """Change a family: set or clear fields, add or remove guardians, students, tags, consents.

    Removals apply first, then changes, then additions, whatever their order on the line, so
    --remove-student Yusuf --add-student "Yusuf:5:HES" replaces Yusuf.

    Tags change on several families at once, in one write (all or none): `edit F1 F2 F3 --tag
    newcomer`, `edit F4 F5 --untag military`.

    Example: liaison edit F7 --add-tag refugee --set-guardian "Rosa:phone=617-555-0199"
    """
    # Only the parameters are local yet: every option given besides the tags.
    others = [n for n, v in locals().items() if v and n not in ("family", "add_tag", "remove_tag", "json")]

    if len(family) > 1:
        if others:
            raise UsageError("With several families, edit changes tags only (--tag, --untag); "
                             "change other fields one family at a time.")
        results = svc.tag_families(STATE.app(), family, [svc.parse_tag(t) for t in add_tag or []],
                                   [svc.parse_tag(t) for t in remove_tag or []])
        return Result([family_json(fam) for fam, _ in results], lambda: [
            output.echo(f"Updated {fam.id}: {', '.join(changed)}." if changed
                        else f"Nothing to change for {fam.id}.") for fam, changed in results])
    family = family[0]

    e = svc.FamilyEdit(name=name, address=address, notes=notes)
    if home_lang is not None:
        e.home_language = svc.parse_lang(home_lang, "--home-lang")
    if arrival is not None:
        e.arrival = parse_iso(arrival).isoformat()
    if cadence is not None:

        e.cadence_days = parse_every(cadence)
    for field in unset or []:
        key = field.strip().lower().replace("_", "-")
        if key == "cadence":
            e.clear_cadence = True
        elif key in ("address", "arrival", "notes", "home-lang"):
            setattr(e, "home_language" if key == "home-lang" else key, "")
        else:
            raise UsageError(f"--unset {field!r}: choose address, arrival, notes, home-lang or cadence.")
    e.add_tags = [svc.parse_tag(t) for t in add_tag or []]
    e.remove_tags = [svc.parse_tag(t) for t in remove_tag or []]
    e.add_barriers = [b.strip().lower() for b in add_barrier or []]
    e.remove_barriers = [b.strip().lower() for b in remove_barrier or []]
    e.add_guardians = [parse_guardian(g, "--add-guardian") for g in add_guardian or []]
    e.remove_guardians = list(remove_guardian or [])
    for spec in set_guardian or []:
        gname, *pairs = [p.strip() for p in spec.split(":")]
        changes: dict[str, Any] = {}
        for pair in pairs:
            k, sep, v = pair.partition("=")
            k = k.strip().lower()
            if not sep or k not in ("relationship", "phone", "email", "lang", "language", "interpreter", "name", "speaks", "reads"):
                raise UsageError("--set-guardian is written NAME:field=value[:field=value], with fields relationship, phone, email, lang, speaks, reads or interpreter.")
            if k in ("lang", "language"):
                changes["language"] = svc.parse_lang(v, f"--set-guardian {k}")
            elif k in ("speaks", "reads"):
                changes[k] = svc.parse_langs(v, f"--set-guardian {k}")
            elif k == "interpreter":
                changes["interpreter"] = v.strip().lower() in ("yes", "y", "true", "1")
            else:
                changes[k] = v.strip()
        if not changes:
            raise UsageError("--set-guardian changes nothing; add field=value after the name, like \"Rosa:phone=617-555-0199\".")
        e.set_guardian[gname] = changes
    for names, kind, bad in ((bad_email, "email", True), (good_email, "email", False),
                             (bad_phone, "phone", True), (good_phone, "phone", False)):
        for gname in names or []:
            e.mark.append((gname, kind, bad))
    e.add_students = [svc.parse_student(s) for s in add_student or []]
    svc.check_schools(STATE.app(), e.add_students)
    e.remove_students = list(remove_student or [])
    e.add_consents = dict(svc.parse_consent(c, STATE.today) for c in consent or [])
    e.remove_consents = [svc.parse_consent(c, STATE.today)[0] for c in withdraw_consent or []]
    fam, changed = svc.edit_family(STATE.app(), family, e)
    return Result(family_json(fam), lambda: output.echo(
        f"Updated {fam.id}: {', '.join(changed)}." if changed else
        f"Nothing to change for {fam.id}; see `liaison edit --help` for what can change."))


@command()
def close(
    family: Annotated[str, typer.Argument(help="Family id (F7) or name.", autocompletion=complete_family)],
    reason: Annotated[str | None, typer.Option("--reason", help="Why: moved away, graduated, …", show_default=False)] = None,
) -> Result:
    """Close a family's case (it stays on record; `reopen` brings it back).

    Example: liaison close F7 --reason "moved to Texas"
    """

    if not reason:
        raise UsageError("Missing --reason; say why, like --reason \"moved away\".")
    fam = svc.close_family(STATE.app(), family, reason)
    return Result(family_json(fam), lambda: output.echo(f"Closed {fam.id}."))


@command()
def reopen(family: Annotated[str, typer.Argument(help="Family id (F7) or name.", autocompletion=complete_family)]) -> Result:
    """Reopen a closed family.

    Example: liaison reopen F7
    """

    fam = svc.reopen_family(STATE.app(), family)
    return Result(family_json(fam), lambda: output.echo(f"Reopened {fam.id}."))
