"""A pydantic validation error as the one line selflead shows: where, then what is wrong.

The one home of that wording, for journal files, backups, check-in options and quotes files.
The value that failed is never shown (it may be private text), nor is a key from the input
that does not look like a field name (it could smuggle text through).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from selflead.words import plural

if TYPE_CHECKING:
    from pydantic import ValidationError

_KEY_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")
# pydantic's own prefixes, which say nothing to a user.
_PREFIXES: Final = ("Value error, ", "Assertion failed, ")
# pydantic's wording for a list too long (its "after validation" means nothing to a user).
_AFTER_VALIDATION: Final = re.compile(
    r"(?:List|Value) should have at most (\d+) items? after validation, not (\d+)"
)


def _part(part: int | str) -> str:
    if isinstance(part, int) or _KEY_RE.fullmatch(part):
        return str(part)
    return "<unknown key>"


def where(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """``goals.rating``; ``entry 3, goals.rating`` inside a document's ``entries`` (counted
    from 1, as a person counts)."""
    loc = list(loc)
    if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
        rest = ".".join(_part(p) for p in loc[2:])
        return f"entry {loc[1] + 1}" + (f", {rest}" if rest else "")
    return ".".join(_part(p) for p in loc)


def describe(exc: ValidationError, *, count_more: bool = True, whole: str = "the file") -> str:
    """The first problem as ``where: message`` (``whole`` when it is about the whole
    document), and with ``count_more`` how many others there are."""
    problems = exc.errors(include_input=False, include_url=False)
    first = problems[0]
    message = first["msg"]
    for prefix in _PREFIXES:
        message = message.removeprefix(prefix)
    if too_many := _AFTER_VALIDATION.fullmatch(message):
        message = f"holds {int(too_many[2]):,} items; at most {int(too_many[1]):,} are allowed"
    more = len(problems) - 1
    if count_more and more:
        message += f" (and {plural(more, 'more problem')})"
    return f"{where(first['loc']) or whole}: {message}"
