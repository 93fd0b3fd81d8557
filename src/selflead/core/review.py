"""The weekly review: what a week of check-ins says, and what to focus on next week.

Pure: ``build_review`` takes entries and dates and returns a ``WeekReview``; the store reads,
``ui.review`` prints. Weeks are ISO weeks, Monday to Sunday.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, Final

from selflead.areas import AREAS, AreaName
from selflead.core.focus import choose_focus
from selflead.core.quotes import Quote, for_index
from selflead.core.spans import ties_of
from selflead.core.stats import area_averages, mean
from selflead.core.streaks import streaks
from selflead.core.week import BEST, HARDEST, AreaSummary, Moment, PreviousFocus, WeekReview
from selflead.dates import iso_week
from selflead.errors import DamagedFileError
from selflead.models import AreaCheckin, Entry, WeeklyReflection

if TYPE_CHECKING:
    from selflead.store.journal import Store

# --------------------------------------------------------------------------- the review


def area_summaries(
    week: Sequence[Entry],
    previous: Sequence[Entry],
    start: date,
    averages: Mapping[AreaName, float | None] | None = None,
    before: Mapping[AreaName, float | None] | None = None,
) -> list[AreaSummary]:
    """Each area's week; ``averages``: the week's own, and ``before``: the week before's (of
    ``previous``), when they are known already."""
    if averages is None:
        averages = area_averages(week)
    if before is None:
        before = area_averages(previous)
    by_day: dict[date, list[Entry]] = {}
    for entry in week:
        by_day.setdefault(entry.date, []).append(entry)
    days = [start + timedelta(days=offset) for offset in range(7)]
    summaries = []
    for area in AREAS:
        # Each day's ratings of this area, looked up once (an export builds ~5,000 weeks).
        checkin = attrgetter(area)
        ratings: dict[date, list[int]] = {}
        skipped = 0
        for day, entries in by_day.items():
            found: list[AreaCheckin] = [checkin(e) for e in entries]
            rated = ratings[day] = [c.rating for c in found if c.rating is not None]
            skipped += not rated and all(c.is_empty for c in found)
        summaries.append(
            AreaSummary(
                area=area,
                average=averages[area],
                previous=before[area],
                daily=[mean(ratings.get(day, ())) for day in days],
                rated_days=sum(1 for rated in ratings.values() if rated),
                skipped=skipped,
            )
        )
    return summaries


_CHECKINS: Final = attrgetter(*AREAS)  # an entry's check-in of each area, in AREAS' order


def _moments(entries: Sequence[Entry]) -> tuple[Moment | None, Moment | None]:
    """The best (4 or 5) and hardest (1 or 2) moments, when the week has two ratings or more
    that differ: a lone rating, or a week of equal ones, has neither."""
    rated: list[tuple[Entry, AreaName, int, str, bool]] = []
    for e in entries:
        for a, checkin in zip(AREAS, _CHECKINS(e), strict=True):
            if checkin.rating is not None:
                text = checkin.reflection
                rated.append((e, a, checkin.rating, text, bool(text.strip())))
    if len({m[2] for m in rated}) < 2:
        return None, None
    # Prefer moments with a reflection; among equal ones, the earliest in the week (max and
    # min keep the first of equals). Only the two chosen become a Moment.
    highest = _moment(*max(rated, key=lambda m: (m[2], m[4]))[:4])
    lowest = _moment(*min(rated, key=lambda m: (m[2], not m[4]))[:4])
    return (
        highest if highest.rating >= BEST else None,
        lowest if lowest.rating <= HARDEST else None,
    )


def _moment(entry: Entry, area: AreaName, rating: int, reflection: str) -> Moment:
    time = None if entry.backfilled else f"{entry.created:%H:%M}"
    return Moment(entry.date, time, area, rating, reflection)


def resolve_week(week: str | None, last: bool, today: date) -> date:
    """The Monday of the week to review: ``--week``, ``--last`` or the current week."""
    from selflead.dates import parse_week, week_start
    from selflead.errors import InputError

    if week is not None and last:
        raise InputError("--week and --last cannot be combined", "use one of them")
    if week is not None:
        return parse_week(week)
    start = week_start(today)
    return start - timedelta(days=7) if last else start


def _days_left(start: date, today: date) -> int:
    end = start + timedelta(days=6)
    return (end - today).days if start <= today <= end else 0


def _previous_focus(
    start: date,
    week: Sequence[Entry],
    areas: Sequence[AreaSummary],
    previous: Sequence[Entry],
    before_previous: Sequence[Entry],
    summaries: Sequence[AreaSummary] | None = None,
) -> PreviousFocus | None:
    """The focus the week before's review gave (it had check-ins), and how it moved since;
    ``summaries``: the week before's areas, when its review was built already."""
    if not previous:
        return None
    monday = start - timedelta(days=7)
    if summaries is None:
        # The week before's averages are this week's "previous" ones: not counted again.
        summaries = area_summaries(
            previous, before_previous, monday, {a.area: a.previous for a in areas}
        )
    focus = choose_focus(
        summaries,
        entries=len(previous),
        active_days=len({e.date for e in previous}),
        week_number=monday.isocalendar().week,
    )
    if focus.area is None:
        return None
    now = next(a for a in areas if a.area == focus.area)
    return PreviousFocus(
        area=focus.area,
        rule=focus.rule,
        before=now.previous,
        now=now.average,
        rated_days=now.rated_days,
        days=len({e.date for e in week}),
    )


def build_review(
    start: date,
    week_entries: Sequence[Entry],
    previous_entries: Sequence[Entry],
    days_with_entries: Iterable[date],
    today: date,
    quotes: Sequence[Quote],
    reflection: WeeklyReflection | None = None,
    skipped_days: Sequence[DamagedFileError] = (),
    *,
    before_previous: Sequence[Entry] = (),
    weekdays_only: bool = False,
    streak: tuple[int, int] | None = None,
    previous_areas: Sequence[AreaSummary] | None = None,
    moments: bool = True,
) -> WeekReview:
    """Everything the review shows for the ISO week that starts on ``start`` (a Monday).

    ``previous_entries`` are the week before's (for the change and last week's focus),
    ``before_previous`` the week before that (so that last week's focus is the one its own
    review gave). With ``weekdays_only``, streaks and days checked in count Monday to Friday.

    A caller that reviews week after week (the export) hands ``previous_areas``, the
    ``areas`` of the review it built of the week before from these same ``previous_entries``
    and ``before_previous``, so that they are not computed again; one that does not show the
    best and hardest moments leaves them out (``moments=False``: ``highest`` and ``lowest``
    are None).
    """
    end = start + timedelta(days=6)
    entries = sorted(week_entries, key=lambda e: (e.date, e.created))
    on_day = Counter(e.date for e in entries)
    per_day = [on_day[start + timedelta(days=i)] for i in range(7)]
    before = None if previous_areas is None else {a.area: a.average for a in previous_areas}
    areas = area_summaries(entries, previous_entries, start, before=before)
    ties = ties_of({a.area: a.average for a in areas})
    alone = not ties.even
    strongest = ties.strongest[0] if alone and len(ties.strongest) == 1 else None
    weakest = ties.weakest[0] if alone and len(ties.weakest) == 1 else None
    highest, lowest = _moments(entries) if moments else (None, None)
    in_progress = start <= today <= end
    focus = choose_focus(
        areas,
        entries=len(entries),
        active_days=sum(1 for n in per_day if n),
        week_number=start.isocalendar().week,
        in_progress=in_progress,
    )
    # (current, longest) as the index counts them, or counted here from the days.
    current, longest = streak or streaks(
        days_with_entries, min(today, end), weekdays_only=weekdays_only
    )
    quote = None
    if quotes:
        area = focus.area or "leadership"
        pool = [q for q in quotes if area in q.areas] or list(quotes)
        quote = for_index(pool, start.toordinal() // 7)
    return WeekReview(
        week=iso_week(start),
        start=start,
        end=end,
        entries_per_day=per_day,
        entries=len(entries),
        areas=areas,
        streak=current,
        longest_streak=longest,
        strongest=strongest,
        weakest=weakest,
        highest=highest,
        lowest=lowest,
        focus=focus,
        quote=quote,
        in_progress=in_progress,
        reflection=reflection,
        skipped_days=list(skipped_days),
        ties=ties,
        previous_focus=_previous_focus(
            start, entries, areas, previous_entries, before_previous, previous_areas
        ),
        weekdays_only=weekdays_only,
        days_left=_days_left(start, today),
        not_started=today < start,
        distinct_ratings=len(
            {r for e in entries for c in _CHECKINS(e) if (r := c.rating) is not None}
        ),
    )


def load_review(
    store: Store,
    start: date,
    today: date,
    quotes: Sequence[Quote],
    *,
    skip_damaged: bool,
    weekdays_only: bool = False,
) -> WeekReview:
    """Read the week and the two before it and the streak days from the store, then build
    the review.

    Reads at most 21 day files; the streaks come from the index, whatever the journal's size
    (with ``weekdays_only`` they are counted from the day names). A damaged day stops the
    review unless ``skip_damaged``.
    """
    from selflead.core.damaged import check_damaged

    end = start + timedelta(days=6)
    week = store.read_range(start, end)
    previous = store.read_range(start - timedelta(days=7), start - timedelta(days=1))
    before = store.read_range(start - timedelta(days=14), start - timedelta(days=8))
    damaged = check_damaged(week, skip_damaged=skip_damaged)
    damaged += check_damaged(previous, skip_damaged=skip_damaged)
    damaged += check_damaged(before, skip_damaged=skip_damaged)
    return build_review(
        start,
        week.entries,
        previous.entries,
        store.days(None, end) if weekdays_only else (),
        today,
        quotes,
        reflection=store.read_week(iso_week(start)),
        skipped_days=damaged,
        before_previous=before.entries,
        weekdays_only=weekdays_only,
        streak=None if weekdays_only else store.streaks(min(today, end)),
    )
