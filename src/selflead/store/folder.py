"""A journal folder: its paths, its lock, and reading and writing any kind of journal file.

``JournalFolder`` reads and writes every kind in the registry (``store/kinds.py``) the same way:
validated and migrated on the way in (``store/documents.py``), atomically and under the lock on
the way out (``store/files.py``). ``Store`` (``store/journal.py``) builds on it, one class per kind.
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, ValidationError

from selflead.errors import (
    DamagedFileError,
    InputError,
    JournalBusyError,
    LinkInJournalError,
    StorageError,
)
from selflead.store import documents
from selflead.store.documents import (
    decode_json,
    describe_validation,
    keep_backup,
    migrate,
    to_bytes,
)
from selflead.store.files import FILE_MODE, atomic_write, ensure_dir, read_file
from selflead.store.kinds import DAY, WEEK, YEAR_RE, FileKind
from selflead.store.layout import LOCK_NAME, MARKER_NAME, MARKER_TEXT

if TYPE_CHECKING:
    from datetime import date

    from selflead.store.index import Index

DEFAULT_LOCK_TIMEOUT: Final = 5.0


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


class JournalFolder:
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

    # ---- reading any kind
    def load(
        self, kind: FileKind, path: Path, key: str, *, known: bytes | None = None
    ) -> Any | None:
        """The validated model in the ``kind`` file at ``path``, which must hold ``key``;
        None when the file is missing. Anything else wrong raises ``DamagedFileError``.
        ``known``: the digest the index keeps of the file (``documents.canonical``)."""
        raw = self.read_bytes(path)
        return None if raw is None else self.parse(kind, path, key, raw, known=known)[0]

    def load_with_bytes(self, kind: FileKind, path: Path, key: str) -> tuple[Any | None, bytes]:
        """``load``, and the file's bytes when they are exactly what ``to_bytes`` writes for
        the model it holds (b"" otherwise): a backup copies what it needs from them."""
        raw = self.read_bytes(path)
        if raw is None:
            return None, b""
        return self.parse(kind, path, key, raw)

    def read_bytes(self, path: Path) -> bytes | None:
        """The bytes of the journal file at ``path`` (None when it is missing), never through
        a link: what ``load`` reads, for a reader that looks at the bytes first (doctor)."""
        inside = str(path).startswith(str(self.home).rstrip(os.sep) + os.sep)
        if not inside:  # not a journal file (never asked today): as any file is read
            return read_file(path)
        self.refuse_links(path.parent)  # the folders on the way; the file itself is opened
        return read_file(path, follow=False)  # without following a link: one lstat less

    @staticmethod
    def read_listed(path: Path) -> bytes | None:
        """``read_bytes`` of a file the layout scan has just listed as a regular file (doctor,
        under the lock): the scan looked at its folders on the way, so only the file is looked
        at, and it is opened without following a link."""
        return read_file(path, follow=False)

    def parse(
        self, kind: FileKind, path: Path, key: str, raw: bytes, *, known: bytes | None = None
    ) -> tuple[Any, bytes]:
        """``load_with_bytes`` of the bytes ``raw``, read from ``path``."""
        version = self.schema.version
        loaded = documents.canonical(self._model(kind), raw, version, known=known)
        exact = raw if loaded is not None else b""
        if loaded is None:  # not as selflead writes it: read strictly (and migrated)
            data, version = migrate(path, kind.name, decode_json(path, raw), self.schema)
            try:
                loaded = self._model(kind).model_validate(data)
            except ValidationError as exc:
                better = kind.explain_invalid(path, key, data) if kind.explain_invalid else None
                raise better or DamagedFileError(path, describe_validation(exc)) from None
        if str(getattr(loaded, kind.key_field)) != key:
            raise kind.mismatch(path, key, loaded)
        if version != self.schema.version:
            self._migrated[path] = (version, raw)
        return loaded, exact

    def _model(self, kind: FileKind) -> type[BaseModel]:
        return self.schema.models.get(kind.name, kind.model)

    def _document(self, kind: FileKind, **fields: Any) -> BaseModel:
        """A ``kind`` document at the schema version this selflead writes."""
        return self._model(kind)(schema_version=self.schema.version, **fields)

    def read(self, kind: FileKind, key: str) -> Any | None:
        return self.load(kind, self.path(kind, key), key)

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

    # ---- writing any kind
    def refuse_links(self, path: Path) -> None:
        """``LinkInJournalError`` when ``path``, or a folder on the way to it inside the
        journal, is a symbolic link (the journal folder itself may be one)."""
        # On the strings (what ``Path.relative_to`` and ``/`` do, without a Path per folder):
        # doctor asks this of every day file.
        home, target = str(self.home), str(path)
        if target == home or not target.startswith(home.rstrip(os.sep) + os.sep):
            return
        current = home.rstrip(os.sep)
        for part in target[len(current) + 1 :].split(os.sep):  # noqa: PTH206 (strings: see above)
            current = f"{current}{os.sep}{part}"
            if not self._refuse_link(current):
                return

    @staticmethod
    def _refuse_link(path: str | Path) -> bool:
        """``LinkInJournalError`` when ``path`` is a symbolic link; False when it is missing."""
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                raise LinkInJournalError(Path(path))
        except (FileNotFoundError, NotADirectoryError):
            return False
        return True

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

    def _write(self, path: Path, model: BaseModel, *, batch: bool = False) -> bytes:
        """Write ``model`` to ``path``, and return the bytes written. In a ``batch`` the caller
        has marked the journal and made (and refused links on the way to) the file's folder:
        only the file is looked at."""
        if batch:
            self._refuse_link(path)
        else:
            self.refuse_links(path)
        self._changed()
        migrated = self._migrated.pop(path, None)
        if migrated is not None:
            keep_backup(path, *migrated)
        if not batch:
            self.mark()
        data = to_bytes(model)
        atomic_write(path, data, batch=batch)
        return data
