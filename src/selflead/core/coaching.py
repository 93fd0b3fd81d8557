"""Every coaching text selflead asks: the daily questions, the focus questions, GROW.

One module, so that the questions can be read and improved together as copy. They follow the
self-leadership definition: knowing who you are, what you can do and where you are going, and
influencing your own communication, emotions and behaviour on the way there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
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


# The same questions for a backfilled check-in, in the same order, asked about a day that is
# over: ``{on_day}`` is "yesterday", "on Tuesday" or "that day"; ``{the_day}`` is
# "yesterday", "that Tuesday" or "that day".
PAST_QUESTIONS: Final[dict[AreaName, tuple[str, ...]]] = {
    "communication": (
        "How clearly did you say what you meant {on_day}, and how well did you listen?",
        "Which conversation {on_day} went the way you wanted, and what did you do to make it so?",
        "Where did your words and your intentions part ways {on_day}?",
        "Who did you influence {on_day}, and did they want to follow because of how you spoke?",
        "What did you leave unsaid {on_day} that needed saying?",
    ),
    "emotions": (
        "Which emotion steered you most {on_day}, and did you steer it back?",
        "When did you notice a feeling before it turned into an action {on_day}?",
        "What drained your energy {on_day}, and what restored it?",
        "How did you respond under pressure {on_day}, and how would you have liked to respond?",
        "What did {the_day} teach you about who you are when things get hard?",
    ),
    "behaviour": (
        "Did your actions {on_day} match the person you want to be?",
        "Which habit moved you forward {on_day}, and which one held you back?",
        "Where did you lead by example {on_day}?",
        "What did you do {on_day} because it was right rather than because it was easy?",
        "What is one thing you could have done better {on_day}, and what will remind you?",
    ),
    "goals": (
        "What did you do {on_day} that brought you closer to where you are going?",
        "Which of your goals got your best hours {on_day}?",
        "What was the one thing that would have made {the_day} a success?",
        "What did you learn {on_day} about what you can do?",
        "Where did you grow yourself {on_day}, and where could you have grown others?",
    ),
}


def when_words(day: date, today: date) -> tuple[str, str]:
    """How a question names ``day`` asked on ``today``: ("on Tuesday", "that Tuesday")."""
    if day == today:
        return "today", "today"
    if day == today - timedelta(days=1):
        return "yesterday", "yesterday"
    if today - timedelta(days=7) < day < today:
        return f"on {day:%A}", f"that {day:%A}"
    return "that day", "that day"


def question_on(area: AreaName, day: date, today: date) -> str:
    """The question for ``area`` about ``day``, worded for today or for a day that is over."""
    if day >= today:
        return question_for(area, day)
    on_day, the_day = when_words(day, today)
    text = PAST_QUESTIONS[area][day.toordinal() % len(PAST_QUESTIONS[area])]
    return text.format(on_day=on_day, the_day=the_day)


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
# The first line of each check-in in a week whose review chose a focus.
FOCUS_LINE: Final = "This week's focus: {area}"
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


# ---- commitments: if-then plans (implementation intentions), asked about every day
PLANS_TITLE: Final = "Commitments for next week"
PLANS_QUESTION: Final = (
    "Up to three if-then plans: the moment it will happen, then what you will do. "
    "Enter on an empty When to finish."
)
WHEN_PROMPT: Final = "  When ... "
WILL_PROMPT: Final = "  I will ... "
CARRY_PROMPT: Final = "  Carry one over into next week? Type {numbers}, or Enter for none: "
COMMITMENTS_TITLE: Final = "Your commitments this week: did you?"
MARK_PROMPT: Final = "    k kept · p partly · n not kept · Enter no occasion today: "
NARROW_MARK_PROMPT: Final = "    k kept · p partly · n not kept · Enter none: "


# ---- WOOP (mental contrasting with implementation intentions): a goal made in four steps
@dataclass(frozen=True)
class WoopStep:
    field: str
    label: str
    question: str


WOOP: Final[tuple[WoopStep, ...]] = (
    WoopStep("wish", "Wish", "What is your wish: a goal that is challenging but within reach?"),
    WoopStep("outcome", "Outcome", "What is the best outcome of reaching it? Picture it."),
    WoopStep(
        "obstacle",
        "Obstacle",
        "What in you (a habit, a feeling, a thought) is most likely to stand in the way?",
    ),
    WoopStep("plan", "Plan", "When that obstacle comes, what will you do?"),
)
WOOP_PLAN_PROMPT: Final = "  When {obstacle}, I will ... "
GOALS_DUE_TITLE: Final = "Goals due soon"
GOAL_NUMBER_PROMPT: Final = "  {title}: {measure} now ({current} of {target}; Enter keeps it): "
