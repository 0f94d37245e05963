"""The liaison's role in a translated letter: named once, in the letter's words.

Translations write the role themselves ("Enlace familiar"); they used to add the configured
title after it, which the sample catalogue also translates, so a Haitian parent read
"Responsab lyezon ak fanmi yo (Responsab lyezon ak fanmi yo)". The configured title now follows
the role only when it is the liaison's own (not the default "Family Liaison"), in the letter's
language when the catalogue has it and in English when not.
"""

from __future__ import annotations

import pytest

from liaison_cli.services import letters as svc
from liaison_cli.services import translations

# Each translation's own words for the role, as its templates sign.
ROLE = {"es": "Enlace familiar", "ar": "حلقة الوصل بين الأسرة والمدرسة",
        "vi": "Nhân viên liên lạc gia đình", "zh": "家校联络员",
        "so": "Xiriiriyaha Qoysaska iyo Dugsiga", "ht": "Responsab lyezon ak fanmi yo",
        "pt": "Agente de ligação com as famílias",
        "fr": "Responsable de la liaison avec les familles", "prs": "مسؤول ارتباط خانواده و مکتب"}
TEMPLATES = {"welcome": {}, "home-visit": {}, "event-invite": {"event": "E4"},
             "conference-reminder": {"conference_date": "2026-12-02", "conference_time": "3:30pm"},
             "tried-to-reach": {}}
OWN = "Multilingual Family Outreach Coordinator"


def _letter(app, template: str, lang: str) -> svc.Letter:
    return svc.render_letter(app, svc.LetterOptions(template=template, lang=lang, dry_run=True,
                                                    **TEMPLATES[template]), "F3")


def _signature(text: str, lang: str) -> str:
    """The line that signs: the last one with the role on it."""
    return [ln for ln in text.splitlines() if ROLE[lang].casefold() in ln.casefold()][-1]


@pytest.mark.parametrize("lang", sorted(ROLE))
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_the_default_title_is_not_repeated_after_the_role(sample_app, template, lang):
    translated = translations.load_catalogue(sample_app.home, lang).get("liaison title",
                                                                        "Family Liaison")
    assert translated  # the sample catalogue translates the default title
    text = _letter(sample_app, template, lang).content
    assert "Family Liaison" not in text
    assert _signature(text, lang).strip().endswith(ROLE[lang])
    for line in text.splitlines():
        assert f"({translated})" not in line and f"（{translated}）" not in line, line


def _titled(text: str, lang: str, title: str) -> None:
    """The one line that carries `title`: the role, then the title in brackets (right-to-left
    letters isolate the Latin title)."""
    lines = [ln.replace("\u2068", "").replace("\u2069", "") for ln in text.splitlines()
             if title in ln]
    assert len(lines) == 1, lines
    bracketed = f"（{title}）" if lang == "zh" else f" ({title})"
    assert lines[0].endswith(ROLE[lang] + bracketed) or \
        lines[0].endswith(ROLE[lang].lower() + bracketed), lines[0]


@pytest.mark.parametrize("lang", sorted(ROLE))
def test_a_title_of_her_own_follows_the_role_in_english_until_it_is_translated(sample_app, lang):
    sample_app.config.liaison.title = OWN
    lt = _letter(sample_app, "welcome", lang)
    _titled(lt.content, lang, OWN)
    assert OWN in lt.english  # counted as English the letter still prints

    cat = translations.load_catalogue(sample_app.home, lang)
    mine = f"{lang.upper()} coordinator"
    cat.entries[("liaison title", OWN)] = mine
    translations.save_catalogue(sample_app.home, cat)
    lt = _letter(sample_app, "welcome", lang)
    assert OWN not in lt.content and OWN not in lt.english
    _titled(lt.content, lang, mine)


def test_an_english_letter_still_signs_with_the_configured_title(sample_app):
    text = _letter(sample_app, "welcome", "en").content
    assert text.rstrip().endswith("Family Liaison")
    sample_app.config.liaison.title = OWN
    assert _letter(sample_app, "welcome", "en").content.rstrip().endswith(OWN)
