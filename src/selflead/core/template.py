"""The check-in as one plain-text document, for ``selflead checkin --editor`` (and ``edit``).

::

    # selflead check-in ... (lines starting with '#' are notes and are not saved)
    date: 2026-11-23

    ## Communication
    # Which conversation today went the way you wanted, and what did you do to make it so?
    rating: 4
    Asked before advising in the 1:1.

    A second paragraph.

    ## Emotions
    rating:
    ...
    ## Tags
    q4 planning

A line of the reflection that starts with ``#`` or ``\\`` is written with a ``\\`` in front
(and read back without it), so that every text survives the round trip exactly. Pure: no
files, no editor (see ``ui.editor``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from selflead.areas import AREA_ALIASES, AREA_LABELS, AREAS, AreaName
from selflead.core.answers import Answers
from selflead.core.checkin import check_not_future, check_text, is_rating, parse_tags
from selflead.core.coaching import question_on
from selflead.dates import long_date, parse_day
from selflead.errors import InputError, SelfleadError

TAGS_HEADING: Final = "Tags"
_HEADING_RE = re.compile(r"##[ \t]+(\S.*?)[ \t]*")
_RATING_RE = re.compile(r"rating:(.*)", re.IGNORECASE)
_DATE_RE = re.compile(r"date:(.*)", re.IGNORECASE)
_ERROR_PREFIX: Final = "# error: "
_HEADER: Final = (
    "# selflead check-in for {day}.",
    "# Write under each heading: a rating from 1 to 5 after 'rating:' (or leave it empty),",
    "# then your reflection, as many lines and paragraphs as you like.",
    "# Lines starting with '#' are notes for you and are not saved; start a line of your",
    "# own with '\\#' to keep its '#'. Save and close the editor to record the check-in;",
    "# leave it unchanged, or empty the file, to save nothing.",
)
_EDIT_HEADER: Final = (
    "# selflead: editing the check-in {short} of {day}.",
    "# Change what you like: a rating from 1 to 5 after 'rating:' (or leave it empty),",
    "# the reflections, the tags, or the date to move it to another day.",
    "# Lines starting with '#' are notes for you and are not saved; start a line of your",
    "# own with '\\#' to keep its '#'. Save and close the editor to save the changes;",
    "# leave it unchanged, or empty the file, to change nothing.",
)


class TemplateError(InputError):
    """A check-in template that cannot be read back: the line and what is wrong there."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}", "fix it in the editor")
        self.line = line
        self.problem = problem


class TemplateAbandoned(SelfleadError):
    """The template was saved again unchanged with an error in it: its text is to be kept."""

    def __init__(self, text: str, error: TemplateError) -> None:
        super().__init__(f"the check-in still has an error: {error.message}")
        self.text = text


def _escape(line: str) -> str:
    return "\\" + line if line.startswith(("#", "\\")) else line


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("\\") else line


def render(answers: Answers, *, today: date, editing: str | None = None) -> str:
    """The template for ``answers`` (empty answers: a template to fill in); ``editing``: the
    short id of the saved check-in they are, for ``selflead edit``."""
    header = _HEADER if editing is None else _EDIT_HEADER
    lines = [text.format(day=long_date(answers.day), short=editing) for text in header]
    lines += ["", f"date: {answers.day.isoformat()}"]
    for area in AREAS:
        rating = answers.ratings.get(area)
        lines += ["", f"## {AREA_LABELS[area]}", "# " + question_on(area, answers.day, today)]
        lines.append(f"rating: {rating}" if rating is not None else "rating: ")
        text = answers.reflections.get(area, "")
        if text:
            lines += [_escape(line) for line in text.split("\n")]
    lines += ["", f"## {TAGS_HEADING}", "# Words separated by spaces, e.g. q4 planning"]
    if answers.tags:
        lines.append(" ".join(answers.tags))
    return "\n".join(lines) + "\n"


def with_error(text: str, error: TemplateError) -> str:
    """``text`` with the error said at its top (replacing an earlier one), for the editor."""
    lines = text.split("\n")
    removed = 0
    while lines and lines[0].startswith(_ERROR_PREFIX):
        lines.pop(0)
        removed += 1
    line = max(error.line - removed, 1) + 1  # where that line is once the message is on top
    message = f"{_ERROR_PREFIX}line {line}: {error.problem}; fix it and save again"
    return "\n".join([message, *lines])


def is_emptied(text: str) -> bool:
    """Nothing left but notes and blank lines."""
    return all(not line.strip() or line.startswith("#") for line in text.split("\n"))


def _strip_blank_lines(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


@dataclass
class _Section:
    name: str  # an area, or "tags"
    start: int  # line number of its heading
    lines: list[tuple[int, str]]


def _heading(line: str, number: int) -> str | None:
    match = _HEADING_RE.fullmatch(line)
    if match is None:
        return None
    name = match[1].strip().lower()
    if name == TAGS_HEADING.lower():
        return "tags"
    area = AREA_ALIASES.get(name)
    if area is None:
        known = ", ".join(f"'## {AREA_LABELS[a]}'" for a in AREAS)
        raise TemplateError(
            number,
            f"unknown heading {line.strip()!r}; the headings are {known} and '## Tags' "
            "(write '\\##' to keep a line that starts with '##')",
        )
    return area


def parse(text: str, *, today: date) -> Answers:
    """The answers in a template, or ``TemplateError`` naming the first line that is wrong."""
    day: date | None = None
    sections: list[_Section] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.rstrip("\r")
        name = _heading(line, number)
        if name is not None:
            if any(s.name == name for s in sections):
                raise TemplateError(number, f"the heading {line.strip()!r} appears twice")
            sections.append(_Section(name, number, []))
            continue
        if line.startswith("#"):
            continue
        if not sections:
            date_line = _DATE_RE.fullmatch(line.strip())
            if date_line:
                try:
                    day = parse_day(date_line[1].strip(), today=today, option="date:")
                    check_not_future(day, today)
                except InputError as exc:
                    raise TemplateError(number, exc.message) from None
            elif line.strip():
                raise TemplateError(
                    number, "text before the first heading; write it under an area's heading"
                )
            continue
        sections[-1].lines.append((number, line))
    if day is None:
        raise TemplateError(1, "the 'date:' line is missing; add e.g. 'date: yesterday'")
    answers = Answers(day)
    for section in sections:
        if section.name == "tags":
            words = [w for n, line in section.lines for w in re.split(r"[\s,]+", line) if w]
            try:
                answers.tags = parse_tags(words)
            except InputError as exc:
                raise TemplateError(section.start, exc.message) from None
            continue
        area: AreaName = section.name  # type: ignore[assignment]
        body = section.lines
        content = [(n, line) for n, line in body if line.strip()]
        if content and _RATING_RE.fullmatch(content[0][1].strip()):
            number, line = content[0]
            value = _RATING_RE.fullmatch(line.strip())[1].strip()  # type: ignore[index]
            body = body[body.index(content[0]) + 1 :]
            if value:
                if not is_rating(value):
                    raise TemplateError(
                        number,
                        f"the {AREA_LABELS[area]} rating must be a whole number from 1 to 5 "
                        f"or empty, not {value[:20]!r}",
                    )
                answers.ratings[area] = int(value)
        reflection = _strip_blank_lines([_unescape(line) for _, line in body])
        if reflection:
            try:
                answers.reflections[area] = check_text(
                    reflection, what=f"{AREA_LABELS[area]} reflection"
                )
            except InputError as exc:
                raise TemplateError(section.start, exc.message) from None
    return answers
