"""How check-ins look: a day's panels (``show``), one line each (``list``), the saved one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from selflead.areas import AREA_LABELS, AREAS, AreaName
from selflead.chars import visible
from selflead.dates import long_date
from selflead.ui.console import emit_json, out, skipped_days, status
from selflead.ui.text import AREA_STYLES, hanging, one_line, safe
from selflead.words import written_later

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from selflead.core.answers import Answers
    from selflead.core.browse import DayShown, Listing, Span
    from selflead.core.record import Saved
    from selflead.models import AreaCheckin, Entry


def entry_heading(entry: Entry) -> str:
    """``Thursday 19 November 2026, 08:15``, or for a backfilled entry, which has no time of
    day, ``Thursday 19 November 2026 (written Fri 27 Nov)``."""
    written = written_later(entry)
    if written:
        return f"{long_date(entry.date)} ({written})"
    return f"{long_date(entry.date)}, {entry.created:%H:%M}"


_LABEL_WIDTH = 14  # "Communication" and a space: where ratings and reflections line up


def rating_dots(rating: int | None, *, reflected: bool = False) -> Text:
    """``●●●○○  3/5``; without a rating ``not rated`` when there is a reflection, else
    ``skipped`` (the area was left empty)."""
    from rich.text import Text

    if rating is None:
        return Text("–    not rated" if reflected else "–    skipped", style="dim")
    return Text("●" * rating + "○" * (5 - rating) + f"  {rating}/5")


def _area_block(name: AreaName, area: AreaCheckin) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    reflected = bool(area.reflection.strip())
    head = Text(f"{AREA_LABELS[name]:<{_LABEL_WIDTH}}", style=f"bold {AREA_STYLES[name]}")
    head.append_text(rating_dots(area.rating, reflected=reflected))
    if not reflected:
        return head
    # Only "\n" breaks a line: a "\r" or other separator is shown as its escape. Lines that
    # wrap stay indented under the label (rich Padding indents every line it draws).
    return Group(head, hanging(safe(area.reflection.rstrip("\n"))))


def entry_panel(entry: Entry, title: str | None = None) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[RenderableType] = [_area_block(a, entry.area(a)) for a in AREAS]
    if entry.tags:
        tags = Text(f"{'Tags':<{_LABEL_WIDTH}}", style="bold")
        tags.append_text(safe(" ".join(f"#{t}" for t in entry.tags), style="blue"))
        parts.append(tags)
    heading = title or entry_heading(entry)
    return Panel(Group(*parts), title=Text(heading), title_align="left", expand=False)


def shown(result: DayShown, *, as_json: bool = False) -> None:
    """``show``: each check-in of a day, or a hint to write one (for a day that is not today,
    the hint names ``--date``, since plain ``selflead checkin`` records today)."""
    if as_json:
        emit_json(result.as_json())
        return
    console = out()
    if not result.entries:
        command = "selflead checkin"
        if not result.is_today:
            command = f"selflead checkin --date {result.day.isoformat()}"
        # The command on a line of its own, so that a narrow terminal never splits it.
        console.print(
            safe(f"No check-ins on {long_date(result.day)}. Start one with:\n  ", style="dim")
            + safe(command, style="bold cyan")
        )
        return
    for entry in result.entries:
        short = f"  {result.shorts[entry.id]}" if result.shorts else ""
        console.print(entry_panel(entry, title=f"{entry_heading(entry)}{short}"))


def saved(result: Saved) -> None:
    """The check-in as saved; on stderr where it went and, from two days on, the streak
    (in days, or weekdays for a journal kept Monday to Friday)."""
    entry = result.entry
    written = written_later(entry)
    title = f"Saved: {long_date(entry.date)}" + (f" ({written})" if written else "")
    out().print(entry_panel(entry, title=title))
    run = f" ({result.streak} {result.unit}s in a row)" if result.streak >= 2 else ""
    status(f"Saved to {result.path}{run}")


def unsaved(answers: Answers, *, today: date) -> None:
    """The answers could not be saved nor kept: the whole check-in on stdout, unwrapped, so
    that it can be copied back into 'selflead checkin --editor'."""
    from selflead.core import template

    out().print(safe(template.render(answers, today=today)), soft_wrap=True)


def _snippet(entry: Entry, width: int) -> str:

    # Made visible before cutting, so the cut is measured on what is shown.
    texts = [one_line(entry.area(a).reflection) for a in AREAS]
    joined = " / ".join(t for t in texts if t)
    if len(joined) > width:
        joined = joined[: max(width - 1, 0)] + "…"
    return joined


# "2026-11-23 08:15  C4 E- B- G2": the date, the time, the four ratings.
_LIST_PREFIX = 29
_MIN_SNIPPET = 4  # below this, a line leaves out "(written ...)" to show some of the text


def _span_words(span: Span) -> str:
    """``in the last 30 days (try --all)``, ``from 2026-11-01 to 2026-11-30``, ..."""
    if span.default:
        from selflead.core.browse import DEFAULT_LIST_DAYS

        return f"in the last {DEFAULT_LIST_DAYS} days (try --all)"
    if span.first and span.last:
        return f"from {span.first} to {span.last}"
    if span.first:
        return f"from {span.first} on"
    if span.last:
        return f"up to {span.last}"
    return "in the journal yet"


def entry_line(
    entry: Entry, short: str, width: int, snippet: Text | None = None, lead: str = ""
) -> Text:
    """One entry on one line: date, time, the four ratings (C E B G), its short id, a snippet
    (or the one given, e.g. a search hit's) and its tags; ``lead`` goes first."""
    from rich.text import Text

    backfilled = entry.backfilled
    line = Text()
    line.append(lead, style="dim")
    line.append(entry.date.isoformat() + " ", style="bold")
    if backfilled:
        line.append("     ")
    else:
        line.append(f"{entry.created:%H:%M}", style="bold")
    line.append(" ")
    for area in AREAS:
        rating = entry.area(area).rating
        line.append(" ")
        line.append(f"{area[0].upper()}{rating or '-'}", style=AREA_STYLES[area])
    if short:
        line.append("  ")
        line.append(short, style="dim")
    # The end of the line (when it was written, the tags) is kept; the snippet gets the rest.
    later = written_later(entry)
    written = f"({later})" if later else ""
    tags = visible(" ".join(f"#{t}" for t in entry.tags))
    room = width - len(lead) - _LIST_PREFIX - (len(short) + 2 if short else 0) - 2
    if room - len(written) - len(tags) < _MIN_SNIPPET:
        written = ""  # a narrow terminal: the text before the note of when it was written
    tail = len(written) + len(tags) + (1 if written and tags else 0)
    room -= tail + 1 if tail else 0
    if snippet is None:
        snippet = safe(_snippet(entry, max(room, 1)))
    elif len(snippet) > max(room, 1):
        snippet.truncate(max(room - 1, 0))
        snippet.append("…")
    gap = "  "  # two spaces after the short id, one between the rest
    for part, style in ((snippet, ""), (safe(written), "dim"), (safe(tags), "blue")):
        if part:
            line.append(gap)
            if style:
                part.stylize(style)
            line.append_text(part)
            gap = " "
    return line


def listed(result: Listing, *, as_json: bool = False) -> None:
    """``list``: the damaged days left out (on stderr), then the entries, as lines or JSON."""
    skipped_days(result.skipped)
    if as_json:
        emit_json(result.as_json())
    else:
        entry_lines(result.entries, result.span, result.shorts)


def entry_lines(
    entries: Iterable[Entry],
    span: Span | None,
    shorts: Mapping[str, str] | None = None,
    lead: str = "",
) -> None:
    """``list``: one line per entry: date, time, the four ratings (C E B G), a snippet, tags.

    A backfilled entry (written on a later day) has no time of day: the time column is blank
    and the line ends with ``(written Fri 27 Nov)``, the year too when it is another one. With
    nothing to list, it says so and names the span (``No check-ins in the last 30 days``).
    """
    from rich.text import Text

    console = out()
    count = 0
    for entry in entries:
        count += 1
        short = shorts[entry.id] if shorts else ""
        line = entry_line(entry, short, console.width, lead=lead)
        console.print(line, no_wrap=True, overflow="ellipsis")
    if count == 0 and span is not None:
        message = f"No check-ins {_span_words(span)}."
        console.print(Text(message, style="dim"))
