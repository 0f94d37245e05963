"""`liaison letter` (a mail merge) and `liaison templates` on the terminal."""

from __future__ import annotations

from . import output

MAX_IDS = 12


def few(ids: list[str]) -> str:
    """The first ids of a list, and how many more."""
    if len(ids) <= MAX_IDS:
        return ", ".join(ids)
    return ", ".join(ids[:MAX_IDS]) + f" and {len(ids) - MAX_IDS} more"


def draw_merge(summary, fmt: str) -> None:
    """What a mail merge wrote, in which languages, and what it recorded."""
    n = len(summary.letters)
    output.echo(f"Wrote {n} letter{'s' if n != 1 else ''} to {output.esc(summary.folder)} "
                f"({summary.template}, {fmt}).")
    langs = ", ".join(f"{lang} {c}" for lang, c in summary.languages.most_common())
    output.echo(f"Languages: {langs}.")
    if summary.fallbacks:
        fb = ", ".join(f"{pair} {c}" for pair, c in summary.fallbacks.most_common())
        output.echo(f"Fallbacks: {fb}.")
    if summary.interpreter_families:
        ids = summary.interpreter_families
        output.echo(f"Interpreter needed for {len(ids)} famil{'y' if len(ids) == 1 else 'ies'} "
                    f"({few(ids)}): arrange one for any call or meeting these letters lead to"
                    + (" (`liaison families --interpreter` lists them)." if len(ids) > MAX_IDS else "."))
    if summary.skipped_closed:
        output.echo(f"Skipped {len(summary.skipped_closed)} closed "
                    f"famil{'y' if len(summary.skipped_closed) == 1 else 'ies'} "
                    f"({few(summary.skipped_closed)}).")
    if summary.dry_run:
        output.echo("Dry run: nothing was recorded.")
    else:
        output.echo(f"Recorded {n} letter contact{'s' if n != 1 else ''}.")


STATUS_CELL = {"master": "master", "ok": "ok", "draft": "draft", "reviewed": "reviewed",
               "stale": "STALE", "missing": "—",
               "error": "ERROR", "no master": "no master"}


def draw_templates(rows, template: str | None) -> None:
    """Templates × languages (one template's languages in detail when `template` is given)."""
    if template:
        _template_detail(rows)
        return
    names = list(dict.fromkeys(r["template"] for r in rows))
    langs = list(dict.fromkeys(r["lang"] for r in rows))
    cell = {(r["template"], r["lang"]): r for r in rows}
    table_rows = []
    for name in names:
        line = [name]
        for lang in langs:
            r = cell.get((name, lang))
            if r is None:
                line.append("")
                continue
            text = STATUS_CELL.get(r["status"], r["status"])
            if r["status"] == "stale":
                text = f"[bold]{text}[/bold]"
            elif r["status"] == "missing":
                text = f"[dim]{text}[/dim]"
            if r["origin"] == "yours":
                text += "*"
            line.append(text)
        table_rows.append(line)
    output.table(["Template", *langs], table_rows,
                 caption="— missing · * yours · draft: not reviewed yet · STALE: the master changed "
                         "(`liaison templates NAME`)")
    problems = [r for r in rows if r["status"] in ("stale", "error")]
    for r in problems:
        output.notice(f"{r['template']}/{r['lang']}: {r['status']}: {r['problem']}")


def _template_detail(rows) -> None:
    present = [r for r in rows if r["status"] != "missing"]
    missing = [r["lang"] for r in rows if r["status"] == "missing"]
    table_rows = [[r["lang"], STATUS_CELL.get(r["status"], r["status"])
                   + ("*" if r["origin"] == "yours" else ""),
                   output.esc(r["title"]), output.esc(r["translator"]), output.esc(r["reviewer"]),
                   r["review_date"]]
                  for r in present]
    name = rows[0]["template"] if rows else ""
    master = rows[0]["current_master_hash"] if rows else ""
    output.table(["Lang", "Status", "Title", "Translator", "Reviewer", "Reviewed"], table_rows,
                 title=f"{name}: English master {master}",
                 caption="* from your templates folder" if any(r["origin"] == "yours" for r in present) else None)
    if missing:
        output.echo(f"Missing: {', '.join(missing)}. A translation copies en.md.j2 to LANG.md.j2 and "
                    f"sets `master_hash: {master}` in its front matter (docs/templates.md).")
    for r in present:
        if r["status"] in ("stale", "error"):
            output.notice(f"{r['lang']}: {r['status']}: {r['problem']}")


def print_sent(report) -> None:
    """What a send or a retry did: refusals and failures as warnings, the rest as notices,
    then the totals."""
    def who(r) -> str:
        return f"{r['family_id']} {output.esc(r.get('guardian', ''))} <{output.esc(r.get('address', ''))}>"

    for r in report.refused:
        output.warn(f"Refused: {who(r)} — {output.esc(r['reason'])}; the address is now marked bad.")
    for r in report.failed:
        output.warn(f"Not sent: {who(r)} — {output.esc(r['reason'])}.")
    for r in report.queued:
        output.notice(f"Queued: {who(r)} — {output.esc(r['reason'])}.")
    for r in report.skipped:
        output.notice(f"Skipped: {r['family_id']} {output.esc(r['guardian'])} — {r['reason']}.")
    for r in report.already:
        output.notice(f"Already {r['status']} today: {r['family_id']} "
                      f"{output.esc(r['guardian'])} (message {r['id']}).")
    output.echo(f"Sent {len(report.sent)}, skipped {len(report.skipped) + len(report.already)}, "
                f"refused {len(report.refused) + len(report.failed)}, queued {len(report.queued)}.")
    if report.queued:
        output.echo("Send the queued ones later: `liaison outbox retry`.")
