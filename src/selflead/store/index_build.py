"""Keeping the index file current: opening it (and rebuilding one that is damaged or of
another version), finding what changed in the day files, and recording it.

Staleness is found cheaply, like git's index: each year folder's modification time is kept,
and only a folder whose time changed is listed again, its day files compared by size and
modification time; only a day file that differs is read again. A file changed in place
within a folder whose time did not change (an editor writing into the same file, keeping
its size and time) is not seen until that folder changes: ``selflead doctor`` compares every
file and ``doctor --fix`` rebuilds. A folder time too close to the index's last write to be
trusted (file system times are coarse) is not recorded, so that folder is checked again.

Every change is made under the journal lock. A write through selflead records its day file
after the file is safely written; a crash in between leaves the folder's time changed, which
the next command notices.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from selflead.areas import AREAS
from selflead.errors import DamagedFileError, JournalBusyError, NewerSchemaError, StorageError
from selflead.models import Entry
from selflead.store.documents import file_digest
from selflead.store.files import FILE_MODE
from selflead.store.index_schema import (
    SCHEMA,
    TAGS,
    VERSION,
    rowid_of,
    stat,
    tag_list,
    text_of,
    unusable,
)
from selflead.store.kinds import DAY, YEAR_RE
from selflead.store.layout import INDEX_NAME

if TYPE_CHECKING:
    from selflead.store.journal import Store


RACY_NS: Final = 2_000_000_000  # a folder time this close to the index's write is not trusted
BUSY_WAIT: Final = 0.2  # seconds a read waits for the lock to bring the index up to date


class _Behind(Exception):
    """The index could not be brought up to date now (another selflead holds the lock)."""


class IndexFile:
    """The index file, kept current with the day files (``Index`` adds the questions)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = store.home / INDEX_NAME
        self._db: sqlite3.Connection | None = None
        self._fresh = False
        self._unread = False  # a day file could not be read during this update

    # ---- opening
    def _connect(self, *, again: bool = True) -> sqlite3.Connection:
        if not self.store.home.is_dir():  # no journal yet: nothing is created for a read
            db = sqlite3.connect(":memory:")
            db.executescript(SCHEMA)
            return db
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
            os.close(fd)
        except OSError as exc:
            raise StorageError(
                f"cannot open the index {self.path}: {exc.strerror}",
                "check the journal folder's permissions, or delete the index: it is rebuilt",
            ) from None
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != VERSION:
                tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    raise sqlite3.DatabaseError("another version of the index")
                db.executescript(SCHEMA)  # cut short, it has no version: rebuilt
        except sqlite3.OperationalError as exc:  # the disk, not the index: nothing to rebuild
            db.close()
            raise unusable(self.path, exc) from None
        except sqlite3.DatabaseError as exc:  # not a database, or damaged: build it again
            db.close()
            if not again:
                raise unusable(self.path, exc) from None
            self._remove()
            return self._connect(again=False)
        return db

    def _remove(self) -> None:
        for name in (self.path, self.path.with_name(f"{INDEX_NAME}-journal")):
            try:
                name.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StorageError(
                    f"cannot remove the damaged index {name}: {exc.strerror}",
                    "delete it by hand: it is rebuilt from the day files",
                ) from None

    @staticmethod
    @contextlib.contextmanager
    def _transaction(db: sqlite3.Connection, *, immediate: bool = True) -> Iterator[None]:
        db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield
        except BaseException:
            db.rollback()
            raise
        db.execute("COMMIT")

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._connect()
        return self._db

    def is_built(self) -> bool:
        """Whether the journal has an index file (doctor checks one only if there is one)."""
        return self.path.is_file()

    def stale(self) -> None:
        """Something in the journal changed: look at the folders again on the next question."""
        self._fresh = False

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
            self._fresh = False

    def rebuild(self) -> None:
        """Throw the index away and build it again from the files. Under the lock."""
        with self.store.locked():
            self.close()
            self._remove()
            self.refresh()

    # ---- keeping it current
    def _year_folders(self) -> dict[str, Path]:
        top = self.store.home / DAY.folder
        names = self.store._names(top)  # the store's one way to list a folder
        return {name: top / name for name in names if YEAR_RE.fullmatch(name) and int(name)}

    def _changed(self) -> tuple[dict[str, int], set[str]]:
        """Each year folder's time now, and the years whose folder is not as recorded."""
        now: dict[str, int] = {}
        for year, folder in self._year_folders().items():
            info = stat(folder)
            if info is not None:
                now[year] = info.st_mtime_ns
        recorded = dict(self.db.execute("SELECT name, mtime_ns FROM folders"))
        changed = {y for y in now if recorded.get(y) != now[y]} | (set(recorded) - set(now))
        return now, changed

    def refresh(self) -> None:
        """Bring the index up to date with the files (cheap when nothing changed)."""
        if self._fresh:
            return
        try:
            self._refresh()
        except _Behind:
            return
        except sqlite3.OperationalError as exc:
            self.close()
            raise unusable(self.path, exc) from None
        except sqlite3.DatabaseError:  # damaged past what opening it noticed
            self.close()
            with self.store.locked():
                self._remove()
                try:
                    self._refresh()
                except _Behind:
                    return
                except sqlite3.Error as exc:
                    self.close()
                    raise unusable(self.path, exc) from None
        self._fresh = True

    def _refresh(self) -> None:
        _, changed = self._changed()
        if not changed:
            return
        try:
            with self.store.locked(timeout=BUSY_WAIT):
                self._update()
        except JournalBusyError:
            # Another selflead is writing: answer from the index as it is (that writer brings
            # it up to date), and look again at the next question.
            self._fresh = False
            raise _Behind from None

    def _update(self) -> None:
        now, changed = self._changed()  # again, under the lock
        db = self.db
        recorded = {str(name) for (name,) in db.execute("SELECT name FROM folders")}
        unsure: set[str] = set()  # years to look at again: a file unread
        clock = self._clock()
        trusted: list[str] = []
        # Deferred: a scan that finds every day file as recorded (the usual case after
        # selflead's own write) writes nothing, and a transaction that wrote nothing costs no
        # sync of the disk.
        with self._transaction(db, immediate=False):
            for year in sorted(changed):
                self._unread = False
                self._scan_year(year, year in now)
                if self._unread:
                    unsure.add(year)
            for year in sorted(changed):
                if year in now and year not in unsure and clock - now[year] >= RACY_NS:
                    db.execute("INSERT OR REPLACE INTO folders VALUES (?, ?)", (year, now[year]))
                    trusted.append(year)
                elif year in recorded and (year not in now or year in unsure):
                    db.execute("DELETE FROM folders WHERE name = ?", (year,))
                # A folder time too recent to trust is not recorded: the time recorded for it
                # (if any) is not its time now, so the next command looks at it again.
        # The file system's clock may not be this one's: a folder time as recent as the
        # index's own write could still change within the same tick. Forget it.
        written = stat(self.path) if trusted else None
        if written is not None:
            racy = [y for y in trusted if written.st_mtime_ns - now[y] < RACY_NS]
            if racy:
                with self._transaction(db):
                    db.executemany("DELETE FROM folders WHERE name = ?", [(y,) for y in racy])

    def _clock(self) -> int:
        """The file system's time now, as it stamps files (under the lock): the journal lock
        file's, touched. No sync: only the folders' times are compared with it."""
        try:
            os.utime(self.store.lock_path)
        except OSError:
            return 0  # unknown: every folder time is too recent to trust, and looked at again
        info = stat(self.store.lock_path)
        return 0 if info is None else info.st_mtime_ns

    def _scan_year(self, year: str, exists: bool) -> None:
        db = self.db
        recorded = {
            day: (size, mtime, inode)
            for day, size, mtime, inode in db.execute(
                "SELECT day, size, mtime_ns, inode FROM days WHERE year = ?", (year,)
            )
        }
        present: dict[str, os.stat_result] = {}
        if exists:
            first, last = date(int(year), 1, 1), date(int(year), 12, 31)
            for day in self.store.days(first, last):  # real dates only, as every read
                key = day.isoformat()
                info = stat(self.store.path(DAY, key))
                if info is not None:
                    present[key] = info
        for key in recorded.keys() - present.keys():
            self._forget(key)
        for key, info in sorted(present.items()):
            if recorded.get(key) != (info.st_size, info.st_mtime_ns, info.st_ino):
                self._read_day(key, info)

    def _forget(self, key: str) -> None:
        db = self.db
        db.execute(
            "DELETE FROM texts WHERE rowid IN (SELECT rowid FROM entries WHERE day = ?)", (key,)
        )
        db.execute("DELETE FROM entries WHERE day = ?", (key,))
        db.execute("DELETE FROM days WHERE day = ?", (key,))

    def _read_day(self, key: str, info: os.stat_result) -> None:
        day = date.fromisoformat(key)
        try:
            entries, exact = self.store.read_day_exactly(day)
        except DamagedFileError as exc:
            if exc.problem.startswith("cannot be read ("):  # the disk, maybe for a moment
                self._unread = True  # not recorded: the folder is looked at again next time
                return
            self._record(day, [], info, exc)
            return
        self._record(day, entries, info, None, exact)

    def _record(
        self,
        day: date,
        entries: Sequence[Entry],
        info: os.stat_result,
        problem: DamagedFileError | None,
        exact: bytes = b"",
    ) -> None:
        """Hold ``day`` as read: its entries, or its problem; ``exact``, the file's bytes
        when they are exactly what selflead writes for those entries (b"" otherwise)."""
        key = day.isoformat()
        db = self.db
        if db.execute("SELECT 1 FROM days WHERE day = ?", (key,)).fetchone():
            self._forget(key)
        db.execute(
            "INSERT INTO days VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                day.toordinal(),
                key[:4],
                info.st_size,
                info.st_mtime_ns,
                info.st_ino,
                len(entries),
                None if problem is None else problem.problem,
                int(isinstance(problem, NewerSchemaError)),
                file_digest(exact) if exact and problem is None else None,
            ),
        )
        if not entries:
            return
        first = rowid_of(day, 0)
        rows, texts = [], []
        for seq, entry in enumerate(entries):
            ratings = [getattr(entry, area).rating for area in AREAS]
            doc = entry.model_dump_json()
            rows.append((first + seq, entry.id, key, seq, *ratings, tag_list(entry), doc))
            texts.append((first + seq, *text_of(entry).values()))
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        columns = ", ".join([*AREAS, TAGS])
        db.executemany(
            f"INSERT INTO texts (rowid, {columns}) VALUES (?{', ?' * (len(AREAS) + 1)})",  # noqa: S608 (our column names)
            texts,
        )

    def note_day(self, day: date, entries: Sequence[Entry], written: bytes = b"") -> None:
        """After selflead wrote ``day``'s file (under the lock), ``written`` its bytes: the
        index holds it as written.

        The folder's time is left as it was recorded, so the next command still compares the
        folder's files (cheap), and sees anything else that changed there meanwhile.
        """
        if not self.path.exists():
            return  # no index yet: the next command that needs one builds it
        info = stat(self.store.day_path(day))
        try:
            with self._transaction(self.db):
                if info is None:
                    self._forget(day.isoformat())
                else:
                    self._record(day, entries, info, None, written)
        except (sqlite3.Error, StorageError):
            # The day file is saved; the index is only behind, and its folder's time says so:
            # the next command that asks brings it up to date (or rebuilds it).
            self.close()
