"""Fixing a mistake: edit a check-in (its fields, or its day), delete it to the trash, restore
it, empty the trash. Core decides what the entry becomes; ``store/changes.py`` writes it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from selflead.areas import AREAS, AreaName
from selflead.core import ids
from selflead.core.answers import Answers
from selflead.core.checkin import check_not_future, check_text, parse_tags
from selflead.errors import InputError
from selflead.models import MAX_TAGS, AreaCheckin, Entry, TrashFile
from selflead.problems import describe
from selflead.store import changes
from selflead.store.changes import Trash
from selflead.store.journal import Store


@dataclass(frozen=True)
class Edit:
    """What ``selflead edit`` was asked to change; nothing given leaves a field as it is."""

    reflections: Mapping[AreaName, str] = field(default_factory=dict)
    ratings: Mapping[AreaName, int | None] = field(default_factory=dict)  # None: cleared
    tag: Sequence[str] = ()
    untag: Sequence[str] = ()
    day: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.reflections or self.ratings or self.tag or self.untag or self.day)


def edit_between(before: Answers, after: Answers) -> Edit:
    """What changed from ``before`` to ``after`` (the entry as the editor showed it, and as
    it was saved there): only those fields are changed, so that a change made meanwhile to
    another field stays."""
    reflections = {
        area: after.reflections.get(area, "")
        for area in AREAS
        if after.reflections.get(area, "") != before.reflections.get(area, "")
    }
    ratings = {
        area: after.ratings.get(area)
        for area in AREAS
        if after.ratings.get(area) != before.ratings.get(area)
    }
    return Edit(
        reflections=reflections,
        ratings=ratings,
        tag=[t for t in after.tags if t not in before.tags],
        untag=[t for t in before.tags if t not in after.tags],
        day=after.day if after.day != before.day else None,
    )


@dataclass(frozen=True)
class Edited:
    """An edit's outcome: the entry before and after, and where it is now (None: unchanged)."""

    before: Entry
    after: Entry
    path: Path | None

    @property
    def moved(self) -> bool:
        return self.before.date != self.after.date


def edited(entry: Entry, edit: Edit, *, today: date, now: datetime) -> Entry:
    """``entry`` with the edit made (same id and ``created``; ``updated`` is ``now``), or
    ``entry`` itself when the edit changes nothing."""
    if edit.day is not None:
        check_not_future(edit.day, today)
    for area, text in edit.reflections.items():
        check_text(text, what=f"{area} reflection")
    removed = set(parse_tags(edit.untag))
    tags = [t for t in entry.tags if t not in removed]
    tags += [t for t in parse_tags(edit.tag) if t not in tags]
    if len(tags) > MAX_TAGS:
        raise InputError(f"the check-in would have {len(tags)} tags; the limit is {MAX_TAGS}")
    areas = {}
    for area in AREAS:
        old = entry.area(area)
        areas[area] = AreaCheckin(
            rating=edit.ratings.get(area, old.rating),
            reflection=edit.reflections.get(area, old.reflection),
        )
    try:
        after = Entry(
            id=entry.id,
            date=edit.day or entry.date,
            created=entry.created,
            tags=tags,
            updated=entry.updated,
            **areas,
        )
    except ValidationError as exc:
        raise InputError(describe(exc, count_more=False), "see 'selflead edit --help'") from None
    if after == entry:
        return entry
    if after.is_empty:
        raise InputError(
            "this edit would leave the check-in empty",
            f"to remove it, run: selflead delete {entry.id}",
        )
    return after.model_copy(update={"updated": now})


def edit(store: Store, given: str | None, change: Edit, *, today: date, now: datetime) -> Edited:
    """Find the entry ``given`` names and make ``change``, under the journal lock."""
    located = ids.resolve(store, given)  # first: an empty journal is not created by asking
    with store.locked():
        before = ids.fetch(store, located)
        after = edited(before, change, today=today, now=now)
        if after == before:
            return Edited(before, after, None)
        return Edited(before, after, changes.replace_entry(store, before.date, after))


def to_edit(store: Store, given: str | None) -> Entry:
    """The entry ``given`` names, as its day file holds it (to open it in the editor)."""
    return ids.fetch(store, ids.resolve(store, given))


def to_delete(store: Store, given: Sequence[str]) -> list[Entry]:
    """The entries ``delete`` would remove (each id once; the most recent for none)."""
    return [ids.fetch(store, located) for located in ids.resolve_all(store, given)]


def delete(store: Store, entries: Sequence[Entry], now: datetime) -> list[TrashFile]:
    """Move each entry to the trash (whole, with when it was deleted)."""
    with store.locked():
        return [changes.delete_entry(store, e.date, e.id, now) for e in entries]


def trash(store: Store) -> Trash:
    return changes.read_trash(store)


def resolve_trashed(store: Store, given: str) -> str:
    """The id of the trashed entry ``given`` names (a full id or a prefix of one)."""
    held = [t.id for t in changes.read_trash(store).items]
    text = given.strip()
    found = [i for i in held if i == text] or [i for i in held if i.startswith(text)]
    if not text or not found:
        raise InputError(f"the trash holds no entry {given!r}", "see 'selflead trash'")
    if len(found) > 1:
        shown = ", ".join(i[: ids.MIN_SHORT + 2] for i in found[:5])
        raise InputError(f"the id {text} is ambiguous in the trash: {shown}", "give more of it")
    return found[0]


def restore(store: Store, given: str) -> Entry:
    with store.locked():
        return changes.restore_entry(store, resolve_trashed(store, given))


def empty_trash(store: Store) -> int:
    return changes.empty_trash(store)
