"""The use cases. Each function takes an `App` and plain values and returns records or raises
LiaisonError; nothing here prints, exits, reads the environment or asks the clock for today.

    app.py            the App every use case takes: home folder, config, store, today
    families.py       add, find, list, edit, close, reopen (family_input.py reads what is typed;
                      lookup.py finds one family by id or name)
    duplicates.py     when two families are one household (add-family and every import)
    contacts.py       logging a contact, and the follow-up it promises
    scheduling.py     a follow-up's record and the school day it lands on (below contacts and
                      followups, which both schedule follow-ups)
    followups.py      the daily loop: done, snooze, cancel, add (due.py: what is due; cadence.py:
                      who is owed a contact, who cannot be reached)
    today.py          the morning screen; timeline.py a family's history
    events.py         events, invitations, attendance (event_records.py: finding an event)
    selection.py      which families `--all`, `--tag`, `--families`, `--school`, `--event` choose
    letters/          letters: one, the generic pack, a mail merge; see its __init__
    translations.py   translations of config and record text that letters print
    mail/             letters by email (SMTP out, IMAP replies in); see its __init__
    referrals.py      the services directory and referrals (directory.py edits services)
    playbooks.py      plans of dated follow-ups to settle a family in
    reports.py        the report for the principal or a grant
    imports/          families brought in: a spreadsheet CSV or a OneRoster export
    exports.py        CSV, JSON and iCalendar exports
    privacy.py        forgetting a family, encryption at rest (family_copy.py: a parent's copy)
    audit.py          the disclosure log
    setup.py          init, paths, backups, restore; completion.py what the shell completes
    team.py           the district team: who covers which schools, handovers
    district.py       the district database's schema and settings; movein.py a home moved in

Imports between these modules are at module level and form no cycle; an import inside a
function is there for start-up time only, and says what it saves.
"""

from .app import App, open_app

__all__ = ["App", "open_app"]
