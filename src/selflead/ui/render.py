"""The one place that prints: stdout for content, stderr for status and errors.

User text is always wrapped in ``rich.text.Text`` (never interpolated into markup) after
``visible()`` has turned terminal control characters into escapes a person can read.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from selflead.areas import AREA_LABELS, AreaName

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console, RenderableType
    from rich.text import Text

    from selflead.core.doctor import Report as DoctorReport
    from selflead.models import AreaCheckin, Entry

AREA_STYLES: dict[AreaName, str] = {
    "communication": "cyan",
    "emotions": "magenta",
    "behaviour": "yellow",
    "goals": "green",
}

# C0 controls except tab and newline, DEL, C1 controls, and the bidi controls that reorder text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with each terminal control character shown as an escape (``\\x1b``)."""
    return _UNSAFE.sub(_escape, text)


def safe(text: str, style: str = "") -> Text:
    """User text as a rich ``Text``: never parsed as markup, control characters made visible."""
    from rich.text import Text

    return Text(visible(text), style=style)


@functools.cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


@functools.cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def print_out(*renderables: RenderableType) -> None:
    out().print(*renderables)


def status(message: str) -> None:
    """A short status line on stderr (never mixed into data on stdout)."""
    from rich.text import Text

    err().print(Text(visible(message), style="dim"), soft_wrap=True)


def error(message: str, hint: str | None = None) -> None:
    """The one-line error format: ``error: what went wrong; what to do``."""
    from rich.text import Text

    line = Text("error: ", style="bold red")
    line.append(visible(message.replace("\n", " ")))
    if hint:
        line.append("; " + visible(hint.replace("\n", " ")), style="dim")
    err().print(line, soft_wrap=True)


# Characters json.dumps(ensure_ascii=False) passes through raw that a terminal may act on (DEL,
# C1 controls such as CSI U+009B, bidi overrides) or that break JavaScript (U+2028/2029).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def emit_json(data: Any) -> None:
    """Machine-readable output: plain JSON on stdout, nothing else.

    Text stays readable (UTF-8), but characters a terminal could act on are written as JSON
    ``\\uXXXX`` escapes: the same data for a parser, nothing a terminal runs.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------- dates

# Day numbers are written without a leading zero ("3 January"); strftime's %-d is not portable.


def long_date(day: date) -> str:
    """``Thursday 3 December 2026``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date, *, year: bool = False) -> str:
    """``Thu 3 Dec`` (``Thu 3 Dec 2026`` with ``year``)."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if year else "")


def date_span(first: date, last: date) -> str:
    """``Mon 30 Nov – Sun 6 Dec 2026``; both years when they differ (``Mon 28 Dec 2026 – …``)."""
    return f"{short_date(first, year=first.year != last.year)} – {short_date(last, year=True)}"


def _written(entry: Entry) -> str | None:
    """For a backfilled entry (written on a later day): ``written Fri 27 Nov, 05:33``."""
    created = entry.created.date()
    if created == entry.date:
        return None
    return (
        f"written {short_date(created, year=created.year != entry.date.year)}, "
        f"{entry.created:%H:%M}"
    )


def entry_heading(entry: Entry) -> str:
    """``Thursday 19 November 2026, 08:15``, or for a backfilled entry
    ``Thursday 19 November 2026 (written Fri 27 Nov, 05:33)``: the time belongs to the writing."""
    written = _written(entry)
    if written:
        return f"{long_date(entry.date)} ({written})"
    return f"{long_date(entry.date)}, {entry.created:%H:%M}"


# --------------------------------------------------------------------------- entries

_LABEL_WIDTH = 14  # "Communication" and a space: where ratings and reflections line up


def rating_dots(rating: int | None, *, reflected: bool = False) -> Text:
    """``●●●○○  3/5``; without a rating ``not rated`` when there is a reflection, else
    ``skipped`` (the area was left empty)."""
    from rich.text import Text

    if rating is None:
        return Text("–    not rated" if reflected else "–    skipped", style="dim")
    return Text("●" * rating + "○" * (5 - rating) + f"  {rating}/5")


def hanging(renderable: RenderableType, indent: int = 2) -> RenderableType:
    """``renderable`` indented on every line, wrapped ones too."""
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, indent))


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

    from selflead.areas import AREAS

    parts: list[RenderableType] = [_area_block(a, entry.area(a)) for a in AREAS]
    if entry.tags:
        tags = Text(f"{'Tags':<{_LABEL_WIDTH}}", style="bold")
        tags.append_text(safe(" ".join(f"#{t}" for t in entry.tags), style="blue"))
        parts.append(tags)
    heading = title or entry_heading(entry)
    return Panel(Group(*parts), title=Text(heading), title_align="left", expand=False)


def show_day(
    day_label: str, entries: Iterable[Entry], *, day: date | None = None, today: date | None = None
) -> None:
    """``show``: each check-in of a day, or a hint to write one.

    With ``day`` the label is written from it (``Monday 3 December 2026``) and, for a day that
    is not today (``today`` defaults to ``dates.today()``), the hint names ``--date``.
    """
    items = list(entries)
    console = out()
    if not items:
        command = "selflead checkin"
        if day is not None:
            from selflead import dates

            day_label = long_date(day)
            if day != (today or dates.today()):
                command = f"selflead checkin --date {day.isoformat()}"
        # The command on a line of its own, so that a narrow terminal never splits it.
        console.print(
            safe(f"No check-ins on {day_label}. Start one with:\n  ", style="dim")
            + safe(command, style="bold cyan")
        )
        return
    for entry in items:
        console.print(entry_panel(entry))


def saved(entry: Entry, where: str, streak: int = 0) -> None:
    """The check-in as saved; on stderr where it went and, from two days on, the streak."""
    written = _written(entry)
    title = f"Saved: {long_date(entry.date)}" + (f" ({written})" if written else "")
    out().print(entry_panel(entry, title=title))
    run = f" ({streak} days in a row)" if streak >= 2 else ""
    status(f"Saved to {where}{run}")


_SPACES = re.compile(r"[ \t\n]+")


def one_line(text: str) -> str:
    """``text`` on one line, as snippets show it: each run of spaces, tabs and newlines is one
    space; every other control character stays, as its visible escape."""
    return visible(_SPACES.sub(" ", text).strip(" "))


def _snippet(entry: Entry, width: int) -> str:
    from selflead.areas import AREAS

    # Made visible before cutting, so the cut is measured on what is shown.
    texts = [one_line(entry.area(a).reflection) for a in AREAS]
    joined = " / ".join(t for t in texts if t)
    if len(joined) > width:
        joined = joined[: max(width - 1, 0)] + "…"
    return joined


# "2026-11-23 08:15  C4 E- B- G2": the date, the time, the four ratings.
_LIST_PREFIX = 29


def entry_lines(
    entries: Iterable[Entry], *, range_text: str = "in that range", hint: str | None = None
) -> None:
    """``list``: one line per entry: date, time, the four ratings (C E B G), a snippet, tags.

    A backfilled entry (written on a later day) shows ``--:--`` for the time and ends with
    ``(written 11-27)``: month and day, the full date when written in another year. With
    nothing to list: ``No check-ins {range_text} ({hint}).``, e.g. with
    ``range_text="in the last 30 days", hint="try --all"``.
    """
    from rich.text import Text

    from selflead.areas import AREAS

    console = out()
    count = 0
    for entry in entries:
        count += 1
        backfilled = entry.created.date() != entry.date
        line = Text(entry.date.isoformat() + " ", style="bold")
        if backfilled:
            line.append("--:--", style="dim")
        else:
            line.append(f"{entry.created:%H:%M}", style="bold")
        line.append(" ")
        for area in AREAS:
            rating = entry.area(area).rating
            line.append(" ")
            line.append(f"{area[0].upper()}{rating or '-'}", style=AREA_STYLES[area])
        # The end of the line (when it was written, the tags) is kept; the snippet gets the rest.
        written = ""
        if backfilled:  # "(written 11-27)", with the year when it is another one
            made = entry.created.date()
            same_year = made.year == entry.date.year
            written = f"(written {made:%m-%d})" if same_year else f"(written {made.isoformat()})"
        tags = visible(" ".join(f"#{t}" for t in entry.tags))
        tail = len(written) + len(tags) + (1 if written and tags else 0)
        room = console.width - _LIST_PREFIX - 2 - (tail + 1 if tail else 0)
        parts = [
            (_snippet(entry, max(room, 1)), ""),
            (written, "dim"),
            (tags, "blue"),
        ]
        gap = "  "  # two spaces after the ratings, one between the rest
        for part, style in parts:
            if part:
                line.append(gap)
                line.append_text(safe(part, style=style))
                gap = " "
        console.print(line, no_wrap=True, overflow="ellipsis")
    if count == 0:
        message = f"No check-ins {range_text}" + (f" ({hint})" if hint else "") + "."
        console.print(Text(message, style="dim"))


def skipped_days(damaged: Iterable[object]) -> None:
    """Warn on stderr about each damaged day that a command left out."""
    from rich.text import Text

    for exc in damaged:
        line = Text("warning: ", style="bold yellow")
        line.append(visible(f"left out {exc}"))
        err().print(line, soft_wrap=True)


def warning(message: str, hint: str | None = None) -> None:
    """``warning: what is wrong; what to do`` on stderr."""
    from rich.text import Text

    line = Text("warning: ", style="bold yellow")
    line.append(visible(message.replace("\n", " ")))
    if hint:
        line.append("; " + visible(hint.replace("\n", " ")), style="dim")
    err().print(line, soft_wrap=True)


def exposed_journal(home: Path, mode: int) -> None:
    """The journal folder can be read by other users: say so, and how to fix it."""
    import shlex

    command = f"chmod 700 {shlex.quote(str(home))}"
    warning(
        f"the journal folder {home} can be opened by other users (mode {mode:04o})",
        f"make it private with: {command} (or run 'selflead doctor --fix')",
    )


# --------------------------------------------------------------------------- doctor

_DOCTOR_LABELS = {True: ("problem", "bold red"), False: ("note", "bold blue")}


def doctor_report(report: DoctorReport) -> None:
    """``selflead doctor``: each finding with its file and a fix, what --fix did, a verdict."""
    from rich.text import Text

    console = out()
    console.print(Text("Journal: ", style="bold") + safe(str(report.home)), soft_wrap=True)
    if not report.exists:
        console.print(Text("No journal here yet; it is created by the first check-in. All well."))
        return

    def where(path: Path) -> str:
        try:
            name = str(path.relative_to(report.home)) or "."
        except ValueError:
            name = str(path)
        return name.replace("\n", "\\x0a")  # one finding, one line, whatever a name holds

    for repair in report.repairs:
        line = Text(
            "fixed    " if repair.done else "not fixed ",
            style="green" if repair.done else "bold red",
        )
        line.append_text(safe(where(repair.finding.path)))
        line.append_text(safe(f": {repair.detail}", style="" if repair.done else "red"))
        console.print(line, soft_wrap=True)
    for finding in report.findings:
        label, style = _DOCTOR_LABELS[finding.serious]
        line = Text(f"{label:<8} ", style=style)
        line.append_text(safe(f"{where(finding.path)}: {finding.problem}"))
        console.print(line, soft_wrap=True)
        if finding.fix:
            console.print(Text("         fix: ", style="dim") + safe(finding.fix), soft_wrap=True)

    checked = (
        f"Checked {report.days} day{'s' if report.days != 1 else ''} "
        f"({report.entries} check-in{'s' if report.entries != 1 else ''}) and "
        f"{report.weeks} week{'s' if report.weeks != 1 else ''}."
    )
    problems = report.problems
    if not problems:
        console.print(Text(f"{checked} All well.", style="bold green"))
        return
    verdict = f"{checked} {len(problems)} problem{'s' if len(problems) != 1 else ''} found"
    fixable = len(report.repairable)
    if fixable:
        verdict += f"; {fixable} can be repaired safely with: selflead doctor --fix"
    console.print(Text(verdict + ".", style="bold red"), soft_wrap=True)
