"""``selflead import`` of a backup file, streamed: the file is read twice, a piece at a time,
so that a backup of a hundred years is never held whole (``transfer.jsonstream``).

1. ``check`` reads all of it and validates everything, as ``backup.parse`` does, keeping only
   what is small: the reflections, commitments and goals, and of the entries their count and
   days, and the file's fingerprint (``jsonstream.Fingerprint``). A problem is reported with
   where it is, and nothing is written.
2. ``run`` reads the entries again (the same bytes, which the fingerprint proves piece by
   piece, so their strict-JSON checks are not made twice, and each entry's text is cut out by
   the length the first read noted, not parsed again) and merges them by id
   (``importing.plan_entries``) a year at a time, writing each year's day files in one batch
   (each file atomic, the year's folder flushed once), then the reflections, commitments and
   goals: ``importing.merge``, the run every import shares.

Entries in date order (as every export writes them) are held a year at a time; a backup whose
entries are out of order is merged in one batch, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, Final

from pydantic import ValidationError

from selflead.errors import InputError
from selflead.models import Entry
from selflead.progress import ProgressFactory, no_progress
from selflead.store.journal import Store
from selflead.store.outside import size_of
from selflead.transfer import backup, backup_reader, importing
from selflead.transfer.importing import Written
from selflead.transfer.jsonstream import Changed, Fingerprint, Item, StreamProblem, items

LISTS: Final = frozenset({"entries", "reviews", "commitments", "goals"})
_TICK_EVERY: Final = 500
Opener = Callable[[], AbstractContextManager[IO[bytes]]]


@dataclass
class Checked:
    """A backup file that was read whole and found sound, and what of it is small."""

    reader: Opener  # opens the file again, at its start
    source: str
    small: backup.Backup  # its reflections, commitments and goals; no entries
    entries: int = 0
    days: set[date] = field(default_factory=set)
    in_order: bool = True
    fingerprint: Fingerprint = field(default_factory=Fingerprint)


def _items(
    handle: IO[bytes],
    source: str,
    *,
    noted: Fingerprint | None = None,
    same_as: Fingerprint | None = None,
) -> Iterator[Item]:
    try:
        yield from items(handle, LISTS, noted=noted, same_as=same_as)
    except Changed:
        raise _changed(source) from None
    except StreamProblem as exc:
        raise InputError(
            f"{source} {exc.problem}",
            "import a file written by 'selflead export --format json'; nothing was imported",
        ) from None
    except OSError as exc:
        raise InputError(f"{source} cannot be read ({exc.strerror or exc})") from None


def check(opener: Opener, source: str, *, progress: ProgressFactory = no_progress) -> Checked:
    """Read and validate the whole backup (see the module's doc), or ``InputError``."""
    head: dict[str, Any] = {}
    lists: dict[str, list[Any]] = {"reviews": [], "commitments": [], "goals": []}
    problems: list[str] = []
    found = Checked(opener, source, backup.Backup([], []))
    last: date | None = None
    with opener() as handle, progress("Checking the backup") as tick:
        size = max(size_of(handle), 1)
        for item in _items(handle, source, noted=found.fingerprint):
            if not item.in_list:
                head[item.key] = [] if item.end_of_list else item.value
                continue
            if item.key != "entries":
                lists[item.key].append(item.value)
                continue
            found.entries += 1
            if found.entries % _TICK_EVERY == 0:
                tick(min(handle.tell(), size), size)
            entry = _valid(item)
            if isinstance(entry, ValidationError):
                problems.append(f"entry {found.entries}, {backup_reader.problem_text(entry)}")
                continue
            found.days.add(entry.date)
            if last is not None and entry.date < last:
                found.in_order = False
            last = entry.date
        tick(size, size)
    if "" in head:  # not an object at all
        backup_reader.check_header(head[""], source)
    backup_reader.check_header(head, source)
    reviews = backup_reader.check_reviews(lists["reviews"], problems)
    commitments = backup_reader.check_commitments(lists["commitments"], problems)
    goals = backup_reader.check_goals(lists["goals"], problems)
    if problems:
        raise backup_reader.refuse(source, problems)
    found.small = backup.Backup([], reviews, commitments, goals)
    return found


def _valid(item: Item) -> Entry | ValidationError:
    """The entry ``item`` holds, validated from its JSON text by pydantic-core alone (the
    models' JSON path accepts and refuses exactly what their Python validators do, without
    calling them: ``tests/test_model_equivalence.py``); a refused one is validated again from
    its decoded value, for the error in the words a check-in's errors use."""
    try:
        return Entry.model_validate_json(item.text)
    except ValidationError:
        pass
    try:
        return Entry.model_validate(item.value)
    except ValidationError as exc:
        return exc


def _changed(source: str) -> InputError:
    return InputError(
        f"{source} changed while it was imported",
        "run the same import again: it skips what is already there",
    )


def _entries(checked: Checked) -> Iterator[Entry]:
    """The backup's entries, read again: the bytes ``check`` read (``_changed`` at the first
    piece that differs), so each entry is one it validated."""
    with checked.reader() as handle:
        for item in _items(handle, checked.source, same_as=checked.fingerprint):
            if item.in_list and item.key == "entries":
                entry = _valid(item)  # as ``check`` validated it
                if isinstance(entry, ValidationError):  # the same bytes: only if the rules moved
                    raise _changed(checked.source)
                yield entry


def run(
    store: Store,
    checked: Checked,
    *,
    source: str,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
) -> importing.ImportResult:
    """Merge ``checked`` into the journal (with ``dry_run``, only say what that would do): its
    entries read again, planned and written a year at a time (``importing.merge`` does the
    rest)."""

    def entries(present: importing.Present, todo: importing.Plan, written: Written) -> None:
        existing = importing.by_id(present.entries)
        current: dict[date, list[Entry]] = {}
        for entry in present.entries:
            if entry.date in checked.days:
                current.setdefault(entry.date, []).append(entry)
        present.entries = []  # held once, in ``existing`` and ``current``
        written.of_days = len(checked.days)
        _merge_entries(store, checked, todo, existing, current, written, progress, dry_run)

    return importing.merge(
        store, checked.small, entries, source=source, dry_run=dry_run, progress=progress
    )


def _merge_entries(
    store: Store,
    checked: Checked,
    todo: importing.Plan,
    existing: dict[str, list[Entry]],
    current: dict[date, list[Entry]],
    written: Written,
    progress: ProgressFactory,
    dry_run: bool,
) -> None:
    """Plan and write the entries a year at a time (all at once when out of order), counting
    the days written in ``written``."""
    batch: list[Entry] = []
    number = 1
    with progress("Writing") as tick:

        def flush() -> None:
            nonlocal number, batch
            todo.days = {}
            importing.plan_entries(todo, batch, existing, start=number)
            number += len(batch)
            batch = []
            todo.result.added_days += len(todo.days)
            if not dry_run and todo.days:
                importing.write_planned(store, todo, current, written, tick)

        for entry in _entries(checked):
            if checked.in_order and batch and entry.date.year != batch[-1].date.year:
                flush()
            batch.append(entry)
        flush()
