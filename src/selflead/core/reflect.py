"""Saving a GROW reflection without losing an update made meanwhile.

The person answered the questions against what was saved when they started (``base``).
At save time the week is read again under the lock and the answers are applied field by
field: a field nobody else changed takes the answer; a field changed meanwhile keeps both,
the answer first, then the other text under a line saying where it came from. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from pydantic import ValidationError

from selflead.core.coaching import GROW
from selflead.errors import InputError
from selflead.models import MAX_REFLECTION, WeeklyReflection

MEANWHILE: Final = "--- saved meanwhile by another selflead (at {when}):"


@dataclass
class Merged:
    reflection: WeeklyReflection
    both_kept: list[str] = field(default_factory=list)  # labels of the fields with both texts


def merge(
    base: dict[str, str],
    answers: dict[str, str],
    current: WeeklyReflection | None,
    now: datetime,
) -> Merged:
    fields: dict[str, str] = {}
    both: list[str] = []
    for step in GROW:
        there = getattr(current, step.field) if current is not None else ""
        if step.field not in answers:
            fields[step.field] = there
            continue
        answer = answers[step.field]
        if there in (base.get(step.field, ""), answer):
            fields[step.field] = answer
            continue
        when = f"{current.updated:%Y-%m-%d %H:%M}" if current is not None else "?"
        note = MEANWHILE.format(when=when)
        fields[step.field] = f"{answer}\n\n{note}\n{there}" if answer else f"{note}\n{there}"
        both.append(step.label)
    created = current.created if current is not None else now
    try:
        reflection = WeeklyReflection(created=created, updated=now, **fields)
    except ValidationError:
        raise InputError(
            f"keeping both texts of {', '.join(both) or 'a field'} makes it longer than "
            f"{MAX_REFLECTION:,} characters",
            "shorten your answer",
        ) from None
    return Merged(reflection, both)
