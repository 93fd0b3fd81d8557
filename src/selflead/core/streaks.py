"""Streaks: runs of consecutive days (or weekdays) with a check-in. The one home for them.

With ``weekdays_only``, Saturdays and Sundays are left out of the count altogether: a check-in
on a weekend day neither counts nor breaks anything, and Friday is followed by Monday. That is
the rhythm of someone who does not journal at weekends (``weekdays_only`` in ``config.toml``,
or ``selflead review --weekdays``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


def _number(day: date, weekdays_only: bool) -> int:
    """A day's number in the sequence being counted: consecutive days get consecutive numbers.

    Weekdays only: Monday..Friday of one week are 5n..5n+4, so a Friday and the next Monday
    are consecutive. A weekend day gets the number of the Monday after it.
    """
    ordinal = day.toordinal() - 1  # date(1, 1, 1) is a Monday
    if not weekdays_only:
        return ordinal
    week, weekday = divmod(ordinal, 7)
    return week * 5 + min(weekday, 5)


def streaks(
    days_with_entries: Iterable[date], until: date, *, weekdays_only: bool = False
) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with a check-in, up to ``until``.

    The current streak ends at ``until``, or at the day before when ``until`` has no
    check-in yet (today's check-in may still come). Weekdays only, a weekend ``until`` is
    still waiting for Monday, so the run ends on the Friday before.
    """
    # Day numbers, not dates: a ten-year journal has 3,650 days to walk.
    last = _number(until, weekdays_only)
    days = sorted(
        {
            _number(d, weekdays_only)
            for d in days_with_entries
            if d <= until and (not weekdays_only or is_weekday(d))
        }
    )
    longest = run = 0
    previous: int | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == 1 else 1
        longest = max(longest, run)
        previous = day
    present = set(days)
    anchor = last if last in present else last - 1
    current = 0
    while anchor in present:
        current += 1
        anchor -= 1
    return current, longest


def days_in_a_row(
    has_check_in: Callable[[date], bool], until: date, *, weekdays_only: bool = False
) -> int:
    """Consecutive days with a check-in, ending at ``until`` (the streak a check-in just
    made). Asks one day at a time, walking back, so the cost follows the streak, not the
    size of the journal. Weekdays only, weekend days are stepped over, never asked."""
    count = 0
    day = until
    while True:
        if weekdays_only and not is_weekday(day):
            day -= timedelta(days=day.weekday() - 4)  # back to the Friday
        if not has_check_in(day):
            return count
        count += 1
        day -= timedelta(days=1)


def longest_run(
    days_with_entries: Iterable[date], *, weekdays_only: bool = False
) -> tuple[int, date, date] | None:
    """The longest run of consecutive days (or weekdays) among ``days_with_entries``: its
    length, first and last day (the earliest such run); None without a day to count."""
    days = sorted(d for d in set(days_with_entries) if not weekdays_only or is_weekday(d))
    best: tuple[int, date, date] | None = None
    start = previous = None
    for day in days:
        if previous is None or _number(day, weekdays_only) - _number(previous, weekdays_only) != 1:
            start = day
        previous = day
        assert start is not None
        length = _number(day, weekdays_only) - _number(start, weekdays_only) + 1
        if best is None or length > best[0]:
            best = (length, start, day)
    return best
