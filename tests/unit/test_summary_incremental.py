"""The contact summary is rebuilt at commit only for the families whose contacts changed; it must
always equal the summary made from the whole contact log."""

from __future__ import annotations

import random

from liaison_cli.core.models import summarize_contacts
from liaison_cli.services.contacts import log_contact
from liaison_cli.services.privacy import forget_family

OUTCOMES = ("reached", "no-answer", "left-message", "wrong-number")


def whole_log_summary(app) -> dict:
    with app.store.read() as s:
        return summarize_contacts(s.contacts.rows().items()), s.contacts.summary()


def test_the_summary_kept_equals_the_whole_logs_after_every_kind_of_change(sample_app):
    rng = random.Random(7)
    app = sample_app
    for i in range(40):
        fid = f"F{rng.randint(1, 12)}"
        day = f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 19):02d}"  # older and newer dates
        log_contact(app, fid, kind=rng.choice(("phone", "text", "home-visit")), note=f"n{i}",
                    when=day, outcome=rng.choice(OUTCOMES))
        if i % 10 == 9:
            whole, kept = whole_log_summary(app)
            assert kept == whole
    forget_family(app, "F3", why="asked")
    whole, kept = whole_log_summary(app)
    assert kept == whole and "F3" not in kept
