"""How the month and year reviews look on screen (rich): one panel of numbers and sentences,
then the GROW Will answers of the span's weeks.

Every sentence comes from ``core.span_statements``; this module only lays them out. The
sparkline is one character per week (a month) or per month (a year): its height is the
part's average, ``·`` a part without a rating. Under an encoding without the bar characters
it is the average's digit (1 to 5) and ``.`` instead, and the arrows are left out, so
the table reads in any pipe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from selflead.areas import AREA_LABELS
from selflead.core.span_statements import describe
from selflead.ui.console import STDOUT, out
from selflead.ui.review import COMPACT_BELOW, SPARK, sparkline
from selflead.ui.text import AREA_STYLES, safe

if TYPE_CHECKING:
    from selflead.core.span_review import SpanArea, SpanReview


def _drawn() -> bool:
    """Whether stdout's encoding has the bar and arrow characters (UTF-8 has)."""
    try:
        (SPARK + "·→▲▼–").encode(STDOUT.encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _bars(values: list[float | None], *, drawn: bool) -> Text:
    if not drawn:
        return Text("".join("." if v is None else str(round(v)) for v in values))
    return sparkline(values)


def _change(area: SpanArea, *, drawn: bool) -> Text:
    change = area.change
    if change is None:
        none = "–" if drawn else "-"
        return Text("new" if area.previous is None and area.average else none, style="dim")
    if change > 0:
        return Text(f"{'▲ ' if drawn else ''}+{change:.2f}", style="green")
    if change < 0:
        return Text(f"{'▼ ' if drawn else ''}{change:.2f}", style="red")
    return Text("= 0.00", style="dim")


def _table(review: SpanReview, *, compact: bool) -> Table:
    span = review.span
    before = span.previous
    label_width = max(len(label) for label in AREA_LABELS.values())
    parts = review.parts
    drawn = _drawn()
    axis = f"{parts[0].label}{'→' if drawn else '-'}{parts[-1].label}"
    previous = f"{before.start:%b}" if span.kind == "month" else before.key
    table = Table(box=None, padding=(0, 1 if compact else 2), show_edge=False, pad_edge=False)
    table.add_column("Area", style="bold", no_wrap=True, min_width=label_width)
    table.add_column("Avg" if compact else "Average", justify="right", no_wrap=True)
    table.add_column(axis, no_wrap=True, min_width=len(parts))
    change = ("Δ" if drawn else "+/-") if compact else f"vs {previous}"
    table.add_column(change, justify="right", no_wrap=True)
    for area in review.areas:
        table.add_row(
            Text(AREA_LABELS[area.area], style=AREA_STYLES[area.area]),
            f"{area.average:.2f}" if area.average is not None else "–" if drawn else "-",
            _bars(area.parts, drawn=drawn),
            _change(area, drawn=drawn),
        )
    return table


def span(review: SpanReview) -> None:
    """``review --month`` or ``review --year``: the span's panel, then its Will answers.

    Under ``COMPACT_BELOW`` columns the table has short headers (Avg, Δ): it fits in 50.
    """
    console = out()
    compact = console.width < COMPACT_BELOW
    title = review.span.title if review.span.kind == "month" else f"Year {review.span.title}"
    text = describe(review)
    if text.empty:
        body = Text(text.empty, style="bold")
        if review.in_progress:
            body.append("\n  ")
            body.append("selflead checkin", style="bold cyan")
        console.print(Panel(body, title=title, title_align="left"))
        return

    header = Text()
    for line in text.opening:
        header.append(line + "\n", style="bold")
    header.append(text.days)
    if text.streak:
        header.append("\n" + text.streak)
    parts: list[RenderableType] = [header, Text(), _table(review, compact=compact), Text()]
    parts.append(Text("\n".join(text.compare + text.weeks)))
    if text.commitments:
        parts.append(Text(text.commitments))
    if text.goals:
        goals = Text(text.goals_title, style="bold")
        for goal in text.goals:
            goals.append("\n  ")
            goals.append_text(safe(goal))
        parts.append(goals)
    console.print(Panel(Group(*parts), title=title, title_align="left"))

    if text.will:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        for week, answer in text.will:
            grid.add_row(week, safe(answer))
        console.print(Panel(grid, title=text.will_title, title_align="left"))
