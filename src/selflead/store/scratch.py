"""Scratch files for ``$EDITOR``: private (0600), outside the journal, removed afterwards."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from selflead.errors import StorageError


@contextlib.contextmanager
def scratch_file(text: str, *, suffix: str = ".txt") -> Iterator[Path]:
    """A new temporary file holding ``text`` (mode 0600, made by ``mkstemp``), removed when
    the block ends, whatever happens in it."""
    try:
        fd, name = tempfile.mkstemp(prefix="selflead-", suffix=suffix)
    except OSError as exc:
        raise StorageError(
            f"cannot create a temporary file for the editor: {exc.strerror}",
            "check TMPDIR and free space",
        ) from None
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def read_scratch(path: Path) -> str:
    """What the editor left in the scratch file (invalid UTF-8 kept as replacement marks)."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""  # the editor removed it: as good as emptied
    except OSError as exc:
        raise StorageError(f"cannot read back {path}: {exc.strerror}") from None
