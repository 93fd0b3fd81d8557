"""The synthetic journal: seeded, realistic text in every area, in selflead's import format.

``generate`` makes the document ``selflead import`` reads (``{"format": "selflead", "version": 1,
"entries": [...], "reviews": [...]}``); ``to_jrnl_text`` writes the same entries as a jrnl
journal, for the comparison. The same arguments give the same journal in every run.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

# The day the synthetic journal ends on; commands run with SELFLEAD_TODAY pinned to it, so the
# journal, "today", "the last week" and "the last month" are the same in every run.
END = date(2026, 11, 27)
SEED = 20261127
GENERATOR_VERSION = 1  # bump when the generated text changes, so old caches are not reused

AREAS = ("communication", "emotions", "behaviour", "goals")


_OPENERS = {
    "communication": (
        "In the {meeting} I {verb_c} {person}",
        "I {verb_c} {person} before the {meeting}",
        "During the {meeting} {person} pushed back and I {verb_c} them",
        "I wrote to {person} about the {topic}",
        "On the call about the {topic} I {verb_c} {person}",
    ),
    "emotions": (
        "I felt {feeling} when the {topic} slipped",
        "Most of the day I was {feeling}",
        "After the {meeting} I noticed I was {feeling}",
        "The {topic} left me {feeling}",
        "I woke up {feeling} and it coloured the morning",
    ),
    "behaviour": (
        "I {habit} before lunch",
        "I kept my promise to {habit}",
        "I skipped my plan to {habit}",
        "Instead of scrolling I chose to {habit}",
        "I led by example and {habit} in front of the team",
    ),
    "goals": (
        "I moved the {topic} forward",
        "I spent my best hours on the {topic}",
        "The {topic} is blocked on {person}",
        "I finished the first draft of the {topic}",
        "I said no to two meetings to protect time for the {topic}",
    ),
}
_ENDINGS = (
    "and it went better than I expected.",
    "but I interrupted twice and want to listen first next time.",
    "so tomorrow I will start with it before opening my inbox.",
    "which made the rest of the afternoon calmer.",
    "and I need to follow up on Thursday.",
    "although I rushed the ending.",
    "and asked what they needed from me.",
    "which I want to repeat next week.",
)
_WORDS = {
    "meeting": (
        "one-to-one",
        "stand-up",
        "planning session",
        "retro",
        "board review",
        "client call",
        "hiring panel",
    ),
    "verb_c": (
        "listened to",
        "asked open questions of",
        "gave clear feedback to",
        "summarised the decision for",
        "thanked",
        "challenged",
        "coached",
    ),
    "person": ("Sam", "my manager", "the new hire", "Priya", "the client", "Jonas", "the team"),
    "topic": (
        "Q4 plan",
        "budget",
        "product launch",
        "migration",
        "hiring plan",
        "quarterly report",
        "roadmap",
        "pricing change",
    ),
    "feeling": (
        "anxious",
        "calm",
        "frustrated",
        "energised",
        "tired",
        "proud",
        "impatient",
        "grateful",
    ),
    "habit": (
        "take a walk",
        "block an hour of focus time",
        "write down three priorities",
        "put my phone away in meetings",
        "review my week",
        "prepare the agenda",
        "go to bed on time",
    ),
}
_TAGS = ("q4", "pitch", "hiring", "1on1", "launch", "family", "health", "focus", "travel", "board")


def _sentence(rng: random.Random, area: str) -> str:
    opener = rng.choice(_OPENERS[area])
    words = {slot: rng.choice(options) for slot, options in _WORDS.items()}
    return opener.format(**words) + " " + rng.choice(_ENDINGS)


def _reflection(rng: random.Random, area: str) -> str:
    if rng.random() < 0.15:
        return ""
    sentences = [_sentence(rng, area) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    if rng.random() < 0.2:  # some reflections span several lines, as typed in the guided flow
        return "\n".join(sentences)
    return " ".join(sentences)


def _rating(rng: random.Random) -> int | None:
    if rng.random() < 0.1:
        return None
    return rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 6, 7, 3))[0]


def generate(days: int, per_day: int, end: date = END, seed: int = SEED) -> dict[str, Any]:
    """A journal in selflead's import format: ``per_day`` check-ins on each of ``days`` days."""
    rng = random.Random(seed)
    entries = []
    for offset in range(days - 1, -1, -1):
        day = end - timedelta(days=offset)
        minutes = sorted(rng.sample(range(7 * 60, 23 * 60), per_day))
        for minute in minutes:
            entry: dict[str, Any] = {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "date": day.isoformat(),
                "created": f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:"
                f"{rng.randrange(60):02d}+01:00",
            }
            for area in AREAS:
                entry[area] = {"rating": _rating(rng), "reflection": _reflection(rng, area)}
            entry["tags"] = rng.sample(_TAGS, rng.choice((0, 0, 1, 1, 2, 3)))
            entries.append(entry)
    return {
        "format": "selflead",
        "version": 1,
        "exported": f"{end.isoformat()}T23:59:00+01:00",
        "entries": entries,
        "reviews": _reviews(rng, end - timedelta(days=days - 1), end),
    }


_GROW = {
    "goal": "Next week I want the {topic} settled and the team clear on who owns what.",
    "reality": "I rated {area} lowest this week; I was {feeling} after the {meeting}.",
    "options": "Prepare the {meeting} the evening before, or ask {person} to run it.",
    "will": "Every morning I will {habit} before opening my inbox.",
}


def _reviews(rng: random.Random, first: date, end: date) -> list[dict[str, Any]]:
    """A GROW reflection for about half of the weeks, written on the Sunday evening."""
    reviews = []
    sunday = first + timedelta(days=6 - first.weekday())
    while sunday <= end:
        if rng.random() < 0.5:
            words = {slot: rng.choice(options) for slot, options in _WORDS.items()}
            words["area"] = rng.choice(AREAS)
            stamp = f"{sunday.isoformat()}T20:{rng.randrange(60):02d}:00+01:00"
            year, week, _ = sunday.isocalendar()
            review: dict[str, Any] = {"week": f"{year}-W{week:02d}"}
            review |= {name: text.format(**words) for name, text in _GROW.items()}
            review |= {"created": stamp, "updated": stamp}
            reviews.append(review)
        sunday += timedelta(days=7)
    return reviews


def to_jrnl_text(document: dict[str, Any]) -> str:
    """The same entries as a jrnl journal (timeformat ``%Y-%m-%d %H:%M``, tags as ``#tag``)."""
    parts = []
    for entry in document["entries"]:
        stamp = entry["created"][:16].replace("T", " ")
        lines = []
        for area in AREAS:
            rating = entry[area]["rating"]
            text = entry[area]["reflection"]
            lines.append(f"{area.capitalize()} {rating if rating else '-'}/5: {text}".rstrip())
        tags = " ".join(f"#{t}" for t in entry["tags"])
        title = f"Check-in {tags}".rstrip()
        parts.append(f"[{stamp}] {title}\n" + "\n".join(lines) + "\n")
    return "\n".join(parts)
