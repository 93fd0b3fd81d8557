"""Reading a JSON backup: its header and each of its lists checked, every problem collected
with where it is (entry number and field), never with what the user wrote there.

``transfer/backup.py`` puts these together for a backup read whole (``parse``), and
``transfer/restore.py`` for one read a piece at a time. The format's name and version, which
the writer stamps on every backup, are here, with the check that reads them back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from selflead.dates import RANGE_WORDS, week_in_range
from selflead.errors import InputError
from selflead.models import Commitment, Entry, Goal, Timestamp, WeeklyReflection
from selflead.problems import describe, where
from selflead.progress import Tick

BACKUP_FORMAT: Final = "selflead"
# Version 2 added "commitments" and "goals"; a version 1 file (without them) still imports.
BACKUP_VERSION: Final = 2

TOP_LEVEL: Final = frozenset(
    {"format", "version", "exported", "entries", "reviews", "commitments", "goals"}
)
MAX_LISTED: Final = 3  # problems named in the one-line error; the rest are counted
_WEEK_RE = re.compile(r"\d{4}-W\d{2}")
_TICK_EVERY: Final = 500
M = TypeVar("M", bound=BaseModel)


def problem_text(exc: ValidationError) -> str:
    """A validation problem as "field: what is wrong", without the input."""
    return describe(exc, count_more=False, whole="").removeprefix(": ")


def refuse(source: str, problems: list[str]) -> InputError:
    """The one error for a backup with ``problems``: the first few named, the rest counted."""
    shown = "; ".join(problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    if more > 0:
        shown += f" (and {more} more {'problem' if more == 1 else 'problems'})"
    return InputError(
        f"{source}: {shown}", "fix the file and import it again; nothing was imported"
    )


def check_header(data: Any, source: str) -> None:
    """Refuse a document that is not a selflead backup this selflead reads."""
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
        raise refuse(source, [f"unknown top-level field {where([unknown[0]])}"])
    if "entries" not in data:
        raise refuse(source, ['"entries" is missing'])
    for key in ("commitments", "goals"):
        if version < 2 and key in data:
            raise refuse(source, [f'"{key}" came with backup format version 2, not 1'])
    for key in ("entries", "reviews", "commitments", "goals"):
        if not isinstance(data.get(key, []), list):
            raise refuse(source, [f'"{key}" must be a list'])
    if "exported" in data:
        from pydantic import TypeAdapter

        try:
            TypeAdapter(Timestamp).validate_python(data["exported"])
        except ValidationError:
            raise refuse(
                source, ['"exported" must be an ISO 8601 timestamp with a UTC offset']
            ) from None


def check_entries(items: list[Any], problems: list[str], tick: Tick) -> list[Entry]:
    """The valid entries of ``items``; a problem with each other one goes to ``problems``."""
    entries: list[Entry] = []
    # An id may appear twice: a journal can hold one twice (doctor reports it), and the backup
    # of that journal must import back, both entries with it (see ``plan``).
    for number, item in enumerate(items, start=1):
        if number % _TICK_EVERY == 0:
            tick(number, len(items))
        entry = validated(Entry, item, f"entry {number}", problems)
        if entry is not None:
            entries.append(entry)
    tick(len(items), len(items))
    return entries


def _weekly(
    items: list[Any], what: str, problems: list[str]
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """The items of a list whose items each name their ISO week (reviews, commitments): each
    sound one's number (from 1), week and other fields; a problem with its week goes to
    ``problems``."""
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"{what} {number}: must be an object")
            continue
        week = item.get("week")
        if not isinstance(week, str) or not _WEEK_RE.fullmatch(week):
            problems.append(f"{what} {number}, week: must be an ISO week written YYYY-Www")
            continue
        try:
            monday = date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        except ValueError:
            problems.append(f"{what} {number}, week: {week} does not exist")
            continue
        if not week_in_range(monday):
            problems.append(f"{what} {number}, week: {week} is not a week {RANGE_WORDS}")
            continue
        yield number, week, {k: v for k, v in item.items() if k != "week"}


def validated(model: type[M], fields: Any, where: str, problems: list[str]) -> M | None:
    """``fields`` validated as ``model``, or None with the problem (at ``where``) said."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        problems.append(f"{where}, {problem_text(exc)}")
        return None


def _first(seen: dict[str, int], key: str, number: int) -> int | None:
    """The number of the item that had ``key`` before item ``number``, else None (noted)."""
    if key in seen:
        return seen[key]
    seen[key] = number
    return None


def check_reviews(items: list[Any], problems: list[str]) -> list[tuple[str, WeeklyReflection]]:
    """The valid (week, reflection) pairs, no week twice; problems go to ``problems``."""
    reviews: list[tuple[str, WeeklyReflection]] = []
    seen: dict[str, int] = {}
    for number, week, fields in _weekly(items, "review", problems):
        reflection = validated(WeeklyReflection, fields, f"review {number} ({week})", problems)
        if reflection is None:
            continue
        before = _first(seen, week, number)
        if before is not None:
            problems.append(f"review {number} is for the same week as review {before}")
            continue
        reviews.append((week, reflection))
    return reviews


def check_goals(items: list[Any], problems: list[str]) -> list[Goal]:
    """The valid goals, no id twice; problems go to ``problems``."""
    found: list[Goal] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        goal = validated(Goal, item, f"goal {number}", problems)
        if goal is None:
            continue
        before = _first(seen, goal.id, number)
        if before is not None:
            problems.append(f"goal {number} has the same id as goal {before}")
            continue
        found.append(goal)
    return found


def check_commitments(items: list[Any], problems: list[str]) -> list[tuple[str, Commitment]]:
    """The valid (week, commitment) pairs, no id twice; problems go to ``problems``."""
    found: list[tuple[str, Commitment]] = []
    seen: dict[str, int] = {}
    for number, week, fields in _weekly(items, "commitment", problems):
        where = f"commitment {number} ({week})"
        commitment = validated(Commitment, fields, where, problems)
        if commitment is None:
            continue
        before = _first(seen, commitment.id, number)
        if before is not None:
            problems.append(f"commitment {number} has the same id as commitment {before}")
            continue
        found.append((week, commitment))
    return found
