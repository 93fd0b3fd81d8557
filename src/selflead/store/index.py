"""The derived index: ``index.sqlite3`` in the journal folder (SQLite, FTS5 for the words).

The day files stay the only truth. The index holds nothing that cannot be rebuilt from them:
it may be deleted at any time, and is rebuilt when it is missing, corrupt, of another
version or stale. It lets ids, search and streaks answer without reading every day file.

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
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from selflead.areas import AREAS, AreaName
from selflead.errors import DamagedFileError, JournalBusyError, NewerSchemaError, StorageError
from selflead.models import Entry
from selflead.store.files import FILE_MODE
from selflead.store.kinds import DAY, YEAR_RE
from selflead.store.layout import INDEX_NAME
from selflead.tokens import fold_tag, words

if TYPE_CHECKING:
    from selflead.store.journal import Store

VERSION: Final = 2  # PRAGMA user_version; another one is rebuilt
RACY_NS: Final = 2_000_000_000  # a folder time this close to the index's write is not trusted
BUSY_WAIT: Final = 0.2  # seconds a read waits for the lock to bring the index up to date
TAGS: Final = "tags"  # the text column that holds an entry's tags
# An entry's rowid is its day's ordinal, shifted, plus its place in the day: the rowids sort
# as the entries do (by day, then as added), so the newest come first straight from FTS5.
SEQ_BITS: Final = 24

_SCHEMA: Final = f"""
CREATE TABLE folders (name TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL);
CREATE TABLE days (
    day TEXT PRIMARY KEY, ord INTEGER NOT NULL, year TEXT NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
    entries INTEGER NOT NULL, problem TEXT, newer INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX days_ord ON days (ord);
CREATE TABLE entries (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, day TEXT NOT NULL, seq INTEGER NOT NULL,
    communication INTEGER, emotions INTEGER, behaviour INTEGER, goals INTEGER,
    tags TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX entries_id ON entries (id);
CREATE INDEX entries_day ON entries (day, seq);
CREATE VIRTUAL TABLE texts USING fts5(
    {", ".join(AREAS)}, {TAGS}, tokenize='ascii', columnsize=0
);
PRAGMA user_version = {VERSION};
"""


class _Behind(Exception):
    """The index could not be brought up to date now (another selflead holds the lock)."""


@dataclass(frozen=True)
class Located:
    """An entry the index knows: its id and its day."""

    id: str
    day: date


@dataclass(frozen=True)
class Filters:
    """What ``search`` narrows by, besides the words (all optional)."""

    first: date | None = None
    last: date | None = None
    area: AreaName | None = None  # the words and the ratings are looked for in this area
    min_rating: int | None = None
    max_rating: int | None = None
    tag: str | None = None  # folded, as ``tokens.words`` folds it


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise StorageError(
            f"cannot examine {path}: {exc.strerror}", "check the journal's permissions"
        ) from None


def _indexed(text: str) -> str:
    """``text`` as the index holds it: its words, which FTS5's ``ascii`` tokenizer splits
    and folds exactly as ``tokens.words`` does when the text is ASCII (a run of ASCII letters
    and digits, case folded), so ASCII text goes in as it is; other text, folded first."""
    return text if text.isascii() and "\0" not in text else " ".join(words(text))


def text_of(entry: Entry) -> dict[str, str]:
    """The words of each area and of the tags, as the index holds them."""
    found: dict[str, str] = {a: _indexed(getattr(entry, a).reflection) for a in AREAS}
    found[TAGS] = _indexed(" ".join(entry.tags))
    return found


def rowid_of(day: date, seq: int) -> int:
    """The rowid of the ``seq``-th entry of ``day`` (see ``SEQ_BITS``)."""
    return (day.toordinal() << SEQ_BITS) + seq


def tag_list(entry: Entry) -> str:
    """The entry's tags, folded, each between spaces: `` q4 planning ``."""
    return " " + " ".join(fold_tag(tag) for tag in entry.tags) + " "


class Index:
    """The journal's index. Open through ``Store.index``; every read refreshes it first."""

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
            db.executescript(_SCHEMA)
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
                db.executescript(_SCHEMA)  # cut short, it has no version: rebuilt
        except sqlite3.OperationalError as exc:  # the disk, not the index: nothing to rebuild
            db.close()
            raise _unusable(self.path, exc) from None
        except sqlite3.DatabaseError as exc:  # not a database, or damaged: build it again
            db.close()
            if not again:
                raise _unusable(self.path, exc) from None
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
    def _transaction(db: sqlite3.Connection) -> Iterator[None]:
        db.execute("BEGIN IMMEDIATE")
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
            info = _stat(folder)
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
            raise _unusable(self.path, exc) from None
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
                    raise _unusable(self.path, exc) from None
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
        unsure: set[str] = set()  # years to look at again: a folder too recent, a file unread
        with self._transaction(db):
            for year in sorted(changed):
                self._unread = False
                self._scan_year(year, year in now)
                if self._unread:
                    unsure.add(year)
            for year in changed:
                if year in now and year not in unsure:
                    db.execute("INSERT OR REPLACE INTO folders VALUES (?, ?)", (year, now[year]))
                else:
                    db.execute("DELETE FROM folders WHERE name = ?", (year,))
        # A folder time as recent as this write could still change within the same tick of
        # the file system's clock: forget it, so that the next command looks again.
        written = _stat(self.path)
        if written is not None:
            racy = [y for y in changed if y in now and written.st_mtime_ns - now[y] < RACY_NS]
            if racy:
                with self._transaction(db):
                    db.executemany("DELETE FROM folders WHERE name = ?", [(y,) for y in racy])

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
                info = _stat(self.store.path(DAY, key))
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
            entries = self.store.read_day(day)
        except DamagedFileError as exc:
            if exc.problem.startswith("cannot be read ("):  # the disk, maybe for a moment
                self._unread = True  # not recorded: the folder is looked at again next time
                return
            self._record(day, [], info, exc)
            return
        self._record(day, entries, info, None)

    def _record(
        self,
        day: date,
        entries: Sequence[Entry],
        info: os.stat_result,
        problem: DamagedFileError | None,
    ) -> None:
        key = day.isoformat()
        db = self.db
        if db.execute("SELECT 1 FROM days WHERE day = ?", (key,)).fetchone():
            self._forget(key)
        db.execute(
            "INSERT INTO days VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

    def note_day(self, day: date, entries: Sequence[Entry]) -> None:
        """After selflead wrote ``day``'s file (under the lock): the index holds it as written.

        The folder's time is left as it was recorded, so the next command still compares the
        folder's files (cheap), and sees anything else that changed there meanwhile.
        """
        if not self.path.exists():
            return  # no index yet: the next command that needs one builds it
        info = _stat(self.store.day_path(day))
        try:
            with self._transaction(self.db):
                if info is None:
                    self._forget(day.isoformat())
                else:
                    self._record(day, entries, info, None)
        except (sqlite3.Error, StorageError):
            # The day file is saved; the index is only behind, and its folder's time says so:
            # the next command that asks brings it up to date (or rebuilds it).
            self.close()

    # ---- questions
    def _rows(self, sql: str, args: Iterable[object] = ()) -> list[tuple[object, ...]]:
        self.refresh()
        try:
            return list(self.db.execute(sql, tuple(args)))
        except sqlite3.OperationalError as exc:
            self.close()
            raise _unusable(self.path, exc) from None
        except sqlite3.DatabaseError:  # a damaged page: build it again, once
            self.close()
            self.rebuild()
            try:
                return list(self.db.execute(sql, tuple(args)))
            except sqlite3.Error as exc:
                raise _unusable(self.path, exc) from None

    def located(self, ids: Iterable[str]) -> list[Located]:
        found = []
        for entry_id in ids:
            rows = self._rows("SELECT id, day FROM entries WHERE id = ? ORDER BY day", (entry_id,))
            found += [Located(str(i), date.fromisoformat(str(d))) for i, d in rows]
        return found

    def with_prefix(self, prefix: str, limit: int = 50) -> list[Located]:
        """Entries whose id starts with ``prefix``, by id."""
        rows = self._rows(
            "SELECT id, day FROM entries WHERE id >= ? AND id < ? ORDER BY id, day LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),  # every id is ASCII: all sort below it
        )
        return [Located(str(i), date.fromisoformat(str(d))) for i, d in rows]

    def latest(self, count: int = 1) -> list[Located]:
        """The most recent entries: the latest day first, the last added on it first."""
        rows = self._rows(
            "SELECT id, day FROM entries ORDER BY day DESC, seq DESC LIMIT ?", (count,)
        )
        return [Located(str(i), date.fromisoformat(str(d))) for i, d in rows]

    def short_ids(self, ids: Sequence[str], minimum: int) -> dict[str, str]:
        """``short_id`` of each of ``ids``; for many, from one sorted list of every id."""
        if len(ids) <= 200:
            return {entry_id: self.short_id(entry_id, minimum) for entry_id in ids}
        every = sorted({str(i) for (i,) in self._rows("SELECT id FROM entries")} | set(ids))
        place = {entry_id: n for n, entry_id in enumerate(every)}
        found = {}
        for entry_id in ids:
            n = place[entry_id]
            length = minimum
            for other in every[max(n - 1, 0) : n] + every[n + 1 : n + 2]:
                length = max(length, _common(entry_id, other) + 1)
            found[entry_id] = entry_id[:length]
        return found

    def short_id(self, entry_id: str, minimum: int) -> str:
        """The shortest prefix of ``entry_id`` (at least ``minimum`` long) no other id has."""
        before = self._rows(
            "SELECT id FROM entries WHERE id < ? ORDER BY id DESC LIMIT 1", (entry_id,)
        )
        after = self._rows("SELECT id FROM entries WHERE id > ? ORDER BY id LIMIT 1", (entry_id,))
        length = minimum
        for (other,) in before + after:
            common = _common(entry_id, str(other))
            length = max(length, common + 1)
        return entry_id[:length]

    def days_in_a_row(self, until: date) -> int:
        """Consecutive days with a day file, ending at ``until`` (0 when it has none)."""
        self.refresh()
        count = 0
        expected = until.toordinal()
        # Closed whatever happens: a statement left open by the early break would keep a read
        # lock on the index, and another selflead could not write it until this one exits.
        with contextlib.closing(
            self.db.execute("SELECT ord FROM days WHERE ord <= ? ORDER BY ord DESC", (expected,))
        ) as rows:
            for (ordinal,) in rows:
                if ordinal != expected:
                    break
                count += 1
                expected -= 1
        return count

    def longest_run(self, until: date) -> int:
        """The longest run of consecutive days with a day file, up to ``until``."""
        rows = self._rows(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM "
            "(SELECT ord - row_number() OVER (ORDER BY ord) AS island FROM days WHERE ord <= ?) "
            "GROUP BY island)",
            (until.toordinal(),),
        )
        return int(str(rows[0][0] or 0))

    def damaged(self, first: date | None, last: date | None) -> list[DamagedFileError]:
        """The damaged day files in [first, last], as reading them said."""
        rows = self._rows(
            "SELECT day, problem, newer FROM days WHERE problem IS NOT NULL "
            "AND ord >= ? AND ord <= ? ORDER BY day",
            (_low(first), _high(last)),
        )
        found: list[DamagedFileError] = []
        for key, problem, newer in rows:
            path = self.store.day_path(date.fromisoformat(str(key)))
            error = NewerSchemaError if newer else DamagedFileError
            found.append(error(path, str(problem)))
        return found

    def search(self, terms: Sequence[Sequence[str]], filters: Filters) -> Iterator[Entry]:
        """Entries whose words hold every term (a term is a run of words, the last one a prefix
        of a word), that pass ``filters``: the newest first."""
        low = rowid_of(filters.first or date.min, 0)
        high = rowid_of(filters.last or date.max, (1 << SEQ_BITS) - 1)
        low_rating = filters.min_rating if filters.min_rating is not None else 1
        high_rating = filters.max_rating if filters.max_rating is not None else 5
        where: list[str] = ["e.rowid BETWEEN ? AND ?"]
        args: list[object] = [low, high]
        if filters.min_rating is not None or filters.max_rating is not None:
            areas = [filters.area] if filters.area else list(AREAS)
            where.append("(" + " OR ".join(f"e.{a} BETWEEN ? AND ?" for a in areas) + ")")
            for _ in areas:
                args += [low_rating, high_rating]
        if filters.tag is not None:
            where.append("instr(e.tags, ?) > 0")
            args.append(f" {filters.tag} ")
        source, order = "entries e", "e.rowid"
        if terms:
            column = f"{filters.area} : " if filters.area else ""
            match = " AND ".join(column + '"' + " ".join(term) + '" *' for term in terms if term)
            # FTS5 drives, newest rowid first, so the first hits come without sorting them all.
            source, order = "texts t CROSS JOIN entries e ON e.rowid = t.rowid", "t.rowid"
            where += ["texts MATCH ?", "t.rowid BETWEEN ? AND ?"]
            args += [match, low, high]
        sql = (
            f"SELECT e.doc FROM {source} WHERE {' AND '.join(where)} "  # noqa: S608 (ours)
            f"ORDER BY {order} DESC"
        )
        self.refresh()
        with contextlib.closing(self.db.execute(sql, args)) as rows:
            for (doc,) in rows:
                yield Entry.model_validate(json.loads(doc))

    # ---- doctor
    def differences(self) -> list[str]:
        """How the index differs from the day files (each file read): [] when it agrees."""
        self.refresh()
        said: list[str] = []
        held = {
            str(day): problem is not None
            for day, problem in self.db.execute("SELECT day, problem FROM days")
        }
        docs: dict[str, list[str]] = {}
        for day, doc in self.db.execute("SELECT day, doc FROM entries ORDER BY day, seq"):
            docs.setdefault(str(day), []).append(str(doc))
        files = [day.isoformat() for day in self.store.days()]
        for key in files:
            try:
                entries = self.store.read_day(date.fromisoformat(key))
            except (DamagedFileError, ValueError):
                if key in held and not held[key]:
                    said.append(f"holds {key} as readable, but its file is damaged")
                continue
            if key not in held:
                said.append(f"does not hold the day {key}")
            elif [e.model_dump_json() for e in entries] != docs.get(key, []):
                said.append(f"holds other entries for {key} than its file")
        for key in held.keys() - set(files):
            said.append(f"holds the day {key}, which has no file")
        return said


def _unusable(path: Path, exc: sqlite3.Error) -> StorageError:
    return StorageError(
        f"cannot use the index {path}: {exc}",
        "free some space or check the journal folder; the index may be deleted: it is rebuilt",
    )


def _low(first: date | None) -> int:
    return first.toordinal() if first else 0


def _high(last: date | None) -> int:
    return last.toordinal() if last else date.max.toordinal()


def _common(one: str, other: str) -> int:
    """How many characters ``one`` and ``other`` start with in common."""
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count
