"""``selflead search``: one line per hit like ``list``, the words found highlighted (not under
NO_COLOR or in a pipe, where rich writes no styles) and the area they were found in."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from selflead.areas import AREA_LABELS
from selflead.ui.console import out, status
from selflead.ui.entries import entry_line
from selflead.ui.text import safe

if TYPE_CHECKING:
    from rich.text import Text

    from selflead.core.search import Hit, Results

HIGHLIGHT: Final = "bold reverse"
_BEFORE: Final = 24  # characters of context kept before the first word found
_SPACES: Final = re.compile(r"[ \t\n]+")


def _snippet(hit: Hit, highlight: bool) -> Text | None:
    """``emotions: …snapped at a colleague…`` from the first area the words were found in;
    None (the line's usual snippet) when no words were asked for."""
    if not hit.found:
        return None
    name, places = next(iter(hit.found.items()))
    if name in AREA_LABELS:
        text = hit.entry.area(name).reflection
        label: str = name
    else:
        text, label = " ".join(f"#{t}" for t in hit.entry.tags), "tags"
        # The places are in the tags joined by spaces; each '#' moves them on by one.
        places = _in_hashed(hit.entry.tags, places)
    start = max(places[0][0] - _BEFORE, 0)
    from rich.text import Text

    shown = Text()
    shown.append_text(safe(f"{label}: " + ("…" if start else ""), style="dim"))
    pieces, cursor = [], start
    for begin, end in places:
        if begin < cursor:
            continue
        pieces.append((text[cursor:begin], False))
        pieces.append((text[begin:end], True))
        cursor = end
    pieces.append((text[cursor:], False))
    for piece, found in pieces:
        part = safe(_SPACES.sub(" ", piece))
        if found and highlight:
            part.stylize(HIGHLIGHT)
        shown.append_text(part)
    others = [a for a in hit.found if a != name]
    if others:
        shown.append_text(safe(f" (also in {', '.join(others)})", style="dim"))
    return shown


def _in_hashed(tags: list[str], places: list[tuple[int, int]]) -> list[tuple[int, int]]:
    moved, offset, bound = [], 1, 0
    bounds = []
    for tag in tags:
        bounds.append((bound, offset))
        bound += len(tag) + 1
        offset += 1
    for begin, end in places:
        shift = max((o for b, o in bounds if b <= begin), default=1)
        moved.append((begin + shift, end + shift))
    return moved


def hits(results: Results, shorts: Mapping[str, str]) -> None:
    from rich.text import Text

    console = out()
    highlight = not console.no_color
    for hit in results.hits:
        line = entry_line(hit.entry, shorts[hit.entry.id], console.width, _snippet(hit, highlight))
        console.print(line, no_wrap=True, overflow="ellipsis")
    if not results.hits:
        console.print(Text("No check-ins match.", style="dim"))
    elif results.more:
        status(f"Showing the newest {len(results.hits)}; pass --limit to see more.")
