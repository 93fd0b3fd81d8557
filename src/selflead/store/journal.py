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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from selflead.errors import DamagedFileError, StorageError
from selflead.models import DayFile, Entry
from selflead.store.documents import keep_backup
from selflead.store.files import ensure_dir, fsync_dir, remove_stale_temporaries
from selflead.store.goals import GoalFiles
from selflead.store.kinds import DAY
from selflead.store.upkeep import Upkeep
from selflead.store.weeks import WeekFiles

if TYPE_CHECKING:
    from selflead.store.index import Index


@dataclass
class RangeRead:
    """Entries of a span of days, in date then creation order, and the days that were damaged."""

    entries: list[Entry] = field(default_factory=list)
    damaged: list[DamagedFileError] = field(default_factory=list)


class Store(WeekFiles, GoalFiles, Upkeep):
    """A journal: its day files here; any kind, the paths and the lock in ``JournalFolder``
    (``store/folder.py``); week files, goal files and the doctor's upkeep in the classes above."""

    @property
    def index(self) -> Index:
        """The journal's derived index (``store/index.py``), opened when first asked for."""
        if self._index is None:
            from selflead.store.index import Index

            self._index = Index(self)
        return self._index

    # ---- day files
    def read_day(self, day: date, *, known: bytes | None = None) -> list[Entry]:
        """The day's entries in the order they were added; [] for a day with none.
        ``known``: the digest the index keeps of the day's file (``Index.digests``), for a
        reader of many days: a file with those bytes is not checked byte for byte again."""
        return self.load_day_file(self.day_path(day), day, known=known)

    def load_day_file(self, path: Path, day: date, *, known: bytes | None = None) -> list[Entry]:
        """Entries of the day file at ``path``, which must hold ``day``; [] if it is missing."""
        loaded: DayFile | None = self.load(DAY, path, day.isoformat(), known=known)
        return [] if loaded is None else list(loaded.entries)

    def parse_day(self, path: Path, day: date, raw: bytes) -> list[Entry]:
        """``load_day_file`` of the bytes ``raw``, read from ``path`` (``read_bytes``)."""
        loaded: DayFile = self.parse(DAY, path, day.isoformat(), raw)[0]
        return list(loaded.entries)

    def read_day_exactly(self, day: date) -> tuple[list[Entry], bytes]:
        """``read_day``, and the file's bytes when selflead wrote them as they are (b"" when
        it did not, or the day has no file): ``to_bytes`` of the day's ``DayFile``."""
        path = self.day_path(day)
        loaded, exact = self.load_with_bytes(DAY, path, day.isoformat())
        if loaded is None:
            return [], b""
        return list(loaded.entries), exact if type(loaded) is DayFile else b""

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

    def write_day(self, day: date, entries: Iterable[Entry], *, batch: bool = False) -> None:
        """Replace the day's file with ``entries``, then the index. The caller holds
        ``locked()``. In a batch the index is left to notice the change itself. A day left
        with no entry (the last one deleted or moved) has no file: a day file is a check-in."""
        entries = list(entries)
        path = self.day_path(day)
        self._changed()
        written = b""
        if entries:
            document = self._document(DAY, date=day, entries=entries)
            written = self._write(path, document, batch=batch)
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
            self.index.note_day(day, entries, written)

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
