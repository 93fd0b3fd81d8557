"""Words in user text, as search sees them: case- and accent-insensitive.

A word is a run of letters and digits. Each character is compatibility-decomposed (NFKD),
its accents dropped and its case folded, so ``Café``, ``CAFE`` and ``cafe`` are one word
(``ß`` is ``ss``). An accent on its own (a combining mark) never splits a word. The index
(``store/index.py``) and the full scan (``core/search.py``) both use these functions, so that
they can never disagree on what a word is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

_ASCII_WORD: Final = re.compile(r"[A-Za-z0-9]+", re.ASCII)


@functools.lru_cache(maxsize=4096)
def _folded(char: str) -> str:
    """One character as search compares it: decomposed, accents dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spans(text: str) -> list[tuple[str, int, int]]:
    """Each word of ``text`` as (folded word, start, end), ``text[start:end]`` as written."""
    if text.isascii():
        return [(m[0].lower(), m.start(), m.end()) for m in _ASCII_WORD.finditer(text)]
    found: list[tuple[str, int, int]] = []
    word: list[str] = []
    start = end = 0
    for index, char in enumerate(text):
        folded = _folded(char)
        if not folded:  # an accent on its own: part of the word it follows
            if word:
                end = index + 1
            continue
        for part in folded:
            if part.isalnum():
                if not word:
                    start = index
                word.append(part)
                end = index + 1
            elif word:
                found.append(("".join(word), start, end))
                word = []
    if word:
        found.append(("".join(word), start, end))
    return found


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    if text.isascii():
        return _ASCII_WORD.findall(text.lower())
    return [word for word, _, _ in spans(text)]


def fold_tag(tag: str) -> str:
    """A tag as search compares it: its words folded and joined (``Q4-Plan`` is ``q4plan``)."""
    return "".join(words(tag))
