"""Goals: what the person is going for, each with an optional due date, area and measure
("12 deals"), a history of progress, and, made with WOOP, a Wish, Outcome, Obstacle and Plan
whose plan becomes a commitment. Rules only: the store reads and writes each goal's file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from pydantic import ValidationError

from selflead.areas import AreaName
from selflead.core.ids import new_id, resolve_prefix, unique_prefixes
from selflead.dates import iso_week, parse_day
from selflead.errors import InputError
from selflead.models import MAX_TARGET, Goal, Progress, Woop
from selflead.problems import describe

if TYPE_CHECKING:
    from selflead.store.journal import Store

DUE_SOON_CHECKIN: Final = 7  # days ahead a check-in mentions a due goal
DUE_SOON_REVIEW: Final = 14  # days ahead a review lists one
MAX_TITLE: Final = 200  # as the model holds it
_NUMBER_RE: Final = re.compile(r"\d{1,10}(\.\d{1,4})?", re.ASCII)


def parse_number(text: str, *, option: str) -> float:
    """A number from 0 up (``7``, ``2.5``), or a clear error naming the option."""
    typed = text.strip()
    if not _NUMBER_RE.fullmatch(typed) or float(typed) > MAX_TARGET:
        raise InputError(f"{option} must be a number from 0 up, not {text!r}", f"e.g. {option} 12")
    return float(typed)


def parse_target(text: str) -> float:
    typed = text.strip()
    value = float(typed) if _NUMBER_RE.fullmatch(typed) else 0.0
    if value <= 0 or value > MAX_TARGET:
        raise InputError(f"--target must be a positive number, not {text!r}", "e.g. --target 12")
    return value


def number_words(value: float) -> str:
    return f"{value:g}" if math.isfinite(value) else str(value)


def check_title(title: str, what: str) -> str:
    """The title without its outer spaces, or a clear error when it is too long."""
    text = title.strip()
    if len(text) > MAX_TITLE:
        raise InputError(
            f"{what} has {len(text):,} characters; the limit is {MAX_TITLE}", "shorten it"
        )
    return text


@dataclass(frozen=True)
class GoalSpec:
    title: str
    due: date | None = None
    area: AreaName | None = None
    measure: str | None = None
    target: float | None = None
    woop: Woop | None = None


def check_spec(
    title: str,
    *,
    due: str | None,
    area: AreaName | None,
    measure: str | None,
    target: str | None,
    today: date,
) -> tuple[GoalSpec, str | None]:
    """The goal as given, and a note to say (a due date already past is allowed)."""
    if not title.strip():
        raise InputError("the goal's title is empty", "e.g. selflead goal add 'Close 12 deals'")
    check_title(title, "the goal's title")
    if (measure is None) != (target is None):
        raise InputError("--measure and --target go together", "e.g. --measure deals --target 12")
    due_day = parse_day(due, today=today, option="--due") if due is not None else None
    note = None
    if due_day is not None and due_day < today:
        note = f"note: the due date {due_day} is already past; the goal is overdue from the start"
    spec = GoalSpec(
        title.strip(),
        due_day,
        area,
        measure.strip() if measure is not None else None,
        parse_target(target) if target is not None else None,
    )
    return spec, note


def add(store: Store, spec: GoalSpec, *, now: datetime, today: date) -> Goal:
    try:
        goal = Goal(
            id=new_id(),
            title=spec.title,
            created=now,
            started=today,
            area=spec.area,
            due=spec.due,
            measure=spec.measure,
            target=spec.target,
            woop=spec.woop,
        )
    except ValidationError as exc:
        raise InputError(
            describe(exc, count_more=False), "see 'selflead goal add --help'"
        ) from None
    with store.locked():
        store.write_goal(goal)
    return goal


def all_goals(store: Store) -> list[Goal]:
    found = [store.read_goal(goal_id) for goal_id in store.goal_ids()]
    return sorted((g for g in found if g is not None), key=lambda g: g.created)


def find(store: Store, ref: str) -> Goal:
    """The goal ``ref`` (a full or short id) names; the caller holds the lock."""
    full = resolve_prefix(ref, store.goal_ids(), what="goal", listing="selflead goal list --all")
    goal = store.read_goal(full)
    assert goal is not None  # listed a moment ago, under the lock
    return goal


def _change(store: Store, ref: str, **update: Any) -> Goal:
    with store.locked():
        goal = find(store, ref)
        if goal.status != "open" and "status" in update:
            raise InputError(f"that goal is already {goal.status}", "nothing was changed")
        try:
            changed = Goal.model_validate({**goal.model_dump(), **update})
        except ValidationError as exc:
            raise InputError(describe(exc, count_more=False), "nothing was changed") from None
        store.write_goal(changed)
    return changed


def record_progress(
    store: Store, ref: str, value: str | None, note: str | None, *, today: date
) -> Goal:
    """A measured goal's current number and/or a note, added to its history."""
    with store.locked():
        goal = find(store, ref)
        if value is not None and goal.target is None:
            raise InputError(
                "that goal has no measure, so it takes a note, not a number",
                "e.g. selflead goal progress ID --note 'first draft done'",
            )
        if value is None and not (note or "").strip():
            raise InputError("give the goal's number, a --note, or both", "e.g. goal progress ID 7")
        number = parse_number(value, option="N") if value is not None else None
        step = Progress(date=today, value=number, note=(note or "").strip())
        return _change_locked(store, goal, progress=[*goal.progress, step])


def _change_locked(store: Store, goal: Goal, **update: Any) -> Goal:
    try:
        changed = Goal.model_validate({**goal.model_dump(), **update})
    except ValidationError as exc:
        raise InputError(describe(exc, count_more=False), "nothing was changed") from None
    store.write_goal(changed)
    return changed


def close(store: Store, ref: str, status: str, *, today: date) -> Goal:
    return _change(store, ref, status=status, closed=today)


def set_number(store: Store, goal_id: str, value: float, *, today: date) -> None:
    """The number asked for in a check-in (only when it changed)."""
    with store.locked():
        goal = find(store, goal_id)
        _change_locked(store, goal, progress=[*goal.progress, Progress(date=today, value=value)])


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    short_id: str
    today: date

    @property
    def days_left(self) -> int | None:
        return None if self.goal.due is None else (self.goal.due - self.today).days

    @property
    def overdue(self) -> bool:
        left = self.days_left
        return self.goal.status == "open" and left is not None and left < 0

    def due_within(self, days: int) -> bool:
        left = self.days_left
        return self.goal.status == "open" and left is not None and 0 <= left <= days

    @property
    def percent_done(self) -> int | None:
        g = self.goal
        if g.target is None or g.current is None:
            return None
        return round(100 * g.current / g.target)

    @property
    def percent_time_left(self) -> int | None:
        g = self.goal
        if g.due is None:
            return None
        total = (g.due - g.started).days
        if total <= 0:
            return 0
        return max(0, min(100, round(100 * (g.due - self.today).days / total)))

    def progress_words(self) -> str:
        """``7 of 12 deals (58%), 40% of the time left`` (what the goal has of it)."""
        g = self.goal
        parts = []
        if g.target is not None and g.current is not None:
            parts.append(
                f"{number_words(g.current)} of {number_words(g.target)} {g.measure} "
                f"({self.percent_done}%)"
            )
        time_left = self.percent_time_left
        if time_left is not None and g.status == "open" and not self.overdue:
            parts.append(f"{time_left}% of the time left")
        return ", ".join(parts)

    def due_words(self) -> str:
        left = self.days_left
        if self.goal.due is None or left is None:
            return ""
        if left < 0:
            return f"overdue since {self.goal.due} ({-left} day{'s' if left != -1 else ''})"
        if left == 0:
            return "due today"
        return f"due {self.goal.due} (in {left} day{'s' if left != 1 else ''})"

    def asked_this_week(self) -> bool:
        week = iso_week(self.today)
        return any(iso_week(p.date) == week and p.value is not None for p in self.goal.progress)

    def to_json(self) -> dict[str, Any]:
        g = self.goal
        return {
            **g.model_dump(mode="json"),
            "short_id": self.short_id,
            "current": g.current,
            "percent_done": self.percent_done,
            "percent_time_left": self.percent_time_left,
            "overdue": self.overdue,
        }


def views(goals: Sequence[Goal], today: date) -> list[GoalView]:
    shown = unique_prefixes(g.id for g in goals)
    return [GoalView(g, shown[g.id], today) for g in goals]


def listed(
    store: Store, today: date, *, everything: bool, goals: Sequence[Goal] | None = None
) -> list[GoalView]:
    every = views(all_goals(store) if goals is None else goals, today)
    return every if everything else [v for v in every if v.goal.status == "open"]


def due_soon(items: Iterable[GoalView], days: int) -> list[GoalView]:
    """Open goals overdue or due within ``days``, the most urgent first."""
    chosen = [v for v in items if v.overdue or v.due_within(days)]
    return sorted(chosen, key=lambda v: v.goal.due or date.max)


def to_ask(items: Iterable[GoalView]) -> list[GoalView]:
    """Measured open goals whose number was not given yet this week (asked once a week)."""
    return [
        v for v in items if v.goal.status == "open" and v.goal.target and not v.asked_this_week()
    ]


def week_after(day: date) -> date:
    return day + timedelta(days=7)
