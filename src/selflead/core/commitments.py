"""Commitments: if-then plans ("When <situation>, I will <action>") for one ISO week.

A week's review makes them for the coming week; every check-in of that week asks how each
went (kept, partly, not kept, or no occasion that day); the next review shows the record and
can carry an unkept one into the week after. A WOOP goal's plan is a standing commitment of
every week while the goal is open (``core/standing.py``). Each has an id of 12 hex digits,
shown and accepted by the short-id rule of ``core/ids.py``; how each went is
``core/follow_through.py``. Rules only: the store reads and writes the week files, the ui
asks and prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final, Literal

from pydantic import ValidationError

from selflead.core.follow_through import OUTCOMES, Everything, WeekCommitments
from selflead.core.goals import all_goals
from selflead.core.ids import new_id, resolve_prefix
from selflead.core.standing import unwritten, weeks_standing
from selflead.dates import iso_week, parse_week
from selflead.errors import InputError
from selflead.models import Commitment, Goal, Mark, Outcome
from selflead.problems import describe
from selflead.words import plural

if TYPE_CHECKING:
    from selflead.store.journal import Store

MAX_PER_WEEK: Final = 3  # open commitments in one week
OPTION_OF: Final[dict[Outcome, str]] = {
    "kept": "--kept",
    "partly": "--partly",
    "missed": "--missed",
}


def resolve_id(text: str, every: Iterable[str]) -> str:
    """The commitment ``text`` names: ``ids.resolve_prefix``, worded for commitments."""
    return resolve_prefix(text, every, what="commitment", listing="selflead commitments")


# --------------------------------------------------------------------------- listing


def _gather(store: Store, weeks: Iterable[str], goals: Sequence[Goal] | None = None) -> Everything:
    """The commitments of ``weeks``: each week's file, then the standing plans it does not
    hold yet."""
    goals = all_goals(store) if goals is None else goals
    found = {}
    for week in sorted(set(weeks)):
        items = store.read_commitments(week)
        found[week] = items + unwritten(items, goals, week)
    return Everything(found, {g.id: g for g in goals})


def week_commitments(
    store: Store, week: str, goals: Sequence[Goal] | None = None
) -> WeekCommitments:
    """The week's commitments (dropped ones too) with their records and short ids.

    Only the week and the weeks beside it are read (where a commitment was carried from and
    into), so that a review or a check-in costs the same after years of commitments; a short
    id is unique among those weeks' commitments, and ``change`` accepts it among them all.
    ``goals`` (all of them, when the caller has read them already) spares reading them again.
    """
    weeks = [_week_after(week, -1), week, _week_after(week, 1)]
    return _gather(store, weeks, goals).listed(week)


def open_for(store: Store, day: date) -> WeekCommitments:
    """The commitments a check-in on ``day`` asks about: its week's, not dropped, and no
    standing plan of a goal closed meanwhile."""
    listed = week_commitments(store, iso_week(day))
    return WeekCommitments(listed.week, [item for item in listed.items if item.asked])


def week_of(text: str | None, today: date) -> str:
    return iso_week(today) if text is None else iso_week(parse_week(text))


def next_week(week: str) -> str:
    return _week_after(week, 1)


def _week_after(week: str, weeks: int) -> str:
    """The week ``weeks`` after ``week``; it may lie outside the supported days (the week
    before 1900-W01 is 1899-W52), where there is simply nothing to read."""
    year, number = week.split("-W")
    return iso_week(date.fromisocalendar(int(year), int(number), 1) + timedelta(days=7 * weeks))


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Plan:
    when: str
    will: str


def check_plan(when: str, will: str) -> Plan:
    """An if-then plan as stored: both parts given, without the "When"/"I will" lead words."""
    when = _without_lead(when.strip(), ("when ", "if "))
    will = _without_lead(will.strip(), ("i will ", "i'll "))
    for text, option in ((when, "--when"), (will, "--will")):
        if not text:
            raise InputError(
                f"{option} is empty",
                "write the plan in two parts, e.g. --when 'I open my laptop' "
                "--will 'write down the one result for today'",
            )
        if len(text) > 500:
            raise InputError(
                f"{option} has {len(text):,} characters; the limit is 500", "shorten it"
            )
    return Plan(when.rstrip(",").strip(), will)


def _without_lead(text: str, leads: Sequence[str]) -> str:
    for lead in leads:
        if text.lower().startswith(lead):
            return text[len(lead) :].strip()
    return text


def _new(plan: Plan, now: datetime, carried_from: str | None = None) -> Commitment:
    try:
        return Commitment(
            id=new_id(), when=plan.when, will=plan.will, created=now, carried_from=carried_from
        )
    except ValidationError as exc:
        raise InputError(describe(exc, count_more=False), "shorten or simplify the plan") from None


def _own_open(items: Sequence[Commitment]) -> int:
    """The week's own open commitments: a goal's standing plan takes no room."""
    return sum(not c.dropped and c.goal is None for c in items)


def _room(items: Sequence[Commitment], week: str, adding: int) -> None:
    open_count = _own_open(items)
    if open_count + adding > MAX_PER_WEEK:
        raise InputError(
            f"{week} already has {plural(open_count, 'open commitment')}; "
            f"a week holds at most {MAX_PER_WEEK}",
            "drop one first with 'selflead commitments drop ID'",
        )


def room_in(store: Store, week: str) -> int:
    """How many more commitments ``week`` can hold."""
    return max(0, MAX_PER_WEEK - _own_open(store.read_commitments(week)))


def add(store: Store, week: str, plans: Sequence[Plan], *, now: datetime) -> list[Commitment]:
    """Add ``plans`` to ``week``, under the lock; nothing is written if one does not fit."""
    made = [_new(plan, now) for plan in plans]
    if not made:
        return []
    with store.locked():
        items = store.read_commitments(week)
        _room(items, week, len(made))
        store.write_commitments(week, [*items, *made])
    return made


Action = Literal["drop", "carry"]


@dataclass(frozen=True)
class Changed:
    """What ``change`` did: the commitment dropped, or the one made by carrying, and its week."""

    action: Action
    week: str
    commitment: Commitment
    comes_back: str | None = None  # a dropped standing plan's next week


def change(store: Store, ref: str, action: Action, *, now: datetime, today: date) -> Changed:
    """Under the lock: drop a commitment (no check-in asks about it again; its record stays),
    or carry it (the same plan again in the week after its own, linked to it). A goal's
    standing plan is dropped for its week only and never carried: it comes back by itself."""
    with store.locked():
        goals = all_goals(store)
        last = next_week(iso_week(today))
        every = _gather(store, [*store.commitment_weeks(), *weeks_standing(goals, last)], goals)
        full = resolve_id(ref, every.ids())
        week, found = next(
            (w, c) for w, items in every.weeks.items() for c in items if c.id == full
        )
        goal = every.goals.get(found.goal or "")
        if action == "drop":
            if found.dropped:
                raise InputError("that commitment is already dropped", "nothing was changed")
            changed = found.model_copy(update={"dropped": True})
            items = store.read_commitments(week)  # a standing plan not written yet goes last
            others = [c for c in items if c.id != found.id]
            store.write_commitments(
                week,
                [*others, changed]
                if others == items
                else [changed if c.id == found.id else c for c in items],
            )
            back = next_week(week) if goal is not None and goal.status == "open" else None
            return Changed(action, week, changed, back)
        if found.goal is not None:
            raise InputError(
                "that commitment is a goal's standing plan: it comes back every week while "
                "the goal is open",
                "nothing was changed; 'selflead goal list' shows the goal",
            )
        target = next_week(week)
        items = store.read_commitments(target)
        if any(c.carried_from == found.id for c in items):
            raise InputError(
                f"that commitment is already carried into {target}", "nothing was changed"
            )
        _room(items, target, 1)
        made = _new(Plan(found.when, found.will), now, carried_from=found.id)
        store.write_commitments(target, [*items, made])
        return Changed(action, target, made)


def parse_marks(options: Mapping[Outcome, Sequence[str]]) -> list[tuple[Outcome, str]]:
    """The ``--kept/--partly/--missed ID`` options as (outcome, id typed), in that order."""
    return [(outcome, ref) for outcome in OUTCOMES for ref in options.get(outcome, ())]


def resolve_marks(
    open_now: WeekCommitments, given: Sequence[tuple[Outcome, str]], day: date
) -> dict[str, Outcome]:
    """Each mark's full id among the day's open commitments; a clear error for any other."""
    ids = [item.commitment.id for item in open_now.items]
    if given and not ids:
        outcome, _ = given[0]
        raise InputError(
            f"{OPTION_OF[outcome]}: there is no open commitment in {open_now.week} "
            f"(the week of {day})",
            "add one with 'selflead commitments add --when TEXT --will TEXT'",
        )
    marks: dict[str, Outcome] = {}
    for outcome, ref in given:
        full = resolve_id(ref, ids)
        if full in marks and marks[full] != outcome:
            raise InputError(
                f"commitment {ref} was given twice ({OPTION_OF[marks[full]]} and "
                f"{OPTION_OF[outcome]})",
                "give one answer per commitment",
            )
        marks[full] = outcome
    return marks


def save_marks(store: Store, day: date, marks: Mapping[str, Outcome]) -> None:
    """Record the day's answers (replacing an earlier answer for that day), under the lock."""
    if not marks:
        return
    week = iso_week(day)
    with store.locked():
        items = store.read_commitments(week)
        items += [c for c in unwritten(items, all_goals(store), week) if c.id in marks]
        changed = []
        for c in items:
            if c.id in marks:
                kept = [m for m in c.marks if m.date != day]
                marked = sorted([*kept, Mark(date=day, outcome=marks[c.id])], key=lambda m: m.date)
                c = c.model_copy(update={"marks": marked})
            changed.append(c)
        store.write_commitments(week, changed)


def span_commitments(store: Store, first_week: str, last_week: str) -> list[WeekCommitments]:
    """The commitments of each week from ``first_week`` to ``last_week`` that has any (for
    the report), each with its records; standing plans included."""
    goals = all_goals(store)
    weeks = {*store.commitment_weeks(), *weeks_standing(goals, last_week)}
    inside = sorted(w for w in weeks if first_week <= w <= last_week)
    if not inside:
        return []
    around = {*inside, _week_after(inside[0], -1), _week_after(inside[-1], 1)}
    every = _gather(store, around & weeks, goals)  # the weeks inside and one either side
    return [listed for w in inside if (listed := every.listed(w)).items]
