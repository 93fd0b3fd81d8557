"""The damaged-day policy: a span with a damaged day file is refused, naming the file and what
to do, unless ``--skip-damaged`` leaves such days out (and the view says which)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from selflead.errors import DamagedFileError, NewerSchemaError, UnreadableFileError

if TYPE_CHECKING:
    from selflead.store.journal import RangeRead


def check_damaged(read: RangeRead, *, skip_damaged: bool) -> list[DamagedFileError]:
    """Refuse a span with damaged days unless told to skip them; return the skipped ones."""
    if read.damaged and not skip_damaged:
        if len(read.damaged) == 1:
            only = read.damaged[0]
            if isinstance(only, NewerSchemaError | UnreadableFileError):
                raise only  # its own hint: upgrade selflead, or chown it
            raise DamagedFileError(
                only.path,
                only.problem,
                "pass --skip-damaged to leave it out, or run 'selflead doctor'",
            )
        first = read.damaged[0]
        if isinstance(first, UnreadableFileError):
            raise first
        raise DamagedFileError(
            first.path,
            f"{first.problem} (and {len(read.damaged) - 1} more damaged days)",
            "pass --skip-damaged to leave them out, or run 'selflead doctor'",
        )
    return read.damaged
