"""The registry of journal file kinds: where each kind lives, how its files are named, and
which model holds it. ``Store``, the layout scan (and so doctor) and the migrations all read
it; a new kind of journal file is one entry here plus its model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from selflead.errors import DamagedFileError
from selflead.models import CommitmentsFile, DayFile, GoalFile, TrashFile, WeekFile
from selflead.store.documents import MisplacedEntriesError, misplaced_entries

YEAR_RE: Final = re.compile(r"\d{4}", re.ASCII)


@dataclass(frozen=True)
class FileKind:
    """One kind of journal file.

    ``pattern`` matches a file name and captures its key (``2026-11-27``, ``2026-W48``); with
    ``by_year`` the files sit in a folder per year of the key (``entries/2026/``). The file's
    ``key_field`` must hold the same key as its name.
    """

    name: str  # also the kind's key in MIGRATIONS and in the layout scan
    folder: str
    pattern: re.Pattern[str]
    model: type[BaseModel]
    key_field: str
    by_year: bool = False
    # A file that fails validation: a more precise error than the validator's, or None.
    explain_invalid: Callable[[Path, str, dict[str, Any]], DamagedFileError | None] | None = None
    # A file whose key_field holds another key than its name.
    mismatch: Callable[[Path, str, Any], DamagedFileError] | None = None

    def path(self, home: Path, key: str) -> Path:
        folder = home / self.folder
        if self.by_year:
            folder = folder / key[:4]
        return folder / f"{key}.json"

    def key_of(self, name: str) -> str | None:
        """The key a file name gives, or None when the name is not of this kind."""
        match = self.pattern.fullmatch(name)
        return match[1] if match else None

    def year_range(self, first: str | None, last: str | None) -> tuple[int | None, int | None]:
        return (int(first[:4]) if first else None), (int(last[:4]) if last else None)


def _day_invalid(path: Path, key: str, data: dict[str, Any]) -> DamagedFileError | None:
    return misplaced_entries(path, date.fromisoformat(key), data)


def _day_mismatch(path: Path, key: str, loaded: Any) -> DamagedFileError:
    return MisplacedEntriesError(
        path, date.fromisoformat(key), loaded.date, [e.date for e in loaded.entries]
    )


def _holds(what: str, key_field: str) -> Callable[[Path, str, Any], DamagedFileError]:
    """The error for a file whose ``key_field`` names another key than its file name:
    ``holds the week 2026-W47, not 2026-W48``."""

    def mismatch(path: Path, key: str, loaded: Any) -> DamagedFileError:
        return DamagedFileError(path, f"holds {what} {getattr(loaded, key_field)}, not {key}")

    return mismatch


_WEEK_NAME: Final = re.compile(r"(\d{4}-W\d{2})\.json", re.ASCII)

DAY: Final = FileKind(
    name="day",
    folder="entries",
    pattern=re.compile(r"(\d{4}-\d{2}-\d{2})\.json", re.ASCII),
    model=DayFile,
    key_field="date",
    by_year=True,
    explain_invalid=_day_invalid,
    mismatch=_day_mismatch,
)
WEEK: Final = FileKind(
    name="week",
    folder="reviews",
    pattern=_WEEK_NAME,
    model=WeekFile,
    key_field="week",
    mismatch=_holds("the week", "week"),
)
TRASH: Final = FileKind(
    name="trash",
    folder="trash",
    pattern=re.compile(r"([A-Za-z0-9_.:-]{1,64})\.json", re.ASCII),
    model=TrashFile,
    key_field="id",
    mismatch=_holds("the deleted entry", "id"),
)
COMMITMENTS: Final = FileKind(
    name="commitments",
    folder="commitments",
    pattern=_WEEK_NAME,
    model=CommitmentsFile,
    key_field="week",
    mismatch=_holds("the week", "week"),
)
GOAL: Final = FileKind(
    name="goal",
    folder="goals",
    pattern=re.compile(r"([0-9a-f]{12})\.json", re.ASCII),
    model=GoalFile,
    key_field="id",
)

KINDS: Final[tuple[FileKind, ...]] = (DAY, WEEK, TRASH, COMMITMENTS, GOAL)
KIND_NAMED: Final[dict[str, FileKind]] = {kind.name: kind for kind in KINDS}
