"""Characters that user text may hold but that a terminal or a JSON reader must never act on.

One table each, shared by every view: the terminal (``visible``), JSON output (``json_escape``)
and Markdown exports (``transfer/commonmark.py``, which uses ``UNSEEN`` and ``escape_code``).
"""

import re
from typing import Final

# Bidi controls, which reorder the text around them ("price \u202e0001$" reads "price $1000").
BIDI: Final = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Characters that take no room on screen, so that two words that look the same can differ:
# zero-width space, word joiner and invisible operators, the zero-width no-break space (BOM)
# and the tag characters. (The zero-width joiner and non-joiner stay: emoji and scripts use
# them.)
INVISIBLE: Final = "\u200b\u2060-\u2064\ufeff\U000e0000-\U000e007f"
# What every display shows as an escape besides the controls: bidi and invisible characters.
UNSEEN: Final = BIDI + INVISIBLE

# C0 controls except tab and newline, DEL, C1 controls, and the unseen characters above.
# Lone surrogates stand for bytes that were not UTF-8 (a file name): never written raw either.
SURROGATES: Final = "\ud800-\udfff"
TERMINAL_UNSAFE: Final = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{UNSEEN}{SURROGATES}]")

# Characters json.dumps(ensure_ascii=False) passes through raw that a terminal may act on (DEL,
# C1 controls such as CSI U+009B, the unseen characters) or that break JavaScript (U+2028/2029).
JSON_UNSAFE: Final = re.compile(f"[\x7f-\x9f\u2028\u2029{UNSEEN}{SURROGATES}]")


def escape_code(char: str) -> str:
    """The visible escape for one character: ``\\x1b``, ``\\u202e``, ``\\U000e0001``."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python decodes file names
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _terminal_escape(match: re.Match[str]) -> str:
    return escape_code(match.group())


def visible(text: str) -> str:
    """``text`` with each terminal control character shown as an escape (``\\x1b``)."""
    return TERMINAL_UNSAFE.sub(_terminal_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_escape(text: str) -> str:
    """JSON text with each ``JSON_UNSAFE`` character written as a ``\\uXXXX`` escape: the same
    data for a parser, nothing a terminal runs."""
    return JSON_UNSAFE.sub(_json_escape, text)
