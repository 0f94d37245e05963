"""Letters: one for a family, the generic pack, or a mail merge; each sent letter is recorded.

    options.py  what the command line asked for (template, format, language, guardian, times)
    results.py  what a run gives back (Letter, MergeSummary) and the warnings about it
    context.py  the context a template sees, built per family from plain values
    writer.py   rendering: the library, the reader's language, opening notices, formats
    single.py   one letter (recorded as a contact and in the disclosure log) or the generic pack
    merge.py    a mail merge: every family in ONE write session

Which families a merge writes to is chosen in ../selection.py, as `event invite` chooses them.
The Jinja engine itself is liaison_cli.letters, outside the services.
"""

from ..selection import Selection
from .context import Context
from .merge import mail_merge, merge_file_name
from .options import (
    LetterOptions,
    default_visit_times,
    gender_of,
    parse_format,
    parse_letter_lang,
    parse_times,
    pick_guardian,
)
from .results import (
    Letter,
    MergeSummary,
    converted_notice,
    draft_warning,
    english_warning,
    fallback_warning,
    interpreter_reminder,
    merge_english_warning,
    merge_fallback_warning,
    notice_sentence,
)
from .single import letter_context, render_letter
from .writer import Writer, asked_language, library, list_templates, reader_languages, write_file

__all__ = [
    "Context", "Letter", "LetterOptions", "MergeSummary", "Selection", "Writer", "asked_language",
    "converted_notice", "default_visit_times", "draft_warning", "english_warning",
    "fallback_warning", "gender_of", "interpreter_reminder", "letter_context", "library",
    "list_templates", "mail_merge", "merge_english_warning", "merge_fallback_warning",
    "merge_file_name", "notice_sentence", "parse_format", "parse_letter_lang", "parse_times",
    "pick_guardian", "reader_languages", "render_letter", "write_file",
]
