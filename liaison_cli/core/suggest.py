"""Did-you-mean: the nearest of a fixed set of words to what was typed (difflib)."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import UsageError


def close_matches(word: str, choices: Iterable[str], n: int = 2) -> list[str]:
    """Up to `n` of `choices` close to `word` (case and spaces aside), nearest first."""
    wanted = "-".join(word.strip().lower().replace("_", "-").split())
    import difflib  # only when a name was not found (start-up of every command that could)

    return difflib.get_close_matches(wanted, list(choices), n=n, cutoff=0.6) if wanted else []


def choice_error(flag: str, text: str, choices: Iterable[str], also: str = "") -> UsageError:
    """`--outcome 'no-anwser' is not one of reached, no-answer, …; did you mean no-answer?`"""
    choices = list(choices)
    near = close_matches(text, choices, n=1)
    message = f"{flag} {text!r} is not one of {', '.join(choices)}" + (f" ({also})" if also else "")
    return UsageError(message + (f"; did you mean {near[0]}?" if near else "."))


def closest_name(word: str, names: Iterable[str]) -> str | None:
    """The one of `names` (a school, a service: words with spaces and capitals) nearest to
    `word`, case and spacing aside; None when none is near."""
    by_key = {" ".join(n.casefold().split()): n for n in names if n}
    wanted = " ".join(word.casefold().split())
    import difflib  # see above

    near = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6) if wanted else []
    return by_key[near[0]] if near else None
