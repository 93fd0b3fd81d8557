"""How ``selflead on-this-day`` looks, and the line a check-in's closing says about it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from selflead.dates import long_date, short_date
from selflead.ui.console import out, status
from selflead.ui.entries import entry_panel

if TYPE_CHECKING:
    from selflead.core.on_this_day import Back, Glance, OnThisDay

_UNITS = {"week": "week", "month": "month", "year": "year"}


def ago(back: Back, *, relative_to_today: bool = True) -> str:
    """``a week ago``, ``2 years ago``; ``a month before`` for a day that is not today."""
    unit = _UNITS[back.ago]
    amount = f"a {unit}" if back.count == 1 else f"{back.count} {unit}s"
    return f"{amount} {'ago' if relative_to_today else 'before'}"


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def on_this_day(found: OnThisDay, *, today: object) -> None:
    """Each day back with check-ins, the nearest first: a heading, then its check-ins."""
    from rich.text import Text

    console = out()
    relative = found.day == today
    if not found.memories:
        where = "today" if relative else long_date(found.day)
        console.print(
            Text(
                f"Nothing to look back at from {where} yet: no check-ins a week or a month "
                f"before it, nor on {found.day.day} {found.day:%B} in an earlier year."
            )
        )
        return
    for number, memory in enumerate(found.memories):
        said = ago(memory.back, relative_to_today=relative)
        heading = Text(("\n" if number else "") + said[0].upper() + said[1:])
        heading.stylize("bold")
        heading.append(f" · {long_date(memory.back.day)}", style="dim")
        console.print(heading)
        for entry in memory.entries:
            console.print(entry_panel(entry))


def mention(seen: Glance | None) -> None:
    """One closing line of a check-in, on stderr, when a day back has a check-in."""
    if seen is None:
        return
    near = [ago(b, relative_to_today=seen.is_today) for b in seen.backs if b.ago != "year"]
    years = [b for b in seen.backs if b.ago == "year"]
    if len(years) > 2:
        near.append(f"{len(years)} earlier years")
    else:
        near += [ago(b, relative_to_today=seen.is_today) for b in years]
    command = "selflead on-this-day" + ("" if seen.is_today else f" {seen.day.isoformat()}")
    lead = "On this day" if seen.is_today else f"Looking back from {short_date(seen.day)}"
    status(f"{lead}: check-ins from {_joined(near)} ({command})")
