"""How the weekly review, the weekly reflection and quotes look on screen (rich)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from selflead.areas import AREA_LABELS
from selflead.core.statements import describe, say
from selflead.core.wording import count
from selflead.dates import date_span, long_date, short_date
from selflead.ui.console import out
from selflead.ui.text import AREA_STYLES, one_line, safe

if TYPE_CHECKING:
    from selflead.core.quotes import Quote
    from selflead.core.week import AreaSummary, Moment, WeekReview
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


def _empty_week(review: WeekReview, title: str) -> Panel:
    if review.in_progress:
        body = Text(say("empty.current") + "\n  ", style="bold")
        body.append("selflead checkin", style="bold cyan")
        if review.previous_focus is not None:
            body.append("\n")
            body.append(say("empty.previous_focus", area=review.previous_focus.area))
        if review.offers_last_week:
            body.append("\n" + say("empty.current.offer_last") + "\n  ")
            body.append("selflead review --last", style="bold cyan")
    elif review.not_started:
        body = Text(say("empty.future", start=long_date(review.start)), style="bold")
    else:
        # A past week is filled in after the fact: a check-in dated on one of its days.
        body = Text(say("empty.past") + "\n  ", style="bold")
        body.append(f"selflead checkin --date {review.start.isoformat()}", style="bold cyan")
        body.append("\n" + say("empty.past.fresh") + " ")
        body.append("selflead checkin", style="bold cyan")
        body.append(" " + say("empty.past.fresh.after"))
    if review.longest_streak:
        longest = count(review.longest_streak, "weekday" if review.weekdays_only else "day")
        body.append("\n" + say("empty.longest", longest=longest), style="dim")
    return Panel(body, title=title, title_align="left")


def _area_table(review: WeekReview, *, compact: bool) -> Table:
    label_width = max(len(label) for label in AREA_LABELS.values())
    table = Table(box=None, padding=(0, 1 if compact else 2), show_edge=False, pad_edge=False)
    table.add_column("Area", style="bold", no_wrap=True, min_width=label_width)
    table.add_column("Avg" if compact else "Average", justify="right", no_wrap=True)
    table.add_column("Mon→Sun", no_wrap=True, min_width=7)
    table.add_column("Δ" if compact else "vs last week", justify="right", no_wrap=True)
    table.add_column(
        "Skip" if compact else "Days skipped", justify="right", style="dim", no_wrap=True
    )
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
    week suggests a backfill (``checkin --date``). Every fact that depends on ``today`` (so
    far, days left, a week not started) is in ``review``, decided by core.
    """
    console = out()
    compact = console.width < COMPACT_BELOW
    span = date_span(review.start, review.end)
    title = f"{review.week} · {span}" if compact else f"Week {review.week} · {span}"
    if review.entries == 0:
        console.print(_empty_week(review, title))
        if review.quote:
            console.print(quote_panel(review.quote, title=say("quote.title")))
        return

    text = describe(review)
    header = Text()
    for line in text.opening:
        header.append(line + "\n", style="bold")
    header.append(text.days)
    header.append("\n")
    header.append_text(_strip(review, compact=compact))
    header.append("\n" + text.streak)

    highlights = Text("\n".join(text.compare))
    parts: list[RenderableType] = [
        header,
        Text(),
        _area_table(review, compact=compact),
        Text(),
        highlights,
    ]
    if text.moments:
        parts.append(_labelled_grid([(label, _moment(m)) for label, m in text.moments]))
    console.print(Panel(Group(*parts), title=title, title_align="left"))

    focus = Text()
    if review.focus.area:
        focus.append(AREA_LABELS[review.focus.area], style=f"bold {AREA_STYLES[review.focus.area]}")
        focus.append("\n")
    focus.append(review.focus.reason)
    focus.append("\n" + text.focus_question_lead + " ", style="bold")
    focus.append(review.focus.question, style="italic")
    console.print(Panel(focus, title=text.focus_title, title_align="left", border_style="green"))
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
        console.print(quote_panel(review.quote, title=say("quote.title")))
