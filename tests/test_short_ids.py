"""Short ids from the index: the shortest start of each id (at least six characters) that no
other id in the journal starts with, for a few ids or for hundreds at once."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import entry
from selflead.store.journal import Store

MINIMUM = 6


def _shortest(entry_id: str, every: list[str]) -> str:
    """The definition, by brute force: the first length no other id starts with."""
    others = [other for other in every if other != entry_id]
    for length in range(MINIMUM, len(entry_id) + 1):
        if not any(other.startswith(entry_id[:length]) for other in others):
            return entry_id[:length]
    return entry_id


def _journal(home: Path, ids: list[str]) -> Store:
    store = Store(home)
    first = date(2026, 1, 1)
    days: dict[date, list] = {}
    for number, entry_id in enumerate(ids):
        day = first + timedelta(days=number % 40)
        days.setdefault(day, []).append(entry(day, number % 24, id=entry_id, goals=(3, "")))
    with store.locked():
        store.write_days(days)
    return store


# Ids of two letters share long starts (longer than the six shown at least), and many are the
# start of another: the neighbours on both sides decide the lengths.
_IDS = st.lists(
    st.text(alphabet="ab", min_size=1, max_size=12), min_size=1, max_size=400, unique=True
)


@settings(max_examples=25, deadline=None)
@given(ids=_IDS, data=st.data())
def test_each_short_id_is_the_shortest_unique_start(ids: list[str], data: st.DataObject) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = _journal(Path(folder) / "journal", ids)
        asked = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids)))
        shown = store.index.short_ids(asked, MINIMUM)
        store.index.close()
    assert shown == {entry_id: _shortest(entry_id, ids) for entry_id in asked}


def test_a_months_short_ids_in_a_large_journal(tmp_path: Path) -> None:
    ids = [f"{n:08x}-{n * 7919 % 100_000:05d}" for n in range(3_000)]
    store = _journal(tmp_path / "journal", ids)
    asked = ids[-300:]
    assert store.index.short_ids(asked, MINIMUM) == {i: _shortest(i, ids) for i in asked}
