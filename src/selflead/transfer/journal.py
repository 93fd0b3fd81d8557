"""What an export covers: the entries and weekly reflections of a span, read through the
store a week at a time, so that an export holds one week (and the two before it, for the
week's summary) in memory, never the whole journal.

``collect`` reads only what is small (the list of days, the goals, the commitments) and what
must be known before the first line is written (how many entries and reflections there are,
which days are damaged, which ids are there twice: from the index, which a full pass over the
files replaces when the index cannot be used). ``weeks`` then reads each week's day files as
it is written. A ``Journal`` can also hold its entries in a list (small exports, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from selflead.dates import iso_week, parse_week
from selflead.errors import DamagedFileError, InputError, StorageError
from selflead.models import Commitment, Entry, Goal, Progress, WeeklyReflection
from selflead.progress import ProgressFactory, Tick, no_progress

if TYPE_CHECKING:
    from selflead.store.journal import Store


@dataclass
class DaySource:
    """Where a streamed journal's entries come from: the store, and the days with a file
    (those of the range, and those around it a week summary needs)."""

    store: Store
    days: dict[date, list[date]]  # by Monday, each week's days with a file, sorted
    skip: frozenset[date]  # damaged days of the range, left out (--skip-damaged)
    tick: Tick = field(default=lambda done, total: None)
    total: int = 0  # days in the range, for the progress bar
    # What the index keeps of each sound day file's bytes (``Index.digests``): a day file
    # with those bytes is read without being checked byte for byte again.
    digests: Mapping[date, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Journal:
    """What an export covers: entries in date order (as stored within a day) and reflections.

    With a ``source`` the entries are read from the store a week at a time (``weeks``) and
    ``entries`` stays empty; ``count`` then says how many there are."""

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
    source: DaySource | None = None
    count: int | None = None
    # With a source: the weeks whose reflection is read as its week is written.
    review_weeks: tuple[str, ...] = ()

    @property
    def entry_count(self) -> int:
        return len(self.entries) if self.count is None else self.count

    @property
    def review_count(self) -> int:
        return len(self.reviews) + len(self.review_weeks)

    @property
    def first_day(self) -> date | None:
        if self.source is not None:
            days = [d for week in self.source.days.values() for d in week if self.exports(d)]
            return min(days) if days else None
        return self.entries[0].date if self.entries else None

    @property
    def last_day(self) -> date | None:
        if self.source is not None:
            days = [d for week in self.source.days.values() for d in week if self.exports(d)]
            return max(days) if days else None
        return self.entries[-1].date if self.entries else None

    def exports(self, day: date) -> bool:
        """Whether ``day`` is written: in the range, and not a damaged day left out."""
        return self.covers(day) and (self.source is None or day not in self.source.skip)

    def covers(self, day: date) -> bool:
        """Whether ``day`` is in the range."""
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class Week:
    name: str
    monday: date
    entries: list[Entry]
    reflection: WeeklyReflection | None
    commitments: list[Commitment] = field(default_factory=list)
    progress: list[tuple[Goal, Progress]] = field(default_factory=list)  # goal steps that week


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


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _progress_by_week(journal: Journal) -> dict[str, list[tuple[Goal, Progress]]]:
    progress: dict[str, list[tuple[Goal, Progress]]] = {}
    for goal in journal.goals:
        for step in goal.progress:
            if journal.covers(step.date):
                progress.setdefault(iso_week(step.date), []).append((goal, step))
    return progress


def weeks(
    journal: Journal, *, since: date | None = None, until: date | None = None
) -> Iterator[tuple[Week, Mapping[date, list[Entry]]]]:
    """Each week the export writes, in order, with the entries its summary needs by Monday
    (that week whole, and the two before it). A streamed journal reads each week's day files
    here, and keeps no more than those three weeks. With ``since`` and ``until`` (Mondays, of
    a streamed journal): only the weeks from ``since`` and before ``until``, the same as in
    the whole."""
    if journal.source is None:
        yield from _weeks_in_memory(journal)
        return
    source = journal.source
    progress = _progress_by_week(journal)
    with_entries = {
        iso_week(monday): monday
        for monday, days in source.days.items()
        if any(journal.covers(d) and d not in source.skip for d in days)
    }
    stored = set(journal.review_weeks)  # a set: asked of every week (5,000 in a century)
    reviews = stored | set(journal.reviews)
    with_commitments = {week for week, items in journal.commitments.items() if items}
    names = sorted(set(with_entries) | reviews | with_commitments | set(progress))
    if since is not None or until is not None:
        low, high = since or date.min, until or date.max
        names = [name for name in names if low <= parse_week(name) < high]
    window: dict[date, list[Entry]] = {}
    done = 0
    for name in names:
        monday = parse_week(name)
        for old in [m for m in window if m < monday - timedelta(days=14)]:
            del window[old]
        for back in (14, 7, 0):
            key = monday - timedelta(days=back)
            if key not in window and key in source.days:
                window[key], read = _read_week(journal, source, key)
                if back == 0:
                    done += read
                    source.tick(done, source.total)
        whole = window.get(monday, [])
        reflection = journal.reviews.get(name)
        if reflection is None and name in stored:
            reflection = source.store.read_week(name)
        inside = journal.covers(monday) and journal.covers(monday + timedelta(days=6))
        week = Week(
            name,
            monday,
            whole if inside else [e for e in whole if journal.covers(e.date)],
            reflection,
            journal.commitments.get(name, []),
            sorted(progress.get(name, []), key=lambda pair: pair[1].date),
        )
        yield week, {m: window[m] for m in window if m <= monday}
    if until is None:
        source.tick(source.total, source.total)


def _read_week(journal: Journal, source: DaySource, monday: date) -> tuple[list[Entry], int]:
    """A week's entries (its days in the range and, for a summary, those around it) and how
    many of its days are in the range. A damaged day in the range that was not known to be
    damaged (it changed since) stops the export; one outside it is left out of the summary."""
    entries: list[Entry] = []
    read = 0
    for day in source.days[monday]:
        inside = journal.covers(day)
        if inside:
            read += 1
            if day in source.skip:
                continue
        try:
            entries += source.store.read_day(day, known=source.digests.get(day))
        except DamagedFileError:
            if inside:
                raise
    return entries, read


def _weeks_in_memory(journal: Journal) -> Iterator[tuple[Week, Mapping[date, list[Entry]]]]:
    entries: dict[str, list[Entry]] = {}
    for entry in journal.entries:
        entries.setdefault(iso_week(entry.date), []).append(entry)
    by_monday: dict[date, list[Entry]] = {}
    for entry in [*journal.context, *journal.entries]:
        by_monday.setdefault(_monday(entry.date), []).append(entry)
    with_commitments = {week for week, items in journal.commitments.items() if items}
    progress = _progress_by_week(journal)
    names = sorted(set(entries) | set(journal.reviews) | with_commitments | set(progress))
    for name in names:
        week = Week(
            name,
            parse_week(name),
            entries.get(name, []),
            journal.reviews.get(name),
            journal.commitments.get(name, []),
            sorted(progress.get(name, []), key=lambda pair: pair[1].date),
        )
        yield week, by_monday


def group_by_day(entries: Iterable[Entry]) -> dict[date, list[Entry]]:
    days: dict[date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(entry.date, []).append(entry)
    return days


def all_entries(journal: Journal) -> Iterator[Entry]:
    """Every entry of the range in order, a week at a time for a streamed journal."""
    for entries, _ in all_days(journal):
        yield from entries


def all_days(journal: Journal) -> Iterator[tuple[list[Entry], bytes]]:
    """The entries of the range a day at a time (all of them at once when they are held in a
    list), each day with its file's bytes when selflead wrote them as they are (else b"":
    ``Store.read_day_exactly``)."""
    if journal.source is None:
        yield journal.entries, b""
        return
    source = journal.source
    done = 0
    for monday in sorted(source.days):
        for day in source.days[monday]:
            if not journal.covers(day):
                continue
            done += 1
            if day not in source.skip:
                yield source.store.read_day_exactly(day)
        source.tick(done, source.total)


def all_reviews(journal: Journal) -> Iterator[tuple[str, WeeklyReflection]]:
    """Every reflection of the range by week, read one at a time for a streamed journal."""
    found = dict(journal.reviews)
    if journal.source is not None:
        found |= dict.fromkeys(journal.review_weeks)  # type: ignore[arg-type]
    for week in sorted(found):
        reflection = found[week]
        if reflection is None and journal.source is not None:
            reflection = journal.source.store.read_week(week)
        if reflection is not None:
            yield week, reflection


def duplicate_ids(journal: Journal) -> dict[str, list[date]]:
    """Each id the journal holds more than once, with the days it is on (doctor flags these;
    a backup keeps every one, and import restores them). Streamed: from the index."""
    if journal.source is not None:
        return _census(journal.source.store, journal.first, journal.last)[2]
    days: dict[str, list[date]] = {}
    for entry in journal.entries:
        days.setdefault(entry.id, []).append(entry.date)
    return {key: found for key, found in days.items() if len(found) > 1}


def _census(
    store: Store, first: date | None, last: date | None, *, repeated: bool = True
) -> tuple[int, list[DamagedFileError], dict[str, list[date]]]:
    """(entries, damaged days, ids held twice) of the range: from the index, or, when it
    cannot be used, from one pass over the files (each day read and let go). Without
    ``repeated`` the index is not asked for the ids held twice (only a backup lists them)."""
    import sqlite3

    try:
        index = store.index
        count = index.entry_count(first, last)
        listed = index.damaged(first, last)
        twice = index.repeated_ids(first, last) if repeated else {}
    except (StorageError, sqlite3.Error):
        pass
    else:
        return count, _read_again(store, listed), twice
    count, damaged = 0, []
    ids: dict[str, list[date]] = {}
    for day in store.days(first, last):
        try:
            found = store.read_day(day)
        except DamagedFileError as exc:
            damaged.append(exc)
            continue
        count += len(found)
        for entry in found:
            ids.setdefault(entry.id, []).append(day)
    return count, damaged, {key: days for key, days in ids.items() if len(days) > 1}


def _read_again(store: Store, listed: list[DamagedFileError]) -> list[DamagedFileError]:
    """The damaged days the index lists, each read again: the error reading it raises (with
    its own advice), and none for a day repaired since."""
    found: list[DamagedFileError] = []
    for day in _days_of(store, listed):
        try:
            store.read_day(day)
        except DamagedFileError as exc:
            found.append(exc)
    return found


def collect(
    store: Store,
    first: date | None,
    last: date | None,
    *,
    skip_damaged: bool,
    progress: ProgressFactory = no_progress,
    tick: Tick | None = None,
    digests: bool = True,
) -> tuple[Journal, list[DamagedFileError]]:
    """What an export covers, to be read a week at a time (``weeks``). Damaged files stop the
    export before anything is written unless ``skip_damaged`` (then they are returned so that
    the caller can warn about each). Without ``digests`` the index's digests of the files are
    not asked for (a reader that does not use ``weeks``: the JSON backup)."""
    from selflead.core.damaged import check_damaged
    from selflead.store.journal import RangeRead

    count, damaged, _ = _census(store, first, last, repeated=False)
    review_weeks: list[str] = []
    for week in weeks_overlapping(store.weeks(), first, last):
        try:  # checked now, read again when its week is written: one in memory at a time
            if store.read_week(week) is not None:
                review_weeks.append(week)
        except DamagedFileError as exc:
            damaged.append(exc)
    commitments: dict[str, list[Commitment]] = {}
    for week in weeks_overlapping(store.commitment_weeks(), first, last):
        try:
            commitments[week] = store.read_commitments(week)
        except DamagedFileError as exc:
            damaged.append(exc)
    goals = []
    for goal_id in store.goal_ids():
        try:
            goal = store.read_goal(goal_id)
        except DamagedFileError as exc:
            damaged.append(exc)
            continue
        if goal is not None:
            goals.append(goal)
    skipped = check_damaged(RangeRead(damaged=damaged), skip_damaged=skip_damaged)
    goals.sort(key=lambda g: g.created)
    low = _monday(first) - timedelta(days=14) if first else None
    high = _monday(last) + timedelta(days=6) if last else None
    by_monday: dict[date, list[date]] = {}
    total = 0
    for day in store.days(low, high):
        by_monday.setdefault(_monday(day), []).append(day)
        total += (first is None or day >= first) and (last is None or day <= last)
    skip = frozenset(exc_day for exc_day in _days_of(store, skipped))
    source = DaySource(
        store,
        by_monday,
        skip,
        tick or (lambda done, total: None),
        total,
        _digests(store, low, high) if digests else {},
    )
    journal = Journal(
        [],
        {},
        first,
        last,
        commitments=commitments,
        goals=goals,
        source=source,
        count=count,
        review_weeks=tuple(review_weeks),
    )
    return journal, skipped


def _digests(store: Store, first: date | None, last: date | None) -> Mapping[date, bytes]:
    """``Index.digests`` of [first, last]; none when the index cannot be used (every file is
    then checked in full as it is read)."""
    import sqlite3

    try:
        return store.index.digests(first, last)
    except (StorageError, sqlite3.Error):
        return {}


def _days_of(store: Store, damaged: Iterable[DamagedFileError]) -> Iterator[date]:
    for exc in damaged:
        with_name = exc.path.name.removesuffix(".json")
        try:
            day = date.fromisoformat(with_name)
        except ValueError:
            continue
        if exc.path == store.day_path(day):
            yield day
