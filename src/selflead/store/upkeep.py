"""The Store's upkeep of the journal folder, for ``selflead doctor``: scan it, tighten modes,
remove a killed writer's temporaries, set a damaged file aside."""

from __future__ import annotations

import contextlib
import os
import stat
from datetime import datetime
from pathlib import Path

from selflead.errors import StorageError
from selflead.store.files import DIR_MODE, FILE_MODE, fsync_dir, is_temporary
from selflead.store.folder import JournalFolder
from selflead.store.layout import LINK, JournalItem, scan


class Upkeep(JournalFolder):
    """Looking after the journal folder (``selflead doctor``)."""

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
