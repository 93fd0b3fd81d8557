"""The clock: the one place selflead reads today's date and the moment.

It imports nothing heavy, so that ``selflead due`` (which runs in a shell prompt) can read the
day without Typer; ``selflead.cli.options`` hands the same two functions to every command.
"""

from __future__ import annotations

from datetime import date, datetime


def today() -> date:
    """The local calendar day: the one place selflead reads the clock for a day.

    ``SELFLEAD_TODAY=YYYY-MM-DD`` pins it (for demos and tests). Everything below the CLI is
    handed this day (or ``now()``) and never reads the clock itself.
    """
    import os

    pinned = os.environ.get("SELFLEAD_TODAY")
    if pinned:
        from selflead.errors import InputError

        try:
            day = date.fromisoformat(pinned)
        except ValueError:
            raise InputError(
                f"SELFLEAD_TODAY={pinned!r} is not a date", "use YYYY-MM-DD or unset it"
            ) from None
        from selflead.dates import RANGE_WORDS, in_range

        if not in_range(day):
            raise InputError(
                f"SELFLEAD_TODAY={pinned!r} is outside the days selflead supports ({RANGE_WORDS})",
                "unset it",
            )
        return day
    return date.today()


def now() -> datetime:
    """The moment, with the local UTC offset: when an entry or a reflection is written."""
    return datetime.now().astimezone()
