"""The weekly review: what a week of check-ins says, and what to focus on next week.

Pure: ``build_review`` takes entries and dates and returns a ``WeekReview``; the store reads,
``ui.review`` prints. Weeks are ISO weeks, Monday to Sunday.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from selflead.areas import AREAS, AreaName
from selflead.core.coaching import CONSISTENCY_QUESTION, FOCUS_QUESTIONS
from selflead.core.quotes import Quote, for_index
from selflead.core.stats import area_averages, mean
from selflead.dates import iso_week
from selflead.errors import DamagedFileError
from selflead.models import Entry, WeeklyReflection

if TYPE_CHECKING:
    from selflead.store.journal import Store

# A weakest-area average at or below this beats a skipped area as next week's focus.
STRUGGLING: Final = 2.5


@dataclass(frozen=True)
class AreaSummary:
    area: AreaName
    average: float | None
    previous: float | None
    daily: list[float | None]  # Monday..Sunday: the mean of that day's ratings
    rated: int  # entries that rated this area
    skipped: int  # entries with neither a rating nor a reflection in this area

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous is None:
            return None
        return round(self.average - self.previous, 2)


@dataclass(frozen=True)
class Moment:
    """One rated area of one entry: the week's best or hardest moment."""

    day: date
    time: str | None  # None for a backfilled entry: it has no time of day
    area: AreaName
    rating: int
    reflection: str


@dataclass(frozen=True)
class Focus:
    area: AreaName | None
    reason: str
    question: str


@dataclass
class WeekReview:
    week: str
    start: date
    end: date
    entries_per_day: list[int]  # Monday..Sunday
    entries: int
    areas: list[AreaSummary]
    streak: int
    longest_streak: int
    strongest: AreaName | None
    weakest: AreaName | None
    highest: Moment | None
    lowest: Moment | None
    focus: Focus
    quote: Quote | None
    in_progress: bool = False  # today falls inside this week
    reflection: WeeklyReflection | None = None
    skipped_days: list[DamagedFileError] = field(default_factory=list)  # left out, each warned

    @property
    def days_checked_in(self) -> int:
        return sum(1 for count in self.entries_per_day if count)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(7)]

    def area(self, name: AreaName) -> AreaSummary:
        return next(a for a in self.areas if a.area == name)

    def to_json(self) -> dict[str, Any]:
        def moment(m: Moment | None) -> dict[str, Any] | None:
            if m is None:
                return None
            return {
                "date": m.day.isoformat(),
                "time": m.time,
                "area": m.area,
                "rating": m.rating,
                "reflection": m.reflection,
            }

        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days_checked_in": self.days_checked_in,
            "entries": self.entries,
            "days": [
                {"date": d.isoformat(), "entries": n}
                for d, n in zip(self.days, self.entries_per_day, strict=True)
            ],
            "averages": {a.area: a.average for a in self.areas},
            "previous_averages": {a.area: a.previous for a in self.areas},
            "change": {a.area: a.change for a in self.areas},
            "daily_averages": {a.area: a.daily for a in self.areas},
            "skipped": {a.area: a.skipped for a in self.areas},
            "streak": {"current": self.streak, "longest": self.longest_streak},
            "strongest": self.strongest,
            "weakest": self.weakest,
            "highest": moment(self.highest),
            "lowest": moment(self.lowest),
            "focus": {
                "area": self.focus.area,
                "reason": self.focus.reason,
                "question": self.focus.question,
            },
            "quote": (
                None
                if self.quote is None
                else {"text": self.quote.text, "author": self.quote.author}
                | ({"source": self.quote.source} if self.quote.source else {})
            ),
            "reflection": (
                None
                if self.reflection is None
                else self.reflection.model_dump(mode="json", exclude={"created", "updated"})
            ),
            "skipped_days": [str(damaged.path) for damaged in self.skipped_days],
        }


# --------------------------------------------------------------------------- streaks


def streaks(days_with_entries: Iterable[date], until: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with a check-in, up to ``until``.

    The current streak ends at ``until``, or at the day before when ``until`` has no
    check-in yet (today's check-in may still come).
    """
    # Day numbers (ordinals), not dates: a ten-year journal has 3,650 days to walk.
    last = until.toordinal()
    days = sorted({d.toordinal() for d in days_with_entries if d <= until})
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


# --------------------------------------------------------------------------- the review


def _area_summaries(
    week: Sequence[Entry], previous: Sequence[Entry], start: date
) -> list[AreaSummary]:
    averages = area_averages(week)
    before = area_averages(previous)
    summaries = []
    for area in AREAS:
        daily: list[float | None] = []
        for offset in range(7):
            day = start + timedelta(days=offset)
            daily.append(
                mean(r for e in week if e.date == day and (r := e.area(area).rating) is not None)
            )
        summaries.append(
            AreaSummary(
                area=area,
                average=averages[area],
                previous=before[area],
                daily=daily,
                rated=sum(1 for e in week if e.area(area).rating is not None),
                skipped=sum(1 for e in week if e.area(area).is_empty),
            )
        )
    return summaries


def _moments(entries: Sequence[Entry]) -> tuple[Moment | None, Moment | None]:
    moments = [
        Moment(
            e.date, None if e.backfilled else f"{e.created:%H:%M}", a, rating, e.area(a).reflection
        )
        for e in entries
        for a in AREAS
        if (rating := e.area(a).rating) is not None
    ]
    if not moments:
        return None, None
    # Prefer moments with a reflection; among equal ones, the earliest in the week.
    highest = max(moments, key=lambda m: (m.rating, bool(m.reflection.strip())))
    lowest = min(moments, key=lambda m: (m.rating, not m.reflection.strip()))
    if highest.rating == lowest.rating:
        return highest, None
    return highest, lowest


def _label(area: AreaName) -> str:
    return area.capitalize()


def choose_focus(
    areas: Sequence[AreaSummary], entries: int, weakest: AreaName | None, week_number: int
) -> Focus:
    """The area to work on next week, why, and a question to carry into it."""
    if entries == 0:
        return Focus(None, "No check-ins this week.", CONSISTENCY_QUESTION)
    most_skipped = max(areas, key=lambda a: a.skipped)
    low = next((a for a in areas if a.area == weakest), None)
    struggling = low is not None and low.average is not None and low.average <= STRUGGLING
    if not struggling and most_skipped.skipped > 0 and most_skipped.skipped * 2 >= entries:
        area = most_skipped.area
        reason = (
            f"You skipped {area} in {most_skipped.skipped} of {entries} check-ins: "
            "what you do not look at, you cannot lead."
        )
    elif low is not None and low.average is not None:
        area = low.area
        reason = f"{_label(area)} was your lowest-rated area ({low.average:.2f} on average)"
        if low.change is not None and low.change < 0:
            reason += f", down {abs(low.change):.2f} on the week before"
        reason += "."
    else:
        area = most_skipped.area
        reason = f"No ratings this week; {area} is where to start measuring."
    questions = FOCUS_QUESTIONS[area]
    return Focus(area, reason, questions[week_number % len(questions)])


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


def build_review(
    start: date,
    week_entries: Sequence[Entry],
    previous_entries: Sequence[Entry],
    days_with_entries: Iterable[date],
    today: date,
    quotes: Sequence[Quote],
    reflection: WeeklyReflection | None = None,
    skipped_days: Sequence[DamagedFileError] = (),
) -> WeekReview:
    """Everything the review shows for the ISO week that starts on ``start`` (a Monday)."""
    end = start + timedelta(days=6)
    entries = sorted(week_entries, key=lambda e: (e.date, e.created))
    per_day = [sum(1 for e in entries if e.date == start + timedelta(days=i)) for i in range(7)]
    areas = _area_summaries(entries, previous_entries, start)
    rated = [a for a in areas if a.average is not None]
    # Ties go to the area listed first (communication, emotions, behaviour, goals).
    strongest = max(rated, key=lambda a: a.average or 0).area if rated else None
    weakest = min(rated, key=lambda a: a.average or 0).area if rated else None
    highest, lowest = _moments(entries)
    week_number = start.isocalendar().week
    focus = choose_focus(areas, len(entries), weakest, week_number)
    current, longest = streaks(days_with_entries, min(today, end))
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
        in_progress=start <= today <= end,
        reflection=reflection,
        skipped_days=list(skipped_days),
    )


def load_review(
    store: Store, start: date, today: date, quotes: Sequence[Quote], *, skip_damaged: bool
) -> WeekReview:
    """Read the week, the week before and the streak days from the store, then build the review.

    Reads at most 14 day files and lists day names up to the week's end, whatever the
    journal's size. A damaged day stops the review unless ``skip_damaged``.
    """
    from selflead.core.browse import check_damaged

    end = start + timedelta(days=6)
    week = store.read_range(start, end)
    previous = store.read_range(start - timedelta(days=7), start - timedelta(days=1))
    damaged = check_damaged(week, skip_damaged=skip_damaged)
    damaged += check_damaged(previous, skip_damaged=skip_damaged)
    return build_review(
        start,
        week.entries,
        previous.entries,
        store.days(None, end),
        today,
        quotes,
        reflection=store.read_week(iso_week(start)),
        skipped_days=damaged,
    )


def updated_reflection(
    existing: WeeklyReflection | None, answers: dict[str, str], now: datetime
) -> WeeklyReflection:
    """The week's GROW reflection after the user's answers (a field not answered is kept)."""
    fields = {"goal": "", "reality": "", "options": "", "will": ""}
    if existing is not None:
        fields = {name: getattr(existing, name) for name in fields}
    fields |= {name: text for name, text in answers.items() if name in fields}
    created = existing.created if existing is not None else now
    return WeeklyReflection(created=created, updated=now, **fields)
