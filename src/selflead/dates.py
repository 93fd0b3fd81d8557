"""Calendar days and ISO weeks as the user names them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from selflead.errors import InputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (selflead due)
if TYPE_CHECKING:
    from typing import Final

_WEEK_RE = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)

# The days selflead supports, at every entrance (options, imports, files on disk): far enough
# from the ends of Python's calendar (years 1 and 9999) that a week, a streak or an export
# around any of them never steps off it.
FIRST_DAY: Final = date(1900, 1, 1)
LAST_DAY: Final = date(2199, 12, 31)
RANGE_WORDS: Final = f"from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def week_in_range(monday: date) -> bool:
    """Whether the week starting ``monday`` lies within the supported days (its Monday does:
    2200-W01 starts on 2199-12-29)."""
    return in_range(monday)


def _in_range(day: date, text: str, option: str) -> date:
    if not in_range(day):
        raise InputError(
            f"{option} {text!r} is outside the days selflead supports ({RANGE_WORDS})",
            f"give a day {RANGE_WORDS}",
        )
    return day


def parse_day(text: str, *, today: date, option: str = "date") -> date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday`` (``today`` is the CLI's clock)."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return _in_range(today - timedelta(days=1), text, option)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word, flags=re.ASCII):
        try:
            day = date.fromisoformat(word)
        except ValueError:
            raise InputError(
                f"{option} {text!r} is not a real calendar day",
                "use YYYY-MM-DD, 'today' or 'yesterday'",
            ) from None
        return _in_range(day, text, option)
    raise InputError(f"{option} {text!r} is not a date", "use YYYY-MM-DD, 'today' or 'yesterday'")


def iso_week(day: date) -> str:
    """``2026-W47`` for the ISO week (Monday to Sunday) that holds ``day``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def parse_week(text: str) -> date:
    """The Monday of an ISO week written ``YYYY-Www``; a clear error for anything else."""
    match = _WEEK_RE.fullmatch(text.strip().upper())
    if not match:
        raise InputError(f"week {text!r} is not an ISO week", "write it YYYY-Www, e.g. 2026-W47")
    year, week = int(match[1]), int(match[2])
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InputError(
            f"week {text!r} does not exist: {year} has "
            f"{date(year, 12, 28).isocalendar().week} ISO weeks",
            "write it YYYY-Www, e.g. 2026-W47",
        ) from None
    if not week_in_range(monday):
        raise InputError(
            f"week {text!r} is outside the weeks selflead supports ({iso_week(FIRST_DAY)} to "
            f"{iso_week(LAST_DAY)})",
            f"give a week {RANGE_WORDS}",
        )
    return monday


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
