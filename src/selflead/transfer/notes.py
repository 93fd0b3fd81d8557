"""The journal as notes, one file per day (``YYYY-MM-DD.md``) or per ISO week (``YYYY-Www.md``),
each with YAML front matter, for Obsidian and similar notes apps (``export --split``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from selflead.areas import AREAS
from selflead.core.stats import area_averages
from selflead.models import Entry
from selflead.transfer.journal import Journal, group_by_day, group_by_week
from selflead.transfer.markdown import day_blocks, join, week_blocks

SplitBy = Literal["day", "week"]


def _yaml_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else value


def _front_matter(fields: Mapping[str, Any]) -> str:
    import yaml

    text = yaml.safe_dump(
        dict(fields), sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000
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


def files(journal: Journal, by: SplitBy) -> list[tuple[str, str]]:
    """One note per day (``YYYY-MM-DD.md``) or per ISO week (``YYYY-Www.md``), with front matter.

    Splitting by day also writes a week note for each week that has a weekly reflection, so
    no reflection is left behind. The front matter holds the date, the week, the number of
    check-ins, each area's rating (the mean when a day has several) and the tags.
    """
    files: list[tuple[str, str]] = []
    for week in group_by_week(journal):
        week_props = _properties(week.monday, week.name, week.entries)
        if by == "week":
            files.append(
                (f"{week.name}.md", _front_matter(week_props) + join(week_blocks(week, 1)))
            )
            continue
        if week.reflection is not None:
            body = week_blocks(week, 1, days=False)
            files.append((f"{week.name}.md", _front_matter(week_props) + join(body)))
        for day, entries in group_by_day(week.entries).items():
            props = _properties(day, week.name, entries)
            files.append(
                (
                    f"{day.isoformat()}.md",
                    _front_matter(props) + join(day_blocks(day, entries, 1)),
                )
            )
    return sorted(files)
