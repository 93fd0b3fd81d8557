"""Doctor's comparison of the index with the day files, from the reads doctor makes anyway.

Doctor reads every day file once for its own checks; ``DaysRead`` keeps what each read found
(a digest of the entries as the index holds them, written by one call of pydantic's
serializer per day, or that the file is damaged), and
``differences`` compares the index with those digests a day at a time, reading again only a
day doctor did not read. The same findings, worded the same, as reading every file twice.

A file whose bytes have the digest the index keeps of them (``days.digest``: the bytes of a
file it read as sound, exactly as selflead writes them) is that file: the index holds its
entries, and they were validated when it read them. Doctor reads such a file's bytes, but
neither validates nor compares it again (``DaysRead.as_indexed``): it takes the entries' ids
from the index. Any other file is read and validated in full, and compared entry by entry.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Final

from pydantic import TypeAdapter

from selflead.errors import DamagedFileError, StorageError
from selflead.models import Entry
from selflead.store.documents import file_digest

if TYPE_CHECKING:
    from selflead.store.index import Index


def _joined(docs: Iterable[str]) -> bytes:
    """A day's entry documents as the index holds them, as one JSON list: the text
    ``_ENTRIES.dump_json`` writes for those entries (the same serializer, without spaces)."""
    return f"[{','.join(docs)}]".encode("utf-8", "surrogatepass")


_ENTRIES: Final = TypeAdapter(list[Entry])
_AGREES: Final = b"as indexed"  # what a day the index holds byte for byte was found to be


class DaysRead:
    """What reading each day file found, by day: its entries' digest, or None (damaged).

    Given the index (brought up to date first), it also knows which files the index holds
    byte for byte (``as_indexed``); an index that cannot be used knows none.
    """

    def __init__(self, index: Index | None = None) -> None:
        self.found: dict[str, bytes | None] = {}
        self._digests: dict[date, bytes] = {}
        self._ids: dict[str, str] = {}  # each day's entry ids, space-separated, as added
        if index is None:
            return
        try:
            index.refresh()
            self._digests = index.digests(None, None)
            rows = index.db.execute(
                "SELECT day, group_concat(id, ' ') FROM "
                "(SELECT day, id FROM entries ORDER BY day, seq) GROUP BY day"
            )
            self._ids = {str(day): str(ids) for day, ids in rows}  # an id has no space
        except (sqlite3.Error, StorageError):  # ``differences`` says what is wrong with it
            self._digests, self._ids = {}, {}

    def as_indexed(self, day: date, raw: bytes) -> list[str] | None:
        """The ids of ``day``'s entries, from the index, when ``raw`` (its file's bytes) is
        the file the index read as sound; None when it is not (read it in full)."""
        key = day.isoformat()
        held = self._digests.pop(day, None)
        if held is None or held != file_digest(raw):
            return None
        self.found[key] = _AGREES
        return self._ids.pop(key, "").split(" ") if key in self._ids else []

    def read(self, day: date, entries: Sequence[Entry]) -> None:
        self.found[day.isoformat()] = file_digest(_ENTRIES.dump_json(list(entries)))

    def damaged(self, day: date) -> None:
        self.found[day.isoformat()] = None


def differences(index: Index, read: DaysRead) -> list[str]:
    """How the index differs from the day files: [] when it agrees; the day files' side comes
    from ``read`` (doctor's one read of every file), not from a second read."""
    store = index.store
    index.refresh()
    said: list[str] = []
    held = {
        str(day): problem is not None
        for day, problem in index.db.execute("SELECT day, problem FROM days")
    }
    files = [day.isoformat() for day in store.days()]
    for key in files:
        if key not in read.found:  # a day doctor did not read: read it now
            day = date.fromisoformat(key)
            try:
                read.read(day, store.read_day(day))
            except DamagedFileError:
                read.damaged(day)
        found = read.found[key]
        if found == _AGREES:
            continue
        if found is None:
            if key in held and not held[key]:
                said.append(f"holds {key} as readable, but its file is damaged")
            continue
        if key not in held:
            said.append(f"does not hold the day {key}")
        elif found != file_digest(_joined(_docs(index, key))):
            said.append(f"holds other entries for {key} than its file")
    for key in held.keys() - set(files):
        said.append(f"holds the day {key}, which has no file")
    return said


def _docs(index: Index, key: str) -> list[str]:
    """The entry documents the index holds for the day ``key``, in their order."""
    rows = index.db.execute("SELECT doc FROM entries WHERE day = ? ORDER BY seq", (key,))
    with contextlib.closing(rows):
        return [str(doc) for (doc,) in rows]
