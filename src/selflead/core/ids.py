"""Ids and short ids: which entry, commitment or goal a command means.

Short ids are shown like git's: the shortest prefix of an id that no other id of its kind
starts with, and at least ``MIN_SHORT`` characters; any unique prefix that long is accepted.
One rule for every kind: entries ask the index (so that finding one costs the same in a
journal of any size), commitments and goals (few) use ``unique_prefixes`` and
``resolve_prefix``. An entry command given no id means the most recent entry.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

from selflead.errors import InputError

if TYPE_CHECKING:
    from selflead.models import Entry
    from selflead.store.index import Located
    from selflead.store.journal import Store

MIN_SHORT: Final = 6
_LISTED: Final = 5  # candidates named in an error
_ID_RE: Final = re.compile(r"[A-Za-z0-9_.:-]{1,64}", re.ASCII)


def short_ids(store: Store, entries: Iterable[Entry]) -> dict[str, str]:
    """Each entry's short id."""
    return store.index.short_ids([e.id for e in entries], MIN_SHORT)


def _named(store: Store, found: Sequence[Located]) -> str:
    shorts = store.index.short_ids([f.id for f in found], MIN_SHORT)
    return ", ".join(f"{shorts[f.id]} ({f.day})" for f in found[:_LISTED]) + (
        f" and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
    )


def resolve(store: Store, given: str | None) -> Located:
    """The entry ``given`` names (a full or short id), or the most recent one for None.

    An unknown or ambiguous id is an ``InputError`` that names the candidates.
    """
    if given is None:
        latest = store.index.latest()
        if not latest:
            raise InputError("the journal has no check-ins yet", "record one: selflead checkin")
        return latest[0]
    text = given.strip()
    if not _ID_RE.fullmatch(text):
        raise InputError(
            f"{given!r} is not an entry id", "ids are shown by 'selflead list' and 'selflead show'"
        )
    exact = store.index.located([text])
    found = exact or store.index.with_prefix(text, limit=_LISTED + 1)
    if not found:
        recent = store.index.latest(3)
        hint = f"the latest are {_named(store, recent)}" if recent else "the journal is empty"
        raise InputError(f"no check-in has the id {text}", f"{hint}; see 'selflead list'")
    if len(found) > 1:
        if exact:
            raise InputError(
                f"the id {text} is on {len(found)} days ({', '.join(str(f.day) for f in found)})",
                "run 'selflead doctor' to keep one copy",
            )
        more = "" if len(found) <= _LISTED else " or more"
        raise InputError(
            f"the id {text} is ambiguous: it starts {len(found)}{more} ids, {_named(store, found)}",
            "give more of the id",
        )
    return found[0]


def resolve_all(store: Store, given: Sequence[str]) -> list[Located]:
    """Each id given, once (the most recent entry when none is): all resolved before any
    is acted on, so that one bad id changes nothing."""
    if not given:
        return [resolve(store, None)]
    found: list[Located] = []
    for text in given:
        located = resolve(store, text)
        if located not in found:
            found.append(located)
    return found


def fetch(store: Store, located: Located) -> Entry:
    """The entry as its day file holds it (the file is the truth; the index only points)."""
    for entry in store.read_day(located.day):
        if entry.id == located.id:
            return entry
    raise InputError(
        f"the check-in {located.id} is not on {located.day} any more",
        "the journal changed behind selflead's back; "
        "'selflead doctor --fix' brings the index up to date",
    )


def new_id() -> str:
    """A new commitment or goal id: 12 hex digits."""
    return secrets.token_hex(6)


def resolve_prefix(text: str, every: Iterable[str], *, what: str, listing: str) -> str:
    """The one of ``every`` that ``text`` starts (``MIN_SHORT`` characters or more)."""
    typed = text.strip().lower()
    if len(typed) < MIN_SHORT:
        raise InputError(
            f"{what} id {text!r} is too short", f"give at least {MIN_SHORT} characters of it"
        )
    found = [full for full in every if full.startswith(typed)]
    if not found:
        raise InputError(f"no {what} has the id {text!r}", f"'{listing}' lists them")
    if len(found) > 1:
        raise InputError(f"{what} id {text!r} is ambiguous", "give more of its characters")
    return found[0]


def unique_prefixes(every: Iterable[str], minimum: int = MIN_SHORT) -> dict[str, str]:
    """Each of ``every``'s shortest prefix (at least ``minimum`` long) no other one has."""
    ordered = sorted(set(every))
    found = {}
    for n, one in enumerate(ordered):
        length = minimum
        for other in ordered[max(n - 1, 0) : n] + ordered[n + 1 : n + 2]:
            common = next(
                (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
                min(len(one), len(other)),
            )
            length = max(length, common + 1)
        found[one] = one[:length]
    return found


RECENT_DAYS: Final = 30  # the check-ins shell completion offers (the last month's)


def recent_short_ids(store: Store, today: date, starting: str = "") -> list[str]:
    """For shell completion: the short ids of the last month's check-ins that start with
    ``starting``, the newest first (the full id where more than the short one is typed)."""
    read = store.read_range(today - timedelta(days=RECENT_DAYS), today)
    entries = sorted(read.entries, key=lambda e: e.created, reverse=True)
    shorts = short_ids(store, entries)
    return [
        shorts[e.id] if shorts[e.id].startswith(starting) else e.id
        for e in entries
        if e.id.startswith(starting)
    ]
