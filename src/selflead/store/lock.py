"""The journal lock: held by every read-modify-write, so that two writers never interleave.

Two locks, always taken in this order and released in the other:

1. The journal **folder** itself (``flock`` on its descriptor). A folder cannot be deleted
   while it holds the journal, so no clean-up tool can take this lock from under its holder;
   it is what keeps writers apart.
2. ``journal.lock`` (``flock`` on the file), which selflead versions before this one lock (by
   filelock). After taking it, the file on disk must still be the one locked (same inode): one
   deleted or replaced meanwhile is opened again and locked anew.

Where ``fcntl`` is missing (Windows), filelock's lock on ``journal.lock`` is used alone.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any, Final

_POLL: Final = 0.05  # seconds between tries while another selflead holds the lock


class LockTimeout(Exception):
    """The lock could not be had in time."""


def _flock(fd: int, deadline: float) -> None:
    import fcntl

    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockTimeout from None
            time.sleep(_POLL)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = path.lstat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


class JournalLock:
    """Re-entrant within one process: the second ``acquire`` only counts."""

    def __init__(self, home: Path, lock_file: Path, timeout: float, mode: int) -> None:
        self.home = home
        self.lock_file = lock_file
        self.timeout = timeout
        self.mode = mode
        self._depth = 0
        self._fds: list[int] = []
        self._fallback: Any = None

    @property
    def is_locked(self) -> bool:
        return self._depth > 0

    def acquire(self, timeout: float | None = None) -> None:
        """Wait at most ``timeout`` seconds (the lock's own timeout when None)."""
        if self._depth:
            self._depth += 1
            return
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        try:
            import fcntl  # noqa: F401 (only to know whether flock exists here)
        except ImportError:
            from filelock import FileLock, Timeout

            self._fallback = FileLock(self.lock_file, timeout=wait, mode=self.mode)
            try:
                self._fallback.acquire()
            except Timeout:
                raise LockTimeout from None
            self._depth = 1
            return
        try:
            folder = os.open(self.home, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_DIRECTORY", 0))
            self._fds.append(folder)
            _flock(folder, deadline)
            while True:
                fd = os.open(
                    self.lock_file,
                    os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0),
                    self.mode,
                )
                self._fds.append(fd)
                _flock(fd, deadline)
                if _same_file(fd, self.lock_file):
                    break
                self._fds.remove(fd)  # deleted or replaced while we waited: lock the new one
                os.close(fd)
        except BaseException:
            self._close()
            raise
        self._depth = 1

    def release(self) -> None:
        if self._depth > 1:
            self._depth -= 1
            return
        self._depth = 0
        if self._fallback is not None:
            self._fallback.release()
            self._fallback = None
            return
        self._close()

    def _close(self) -> None:
        for fd in reversed(self._fds):  # closing a descriptor releases its flock
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds.clear()
