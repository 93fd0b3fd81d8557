"""The journal as notes, one file per day (``YYYY-MM-DD.md``) or per ISO week (``YYYY-Www.md``),
each with YAML front matter, for Obsidian and similar notes apps (``export --split``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, Literal

from selflead.areas import AREAS
from selflead.core.stats import area_averages
from selflead.models import Entry
from selflead.transfer.journal import Journal, group_by_day, weeks
from selflead.transfer.markdown import Summaries, day_blocks, join, week_blocks

SplitBy = Literal["day", "week"]


def _yaml_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else value


def _front_matter(fields: Mapping[str, Any]) -> str:
    import yaml

    # libyaml's emitter, when PyYAML has it, is ~10 times faster and writes the same text
    # for what front matter holds (dates, numbers, ASCII tags), but not for every character
    # beyond ASCII ('\U00010000' where the Python one writes it as it is): then the Python one.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    if not all(tag.isascii() for tag in fields.get("tags", ())):
        dumper = yaml.SafeDumper
    text = yaml.dump(
        dict(fields),
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )
    return f"---\n{text}---\n\n"


def _properties(day: date, week: str, entries: list[Entry]) -> dict[str, Any]:
    averages = area_averages(entries)
    tags: dict[str, None] = {}
    for entry in entries:
        tags.update(dict.fromkeys(entry.tags))
    return {
        "date": day,
        "week": week,
        "checkins": len(entries),
        **{area: _yaml_number(averages[area]) for area in AREAS},
        "tags": list(tags),
    }


def files(journal: Journal, by: SplitBy, today: date) -> list[tuple[str, str]]:
    """One note per day (``YYYY-MM-DD.md``) or per ISO week (``YYYY-Www.md``), with front matter.

    Splitting by day also writes a week note for each week that has a weekly reflection, so
    no reflection is left behind. The front matter holds the date, the week, the number of
    check-ins, each area's rating (the mean when a day has several) and the tags.
    """
    return sorted(notes(journal, by, today))


def notes(journal: Journal, by: SplitBy, today: date) -> Iterator[tuple[str, str]]:
    """``files``, one note at a time, a week of the journal read at a time (in name order
    within a week: a week's note sorts before its days' notes)."""
    summaries = Summaries()
    for week, by_monday in weeks(journal):
        week_props = _properties(week.monday, week.name, week.entries)
        if by == "week":
            body = week_blocks(week, 1, by_monday, today, summaries=summaries)
            yield f"{week.name}.md", _front_matter(week_props) + join(body)
            continue
        if week.reflection is not None:
            body = week_blocks(week, 1, by_monday, today, days=False, summaries=summaries)
            yield f"{week.name}.md", _front_matter(week_props) + join(body)
        for day, entries in group_by_day(week.entries).items():
            props = _properties(day, week.name, entries)
            yield f"{day.isoformat()}.md", _front_matter(props) + join(day_blocks(day, entries, 1))


def names(journal: Journal, by: SplitBy) -> list[str]:
    """The names of the notes ``notes`` writes, without reading a day file."""
    from selflead.dates import iso_week

    source = journal.source
    if source is None:
        return [name for name, _ in files(journal, by, date.min)]
    days = sorted(d for week in source.days.values() for d in week if journal.exports(d))
    weeks_named = {iso_week(d) for d in days}
    found = [f"{d.isoformat()}.md" for d in days] if by == "day" else []
    reflected = set(journal.review_weeks) | set(journal.reviews)
    if by == "week":
        weeks_named |= reflected | {w for w, items in journal.commitments.items() if items}
        weeks_named |= {iso_week(s.date) for g in journal.goals for s in g.progress
                        if journal.covers(s.date)}  # fmt: skip
    else:
        weeks_named = reflected
    return sorted(found + [f"{w}.md" for w in weeks_named])
