"""``selflead review``'s whole answer: the week's review with its commitments and the goals
that are due or measured, as one result (the review itself is built in ``core/review.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from selflead.core import commitments, goals, quotes
from selflead.core import review as core
from selflead.core.follow_through import WeekCommitments
from selflead.core.week import WeekReview
from selflead.errors import InputError
from selflead.store.config import load_config
from selflead.store.journal import Store

if TYPE_CHECKING:
    from selflead.core.recovery import Resumable


@dataclass(frozen=True)
class WeekReport:
    """A week's review, its commitments, the open goals due soon (overdue ones among them)
    and those with a target; ``kept`` and ``data``: the kept reflection being resumed."""

    review: WeekReview
    commitments: WeekCommitments
    due: list[goals.GoalView]
    measured: list[goals.GoalView]
    kept: Resumable | None = None
    data: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            **self.review.to_json(),
            "commitments": self.commitments.to_json(),
            "goals": {
                "due_soon": [g.to_json() for g in self.due if not g.overdue],
                "overdue": [g.to_json() for g in self.due if g.overdue],
                "measured": [g.to_json() for g in self.measured],
            },
        }


def week_report(
    store: Store,
    week: str | None,
    *,
    last: bool,
    today: date,
    skip_damaged: bool,
    weekdays: bool | None,
    resume: bool = False,
) -> WeekReport:
    """The week asked for (``week``, the last one, this one, or the one a kept reflection is
    about when ``resume``); ``weekdays`` None: as the journal's config.toml says."""
    if weekdays is None:
        weekdays = load_config(store.home).weekdays_only
    kept: Resumable | None = None
    data: dict[str, Any] | None = None
    if resume:
        if week is not None or last:
            raise InputError("--resume takes the week it kept", "leave out --week and --last")
        from selflead.core.recovery import next_to_resume  # only --resume reads kept answers

        kept, data = next_to_resume(store, "reflect")
        week = data["week"]
    start = core.resolve_week(week, last, today)
    bank = quotes.load_bank(store.home)
    review = core.load_review(
        store, start, today, bank, skip_damaged=skip_damaged, weekdays_only=weekdays
    )
    every_goal = goals.all_goals(store)
    open_goals = goals.listed(store, today, everything=False, goals=every_goal)
    return WeekReport(
        review,
        commitments.week_commitments(store, review.week, every_goal),
        goals.due_soon(open_goals, goals.DUE_SOON_REVIEW),
        [g for g in open_goals if g.goal.target is not None],
        kept,
        data,
    )
