"""How ``selflead calendar`` looks: a year in pixels, months as columns and days as rows.

Every cell is the day's step (1-5) as a digit, on a fixed colour that carries its own
background and a black digit, so it reads the same on light and dark terminals; with
``NO_COLOR`` or in a pipe rich drops the colours and the digits remain. ``.`` is a day without
a rating, a blank a day that does not exist (or has not come yet), ``*`` after a cell today.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from rich.text import Text

from selflead.areas import AREA_LABELS
from selflead.core.calendar import LEVELS, Grid, YearInPixels, month_days
from selflead.ui.console import emit_json, out, warning
from selflead.words import plural

# One step of the scale each: red to green, mid-light so a black digit reads on every one.
STEP_COLOURS: Final = {1: "#e4574b", 2: "#f29a4a", 3: "#f2d35e", 4: "#9fd06b", 5: "#43a853"}
MONTH_LETTERS: Final = "JFMAMJJASOND"
CELL: Final = 2  # a digit and the mark after it
GRID_WIDTH: Final = 3 + 12 * CELL  # the day numbers, then twelve months
GAP: Final = 3


def step_style(step: int) -> str:
    return f"black on {STEP_COLOURS[step]}"


def _title(grid: Grid) -> str:
    return "Mean of all areas" if grid.area is None else AREA_LABELS[grid.area]


def grid_lines(pixels: YearInPixels, grid: Grid) -> list[Text]:
    """One grid, a line each: its title, the month letters, then a row per day of the month."""
    lines = [Text(_title(grid)[:GRID_WIDTH], style="bold")]
    lines.append(Text("   " + " ".join(MONTH_LETTERS), style="dim"))
    for day_number in range(1, 32):
        line = Text(f"{day_number:>2} ", style="dim")
        for month in range(1, 13):
            if day_number > month_days(pixels.year, month):
                line.append(" " * CELL)
                continue
            day = date(pixels.year, month, day_number)
            if not pixels.shows(day):
                line.append(" " * CELL)
                continue
            step = grid.level(day)
            if step is None:
                line.append(".", style="dim")
            else:
                line.append(str(step), style=step_style(step))
            line.append("*" if day == pixels.today else " ", style="bold")
        lines.append(line)
    return lines


def legend() -> Text:
    text = Text("low ", style="dim")
    for step in LEVELS:
        text.append(str(step), style=step_style(step))
        text.append(" ")
    text.append("high  ", style="dim")
    text.append(".", style="dim")
    text.append(" no rating  ", style="dim")
    text.append("*", style="bold")
    text.append(" today", style="dim")
    return text


def side_by_side(width: int, grids: int) -> bool:
    """Whether ``grids`` grids fit next to each other in ``width`` columns."""
    return grids * GRID_WIDTH + (grids - 1) * GAP <= width


def _side_by_side(grids: list[list[Text]]) -> list[Text]:
    """Grids next to each other, ``GAP`` columns apart, line by line."""
    joined = []
    for parts in zip(*grids, strict=True):
        line = Text()
        for n, part in enumerate(parts):
            if n:
                line.append(" " * GAP)
            line.append_text(part)
            if n < len(parts) - 1:
                line.append(" " * (GRID_WIDTH - part.cell_len))
        joined.append(line)
    return joined


def calendar(pixels: YearInPixels, *, as_json: bool = False) -> None:
    if as_json:
        emit_json(pixels.to_json())
        return
    console = out()
    checked = len(pixels.means.checked_in)
    if pixels.so_far:
        head = f"{pixels.year} so far: {plural(checked, 'day')} checked in of {pixels.days_so_far}"
    else:
        head = f"{pixels.year}: {plural(checked, 'day')} checked in"
    lines = [Text(head, style="bold"), Text()]
    grids = pixels.grids
    per_area = grids[1:]
    if pixels.area is None and side_by_side(console.width, len(per_area)):
        lines += _side_by_side([grid_lines(pixels, g) for g in per_area])
    else:
        lines += grid_lines(pixels, grids[0])
    lines += [Text(), legend()]
    for line in lines:
        line.rstrip()
        console.print(line, no_wrap=True, overflow="ignore", crop=False)
    damaged = pixels.means.damaged
    if damaged:
        warning(
            f"{plural(len(damaged), 'damaged day')} not shown",
            "run 'selflead doctor' to see how to repair them",
        )
