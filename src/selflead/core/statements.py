"""Every sentence the weekly review can say, each with the rule that makes it true.

One module, so that the review can be read and improved as copy, and so that no sentence is
said without the fact behind it. ``STATEMENTS`` is the catalogue (``rule``: when it is said;
``text``: the words, a ``str.format`` template); ``describe`` picks the sentences one review
supports from the facts ``core.review`` computed. The screen (``ui.review``) and the Markdown
export (``transfer.export``) both word a week from ``describe``, so they say the same.
Numbers are written with two decimals, changes with their sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Protocol

from selflead.core.wording import count, days_phrase, label, named_value, names, number

if TYPE_CHECKING:
    from selflead.areas import AreaName
    from selflead.core.spans import Ties
    from selflead.core.week import Moment, WeekReview


@dataclass(frozen=True)
class Statement:
    rule: str  # when the review says it
    text: str  # the words; {fields} are filled from the week's facts


S = Statement
# How the areas compare, said alike by every review: the week's here, the month's and the
# year's in ``core.span_statements``, both through ``compare_areas``. ``{period}``: where the
# review looks (``that week``, ``so far this month``, ``in 2026``); an even one is ``An even
# {kind}{so_far}`` (``An even week``, ``An even month so far``).
COMPARE: Final[dict[str, Statement]] = {
    "compare.none": S("Check-ins, but not one rating.", "No ratings {period}."),
    "compare.one": S(
        "Exactly one area was rated: nothing to compare it with.",
        "Only {area} was rated {period} ({average}).",
    ),
    "compare.even": S(
        "Two or more areas were rated and all have the same average.",
        "An even {kind}{so_far} across the areas: {areas}, {all} {average}.",
    ),
    "compare.even.few": S(
        "As compare.even, with few days of check-ins (see opening.few_data).",
        "{On_days}, the areas were level: {areas}, {all} {average}.",
    ),
    "compare.spread": S(
        "Two or more areas rated with different averages: the highest and the lowest "
        "(several named, as a tie, when they share the average).",
        "Strongest: {high} · Weakest: {low}",
    ),
    "compare.spread.few": S(
        "As compare.spread, with few days of check-ins (see opening.few_data): an observation.",
        "{On_days}: highest {high}, lowest {low}.",
    ),
    "compare.unrated": S(
        "Some areas were rated and others not at all.", "Not rated {period}: {areas}."
    ),
}
STATEMENTS: Final[dict[str, Statement]] = {
    # ---------------------------------------------------------------- the week's opening
    "opening.few_data": S(
        "Fewer than 3 days of the week have a check-in: everything after it is worded as an "
        "observation, never as a conclusion.",
        "Only {days} with a check-in {so_far}: read what follows as an observation, "
        "not yet a pattern.",
    ),
    "opening.in_progress": S(
        "The week reviewed is the current one: it is 'so far', and the days left are named.",
        "This week so far: {left} to go ({span}).",
    ),
    "opening.last_day": S(
        "The week reviewed is the current one and today is its Sunday.",
        "This week so far: today is its last day.",
    ),
    "opening.previous_focus": S(
        "The week before had a focus (it had check-ins): how that area moved since.",
        "Last week's focus, {area}: {before} -> {now}, rated on {rated} of {days}.",
    ),
    "opening.previous_focus.unrated": S(
        "The week before had a focus, and this week did not rate that area.",
        "Last week's focus, {area} ({before}), was not rated {week}.",
    ),
    # ---------------------------------------------------------------- days and streaks
    "days": S(
        "A week with check-ins: the days counted (Monday to Sunday, or Monday to Friday with "
        "weekdays only) that have one, and the number of check-ins.",
        "{days} of {possible} checked in · {entries}",
    ),
    "days.weekend": S(
        "Weekdays only, and some check-ins fell on the weekend: they count in the averages.",
        " (and {weekend} at the weekend)",
    ),
    "streak.current": S(
        "The current week: the streak as it stands today.",
        "Streak: {current} (longest {longest})",
    ),
    "streak.past": S(
        "A past week: the streak as it stood on that week's last day, not today's.",
        "Streak at the end of that week: {current} (longest {longest})",
    ),
    **COMPARE,
    # ---------------------------------------------------------------- moments
    "moment.best": S(
        "The week has at least two different ratings and one of them is 4 or 5: the highest "
        "(one with a reflection first, then the earliest).",
        "Best moment:",
    ),
    "moment.hardest": S(
        "The week has at least two different ratings and one of them is 1 or 2: the lowest "
        "(one with a reflection first, then the earliest).",
        "Hardest moment:",
    ),
    # ---------------------------------------------------------------- the focus
    "focus.title.next": S(
        "A past week: the focus is for the week after it.", "Focus for next week"
    ),
    "focus.title.rest": S(
        "The current week before its Sunday: the focus is for the days that are left.",
        "Focus for the rest of the week",
    ),
    "focus.question.next": S("Always, after the focus.", "Carry this question into the week:"),
    "focus.question.rest": S(
        "The current week, after the focus.", "Carry this question into the rest of the week:"
    ),
    "focus.struggling": S(
        "Rule 1: an area averaged at or below the struggling threshold (2.50); the lowest.",
        "{Area} averaged {average}{so_far}, at or below {threshold}: the area that needs you most.",
    ),
    "focus.struggling.few": S(
        "Rule 1 with fewer than 3 days of check-ins.",
        "{On_days}, {area} was at {average}, at or below {threshold}: worth watching first.",
    ),
    "focus.fell": S(
        "Rule 2: no area at or below 2.50, and an area fell by 0.50 or more from the week "
        "before; the largest fall.",
        "{Area} fell the most from the week before: {previous} -> {average} ({change}){so_far}.",
    ),
    "focus.fell.few": S(
        "Rule 2 with fewer than 3 days of check-ins.",
        "{On_days}, {area} was at {average}, down from {previous} the week before ({change}).",
    ),
    "focus.skipped": S(
        "Rule 3: no area struggling or falling, and an area was skipped (not rated, nothing "
        "written) on at least half the days with a check-in; the most skipped.",
        "You skipped {area} on {skipped} of {days}{so_far}: what you do not look at, you "
        "cannot lead.",
    ),
    "focus.skipped.one": S(
        "Rule 3 when the week has one day with a check-in.",
        "You skipped {area} on the one day you checked in{so_far}: what you do not look at, "
        "you cannot lead.",
    ),
    "focus.lowest": S(
        "Rule 4: none of the above; the area with the lowest average.",
        "{Area} had the lowest average{so_far} ({average}).",
    ),
    "focus.lowest.even": S(
        "Rule 4 when every rated area has the same average: the tie is said, not hidden.",
        "Every area you rated is level at {average}{so_far}; {area} comes first in the order "
        "of the areas.",
    ),
    "focus.lowest.few": S(
        "Rule 4 with fewer than 3 days of check-ins.",
        "{On_days}, {area} was rated lowest ({average}).",
    ),
    "focus.unrated": S(
        "Check-ins with text but no rating at all: start measuring.",
        "Nothing was rated {week}; {area} is where to start measuring.",
    ),
    "focus.none": S("A week without check-ins.", "No check-ins {week}."),
    # The rule that chose the focus, named at the end of every reason (see the README,
    # "How the focus is chosen").
    "focus.rule.struggling": S("Rule 1 chose the focus.", "(rule 1: at or below {threshold})"),
    "focus.rule.fell": S("Rule 2 chose the focus.", "(rule 2: the largest fall)"),
    "focus.rule.skipped": S(
        "Rule 3 chose the focus.", "(rule 3: skipped on half the days or more)"
    ),
    "focus.rule.lowest": S("Rule 4 chose the focus.", "(rule 4: the lowest average)"),
    "focus.rule.unrated": S("Rule 5 chose the focus.", "(rule 5: nothing rated)"),
    "focus.tie.fall": S(
        "The rule's top areas tie: the one that fell most (or rose least) wins.",
        " Tied with {others}; chosen for the larger fall.",
    ),
    "focus.tie.skipped": S(
        "The rule's top areas tie, with the same fall: the one skipped on more days wins.",
        " Tied with {others}; chosen because it was skipped on more days.",
    ),
    "focus.tie.order": S(
        "The rule's top areas tie on everything: the first in the order of the areas wins.",
        " Tied with {others}; chosen as the first in the order of the areas.",
    ),
    # ---------------------------------------------------------------- an empty week
    "empty.current": S(
        "The current week, no check-ins yet.",
        "No check-ins this week yet. That is fine: a week starts with one. Two minutes now:",
    ),
    "empty.current.offer_last": S(
        "The current week on its Monday or Tuesday, no check-ins yet: last week's review.",
        "Last week's review is ready:",
    ),
    "empty.future": S(
        "A week that has not begun.",
        "That week has not started yet. Its check-ins begin on {start}.",
    ),
    "empty.past": S(
        "A past week without check-ins: how to fill one of its days in.",
        "No check-ins that week. To add one for a day of it (here its Monday):",
    ),
    "empty.past.fresh": S("A past week without check-ins.", "Every week is a fresh start:"),
    "empty.past.fresh.after": S("After empty.past.fresh and its command.", "records today."),
    "quote.title": S(
        "A week's review ends with a quote chosen for its focus.", "For the week ahead"
    ),
    "empty.longest": S(
        "A week without check-ins in a journal that has some.",
        "Longest streak so far: {longest}.",
    ),
    "empty.previous_focus": S(
        "The current week, no check-ins yet, and the week before had a focus.",
        "Last week's focus was {area}: this week is its first chance.",
    ),
}


def say(key: str, **values: object) -> str:
    """The sentence ``key`` with its facts filled in."""
    return STATEMENTS[key].text.format(**values)


class Averaged(Protocol):
    """An area's average over a review's days (``week.AreaSummary``, ``span_review.SpanArea``)."""

    @property
    def area(self) -> AreaName: ...

    @property
    def average(self) -> float | None: ...


class Compared(Protocol):
    """What ``compare_areas`` reads of a review (``WeekReview``, ``SpanReview``)."""

    @property
    def areas(self) -> Sequence[Averaged]: ...

    @property
    def ties(self) -> Ties: ...

    @property
    def few_data(self) -> bool: ...

    @property
    def active_days(self) -> int: ...


def compare_areas(
    review: Compared, *, period: str, unrated_period: str, kind: str, so_far: str = ""
) -> list[str]:
    """How the areas compare (``COMPARE``): none rated, only one, all even, or the strongest
    and the weakest; then those not rated at all (``unrated_period``: where it looked)."""
    areas, ties, few_data = review.areas, review.ties, review.few_data
    rated = [a for a in areas if a.average is not None]
    average = {a.area: a.average for a in areas}
    on_days = days_phrase(review.active_days)
    found: list[str] = []
    if not rated:
        found.append(say("compare.none", period=period))
    elif len(rated) == 1:
        only = rated[0]
        found.append(
            say("compare.one", area=label(only.area), period=period, average=number(only.average))
        )
    elif ties.even:
        values = {
            "kind": kind,
            "so_far": so_far,
            "areas": names([a.area for a in rated]),
            "all": "both" if len(rated) == 2 else "all",
            "average": number(rated[0].average),
            "On_days": on_days,
        }
        found.append(say("compare.even.few" if few_data else "compare.even", **values))
    else:
        high = named_value(ties.strongest, average[ties.strongest[0]])
        low = named_value(ties.weakest, average[ties.weakest[0]])
        key = "compare.spread.few" if few_data else "compare.spread"
        found.append(say(key, high=high, low=low, On_days=on_days))
    unrated = [a.area for a in areas if a.average is None]
    if rated and unrated:
        found.append(say("compare.unrated", period=unrated_period, areas=names(unrated)))
    return found


# --------------------------------------------------------------------------- one review


@dataclass(frozen=True)
class WeekText:
    """The sentences one review says, in the order they are shown."""

    opening: list[str] = field(default_factory=list)
    days: str = ""
    streak: str = ""
    compare: list[str] = field(default_factory=list)
    moments: list[tuple[str, Moment]] = field(default_factory=list)
    focus_title: str = ""
    focus_question_lead: str = ""


def describe(review: WeekReview) -> WeekText:
    """The sentences ``review`` supports (for a week with check-ins)."""
    week_word = "this week" if review.in_progress else "that week"
    opening: list[str] = []
    if review.entries and review.few_data:
        opening.append(
            say(
                "opening.few_data",
                days=count(review.active_days, "day"),
                so_far="so far" if review.in_progress else "that week",
            )
        )
    if review.in_progress and review.entries:
        if review.days_left:
            opening.append(
                say(
                    "opening.in_progress",
                    left=count(review.days_left, "day"),
                    span=review.days_left_span,
                )
            )
        else:
            opening.append(say("opening.last_day"))
    previous = review.previous_focus
    if previous is not None:
        if review.entries and previous.now is None:
            opening.append(
                say(
                    "opening.previous_focus.unrated",
                    area=previous.area,
                    before=number(previous.before),
                    week="so far" if review.in_progress else week_word,
                )
            )
        elif review.entries:
            opening.append(
                say(
                    "opening.previous_focus",
                    area=previous.area,
                    before=number(previous.before),
                    now=number(previous.now),
                    rated=previous.rated_days,
                    days=count(previous.days, "day"),
                )
            )
        elif review.in_progress:
            opening.append(say("empty.previous_focus", area=previous.area))

    unit = "weekday" if review.weekdays_only else "day"
    days = say(
        "days",
        days=review.days_checked_in,
        possible=count(review.days_possible, unit),
        entries=count(review.entries, "entry", "entries"),
    )
    if review.weekdays_only and review.weekend_days:
        days += say("days.weekend", weekend=count(review.weekend_days, "day"))
    streak_values = {
        "current": count(review.streak, unit),
        "longest": review.longest_streak,
    }
    streak = say("streak.current" if review.in_progress else "streak.past", **streak_values)

    unrated_period = "so far" if review.in_progress else week_word
    compare = compare_areas(review, period=week_word, unrated_period=unrated_period, kind="week")

    moments: list[tuple[str, Moment]] = []
    if review.highest is not None:
        moments.append((say("moment.best"), review.highest))
    if review.lowest is not None:
        moments.append((say("moment.hardest"), review.lowest))
    # On the week's Sunday there is no rest of the week: the focus is for the next one.
    rest = review.in_progress and review.days_left > 0
    return WeekText(
        opening=opening,
        days=days,
        streak=streak,
        compare=compare,
        moments=moments,
        focus_title=say("focus.title.rest" if rest else "focus.title.next"),
        focus_question_lead=say("focus.question.rest" if rest else "focus.question.next"),
    )
