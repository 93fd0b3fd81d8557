"""The JSON backup, both ways: written by ``selflead export --format json`` and read back by
``selflead import`` (the format is documented in the README's "Backup format").

Writing streams the document a piece at a time (``chunks``). Reading is two steps, so that a
bad file changes nothing:

1. ``parse`` reads and validates the whole document: the format and its version, every entry
   (pydantic, once each), every weekly reflection, no id or week twice. A problem is reported
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
from selflead.dates import parse_week
from selflead.errors import DamagedFileError, InputError, NewerSchemaError
from selflead.models import Entry, Timestamp, WeeklyReflection
from selflead.problems import describe, where
from selflead.progress import ProgressFactory, Tick, no_progress
from selflead.store.documents import decode_json
from selflead.store.journal import RangeRead, Store
from selflead.transfer.journal import Journal

NAME: Final = "json"
BACKUP_FORMAT: Final = "selflead"
BACKUP_VERSION: Final = 1

TOP_LEVEL: Final = frozenset({"format", "version", "exported", "entries", "reviews"})
MAX_LISTED: Final = 3  # problems named in the one-line error; the rest are counted
_WEEK_RE = re.compile(r"\d{4}-W\d{2}")
_TICK_EVERY: Final = 500


@dataclass(frozen=True)
class Backup:
    """A validated backup document."""

    entries: list[Entry]
    reviews: list[tuple[str, WeeklyReflection]]


@dataclass(frozen=True)
class Conflict:
    """An id (or week) in both the backup and the journal, with different content."""

    kind: Literal["entry", "review"]
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
    kept: list[Conflict] = field(default_factory=list)


@dataclass
class Plan:
    """What an import will change: new entries by day, new reflections by week."""

    days: dict[date, list[Entry]] = field(default_factory=dict)
    reviews: dict[str, WeeklyReflection] = field(default_factory=dict)
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
    for key in ("entries", "reviews"):
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
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        if number % _TICK_EVERY == 0:
            tick(number, len(items))
        try:
            entry = Entry.model_validate(item)
        except ValidationError as exc:
            problems.append(f"entry {number}, {_problem(exc)}")
            continue
        if entry.id in seen:
            problems.append(f"entry {number} has the same id as entry {seen[entry.id]}")
            continue
        seen[entry.id] = number
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
            parse_week(week)
        except InputError:
            problems.append(f"review {number}, week: {week} does not exist")
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
    if problems:
        raise _refuse(source, problems)
    return Backup(entries=entries, reviews=reviews)


# --------------------------------------------------------------------------- merging


def plan(
    backup: Backup,
    existing: Iterable[Entry],
    existing_reviews: Mapping[str, WeeklyReflection],
    *,
    source: str = "",
) -> Plan:
    """Pure: which entries and reflections to add, which are already there, which differ."""
    result = ImportResult(source=source)
    out = Plan(result=result)
    by_id = {entry.id: entry for entry in existing}
    for number, entry in enumerate(backup.entries, start=1):
        current = by_id.get(entry.id)
        if current is None:
            out.days.setdefault(entry.date, []).append(entry)
            result.added_entries += 1
        elif current == entry:
            result.skipped_entries += 1
        else:
            result.kept.append(Conflict("entry", number, entry.id, current.date))
    for number, (week, reflection) in enumerate(backup.reviews, start=1):
        present = existing_reviews.get(week)
        if present is None:
            out.reviews[week] = reflection
            result.added_reviews += 1
        elif present == reflection:
            result.skipped_reviews += 1
        else:
            result.kept.append(Conflict("review", number, week))
    result.added_days = len(out.days)
    return out


def _readable(read: RangeRead) -> None:
    """Refuse to merge into a journal with an unreadable day: its ids cannot be checked."""
    if not read.damaged:
        return
    first = read.damaged[0]
    if isinstance(first, NewerSchemaError):
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
        _readable(RangeRead(entries=[], damaged=read.damaged + damaged))
        todo = plan(backup, read.entries, reviews, source=source)
        todo.result.dry_run = dry_run
        if dry_run:
            return todo.result
        current: dict[date, list[Entry]] = {}
        for entry in read.entries:
            if entry.date in todo.days:
                current.setdefault(entry.date, []).append(entry)
        merged = {day: current.get(day, []) + new for day, new in todo.days.items()}
        with progress("Writing") as tick:
            store.write_days(merged, progress=tick)
        for week, reflection in todo.reviews.items():
            store.write_week(week, reflection)
    return todo.result


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
    from selflead.store.files import read_outside_file
    from selflead.transfer.formats import IMPORTS, choose

    reader = choose(IMPORTS, fmt, "--from")
    source = "stdin" if file == "-" else file
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
    entries = (entry.model_dump(mode="json") for entry in journal.entries)
    reviews = (
        {"week": week, **reflection.model_dump(mode="json")}
        for week, reflection in sorted(journal.reviews.items())
    )
    for name, items, last in (("entries", entries, False), ("reviews", reviews, True)):
        yield f'  "{name}": ['
        empty = True
        for chunk in _json_items(items):
            yield ("\n" if empty else "") + chunk
            empty = False
        yield ("]" if empty else "\n  ]") + ("\n}\n" if last else ",\n")
