"""Escaping user text so that a CommonMark renderer shows it exactly as typed.

Everything the user typed is escaped so that any CommonMark renderer shows it exactly as typed
(``escape``), and so do notes apps with the usual extensions (tables, strikethrough, tags,
highlights, maths, comments):

- ASCII punctuation that can start markup anywhere in a line is backslash-escaped:
  ``\\ ` * _ [ ] < > & # | ~ $ ^ = %``. Escaping ``<`` and ``&`` means HTML and entities
  never appear.
- At the start of a line, list markers and the like are escaped too: ``- + :`` and the
  ``.``/``)`` after a run of digits (``1.``). Elsewhere these stay as typed, so prose reads well.
- Whitespace at the start or end of a line (which Markdown would strip, or read as an indented
  code block), carriage returns and form feeds become numeric character references
  (``&#32;``).
- A line break inside a reflection becomes a hard line break (a trailing backslash); line
  breaks at the very start or end of a text become ``&#10;``.
- Other control characters cannot be carried by Markdown (renderers turn them into U+FFFD)
  and would act on a terminal that shows the file, so they are written as the visible escape
  the terminal display uses (``\\x1b``, see ``chars.visible``). So are the characters a
  reader cannot see, which would make the page read otherwise than what was typed: bidi
  controls (``\\u202e``), zero-width and tag characters (``\\u200b``, ``\\U000e0001``).
"""

from __future__ import annotations

import re
from typing import Final

from selflead.chars import UNSEEN, escape_code

_CONTROL = f"\x00-\x08\x0b\x0e-\x1f\x7f-\x9f{UNSEEN}"
_SPECIAL = re.compile(f"[\\\\`*_\\[\\]<>&#|~$^=%\r\x0c{_CONTROL}]")
_IS_CONTROL = re.compile(f"[{_CONTROL}]")
_LINE_START = frozenset("-+:")
_ORDERED = re.compile(r"\d+(?=[.)])")
# A line that needs nothing escaped (most of what is typed): no special character, no line
# break, no whitespace at either end, no list marker at its start. Tried first, in one match.
_PLAIN = re.compile(f"(?![-+:\\s]|\\d+[.)])[^\\\\`*_\\[\\]<>&#|~$^=%\r\x0c\n{_CONTROL}]+(?<!\\s)")
# The same for ASCII text, in C without a regex (a third of the time): no byte of it is a
# special character or a control (a tab too: the regex decides such a line), and it starts
# and ends with none of what a line may not start or end with plain.
_NOT_PLAIN_BYTES: Final = bytes(range(0x20)) + b"\x7f\\`*_[]<>&#|~$^=%"
_NOT_PLAIN_FIRST: Final = frozenset("-+: 0123456789")


def _is_plain(text: str) -> bool:
    """``_PLAIN.fullmatch(text)``, sooner for most of what is typed."""
    if text.isascii() and text and text[0] not in _NOT_PLAIN_FIRST and text[-1] != " ":
        raw = text.encode()
        if len(raw.translate(None, _NOT_PLAIN_BYTES)) == len(raw):
            return True
    return _PLAIN.fullmatch(text) is not None


def _reference(char: str) -> str:
    """A character as Markdown cannot otherwise hold it: a reference, or a visible escape."""
    if _IS_CONTROL.match(char):
        return "\\" + escape_code(char)  # an escaped backslash, then x1b: reads \x1b
    return f"&#{ord(char)};"


def _escape_special(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\r\x0c" or _IS_CONTROL.match(char):
        return _reference(char)
    return "\\" + char


def _escape_core(core: str) -> str:
    """A line without whitespace at either end."""
    text = _SPECIAL.sub(_escape_special, core)
    if core[0] in _LINE_START:
        return "\\" + text
    if digits := _ORDERED.match(core):
        return text[: digits.end()] + "\\" + text[digits.end() :]
    return text


def _escape_line(line: str) -> str:
    if _is_plain(line):
        return line
    if line and not line[0].isspace() and not line[-1].isspace():
        return _escape_core(line)  # the common case
    core = line.strip()
    if not core:
        return "".join(_reference(c) for c in line)
    start = len(line) - len(line.lstrip())
    lead, trail = line[:start], line[start + len(core) :]
    return (
        "".join(_reference(c) for c in lead)
        + _escape_core(core)
        + "".join(_reference(c) for c in trail)
    )


def escape(text: str) -> str:
    """``text`` as Markdown inline content that renders exactly as ``text`` (see module doc).

    The result holds no blank line, so it is one paragraph when it stands alone.
    """
    if _is_plain(text):  # most text: nothing to escape (and no line break)
        return text
    if "\n" not in text:
        return _escape_line(text)
    body = text.strip("\n")
    if not body:
        return "&#10;" * len(text)
    before = len(text) - len(text.lstrip("\n"))
    after = len(text) - len(text.rstrip("\n"))
    lines = "\\\n".join(_escape_line(line) for line in body.split("\n"))
    return "&#10;" * before + lines + "&#10;" * after
