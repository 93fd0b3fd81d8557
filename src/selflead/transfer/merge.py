"""Three-way merges of one journal file, for git's merge driver (``selflead sync``).

git hands the driver the common ancestor, ours and theirs of one file. A day file merges by
entry id with the import's merge by id (``transfer.backup.plan``): the union of both sides;
an entry changed on one side only takes that change; one deleted on one side and unchanged on
the other is deleted; one deleted on one side and changed on the other is kept (nothing typed
is lost). An entry changed differently on both sides keeps ours under its id and theirs as a
second entry (its id plus ``.both-``), until edits carry an ``updated`` time and a trash.
A week's reflection merges field by field; a field both sides changed keeps both texts.

Each kind's merge is one entry in ``MERGES`` (by the kind's name in ``store.kinds``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from selflead.models import MAX_REFLECTION, Entry, WeeklyReflection
from selflead.transfer.backup import Backup, plan


@dataclass(frozen=True)
class Merged:
    fields: dict[str, Any]  # the merged document's fields (without schema_version)
    both_changed: int = 0  # entries or fields both sides changed


def _second_id(entry: Entry) -> str:
    digest = hashlib.sha256(entry.model_dump_json().encode("utf-8")).hexdigest()[:8]
    return f"{entry.id[:50]}.both-{digest}"


def merge_day(base: Any | None, ours: Any | None, theirs: Any | None) -> Merged:
    """Day files (``DayFile`` or None when a side has no file)."""
    known = ours or theirs or base
    assert known is not None
    o = {e.id: e for e in (base.entries if base else [])}
    a = list(ours.entries) if ours else []
    b = list(theirs.entries) if theirs else []
    by_b = {e.id: e for e in b}
    todo = plan(Backup(entries=b, reviews=[]), a, {})
    result: list[Entry] = []
    both = 0
    for entry in a:
        other = by_b.get(entry.id)
        original = o.get(entry.id)
        if other is None:
            if original is not None and entry == original:
                continue  # deleted on their side, unchanged on ours: deleted
            result.append(entry)  # new on ours, or changed on ours and deleted on theirs
        elif other in (entry, original):
            result.append(entry)
        elif entry == original:
            result.append(other)  # changed on their side only
        else:
            both += 1
            result.append(entry)
            result.append(other.model_copy(update={"id": _second_id(other)}))
    for new in todo.days.get(known.date, []):
        original = o.get(new.id)
        if original is not None and new == original:
            continue  # deleted on our side, unchanged on theirs: deleted
        result.append(new)
    return Merged({"date": known.date, "entries": result}, both)


_GROW: Final = ("goal", "reality", "options", "will")


def merge_week(base: Any | None, ours: Any | None, theirs: Any | None) -> Merged:
    """Week files: each GROW field three ways; a field changed on both sides keeps both."""
    known = ours or theirs or base
    assert known is not None
    if ours is None or theirs is None:
        return Merged({"week": known.week, "reflection": known.reflection})
    o: WeeklyReflection | None = base.reflection if base else None
    a: WeeklyReflection = ours.reflection
    b: WeeklyReflection = theirs.reflection
    fields: dict[str, Any] = {}
    both = 0
    for name in _GROW:
        mine, yours = getattr(a, name), getattr(b, name)
        was = getattr(o, name) if o else ""
        if mine == yours or yours == was:
            fields[name] = mine
        elif mine == was:
            fields[name] = yours
        else:
            both += 1
            joined = f"{mine.rstrip()}\n\n{yours.lstrip()}"
            if len(joined) > MAX_REFLECTION:
                raise ValueError(f"the week's {name} would be longer than {MAX_REFLECTION}")
            fields[name] = joined
    fields["created"] = min(a.created, b.created)
    fields["updated"] = max(a.updated, b.updated)
    return Merged({"week": known.week, "reflection": WeeklyReflection(**fields)}, both)


MERGES: Final[dict[str, Callable[[Any | None, Any | None, Any | None], Merged]]] = {
    "day": merge_day,
    "week": merge_week,
}
