"""A check-in being written: the answers so far, before they are an entry.

What the guided prompts, the editor template and a recovery file all hold, and how it turns
into an ``Entry``. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from selflead.areas import AREAS, AreaName
from selflead.core.checkin import build_entry, check_text, is_rating
from selflead.errors import InputError
from selflead.models import Entry


@dataclass
class Answers:
    day: date
    ratings: dict[AreaName, int] = field(default_factory=dict)
    reflections: dict[AreaName, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.ratings and not any(t.strip() for t in self.reflections.values())

    def entry(self, now: datetime) -> Entry:
        return build_entry(
            self.day, reflections=self.reflections, ratings=self.ratings, tags=self.tags, now=now
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "ratings": dict(self.ratings),
            "reflections": dict(self.reflections),
            "tags": list(self.tags),
        }


def answers_of(entry: Entry) -> Answers:
    """A saved entry as answers, to edit it in the check-in template."""
    answers = Answers(entry.date, tags=list(entry.tags))
    for area in AREAS:
        kept = entry.area(area)
        if kept.rating is not None:
            answers.ratings[area] = kept.rating
        if kept.reflection:
            answers.reflections[area] = kept.reflection
    return answers


def answers_from_json(data: dict[str, Any]) -> Answers:
    """Answers kept in a recovery file; ``InputError`` when they do not have that shape."""
    try:
        day = date.fromisoformat(data["date"])
        ratings = {
            area: int(value)
            for area, value in data.get("ratings", {}).items()
            if area in AREAS and is_rating(str(value))
        }
        reflections = {
            area: text
            for area, text in data.get("reflections", {}).items()
            if area in AREAS and isinstance(text, str)
        }
        tags = [t for t in data.get("tags", []) if isinstance(t, str)]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InputError(
            "the recovery file does not hold a check-in", "open it and copy the text by hand"
        ) from None
    return Answers(day, ratings, reflections, tags)


def text_from_stdin(raw: bytes, *, what: str) -> str:
    """A reflection piped in (``--goals -``): UTF-8, line endings as ``\\n``, the final
    newline dropped; ``InputError`` when it is not text or is too long."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the {what} read from stdin is not UTF-8 text (byte {exc.start})",
            "convert it to UTF-8 first, e.g. with iconv",
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").rstrip("\n")
    if not text.strip():
        raise InputError(f"the {what} read from stdin is empty", "pipe the text in, or give it")
    return check_text(text, what=what)
