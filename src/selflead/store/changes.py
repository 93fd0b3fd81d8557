"""Changing saved entries: replace one (on its day or another), move one to the trash, put it
back, empty the trash. Each holds the journal lock for the whole change and orders its writes
so that a crash between two of them leaves a copy too many, never one too few:

- moving an entry to another day writes the new day first, then removes it from the old one;
- deleting writes the trash file first, then removes the entry from its day;
- restoring writes the day first, then removes the trash file.

A copy too many is what ``selflead doctor`` reports and ``doctor --fix`` resolves by id.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from selflead.errors import DamagedFileError, InputError, StorageError
from selflead.models import Entry, TrashFile
from selflead.store.files import fsync_dir
from selflead.store.journal import Store
from selflead.store.kinds import TRASH


@dataclass
class Trash:
    """What the trash holds, the deleted last first, and its files that could not be read."""

    items: list[TrashFile] = field(default_factory=list)
    damaged: list[DamagedFileError] = field(default_factory=list)


def _without(entries: list[Entry], entry_id: str) -> list[Entry]:
    return [e for e in entries if e.id != entry_id]


def _find(store: Store, day: date, entry_id: str) -> tuple[list[Entry], Entry]:
    entries = store.read_day(day)
    for entry in entries:
        if entry.id == entry_id:
            return entries, entry
    raise InputError(
        f"the entry {entry_id} is no longer on {day}",
        "it was changed meanwhile; run the command again",
    )


def replace_entry(store: Store, old_day: date, new: Entry) -> Path:
    """Put ``new`` in place of the entry with its id on ``old_day``, under the lock. On
    another day it goes after that day's entries (new day written first)."""
    with store.locked():
        entries, _ = _find(store, old_day, new.id)
        if new.date == old_day:
            store.write_day(old_day, [new if e.id == new.id else e for e in entries])
        else:
            target = _without(store.read_day(new.date), new.id)
            store.write_day(new.date, [*target, new])
            store.write_day(old_day, _without(entries, new.id))
    return store.day_path(new.date)


def trash_path(store: Store, entry_id: str) -> Path:
    return store.path(TRASH, entry_id)


def delete_entry(store: Store, day: date, entry_id: str, now: datetime) -> TrashFile:
    """Move the entry to the trash, whole, with when it was deleted. Under the lock."""
    with store.locked():
        entries, entry = _find(store, day, entry_id)
        path = trash_path(store, entry_id)
        if store.load(TRASH, path, entry_id) is not None:
            raise InputError(
                f"the trash already holds an entry with the id {entry_id}",
                "restore it or empty the trash first ('selflead trash')",
            )
        item = TrashFile(schema_version=store.schema.version, id=entry_id, deleted=now, entry=entry)
        store._write(path, item)  # the store's one atomic, migration-aware write
        store.write_day(day, _without(entries, entry_id))
    return item


def read_trash(store: Store) -> Trash:
    """Every trashed entry, the deleted last first."""
    trash = Trash()
    for key in store.keys(TRASH):
        try:
            item = store.load(TRASH, trash_path(store, key), key)
        except DamagedFileError as exc:
            trash.damaged.append(exc)
            continue
        if item is not None:
            trash.items.append(item)
    trash.items.sort(key=lambda t: t.deleted, reverse=True)
    return trash


def restore_entry(store: Store, entry_id: str) -> Entry:
    """Put a trashed entry back on its day, after that day's entries. Refuses when that id is
    on that day already. Under the lock."""
    with store.locked():
        path = trash_path(store, entry_id)
        item: TrashFile | None = store.load(TRASH, path, entry_id)
        if item is None:
            raise InputError(f"the trash holds no entry {entry_id}", "see 'selflead trash'")
        entry = item.entry
        current = store.read_day(entry.date)
        if any(e.id == entry_id for e in current):
            raise InputError(
                f"the entry {entry_id} is already on {entry.date}, so it was not restored",
                "run 'selflead doctor' if you did not expect it there",
            )
        store.write_day(entry.date, [*current, entry])
        remove(path)
    return entry


def empty_trash(store: Store) -> int:
    """Remove every file of the trash; how many there were. Under the lock."""
    with store.locked():
        keys = store.keys(TRASH)
        for key in keys:
            remove(trash_path(store, key))
    return len(keys)


def remove(path: Path) -> None:
    """Remove a journal file (a trash file, or a copy doctor resolved), and flush its folder."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"cannot remove {path}: {exc.strerror}") from None
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)
