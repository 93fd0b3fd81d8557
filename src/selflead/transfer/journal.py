"""What an export covers: the entries and weekly reflections of a span, read through the
store, grouped by ISO week and by day for the formats that write them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from selflead.dates import iso_week, parse_week
from selflead.errors import DamagedFileError, InputError
from selflead.models import Commitment, Entry, Goal, Progress, WeeklyReflection
from selflead.progress import ProgressFactory

if TYPE_CHECKING:
    from selflead.store.journal import Store


@dataclass(frozen=True)
class Journal:
    """What an export covers: entries in date order (as stored within a day) and reflections."""

    entries: list[Entry]
    reviews: dict[str, WeeklyReflection]
    first: date | None = None
    last: date | None = None
    # Not exported: the rest of the first and last weeks and the two weeks before the range,
    # so that each week's summary says what the review of that week says.
    context: list[Entry] = field(default_factory=list)
    # The commitments of the weeks the range overlaps, by week.
    commitments: dict[str, list[Commitment]] = field(default_factory=dict)
    # Every goal (goals are not dated files: a ranged export still carries them all).
    goals: list[Goal] = field(default_factory=list)


@dataclass(frozen=True)
class Week:
    name: str
    monday: date
    entries: list[Entry]
    reflection: WeeklyReflection | None
    commitments: list[Commitment] = field(default_factory=list)
    progress: list[tuple[Goal, Progress]] = field(default_factory=list)  # goal steps that week


def duplicate_ids(journal: Journal) -> dict[str, list[date]]:
    """Each id the journal holds more than once, with the days it is on (doctor flags these;
    a backup keeps every one, and import restores them)."""
    days: dict[str, list[date]] = {}
    for entry in journal.entries:
        days.setdefault(entry.id, []).append(entry.date)
    return {key: found for key, found in days.items() if len(found) > 1}


def weeks_overlapping(weeks: Iterable[str], first: date | None, last: date | None) -> list[str]:
    """The ISO weeks (``2026-W47``) that share at least one day with ``first``..``last``."""
    chosen = []
    for week in weeks:
        try:
            monday = parse_week(week)
        except InputError:  # a file for a week outside the supported range: read, so that
            chosen.append(week)  # it is reported as damaged, naming the file
            continue
        if (last is None or monday <= last) and (
            first is None or monday + timedelta(days=6) >= first
        ):
            chosen.append(week)
    return sorted(chosen)


def group_by_week(journal: Journal) -> list[Week]:
    entries: dict[str, list[Entry]] = {}
    for entry in journal.entries:
        entries.setdefault(iso_week(entry.date), []).append(entry)
    with_commitments = {week for week, items in journal.commitments.items() if items}
    progress: dict[str, list[tuple[Goal, Progress]]] = {}
    for goal in journal.goals:
        for step in goal.progress:
            if (journal.first is None or step.date >= journal.first) and (
                journal.last is None or step.date <= journal.last
            ):
                progress.setdefault(iso_week(step.date), []).append((goal, step))
    names = sorted(set(entries) | set(journal.reviews) | with_commitments | set(progress))
    return [
        Week(
            name,
            parse_week(name),
            entries.get(name, []),
            journal.reviews.get(name),
            journal.commitments.get(name, []),
            sorted(progress.get(name, []), key=lambda pair: pair[1].date),
        )
        for name in names
    ]


def group_by_day(entries: Iterable[Entry]) -> dict[date, list[Entry]]:
    days: dict[date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(entry.date, []).append(entry)
    return days


def collect(
    store: Store,
    first: date | None,
    last: date | None,
    *,
    skip_damaged: bool,
    progress: ProgressFactory,
) -> tuple[Journal, list[DamagedFileError]]:
    """Read what an export covers through the store: entries in range, overlapping weeks'
    reflections. Damaged files stop the export unless ``skip_damaged`` (then they are returned
    so that the caller can warn about each)."""
    from selflead.core.browse import check_damaged

    with progress("Reading the journal") as tick:
        read = store.read_range(first, last, progress=tick)
    reviews, damaged_weeks = store.read_weeks(weeks_overlapping(store.weeks(), first, last))
    read.damaged.extend(damaged_weeks)
    commitments: dict[str, list[Commitment]] = {}
    for week in weeks_overlapping(store.commitment_weeks(), first, last):
        try:
            commitments[week] = store.read_commitments(week)
        except DamagedFileError as exc:
            read.damaged.append(exc)
    goals = []
    for goal_id in store.goal_ids():
        try:
            goal = store.read_goal(goal_id)
        except DamagedFileError as exc:
            read.damaged.append(exc)
            continue
        if goal is not None:
            goals.append(goal)
    skipped = check_damaged(read, skip_damaged=skip_damaged)
    context = _context(store, first, last)
    goals.sort(key=lambda g: g.created)
    return Journal(read.entries, reviews, first, last, context, commitments, goals), skipped


def _context(store: Store, first: date | None, last: date | None) -> list[Entry]:
    """The entries a ranged export's week summaries need beyond the range (see ``Journal``).
    A damaged day there is left out of the summaries, not reported: it is not exported."""
    context: list[Entry] = []
    if first is not None:
        monday = first - timedelta(days=first.weekday())
        context += store.read_range(monday - timedelta(days=14), first - timedelta(days=1)).entries
    if last is not None:
        sunday = last + timedelta(days=6 - last.weekday())
        if sunday > last:
            context += store.read_range(last + timedelta(days=1), sunday).entries
    return context


def entries_by_monday(journal: Journal) -> dict[date, list[Entry]]:
    """Every week's entries, those of the range and its context, for the week summaries."""
    weeks: dict[date, list[Entry]] = {}
    for entry in [*journal.context, *journal.entries]:
        weeks.setdefault(entry.date - timedelta(days=entry.date.weekday()), []).append(entry)
    return weeks
