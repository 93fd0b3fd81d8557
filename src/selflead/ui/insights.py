"""How ``selflead insights`` looks on screen: the span, then each rule's sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from selflead.core.insight_statements import describe
from selflead.ui.console import out
from selflead.ui.text import safe

if TYPE_CHECKING:
    from selflead.core.insights import Insights


def _lines(lines: list[str]) -> Table:
    """One bullet per sentence, a wrapped sentence indented under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    for line in lines:
        grid.add_row("•", safe(line))  # a sentence may hold a tag: user text
    return grid


def insights(found: Insights) -> None:
    """The insights of a span, in a panel titled with the span; the caution last."""
    text = describe(found)
    parts: list[RenderableType] = [Text(text.days)]
    for title, lines in text.sections:
        parts += [Text(), Text(title, style="bold"), _lines(lines)]
    if text.caution:
        parts += [Text(), Text(text.caution, style="dim italic")]
    out().print(Panel(Group(*parts), title=f"Insights · {text.span}", title_align="left"))
