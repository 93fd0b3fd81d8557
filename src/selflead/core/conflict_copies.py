"""Conflict copies a file-sync tool (Syncthing, Dropbox, Nextcloud) left beside a journal file
(a day, a week's reflection, a week's commitments, a goal), for doctor: what one holds, and
``doctor --fix`` folding it back in.

A copy is the other device's version of the file, with no common ancestor, so it is merged
with ``core.merge`` as the union by id: a check-in only in the copy comes in; one in both
with other content keeps the version edited later and the other goes to the trash; a week's
field both wrote keeps both texts; commitments come together by commitment id and a goal
field by field, a short text that differs kept twice on its line. The copy is removed only
once every check-in in it is on its day or in the trash, and every text and id of a week, a
commitment or a goal in it is in the journal's file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from pydantic import BaseModel

from selflead.core import merge
from selflead.errors import DamagedFileError
from selflead.models import Commitment, Entry, Goal, WeeklyReflection
from selflead.store.conflicts import original_name, remove_copy
from selflead.store.journal import Store
from selflead.store.kinds import COMMITMENTS, GOAL, TRASH, WEEK, FileKind
from selflead.store.layout import JournalItem
from selflead.store.sync import kind_of, write_trash
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
            return _inspect_whole(store, item)
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
        return _fold_whole(store, item)
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


# ---- a whole document: a week's reflection, a week's commitments, a goal


@dataclass(frozen=True)
class _Whole:
    """How a kind's copy comes together with the journal's file (with no common ancestor)."""

    what: str  # "the week's reflection"
    held: Callable[[Any], Any]  # the document's value (the reflection, the commitments, ...)
    merge: Callable[[Any, Any], Any]  # the journal's value, the copy's: the merged value
    write: Callable[[Store, str, Any], object]
    how: str  # how the merge goes, for doctor
    # Whether all the copy holds (its ids, its texts) is in the journal's value.
    kept: Callable[[Any, Any], bool]
    # What the copy holds that the journal's file lacks: how many, of what ("commitment").
    new: Callable[[Any, Any], tuple[int, str]] = lambda ours, copy: (0, "")


_WHOLE: Final[dict[str, _Whole]] = {
    WEEK.name: _Whole(
        "the week's reflection",
        lambda doc: doc.reflection,
        lambda ours, copy: merge.merge_week(None, ours, copy).value,
        lambda store, key, value: store.write_week(key, value),
        "field by field, both texts kept where both wrote",
        lambda ours, copy: _week_kept(ours, copy),
    ),
    COMMITMENTS.name: _Whole(
        "the week's commitments",
        lambda doc: list(doc.commitments),
        lambda ours, copy: merge.merge_commitments(None, ours, copy).value,
        lambda store, key, value: store.write_commitments(key, value),
        "by commitment id, both texts kept where both wrote",
        lambda ours, copy: _commitments_kept(ours, copy),
        lambda ours, copy: (len({c.id for c in copy} - {c.id for c in ours}), "commitment"),
    ),
    GOAL.name: _Whole(
        "the goal",
        lambda doc: doc.goal,
        lambda ours, copy: merge.merge_goal(None, ours, copy).value,
        lambda store, key, value: store.write_goal(value),
        "field by field, its progress the union, both texts kept where both wrote",
        lambda ours, copy: _goal_kept(ours, copy),
        lambda ours, copy: (
            sum(1 for p in copy.progress if p not in ours.progress),
            "progress step",
        ),
    ),
}


def _kind(store: Store, item: JournalItem) -> FileKind:
    original = original_name(item.path.name)
    assert original is not None, "the scan found it a conflict copy"
    found = kind_of(item.path.with_name(original).relative_to(store.home).as_posix())
    assert found is not None and found[0].name in _WHOLE, "the scan found its kind"
    return found[0]


def _sides(store: Store, item: JournalItem) -> tuple[_Whole, Any | None, Any | None]:
    """How the copy's kind merges, the journal's value and the copy's (None: no file)."""
    assert item.week is not None
    kind = _kind(store, item)
    whole = _WHOLE[kind.name]
    copy = store.load(kind, item.path, item.week)
    current = store.read(kind, item.week)
    return (
        whole,
        None if current is None else whole.held(current),
        None if copy is None else whole.held(copy),
    )


def _has_texts(ours: BaseModel | None, copy: BaseModel, names: Iterable[str]) -> bool:
    """Whether each text ``names`` the copy holds is in (or is part of) the journal's."""
    for name in names:
        text = getattr(copy, name) or ""
        if text and (ours is None or text not in (getattr(ours, name) or "")):
            return False
    return True


def _week_kept(ours: WeeklyReflection | None, copy: WeeklyReflection) -> bool:
    return _has_texts(ours, copy, ("goal", "reality", "options", "will"))


def _commitments_kept(ours: list[Commitment] | None, copy: list[Commitment]) -> bool:
    held = {plan.id: plan for plan in ours or ()}
    return all(
        plan.id in held and _has_texts(held[plan.id], plan, merge.COMMITMENT_TEXTS) for plan in copy
    )


def _goal_kept(ours: Goal | None, copy: Goal) -> bool:
    return (
        ours is not None
        and _has_texts(ours, copy, merge.GOAL_TEXTS)
        and (copy.woop is None or _has_texts(ours.woop, copy.woop, merge.WOOP_TEXTS))
        and all(step in ours.progress for step in copy.progress)
    )


def _inspect_whole(store: Store, item: JournalItem) -> Seen:
    whole, current, copy = _sides(store, item)
    if copy is None or current == copy:
        return Seen(f"{COPY} (the same as {whole.what})", FOLD_FIX, True)
    if current is None:
        return Seen(
            f"{COPY} ({whole.what} is not in the journal; it comes in whole)", FOLD_FIX, True
        )
    try:
        whole.merge(current, copy)
    except ValueError as exc:
        return Seen(f"{COPY}, and {exc}", BY_HAND, False)
    count, noun = whole.new(current, copy)
    said = f"{COPY} ({whole.what} {whole.how})"
    if count:
        said += f"; {plural(count, noun)} in it {'is' if count == 1 else 'are'} not in the journal"
    return Seen(said, FOLD_FIX, True)


def _fold_whole(store: Store, item: JournalItem) -> str:
    """A week's, a commitments' or a goal's copy: merged into the journal's file, then removed
    once every text in it is in the journal's; ``""`` when not (it stays)."""
    whole, current, copy = _sides(store, item)
    assert item.week is not None
    if copy is None:
        remove_copy(item.path)
        return "it was empty; removed"
    if current != copy:
        try:
            merged = copy if current is None else whole.merge(current, copy)
        except ValueError:  # both texts too long to keep in one field: compare by hand
            return ""
        whole.write(store, item.week, merged)
    if not whole.kept(_sides(store, item)[1], copy):
        return ""
    remove_copy(item.path)
    return f"folded into {whole.what} and removed"
