"""The four areas of self-leadership a check-in covers, in the order they are asked.

A module without dependencies, so that fast paths (``--help``, rendering) can name the areas
without importing pydantic.
"""

from __future__ import annotations

from typing import Final, Literal

AreaName = Literal["communication", "emotions", "behaviour", "goals"]
AREAS: Final[tuple[AreaName, ...]] = ("communication", "emotions", "behaviour", "goals")
AREA_LABELS: Final[dict[AreaName, str]] = {
    "communication": "Communication",
    "emotions": "Emotions",
    "behaviour": "Behaviour",
    "goals": "Goals",
}

# Every spelling a user may type for an area (lower case): American spelling, singulars.
AREA_ALIASES: Final[dict[str, AreaName]] = {
    "communication": "communication",
    "emotions": "emotions",
    "emotion": "emotions",
    "behaviour": "behaviour",
    "behavior": "behaviour",
    "goals": "goals",
    "goal": "goals",
}
