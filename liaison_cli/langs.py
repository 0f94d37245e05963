"""Language codes: what liaisons type, what letters are written in, and the fallback chain."""

from __future__ import annotations

import re

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

OTHER_LANGUAGES: dict[str, str] = {
    "ps": "Pashto", "fa": "Persian", "uk": "Ukrainian", "ru": "Russian", "sw": "Swahili",
    "ne": "Nepali", "my": "Burmese", "ko": "Korean", "tl": "Tagalog", "ti": "Tigrinya",
    "am": "Amharic", "hmn": "Hmong", "km": "Khmer", "ur": "Urdu", "hi": "Hindi", "bn": "Bengali",
    "de": "German", "it": "Italian", "ja": "Japanese", "pl": "Polish", "tr": "Turkish",
    "no": "Norwegian", "nb": "Norwegian Bokmål", "ku": "Kurdish", "yue": "Cantonese",
    "kar": "Karen", "rw": "Kinyarwanda", "ln": "Lingala", "ff": "Fula", "wo": "Wolof",
    "quc": "K'iche'", "mh": "Marshallese", "pa": "Punjabi", "gu": "Gujarati", "te": "Telugu",
    "uz": "Uzbek", "ro": "Romanian",
}

RTL = {"ar", "prs", "fa", "ps", "ur", "he", "yi", "ku"}

_NAMES = {v[0].casefold(): k for k, v in LETTER_LANGUAGES.items()}
_NAMES.update({v.casefold(): k for k, v in OTHER_LANGUAGES.items()})
_NAMES.update({v[1].casefold(): k for k, v in LETTER_LANGUAGES.items()})
_NAMES.update({"chinese": "zh", "mandarin": "zh", "creole": "ht", "kreyol": "ht", "farsi": "fa",
               "persian": "fa", "dari": "prs", "spanish": "es", "haitian": "ht",
               "kiche": "quc", "quiche": "quc"})
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "ʻ": "'", "`": "'"})
_CODE_RE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
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
    if len(t) > MAX_TAG_LEN or not _CODE_RE.match(t):
        return None
    parts = re.split(r"[-_]", t)
    out = [parts[0].lower()]
    for p in parts[1:]:
        out.append(p.upper() if len(p) == 2 else (p.title() if len(p) == 4 else p.lower()))
    return "-".join(out)


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
    and never the Simplified `zh` (letters.py converts that to Traditional for `zh-Hant`)."""
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
    if not code:
        return ""
    if code == UNKNOWN:
        return "an unknown language"
    base = code.split("-")[0]
    if is_traditional_chinese(code):
        return "Chinese (Traditional)"
    if base in LETTER_LANGUAGES:
        return LETTER_LANGUAGES[base][0]
    return OTHER_LANGUAGES.get(base, code)
