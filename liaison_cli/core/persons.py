"""What a letter may say about the people it names: gender, kinship and first names.

Pure rules, no I/O. Letters in Spanish, Portuguese, French, Arabic and Somali agree with the
gender of the staff they name and of the child they speak about, and a grandmother raising
her granddaughter reads "su nieta", not "su hijo o hija". Each answer is "f", "m" or "x"
(not known): a template then uses a neutral wording (the child's name, "the teacher"),
never a hedge like "Professor(a)".
"""

from __future__ import annotations

import re
import unicodedata

GENDERS = ("f", "m", "x")
_GENDER_WORDS = {
    "f": "f", "female": "f", "girl": "f", "woman": "f", "w": "f",
    "m": "m", "male": "m", "boy": "m", "man": "m",
    "x": "x", "": "x", "unknown": "x", "other": "x", "nonbinary": "x", "non-binary": "x",
}
GENDER_HELP = "f (female), m (male) or x (not said)"

# Honorifics as staff names are typed in US schools (and by families in their own languages).
_HONORIFICS = {
    "mr": "m", "mister": "m", "sr": "m", "senor": "m", "don": "m", "m": "m", "monsieur": "m",
    "mrs": "f", "ms": "f", "miss": "f", "mme": "f", "mlle": "f", "madame": "f", "sra": "f",
    "srta": "f", "senora": "f", "dona": "f",
    # Mx, Dr, Prof, Coach, Rev say nothing about gender.
}
_HONORIFIC_RE = re.compile(r"^\s*([A-Za-zÀ-ÿ]+)\.?\s+\S")

# Relationship words (folded), by how the guardian is related to the child.
_GRANDPARENT = {"grandmother", "grandma", "granny", "grandfather", "grandpa", "grandparent",
                "abuela", "abuelo", "avo", "avó", "grand-mere", "grand-pere", "grandmere",
                "grandpere", "nani", "nana", "dadi"}
_PARENT = {"mother", "mom", "mum", "mommy", "father", "dad", "daddy", "parent", "stepmother",
           "stepmom", "stepfather", "stepdad", "stepparent", "madre", "padre", "mama", "papa",
           "mere", "pere", "mae", "pai", "adoptive"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def parse_gender(text: str | None, what: str = "gender") -> str:
    """"f", "m" or "x" from what a liaison types (f, female, girl, …); ValueError otherwise."""
    key = _fold(text or "")
    if key not in _GENDER_WORDS:
        raise ValueError(f"{what} {text!r} is not one of {GENDER_HELP}")
    return _GENDER_WORDS[key]


def stored_gender(value: object) -> str:
    """A stored gender as "f", "m" or "x"; anything else (a hand edit) reads as not known."""
    return value if value in ("f", "m") else "x"


def honorific_gender(name: str) -> str:
    """"m" for "Mr. Thompson-Hale", "f" for "Ms. Rivera" or "Mrs. Kowalski", "x" for
    "Dr. Angela Brooks", "Mx. Lee" or a bare name."""
    m = _HONORIFIC_RE.match(name or "")
    if not m:
        return "x"
    return _HONORIFICS.get(_fold(m.group(1)), "x")


def staff_gender(name: str, explicit: dict[str, str] | None = None) -> str:
    """The gender config.yaml gives the name (`staff_gender`), else its honorific's."""
    if explicit:
        wanted = _fold(name)
        for who, gender in explicit.items():
            if _fold(who) == wanted:
                return gender
    return honorific_gender(name)


def kin_of(relationship: str) -> str:
    """"grandparent", "parent" or "other" (aunt, foster parent, guardian, not said): how a
    letter speaks of the children to this guardian ("your grandchild", "your child")."""
    words = set(re.split(r"[\s/_]+", _fold(relationship).replace("step-", "step"))) - {""}
    joined = _fold(relationship).replace(" ", "-")
    if words & _GRANDPARENT or joined in _GRANDPARENT or "grand" in joined and "parent" in joined:
        return "grandparent"
    if words & _PARENT and not words & {"foster", "god", "godmother", "godfather"}:
        return "parent"
    return "other"


_HAN_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
# Two-character Chinese family names: 欧阳娜娜's given name is 娜娜.
_HAN_DOUBLE = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
               "宇文", "司徒", "夏侯", "令狐", "歐陽", "諸葛"}


def first_name(name: str, order: str = "given-first") -> str:
    """The name a letter calls a child by. `order` is the naming order of the name as written:
    "given-first" (Sofía García → Sofía), "given-last" (Vietnamese: Nguyễn Thị Lan → Lan).
    A Chinese name in Han characters (王小明) loses its family name (小明) whatever the order."""
    text = " ".join((name or "").split())
    if not text:
        return text
    if _HAN_RE.match(text) and 2 <= len(text) <= 4:
        return text[2:] if text[:2] in _HAN_DOUBLE and len(text) > 2 else text[1:]
    parts = text.split(" ")
    if len(parts) == 1:
        return text
    return parts[-1] if order == "given-last" else parts[0]


# The naming order of names written by families who read a letter language.
NAME_ORDER = {"vi": "given-last"}


def naming_order(lang: str) -> str:
    return NAME_ORDER.get(lang.split("-")[0], "given-first")


def group_gender(genders: list[str]) -> str:
    """"f" when every child is a girl, "m" when every one is a boy, "x" otherwise: Spanish
    "sus hijas" only when all are daughters; the plural "sus hijos" otherwise."""
    if genders and all(g == "f" for g in genders):
        return "f"
    if genders and all(g == "m" for g in genders):
        return "m"
    return "x"
