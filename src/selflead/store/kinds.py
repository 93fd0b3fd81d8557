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
    ``key_field`` must hold the same key as its name; ``holds`` names what that key is, for
    the error when it does not (``holds the week 2026-W47, not 2026-W48``).
    """

    name: str  # also the kind's key in MIGRATIONS and in the layout scan
    folder: str
    pattern: re.Pattern[str]
    model: type[BaseModel]
    key_field: str
    holds: str = ""
    by_year: bool = False
    # A file that fails validation: a more precise error than the validator's, or None.
    explain_invalid: Callable[[Path, str, dict[str, Any]], DamagedFileError | None] | None = None
    # A file whose key_field holds another key than its name: a more precise error, or None.
    explain_mismatch: Callable[[Path, str, Any], DamagedFileError] | None = None

    def path(self, home: Path, key: str) -> Path:
        if self.by_year:  # one join: an export makes a path per day file
            return home.joinpath(self.folder, key[:4], f"{key}.json")
        return home.joinpath(self.folder, f"{key}.json")

    def key_of(self, name: str) -> str | None:
        """The key a file name gives, or None when the name is not of this kind."""
        match = self.pattern.fullmatch(name)
        return match[1] if match else None

    def year_range(self, first: str | None, last: str | None) -> tuple[int | None, int | None]:
        return (int(first[:4]) if first else None), (int(last[:4]) if last else None)

    def mismatch(self, path: Path, key: str, loaded: Any) -> DamagedFileError:
        """The error for the file at ``path``, named for ``key``, whose model holds another."""
        if self.explain_mismatch is not None:
            return self.explain_mismatch(path, key, loaded)
        what = f"{self.holds} " if self.holds else ""
        return DamagedFileError(path, f"holds {what}{getattr(loaded, self.key_field)}, not {key}")


def _named(key: str) -> re.Pattern[str]:
    """The file names ``<key>.json`` of a kind, ``key`` a regular expression for its key."""
    return re.compile(rf"({key})\.json", re.ASCII)


def _day_invalid(path: Path, key: str, data: dict[str, Any]) -> DamagedFileError | None:
    return misplaced_entries(path, date.fromisoformat(key), data)


def _day_mismatch(path: Path, key: str, loaded: Any) -> DamagedFileError:
    return MisplacedEntriesError(
        path, date.fromisoformat(key), loaded.date, [e.date for e in loaded.entries]
    )


_WEEK: Final = r"\d{4}-W\d{2}"

DAY: Final = FileKind(
    name="day",
    folder="entries",
    pattern=_named(r"\d{4}-\d{2}-\d{2}"),
    model=DayFile,
    key_field="date",
    by_year=True,
    explain_invalid=_day_invalid,
    explain_mismatch=_day_mismatch,
)
WEEK: Final = FileKind(
    name="week", folder="reviews", pattern=_named(_WEEK), model=WeekFile, key_field="week",
    holds="the week",
)  # fmt: skip
TRASH: Final = FileKind(
    name="trash", folder="trash", pattern=_named(r"[A-Za-z0-9_.:-]{1,64}"), model=TrashFile,
    key_field="id", holds="the deleted entry",
)  # fmt: skip
COMMITMENTS: Final = FileKind(
    name="commitments", folder="commitments", pattern=_named(_WEEK), model=CommitmentsFile,
    key_field="week", holds="the week",
)  # fmt: skip
GOAL: Final = FileKind(
    name="goal", folder="goals", pattern=_named(r"[0-9a-f]{12}"), model=GoalFile, key_field="id"
)

KINDS: Final[tuple[FileKind, ...]] = (DAY, WEEK, TRASH, COMMITMENTS, GOAL)
KIND_NAMED: Final[dict[str, FileKind]] = {kind.name: kind for kind in KINDS}
