"""``selflead insights``: patterns in a span of ratings, each shown with its evidence.

Three rules, each with its thresholds here and nowhere else:

- **By weekday**: per area, the mean of the daily means on each weekday; the highest and the
  lowest weekday are named, with their days (n), among the weekdays with at least
  ``WEEKDAY_MIN_DAYS`` rated days, when at least two weekdays have that many.
- **Tags**: for each tag on at least ``TAG_MIN_DAYS`` days, per area, the mean on days with it
  against days without it; shown only where both sides have at least ``TAG_MIN_DAYS`` rated
  days and the means differ by at least ``TAG_MIN_DIFFERENCE``.
- **Links**: the Pearson correlation of the daily means of each pair of areas on the same day,
  and of one area on a day with another on the next day; shown only with at least
  ``LINK_MIN_DAYS`` paired days and ``|r| >= LINK_MIN_R``.

Everything is counted in days (``core.daily``). The result is plain data (``Insights``), apart
from the terminal: the screen, the JSON and an HTML report word it from
``core.insight_statements``, each fact as an association, never a cause.
"""

from __future__ import annotations

import math
import operator
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import permutations
from typing import TYPE_CHECKING, Any, Final

from selflead.areas import AREAS, AreaName
from selflead.core.daily import Day, days_from_ratings
from selflead.dates import FIRST_DAY
from selflead.errors import DamagedFileError
from selflead.store.journal import RangeRead

if TYPE_CHECKING:
    from selflead.store.journal import Store

DEFAULT_DAYS: Final = 90  # the span without --from/--to: the last 90 days, today included
WEEKDAY_MIN_DAYS: Final = 3  # a weekday seen on fewer rated days is not compared
TAG_MIN_DAYS: Final = 5  # a tag, and each side of its comparison, needs this many days
TAG_MIN_DIFFERENCE: Final = 0.5  # the smallest difference of means a tag is shown with
LINK_MIN_DAYS: Final = 20  # paired days a correlation needs
LINK_MIN_R: Final = 0.3  # the smallest |r| shown
# Means and r are floats: a difference of exactly 0.5 (3.5 - 3.0) or an r of 0.3 computed
# from data may land a rounding error below it; that error is not a difference.
EPSILON: Final = 1e-9


# --------------------------------------------------------------------------- the facts


@dataclass(frozen=True)
class WeekdayMean:
    weekday: int  # 0 is Monday
    mean: float
    days: int  # rated days of the area on this weekday


@dataclass(frozen=True)
class WeekdayPattern:
    """One area by weekday. ``highest``/``lowest`` are empty until two weekdays are counted;
    several when weekdays tie; ``level`` when every counted weekday has the same mean."""

    area: AreaName
    weekdays: tuple[WeekdayMean, ...]  # every weekday with a rated day, Monday first
    highest: tuple[WeekdayMean, ...] = ()
    lowest: tuple[WeekdayMean, ...] = ()
    needs: int = 0  # more days of check-ins before two weekdays are counted (at least)

    @property
    def shown(self) -> bool:
        return bool(self.highest)

    @property
    def level(self) -> bool:
        return bool(self.highest) and self.highest == self.lowest


@dataclass(frozen=True)
class TagComparison:
    """One area on days with a tag against days without it."""

    tag: str
    area: AreaName
    with_mean: float | None
    with_days: int
    without_mean: float | None
    without_days: int

    @property
    def difference(self) -> float | None:
        if self.with_mean is None or self.without_mean is None:
            return None
        return self.with_mean - self.without_mean

    @property
    def enough_days(self) -> bool:
        return self.with_days >= TAG_MIN_DAYS and self.without_days >= TAG_MIN_DAYS

    @property
    def shown(self) -> bool:
        difference = self.difference
        return (
            self.enough_days
            and difference is not None
            and abs(difference) >= TAG_MIN_DIFFERENCE - EPSILON
        )


@dataclass(frozen=True)
class TagCount:
    tag: str
    days: int  # days in the span that carry it


@dataclass(frozen=True)
class Link:
    """The correlation of ``first``'s daily means with ``second``'s, on the same day or, with
    ``next_day``, of ``first`` on a day with ``second`` on the day after."""

    first: AreaName
    second: AreaName
    next_day: bool
    days: int  # paired days (pairs of consecutive days for next_day)
    r: float | None  # None: fewer than two pairs, or one side never varies

    @property
    def shown(self) -> bool:
        return (
            self.days >= LINK_MIN_DAYS
            and self.r is not None
            and abs(self.r) >= LINK_MIN_R - EPSILON
        )


@dataclass(frozen=True)
class Insights:
    """What ``insights`` found in ``first``..``last``; every rule's evidence, shown or not."""

    first: date
    last: date
    default_span: bool  # no --from/--to: the last DEFAULT_DAYS days
    days: int  # days in the span with a check-in
    rated_days: int  # of them, days with at least one rating
    weekdays: tuple[WeekdayPattern, ...]
    tags: tuple[TagCount, ...]  # every tag in the span, most days first
    tag_comparisons: tuple[TagComparison, ...]  # for the tags on TAG_MIN_DAYS days or more
    tag_needs: int  # more days before a tag could be compared (0: enough)
    links: tuple[Link, ...]
    link_needs: int  # more days before a same-day link could be shown (0: enough)
    skipped_days: list[DamagedFileError] = field(default_factory=list)

    @property
    def shown_tags(self) -> list[TagComparison]:
        """The comparisons shown: the largest difference first."""
        shown = [c for c in self.tag_comparisons if c.shown]
        return sorted(shown, key=lambda c: (-abs(c.difference or 0), c.tag, AREAS.index(c.area)))

    @property
    def shown_links(self) -> list[Link]:
        """The links shown: same-day ones first, then the strongest."""
        shown = [link for link in self.links if link.shown]
        return sorted(shown, key=lambda link: (link.next_day, -abs(link.r or 0)))

    @property
    def frequent_tags(self) -> list[TagCount]:
        return [t for t in self.tags if t.days >= TAG_MIN_DAYS]

    def to_json(self) -> dict[str, Any]:
        def mean(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        def weekday(w: WeekdayMean) -> dict[str, Any]:
            return {"weekday": WEEKDAY_NAMES[w.weekday], "mean": mean(w.mean), "days": w.days}

        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "default_span": self.default_span,
            "days": self.days,
            "rated_days": self.rated_days,
            "rules": {
                "weekday_min_days": WEEKDAY_MIN_DAYS,
                "tag_min_days": TAG_MIN_DAYS,
                "tag_min_difference": TAG_MIN_DIFFERENCE,
                "link_min_days": LINK_MIN_DAYS,
                "link_min_r": LINK_MIN_R,
            },
            "weekdays": [
                {
                    "area": p.area,
                    "shown": p.shown,
                    "level": p.level,
                    "needs": p.needs,
                    "highest": [weekday(w) for w in p.highest],
                    "lowest": [weekday(w) for w in p.lowest],
                    "by_weekday": [weekday(w) for w in p.weekdays],
                }
                for p in self.weekdays
            ],
            "tags": [{"tag": t.tag, "days": t.days} for t in self.tags],
            "tag_needs": self.tag_needs,
            "tag_comparisons": [
                {
                    "tag": c.tag,
                    "area": c.area,
                    "shown": c.shown,
                    "with": {"mean": mean(c.with_mean), "days": c.with_days},
                    "without": {"mean": mean(c.without_mean), "days": c.without_days},
                    "difference": mean(c.difference),
                }
                for c in self.tag_comparisons
            ],
            "link_needs": self.link_needs,
            "links": [
                {
                    "first": link.first,
                    "second": link.second,
                    "next_day": link.next_day,
                    "shown": link.shown,
                    "days": link.days,
                    "r": None if link.r is None else round(link.r, 3),
                }
                for link in self.links
            ],
            "skipped_days": [str(d.path) for d in self.skipped_days],
        }


WEEKDAY_NAMES: Final = tuple(date(2024, 1, day).strftime("%A") for day in range(1, 8))


# --------------------------------------------------------------------------- the rules


def _ties(items: Sequence[WeekdayMean], best: float) -> tuple[WeekdayMean, ...]:
    return tuple(w for w in items if abs(w.mean - best) <= EPSILON)


def by_weekday(days: Sequence[Day], area: AreaName) -> WeekdayPattern:
    """The weekday rule for one area."""
    values: dict[int, list[float]] = {}
    for day in days:
        if area in day.means:
            values.setdefault(day.day.weekday(), []).append(day.means[area])
    weekdays = tuple(
        WeekdayMean(w, statistics.fmean(values[w]), len(values[w])) for w in sorted(values)
    )
    counted = [w for w in weekdays if w.days >= WEEKDAY_MIN_DAYS]
    if len(counted) < 2:
        # The two weekdays nearest to being counted, filled up to the minimum.
        nearest = sorted((w.days for w in weekdays), reverse=True)[:2]
        nearest += [0] * (2 - len(nearest))
        needs = sum(max(0, WEEKDAY_MIN_DAYS - n) for n in nearest)
        return WeekdayPattern(area, weekdays, needs=needs)
    high = max(w.mean for w in counted)
    low = min(w.mean for w in counted)
    return WeekdayPattern(area, weekdays, _ties(counted, high), _ties(counted, low))


def tag_counts(days: Sequence[Day]) -> tuple[TagCount, ...]:
    counts = Counter(tag for day in days for tag in day.tags)
    return tuple(TagCount(t, n) for t, n in sorted(counts.items(), key=lambda p: (-p[1], p[0])))


def compare_tags(days: Sequence[Day], tags: Sequence[str]) -> list[TagComparison]:
    """The tag rule for each of ``tags`` and each area, in that order: one pass over the days
    (the days without a tag are all the days less those with it)."""
    total = {a: [0.0, 0] for a in AREAS}
    tagged = {t: {a: [0.0, 0] for a in AREAS} for t in tags}
    for day in days:
        present = [tagged[t] for t in day.tags if t in tagged]
        for area, mean in day.means.items():
            total[area][0] += mean
            total[area][1] += 1
            for sums in present:
                sums[area][0] += mean
                sums[area][1] += 1
    found = []
    for tag in tags:
        for area in AREAS:
            with_sum, with_days = tagged[tag][area]
            without_sum, without_days = total[area][0] - with_sum, total[area][1] - with_days
            found.append(
                TagComparison(
                    tag,
                    area,
                    with_sum / with_days if with_days else None,
                    int(with_days),
                    without_sum / without_days if without_days else None,
                    int(without_days),
                )
            )
    return found


def tag_needs(days: Sequence[Day], counts: Sequence[TagCount]) -> int:
    """More days of check-ins (at least) before any tag could be compared: a tag on
    ``TAG_MIN_DAYS`` days, and as many days without it; 0 once that is so."""
    frequent = [t for t in counts if t.days >= TAG_MIN_DAYS]
    if frequent:
        return min(max(0, TAG_MIN_DAYS - (len(days) - t.days)) for t in frequent)
    top = counts[0].days if counts else 0
    return TAG_MIN_DAYS - top + max(0, TAG_MIN_DAYS - (len(days) - top))


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None where it is not defined (fewer than two pairs, a constant side)."""
    if len(xs) < 2:
        return None
    mean_x, mean_y = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx, syy = math.fsum(map(operator.mul, dx, dx)), math.fsum(map(operator.mul, dy, dy))
    if sxx <= 0 or syy <= 0:
        return None
    r = math.fsum(map(operator.mul, dx, dy)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))


def link(days: Sequence[Day], first: AreaName, second: AreaName, *, next_day: bool) -> Link:
    """The link rule for one pair of areas (``next_day``: ``first`` on a day, ``second`` on
    the day after)."""
    if next_day:
        by_day = {d.day: d for d in days}
        one = timedelta(days=1)
        pairs = [
            (day.means[first], after.means[second])
            for day in days
            if first in day.means
            and (after := by_day.get(day.day + one)) is not None
            and second in after.means
        ]
    else:
        pairs = [
            (d.means[first], d.means[second])
            for d in days
            if first in d.means and second in d.means
        ]
    xs = [x for x, _ in pairs]
    ys = [y for _, y in pairs]
    return Link(first, second, next_day, len(pairs), correlation(xs, ys))


def links(days: Sequence[Day]) -> tuple[Link, ...]:
    """Each pair of areas on the same day, then each area with another on the next day."""
    same = [link(days, a, b, next_day=False) for i, a in enumerate(AREAS) for b in AREAS[i + 1 :]]
    following = [link(days, a, b, next_day=True) for a, b in permutations(AREAS, 2)]
    return tuple(same + following)


def insights(
    days: Sequence[Day], first: date, last: date, *, default_span: bool = False
) -> Insights:
    """Every rule over ``days`` (the span's days with a check-in, sorted)."""
    counts = tag_counts(days)
    frequent = [t.tag for t in counts if t.days >= TAG_MIN_DAYS]
    found = links(days)
    same_day = [link.days for link in found if not link.next_day]
    return Insights(
        first=first,
        last=last,
        default_span=default_span,
        days=len(days),
        rated_days=sum(1 for d in days if d.means),
        weekdays=tuple(by_weekday(days, area) for area in AREAS),
        tags=counts,
        tag_comparisons=tuple(compare_tags(days, frequent)),
        tag_needs=tag_needs(days, counts),
        links=found,
        link_needs=max(0, LINK_MIN_DAYS - max(same_day)),
    )


def span(first: date | None, last: date | None, *, today: date) -> tuple[date, date, bool]:
    """The days to look at, and whether that is the default span: the last ``DEFAULT_DAYS``
    days; from ``first`` to today (or to ``first``, if it is later); the ``DEFAULT_DAYS``
    days ending ``last``."""
    if first is None and last is None:
        return max(today - timedelta(days=DEFAULT_DAYS - 1), FIRST_DAY), today, True
    if first is None:
        assert last is not None
        return max(last - timedelta(days=DEFAULT_DAYS - 1), FIRST_DAY), last, False
    return first, last or max(today, first), False


def load(
    store: Store,
    first: date,
    last: date,
    *,
    default_span: bool = False,
    skip_damaged: bool = False,
) -> Insights:
    """``selflead insights``: the span's check-ins, from the index, through every rule."""
    from selflead.core.damaged import check_damaged
    from selflead.store.index_spans import read_span

    read = read_span(store, first, last)
    skipped = check_damaged(RangeRead(damaged=read.damaged), skip_damaged=skip_damaged)
    found = insights(days_from_ratings(read.days), first, last, default_span=default_span)
    return replace(found, skipped_days=skipped)
