"""How the weekly review, the weekly reflection and quotes look on screen (rich)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from selflead.areas import AREA_LABELS
from selflead.dates import date_span, long_date, short_date
from selflead.ui.console import out
from selflead.ui.text import AREA_STYLES, one_line, safe

if TYPE_CHECKING:
    from selflead.core.quotes import Quote
    from selflead.core.review import AreaSummary, Moment, WeekReview
    from selflead.models import WeeklyReflection

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> Text:
    """One character per day: the bar's height is the day's average (1 to 5); · is no rating."""
    line = Text()
    for value in values:
        if value is None:
            line.append("·", style="dim")
        else:
            index = round((value - 1) / 4 * (len(SPARK) - 1))
            line.append(SPARK[max(0, min(index, len(SPARK) - 1))])
    return line


def _change(summary: AreaSummary) -> Text:
    change = summary.change
    if change is None:
        return Text("new" if summary.previous is None and summary.average else "–", style="dim")
    if change > 0:
        return Text(f"▲ +{change:.2f}", style="green")
    if change < 0:
        return Text(f"▼ {change:.2f}", style="red")
    return Text("= 0.00", style="dim")


# Below this many columns the review uses its compact layout: short headers, a two-line strip.
COMPACT_BELOW = 72


def _strip(review: WeekReview, *, compact: bool = False) -> Text:
    """Which days have a check-in: ``Mon ●  Tue ○ …`` or, compact, ``M T W …`` over ``● ○ …``."""
    strip = Text()
    marks = [("●", "green") if count else ("○", "dim") for count in review.entries_per_day]
    if compact:
        strip.append(" ".join(f"{day:%a}"[0] for day in review.days), style="dim")
        strip.append("\n")
        for number, (mark, style) in enumerate(marks):
            strip.append(mark if number == 0 else " " + mark, style=style)
        return strip
    for number, (day, (mark, style)) in enumerate(zip(review.days, marks, strict=True)):
        strip.append(f"{'  ' if number else ''}{day:%a} ", style="dim")
        strip.append(mark, style=style)
    return strip


def _moment(moment: Moment) -> Text:
    when = short_date(moment.day) + (f" {moment.time}" if moment.time else "")
    line = Text(f"{when}, ")
    line.append(AREA_LABELS[moment.area], style=AREA_STYLES[moment.area])
    line.append(f" {moment.rating}/5")
    if moment.reflection.strip():
        line.append("\n")
        line.append_text(safe(one_line(moment.reflection), style="italic"))
    return line


def _labelled_grid(rows: list[tuple[str, Text]]) -> Table:
    """Labels in a column of their own, so a long or multi-line text wraps under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for label, text in rows:
        grid.add_row(label, text)
    return grid


def quote_panel(quote: Quote, title: str = "Quote of the day") -> Panel:
    body = safe(f"“{quote.text}”", style="italic")
    body.append("\n— ")
    body.append_text(safe(quote.author, style="bold"))
    if quote.source:
        body.append(", ")
        body.append_text(safe(quote.source, style="dim"))
    return Panel(body, title=title, title_align="left", border_style="blue", padding=(1, 2))


def quote(chosen: Quote, *, title: str = "Quote of the day") -> None:
    out().print(quote_panel(chosen, title=title))


def _reflection_body(reflection: WeeklyReflection) -> Table:
    rows = []
    for key, label in (("goal", "Goal"), ("reality", "Reality"), ("options", "Options")):
        rows.append((label, _answer(getattr(reflection, key))))
    rows.append(("Will", _answer(reflection.will)))
    return _labelled_grid(rows)


def _answer(text: str) -> Text:
    return safe(text.strip("\n")) if text.strip() else Text("–", style="dim")


def reflection(week: str, saved: WeeklyReflection) -> None:
    out().print(
        Panel(_reflection_body(saved), title=f"Reflection {week} (GROW)", title_align="left")
    )


def _empty_week(review: WeekReview, title: str, today: date) -> Panel:
    if review.in_progress:
        body = Text("No check-ins this week yet. ", style="bold")
        body.append("That is fine: a week starts with one. Two minutes now:\n  ")
        body.append("selflead checkin", style="bold cyan")
    elif review.start > today:
        body = Text("That week has not started yet. ", style="bold")
        body.append("Its check-ins begin on ")
        body.append(long_date(review.start), style="bold")
        body.append(".")
    else:
        # A past week is filled in after the fact: a check-in dated on one of its days.
        body = Text("No check-ins that week. ", style="bold")
        body.append("To add one for a day of it (here its Monday):\n  ")
        body.append(f"selflead checkin --date {review.start.isoformat()}", style="bold cyan")
        body.append("\nEvery week is a fresh start: ")
        body.append("selflead checkin", style="bold cyan")
        body.append(" records today.")
    if review.longest_streak:
        body.append(f"\nLongest streak so far: {review.longest_streak} days.", style="dim")
    return Panel(body, title=title, title_align="left")


def _area_table(review: WeekReview, *, compact: bool) -> Table:
    label_width = max(len(label) for label in AREA_LABELS.values())
    table = Table(box=None, padding=(0, 1 if compact else 2), show_edge=False, pad_edge=False)
    table.add_column("Area", style="bold", no_wrap=True, min_width=label_width)
    table.add_column("Avg" if compact else "Average", justify="right", no_wrap=True)
    table.add_column("Mon→Sun", no_wrap=True, min_width=7)
    table.add_column("Δ" if compact else "vs last week", justify="right", no_wrap=True)
    table.add_column("Skip" if compact else "Skipped", justify="right", style="dim", no_wrap=True)
    for summary in review.areas:
        average = f"{summary.average:.2f}" if summary.average is not None else "–"
        table.add_row(
            Text(AREA_LABELS[summary.area], style=AREA_STYLES[summary.area]),
            average,
            sparkline(summary.daily),
            _change(summary),
            str(summary.skipped),
        )
    return table


def week(review: WeekReview, *, today: date) -> None:
    """``review``: the week's panel, the focus for next week, the reflection and a quote.

    Under ``COMPACT_BELOW`` columns the table has short headers (Avg, Δ, Skip) and the days
    strip is two short lines, so nothing is cut or wrapped from 50 columns up. An empty past
    week suggests a backfill (``checkin --date``).
    """
    console = out()
    compact = console.width < COMPACT_BELOW
    span = date_span(review.start, review.end)
    title = f"{review.week} · {span}" if compact else f"Week {review.week} · {span}"
    if review.entries == 0:
        console.print(_empty_week(review, title, today))
        if review.quote:
            console.print(quote_panel(review.quote, title="For the week ahead"))
        return

    header = Text()
    header.append(f"{review.days_checked_in} of 7 days", style="bold")
    header.append(f" checked in · {review.entries} ")
    header.append("entry" if review.entries == 1 else "entries")
    header.append("\n")
    header.append_text(_strip(review, compact=compact))
    header.append("\nStreak: ", style="bold")
    header.append(f"{review.streak} day{'s' if review.streak != 1 else ''}")
    header.append(f" (longest {review.longest_streak})", style="dim")

    highlights = Text()
    if review.strongest and review.weakest and review.strongest != review.weakest:
        highlights.append("Strongest: ", style="bold")
        highlights.append(AREA_LABELS[review.strongest], style=AREA_STYLES[review.strongest])
        highlights.append(" · Weakest: ", style="bold")
        highlights.append(AREA_LABELS[review.weakest], style=AREA_STYLES[review.weakest])
    elif review.strongest:
        highlights.append("Only area rated: ", style="bold")
        highlights.append(AREA_LABELS[review.strongest], style=AREA_STYLES[review.strongest])
    else:
        highlights.append("No ratings this week.", style="dim")
    parts: list[RenderableType] = [
        header,
        Text(),
        _area_table(review, compact=compact),
        Text(),
        highlights,
    ]
    moments = [
        (label, moment)
        for label, moment in (("Best moment", review.highest), ("Hardest moment", review.lowest))
        if moment is not None
    ]
    if moments:
        parts.append(_labelled_grid([(f"{label}:", _moment(m)) for label, m in moments]))
    console.print(Panel(Group(*parts), title=title, title_align="left"))

    focus = Text()
    if review.focus.area:
        focus.append(AREA_LABELS[review.focus.area], style=f"bold {AREA_STYLES[review.focus.area]}")
        focus.append("\n")
    focus.append(review.focus.reason)
    focus.append("\nCarry this question into the week: ", style="bold")
    focus.append(review.focus.question, style="italic")
    console.print(
        Panel(focus, title="Focus for next week", title_align="left", border_style="green")
    )
    if review.reflection is not None and not review.reflection.is_empty:
        updated = short_date(review.reflection.updated.date())
        console.print(
            Panel(
                _reflection_body(review.reflection),
                title=f"Your reflection (GROW), updated {updated}",
                title_align="left",
            )
        )
    if review.quote:
        console.print(quote_panel(review.quote, title="For the week ahead"))
