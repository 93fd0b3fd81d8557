"""Characters that user text may hold but that a terminal or a JSON reader must never act on.

One table each, shared by every view: the terminal (``visible``) and JSON output
(``json_escape``). Markdown's own table lives with its escaping (``transfer/commonmark.py``).
"""

import re
from typing import Final

# C0 controls except tab and newline, DEL, C1 controls, and the bidi controls that reorder text.
TERMINAL_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

# Characters json.dumps(ensure_ascii=False) passes through raw that a terminal may act on (DEL,
# C1 controls such as CSI U+009B, bidi overrides) or that break JavaScript (U+2028/2029).
JSON_UNSAFE: Final = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _terminal_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with each terminal control character shown as an escape (``\\x1b``)."""
    return TERMINAL_UNSAFE.sub(_terminal_escape, text)


def json_escape(text: str) -> str:
    """JSON text with each ``JSON_UNSAFE`` character written as a ``\\uXXXX`` escape: the same
    data for a parser, nothing a terminal runs."""
    return JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
