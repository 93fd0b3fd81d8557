"""How user text and dates look on screen: styles per area, text made safe, dates in words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from selflead.areas import AreaName
from selflead.chars import visible

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

AREA_STYLES: dict[AreaName, str] = {
    "communication": "cyan",
    "emotions": "magenta",
    "behaviour": "yellow",
    "goals": "green",
}


def safe(text: str, style: str = "") -> Text:
    """User text as a rich ``Text``: never parsed as markup, control characters made visible."""
    from rich.text import Text

    return Text(visible(text), style=style)


def hanging(renderable: RenderableType, indent: int = 2) -> RenderableType:
    """``renderable`` indented on every line, wrapped ones too."""
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, indent))


_SPACES = re.compile(r"[ \t\n]+")


def one_line(text: str) -> str:
    """``text`` on one line, as snippets show it: each run of spaces, tabs and newlines is one
    space; every other control character stays, as its visible escape."""
    return visible(_SPACES.sub(" ", text).strip(" "))
