"""Every coaching text selflead asks: the daily questions, the focus questions, GROW.

One module, so that the questions can be read and improved together as copy. They follow the
self-leadership definition: knowing who you are, what you can do and where you are going, and
influencing your own communication, emotions and behaviour on the way there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from selflead.areas import AreaName

# The daily questions: several per area, rotating by day.
QUESTIONS: Final[dict[AreaName, tuple[str, ...]]] = {
    "communication": (
        "How clearly did you say what you meant today, and how well did you listen?",
        "Which conversation today went the way you wanted, and what did you do to make it so?",
        "Where did your words and your intentions part ways today?",
        "Who did you influence today, and did they want to follow because of how you spoke?",
        "What did you leave unsaid today that needed saying?",
    ),
    "emotions": (
        "Which emotion steered you most today, and did you steer it back?",
        "When did you notice a feeling before it turned into an action today?",
        "What drained your energy today, and what restored it?",
        "How did you respond under pressure today, and how would you like to respond?",
        "What did today teach you about who you are when things get hard?",
    ),
    "behaviour": (
        "Did your actions today match the person you want to be?",
        "Which habit moved you forward today, and which one held you back?",
        "Where did you lead by example today?",
        "What did you do today because it was right rather than because it was easy?",
        "What is one thing you can do better tomorrow, and what will remind you?",
    ),
    "goals": (
        "What did you do today that brought you closer to where you are going?",
        "Which of your goals got your best hours today?",
        "What is the one thing that would make tomorrow a success?",
        "What did you learn today about what you can do?",
        "Where did you grow yourself today, and where could you grow others?",
    ),
}


def question_for(area: AreaName, day: date) -> str:
    """The coaching question for ``area`` on ``day``: stable all day, different tomorrow."""
    options = QUESTIONS[area]
    return options[day.toordinal() % len(options)]


# A question to carry into next week, per focus area.
FOCUS_QUESTIONS: Final[dict[AreaName, tuple[str, ...]]] = {
    "communication": (
        "In each important conversation this week, what do I want the other person to feel, "
        "know and do afterwards?",
        "Where will I listen first and speak second this week?",
    ),
    "emotions": (
        "What will I do in the moment I notice pressure rising, before I react?",
        "Which situation this week is most likely to test me, and how do I want to meet it?",
    ),
    "behaviour": (
        "Which one habit, done every day this week, would make the biggest difference?",
        "Where can I lead by example this week, so that others want to follow?",
    ),
    "goals": (
        "What is the one result that would make next week a success, and when will I work on it?",
        "Which goal deserves my best hours this week, and what will I say no to for it?",
    ),
}
# The focus question when there is nothing to go on: the habit itself.
CONSISTENCY_QUESTION: Final = (
    "What time of day, every day this week, will I take two minutes to check in?"
)


@dataclass(frozen=True)
class GrowStep:
    """One step of the GROW weekly reflection: its field in the week file, label, question."""

    field: str
    label: str
    question: str


GROW: Final[tuple[GrowStep, ...]] = (
    GrowStep("goal", "Goal", "What do you want next week to bring? What would success look like?"),
    GrowStep(
        "reality", "Reality", "What actually happened this week? What do the numbers tell you?"
    ),
    GrowStep("options", "Options", "What could you do differently? List a few options."),
    GrowStep("will", "Will", "What will you do, by when? Your commitments for next week."),
)
