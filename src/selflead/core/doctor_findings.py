"""What ``selflead doctor`` reports: each finding (a file, what is wrong, how to fix it, and the
repair ``--fix`` makes, if any), each repair made, and the report of the whole journal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final, Literal

from selflead.store.layout import JournalItem

RepairKind = Literal["tighten", "remove", "set-aside", "resolve", "untrash", "rebuild", "fold"]
TIGHTEN: Final = "tighten"
REMOVE: Final = "remove"
SET_ASIDE: Final = "set-aside"
RESOLVE: Final = "resolve"  # an entry id in two places: keep the copy edited last
UNTRASH: Final = "untrash"  # a trash copy of an entry that is on its day: remove it
REBUILD: Final = "rebuild"  # the index disagrees with the files: build it again
FOLD: Final = "fold"  # a sync tool's conflict copy: folded in by id (core.conflict_copies)


@dataclass(frozen=True)
class Finding:
    """Something doctor noticed. A note (``serious=False``) does not make the journal unwell."""

    path: Path
    problem: str
    fix: str
    repair: RepairKind | None = None  # what --fix does about it; None: only by hand
    serious: bool = True
    item: JournalItem | None = None
    key: str | None = None  # the entry id a RESOLVE or UNTRASH is about
    days: tuple[date, ...] = ()  # the days that hold the copies a RESOLVE is about


@dataclass(frozen=True)
class Repair:
    """What ``--fix`` did (or could not do) about one finding."""

    finding: Finding
    done: bool
    detail: str


@dataclass
class Report:
    home: Path
    exists: bool = True
    days: int = 0
    entries: int = 0
    weeks: int = 0
    commitments: int = 0
    goals: int = 0
    # Each commitment's id, the id it was carried from and its goal's (or None), with its file.
    plans: list[tuple[str, str | None, str | None, Path]] = field(default_factory=list)
    goal_ids: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.serious]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if not f.serious]

    @property
    def repairable(self) -> list[Finding]:
        return [f for f in self.problems if f.repair is not None]

    @property
    def ok(self) -> bool:
        return not self.problems
