"""Doctor's checks across files: an entry id in two places (a move or a delete cut short), a
trash that agrees with the journal, and the index against the day files. Each finding says
what ``doctor --fix`` does about it, and the fix never loses a version of an entry."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from selflead.errors import InputError
from selflead.models import Entry, TrashFile
from selflead.store import changes
from selflead.store.journal import Store
from selflead.store.kinds import TRASH

_IGNORED = {"date", "updated"}  # what a move changes


@dataclass(frozen=True)
class Copy:
    """One copy of an entry: the day file that holds it and the entry as written there."""

    path: Path
    day: date
    entry: Entry


def same_content(one: Entry, other: Entry) -> bool:
    """Equal but for the day and when it was edited: the two ends of a move."""
    return one.model_dump(exclude=_IGNORED) == other.model_dump(exclude=_IGNORED)


def keeper(copies: list[Copy]) -> Copy | None:
    """The copy that stays: the one edited last (a move writes its new day first, so after a
    cut-short move the new day's copy is the newer). Copies never edited stay only when they
    are the same entry in one file. None: a person must choose."""
    edited = [c for c in copies if c.entry.updated is not None]
    pool = edited or copies
    if edited:
        latest = max(c.entry.updated for c in edited if c.entry.updated is not None)
        pool = [c for c in edited if c.entry.updated == latest]
    first = pool[0]
    if edited and len(pool) == 1:
        return first
    if all(c.day == first.day and c.entry == first.entry for c in pool[1:]):
        return first if edited or len(pool) == len(copies) else None
    return None


def plan(copies: list[Copy]) -> tuple[Copy, list[Copy]] | None:
    """The copy kept and the older version that goes to the trash (at most one), or None."""
    kept = keeper(copies)
    if kept is None:
        return None
    older = [c for c in copies if c is not kept and not same_content(c.entry, kept.entry)]
    if len({c.entry.model_dump_json() for c in older}) > 1:
        return None
    return kept, older[:1]


def describe_duplicate(store: Store, entry_id: str, copies: list[Copy]) -> tuple[str, bool]:
    """The fix doctor proposes for an id found more than once, and whether --fix can make it."""
    planned = plan(copies)
    if planned is None:
        return "keep one copy: remove the other from its file by hand", False
    kept, older = planned
    where = kept.path.relative_to(store.home)
    if not older:
        return f"'selflead doctor --fix' keeps the copy in {where} (the others are the same)", True
    return (
        f"'selflead doctor --fix' keeps the copy edited last, in {where}, and moves the older "
        "version to the trash (see 'selflead trash')",
        True,
    )


def resolve_duplicate(store: Store, days: list[date], entry_id: str, now: datetime) -> str:
    """Keep the copy edited last; remove the others that say the same, move an older version
    to the trash. Under the lock."""
    copies = find_copies(store, days, entry_id)
    planned = plan(copies) if len(copies) > 1 else None
    if planned is None:
        raise InputError("its copies changed meanwhile; left for you to choose")
    kept, older = planned
    if older and store.read(TRASH, entry_id) is not None:
        raise InputError("the trash already holds a version of it; left for you to choose")
    by_day: defaultdict[date, list[Copy]] = defaultdict(list)
    for copy in copies:
        if copy is not kept:
            by_day[copy.day].append(copy)
    for old in older:
        item = TrashFile(
            schema_version=store.schema.version, id=entry_id, deleted=now, entry=old.entry
        )
        store._write(changes.trash_path(store, entry_id), item)  # the one atomic write
    for day in by_day:
        entries = store.read_day(day)
        if day == kept.day:  # copies in the kept one's own file: keep its first
            first = next(n for n, e in enumerate(entries) if e.id == entry_id)
            left = [e for n, e in enumerate(entries) if e.id != entry_id or n == first]
        else:
            left = [e for e in entries if e.id != entry_id]
        store.write_day(day, left)
    return f"kept the copy in {kept.path.relative_to(store.home)}" + (
        "; the older version is in the trash" if older else ""
    )


def find_copies(store: Store, days: list[date], entry_id: str) -> list[Copy]:
    """Every copy of ``entry_id`` in the files of ``days`` (each day once)."""
    found = []
    for day in sorted(set(days)):
        for entry in store.read_day(day):
            if entry.id == entry_id:
                found.append(Copy(store.day_path(day), day, entry))
    return found


def trashed_and_present(item: TrashFile, on_its_day: list[Entry]) -> tuple[str, str, bool]:
    """A trashed entry whose id is on its day again (a delete or a restore cut short):
    (problem, fix, whether --fix can remove the trash copy)."""
    here = next(e for e in on_its_day if e.id == item.id)
    if here == item.entry:
        return (
            f"holds a deleted entry that is also on {item.entry.date} (an interrupted delete "
            "or restore)",
            "'selflead doctor --fix' removes this trash copy, which says the same",
            True,
        )
    return (
        f"holds a deleted entry whose id is also on {item.entry.date}, with other content",
        "keep one: 'selflead delete' the one on the day, or remove this file by hand",
        False,
    )


def remove_trash_copy(store: Store, entry_id: str) -> str:
    item: TrashFile | None = store.read(TRASH, entry_id)
    if item is None:
        return "nothing to do"
    if item.entry not in store.read_day(item.entry.date):
        raise InputError("it is not on its day any more; left in place")
    changes.remove(changes.trash_path(store, entry_id))
    return "removed the trash copy"
