"""``selflead goal edit``: change a goal's title, due date, area, measure and target, or the
Outcome, Obstacle and Plan of its WOOP. What is not given stays as it was; everything given is
checked before anything is written, and an edit that changes nothing writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from selflead.areas import AreaName
from selflead.core.goals import check_title, find, parse_target
from selflead.core.standing import plan_week, standing_id, stands_in
from selflead.dates import iso_week, parse_day, parse_week
from selflead.errors import InputError
from selflead.models import Goal
from selflead.problems import describe

if TYPE_CHECKING:
    from selflead.store.journal import Store

_WOOP_FIELDS = ("outcome", "obstacle", "plan")


@dataclass(frozen=True)
class GoalEdit:
    """The options given to ``goal edit``; None is "not given"."""

    title: str | None = None
    due: str | None = None
    no_due: bool = False
    area: AreaName | None = None
    no_area: bool = False
    measure: str | None = None
    target: str | None = None
    outcome: str | None = None
    obstacle: str | None = None
    plan: str | None = None

    @property
    def is_empty(self) -> bool:
        return self == GoalEdit()


@dataclass(frozen=True)
class Edited:
    goal: Goal
    changed: bool
    note: str | None = None  # a due date already past
    plan_from: str | None = None  # the first week the changed standing plan is asked in


def _check(edit: GoalEdit, today: date) -> tuple[dict[str, Any], dict[str, str], str | None]:
    """The goal's fields to set, the WOOP fields to set, and a note; any mistake raises."""
    if edit.is_empty:
        raise InputError(
            "nothing to change was given",
            "give the fields to change as options, e.g. selflead goal edit ID --due 2027-03-31 "
            "(see --help)",
        )
    for one, other in (("due", "no_due"), ("area", "no_area")):
        if getattr(edit, one) is not None and getattr(edit, other):
            raise InputError(f"--{one} cannot be combined with --no-{one}", "give one of them")
    update: dict[str, Any] = {}
    note = None
    if edit.title is not None:
        if not edit.title.strip():
            raise InputError("--title is empty", "e.g. --title 'Close 12 deals'")
        update["title"] = check_title(edit.title, "--title")
    if edit.due is not None:
        update["due"] = parse_day(edit.due, today=today, option="--due")
        if update["due"] < today:
            note = f"note: the due date {update['due']} is already past; the goal is overdue"
    if edit.no_due:
        update["due"] = None
    if edit.area is not None or edit.no_area:
        update["area"] = edit.area
    if edit.measure is not None:
        if not edit.measure.strip():
            raise InputError("--measure is empty", "e.g. --measure deals")
        update["measure"] = edit.measure.strip()
    if edit.target is not None:
        update["target"] = parse_target(edit.target)
    woop: dict[str, str] = {}
    for field in _WOOP_FIELDS:
        typed = getattr(edit, field)
        if typed is None:
            continue
        text = typed.strip()
        if field == "plan" and text.lower().startswith("i will "):
            text = text[len("i will ") :].strip()
        if not text:
            raise InputError(f"--{field} is empty", "write a short answer")
        woop[field] = text
    return update, woop, note


def edit(store: Store, ref: str, change: GoalEdit, *, today: date) -> Edited:
    """Apply ``change`` to the goal ``ref`` names, under the lock."""
    update, woop, note = _check(change, today)
    with store.locked():
        goal = find(store, ref)
        if ("measure" in update) != ("target" in update) and goal.target is None:
            raise InputError(
                "that goal has no measure yet: --measure and --target go together",
                "e.g. --measure deals --target 12",
            )
        if woop and goal.woop is None:
            raise InputError(
                "that goal has no WOOP plan, so it has no --outcome, --obstacle or --plan",
                "'selflead goal add --woop' makes a goal with one",
            )
        data = goal.model_dump() | update
        if goal.woop is not None:  # the title is the wish
            data["woop"] = goal.woop.model_dump() | woop | {"wish": data["title"]}
        try:
            changed = Goal.model_validate(data)
        except ValidationError as exc:
            raise InputError(describe(exc, count_more=False), "nothing was changed") from None
        if changed == goal:
            return Edited(goal, changed=False)
        store.write_goal(changed)
    return Edited(changed, changed=True, note=note, plan_from=_plan_from(store, goal, woop, today))


def _plan_from(store: Store, goal: Goal, woop: dict[str, str], today: date) -> str | None:
    """The first week a changed standing plan is asked in: this one, unless a check-in has
    answered this week's already (a week once answered keeps the plan it had)."""
    if not ({"obstacle", "plan"} & set(woop)) or goal.woop is None:
        return None
    week = max(iso_week(today), plan_week(goal.started))
    if not stands_in(goal, week):
        return None
    written = {c.id for c in store.read_commitments(week)}
    if standing_id(goal.id, week) in written:
        return iso_week(parse_week(week) + timedelta(days=7))
    return week
