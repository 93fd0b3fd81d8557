"""Standing commitments: a WOOP goal's plan, "When <obstacle>, I will <plan>", is a commitment
in every week from the one it was made for until the goal is done or dropped.

A week's standing commitment is written into that week's file only when something happens to
it there (a check-in's answer, a drop for the week); until then it is derived from the goal.
Its id comes from the goal's id and the week, so it is the same before and after it is written,
and on every device that syncs the journal. Once written it keeps the plan it had that week;
an edit of the goal's plan reaches the weeks not written yet. Rules only, no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from selflead.dates import iso_week, parse_week
from selflead.models import Commitment, Goal


def plan_week(day: date) -> str:
    """The week a plan made on ``day`` is for: that week, or the next when made on a Sunday."""
    return iso_week(day + timedelta(days=1) if day.weekday() == 6 else day)


def standing_id(goal_id: str, week: str) -> str:
    """The id of a goal's standing commitment in ``week``: 12 hex digits, the same everywhere."""
    return hashlib.sha256(f"standing/{goal_id}/{week}".encode()).hexdigest()[:12]


def stands_in(goal: Goal, week: str) -> bool:
    """Whether the goal's plan is a commitment in ``week``: from its first week, while the
    goal is open (a closed goal's plan stood in the weeks before the one it was closed in)."""
    if goal.woop is None or week < plan_week(goal.started):
        return False
    if goal.status == "open":
        return True
    return goal.closed is not None and week < iso_week(goal.closed)


def derived(goal: Goal, week: str) -> Commitment:
    """The goal's standing commitment in ``week``, as it is before anything is written."""
    assert goal.woop is not None
    return Commitment(
        id=standing_id(goal.id, week),
        when=goal.woop.obstacle,
        will=goal.woop.plan,
        created=goal.created,
        goal=goal.id,
    )


def _weeks(goal: Goal, last: str) -> Iterator[str]:
    """The weeks up to ``last`` in which the goal's plan stands."""
    day = parse_week(plan_week(goal.started))
    while (week := iso_week(day)) <= last and stands_in(goal, week):
        yield week
        day += timedelta(days=7)


def unwritten(items: Sequence[Commitment], goals: Sequence[Goal], week: str) -> list[Commitment]:
    """The standing commitments of ``week`` that its file (``items``) does not hold yet."""
    held = {c.id for c in items}
    return [
        derived(goal, week)
        for goal in goals
        if stands_in(goal, week) and standing_id(goal.id, week) not in held
    ]


def weeks_standing(goals: Sequence[Goal], last: str) -> set[str]:
    """Every week up to ``last`` in which some goal's plan stands."""
    return {week for goal in goals for week in _weeks(goal, last)}
