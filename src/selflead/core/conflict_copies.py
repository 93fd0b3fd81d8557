"""Conflict copies a file-sync tool (Syncthing, Dropbox, Nextcloud) left beside a day's or a
week's file, for doctor: what one holds, and ``doctor --fix`` folding it back in.

A copy is the other device's version of the file, with no common ancestor, so it is merged
with ``core.merge`` as the union by id: a check-in only in the copy comes in; one in both
with other content keeps the version edited later and the other goes to the trash; a week's
field both wrote keeps both texts. The copy is removed only once every check-in in it is on
its day or in the trash, and the week holds what the merge made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from selflead.core import merge
from selflead.errors import DamagedFileError
from selflead.models import Entry
from selflead.store.conflicts import remove_copy
from selflead.store.journal import Store
from selflead.store.kinds import TRASH
from selflead.store.layout import JournalItem
from selflead.store.sync import write_trash
from selflead.words import plural

COPY: Final = "is a conflict copy a sync tool (Syncthing, Dropbox, Nextcloud) left"
FOLD_FIX: Final = "'selflead doctor --fix' folds it in by id, then removes the copy"
BY_HAND: Final = "compare it with the journal's file and copy what you need by hand, then delete it"


@dataclass(frozen=True)
class Seen:
    problem: str
    fix: str
    foldable: bool


def _day_merge(store: Store, item: JournalItem) -> tuple[list[Entry], merge.EntryMerge]:
    assert item.day is not None
    copy = store.load_day_file(item.path, item.day)
    return copy, merge.merge_entries(None, store.read_day(item.day), copy)


def inspect(store: Store, item: JournalItem) -> Seen:
    """What doctor says of a conflict copy."""
    try:
        if item.day is None:
            assert item.week is not None
            week_copy = store.load_week_file(item.path, item.week)
            current = store.read_week(item.week)
            what = (
                "the same as the week's"
                if current == week_copy
                else "the week's reflection field by field, both texts kept where both wrote"
            )
            return Seen(f"{COPY} ({what})", FOLD_FIX, True)
        copy, done = _day_merge(store, item)
    except DamagedFileError as exc:
        return Seen(f"{COPY}, and cannot be read: {exc.problem}", BY_HAND, False)
    here = {entry.id for entry in store.read_day(item.day)}
    missing = sum(1 for entry in copy if entry.id not in here)
    said = (
        f"{plural(missing, 'check-in')} in it {'is' if missing == 1 else 'are'} not in the journal"
    )
    if done.both_changed:
        differ = "differs" if done.both_changed == 1 else "differ"
        said += (
            f"; {plural(done.both_changed, 'check-in')} {differ} from the journal's: the version "
            "edited last is kept, the other goes to the trash"
        )
    return Seen(f"{COPY}; {said}", FOLD_FIX, True)


def fold(store: Store, item: JournalItem, now: datetime) -> str:
    """Fold a conflict copy in and remove it; ``""`` when it could not all be kept (it stays).
    Under the journal lock."""
    if item.day is None:
        assert item.week is not None
        week_copy = store.load_week_file(item.path, item.week)
        current = store.read_week(item.week)
        if week_copy is None:
            remove_copy(item.path)
            return "it was empty; removed"
        if current is None:
            store.write_week(item.week, week_copy)
        elif current != week_copy:
            store.write_week(item.week, merge.merge_week(None, current, week_copy).value)
        remove_copy(item.path)
        return "folded into its week and removed"
    copy, done = _day_merge(store, item)
    write_trash(store, done.trashed, now)
    store.write_day(item.day, done.entries)
    on_day = store.read_day(item.day)
    for entry in copy:
        kept = entry.model_copy(update={"id": merge.trash_id(entry)})
        trashed = store.read(TRASH, kept.id)
        if entry not in on_day and (trashed is None or trashed.entry != kept):
            return ""
    remove_copy(item.path)
    trashed_words = (
        f", {plural(len(done.trashed), 'older version')} in the trash" if done.trashed else ""
    )
    return (
        f"folded it in by id ({plural(len(done.entries), 'check-in')} on the day"
        f"{trashed_words}) and removed the copy"
    )
