"""A family for the golden letters that exercises agreement: a Vietnamese grandmother (who
needs an interpreter) raising three grandchildren at two schools — a girl, a boy and a child
whose gender is not recorded — taught by Mrs., Mr. and Dr.; five failed attempts to reach her
in November and one logged after the letters' date. Added to the sample caseload, so the
sample's own families (and the tests that read them) do not change."""

from __future__ import annotations

import datetime as dt

from liaison_cli.core.models import Guardian
from liaison_cli.services import contacts, families, referrals
from liaison_cli.services.app import open_app

ATTEMPTS = (("2026-11-03", "phone", "no-answer"), ("2026-11-06", "text", "no-answer"),
            ("2026-11-10", "phone", "left-message"), ("2026-11-13", "home-visit", "no-answer"),
            ("2026-11-17", "phone", "no-answer"),
            # after the letter's date (LIAISON_TODAY 2026-11-20): never in the letter
            ("2026-11-24", "phone", "no-answer"))


def add_grandmother_family(app) -> str:
    fam = families.add_family(
        app, name="Nguyễn", home_language="vi", force=True,
        guardians=[Guardian(name="Trần Thị Hoa", relationship="grandmother", phone="617-555-0190",
                            language="vi", interpreter=True)],
        students=[families.parse_student("Nguyễn Thị Lan:6:Roosevelt Middle School:Mrs. Kowalski:gender=f"),
                  families.parse_student("Nguyễn Minh Khoa:8:Roosevelt Middle School:Mr. Thompson-Hale:gender=m"),
                  families.parse_student("Nguyễn Bảo An:2:Lincoln Elementary:Dr. Patel")],
    )
    later = open_app(app.home, dt.date(2026, 11, 30))  # logs the one after the letters' date
    for day, kind, outcome in ATTEMPTS:
        contacts.log_contact(later, fam.id, kind=kind, note="No answer.", when=day,
                             outcome=outcome)
    referrals.refer(app, fam.id, "Homework Help Club", student="Nguyễn Thị Lan", consent_given=True)
    return fam.id
