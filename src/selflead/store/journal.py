"""The journal on disk: the only code in selflead that reads or writes journal files.

Layout (inside the journal folder, mode 0700; every file 0600)::

    journal.lock                  the lock every read-modify-write holds (filelock)
    entries/2026/2026-11-27.json  one file per calendar day: {"schema_version", "date", "entries"}
    reviews/2026-W48.json         one file per ISO week with a weekly reflection
    commitments/2026-W49.json     one file per ISO week with its if-then commitments
    goals/3fa9c1d2e4b5.json       one file per goal, with its history of progress

Guarantees:
- Adding an entry reads and rewrites only that day's file, so its cost does not grow with
  the journal.
- Every write is atomic: a temporary file in the same folder, written, flushed and fsynced,
  ``os.replace``d over the target, then the folder fsynced. A temporary file left by a killed
  writer is removed by the next write into that folder (under the lock); it is never read.
- A file that does not parse or validate raises ``DamagedFileError``; it is never rewritten
  and never treated as empty.
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from selflead.errors import (
    DamagedFileError,
    InputError,
    JournalBusyError,
    LinkInJournalError,
    StorageError,
)
from selflead.models import (
    Commitment,
    CommitmentsFile,
    DayFile,
    Entry,
    Goal,
    GoalFile,
    WeekFile,
    WeeklyReflection,
)
from selflead.store import documents
from selflead.store.documents import (
    decode_json,
    describe_validation,
    keep_backup,
    migrate,
    to_bytes,
)
from selflead.store.files import (
    DIR_MODE,
    FILE_MODE,
    atomic_write,
    ensure_dir,
    fsync_dir,
    is_temporary,
    read_file,
    remove_stale_temporaries,
)
from selflead.store.kinds import COMMITMENTS, DAY, GOAL, WEEK, YEAR_RE, FileKind
from selflead.store.layout import LINK, LOCK_NAME, MARKER_NAME, MARKER_TEXT, JournalItem, scan

if TYPE_CHECKING:
    from selflead.store.index import Index

M = TypeVar("M", bound=BaseModel)

DEFAULT_LOCK_TIMEOUT: Final = 5.0


# --------------------------------------------------------------------------- the store


@dataclass
class RangeRead:
    """Entries of a span of days, in date then creation order, and the days that were damaged."""

    entries: list[Entry] = field(default_factory=list)
    damaged: list[DamagedFileError] = field(default_factory=list)


def _lock_timeout_from_env() -> float:
    """``SELFLEAD_LOCK_TIMEOUT`` in seconds (a finite number, 0 or more), or the default."""
    text = os.environ.get("SELFLEAD_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise InputError(
            f"SELFLEAD_LOCK_TIMEOUT={text!r} is not a number of seconds",
            f"use a number such as {DEFAULT_LOCK_TIMEOUT:g}, or unset it",
        )
    return value


class Store:
    """A journal folder. Reads need no lock (writes are atomic); every write holds the lock."""

    def __init__(
        self,
        home: Path,
        *,
        lock_timeout: float | None = None,
        schema: documents.Schema | None = None,
    ) -> None:
        self.home = home
        self.schema = schema or documents.CURRENT
        if lock_timeout is None:
            lock_timeout = _lock_timeout_from_env()
        self.lock_timeout = lock_timeout
        self._lock: Any = None
        # Called once when a write has to wait for another selflead's lock (a prompt says so).
        self.on_wait: Callable[[], None] | None = None
        self._migrated: dict[Path, tuple[int, bytes]] = {}
        self._index: Index | None = None

    @property
    def index(self) -> Index:
        """The journal's derived index (``store/index.py``), opened when first asked for."""
        if self._index is None:
            from selflead.store.index import Index

            self._index = Index(self)
        return self._index

    # ---- paths
    @property
    def lock_path(self) -> Path:
        return self.home / LOCK_NAME

    def path(self, kind: FileKind, key: str) -> Path:
        return kind.path(self.home, key)

    def day_path(self, day: date) -> Path:
        return self.path(DAY, day.isoformat())

    def week_path(self, week: str) -> Path:
        return self.path(WEEK, week)

    # ---- locking
    @contextlib.contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the journal lock (re-entrant within this Store): the journal folder itself, which
        no clean-up tool can delete from under the holder, then ``journal.lock`` (see
        ``store/lock.py``). ``timeout`` overrides the store's for this once."""
        from selflead.store.lock import JournalLock, LockTimeout

        ensure_dir(self.home)
        if self._lock is None:
            self._lock = JournalLock(self.home, self.lock_path, self.lock_timeout, FILE_MODE)
        try:
            if self.on_wait is not None and not self._lock.is_locked:
                try:
                    self._lock.acquire(timeout=0)
                except LockTimeout:
                    self.on_wait()  # say that it waits, then wait as long as ever
                    self._lock.acquire(timeout=timeout)
            else:
                self._lock.acquire(timeout=timeout)
        except LockTimeout:
            raise JournalBusyError(
                f"the journal is busy: another selflead is writing to {self.home} "
                f"(waited {self.lock_timeout:g} s)",
                "try again in a moment; nothing was written",
            ) from None
        except OSError as exc:
            raise StorageError(
                f"cannot lock the journal {self.lock_path}: {exc.strerror}",
                "check the journal folder's permissions",
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    # ---- reading
    def load(self, kind: FileKind, path: Path, key: str) -> Any | None:
        """The validated model in the ``kind`` file at ``path``, which must hold ``key``;
        None when the file is missing. Anything else wrong raises ``DamagedFileError``."""
        self.refuse_links(path)
        raw = read_file(path)
        if raw is None:
            return None
        data, version = migrate(path, kind.name, decode_json(path, raw), self.schema)
        try:
            loaded = self._model(kind).model_validate(data)
        except ValidationError as exc:
            better = kind.explain_invalid(path, key, data) if kind.explain_invalid else None
            raise better or DamagedFileError(path, describe_validation(exc)) from None
        if str(getattr(loaded, kind.key_field)) != key:
            if kind.mismatch is not None:
                raise kind.mismatch(path, key, loaded)
            raise DamagedFileError(path, f"holds {getattr(loaded, kind.key_field)}, not {key}")
        if version != self.schema.version:
            self._migrated[path] = (version, raw)
        return loaded

    def _model(self, kind: FileKind) -> type[BaseModel]:
        return self.schema.models.get(kind.name, kind.model)

    def _document(self, kind: FileKind, **fields: Any) -> BaseModel:
        """A ``kind`` document at the schema version this selflead writes."""
        return self._model(kind)(schema_version=self.schema.version, **fields)

    def read(self, kind: FileKind, key: str) -> Any | None:
        return self.load(kind, self.path(kind, key), key)

    def read_day(self, day: date) -> list[Entry]:
        """The day's entries in the order they were added; [] for a day with none."""
        return self.load_day_file(self.day_path(day), day)

    def load_day_file(self, path: Path, day: date) -> list[Entry]:
        """Entries of the day file at ``path``, which must hold ``day``; [] if it is missing."""
        loaded: DayFile | None = self.load(DAY, path, day.isoformat())
        return [] if loaded is None else list(loaded.entries)

    @staticmethod
    def _names(folder: Path) -> list[str]:
        """The names in a folder; [] when it is missing (or not a folder)."""
        try:
            return os.listdir(folder)  # noqa: PTH208 (names, not one Path object per day file)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise StorageError(
                f"cannot list the journal folder {folder}: {exc.strerror}",
                "check its permissions; 'selflead doctor --fix' restores the journal's modes",
            ) from None

    def has_day(self, day: date) -> bool:
        """Whether ``day`` has a check-in file (one stat; for ``core.streaks.days_in_a_row``)."""
        return self.day_path(day).is_file()

    def days_in_a_row(self, until: date) -> int:
        """Consecutive days with a check-in file, ending at ``until``, from the index; when
        the index cannot be used (a full disk), one stat per day of the run instead."""
        import sqlite3

        try:
            return self.index.days_in_a_row(until)
        except (StorageError, sqlite3.Error):
            count = 0
            while self.day_path(until - timedelta(days=count)).is_file():
                count += 1
            return count

    def streaks(self, until: date) -> tuple[int, int]:
        """(current, longest) runs of days with a check-in file up to ``until``, from the
        index. The current one ends at ``until``, or the day before when ``until`` has none
        yet (its check-in may still come)."""
        current = self.index.days_in_a_row(until) or self.index.days_in_a_row(
            until - timedelta(days=1)
        )
        return current, self.index.longest_run(until)

    def keys(self, kind: FileKind, first: str | None = None, last: str | None = None) -> list[str]:
        """The keys of the ``kind`` files there are, sorted, within [first, last].

        A file counts only where the layout puts it (a day in the folder of its year, and for
        a day a real calendar date); anything else is left for ``selflead doctor`` to report.
        Names only, no Path per file: a ten-year journal has 3,650 of them.
        """
        top = self.home / kind.folder
        if kind.by_year:
            low, high = kind.year_range(first, last)
            folders = [
                (name, top / name)
                for name in self._names(top)
                if YEAR_RE.fullmatch(name)
                and (low is None or int(name) >= low)
                and (high is None or int(name) <= high)
            ]
        else:
            folders = [("", top)]
        found = []
        for year, folder in folders:
            for name in self._names(folder):
                key = kind.key_of(name)
                if key is None or (year and key[:4] != year):
                    continue
                if (first and key < first) or (last and key > last):
                    continue
                found.append(key)
        return sorted(found)

    def days(self, start: date | None = None, end: date | None = None) -> list[date]:
        """Days that have a file, sorted, within [start, end]. Lists only the years in range."""
        found = []
        first = start.isoformat() if start else None
        last = end.isoformat() if end else None
        for key in self.keys(DAY, first, last):
            try:
                found.append(date.fromisoformat(key))
            except ValueError:  # a name like 2026-02-30.json: doctor reports it
                continue
        return found

    def read_range(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> RangeRead:
        """Entries from ``start`` to ``end`` inclusive; damaged days are collected, not hidden.

        ``progress(done, total)`` is called after each day file (for a progress bar).
        """
        result = RangeRead()
        days = self.days(start, end)
        for done, day in enumerate(days, start=1):
            try:
                result.entries.extend(self.read_day(day))
            except DamagedFileError as exc:
                result.damaged.append(exc)
            if progress is not None:
                progress(done, len(days))
        return result

    def read_weeks(
        self, weeks: Iterable[str]
    ) -> tuple[dict[str, WeeklyReflection], list[DamagedFileError]]:
        """The reflections of ``weeks`` that exist, and the week files that are damaged."""
        found: dict[str, WeeklyReflection] = {}
        damaged: list[DamagedFileError] = []
        for week in weeks:
            try:
                reflection = self.read_week(week)
            except DamagedFileError as exc:
                damaged.append(exc)
                continue
            if reflection is not None:
                found[week] = reflection
        return found, damaged

    # ---- writing
    def refuse_links(self, path: Path) -> None:
        """``LinkInJournalError`` when ``path``, or a folder on the way to it inside the
        journal, is a symbolic link (the journal folder itself may be one)."""
        try:
            inside = path.relative_to(self.home).parts
        except ValueError:
            return
        current = self.home
        for part in inside:
            current = current / part
            try:
                if stat.S_ISLNK(current.lstat().st_mode):
                    raise LinkInJournalError(current)
            except (FileNotFoundError, NotADirectoryError):
                return

    @property
    def marker_path(self) -> Path:
        return self.home / MARKER_NAME

    def is_marked(self) -> bool:
        """Whether the folder says it is a selflead journal (``selflead.toml``, a real file)."""
        try:
            return stat.S_ISREG(self.marker_path.lstat().st_mode)
        except OSError:
            return False

    def mark(self) -> None:
        """Write ``selflead.toml`` if it is missing: on a journal's first write, and on the next
        write of a journal made before the marker. Call under ``locked()``."""
        if not self.is_marked():
            self.refuse_links(self.marker_path)
            atomic_write(self.marker_path, MARKER_TEXT.encode())

    def _changed(self) -> None:
        """A file of the journal changed: the index checks the folders again when next asked."""
        if self._index is not None:
            self._index.stale()

    def _write(self, path: Path, model: BaseModel, *, batch: bool = False) -> None:
        self.refuse_links(path)
        self._changed()
        migrated = self._migrated.pop(path, None)
        if migrated is not None:
            keep_backup(path, *migrated)
        self.mark()
        atomic_write(path, to_bytes(model), batch=batch)

    def write_day(self, day: date, entries: Iterable[Entry], *, batch: bool = False) -> None:
        """Replace the day's file with ``entries``, then the index. The caller holds
        ``locked()``. In a batch the index is left to notice the change itself. A day left
        with no entry (the last one deleted or moved) has no file: a day file is a check-in."""
        entries = list(entries)
        path = self.day_path(day)
        self._changed()
        if entries:
            self._write(path, self._document(DAY, date=day, entries=entries), batch=batch)
        else:
            migrated = self._migrated.pop(path, None)
            if migrated is not None:  # the old version's bytes stay, as for a rewrite
                keep_backup(path, *migrated)
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise StorageError(f"could not remove {path}: {exc.strerror}") from None
            with contextlib.suppress(OSError):
                fsync_dir(path.parent)
        if not batch:
            self.index.note_day(day, entries)

    def add_entry(self, entry: Entry) -> Path:
        """Append one entry to its day, under the lock. Only that day's file is read or written."""
        with self.locked():
            current = self.read_day(entry.date)
            self.write_day(entry.date, [*current, entry])
        return self.day_path(entry.date)

    def write_days(
        self,
        days: dict[date, list[Entry]],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Replace several days' files (an import), each written once. The caller holds
        ``locked()`` for the whole run, so a big import takes the lock once, not per day.

        Each file is still written atomically (temporary file, fsync, rename); each folder is
        tidied once before and flushed once after. If the run is cut short, every day file
        is either its old or its new version.
        """
        folders = sorted({self.day_path(day).parent for day in days})
        self.mark()
        for folder in folders:
            self.refuse_links(folder)
            ensure_dir(folder)
            remove_stale_temporaries(folder)
        for done, (day, entries) in enumerate(sorted(days.items()), start=1):
            self.write_day(day, entries, batch=True)
            if progress is not None:
                progress(done, len(days))
        for folder in folders:
            with contextlib.suppress(OSError):
                fsync_dir(folder)

    # ---- weekly reflections
    def read_week(self, week: str) -> WeeklyReflection | None:
        return self.load_week_file(self.week_path(week), week)

    def load_week_file(self, path: Path, week: str) -> WeeklyReflection | None:
        """The reflection in the week file at ``path``, which must hold ``week``."""
        loaded: WeekFile | None = self.load(WEEK, path, week)
        return None if loaded is None else loaded.reflection

    def write_week(self, week: str, reflection: WeeklyReflection) -> Path:
        """Save a week's reflection, under the lock."""
        path = self.week_path(week)
        with self.locked():
            # Reading first refuses to overwrite a damaged file.
            self.read_week(week)
            self._write(path, self._document(WEEK, week=week, reflection=reflection))
        return path

    def write_weeks(
        self,
        reviews: dict[str, WeeklyReflection],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Write several weeks' reflections (an import), each once, in one pass. The caller
        holds ``locked()`` and has read each week (a damaged one is never overwritten).

        As ``write_days``: each file atomic (temporary, fsync, rename), the folder tidied once
        before and flushed once after, not once per file."""
        if not reviews:
            return
        folder = self.week_path(next(iter(reviews))).parent
        self.mark()
        self.refuse_links(folder)
        ensure_dir(folder)
        remove_stale_temporaries(folder)
        for done, (week, reflection) in enumerate(sorted(reviews.items()), start=1):
            document = self._document(WEEK, week=week, reflection=reflection)
            self._write(self.week_path(week), document, batch=True)
            if progress is not None:
                progress(done, len(reviews))
        with contextlib.suppress(OSError):
            fsync_dir(folder)

    def update_week(
        self, week: str, change: Callable[[WeeklyReflection | None], WeeklyReflection]
    ) -> Path:
        """Read the week's reflection under the lock, hand it to ``change`` and save what it
        returns: nothing saved meanwhile is overwritten unseen."""
        path = self.week_path(week)
        with self.locked():
            reflection = change(self.read_week(week))
            self._write(path, self._document(WEEK, week=week, reflection=reflection))
        return path

    def weeks(self) -> list[str]:
        return self.keys(WEEK)

    # ---- commitments (one file per ISO week)
    def read_commitments(self, week: str) -> list[Commitment]:
        """The week's commitments, dropped ones included; [] for a week with none."""
        loaded: CommitmentsFile | None = self.read(COMMITMENTS, week)
        return [] if loaded is None else list(loaded.commitments)

    def commitment_weeks(self) -> list[str]:
        return self.keys(COMMITMENTS)

    def write_commitments(self, week: str, commitments: Iterable[Commitment]) -> Path:
        """Replace the week's commitments. The caller holds ``locked()`` and read them in it."""
        path = self.path(COMMITMENTS, week)
        self._write(path, self._document(COMMITMENTS, week=week, commitments=list(commitments)))
        return path

    # ---- goals (one file each)
    def goal_ids(self) -> list[str]:
        return self.keys(GOAL)

    def read_goal(self, goal_id: str) -> Goal | None:
        loaded: GoalFile | None = self.read(GOAL, goal_id)
        return None if loaded is None else loaded.goal

    def write_goal(self, goal: Goal) -> Path:
        """Replace the goal's file. The caller holds ``locked()`` (and read it in it)."""
        path = self.path(GOAL, goal.id)
        self._write(path, self._document(GOAL, id=goal.id, goal=goal))
        return path

    # ---- looking after the journal (``selflead doctor``)
    def exposed_mode(self) -> int | None:
        """The journal folder's mode when other users may read it (group or other bits set)."""
        from selflead.store.home import exposed_mode

        return exposed_mode(self.home)

    def scan(self) -> list[JournalItem]:
        """Everything under the journal folder, classified; symbolic links are not followed."""
        return scan(self.home)

    def tighten(self, item: JournalItem) -> None:
        """Give a journal folder mode 0700 and a journal file 0600. Never follows a link inside
        the journal (the journal folder itself may be one)."""
        inside = item.path != self.home
        if item.kind == LINK or (inside and stat.S_ISLNK(os.lstat(item.path).st_mode)):
            raise StorageError(f"{item.path} is a symbolic link; its mode was left alone")
        try:
            os.chmod(item.path, DIR_MODE if item.is_dir else FILE_MODE)
        except OSError as exc:
            raise StorageError(f"cannot change the mode of {item.path}: {exc.strerror}") from None

    def remove_temporary(self, path: Path) -> None:
        """Remove a temporary file a killed writer left. Call under ``locked()``."""
        if not is_temporary(path.name):
            raise StorageError(f"{path} is not a temporary file of selflead; it was kept")
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StorageError(f"cannot remove {path}: {exc.strerror}") from None

    def set_aside(self, path: Path, now: datetime) -> Path:
        """Rename a damaged file to ``<name>.damaged-<now>``, bytes kept. Under the lock.

        The day (or week) can then be written again; the set-aside file is never read.
        """
        self._changed()
        stamp = f"{now:%Y%m%d-%H%M%S}"
        target = path.with_name(f"{path.name}.damaged-{stamp}")
        number = 1
        while os.path.lexists(target):
            number += 1
            target = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
        try:
            path.rename(target)
        except OSError as exc:
            raise StorageError(f"cannot move {path} aside: {exc.strerror}") from None
        with contextlib.suppress(OSError):
            fsync_dir(path.parent)
        return target
