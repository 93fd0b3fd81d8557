"""The journal on disk: the only code in selflead that reads or writes journal files.

Layout (inside the journal folder, mode 0700; every file 0600)::

    journal.lock                  the lock every read-modify-write holds (filelock)
    entries/2026/2026-11-27.json  one file per calendar day: {"schema_version", "date", "entries"}
    reviews/2026-W48.json         one file per ISO week with a weekly reflection

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
import json
import math
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from selflead.errors import (
    DamagedFileError,
    InputError,
    JournalBusyError,
    NewerSchemaError,
    StorageError,
)
from selflead.models import SCHEMA_VERSION, DayFile, Entry, WeekFile, WeeklyReflection
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
from selflead.store.layout import (
    DAY_FILE_RE,
    ENTRIES,
    LINK,
    LOCK_NAME,
    REVIEWS,
    WEEK_FILE_RE,
    YEAR_RE,
    JournalItem,
    scan,
)

__all__ = [
    "MIGRATIONS",
    "MisplacedEntriesError",
    "RangeRead",
    "Store",
    "decode_json",
    "ensure_dir",
    "is_temporary",
]

DEFAULT_LOCK_TIMEOUT: Final = 5.0


Migration = Callable[[dict[str, Any]], dict[str, Any]]

# Ordered registry of migrations: MIGRATIONS[kind][n] turns a version-n document of that kind
# into a version-(n+1) one. Applied on read, in order, up to SCHEMA_VERSION. Before a migrated
# file is rewritten, its original bytes are kept beside it as ``<name>.v<n>.bak``.
MIGRATIONS: dict[str, dict[int, Migration]] = {"day": {}, "week": {}}

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- decoding


class _StrictJSONError(ValueError):
    """Raised by our decoding hooks; its message is ours and never holds the file's text."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _StrictJSONError("an object holds the same key twice")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise _StrictJSONError(f"{name} is not allowed in a journal file")


# A journal file nests five levels (file, entries, entry, area, value). Anything deeper than
# this is refused before parsing: json's C parser recurses once per level, and near Python's
# recursion limit (1000) any finalizer the garbage collector runs meanwhile fails too, and its
# "Exception ignored ..." is printed on stderr. Deep enough that a deeply nested file still
# reaches validation and is told what is wrong in it; far from the limit.
MAX_NESTING: Final = 640
_JSON_ESCAPE_RE = re.compile(r"\\.", re.DOTALL)
_ONLY_BRACKETS: Final = str.maketrans(
    "", "", "".join(c for c in map(chr, range(128)) if c not in "[]{}")
)
_BRACKET_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


def too_deep(text: str) -> bool:
    """Whether ``text`` nests arrays and objects (outside strings) more than ``MAX_NESTING``
    levels. No recursion, and a file with few brackets (every day file) needs no scan."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return False
    # Without its escapes, the text outside strings is every other piece between quotes
    # (an unterminated string runs to the end, as the parser would read it).
    outside = "".join(_JSON_ESCAPE_RE.sub("", text).split('"')[::2])
    steps = map(_BRACKET_STEP.get, outside.translate(_ONLY_BRACKETS), repeat(0))
    return max(accumulate(steps), default=0) > MAX_NESTING


def decode_json(path: Path, raw: bytes) -> Any:
    """Parse ``raw`` as strict JSON (UTF-8, no BOM, no NaN, no duplicate keys).

    Messages say what is wrong and where (line and column) without echoing any of the text.
    """
    if not raw.strip():
        raise DamagedFileError(path, "is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DamagedFileError(path, "starts with a byte-order mark, which JSON files must not")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DamagedFileError(
            path, f"is not valid UTF-8 (line {line}, byte {exc.start})"
        ) from None
    if too_deep(text):
        raise DamagedFileError(path, "is nested too deeply to be a journal file")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise DamagedFileError(
            path, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except _StrictJSONError as exc:  # duplicate key, NaN/Infinity
        raise DamagedFileError(path, f"is not valid journal JSON: {exc}") from None
    except ValueError:  # a number with thousands of digits (Python's conversion limit)
        raise DamagedFileError(path, "holds a number too long to be a journal value") from None
    except RecursionError:  # only when called with most of the stack already in use
        raise DamagedFileError(path, "is nested too deeply to be a journal file") from None


_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")


def _location_part(part: int | str) -> str:
    # A key we do not know (an extra field) comes from the file itself: name it only when it
    # looks like a field name, so a damaged file cannot get its text echoed through its keys.
    if isinstance(part, int) or _KEY_RE.fullmatch(part):
        return str(part)
    return "<unknown key>"


def describe_validation(exc: ValidationError) -> str:
    """First problem of a pydantic error, never the input value, worded as import words it:
    ``entry 1, goals.rating: <message>`` (entries counted from 1), ``week: <message>``."""
    problems = exc.errors(include_input=False, include_url=False)
    first = problems[0]
    loc = list(first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    rest = ".".join(_location_part(part) for part in loc[2:])
    if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
        where = f"entry {loc[1] + 1}" + (f", {rest}" if rest else "")
    else:
        where = ".".join(_location_part(part) for part in loc) or "the file"
    more = len(problems) - 1
    if more:
        message += f" (and {more} more {'problem' if more == 1 else 'problems'})"
    return f"{where}: {message}"


class MisplacedEntriesError(DamagedFileError):
    """A day file that parses and whose every entry is sound, but whose dates disagree: an
    entry dated another day, or the file holding another day than its name says.

    Reads of that day still fail (which day would its entries belong to?), but nothing in it is
    damaged: it needs a person to move the entries, never ``doctor --fix`` moving it aside.
    """

    def __init__(self, path: Path, day: date, file_date: date, dates: list[date]) -> None:
        self.day = day  # what the file's name says
        self.file_date = file_date  # what its "date" says
        self.dates = dates  # each entry's date, in file order (entry 1 first)
        others = [(n, d) for n, d in enumerate(dates, start=1) if d != file_date]
        listed = [f"entry {n} is dated {d}" for n, d in others[:_MISPLACED_LISTED]]
        text = ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else "".join(listed)
        if len(others) > len(listed):
            text += f" (and {len(others) - len(listed)} more)"
        if file_date != day:
            problem = f"holds the date {file_date}, not {day}" + (f"; {text}" if text else "")
        elif len(others) == 1:
            problem = f"{text} but sits in the file for {day}"
        else:
            problem = f"{text}, but they sit in the file for {day}"
        super().__init__(
            path,
            problem,
            "the file was left untouched; run 'selflead doctor' to see where each entry belongs",
        )


_MISPLACED_LISTED: Final = 3


def _misplaced_entries(path: Path, day: date, data: dict[str, Any]) -> MisplacedEntriesError | None:
    """The error for a day file that fails validation only because of its dates, else None."""
    items = data.get("entries")
    if not isinstance(items, list):
        return None
    try:
        header = DayFile.model_validate({**data, "entries": []})
        dates = [Entry.model_validate(item).date for item in items]
    except ValidationError:
        return None
    if header.date == day and all(dated == day for dated in dates):
        return None  # not a date problem: whatever failed is something else
    return MisplacedEntriesError(path, day, header.date, dates)


def _migrate(path: Path, kind: str, data: Any) -> tuple[dict[str, Any], int]:
    if not isinstance(data, dict):
        raise DamagedFileError(path, "is valid JSON but not a journal file (expected an object)")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, "has no valid schema_version")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            path,
            f"was written by a newer selflead (schema_version {version}; "
            f"this version reads up to {SCHEMA_VERSION})",
            "upgrade selflead to read it; the file was left untouched",
        )
    original = version
    steps = MIGRATIONS[kind]
    while version < SCHEMA_VERSION:
        step = steps.get(version)
        if step is None:
            raise DamagedFileError(path, f"has schema_version {version}, which cannot be migrated")
        try:
            data = step(dict(data))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            # The old file does not have the shape its version promises.
            raise DamagedFileError(
                path, f"has schema_version {version} but not the shape of that version"
            ) from None
        version += 1
        data["schema_version"] = version
    return data, original


def _to_bytes(model: BaseModel) -> bytes:
    # pydantic's serializer writes the same bytes as json.dumps(model_dump(mode="json"),
    # indent=2, ensure_ascii=False), several times faster (it matters for a big import).
    return (model.model_dump_json(indent=2) + "\n").encode("utf-8")


def _keep_backup(path: Path, version: int, original: bytes) -> None:
    """Keep the bytes a migration is about to replace beside the file: ``<name>.v<n>.bak``, or
    ``<name>.v<n>-2.bak`` and so on when an earlier backup holds other bytes."""
    backup = path.with_name(f"{path.name}.v{version}.bak")
    number = 1
    while os.path.lexists(backup):
        with contextlib.suppress(OSError):
            if backup.read_bytes() == original:
                return
        number += 1
        backup = path.with_name(f"{path.name}.v{version}-{number}.bak")
    atomic_write(backup, original)


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

    def __init__(self, home: Path, *, lock_timeout: float | None = None) -> None:
        self.home = home
        if lock_timeout is None:
            lock_timeout = _lock_timeout_from_env()
        self.lock_timeout = lock_timeout
        self._lock: Any = None
        # Called once when a write has to wait for another selflead's lock (a prompt says so).
        self.on_wait: Callable[[], None] | None = None
        self._migrated: dict[Path, tuple[int, bytes]] = {}

    # ---- paths
    @property
    def entries_dir(self) -> Path:
        return self.home / ENTRIES

    @property
    def reviews_dir(self) -> Path:
        return self.home / REVIEWS

    @property
    def lock_path(self) -> Path:
        return self.home / LOCK_NAME

    def day_path(self, day: date) -> Path:
        return self.entries_dir / f"{day.year:04d}" / f"{day.isoformat()}.json"

    def week_path(self, week: str) -> Path:
        return self.reviews_dir / f"{week}.json"

    # ---- locking
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal lock (re-entrant within this Store)."""
        from filelock import FileLock, Timeout

        ensure_dir(self.home)
        if self._lock is None:
            self._lock = FileLock(self.lock_path, timeout=self.lock_timeout, mode=FILE_MODE)
        try:
            if self.on_wait is not None and not self._lock.is_locked:
                try:
                    self._lock.acquire(timeout=0)
                except Timeout:
                    self.on_wait()  # say that it waits, then wait as long as ever
                    self._lock.acquire()
            else:
                self._lock.acquire()
        except Timeout:
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
    def _load(self, path: Path, kind: str, model: type[M], day: date | None = None) -> M | None:
        raw = read_file(path)
        if raw is None:
            return None
        data, version = _migrate(path, kind, decode_json(path, raw))
        try:
            result = model.model_validate(data)
        except ValidationError as exc:
            misplaced = None if day is None else _misplaced_entries(path, day, data)
            raise misplaced or DamagedFileError(path, describe_validation(exc)) from None
        if version != SCHEMA_VERSION:
            self._migrated[path] = (version, raw)
        return result

    def read_day(self, day: date) -> list[Entry]:
        """The day's entries in the order they were added; [] for a day with none."""
        return self.load_day_file(self.day_path(day), day)

    def load_day_file(self, path: Path, day: date) -> list[Entry]:
        """Entries of the day file at ``path``, which must hold ``day``; [] if it is missing."""
        loaded = self._load(path, "day", DayFile, day)
        if loaded is None:
            return []
        if loaded.date != day:
            raise MisplacedEntriesError(path, day, loaded.date, [e.date for e in loaded.entries])
        return list(loaded.entries)

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

    def days_in_a_row(self, until: date) -> int:
        """Consecutive days with a check-in file, ending at ``until``. One stat per day of
        the run, so the cost follows the streak, not the size of the journal."""
        count = 0
        while self.day_path(until - timedelta(days=count)).is_file():
            count += 1
        return count

    def days(self, start: date | None = None, end: date | None = None) -> list[date]:
        """Days that have a file, sorted, within [start, end]. Lists only the years in range.

        A file is a day only in the folder of its year (``entries/2026/2026-11-27.json``);
        anything else is left for ``selflead doctor`` to report, never read as a day.
        """
        found = []
        for year_name in self._names(self.entries_dir):
            if not YEAR_RE.fullmatch(year_name):
                continue
            year = int(year_name)
            if (start and year < start.year) or (end and year > end.year):
                continue
            # Names only (no Path per file): a ten-year journal has 3,650 of them.
            for name in self._names(self.entries_dir / year_name):
                match = DAY_FILE_RE.fullmatch(name)
                if not match:
                    continue
                try:
                    day = date.fromisoformat(match[1])
                except ValueError:
                    continue
                if day.year != year or (start and day < start) or (end and day > end):
                    continue
                found.append(day)
        return sorted(found)

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
    def _write(self, path: Path, model: BaseModel, *, batch: bool = False) -> None:
        migrated = self._migrated.pop(path, None)
        if migrated is not None:
            _keep_backup(path, *migrated)
        atomic_write(path, _to_bytes(model), batch=batch)

    def write_day(self, day: date, entries: Iterable[Entry], *, batch: bool = False) -> None:
        """Replace the day's file with ``entries``. The caller holds ``locked()``."""
        self._write(
            self.day_path(day),
            DayFile(schema_version=SCHEMA_VERSION, date=day, entries=list(entries)),
            batch=batch,
        )

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
        for folder in folders:
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
        loaded = self._load(path, "week", WeekFile)
        if loaded is None:
            return None
        if loaded.week != week:
            raise DamagedFileError(path, f"holds the week {loaded.week}, not {week}")
        return loaded.reflection

    def write_week(self, week: str, reflection: WeeklyReflection) -> Path:
        """Save a week's reflection, under the lock."""
        path = self.week_path(week)
        with self.locked():
            # Reading first refuses to overwrite a damaged file.
            self.read_week(week)
            self._write(
                path, WeekFile(schema_version=SCHEMA_VERSION, week=week, reflection=reflection)
            )
        return path

    def update_week(
        self, week: str, change: Callable[[WeeklyReflection | None], WeeklyReflection]
    ) -> Path:
        """Read the week's reflection under the lock, hand it to ``change`` and save what it
        returns: nothing saved meanwhile is overwritten unseen."""
        path = self.week_path(week)
        with self.locked():
            reflection = change(self.read_week(week))
            self._write(
                path, WeekFile(schema_version=SCHEMA_VERSION, week=week, reflection=reflection)
            )
        return path

    def weeks(self) -> list[str]:
        names = self._names(self.reviews_dir)
        return sorted(n[:-5] for n in names if WEEK_FILE_RE.fullmatch(n))

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

    def set_aside(self, path: Path) -> Path:
        """Rename a damaged file to ``<name>.damaged-<timestamp>``, bytes kept. Under the lock.

        The day (or week) can then be written again; the set-aside file is never read.
        """
        stamp = time.strftime("%Y%m%d-%H%M%S")
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
