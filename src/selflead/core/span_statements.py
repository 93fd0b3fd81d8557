"""Every sentence the month and year reviews can say, each with the rule that makes it true.

Like ``core.statements`` for the week: ``STATEMENTS`` is the catalogue (``rule``: when it is
said; ``text``: a ``str.format`` template) and ``describe`` picks the sentences one review
supports from the facts ``core.span_review`` computed. ``{in_span}`` is ``in November 2026``
or ``in 2026``; the current span says "so far".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Final

from selflead.core.span_review import FEW_DAYS_IN, RANKED_WEEK_DAYS
from selflead.core.statements import COMPARE, Statement, compare_areas
from selflead.core.wording import count, day_range, number
from selflead.dates import long_date, parse_week

if TYPE_CHECKING:
    from selflead.core.span_review import RankedWeek, SpanReview

S = Statement
STATEMENTS: Final[dict[str, Statement]] = {
    # ---------------------------------------------------------------- the opening
    "opening.few_data": S(
        f"Fewer days with a check-in than a week's worth in a month ({FEW_DAYS_IN['month']}) "
        f"or four weeks' worth in a year ({FEW_DAYS_IN['year']}): everything after it is "
        "worded as an observation.",
        "Only {days} with a check-in {so_far}: read what follows as an observation, "
        "not yet a pattern.",
    ),
    "opening.in_progress": S(
        "The span reviewed is the current one: it is 'so far', and the days left are named.",
        "This {kind} so far: {left} to go ({span}).",
    ),
    "opening.last_day": S(
        "The span reviewed is the current one and today is its last day.",
        "This {kind} so far: today is its last day.",
    ),
    # ---------------------------------------------------------------- days and the streak
    "days": S(
        "A span with check-ins: the days counted (every day, or Monday to Friday with weekdays "
        "only) that have one, of the span's days (up to today in the current span).",
        "{days} of {possible} checked in{so_far} · {entries}",
    ),
    "days.weekend": S(
        "Weekdays only, and some check-ins fell on the weekend: they count in the averages.",
        " (and {weekend} at the weekend)",
    ),
    "streak": S(
        "The longest run of consecutive days (or weekdays) with a check-in inside the span; "
        "the earliest of equal runs.",
        "Longest streak in {title}{so_far}: {run} ({span})",
    ),
    **COMPARE,
    # ---------------------------------------------------------------- the weeks
    "weeks.best": S(
        f"Two or more weeks with {RANKED_WEEK_DAYS} or more days rated, not all level: the "
        "one with the highest mean of every rating (several, as a tie, when they share it).",
        "Best {weeks}: {which}",
    ),
    "weeks.hardest": S(
        "As weeks.best: the one with the lowest mean.",
        "Hardest {weeks}: {which}",
    ),
    "weeks.few": S(
        "As weeks.best and weeks.hardest, with few days of check-ins: an observation.",
        "Of {ranked} with {days} or more days rated, the highest was {best} and the lowest "
        "{hardest}.",
    ),
    "weeks.level": S(
        f"Two or more weeks with {RANKED_WEEK_DAYS} or more days rated, all with the same mean.",
        "Every week with {days} or more days rated was level: {ranked}, {all} {average}.",
    ),
    "weeks.too_few": S(
        f"Fewer than two weeks with {RANKED_WEEK_DAYS} or more days rated: no best or hardest.",
        "No best or hardest week {yet}: that takes two weeks with {days} or more days rated, "
        "and {in_span} {there_are}.",
    ),
    # ---------------------------------------------------------------- the coaching loop
    "commitments": S(
        "The span's own weeks (a week belongs to the month and year of its Thursday) have "
        "commitments, and some occasions were marked.",
        "Commitments: {record} ({percent}%), across {commitments}.",
    ),
    "commitments.unmarked": S(
        "The span's own weeks have commitments, and no occasion was marked.",
        "Commitments: {commitments}, no occasion marked yet.",
    ),
    "goals.reached": S("Goals marked done on a day of the span.", "Goals reached {in_span}:"),
    "will.title": S(
        "The span's own weeks have a weekly reflection with a Will answer.",
        "What you said you will do (GROW Will), by week",
    ),
    # ---------------------------------------------------------------- an empty span
    "empty.current": S(
        "The current span, no check-ins yet.",
        "No check-ins this {kind} yet. That is fine: it starts with one. Two minutes now:",
    ),
    "empty.future": S(
        "A span that has not begun.",
        "{Title} has not started yet. Its check-ins begin on {start}.",
    ),
    "empty.past": S("A past span without check-ins.", "No check-ins {in_span}."),
}


def say(key: str, **values: object) -> str:
    return STATEMENTS[key].text.format(**values)


@dataclass(frozen=True)
class SpanText:
    """The sentences one month or year review says, in the order they are shown."""

    opening: list[str] = field(default_factory=list)
    days: str = ""
    streak: str = ""
    compare: list[str] = field(default_factory=list)
    weeks: list[str] = field(default_factory=list)
    commitments: str = ""
    goals_title: str = ""
    goals: list[str] = field(default_factory=list)
    will_title: str = ""
    will: list[tuple[str, str]] = field(default_factory=list)  # (``W47 (16–22 Nov)``, text)
    empty: str = ""


def week_name(week: RankedWeek, year: int) -> str:
    """``W47 (16–22 Nov)``; ``2026-W01 (29–31 Dec)`` for a week of another ISO year."""
    name = week.week[5:] if week.week.startswith(f"{year:04d}-") else week.week
    return f"{name} ({day_range(week.start, week.end)})"


def _week_names(weeks: list[RankedWeek], year: int) -> str:
    """``W47 (16–22 Nov)``, ``W45 (2–8 Nov) and W47 (16–22 Nov)``, ``W1 (…), W2 (…) and …``."""
    said = [week_name(w, year) for w in weeks]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def _which(weeks: list[RankedWeek], year: int) -> tuple[str, str]:
    """(``week``, ``W47 (16–22 Nov), 4.10 over 6 rated days``) or, for a tie,
    (``weeks``, ``W45 (2–8 Nov) and W47 (16–22 Nov), both 4.10``)."""
    if len(weeks) == 1:
        only = weeks[0]
        rated = count(only.rated_days, "rated day")
        return "week", f"{week_name(only, year)}, {number(only.average)} over {rated}"
    both = "both" if len(weeks) == 2 else "all"
    return "weeks", f"{_week_names(weeks, year)}, {both} {number(weeks[0].average)}"


def _weeks(review: SpanReview, in_span: str) -> list[str]:
    year = review.span.start.year
    ranked = count(review.ranked_weeks, "week")
    days = RANKED_WEEK_DAYS
    if review.ranked_weeks < 2:
        yet = "yet" if review.in_progress else "to name"
        there_are = "there is one" if review.ranked_weeks else "there are none"
        return [say("weeks.too_few", yet=yet, days=days, in_span=in_span, there_are=there_are)]
    if review.weeks_level:
        every = review.best_weeks
        return [
            say(
                "weeks.level",
                days=days,
                ranked=ranked,
                all="both" if len(every) == 2 else "all",
                average=number(every[0].average),
            )
        ]
    if review.few_data:
        high, low = review.best_weeks, review.hardest_weeks
        best = f"{_week_names(high, year)} at {number(high[0].average)}"
        hardest = f"{_week_names(low, year)} at {number(low[0].average)}"
        return [say("weeks.few", ranked=ranked, days=days, best=best, hardest=hardest)]
    lines = []
    for key, weeks in (("weeks.best", review.best_weeks), ("weeks.hardest", review.hardest_weeks)):
        word, which = _which(weeks, year)
        lines.append(say(key, weeks=word, which=which))
    return lines


def describe(review: SpanReview) -> SpanText:
    """The sentences ``review`` supports."""
    span = review.span
    kind = span.kind
    in_span = f"so far this {kind}" if review.in_progress else f"in {span.title}"
    if not review.active_days:
        if review.in_progress:
            empty = say("empty.current", kind=kind)
        elif review.not_started:
            empty = say("empty.future", Title=span.title, start=long_date(span.start))
        else:
            empty = say("empty.past", in_span=in_span)
        return SpanText(empty=empty)

    opening = []
    if review.few_data:
        opening.append(
            say(
                "opening.few_data",
                days=count(review.active_days, "day"),
                so_far="so far" if review.in_progress else f"in {span.title}",
            )
        )
    if review.in_progress:
        if review.days_left:
            first = span.end - timedelta(days=review.days_left - 1)
            opening.append(
                say(
                    "opening.in_progress",
                    kind=kind,
                    left=count(review.days_left, "day"),
                    span=day_range(first, span.end),
                )
            )
        else:
            opening.append(say("opening.last_day", kind=kind))

    unit = "weekday" if review.weekdays_only else "day"
    so_far = " so far" if review.in_progress else ""
    days = say(
        "days",
        days=review.days_checked_in,
        possible=count(review.days_possible, unit),
        so_far=so_far,
        entries=count(review.entries, "entry", "entries"),
    )
    if review.weekend_days:
        days += say("days.weekend", weekend=count(review.weekend_days, "day"))
    streak = ""
    if review.longest is not None:
        run = review.longest
        streak = say(
            "streak",
            title=span.title,
            so_far=so_far,
            run=count(run.days, unit),
            span=day_range(run.first, run.last),
        )

    commitments = ""
    if review.commitments:
        record = review.follow_through
        made = count(review.commitments, "commitment")
        if record.occasions:
            commitments = say(
                "commitments", record=record.words(), percent=record.percent, commitments=made
            )
        else:
            commitments = say("commitments.unmarked", commitments=made)
    goals = [f"{g.title} ({day_range(g.closed, g.closed)})" for g in review.goals_reached]
    will = []
    for answer in review.will:
        monday = parse_week(answer.week)
        name = answer.week[5:] if answer.week.startswith(f"{span.start.year:04d}-") else answer.week
        will.append((f"{name} ({day_range(monday, monday + timedelta(days=6))})", answer.text))
    return SpanText(
        opening=opening,
        days=days,
        streak=streak,
        compare=compare_areas(
            review, period=in_span, unrated_period=in_span, kind=kind, so_far=so_far
        ),
        weeks=_weeks(review, in_span),
        commitments=commitments,
        goals_title=say("goals.reached", in_span=in_span) if goals else "",
        goals=goals,
        will_title=say("will.title") if will else "",
        will=will,
    )
