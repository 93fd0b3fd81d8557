"""Conflict copies that file-sync tools leave beside a journal file both devices changed.

- Syncthing: ``2026-11-27.sync-conflict-20261127-184500-ABCDEF7.json``
- Dropbox: ``2026-11-27 (Laptop's conflicted copy 2026-11-27).json``
- Nextcloud: ``2026-11-27 (conflicted copy 2026-11-27 184500).json`` (older clients and
  ownCloud: ``2026-11-27_conflict-20261127-184500.json``)

``doctor --fix`` folds a copy back into its file by id, then removes it (``remove_copy``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from selflead.errors import StorageError

_PATTERNS: Final = (
    re.compile(r"(?P<stem>.+?)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(?P<ext>\.json)"),
    re.compile(r"(?P<stem>.+?) \([^()]*conflicted copy[^()]*\)(?P<ext>\.json)"),
    re.compile(r"(?P<stem>.+?)_conflict-\d{8}-\d{6}(?P<ext>\.json)"),
)


def original_name(name: str) -> str | None:
    """The name of the file a conflict copy is a copy of, or None when it is not one."""
    for pattern in _PATTERNS:
        match = pattern.fullmatch(name)
        if match:
            return match["stem"] + match["ext"]
    return None


def remove_copy(path: Path) -> None:
    """Remove a conflict copy once all of it is in the journal. Call under ``locked()``."""
    if original_name(path.name) is None:
        raise StorageError(f"{path} is not a conflict copy; it was kept")
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"cannot remove {path}: {exc.strerror}") from None
