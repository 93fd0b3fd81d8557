"""The guided check-in in a terminal: a coaching question, a rating and a reflection per area.

Ctrl-C or Ctrl-D at any prompt cancels the whole check-in; nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rich.text import Text

from selflead.areas import AREA_LABELS, AREAS, AreaName
from selflead.core.checkin import check_text, is_rating, parse_tags
from selflead.core.coaching import GROW, question_for
from selflead.errors import EXIT_INTERRUPTED, SelfleadError
from selflead.ui.console import out
from selflead.ui.text import AREA_STYLES, safe


class Cancelled(SelfleadError):
    """Ctrl-C or Ctrl-D at a prompt: the whole check-in or reflection is dropped."""

    exit_code = EXIT_INTERRUPTED


@dataclass
class Answers:
    reflections: dict[AreaName, str] = field(default_factory=dict)
    ratings: dict[AreaName, int] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


def _ask(prompt: str) -> str:
    try:
        return out().input(Text(prompt, style="bold"))
    except (KeyboardInterrupt, EOFError):
        out().print()
        raise Cancelled("cancelled", "nothing was saved") from None
    except UnicodeDecodeError:
        out().print(Text("That was not valid UTF-8 text; please type it again.", "red"))
        return _ask(prompt)


def _ask_rating(label: str) -> int | None:
    while True:
        answer = _ask(f"  {label} rating 1-5 (Enter to skip): ").strip()
        if not answer:
            return None
        if is_rating(answer):
            return int(answer)
        out().print(Text("  Please type a number from 1 to 5, or press Enter.", "red"))


# A terminal in canonical mode hands a program at most this many characters of one line.
TERMINAL_LINE_LIMIT = 4095
REFLECTION_PROMPT = "  Reflection (Enter on an empty line to finish; Enter now to skip): "


def _ask_reflection(area: str, prompt: str = REFLECTION_PROMPT) -> str:
    """Lines until an empty one; an empty first line skips."""
    lines: list[str] = []
    while True:
        line = _ask(prompt if not lines else "  … ")
        if not line.strip():
            break
        if len(line) >= TERMINAL_LINE_LIMIT:
            out().print(
                Text(
                    f"  That line reached the terminal's limit of {TERMINAL_LINE_LIMIT:,} "
                    "characters, so its end may be missing. For longer text, pass it as an "
                    'option: selflead checkin --goals "$(cat notes.txt)"',
                    "yellow",
                )
            )
        lines.append(line)
        text = "\n".join(lines)
        try:
            check_text(text, what=f"{area} reflection")
        except SelfleadError as exc:
            out().print(safe(f"  {exc.message}; that last line was not kept.", "red"))
            lines.pop()
    return "\n".join(lines)


def retry_when_busy(problem: SelfleadError) -> None:
    """The journal is locked by another selflead: keep the answers and let the user retry."""
    out().print(safe(f"  {problem.message}.", "yellow"))
    _ask("  Your check-in is kept. Press Enter to try again, or Ctrl-C to discard it: ")


def run(day: date, tags: list[str]) -> Answers:
    """Ask the four areas in order and return what was answered."""
    console = out()
    answers = Answers(tags=list(tags))
    console.print(
        Text(f"Check-in for {day:%A} {day.day} {day:%B %Y}", style="bold underline"),
        Text("  (Ctrl-C cancels; nothing is saved until the end)", style="dim"),
    )
    for number, area in enumerate(AREAS, start=1):
        label = AREA_LABELS[area]
        console.print()
        console.print(Text(f"{number}/4 {label}", style=f"bold {AREA_STYLES[area]}"))
        console.print(Text("  " + question_for(area, day), style="italic"))
        rating = _ask_rating(label)
        if rating is not None:
            answers.ratings[area] = rating
        reflection = _ask_reflection(area)
        if reflection:
            answers.reflections[area] = reflection
    console.print()
    while True:
        extra = re.split(r"[\s,]+", _ask("Tags, separated by spaces (Enter to skip): ").strip())
        extra = [t for t in extra if t]
        try:
            answers.tags = parse_tags([*answers.tags, *extra])
        except SelfleadError as exc:
            console.print(safe(f"  {exc.message}; please type the tags again.", "red"))
            continue
        return answers


def reflect(week: str, existing: dict[str, str]) -> dict[str, str]:
    """The GROW weekly reflection: the answers given, "" for one cleared with '-'.

    An answer left empty keeps what was there.
    """
    console = out()
    console.print()
    console.print(Text(f"Weekly reflection for {week} (GROW)", style="bold underline"))
    answers: dict[str, str] = {}
    for step in GROW:
        key, label, question = step.field, step.label, step.question
        console.print()
        console.print(Text(label, style="bold"))
        console.print(Text("  " + question, style="italic"))
        prompt = REFLECTION_PROMPT
        if existing.get(key):
            console.print(Text("  So far:", style="dim"))
            for line in existing[key].split("\n"):
                console.print(Text("    ") + safe(line))
            prompt = "  New answer (Enter keeps it; '-' clears it): "
        text = _ask_reflection(key, prompt)
        if text.strip() == "-":
            answers[key] = ""
        elif text:
            answers[key] = text
    return answers
