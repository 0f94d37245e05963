"""Traditional Chinese from Simplified, with OpenCC's own tables (opencc-python-reimplemented,
pure Python): a zh-TW or zh-HK letter is the zh template converted, and data translated in the
zh catalogue is converted the same way.
"""

from __future__ import annotations

import functools

from ..errors import TemplateError
from .templates import TemplateFile


def opencc_config(asked: str) -> str:
    """OpenCC's Simplified → Traditional table for the region asked: Hong Kong and Macau
    characters (s2hk), else Taiwan's characters and common words (s2twp: 软件 → 軟體)."""
    parts = asked.split("-")
    return "s2hk" if ("HK" in parts or "MO" in parts) else "s2twp"


@functools.cache
def _converter(config: str):
    try:
        import opencc  # only for a Traditional Chinese letter (and optional)
    except ImportError:
        raise TemplateError(
            "Traditional Chinese letters need opencc-python-reimplemented; reinstall liaison "
            "(`pip install liaison`) or ask for --lang zh."
        ) from None
    return opencc.OpenCC(config)


def traditional_text(text: str, asked: str) -> str:
    """Simplified Chinese text in Traditional characters for the region asked (a data
    translation from the zh catalogue, for a zh-TW or zh-HK letter)."""
    return _converter(opencc_config(asked)).convert(text)


def to_traditional(tf: TemplateFile, asked: str) -> TemplateFile:
    """The Simplified Chinese template `tf` converted to Traditional characters with OpenCC's
    tables: the template's own words only (names and other data are printed as recorded).
    Jinja's syntax and the field names are ASCII, which OpenCC leaves as they are."""
    conv = _converter(opencc_config(asked))
    meta = dict(tf.meta)
    meta["title"] = conv.convert(meta.get("title", ""))
    meta["notes"] = (f"converted from {tf.template}/zh.md.j2 with OpenCC "
                     f"({opencc_config(asked)}); not reviewed as Traditional Chinese")
    return TemplateFile(tf.template, "zh-Hant", tf.fmt, tf.path, tf.origin, meta,
                        conv.convert(tf.body), tf.body_line)
