"""Three-way merges of one journal file, for git's merge driver (``selflead sync``).

git hands the driver the common ancestor, ours and theirs of one file (a side without the file
is None). Each kind's merge is one entry in ``MERGES`` (by the kind's name in ``store.kinds``)
and every rule is ``core.merge``'s, the merge by id that ``import`` starts from too: a day by
entry id (a version that lost goes to the trash), a week's reflection and a goal field by
field, a week's commitments by commitment id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from selflead.core import merge
from selflead.models import Entry


@dataclass(frozen=True)
class Merged:
    fields: dict[str, Any]  # the merged document's fields (without schema_version)
    trashed: list[Entry] = field(default_factory=list)  # for the trash, under their trash ids
    both_changed: int = 0  # entries or fields both sides changed


def _known(*sides: Any | None) -> Any:
    known = next((side for side in sides if side is not None), None)
    assert known is not None, "git merges a file at least one side has"
    return known


def merge_day(base: Any | None, ours: Any | None, theirs: Any | None) -> Merged:
    """Day files (``DayFile``)."""
    known = _known(ours, theirs, base)
    done = merge.merge_entries(
        None if base is None else base.entries,
        [] if ours is None else ours.entries,
        [] if theirs is None else theirs.entries,
    )
    return Merged({"date": known.date, "entries": done.entries}, done.trashed, done.both_changed)


def merge_week(base: Any | None, ours: Any | None, theirs: Any | None) -> Merged:
    """Week files (``WeekFile``): the reflection field by field."""
    known = _known(ours, theirs, base)
    if ours is None or theirs is None:  # one side deleted it: keep what the other wrote
        return Merged({"week": known.week, "reflection": _known(ours, theirs).reflection})
    done = merge.merge_week(
        None if base is None else base.reflection, ours.reflection, theirs.reflection
    )
    return Merged({"week": known.week, "reflection": done.value}, both_changed=done.both_changed)


def merge_commitments(base: Any | None, ours: Any | None, theirs: Any | None) -> Merged:
    """Commitment files (``CommitmentsFile``): by commitment id."""
    known = _known(ours, theirs, base)
    done = merge.merge_commitments(
        None if base is None else base.commitments,
        [] if ours is None else ours.commitments,
        [] if theirs is None else theirs.commitments,
    )
    return Merged({"week": known.week, "commitments": done.value}, both_changed=done.both_changed)


def merge_goal(base: Any | None, ours: Any | None, theirs: Any | None) -> Merged:
    """Goal files (``GoalFile``): field by field."""
    known = _known(ours, theirs, base)
    if ours is None or theirs is None:
        return Merged({"id": known.id, "goal": _known(ours, theirs).goal})
    done = merge.merge_goal(None if base is None else base.goal, ours.goal, theirs.goal)
    return Merged({"id": known.id, "goal": done.value}, both_changed=done.both_changed)


def merge_trash(base: Any | None, ours: Any | None, theirs: Any | None) -> Merged:
    """Trash files (``TrashFile``): both deleted the same entry; ours stays, and their version,
    where it differs, goes to the trash beside it."""
    kept = _known(ours, theirs, base)
    other = theirs if kept is ours else None
    trashed = [] if other is None or other.entry == kept.entry else [other.entry]
    return Merged(
        {"id": kept.id, "deleted": kept.deleted, "entry": kept.entry},
        [e.model_copy(update={"id": merge.trash_id(e)}) for e in trashed],
    )


MERGES: Final[dict[str, Callable[[Any | None, Any | None, Any | None], Merged]]] = {
    "day": merge_day,
    "week": merge_week,
    "commitments": merge_commitments,
    "goal": merge_goal,
    "trash": merge_trash,
}
