"""The journal folder's layout: what each name in it is, and a scan of everything there.

::

    selflead.toml                 the marker that says this folder is a selflead journal
    journal.lock                  the lock every read-modify-write holds (filelock)
    entries/2026/2026-11-27.json  one file per calendar day
    reviews/2026-W48.json         one file per ISO week with a weekly reflection
    trash/<id>.json               a deleted entry, whole, and when it was deleted
    index.sqlite3                 the search index, rebuilt from the files (may be deleted)
    quotes.yaml                   the user's own quotes (optional)
    config.toml                   the user's settings (optional, see store.config)
    recovery/checkin-<time>.json  answers whose save failed, until --resume saves them
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Final

from selflead.errors import StorageError
from selflead.store.conflicts import original_name
from selflead.store.files import DIR_MODE, FILE_MODE
from selflead.store.kinds import DAY as DAY_KIND
from selflead.store.kinds import KINDS, YEAR_RE
from selflead.store.recovery import RECOVERY, RECOVERY_FILE_RE

__all__ = ["DIR_MODE", "FILE_MODE"]  # doctor reads the wanted modes from here

LOCK_NAME: Final = "journal.lock"
INDEX_NAME: Final = "index.sqlite3"
# The index and the rollback journal SQLite keeps beside it during a write.
INDEX_NAMES: Final = (INDEX_NAME, f"{INDEX_NAME}-journal")
# Written on a journal's first write (and on the next write of a journal made before it):
# what tells doctor --fix that a folder is a journal it may repair, and not, say, a home folder.
MARKER_NAME: Final = "selflead.toml"
MARKER_FORMAT: Final = 1
MARKER_TEXT: Final = (
    "# This folder is a selflead journal.\n"
    "# selflead writes this file; 'selflead doctor --fix' repairs only folders that have it.\n"
    f"format = {MARKER_FORMAT}\n"
)
# Each captures the name of the file it was made beside.
_TEMPORARY_RE = re.compile(r"\.(.+)\.[0-9a-f]{12}\.tmp", re.ASCII | re.DOTALL)
_BACKUP_RE = re.compile(r"(.+)\.v\d+(?:-\d+)?\.bak", re.ASCII)
_ASIDE_RE = re.compile(r"(.+)\.damaged-\d{8}-\d{6}(?:-\d+)?", re.ASCII)
# Files of the user's own at the top of the journal: their quotes and their settings.
USER_FILES: Final = ("quotes.yaml", "config.toml")

FOLDER: Final = "folder"  # home, the kinds' folders (entries/, reviews/), entries/YYYY/
DAY: Final = DAY_KIND.name  # entries/YYYY/YYYY-MM-DD.json in the folder of its year
MISPLACED_DAY: Final = "misplaced-day"  # a day's name outside the folder of its year
BAD_DAY_NAME: Final = "bad-day-name"  # a day's name for a date that does not exist
WEEK: Final = "week"  # reviews/YYYY-Www.json (each kind's name is its item kind)
TRASH: Final = "trash"  # trash/<id>.json, a deleted entry
LOCK: Final = "lock"  # journal.lock
INDEX: Final = "index"  # index.sqlite3 (and its -journal): derived, may be deleted
MARKER: Final = "marker"  # selflead.toml
TEMPORARY: Final = "temporary"  # .<name>.<random>.tmp left by a killed writer
BACKUP: Final = "backup"  # <name>.v<n>.bak kept before a migration rewrote a file
SET_ASIDE: Final = "set-aside"  # <name>.damaged-<timestamp> moved aside by doctor --fix
USER_FILE: Final = "user-file"  # quotes.yaml: the user's own; checked, kept private, never moved
LINK: Final = "link"  # a symbolic link (never followed by the scan)
# A symbolic link where selflead keeps journal data (a year folder, a day file, entries/...):
# selflead never reads or writes through it, so the data it points to is not the journal's.
JOURNAL_LINK: Final = "journal-link"
SPECIAL: Final = "special"  # a FIFO, socket or device
RECOVERY_FILE: Final = "recovery"  # recovery/<kind>-<time>.json: answers a failed save kept
UNKNOWN: Final = "unknown"  # a file selflead did not write; ignored
UNKNOWN_FOLDER: Final = "unknown-folder"
CONFLICT_COPY: Final = "conflict-copy"  # a sync tool's copy of a journal file (store.conflicts)
# The kinds whose conflict copies doctor --fix folds back (core.doctor); a new kind joins here.
FOLDABLE: Final = frozenset({DAY_KIND.name, "week", "commitments", "goal"})
FOREIGN: Final = "foreign"  # .git, .gitignore, .gitattributes: git's (selflead sync); not looked in
FOREIGN_NAMES: Final = frozenset({".git", ".gitignore", ".gitattributes"})


@dataclass(frozen=True)
class JournalItem:
    """One thing found under the journal folder."""

    path: Path
    kind: str
    mode: int  # permission bits, as lstat reports them
    is_dir: bool
    day: date | None = None  # what a day file's name says
    week: str | None = None  # what a week file's name says
    error: str | None = None  # why a folder could not be listed

    @property
    def key(self) -> str | None:
        """The key of a journal file of a registered kind (its day or week), else None."""
        return self.day.isoformat() if self.day is not None else self.week

    @property
    def is_ours(self) -> bool:
        """Written by selflead, so it should carry the journal's private modes."""
        return self.kind in {
            FOLDER,
            DAY,
            MISPLACED_DAY,
            WEEK,
            TRASH,
            LOCK,
            INDEX,
            MARKER,
            TEMPORARY,
            BACKUP,
            SET_ASIDE,
            RECOVERY_FILE,
            CONFLICT_COPY,
        }

    @property
    def is_private(self) -> bool:
        """Should carry the journal's private modes: what selflead wrote, and the user's own
        files in the journal (quotes.yaml), which are as private as the check-ins."""
        return self.is_ours or self.kind == USER_FILE


def _day_from_name(name: str) -> tuple[bool, date | None]:
    key = DAY_KIND.key_of(name)
    if key is None:
        return False, None
    try:
        return True, date.fromisoformat(key)
    except ValueError:
        return True, None


def _writes_here(folder: tuple[str, ...], name: str) -> bool:
    """Whether selflead writes a file called ``name`` in the journal's ``folder``."""
    if not folder:
        return name == MARKER_NAME
    if folder == (RECOVERY,):
        return RECOVERY_FILE_RE.fullmatch(name) is not None
    for kind in KINDS:
        key = kind.key_of(name)
        if key is not None and folder == kind.path(Path(), key).parts[:-1]:
            return True
    return False


_KIND_FOLDERS: Final = frozenset((kind.folder,) for kind in KINDS)
_BY_YEAR_FOLDERS: Final = frozenset(kind.folder for kind in KINDS if kind.by_year)


def _classify(path: Path, parts: tuple[str, ...], info: os.stat_result) -> JournalItem:
    """What ``path`` is; ``parts``, its names inside the journal (() for the journal folder)."""
    mode = stat.S_IMODE(info.st_mode)
    if not parts:
        return JournalItem(path, FOLDER, mode, is_dir=True)
    name = parts[-1]
    known_folder = parts in _KIND_FOLDERS or (
        len(parts) == 2 and parts[0] in _BY_YEAR_FOLDERS and YEAR_RE.fullmatch(name) is not None
    )
    if stat.S_ISLNK(info.st_mode):
        journal_name = known_folder or parts in {(LOCK_NAME,), (MARKER_NAME,)}
        journal_name = journal_name or any(kind.key_of(name) for kind in KINDS)
        return JournalItem(path, JOURNAL_LINK if journal_name else LINK, mode, is_dir=False)
    if len(parts) == 1 and name in FOREIGN_NAMES:
        return JournalItem(path, FOREIGN, mode, is_dir=stat.S_ISDIR(info.st_mode))
    if stat.S_ISDIR(info.st_mode):
        known = known_folder or parts == (RECOVERY,)
        return JournalItem(path, FOLDER if known else UNKNOWN_FOLDER, mode, is_dir=True)
    if not stat.S_ISREG(info.st_mode):
        return JournalItem(path, SPECIAL, mode, is_dir=False)
    if len(parts) == 3 and parts[0] == DAY_KIND.folder:
        # Most of a journal: a day's name in a year folder is nothing else (none of the names
        # below is a day's name there), so it is known without the tries below.
        day_item = _as_day(path, parts, mode)
        if day_item is not None:
            return day_item
    # What an interrupted write, a migration or doctor left beside a file selflead writes
    # there; the same names beside anything else are another program's.
    for kind, pattern in ((TEMPORARY, _TEMPORARY_RE), (BACKUP, _BACKUP_RE), (SET_ASIDE, _ASIDE_RE)):
        match = pattern.fullmatch(name)
        if match and _writes_here(parts[:-1], match[1]):
            return JournalItem(path, kind, mode, is_dir=False)
    copied = _copy_of(path, parts)
    if copied is not None:
        return replace(copied, mode=mode)
    if len(parts) == 2 and parts[0] == RECOVERY and RECOVERY_FILE_RE.fullmatch(name):
        return JournalItem(path, RECOVERY_FILE, mode, is_dir=False)
    if parts == (LOCK_NAME,):
        return JournalItem(path, LOCK, mode, is_dir=False)
    if len(parts) == 1 and name in INDEX_NAMES:
        return JournalItem(path, INDEX, mode, is_dir=False)
    if parts == (MARKER_NAME,):
        return JournalItem(path, MARKER, mode, is_dir=False)
    if len(parts) == 1 and name in USER_FILES:
        return JournalItem(path, USER_FILE, mode, is_dir=False)
    day_item = _as_day(path, parts, mode)
    if day_item is not None:
        return day_item
    for file_kind in KINDS:
        key = file_kind.key_of(name)
        if file_kind is not DAY_KIND and key and parts == file_kind.parts(key):
            return JournalItem(path, file_kind.name, mode, is_dir=False, week=key)
    return JournalItem(path, UNKNOWN, mode, is_dir=False)


def _as_day(path: Path, parts: tuple[str, ...], mode: int) -> JournalItem | None:
    """A file with a day's name: the day's file where the layout puts it, a misplaced day, or
    a name for a date that does not exist; None for any other name."""
    looks_like_day, day = _day_from_name(parts[-1])
    if not looks_like_day:
        return None
    if day is None:
        return JournalItem(path, BAD_DAY_NAME, mode, is_dir=False)
    placed = parts == DAY_KIND.parts(day.isoformat())
    return JournalItem(path, DAY if placed else MISPLACED_DAY, mode, is_dir=False, day=day)


def _copy_of(path: Path, parts: tuple[str, ...]) -> JournalItem | None:
    """A sync tool's conflict copy of a journal file of a registered kind, as an item that
    carries the original's day or week."""
    original = original_name(parts[-1])
    if original is None:
        return None
    parts = (*parts[:-1], original)
    for file_kind in KINDS:
        if file_kind.name not in FOLDABLE:
            continue
        key = file_kind.key_of(original)
        if key and parts == file_kind.parts(key):
            try:
                day = date.fromisoformat(key) if file_kind is DAY_KIND else None
            except ValueError:
                return None
            week = None if file_kind is DAY_KIND else key
            return JournalItem(path, CONFLICT_COPY, 0, is_dir=False, day=day, week=week)
    return None


def scan(home: Path) -> list[JournalItem]:
    """Everything in the journal's layout, classified: the journal folder and the kinds'
    folders, and what is in them. Symbolic links are not followed, and a folder selflead did
    not make (``.git``, another program's) is listed but never walked into."""
    found: list[tuple[tuple[str, ...], JournalItem]] = []
    pending: list[tuple[Path, tuple[str, ...]]] = [(home, ())]
    while pending:
        path, parts = pending.pop()
        try:
            # The journal folder itself may be a link (to a synced or encrypted folder).
            info = path.stat() if not parts else os.lstat(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StorageError(
                f"cannot examine {path}: {exc.strerror}", "check the journal's permissions"
            ) from None
        item = _classify(path, parts, info)
        if item.kind == FOLDER:
            try:
                names = os.listdir(path)  # noqa: PTH208 (names: a Path each is made below)
            except OSError as exc:
                item = replace(item, error=exc.strerror or str(exc))
            else:
                pending.extend((path / name, (*parts, name)) for name in names)
        found.append((parts, item))
    # By their names inside the journal: the order of their paths, without comparing Paths.
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]
