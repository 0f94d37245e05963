"""Which module under cli/commands holds each command, and its one-line summary for
`liaison --help` (listed without importing the modules: start-up).

tests/cli/test_docs.py keeps this table equal to the commands the modules really define (same
names, same first docstring line).
"""

from __future__ import annotations

# Every command module; importing one registers its commands on cli.app.app.
MODULES = ("setup", "families", "followups", "letters", "referrals", "events", "reports",
           "playbooks", "imports", "exports", "privacy", "crypto", "mail", "db", "team")

# name: (module under liaison_cli/cli/commands, the first line of the command's docstring)
COMMANDS: dict[str, tuple[str, str]] = {
    "today": ("followups", "The day at a glance: what is due, who is owed a call, who cannot be reached, today's events."),
    "followups": ("followups", "List open follow-ups, overdue first, and the families owed a contact."),
    "log": ("followups", "Log a call, visit, message or meeting with a family."),
    "done": ("followups", "Mark a follow-up done (a repeating one schedules its next)."),
    "snooze": ("followups", "Move a follow-up to a later day."),
    "cancel": ("followups", "Cancel a follow-up that is no longer needed."),
    "add-followup": ("followups", "Plan a follow-up without logging a contact."),
    "unreachable": ("followups", "Families you cannot reach: the list to take on a home visit or to the front office."),
    "add-family": ("families", "Add a family. On a terminal, asks for what is missing."),
    "families": ("families", "List families, with filters."),
    "show": ("families", "Show one family: guardians, students, consents and the timeline, newest first."),
    "edit": ("families", "Change a family: set or clear fields, add or remove guardians, students, tags, consents."),
    "close": ("families", "Close a family's case (it stays on record; `reopen` brings it back)."),
    "reopen": ("families", "Reopen a closed family."),
    "letter": ("letters", "Write a letter in the family's own language, or the same letter to many families."),
    "translations": ("letters", "Translations of the text letters take from your config and records (event titles, office hours, supply lists, services)."),
    "email": ("mail", "Set up and check sending letters by email (config.yaml `email:`)."),
    "outbox": ("mail", "List email messages waiting to be sent (queued, unconfirmed) or refused by the server."),
    "inbox": ("mail", "Read replies from the mail folder into each family's timeline, with a follow-up to answer."),
    "templates": ("letters", "List letter templates × languages: which translations exist, and which are stale."),
    "services": ("referrals", "List or search the services directory."),
    "service": ("referrals", "The directory of services families are referred to."),
    "refer": ("referrals", "Refer a family to a service, and plan a check on the outcome."),
    "referrals": ("referrals", "List referrals, newest first."),
    "referral": ("referrals", "Follow one referral: move it along, see its history."),
    "events": ("events", "List events with how many families were invited and came."),
    "event": ("events", "Plan an event, invite families, record who came."),
    "playbooks": ("playbooks", "List the playbooks: the bundled ones and those in your playbooks folder."),
    "playbook": ("playbooks", "Plans of dated steps to settle a family in (newcomer, military-transfer, …)."),
    "report": ("reports", "The figures for a principal or a grant: families served, contacts, languages, referrals, events."),
    "import": ("imports", "Bring families in from the student information system or a spreadsheet."),
    "export": ("exports", "Write families, contacts, follow-ups, referrals or events out for a spreadsheet, a calendar or a parent."),
    "forget": ("privacy", "Erase a family and every record about them: store, backups and exports."),
    "audit": ("privacy", "The disclosure log: every letter, export and referral that shared family data."),
    "encrypt": ("crypto", "Encrypt the store and its backups with a passphrase (needs `pip install 'liaison[crypto]'`)."),
    "decrypt": ("crypto", "Write the store and its backups unencrypted again (asks for the passphrase)."),
    "db": ("db", "Set up and check the district's PostgreSQL database."),
    "team": ("team", "The district team: who covers which schools."),
    "assign": ("team", "Assign a family to a liaison, or hand one liaison's caseload to another."),
    "init": ("setup", "Create config.yaml and an empty store in the home folder."),
    "paths": ("setup", "Show where the config, store, backups and templates are."),
    "restore": ("setup", "Bring the store back to how it was before one of the last 10 changes."),
}
