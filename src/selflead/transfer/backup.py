"""The JSON backup, both ways: written by ``selflead export --format json`` and read back by
``selflead import`` (the format is documented in the README's "Backup format").

Writing streams the document a piece at a time (``chunks``). Reading is two steps, so that a
bad file changes nothing:

1. ``parse`` reads and validates the whole document: the format and its version, every entry
   (pydantic, once each), every weekly reflection, no week twice (an id may be there twice,
   as a journal can hold it twice, and its backup must import back). A problem is reported
   with where it is (entry number and field), never with what the user wrote there.
2. ``run`` merges it by id under the journal lock, held once for the whole import: an entry
   (or a week's reflection) already in the journal with the same content is skipped; one whose
   id (or week) exists with different content is kept as the journal has it, and reported.
   Each affected day file is written once, new entries after the ones already there.

An interrupted import can be run again: what it had added is skipped the second time.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import ValidationError

from selflead.chars import json_escape
from selflead.core.merge import NEW, SAME, match
from selflead.dates import RANGE_WORDS, parse_week, week_in_range
from selflead.errors import (
    DamagedFileError,
    InputError,
    NewerSchemaError,
    StorageError,
    UnreadableFileError,
)
from selflead.models import Commitment, Entry, Goal, Timestamp, WeeklyReflection
from selflead.problems import describe, where
from selflead.progress import ProgressFactory, Tick, no_progress
from selflead.store.documents import decode_json
from selflead.store.journal import RangeRead, Store
from selflead.transfer.journal import Journal, all_entries, all_reviews
from selflead.words import plural

NAME: Final = "json"
BACKUP_FORMAT: Final = "selflead"
# Version 2 added "commitments" and "goals"; a version 1 file (without them) still imports.
BACKUP_VERSION: Final = 2

TOP_LEVEL: Final = frozenset(
    {"format", "version", "exported", "entries", "reviews", "commitments", "goals"}
)
MAX_LISTED: Final = 3  # problems named in the one-line error; the rest are counted
_WEEK_RE = re.compile(r"\d{4}-W\d{2}")
_TICK_EVERY: Final = 500


@dataclass(frozen=True)
class Backup:
    """A validated backup document."""

    entries: list[Entry]
    reviews: list[tuple[str, WeeklyReflection]]
    commitments: list[tuple[str, Commitment]] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)


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


# --------------------------------------------------------------------------- parsing


def _problem(exc: ValidationError) -> str:
    return describe(exc, count_more=False, whole="").removeprefix(": ")


def _refuse(source: str, problems: list[str]) -> InputError:
    shown = "; ".join(problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    if more > 0:
        shown += f" (and {more} more {'problem' if more == 1 else 'problems'})"
    return InputError(
        f"{source}: {shown}", "fix the file and import it again; nothing was imported"
    )


def _header(data: Any, source: str) -> None:
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise InputError(
            f'{source} is not a selflead backup (its "format" is not "{BACKUP_FORMAT}")',
            "import a file written by 'selflead export --format json'; nothing was imported",
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(
            f'{source}: "version" must be a whole number from 1', "nothing was imported"
        )
    if version > BACKUP_VERSION:
        raise InputError(
            f"{source} was written by a newer selflead (backup format version {version}; "
            f"this selflead reads version {BACKUP_VERSION})",
            "upgrade selflead to import it; nothing was imported",
        )
    unknown = sorted(set(data) - TOP_LEVEL)
    if unknown:
        raise _refuse(source, [f"unknown top-level field {where([unknown[0]])}"])
    if "entries" not in data:
        raise _refuse(source, ['"entries" is missing'])
    for key in ("commitments", "goals"):
        if version < 2 and key in data:
            raise _refuse(source, [f'"{key}" came with backup format version 2, not 1'])
    for key in ("entries", "reviews", "commitments", "goals"):
        if not isinstance(data.get(key, []), list):
            raise _refuse(source, [f'"{key}" must be a list'])
    if "exported" in data:
        from pydantic import TypeAdapter

        try:
            TypeAdapter(Timestamp).validate_python(data["exported"])
        except ValidationError:
            raise _refuse(
                source, ['"exported" must be an ISO 8601 timestamp with a UTC offset']
            ) from None


def _entries(items: list[Any], problems: list[str], tick: Tick) -> list[Entry]:
    entries: list[Entry] = []
    # An id may appear twice: a journal can hold one twice (doctor reports it), and the backup
    # of that journal must import back, both entries with it (see ``plan``).
    for number, item in enumerate(items, start=1):
        if number % _TICK_EVERY == 0:
            tick(number, len(items))
        try:
            entry = Entry.model_validate(item)
        except ValidationError as exc:
            problems.append(f"entry {number}, {_problem(exc)}")
            continue
        entries.append(entry)
    tick(len(items), len(items))
    return entries


def _reviews(items: list[Any], problems: list[str]) -> list[tuple[str, WeeklyReflection]]:
    reviews: list[tuple[str, WeeklyReflection]] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"review {number}: must be an object")
            continue
        week = item.get("week")
        if not isinstance(week, str) or not _WEEK_RE.fullmatch(week):
            problems.append(f"review {number}, week: must be an ISO week written YYYY-Www")
            continue
        try:
            monday = date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        except ValueError:
            problems.append(f"review {number}, week: {week} does not exist")
            continue
        if not week_in_range(monday):
            problems.append(f"review {number}, week: {week} is not a week {RANGE_WORDS}")
            continue
        try:
            reflection = WeeklyReflection.model_validate(
                {k: v for k, v in item.items() if k != "week"}
            )
        except ValidationError as exc:
            problems.append(f"review {number} ({week}), {_problem(exc)}")
            continue
        if week in seen:
            problems.append(f"review {number} is for the same week as review {seen[week]}")
            continue
        seen[week] = number
        reviews.append((week, reflection))
    return reviews


def parse(raw: bytes, source: str, *, progress: ProgressFactory = no_progress) -> Backup:
    """The whole document validated, or ``InputError`` naming each problem and where it is."""
    try:
        data = decode_json(Path(source), raw)
    except DamagedFileError as exc:
        raise InputError(
            f"{source} {exc.problem}",
            "import a file written by 'selflead export --format json'; nothing was imported",
        ) from None
    _header(data, source)
    problems: list[str] = []
    with progress("Checking the backup") as tick:
        entries = _entries(data["entries"], problems, tick)
    reviews = _reviews(data.get("reviews", []), problems)
    commitments = _commitments(data.get("commitments", []), problems)
    goals = _goals(data.get("goals", []), problems)
    if problems:
        raise _refuse(source, problems)
    return Backup(entries=entries, reviews=reviews, commitments=commitments, goals=goals)


def _goals(items: list[Any], problems: list[str]) -> list[Goal]:
    found: list[Goal] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        try:
            goal = Goal.model_validate(item)
        except ValidationError as exc:
            problems.append(f"goal {number}, {_problem(exc)}")
            continue
        if goal.id in seen:
            problems.append(f"goal {number} has the same id as goal {seen[goal.id]}")
            continue
        seen[goal.id] = number
        found.append(goal)
    return found


def _commitments(items: list[Any], problems: list[str]) -> list[tuple[str, Commitment]]:
    found: list[tuple[str, Commitment]] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"commitment {number}: must be an object")
            continue
        week = item.get("week")
        if not isinstance(week, str) or not _WEEK_RE.fullmatch(week):
            problems.append(f"commitment {number}, week: must be an ISO week written YYYY-Www")
            continue
        try:
            parse_week(week)
            commitment = Commitment.model_validate({k: v for k, v in item.items() if k != "week"})
        except InputError:
            problems.append(f"commitment {number}, week: {week} does not exist")
            continue
        except ValidationError as exc:
            problems.append(f"commitment {number} ({week}), {_problem(exc)}")
            continue
        if commitment.id in seen:
            problems.append(
                f"commitment {number} has the same id as commitment {seen[commitment.id]}"
            )
            continue
        seen[commitment.id] = number
        found.append((week, commitment))
    return found


# --------------------------------------------------------------------------- merging


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


def _readable(read: RangeRead) -> None:
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


def run(
    store: Store,
    backup: Backup,
    *,
    source: str,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
) -> ImportResult:
    """Merge ``backup`` into the journal (or, with ``dry_run``, only say what that would do)."""
    lock = contextlib.nullcontext() if dry_run else store.locked()
    with lock:
        with progress("Reading the journal") as tick:
            read = store.read_range(progress=tick)
        reviews, damaged = store.read_weeks(store.weeks())
        plans = _read_commitments(store, damaged)
        goals = _read_goals(store, damaged)
        _readable(RangeRead(entries=[], damaged=read.damaged + damaged))
        todo = plan(
            backup,
            read.entries,
            reviews,
            source=source,
            existing_commitments=plans,
            existing_goals=goals,
        )
        todo.result.dry_run = dry_run
        if dry_run:
            return todo.result
        current: dict[date, list[Entry]] = {}
        for entry in read.entries:
            if entry.date in todo.days:
                current.setdefault(entry.date, []).append(entry)
        merged = {day: current.get(day, []) + new for day, new in todo.days.items()}
        _write(store, merged, todo.reviews, progress)
        for week, new in sorted(todo.commitments.items()):
            store.write_commitments(week, [*plans.get(week, []), *new])
        for goal in todo.goals:
            store.write_goal(goal)
    return todo.result


def _write(
    store: Store,
    days: dict[date, list[Entry]],
    reviews: dict[str, WeeklyReflection],
    progress: ProgressFactory,
) -> None:
    """Write the merged days, then the new reflections. A failure part-way (a full disk) says
    exactly what was written, and that the same import run again finishes the job."""
    written = {"days": 0, "reviews": 0}
    try:
        with progress("Writing") as tick:

            def counted(done: int, total: int) -> None:
                written["days"] = done
                tick(done, total)

            store.write_days(days, progress=counted)

        def weeks_counted(done: int, total: int) -> None:
            written["reviews"] = done

        store.write_weeks(reviews, progress=weeks_counted)
    except StorageError as exc:
        if not written["days"] and not written["reviews"]:
            raise
        done = (
            f"{written['days']:,} of {plural(len(days), 'day')} and {written['reviews']:,} of "
            f"{plural(len(reviews), 'weekly reflection')} were written before it stopped"
        )
        raise StorageError(
            f"{exc.message}; {done}",
            "free some space (or fix the folder's permissions) and run the same import "
            "again: it skips what is already there and finishes the job",
        ) from None


def _read_goals(store: Store, damaged: list[DamagedFileError]) -> dict[str, Goal]:
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


def _read_commitments(store: Store, damaged: list[DamagedFileError]) -> dict[str, list[Commitment]]:
    """Every week's commitments; a damaged file is added to ``damaged``."""
    found: dict[str, list[Commitment]] = {}
    for week in store.commitment_weeks():
        try:
            found[week] = store.read_commitments(week)
        except DamagedFileError as exc:
            damaged.append(exc)
    return found


def import_file(
    store: Store,
    file: str,
    *,
    fmt: str = "selflead",
    area: str | None = None,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
) -> ImportResult:
    """``selflead import FILE`` (``-`` for stdin): read it, check all of it in the registered
    format ``fmt``, then merge it (see the module's doc)."""
    from selflead.store.outside import read_outside_file
    from selflead.transfer.formats import IMPORTS, choose

    reader = choose(IMPORTS, fmt, "--from")
    source = "stdin" if file == "-" else file
    reader.check_area(area)
    if file != "-" and reader.module == __name__:  # a file can be read twice: streamed
        from selflead.store.outside import open_outside_file
        from selflead.transfer import restore

        checked = restore.check(lambda: open_outside_file(file), source, progress=progress)
        return restore.run(store, checked, source=source, dry_run=dry_run, progress=progress)
    backup = reader.parse(read_outside_file(file), source, progress=progress, area=area)
    return run(store, backup, source=source, dry_run=dry_run, progress=progress)


# --------------------------------------------------------------------------- writing


def _json_items(items: Iterable[Any]) -> Iterator[str]:
    """A JSON list's items as the second level of the document, written one by one."""
    from pydantic_core import to_json  # the same text as json.dumps(indent=2), much faster

    for number, item in enumerate(items):
        text = to_json(item, indent=2).decode("utf-8").replace("\n", "\n    ")
        # Characters a terminal showing the file may act on are \uXXXX escapes (chars.py).
        yield ("" if number == 0 else ",\n") + "    " + json_escape(text)


def chunks(journal: Journal, exported: datetime) -> Iterator[str]:
    """The backup as JSON text, piece by piece, so a big journal is never held twice.

    Joined, it is the text ``json.dumps(document, indent=2, ensure_ascii=False)`` writes for
    the document the README describes, but for the characters in ``chars.JSON_UNSAFE``,
    which are ``\\uXXXX`` escapes.
    """
    head = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION}
    head["exported"] = exported.isoformat(timespec="seconds")
    yield "{\n" + "".join(f'  "{key}": {json.dumps(value)},\n' for key, value in head.items())
    # ``updated`` only once an entry was edited: a journal never edited writes what version 1
    # of the format wrote, so older selfleads import it too.
    entries = (
        entry.model_dump(mode="json", exclude=None if entry.updated else {"updated"})
        for entry in all_entries(journal)
    )
    reviews = (
        {"week": week, **reflection.model_dump(mode="json")}
        for week, reflection in all_reviews(journal)
    )
    commitments = (
        {"week": week, **commitment.model_dump(mode="json")}
        for week, items in sorted(journal.commitments.items())
        for commitment in items
    )
    goals = (goal.model_dump(mode="json") for goal in journal.goals)
    sections = (("entries", entries, False), ("reviews", reviews, False))
    for name, items, last in (
        *sections,
        ("commitments", commitments, False),
        ("goals", goals, True),
    ):
        yield f'  "{name}": ['
        empty = True
        for chunk in _json_items(items):
            yield ("\n" if empty else "") + chunk
            empty = False
        yield ("]" if empty else "\n  ]") + ("\n}\n" if last else ",\n")
