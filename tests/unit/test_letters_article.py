"""The article before a service's name in French, Spanish and Portuguese referral notices:
"en relation avec le Centre de santé…", "remití a su familia al Centro de salud…", "a la Ayuda de
emergencia…"; a proper or English name, or one that already has its article, gets none."""

from __future__ import annotations

import pytest

from liaison_cli.letters import Formatter
from liaison_cli.services import letters as svc


@pytest.mark.parametrize("lang,name,prep,expected", [
    ("fr", "Centre de santé communautaire de Riverton", "", "le "),
    ("fr", "Banque alimentaire communautaire de Riverton", "", "la "),
    ("fr", "Aide d'urgence au loyer", "", "l'"),
    ("fr", "Hôpital de Riverton", "", "l'"),
    ("fr", "Halte-garderie des Lilas", "", "la "),
    ("fr", "Services sociaux de Riverton", "", "les "),
    ("fr", "Centre de santé communautaire de Riverton", "à", "au "),
    ("fr", "Services sociaux de Riverton", "de", "des "),
    ("fr", "Banque alimentaire", "à", "à la "),
    ("fr", "La Maison des familles", "", ""),
    ("fr", "L'Épicerie solidaire", "", ""),
    ("fr", "Riverton Public Library", "", ""),
    ("es", "Centro de salud comunitario de Riverton", "a", "al "),
    ("es", "Ayuda de emergencia para pagar la renta", "a", "a la "),
    ("es", "Programa de acceso digital", "de", "del "),
    ("es", "Servicios sociales", "a", "a los "),
    ("es", "Club de ayuda con las tareas", "", "el "),
    ("es", "El Centro Latino", "a", "a "),
    ("es", "Riverton Public Library", "a", "a "),
    ("pt", "Centro de saúde comunitário de Riverton", "", "o "),
    ("pt", "Ajuda de emergência", "a", "à "),
    ("pt", "Clube de ajuda com a lição de casa", "de", "do "),
    ("pt", "Riverton Public Library", "", ""),
    ("vi", "Centre de santé", "", ""),  # no articles to add
])
def test_the_article_a_name_takes(lang, name, prep, expected):
    assert Formatter(lang).article(name, prep) == expected


# (service as recorded, what the French and Spanish notices say before the bold name)
SERVICES = [
    ("Riverton Community Health Center", "en relation avec le **Centre de santé communautaire",
     "remití a su familia al **Centro de salud comunitario"),
    ("Emergency rental assistance", "en relation avec l'**Aide d'urgence",
     "remití a su familia a la **Ayuda de emergencia"),
    ("Homework Help Club", "en relation avec le **Club d'aide aux devoirs",
     "remití a su familia al **Club de ayuda con las tareas"),
    ("Family Shelter Network", "en relation avec le **Réseau d'hébergement",
     "remití a su familia a la **Red de albergues"),
    ("Refugee youth and family counselling", "en relation avec le **Soutien psychologique",
     "remití a su familia a la **Consejería"),
    # A programme named for what it gives: no article is known to fit, none is added.
    ("Weekend Backpack Meals", "en relation avec **Sacs-repas du week-end",
     "remití a su familia a **Mochilas con comida"),
]


@pytest.mark.parametrize("service,fr,es", SERVICES)
def test_a_referral_notice_puts_the_article_the_grammar_needs(sample_app, service, fr, es):
    from liaison_cli.services import referrals

    ref = referrals.refer(sample_app, "F3", service, student="Mateo García",
                          consent_given=True).referral
    for lang, expected in (("fr", fr), ("es", es)):
        text = svc.render_letter(sample_app, svc.LetterOptions(
            template="referral-notice", lang=lang, referral=ref.id, dry_run=True), "F3").content
        line = next(ln for ln in text.splitlines() if "en relation avec" in ln or "remití" in ln)
        if expected is not None:
            assert expected in line, line
        assert "  " not in line  # no doubled space where no article goes
