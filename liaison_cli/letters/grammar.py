"""The words a letter's language puts around the data it prints: a grade's local name with the
US name beside it ("3e année (Grade 3)"), and the preposition and definite article a French,
Spanish or Portuguese sentence puts before a service or programme name ("al Centro de
salud…"). Formatter (formatting.py) offers both to templates as the `grade` and `article`
filters.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.langs import RTL
from ..errors import TemplateError
from .context import is_missing
from .typography import FSI, PDI

# US grade names: shown beside the local name in every language ("3e année (Grade 3)"), so a
# parent schooled in France, West Africa or Latin America knows which US grade is meant.
US_GRADES = {"PK": "Pre-K", "K": "Kindergarten"}
_AR_ORDINALS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
                "التاسع", "العاشر", "الحادي عشر", "الثاني عشر")
_PRS_ORDINALS = ("اول", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم", "دهم",
                 "یازدهم", "دوازدهم")
_ZH_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
# language → (Pre-K, Kindergarten, grade n). The local names as the translations had them.
LOCAL_GRADES: dict[str, tuple[str, str, Any]] = {
    "es": ("prekínder", "kínder", lambda n: f"{n}.{'er' if n in (1, 3) else 'º'} grado"),
    "fr": ("pré-maternelle", "maternelle", lambda n: "1re année" if n == 1 else f"{n}e année"),
    "ht": ("klas prematènèl", "klas matènèl", lambda n: "premye ane" if n == 1 else f"{n}yèm ane"),
    "pt": ("pré-escola", "jardim de infância", lambda n: f"{n}º ano"),
    "vi": ("lớp tiền mẫu giáo", "lớp mẫu giáo", lambda n: f"lớp {n}"),
    "so": ("Xanaanada hore", "Xanaanada", lambda n: f"Fasalka {n}aad"),
    "ar": ("مرحلة ما قبل الروضة", "الروضة", lambda n: f"الصف {_AR_ORDINALS[n - 1]}"),
    "prs": ("پیش از کودکستان", "کودکستان", lambda n: f"صنف {_PRS_ORDINALS[n - 1]}"),
    "zh": ("幼儿园中班", "幼儿园大班", lambda n: f"{_ZH_NUMERALS[n - 1]}年级"),
}


def grade_name(base: str, g: Any, cap: bool = False) -> str:
    """A grade (PK, K, 1 … 12) as the language `base` names it, with the US name beside
    it: "3e année (Grade 3)", "三年级（Grade 3）"; English just "Grade 3". `cap` starts it
    with a capital (for the start of a line)."""
    if is_missing(g):
        return str(g)  # prints the field's own error
    code = str(g).strip().upper()
    number = int(code) if code.isdigit() else 0
    if code in US_GRADES:
        us = US_GRADES[code]
    elif 1 <= number <= 12:
        us = f"Grade {number}"
    else:
        raise TemplateError(f"|grade needs PK, K or 1 to 12, got {str(g)[:20]!r}")
    local = LOCAL_GRADES.get(base)
    if local is None:
        text = us
    else:
        pk, k, nth = local
        name = pk if code == "PK" else k if code == "K" else nth(number)
        if base in RTL:
            us = FSI + us + PDI  # keeps "Grade 3" in its order inside the Arabic script
        text = f"{name}（{us}）" if base == "zh" else f"{name} ({us})"
    return text[:1].upper() + text[1:] if cap else text


def article(base: str, name: Any, prep: str = "") -> str:
    """The preposition and definite article a service or programme name takes in a French,
    Spanish or Portuguese (`base`) sentence, to print before it: `{{ name|article("a") }}` gives
    "al " before "Centro de salud…", "a la " before "Ayuda de emergencia…". Only for a name
    that opens with a common noun whose gender is known (`_NOUN_GENDER`) and carries no
    article of its own; any other name (a proper name, an English one) gets `prep` alone."""
    bare = f"{prep} " if prep else ""
    table = _NOUN_GENDER.get(base)
    words = [] if is_missing(name) else str(name).strip().split()
    if not words or table is None:
        return bare  # a missing name fails where it is printed, with its own message
    first = words[0].casefold()
    head = re.split(r"['’]", first)[0] + ("'" if re.search(r"['’]", first) else "")
    if head in _ARTICLES[base] or first in _ARTICLES[base]:
        return bare
    gender = table.get(first) or table.get(first.split("-")[0])  # "Halte-garderie"
    if gender is None:
        return bare
    if base == "fr":
        elided = first[0] in "aeiouyâàéèêîïôûœ" or first in _FR_H_MUET
        art = ("les " if gender.endswith("p") else "l'" if elided else
               "le " if gender == "m" else "la ")
        joined = {("à", "le "): "au ", ("à", "les "): "aux ", ("de", "le "): "du ",
                  ("de", "les "): "des "}.get((prep, art))
    elif base == "es":
        art = {"m": "el ", "f": "la ", "mp": "los ", "fp": "las "}[gender]
        joined = {("a", "el "): "al ", ("de", "el "): "del "}.get((prep, art))
    else:  # pt: "ao", "à", "do", "na"…
        art = {"m": "o ", "f": "a ", "mp": "os ", "fp": "as "}[gender]
        joined = {"a": {"o ": "ao ", "a ": "à ", "os ": "aos ", "as ": "às "}.get(art),
                  "de": "d" + art, "em": "n" + art}.get(prep)
    return joined or bare + art


# The gender (m, f; mp, fp for plurals) of the nouns service and programme names open with,
# for `article`: "Centre de santé communautaire de Riverton" is masculine.
_NOUN_GENDER: dict[str, dict[str, str]] = {
    "fr": {"centre": "m", "club": "m", "programme": "m", "service": "m", "services": "mp",
           "bureau": "m", "réseau": "m", "groupe": "m", "institut": "m", "hôpital": "m",
           "office": "m", "fonds": "m", "comité": "m", "conseil": "m", "département": "m",
           "projet": "m", "atelier": "m", "soutien": "m", "accueil": "m", "cabinet": "m",
           "dispensaire": "m",
           "banque": "f", "aide": "f", "association": "f", "maison": "f", "clinique": "f",
           "fondation": "f", "bibliothèque": "f", "école": "f", "organisation": "f",
           "coalition": "f", "ligue": "f", "permanence": "f", "épicerie": "f", "halte": "f",
           "assistance": "f", "antenne": "f", "cellule": "f", "mission": "f", "paroisse": "f"},
    "es": {"centro": "m", "club": "m", "programa": "m", "servicio": "m", "servicios": "mp",
           "banco": "m", "grupo": "m", "instituto": "m", "hospital": "m", "fondo": "m",
           "comité": "m", "consejo": "m", "departamento": "m", "proyecto": "m", "taller": "m",
           "consultorio": "m", "ayuda": "f", "consejería": "f", "asistencia": "f",
           "asociación": "f", "casa": "f", "oficina": "f", "clínica": "f", "fundación": "f", "red": "f", "biblioteca": "f",
           "escuela": "f", "organización": "f", "coalición": "f", "liga": "f", "despensa": "f",
           "iglesia": "f", "universidad": "f"},
    "pt": {"centro": "m", "clube": "m", "programa": "m", "serviço": "m", "serviços": "mp",
           "banco": "m", "grupo": "m", "instituto": "m", "hospital": "m", "fundo": "m",
           "comitê": "m", "conselho": "m", "departamento": "m", "projeto": "m",
           "ajuda": "f", "assistência": "f", "associação": "f", "casa": "f", "clínica": "f",
           "fundação": "f", "rede": "f", "biblioteca": "f", "escola": "f", "organização": "f",
           "coalizão": "f", "liga": "f", "despensa": "f", "igreja": "f", "universidade": "f"},
}
_FR_H_MUET = {"hôpital"}  # "l'Hôpital", but "la Halte"
# A name that already opens with an article keeps it: "La Casa Latina", "l'Épicerie solidaire".
_ARTICLES = {"fr": {"le", "la", "les", "l'"}, "es": {"el", "la", "los", "las"},
             "pt": {"o", "a", "os", "as"}}
