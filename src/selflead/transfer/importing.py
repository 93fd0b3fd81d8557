"""Merging checked items into the journal by id, for every ``selflead import``: the plan (pure:
what to add, what is already there, what differs) and its run under the journal lock.

Each item is matched by id (``core.merge.match``, the rule ``selflead sync`` merges by too):
an entry (or a week's reflection) already in the journal with the same content is skipped;
one whose id (or week) exists with different content is kept as the journal has it, and
reported. Each affected day file is written once, new entries after the ones already there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal

from selflead.core.merge import NEW, SAME, match
from selflead.errors import DamagedFileError, NewerSchemaError, StorageError, UnreadableFileError
from selflead.models import Commitment, Entry, Goal, WeeklyReflection
from selflead.progress import ProgressFactory, no_progress
from selflead.store.journal import RangeRead, Store
from selflead.words import plural

if TYPE_CHECKING:
    from selflead.transfer.backup import Backup


@dataclass(frozen=True)
class Conflict:
    """An id (or week) in both the backup and the journal, with different content."""

    kind: Literal["entry", "review", "commitment", "goal"]
    number: int  # its place in the backup's list, from 1
    key: str  # the entry's id or the review's week
    day: date | None = None


@dataclass
class ImportResult:
    source: str
    dry_run: bool = False
    added_entries: int = 0
    added_days: int = 0
    skipped_entries: int = 0
    added_reviews: int = 0
    skipped_reviews: int = 0
    added_commitments: int = 0
    skipped_commitments: int = 0
    added_goals: int = 0
    skipped_goals: int = 0
    kept: list[Conflict] = field(default_factory=list)


@dataclass
class Plan:
    """What an import will change: new entries by day, new reflections by week."""

    days: dict[date, list[Entry]] = field(default_factory=dict)
    reviews: dict[str, WeeklyReflection] = field(default_factory=dict)
    commitments: dict[str, list[Commitment]] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)
    result: ImportResult = field(default_factory=lambda: ImportResult(source=""))


# --------------------------------------------------------------------------- the plan


def _held(item: Any | None) -> list[Any]:
    return [] if item is None else [item]


def plan(
    backup: Backup,
    existing: Iterable[Entry],
    existing_reviews: Mapping[str, WeeklyReflection],
    *,
    source: str = "",
    existing_commitments: Mapping[str, Iterable[Commitment]] | None = None,
    existing_goals: Mapping[str, Goal] | None = None,
) -> Plan:
    """Pure: which entries and reflections to add, which are already there, which differ.

    Each item is matched by id (``core.merge.match``, the rule ``selflead sync`` merges by
    too); each backup entry is compared with the journal as it was before the import: one whose id
    the journal lacks is added, even when the backup holds that id twice (the backup of a
    journal with a duplicate id restores both entries; importing it again adds nothing).
    """
    result = ImportResult(source=source)
    out = Plan(result=result)
    plan_entries(out, backup.entries, by_id(existing))
    for number, (week, reflection) in enumerate(backup.reviews, start=1):
        verdict = match(reflection, _held(existing_reviews.get(week)))
        if verdict == NEW:
            out.reviews[week] = reflection
            result.added_reviews += 1
        elif verdict == SAME:
            result.skipped_reviews += 1
        else:
            result.kept.append(Conflict("review", number, week))
    present_plans = {c.id: c for items in (existing_commitments or {}).values() for c in items}
    for number, (week, commitment) in enumerate(backup.commitments, start=1):
        verdict = match(commitment, _held(present_plans.get(commitment.id)))
        if verdict == NEW:
            out.commitments.setdefault(week, []).append(commitment)
            result.added_commitments += 1
        elif verdict == SAME:
            result.skipped_commitments += 1
        else:
            result.kept.append(Conflict("commitment", number, commitment.id))
    for number, goal in enumerate(backup.goals, start=1):
        verdict = match(goal, _held((existing_goals or {}).get(goal.id)))
        if verdict == NEW:
            out.goals.append(goal)
            result.added_goals += 1
        elif verdict == SAME:
            result.skipped_goals += 1
        else:
            result.kept.append(Conflict("goal", number, goal.id))
    result.added_days = len(out.days)
    return out


def by_id(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Entries by their id (a journal can hold an id twice)."""
    found: dict[str, list[Entry]] = {}
    for entry in entries:
        found.setdefault(entry.id, []).append(entry)
    return found


def plan_entries(
    out: Plan, entries: Iterable[Entry], existing: Mapping[str, list[Entry]], start: int = 1
) -> None:
    """``plan`` for entries (numbered from ``start``), into ``out``: a streamed import plans
    its entries a year at a time, against the journal as it was before the import."""
    result = out.result
    for number, entry in enumerate(entries, start=start):
        in_journal = existing.get(entry.id, [])
        verdict = match(entry, in_journal)  # the merge by id that sync uses too
        if verdict == NEW:
            out.days.setdefault(entry.date, []).append(entry)
            result.added_entries += 1
        elif verdict == SAME:
            result.skipped_entries += 1
        else:
            result.kept.append(Conflict("entry", number, entry.id, in_journal[0].date))


# --------------------------------------------------------------------------- the run


def refuse_unreadable(read: RangeRead) -> None:
    """Refuse to merge into a journal with an unreadable day: its ids cannot be checked."""
    if not read.damaged:
        return
    first = read.damaged[0]
    if isinstance(first, NewerSchemaError | UnreadableFileError):
        raise first
    more = f" (and {len(read.damaged) - 1} more damaged files)" if len(read.damaged) > 1 else ""
    raise DamagedFileError(
        first.path,
        first.problem + more,
        "nothing was imported: every day must be readable to merge by id; "
        "'selflead doctor --fix' moves a damaged file aside",
    )


@dataclass
class Present:
    """The journal as an import found it (under the lock), every file of it readable."""

    entries: list[Entry]
    reviews: dict[str, WeeklyReflection]
    commitments: dict[str, list[Commitment]]
    goals: dict[str, Goal]


@dataclass
class Written:
    """How far a merge's writing got, for the message of a write that failed part-way."""

    days: int = 0
    of_days: int = 0
    reviews: int = 0


# Plans the backup's entries into the plan (after its reflections, commitments and goals) and,
# unless it is a dry run, writes their days, counting them in ``Written``.
EntryMerge = Callable[[Present, Plan, Written], None]
_KINDS: Final = ("entry", "review", "commitment", "goal")  # the order conflicts are said in


def merge(
    store: Store,
    small: Backup,
    entries: EntryMerge,
    *,
    source: str,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
) -> ImportResult:
    """The one run of every import: under the journal lock (none for ``dry_run``), read the
    journal, plan ``small``'s reflections, commitments and goals, have ``entries`` plan (and
    write) the entries, then write the reflections, commitments and goals. A failure
    part-way (a full disk) says exactly what was written, and that the same import run
    again finishes the job."""
    lock = contextlib.nullcontext() if dry_run else store.locked()
    with lock:
        with progress("Reading the journal") as tick:
            read = store.read_range(progress=tick)
        reviews, damaged = store.read_weeks(store.weeks())
        plans = read_commitments(store, damaged)
        goals = read_goals(store, damaged)
        refuse_unreadable(RangeRead(entries=[], damaged=read.damaged + damaged))
        present = Present(read.entries, reviews, plans, goals)
        del read
        todo = plan(
            small,
            [],
            reviews,
            source=source,
            existing_commitments=plans,
            existing_goals=goals,
        )
        todo.result.dry_run = dry_run
        written = Written()
        try:
            entries(present, todo, written)
            todo.days = {}
            todo.result.kept.sort(key=lambda conflict: _KINDS.index(conflict.kind))  # as plan
            if dry_run:
                return todo.result

            def weeks_counted(done: int, _total: int) -> None:
                written.reviews = done

            store.write_weeks(todo.reviews, progress=weeks_counted)
        except StorageError as exc:
            if not written.days and not written.reviews:
                raise
            done = (
                f"{written.days:,} of {plural(written.of_days, 'day')} and {written.reviews:,} "
                f"of {plural(len(todo.reviews), 'weekly reflection')} were written before it "
                "stopped"
            )
            raise StorageError(
                f"{exc.message}; {done}",
                "free some space (or fix the folder's permissions) and run the same import "
                "again: it skips what is already there and finishes the job",
            ) from None
        for week, new in sorted(todo.commitments.items()):
            store.write_commitments(week, [*plans.get(week, []), *new])
        for goal in todo.goals:
            store.write_goal(goal)
    return todo.result


def write_planned(
    store: Store,
    todo: Plan,
    current: dict[date, list[Entry]],
    written: Written,
    tick: Callable[[int, int], None],
) -> None:
    """Write the days ``todo`` adds entries to, each after the entries ``current`` holds for
    it (taken from it), counting the days written in ``written``."""
    merged = {day: current.pop(day, []) + new for day, new in todo.days.items()}
    base = written.days

    def counted(done: int, _total: int) -> None:
        written.days = base + done
        tick(base + done, written.of_days)

    store.write_days(merged, progress=counted)


def run(
    store: Store,
    backup: Backup,
    *,
    source: str,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
) -> ImportResult:
    """Merge ``backup``, read whole, into the journal (with ``dry_run``, only say what that
    would do): its entries planned and written at once."""

    def entries(present: Present, todo: Plan, written: Written) -> None:
        plan_entries(todo, backup.entries, by_id(present.entries))
        todo.result.added_days = len(todo.days)
        written.of_days = len(todo.days)
        if dry_run:
            return
        current: dict[date, list[Entry]] = {}
        for entry in present.entries:
            if entry.date in todo.days:
                current.setdefault(entry.date, []).append(entry)
        with progress("Writing") as tick:
            write_planned(store, todo, current, written, tick)

    small = replace(backup, entries=[])
    return merge(store, small, entries, source=source, dry_run=dry_run, progress=progress)


def read_goals(store: Store, damaged: list[DamagedFileError]) -> dict[str, Goal]:
    """Every goal by id; a damaged file is added to ``damaged``."""
    found: dict[str, Goal] = {}
    for goal_id in store.goal_ids():
        try:
            goal = store.read_goal(goal_id)
        except DamagedFileError as exc:
            damaged.append(exc)
            continue
        if goal is not None:
            found[goal_id] = goal
    return found


def read_commitments(store: Store, damaged: list[DamagedFileError]) -> dict[str, list[Commitment]]:
    """Every week's commitments; a damaged file is added to ``damaged``."""
    found: dict[str, list[Commitment]] = {}
    for week in store.commitment_weeks():
        try:
            found[week] = store.read_commitments(week)
        except DamagedFileError as exc:
            damaged.append(exc)
    return found
