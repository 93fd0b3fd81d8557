"""Merging by id: the one home of how two versions of the journal's items come together.

``match`` is the rule every merge starts from, and ``selflead import`` uses it as it is
(``transfer.importing.plan``): an item whose id the other side lacks is new, one with the same
content is already there, one whose id is there with other content differs.

``selflead sync`` (git's merge driver) and ``doctor --fix`` (a sync tool's conflict copy)
merge two sides, with their common ancestor where git has one (``base``):

- entries (a day file): the union by id. An entry changed on one side only takes that change;
  one deleted on one side and unchanged on the other is deleted; one deleted on one side and
  changed on the other is kept. One changed on both sides keeps the version edited later (its
  ``updated``, else its ``created``) and hands the other back in ``trashed``, for the trash:
  no text anyone typed is lost.
- a week's reflection: field by field; a field both sides changed keeps both texts.
- commitments: by commitment id, each field three ways, their marks by day.
- a goal: field by field (its WOOP too), its progress the union of both histories.

A short text both sides changed (a commitment's when and will; a goal's title, measure and
WOOP) keeps both on its one line, ``ours (also written on another device: theirs)``, so that
the user sees both where the text is used and keeps the one they want (``goal edit``); like a
week's field, a join that would not fit the field is refused (``ValueError``) rather than cut.

Pure: no file is read or written here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from selflead.models import (
    MAX_REFLECTION,
    Commitment,
    Entry,
    Goal,
    Mark,
    Progress,
    WeeklyReflection,
    Woop,
)

T = TypeVar("T")
Verdict = Literal["new", "same", "differs"]

NEW: Final = "new"
SAME: Final = "same"
DIFFERS: Final = "differs"
BOTH_SIDES: Final = "--- also written on another device:"
ALSO: Final = "also written on another device:"  # the same, on one line
TOO_LONG: Final = "both versions of"  # how a merge that cannot keep both texts says so
# The short texts a commitment and a goal hold: both kept on one line when both sides changed
# them (every other field keeps our side's value).
COMMITMENT_TEXTS: Final = frozenset({"when", "will"})
GOAL_TEXTS: Final = frozenset({"title", "measure"})
WOOP_TEXTS: Final = frozenset({"wish", "outcome", "obstacle", "plan"})


def match(item: T, held: Sequence[T]) -> Verdict:
    """How ``item`` stands against the versions of its id the other side ``held``."""
    if not held:
        return NEW
    return SAME if item in held else DIFFERS


def pick(base: T | None, ours: T, theirs: T) -> tuple[T, bool]:
    """One value three ways: the side that changed it; ``True`` when both changed it
    differently (ours is returned then; the caller decides what else to keep)."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def _edited(entry: Entry) -> tuple[str, str]:
    moment = entry.updated or entry.created
    return moment.isoformat(), entry.model_dump_json()


def trash_id(entry: Entry) -> str:
    """The id the version that lost a merge keeps in the trash: a hash of what it says, then
    its own id, so that it can be restored beside the version kept with a short id of its own
    (and the same version trashed twice is one file)."""
    digest = hashlib.sha256(entry.model_dump_json().encode("utf-8")).hexdigest()[:12]
    return f"{digest}.{entry.id}"[:64]


@dataclass
class EntryMerge:
    entries: list[Entry] = field(default_factory=list)
    trashed: list[Entry] = field(default_factory=list)  # versions that lost, under trash_id
    both_changed: int = 0


def merge_entries(
    base: Sequence[Entry] | None, ours: Sequence[Entry], theirs: Sequence[Entry]
) -> EntryMerge:
    """One day's entries, three ways (``base`` None: no common ancestor, the union)."""
    was = {entry.id: entry for entry in base or ()}
    theirs_by = {entry.id: entry for entry in theirs}
    ours_ids = {entry.id for entry in ours}
    out = EntryMerge()
    for entry in ours:
        other = theirs_by.get(entry.id)
        verdict = match(entry, [] if other is None else [other])
        original = was.get(entry.id)
        if verdict == NEW:
            if original is not None and entry == original:
                continue  # deleted on their side, unchanged on ours
            out.entries.append(entry)
        elif verdict == SAME:
            out.entries.append(entry)
        else:
            assert other is not None
            kept, both = pick(original, entry, other)
            if both:
                kept, lost = sorted((entry, other), key=_edited, reverse=True)
                out.trashed.append(lost.model_copy(update={"id": trash_id(lost)}))
                out.both_changed += 1
            out.entries.append(kept)
    for entry in theirs:
        if entry.id in ours_ids:
            continue
        original = was.get(entry.id)
        if original is not None and entry == original:
            continue  # deleted on our side, unchanged on theirs
        out.entries.append(entry)
    out.entries.sort(key=lambda e: e.created)
    return out


def _join(ours: str, theirs: str) -> str:
    if not ours.strip():
        return theirs
    if not theirs.strip():
        return ours
    return f"{ours.rstrip()}\n\n{BOTH_SIDES}\n{theirs.strip()}"


@dataclass
class ItemMerge:
    value: Any
    both_changed: int = 0


def merge_week(
    base: WeeklyReflection | None, ours: WeeklyReflection, theirs: WeeklyReflection
) -> ItemMerge:
    """A week's reflection, field by field; a field both sides changed keeps both texts."""
    fields: dict[str, Any] = {}
    both = 0
    for name in ("goal", "reality", "options", "will"):
        was = getattr(base, name) if base is not None else ""
        value, clash = pick(was, getattr(ours, name), getattr(theirs, name))
        if clash:
            both += 1
            value = _join(getattr(ours, name), getattr(theirs, name))
            if len(value) > MAX_REFLECTION:
                raise ValueError(f"{TOO_LONG} the week's {name} together are too long to keep")
        fields[name] = value
    fields["created"] = min(ours.created, theirs.created)
    fields["updated"] = max(ours.updated, theirs.updated)
    return ItemMerge(WeeklyReflection(**fields), both)


def _holds(line: str, text: str) -> bool:
    """Whether a line joined before holds ``text`` as one of its texts."""
    return line.startswith(f"{text} ({ALSO} ") or f"({ALSO} {text})" in line


def join_line(ours: str, theirs: str) -> str:
    """Both texts of a one-line field both sides changed (once: a side whose line was joined
    before and holds the other's text already is kept as it is)."""
    mine, yours = ours.strip(), theirs.strip()
    if _holds(mine, yours):
        return mine
    if _holds(yours, mine):
        return yours
    return f"{mine} ({ALSO} {yours})"


def _merge_fields(
    base: BaseModel | None,
    ours: BaseModel,
    theirs: BaseModel,
    lists: dict[str, Callable[[Any, Any, Any], Any]],
    texts: frozenset[str] = frozenset(),
    what: str = "",
) -> ItemMerge:
    """A model field by field; the fields in ``lists`` with their own merge, the ``texts``
    both sides changed with both texts kept (``join_line``)."""
    fields: dict[str, Any] = {}
    both = 0
    joined: list[str] = []
    for name in type(ours).model_fields:
        was = getattr(base, name) if base is not None else None
        mine, yours = getattr(ours, name), getattr(theirs, name)
        if name in lists:
            fields[name] = lists[name](was, mine, yours)
            continue
        fields[name], clash = pick(was, mine, yours)
        both += clash
        if clash and name in texts and isinstance(mine, str) and isinstance(yours, str):
            fields[name] = join_line(mine, yours)
            joined.append(name)
    try:
        return ItemMerge(type(ours).model_validate(fields), both)
    except ValidationError:
        if not joined:
            raise
        raise ValueError(
            f"{TOO_LONG} {what} {' and '.join(joined)} together are too long to keep"
        ) from None


def _marks(base: list[Mark] | None, ours: list[Mark], theirs: list[Mark]) -> list[Mark]:
    """A commitment's marks by day, three ways."""
    was = {m.date: m for m in base or ()}
    mine = {m.date: m for m in ours}
    yours = {m.date: m for m in theirs}
    out: list[Mark] = []
    for day in sorted(set(mine) | set(yours)):
        if day not in yours:
            if was.get(day) != mine[day]:
                out.append(mine[day])  # new or changed on our side
            continue
        if day not in mine:
            if was.get(day) != yours[day]:
                out.append(yours[day])
            continue
        out.append(pick(was.get(day), mine[day], yours[day])[0])
    return out


def _progress(
    base: list[Progress] | None, ours: list[Progress], theirs: list[Progress]
) -> list[Progress]:
    """A goal's history: every step either side recorded, in order of day (deleted steps stay
    deleted only when both sides dropped them, or one did and the other left them alone)."""
    was = list(base or ())
    kept = [p for p in ours if p in theirs or p not in was]
    kept += [p for p in theirs if p not in ours and p not in was]
    return sorted(kept, key=lambda p: p.date)


def merge_commitments(
    base: Sequence[Commitment] | None, ours: Sequence[Commitment], theirs: Sequence[Commitment]
) -> ItemMerge:
    """A week's commitments by commitment id: the union, each one field by field."""
    was = {c.id: c for c in base or ()}
    yours = {c.id: c for c in theirs}
    out: list[Commitment] = []
    both = 0
    for plan in ours:
        other = yours.get(plan.id)
        original = was.get(plan.id)
        if other is None:
            if original is None or plan != original:
                out.append(plan)
            continue
        if match(plan, [other]) == SAME:
            out.append(plan)
            continue
        merged = _merge_fields(
            original,
            plan,
            other,
            {"marks": _marks},
            COMMITMENT_TEXTS,
            f"the commitment {plan.id}'s",
        )
        both += merged.both_changed
        out.append(merged.value)
    mine = {c.id for c in ours}
    for other in theirs:
        original = was.get(other.id)
        if other.id not in mine and (original is None or other != original):
            out.append(other)
    return ItemMerge(out, both)


def _woop(goal_id: str) -> Callable[[Woop | None, Woop | None, Woop | None], Woop | None]:
    """How a goal's WOOP merges: field by field (a side without one: the other's, as
    ``pick``)."""

    def merged(base: Woop | None, ours: Woop | None, theirs: Woop | None) -> Woop | None:
        if ours is None or theirs is None or ours == theirs:
            return pick(base, ours, theirs)[0]
        what = f"the goal {goal_id}'s WOOP"
        woop: Woop = _merge_fields(base, ours, theirs, {}, WOOP_TEXTS, what).value
        return woop

    return merged


def merge_goal(base: Goal | None, ours: Goal, theirs: Goal) -> ItemMerge:
    """One goal, field by field; its progress the union of both histories, a short text both
    sides changed kept twice on its line (the title and the WOOP's wish the same way, so that
    the wish stays the title)."""
    if match(ours, [theirs]) == SAME:
        return ItemMerge(ours)
    return _merge_fields(
        base,
        ours,
        theirs,
        {"progress": _progress, "woop": _woop(ours.id)},
        GOAL_TEXTS,
        f"the goal {ours.id}'s",
    )
