"""Doctor's comparison of the index with the day files, from the reads doctor makes anyway.

Doctor reads every day file once for its own checks; ``DaysRead`` keeps what each read found
(a digest of the entries as the index holds them, written by one call of pydantic's
serializer per day, or that the file is damaged), and
``differences`` compares the index with those digests a day at a time, reading again only a
day doctor did not read. The same findings, worded the same, as reading every file twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Final

from pydantic import TypeAdapter

from selflead.errors import DamagedFileError
from selflead.models import Entry

if TYPE_CHECKING:
    from selflead.store.index import Index


def _digest(docs: bytes) -> bytes:
    return hashlib.blake2b(docs, digest_size=16).digest()


def _joined(docs: Iterable[str]) -> bytes:
    """A day's entry documents as the index holds them, as one JSON list: the text
    ``_ENTRIES.dump_json`` writes for those entries (the same serializer, without spaces)."""
    return f"[{','.join(docs)}]".encode("utf-8", "surrogatepass")


_ENTRIES: Final = TypeAdapter(list[Entry])


class DaysRead:
    """What reading each day file found, by day: its entries' digest, or None (damaged)."""

    def __init__(self) -> None:
        self.found: dict[str, bytes | None] = {}

    def read(self, day: date, entries: Sequence[Entry]) -> None:
        self.found[day.isoformat()] = _digest(_ENTRIES.dump_json(list(entries)))

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
    rows = index.db.execute("SELECT day, doc FROM entries ORDER BY day, seq")
    with contextlib.closing(rows):
        days = itertools.groupby(rows, key=lambda row: str(row[0]))
        pending = next(days, None)
        for key in files:
            while pending is not None and pending[0] < key:
                pending = next(days, None)
            docs = _digest(_joined([]))
            if pending is not None and pending[0] == key:
                docs = _digest(_joined(str(doc) for _, doc in pending[1]))
                pending = next(days, None)
            if key not in read.found:  # a day doctor did not read: read it now
                day = date.fromisoformat(key)
                try:
                    read.read(day, store.read_day(day))
                except DamagedFileError:
                    read.damaged(day)
            found = read.found[key]
            if found is None:
                if key in held and not held[key]:
                    said.append(f"holds {key} as readable, but its file is damaged")
                continue
            if key not in held:
                said.append(f"does not hold the day {key}")
            elif found != docs:
                said.append(f"holds other entries for {key} than its file")
    for key in held.keys() - set(files):
        said.append(f"holds the day {key}, which has no file")
    return said
