"""Language codes: what liaisons type, what letters are written in, and the fallback chain.

Names of languages ("K'iche'", "Somali", "español") and the names shown for codes come from
langcodes and its language_data, imported only when a name has to be looked up or shown, so
that commands which only read codes (the daily `followups`) do not pay for it. The hand lists
below are the product's own choices: the languages with built-in letters and the few names
that must map to a code other than langcodes' (Dari is `prs`, as US districts record it, not
`fa-AF`; "Chinese" means the Simplified letters).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# The languages with built-in letters, in the order liaisons meet them; endonyms for display.
LETTER_LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "English"),
    "es": ("Spanish", "Español"),
    "ar": ("Arabic", "العربية"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "zh": ("Chinese (Simplified)", "简体中文"),
    "so": ("Somali", "Soomaali"),
    "ht": ("Haitian Creole", "Kreyòl ayisyen"),
    "pt": ("Portuguese", "Português"),
    "fr": ("French", "Français"),
    "prs": ("Dari", "دری"),
}

RTL = {"ar", "prs", "fa", "ps", "ur", "he", "yi", "ku"}

_NAMES = {v[0].casefold(): k for k, v in LETTER_LANGUAGES.items()}
_NAMES.update({v[1].casefold(): k for k, v in LETTER_LANGUAGES.items()})
# Where langcodes would answer otherwise: "Dari" is fa-AF there, "Mandarin" cmn and "Karen" kbj
# (Kari, a Bantu language); liaisons mean the Dari letters, the Chinese letters and the Karen
# languages of Burma's refugees.
_NAMES.update({"chinese": "zh", "mandarin": "zh", "creole": "ht", "kreyol": "ht",
               "haitian": "ht", "dari": "prs", "karen": "kar"})
# Names shown for codes, where the product's name differs from langcodes'.
_SHOWN = {"prs": "Dari", "kar": "Karen"}
_CODE_RE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
# Letters, spaces, apostrophes (any of ' ’ ʼ ʻ), hyphens and brackets: what a language name is.
_NAME_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '’ʼʻ()\-])*$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "ʻ": "'", "`": "'"})
# A tag as normalize_lang writes it: BCP 47's shape (letters, digits, hyphens), nothing that can
# name a folder. RFC 5646 asks software to handle tags of at least 35 characters; longer is junk.
TAG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_TAG_LEN = 35
# BCP 47 "undetermined": what a stored language that is not a language tag is read as, so a
# letter falls back (with a warning) as for a language without a translation.
UNKNOWN = "und"


def normalize_lang(text: str | None) -> str | None:
    """`ES_mx` → `es-MX`, `Spanish` → `es`; None when it is not a language tag."""
    if text is None:
        return None
    t = text.strip()
    if not t:
        return None
    named = _NAMES.get(t.casefold()) or _NAMES.get(t.translate(_APOSTROPHES).casefold())
    if named:
        return named
    if len(t) <= MAX_TAG_LEN and _CODE_RE.match(t):
        return _tag(t)
    return _find_name(t)


def _tag(t: str) -> str:
    parts = re.split(r"[-_]", t)
    out = [parts[0].lower()]
    for p in parts[1:]:
        out.append(p.upper() if len(p) == 2 else (p.title() if len(p) == 4 else p.lower()))
    return "-".join(out)


def _fold(t: str) -> str:
    """`Kʼiché` → `K'iche`: the apostrophes people type in one form, accents off."""
    t = t.translate(_APOSTROPHES)
    return "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))


def _find_name(t: str) -> str | None:
    """A language's name in English or in itself, in any common spelling, through langcodes:
    `K'iche'`, `Kiche`, `Somali`, `español`, `Soomaali`. None when no language has that name."""
    if not 3 < len(t) <= 60 or not _NAME_RE.match(t):
        return None
    import langcodes  # a name lookup loads language_data: only when a name was typed
    from language_data.names import code_to_names

    folded = _fold(t)
    for attempt in dict.fromkeys((t, t.translate(_APOSTROPHES), folded, folded.replace("'", ""))):
        named = _NAMES.get(attempt.casefold())
        if named:
            return named
        try:
            found = langcodes.find(attempt)
        except LookupError:
            continue
        # find() settles for a name that merely starts the text ("English please" is English);
        # only a whole name of that language counts.
        if _bare(attempt) not in {_bare(n) for n in code_to_names(found.language).values()}:
            continue
        code = _tag(found.to_tag())
        return code if is_tag(code) else None
    return None


def _bare(name: str) -> str:
    return _fold(name).replace("'", "").casefold()


def is_tag(code: object) -> bool:
    """Whether `code` is a well-formed language tag in normalised form (`es`, `es-MX`, `prs`):
    the only thing a template lookup accepts as a language."""
    return isinstance(code, str) and len(code) <= MAX_TAG_LEN and bool(TAG_RE.match(code))


def record_lang(text: object) -> str:
    """A language read from a stored record, which may have been edited by hand: its normalised
    tag, "" when empty, or UNKNOWN when it is not a language at all (`../../x`, a number)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return ""
    code = normalize_lang(text) if isinstance(text, str) else None
    return code if code and is_tag(code) else UNKNOWN


# Chinese written in Traditional characters: Taiwan, Hong Kong and Macau, or asked for as Hant.
TRADITIONAL_REGIONS = {"TW", "HK", "MO"}
# A language whose readers read a near one when it has no letter of its own: a Persian (Farsi)
# reader reads the Dari letter far better than an English one.
NEAR_LANGUAGES = {"fa": "prs"}


def is_traditional_chinese(lang: str) -> bool:
    parts = lang.split("-")
    return parts[0] == "zh" and ("Hant" in parts[1:] or any(p in TRADITIONAL_REGIONS for p in parts[1:]))


def fallback_chain(lang: str, default: str = "en") -> list[str]:
    """`es-MX` → [`es-MX`, `es`, `en`]: each tag, then shorter, then the default and English.
    `fa` → [`fa`, `prs`, …]; Traditional Chinese (`zh-TW`, `zh-Hant`) → [`zh-TW`, `zh-Hant`, …]
    and never the Simplified `zh` (letters/chinese.py converts that to Traditional for `zh-Hant`)."""
    chain = reader_chain(lang)
    for extra in (default, "en"):
        if extra not in chain:
            chain.append(extra)
    return chain


def reader_chain(lang: str) -> list[str]:
    """The languages a reader of `lang` reads, nearest first, without the default and English
    a letter falls back to last: `es-MX` → [`es-MX`, `es`], `fa` → [`fa`, `prs`]."""
    parts = lang.split("-")
    chain = ["-".join(parts[:i]) for i in range(len(parts), 0, -1)]
    if is_traditional_chinese(lang):
        chain = [c for c in chain if c != "zh"]
        if "zh-Hant" not in chain:
            chain.append("zh-Hant")
    if parts[0] in NEAR_LANGUAGES:
        chain.append(NEAR_LANGUAGES[parts[0]])
    return chain


def language_name(code: str | None) -> str:
    """The English name of a language code: `quc` → `K'iche'`, `es-MX` → `Spanish`; the code
    itself when no language has it."""
    if not code:
        return ""
    if code == UNKNOWN:
        return "an unknown language"
    base = code.split("-")[0]
    if is_traditional_chinese(code):
        return "Chinese (Traditional)"
    if base in _SHOWN:
        return _SHOWN[base]
    if base in LETTER_LANGUAGES:
        return LETTER_LANGUAGES[base][0]
    return _looked_up_name(base) if is_tag(base) else code


@functools.lru_cache(maxsize=256)
def _looked_up_name(base: str) -> str:
    import langcodes  # names for codes come from language_data: only when one is shown

    try:
        language = langcodes.Language.get(base)
        name = language.display_name() if language.is_valid() else ""
    except (LookupError, ValueError):
        name = ""
    if not name or name.startswith("Unknown language"):
        return base
    return name.translate(_APOSTROPHES)


def language_label(code: str | None) -> str:
    """`quc` → `K'iche' (quc)`, `es` → `Spanish (es)`: a code with its name, for display; the
    bare code when it names no language."""
    if not code:
        return ""
    name = language_name(code)
    return code if name == code else f"{name} ({code})"
