"""Saving a reflection never loses a text, whatever was saved meanwhile (a property): an answer
replaces (or, with '-', clears) only what the person was shown; a text saved meanwhile stays."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from selflead.core.coaching import GROW
from selflead.core.reflect import merge
from selflead.models import WeeklyReflection

FIELDS = [step.field for step in GROW]
texts = st.sampled_from(["", "a", "b", "first line\n\nsecond", "c"])
fields = st.fixed_dictionaries(dict.fromkeys(FIELDS, texts))
START = datetime(2026, 11, 20, 9, tzinfo=UTC)
NOW = datetime(2026, 11, 22, 18, tzinfo=UTC)


@given(
    base=fields,
    current=st.one_of(st.none(), fields),
    answers=st.dictionaries(st.sampled_from(FIELDS), texts),
)
def test_no_text_is_lost(
    base: dict[str, str], current: dict[str, str] | None, answers: dict[str, str]
) -> None:
    there = None if current is None else WeeklyReflection(created=START, updated=START, **current)
    merged = merge(base, answers, there, NOW)
    result = merged.reflection
    assert result.updated == NOW
    assert result.created == (START if there is not None else NOW)
    for name in FIELDS:
        now_there = (current or {}).get(name, "")
        saved = getattr(result, name)
        if name not in answers:
            assert saved == now_there  # not answered: what is there stays
            continue
        assert answers[name] in saved  # the answer is always kept...
        changed_meanwhile = now_there not in (base.get(name, ""), answers[name])
        if changed_meanwhile:
            assert now_there in saved  # ...and so is what another selflead saved meanwhile
        label = next(step.label for step in GROW if step.field == name)
        assert (label in merged.both_kept) == changed_meanwhile
        if not changed_meanwhile:
            assert saved == answers[name]
