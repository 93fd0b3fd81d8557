"""Property: the merge driver's day merge loses no text a side wrote (what it does not keep on
the day goes to the trash), keeps the version edited later, and keeps a deletion only where the
other side left the entry as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from selflead.models import AreaCheckin, DayFile, Entry
from selflead.transfer.merge import merge_day

DAY = date(2026, 11, 27)
WHEN = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def entry(key: int, text: str) -> Entry:
    return Entry(id=f"e{key}", date=DAY, created=WHEN, goals=AreaCheckin(reflection=text))


def day(entries: list[Entry]) -> DayFile:
    return DayFile(schema_version=2, date=DAY, entries=entries)


# Each side: per base entry, keep it, edit it or delete it; plus entries of its own.
side = st.tuples(
    st.lists(st.sampled_from(["keep", "edit", "delete"]), min_size=4, max_size=4),
    st.integers(min_value=0, max_value=3),
)


def apply(base: list[Entry], choices: list[str], new: int, name: str) -> list[Entry]:
    out = []
    for e, choice in zip(base, choices, strict=True):
        if choice == "keep":
            out.append(e)
        elif choice == "edit":
            edited = {
                "goals": AreaCheckin(reflection=f"{e.id} by {name}"),
                "updated": WHEN + timedelta(hours=1 if name == "a" else 2),
            }
            out.append(e.model_copy(update=edited))
    out.extend(entry(100 + n if name == "a" else 200 + n, f"new {n} by {name}") for n in range(new))
    return out


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=4), side, side)
def test_day_merge_loses_nothing(
    size: int, ours: tuple[list[str], int], theirs: tuple[list[str], int]
) -> None:
    base = [entry(n, f"base {n}") for n in range(4)][:size]
    a = apply(base, ours[0][:size], ours[1], "a")
    b = apply(base, theirs[0][:size], theirs[1], "b")
    done = merge_day(day(base), day(a), day(b))
    merged = done.fields["entries"]
    texts = {e.goals.reflection for e in merged} | {e.goals.reflection for e in done.trashed}
    ids = [e.id for e in merged]
    assert len(ids) == len(set(ids))
    assert not {e.id for e in done.trashed} & set(ids)
    base_texts = {e.goals.reflection for e in base}
    for e in a + b:
        if e.goals.reflection not in base_texts:  # written on a side: never lost
            assert e.goals.reflection in texts
    for n, original in enumerate(base):
        kept_a, kept_b = ours[0][n], theirs[0][n]
        if "delete" in (kept_a, kept_b) and "edit" not in (kept_a, kept_b):
            assert (
                original.goals.reflection not in texts
            )  # deleted, the other side kept it as it was
        if kept_a == kept_b == "keep":
            assert original in merged
        if kept_a == kept_b == "edit":  # both edited: the later edit (b's) stays on the day
            assert f"{original.id} by b" in {e.goals.reflection for e in merged}
            lost = [e for e in done.trashed if e.id.endswith(f".{original.id}")]
            assert [e.goals.reflection for e in lost] == [f"{original.id} by a"]
