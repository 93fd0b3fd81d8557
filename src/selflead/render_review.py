"""How the weekly review, the weekly reflection and quotes look on screen (rich)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from selflead.areas import AREA_LABELS
from selflead.render import AREA_STYLES, one_line, out, safe

if TYPE_CHECKING:
    from selflead.models import WeeklyReflection
    from selflead.quotes import Quote
    from selflead.review import AreaSummary, Moment, WeekReview

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


def _strip(review: WeekReview) -> Text:
    strip = Text()
    for day, count in zip(review.days, review.entries_per_day, strict=True):
        strip.append(f"{day:%a} ", style="dim")
        strip.append("● " if count else "○ ", style="green" if count else "dim")
        strip.append(" ")
    return strip


def _moment(label: str, moment: Moment) -> Text:
    line = Text(f"{label}: ", style="bold")
    line.append(f"{moment.day:%a %d %b} {moment.time}, ")
    line.append(AREA_LABELS[moment.area], style=AREA_STYLES[moment.area])
    line.append(f" {moment.rating}/5")
    if moment.reflection.strip():
        line.append("\n  ")
        line.append_text(safe(one_line(moment.reflection), style="italic"))
    return line


def quote_panel(quote: Quote, title: str = "Quote of the day") -> Panel:
    body = safe(f"“{quote.text}”", style="italic")
    body.append("\n— ")
    body.append_text(safe(quote.author, style="bold"))
    if quote.source:
        body.append(", ")
        body.append_text(safe(quote.source, style="dim"))
    return Panel(body, title=title, title_align="left", border_style="blue", padding=(1, 2))


def quote(chosen: Quote) -> None:
    out().print(quote_panel(chosen))


def _reflection_body(reflection: WeeklyReflection) -> Group:
    parts: list[RenderableType] = []
    for key, label in (("goal", "Goal"), ("reality", "Reality"), ("options", "Options")):
        parts.append(_labelled(label, getattr(reflection, key)))
    parts.append(_labelled("Will", reflection.will))
    return Group(*parts)


def _labelled(label: str, text: str) -> Text:
    line = Text(f"{label:<8}", style="bold")
    line.append_text(safe(text) if text.strip() else Text("–", style="dim"))
    return line


def reflection(week: str, saved: WeeklyReflection) -> None:
    out().print(
        Panel(_reflection_body(saved), title=f"Reflection {week} (GROW)", title_align="left")
    )


def week(review: WeekReview) -> None:
    console = out()
    title = f"Week {review.week} · {review.start:%a %d %b} – {review.end:%a %d %b %Y}"
    if review.entries == 0:
        if review.in_progress:
            body = Text("No check-ins this week yet. ", style="bold")
            body.append("That is fine: a week starts with one. Two minutes now:\n  ")
        else:
            body = Text("No check-ins that week. ", style="bold")
            body.append("Every week is a fresh start. Two minutes now:\n  ")
        body.append("selflead checkin", style="bold cyan")
        if review.longest_streak:
            body.append(f"\nLongest streak so far: {review.longest_streak} days.", style="dim")
        console.print(Panel(body, title=title, title_align="left"))
        if review.quote:
            console.print(quote_panel(review.quote, title="For the week ahead"))
        return

    header = Text()
    header.append(f"{review.days_checked_in} of 7 days", style="bold")
    header.append(f" checked in · {review.entries} ")
    header.append("entry" if review.entries == 1 else "entries")
    header.append("\n")
    header.append_text(_strip(review))
    header.append("\nStreak: ", style="bold")
    header.append(f"{review.streak} day{'s' if review.streak != 1 else ''}")
    header.append(f" (longest {review.longest_streak})", style="dim")

    table = Table(box=None, padding=(0, 2), show_edge=False)
    table.add_column("Area", style="bold")
    table.add_column("Average", justify="right")
    table.add_column("Mon→Sun")
    table.add_column("vs last week", justify="right")
    table.add_column("Skipped", justify="right", style="dim")
    for summary in review.areas:
        average = f"{summary.average:.2f}" if summary.average is not None else "–"
        table.add_row(
            Text(AREA_LABELS[summary.area], style=AREA_STYLES[summary.area]),
            average,
            sparkline(summary.daily),
            _change(summary),
            str(summary.skipped),
        )

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
    parts: list[RenderableType] = [header, Text(), table, Text(), highlights]
    if review.highest:
        parts.append(_moment("Best moment", review.highest))
    if review.lowest:
        parts.append(_moment("Hardest moment", review.lowest))
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
        console.print(
            Panel(
                _reflection_body(review.reflection),
                title=f"Your reflection (GROW), updated {review.reflection.updated:%a %d %b}",
                title_align="left",
            )
        )
    if review.quote:
        console.print(quote_panel(review.quote, title="For the week ahead"))
