"""The daily check-in: coaching questions, parsing what the user gave, building the entry.

Pure: no printing, no prompting (see ``ui/prompts.py``), no file access (see ``store/``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from pydantic import ValidationError

from selflead.areas import AREA_ALIASES, AREAS, AreaName
from selflead.errors import InputError
from selflead.models import MAX_REFLECTION, MAX_TAGS, AreaCheckin, Entry, clean_tag
from selflead.problems import describe


def resolve_area(name: str) -> AreaName:
    """An area by name, accepting American spelling (``behavior``) and any case."""
    area = AREA_ALIASES.get(name.strip().lower())
    if area is None:
        raise InputError(
            f"unknown area {name!r}", "the areas are communication, emotions, behaviour, goals"
        )
    return area


def is_rating(text: str) -> bool:
    """A whole number from 1 to 5 in ASCII digits (``str.isdigit`` also accepts '²', which
    ``int`` refuses, and ``int`` refuses digit strings longer than 4,300 characters)."""
    return re.fullmatch(r"0*[1-5]", text.strip(), flags=re.ASCII) is not None


def parse_rating_value(text: str, *, area: str) -> int:
    value = text.strip()
    if not is_rating(value):
        raise InputError(
            f"the rating for {area} must be a whole number from 1 to 5, not {text!r}",
            "e.g. --rate goals=4",
        )
    return int(value)


def parse_rate(option: str) -> tuple[AreaName, int]:
    """``AREA=N`` from ``--rate``."""
    name, sep, value = option.partition("=")
    if not sep:
        raise InputError(
            f"--rate expects AREA=N, not {option!r}", "e.g. --rate goals=4 (N from 1 to 5)"
        )
    area = resolve_area(name)
    return area, parse_rating_value(value, area=area)


def parse_rates(options: Iterable[str]) -> dict[AreaName, int]:
    ratings: dict[AreaName, int] = {}
    for option in options:
        area, value = parse_rate(option)
        if area in ratings and ratings[area] != value:
            raise InputError(
                f"{area} was rated twice ({ratings[area]} and {value})", "give one --rate per area"
            )
        ratings[area] = value
    return ratings


def check_text(text: str, *, what: str) -> str:
    """Refuse text that is too long or not valid Unicode, naming the field, never echoing it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"the {what} is not valid Unicode text", "check the terminal's encoding (UTF-8)"
        ) from None
    if len(text) > MAX_REFLECTION:
        raise InputError(
            f"the {what} has {len(text):,} characters; the limit is {MAX_REFLECTION:,}",
            "shorten it or split it across check-ins",
        )
    return text


def check_not_future(day: date, today: date) -> None:
    """A check-in is about a day that has happened: today or earlier."""
    if day > today:
        raise InputError(
            f"--date {day} is in the future",
            "a check-in is about today or a day before it; use today, yesterday or YYYY-MM-DD",
        )


def parse_tags(tags: Iterable[str]) -> list[str]:
    """Tags as stored (a leading '#' dropped), or ``InputError`` naming the bad one."""
    cleaned = []
    for tag in tags:
        check_text(tag, what="tag")
        try:
            cleaned.append(clean_tag(tag))
        except ValueError as exc:
            raise InputError(f"tag {tag!r} is not valid: {exc}", "e.g. --tag q4") from None
    if len(cleaned) > MAX_TAGS:
        raise InputError(f"{len(cleaned)} tags given; the limit is {MAX_TAGS}", "use fewer tags")
    return cleaned


def build_entry(
    day: date,
    *,
    reflections: Mapping[AreaName, str],
    ratings: Mapping[AreaName, int],
    tags: Iterable[str] = (),
    now: datetime,
) -> Entry:
    """A validated entry, or ``InputError`` saying which field is wrong and what to do."""
    for area, text in reflections.items():
        check_text(text, what=f"{area} reflection")
    areas = {
        area: AreaCheckin(rating=ratings.get(area), reflection=reflections.get(area, ""))
        for area in AREAS
    }
    created = now
    try:
        entry = Entry(
            id=str(uuid.uuid4()),
            date=day,
            created=created,
            tags=parse_tags(tags),
            **areas,
        )
    except ValidationError as exc:
        raise InputError(describe(exc, count_more=False), "see 'selflead checkin --help'") from None
    if entry.is_empty:
        raise InputError(
            "this check-in is empty: no rating and no reflection in any area",
            "rate an area (--rate goals=4) or write a reflection (--goals 'text')",
        )
    return entry


def given_reflections(
    given: Mapping[str, str | None],
) -> tuple[dict[AreaName, str], AreaName | None]:
    """The reflections given as options (by area name), and the one area whose text is read
    from stdin (``-``), if any; only one area can read stdin."""
    reflections = {resolve_area(a): t for a, t in given.items() if t is not None}
    from_stdin = [area for area, text in reflections.items() if text == "-"]
    if len(from_stdin) > 1:
        raise InputError(
            f"only one area can read its reflection from stdin, not {' and '.join(from_stdin)}",
            "give the others as text",
        )
    return reflections, from_stdin[0] if from_stdin else None
