"""Exports: the journal as a Markdown document (or one note per day or week) and as JSON.

Pure: entries and weekly reflections in, text out. Reading the journal (``collect``, through
the store) and writing the files (``store.write_new_files``) are the store's job.
Markdown escaping lives in ``commonmark.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from selflead.areas import AREA_LABELS, AREAS
from selflead.chars import json_escape
from selflead.core.coaching import GROW
from selflead.core.stats import area_averages
from selflead.dates import iso_week, parse_week
from selflead.errors import DamagedFileError, InputError
from selflead.models import Entry, WeeklyReflection
from selflead.transfer.commonmark import escape

if TYPE_CHECKING:
    from selflead.store.journal import Store

__all__ = ["escape"]  # the Markdown escaping, re-exported for callers of the export

BACKUP_FORMAT: Final = "selflead"
BACKUP_VERSION: Final = 1

ExportFormat = Literal["markdown", "json"]
SplitBy = Literal["day", "week"]


# --------------------------------------------------------------------------- what is exported


@dataclass(frozen=True)
class Journal:
    """What an export covers: entries in date order (as stored within a day) and reflections."""

    entries: list[Entry]
    reviews: dict[str, WeeklyReflection]
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class _Week:
    name: str
    monday: date
    entries: list[Entry]
    reflection: WeeklyReflection | None


def duplicate_ids(journal: Journal) -> dict[str, list[date]]:
    """Each id the export holds more than once, with the days it is on (doctor flags these;
    the backup keeps every one, and import restores them)."""
    days: dict[str, list[date]] = {}
    for entry in journal.entries:
        days.setdefault(entry.id, []).append(entry.date)
    return {key: found for key, found in days.items() if len(found) > 1}


def weeks_overlapping(weeks: Iterable[str], first: date | None, last: date | None) -> list[str]:
    """The ISO weeks (``2026-W47``) that share at least one day with ``first``..``last``."""
    chosen = []
    for week in weeks:
        try:
            monday = parse_week(week)
        except InputError:  # a file for a week outside the supported range: read, so that
            chosen.append(week)  # it is reported as damaged, naming the file
            continue
        if (last is None or monday <= last) and (
            first is None or monday + timedelta(days=6) >= first
        ):
            chosen.append(week)
    return sorted(chosen)


def _group_by_week(journal: Journal) -> list[_Week]:
    entries: dict[str, list[Entry]] = {}
    for entry in journal.entries:
        entries.setdefault(iso_week(entry.date), []).append(entry)
    names = sorted(set(entries) | set(journal.reviews))
    return [
        _Week(name, parse_week(name), entries.get(name, []), journal.reviews.get(name))
        for name in names
    ]


def _group_by_day(entries: Iterable[Entry]) -> dict[date, list[Entry]]:
    days: dict[date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(entry.date, []).append(entry)
    return days


def check_options(
    fmt: ExportFormat | str,
    split: SplitBy | str | None,
    output: Path | None,
    first: date | None,
    last: date | None,
) -> None:
    """Refuse option combinations that cannot work, before anything is read or written."""
    if first and last and first > last:
        raise InputError(f"--from {first} is after --to {last}", "swap them")
    if split is not None:
        if fmt != "markdown":
            raise InputError(
                "--split writes Markdown notes, not JSON", "drop --format json, or drop --split"
            )
        if output is None:
            raise InputError(
                f"--split {split} writes one file per {split} into a folder",
                "name the folder with --output DIR",
            )


def collect(
    store: Store,
    first: date | None,
    last: date | None,
    *,
    skip_damaged: bool,
    progress: Callable[[str], AbstractContextManager[Callable[[int, int], None]]],
) -> tuple[Journal, list[DamagedFileError]]:
    """Read what an export covers through the store: entries in range, overlapping weeks'
    reflections. Damaged files stop the export unless ``skip_damaged`` (then they are returned
    so that the caller can warn about each)."""
    from selflead.core.browse import check_damaged

    with progress("Reading the journal") as tick:
        read = store.read_range(first, last, progress=tick)
    reviews, damaged_weeks = store.read_weeks(weeks_overlapping(store.weeks(), first, last))
    read.damaged.extend(damaged_weeks)
    skipped = check_damaged(read, skip_damaged=skip_damaged)
    return Journal(read.entries, reviews, first, last), skipped


# --------------------------------------------------------------------------- Markdown


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _short_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _heading(level: int, text: str) -> str:
    return f"{'#' * level} {text}"


def _averages_line(entries: list[Entry]) -> str:
    if not entries:
        return "No check-ins this week."
    averages = area_averages(entries)
    parts = " · ".join(f"{AREA_LABELS[a]} {_number(averages[a])}" for a in AREAS)
    return f"Averages over {_plural(len(entries), 'check-in')}: {parts}"


def _tags_line(tags: Iterable[str]) -> str:
    return "**Tags:** " + " ".join("\\#" + escape(tag) for tag in tags)


def _reflection_blocks(reflection: WeeklyReflection, level: int) -> list[str]:
    blocks = [_heading(level, "Weekly reflection")]
    for step in GROW:
        field, label = step.field, step.label
        text: str = getattr(reflection, field)
        if text:
            blocks += [f"**{label}**", escape(text)]
    if reflection.is_empty:
        blocks.append("Nothing written.")
    return blocks


def _entry_blocks(entry: Entry, level: int) -> list[str]:
    title = f"{entry.created:%H:%M}"
    if entry.created.date() != entry.date:
        title += f" (written {entry.created.date().isoformat()})"
    blocks = [_heading(level, title)]
    for area in AREAS:
        checkin = entry.area(area)
        if checkin.rating is None and not checkin.reflection:
            continue  # an area left out of this check-in
        rating = f"{checkin.rating}/5" if checkin.rating is not None else "not rated"
        blocks.append(f"**{AREA_LABELS[area]}** {rating}")
        if checkin.reflection:
            blocks.append(escape(checkin.reflection))
    if entry.tags:
        blocks.append(_tags_line(entry.tags))
    return blocks


def _day_blocks(day: date, entries: list[Entry], level: int) -> list[str]:
    blocks = [_heading(level, _long_date(day))]
    for entry in entries:
        blocks += _entry_blocks(entry, level + 1)
    return blocks


def _week_title(week: _Week) -> str:
    sunday = week.monday + timedelta(days=6)
    return f"Week {week.name} · {_short_date(week.monday)} to {_short_date(sunday)}"


def _week_blocks(week: _Week, level: int, *, days: bool = True) -> list[str]:
    blocks = [_heading(level, _week_title(week)), _averages_line(week.entries)]
    if week.reflection is not None:
        blocks += _reflection_blocks(week.reflection, level + 1)
    if days:
        for day, entries in _group_by_day(week.entries).items():
            blocks += _day_blocks(day, entries, level + 1)
    return blocks


def _join(blocks: Iterable[str]) -> str:
    return "\n\n".join(blocks) + "\n"


def markdown_chunks(journal: Journal, exported: datetime) -> Iterator[str]:
    """The whole export as one document, a week at a time: a section per ISO week, a heading
    per day and per entry."""
    weeks = _group_by_week(journal)
    first = journal.first or (journal.entries[0].date if journal.entries else None)
    last = journal.last or (journal.entries[-1].date if journal.entries else None)
    span = "the whole journal"
    if first and last:
        span = f"{_short_date(first)} to {_short_date(last)}"
    elif first:
        span = f"from {_short_date(first)}"
    elif last:
        span = f"until {_short_date(last)}"
    summary = (
        f"{span[0].upper()}{span[1:]} · {_plural(len(journal.entries), 'check-in')} · "
        f"{_plural(len(journal.reviews), 'weekly reflection')} · "
        f"exported {exported:%Y-%m-%d %H:%M}"
    )
    blocks = ["# selflead journal", summary]
    if not weeks:
        blocks.append("No check-ins in this range.")
    yield _join(blocks)
    for week in weeks:
        yield "\n" + _join(_week_blocks(week, 2))


def markdown(journal: Journal, exported: datetime) -> str:
    return "".join(markdown_chunks(journal, exported))


# --------------------------------------------------------------------------- notes, one per file


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


def split_files(journal: Journal, by: SplitBy) -> list[tuple[str, str]]:
    """One note per day (``YYYY-MM-DD.md``) or per ISO week (``YYYY-Www.md``), with front matter.

    Splitting by day also writes a week note for each week that has a weekly reflection, so
    no reflection is left behind. The front matter holds the date, the week, the number of
    check-ins, each area's rating (the mean when a day has several) and the tags.
    """
    files: list[tuple[str, str]] = []
    for week in _group_by_week(journal):
        week_props = _properties(week.monday, week.name, week.entries)
        if by == "week":
            files.append(
                (f"{week.name}.md", _front_matter(week_props) + _join(_week_blocks(week, 1)))
            )
            continue
        if week.reflection is not None:
            body = _week_blocks(week, 1, days=False)
            files.append((f"{week.name}.md", _front_matter(week_props) + _join(body)))
        for day, entries in _group_by_day(week.entries).items():
            props = _properties(day, week.name, entries)
            files.append(
                (
                    f"{day.isoformat()}.md",
                    _front_matter(props) + _join(_day_blocks(day, entries, 1)),
                )
            )
    return sorted(files)


# --------------------------------------------------------------------------- JSON backup


def backup(journal: Journal, exported: datetime) -> dict[str, Any]:
    """The versioned backup document (see the README's "Backup format")."""
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "exported": exported.isoformat(timespec="seconds"),
        "entries": [entry.model_dump(mode="json") for entry in journal.entries],
        "reviews": [
            {"week": week, **reflection.model_dump(mode="json")}
            for week, reflection in sorted(journal.reviews.items())
        ],
    }


def _json_items(items: Iterable[Any]) -> Iterator[str]:
    """A JSON list's items as the second level of the document, written one by one."""
    from pydantic_core import to_json  # the same text as json.dumps(indent=2), much faster

    for number, item in enumerate(items):
        text = to_json(item, indent=2).decode("utf-8").replace("\n", "\n    ")
        yield ("" if number == 0 else ",\n") + "    " + json_escape(text)


def backup_chunks(journal: Journal, exported: datetime) -> Iterator[str]:
    """The backup as JSON text, piece by piece, so a big journal is never held twice.

    Joined, it is the text ``json.dumps(backup(...), indent=2, ensure_ascii=False)`` writes,
    but for the characters in ``chars.JSON_UNSAFE``, which are ``\\uXXXX`` escapes (what a
    terminal showing the file could act on, as ``console.emit_json`` writes them).
    """
    head = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION}
    head["exported"] = exported.isoformat(timespec="seconds")
    yield "{\n" + "".join(f'  "{key}": {json.dumps(value)},\n' for key, value in head.items())
    entries = (entry.model_dump(mode="json") for entry in journal.entries)
    reviews = (
        {"week": week, **reflection.model_dump(mode="json")}
        for week, reflection in sorted(journal.reviews.items())
    )
    for name, items, last in (("entries", entries, False), ("reviews", reviews, True)):
        yield f'  "{name}": ['
        empty = True
        for chunk in _json_items(items):
            yield ("\n" if empty else "") + chunk
            empty = False
        yield ("]" if empty else "\n  ]") + ("\n}\n" if last else ",\n")


def backup_json(journal: Journal, exported: datetime) -> str:
    return "".join(backup_chunks(journal, exported))
