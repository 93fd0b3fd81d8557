"""The coaching focus: which area a week's review offers to work on, by which rule, and why.

The rules, in order (the README's "How the focus is chosen"):

1. an area averaged at or below ``STRUGGLING`` (the lowest of them);
2. the largest fall from the week before, of ``FELL`` or more;
3. an area skipped on at least half the days with a check-in (the most skipped);
4. the lowest average;
5. nothing rated at all: where to start measuring.

Areas a rule ranks level break by the larger fall, then the most days skipped, then the order
of the areas. The reason's words are in ``core.statements``; it always ends with the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from selflead.areas import AreaName
from selflead.core.coaching import CONSISTENCY_QUESTION, FOCUS_QUESTIONS

if TYPE_CHECKING:
    from selflead.core.week import AreaSummary

# An area averaged at or below this is struggling: rule 1 of the focus.
STRUGGLING: Final = 2.5
# A fall from the week before of at least this much is a real fall: rule 2 of the focus.
FELL: Final = 0.5
# With fewer days of check-ins than this, the reason observes and does not conclude.
FEW_DAYS: Final = 3


FocusRule = Literal["struggling", "fell", "skipped", "lowest", "unrated", "none"]
TieBreak = Literal["fall", "skipped", "order"]


@dataclass(frozen=True)
class Focus:
    area: AreaName | None
    reason: str
    question: str
    rule: FocusRule = "none"
    tied_with: tuple[AreaName, ...] = ()  # areas the rule ranked level with ``area``
    tie_break: TieBreak | None = None  # what chose ``area`` among them


def _break_tie(tied: list[AreaSummary], rule: FocusRule) -> tuple[AreaSummary, TieBreak | None]:
    """Among areas a rule ranks level: the larger fall, then the most skipped, then the
    order of the areas (``tied`` is in that order)."""
    if len(tied) == 1:
        return tied[0], None
    if rule != "fell":
        most = max(a.fall for a in tied)
        tied = [a for a in tied if a.fall == most]
        if len(tied) == 1:
            return tied[0], "fall"
    if rule != "skipped":
        most_skipped = max(a.skipped for a in tied)
        tied = [a for a in tied if a.skipped == most_skipped]
        if len(tied) == 1:
            return tied[0], "skipped"
    return tied[0], "order"


def choose_focus(
    areas: Sequence[AreaSummary],
    *,
    entries: int,
    active_days: int,
    week_number: int,
    in_progress: bool = False,
) -> Focus:
    """The area to work on next (or for the rest of this week), the rule that chose it, the
    reason in words and a question to carry. The rules, in order, as in the README ("How the
    focus is chosen"): 1. an area averaged at or below ``STRUGGLING`` (the lowest); 2. the
    largest fall from the week before, of ``FELL`` or more; 3. an area skipped on at least
    half the days with a check-in (the most skipped); 4. the lowest average. Ties break by
    the larger fall, then the most skipped, then the order of the areas."""
    from selflead.core import statements as words
    from selflead.core import wording

    week_word = "this week" if in_progress else "that week"
    if entries == 0:
        return Focus(None, words.say("focus.none", week=week_word), CONSISTENCY_QUESTION)
    rated = [a for a in areas if a.average is not None]
    rule: FocusRule
    primary: Callable[[AreaSummary], float]
    if pool := [a for a in rated if (a.average or 0) <= STRUGGLING]:
        rule, primary = "struggling", lambda a: a.average or 0
    elif pool := [a for a in rated if a.fall >= FELL]:
        rule, primary = "fell", lambda a: -a.fall
    elif pool := [a for a in areas if a.skipped and a.skipped * 2 >= active_days]:
        rule, primary = "skipped", lambda a: -a.skipped
    elif pool := rated:
        rule, primary = "lowest", lambda a: a.average or 0
    else:
        pool, rule, primary = list(areas), "unrated", lambda a: -a.skipped
    best = min(primary(a) for a in pool)
    tied = [a for a in pool if primary(a) == best]
    chosen, tie_break = _break_tie(tied, rule)
    others = tuple(a.area for a in tied if a.area != chosen.area)

    few = active_days < FEW_DAYS
    values: dict[str, object] = {
        "area": chosen.area,
        "Area": wording.label(chosen.area),
        "average": wording.number(chosen.average),
        "previous": wording.number(chosen.previous),
        "change": wording.signed(chosen.change) if chosen.change is not None else "",
        "skipped": chosen.skipped,
        "days": wording.count(active_days, "day"),
        "threshold": f"{STRUGGLING:.2f}",
        "so_far": " so far" if in_progress else "",
        "On_days": wording.days_phrase(active_days),
        "week": week_word,
    }
    key = f"focus.{rule}"
    if few and rule in ("struggling", "fell", "lowest"):
        key += ".few"
    elif rule == "skipped" and active_days == 1:
        key += ".one"
    elif rule == "lowest" and tie_break == "order" and len(tied) == len(rated) > 1:
        key += ".even"  # the sentence itself says the tie and how it was broken
    reason = words.say(key, **values)
    if tie_break is not None and not key.endswith(".even"):
        reason += words.say(f"focus.tie.{tie_break}", others=wording.names(others))
    reason += " " + words.say(f"focus.rule.{rule}", **values)
    questions = FOCUS_QUESTIONS[chosen.area]
    return Focus(
        chosen.area,
        reason,
        questions[week_number % len(questions)],
        rule=rule,
        tied_with=others,
        tie_break=tie_break,
    )
