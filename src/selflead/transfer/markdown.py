"""The journal as one Markdown document: a section per ISO week (its averages and GROW
reflection), a heading per day and one per check-in. Everything the user wrote is escaped
(``commonmark.escape``) so that any CommonMark renderer shows it exactly as typed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from operator import attrgetter
from typing import TYPE_CHECKING, Final

from selflead.areas import AREA_LABELS, AREAS
from selflead.core.coaching import GROW
from selflead.dates import long_date
from selflead.models import Commitment, Entry, Goal, Progress, WeeklyReflection
from selflead.transfer.commonmark import escape
from selflead.transfer.journal import Journal, Week, group_by_day, weeks
from selflead.words import plural, written_later

if TYPE_CHECKING:
    from selflead.core.week import AreaSummary, WeekReview
    from selflead.store.aside import Aside

NAME: Final = "markdown"


def _short_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _heading(level: int, text: str) -> str:
    return f"{'#' * level} {text}"


_NONE: Final[list[Entry]] = []  # a week without entries (never changed)


class Summaries:
    """The weeks' reviews of one export, built in order: the one of the week before is kept
    (its areas, and the entries it was built from), so that the next week's review, whose
    "last week's focus" is that review's own, does not compute those areas again."""

    def __init__(self) -> None:
        self._last: tuple[date, Sequence[Entry], Sequence[Entry], list[AreaSummary]] | None = None

    def previous_areas(
        self, monday: date, previous: Sequence[Entry], before: Sequence[Entry]
    ) -> list[AreaSummary] | None:
        """The areas of the week before ``monday`` if its review was built from the very
        lists ``previous`` and ``before``; else None (they are computed)."""
        last = self._last
        if last is None or last[0] != monday - timedelta(days=7):
            return None
        return last[3] if last[1] is previous and last[2] is before else None

    def keep(
        self, monday: date, entries: Sequence[Entry], previous: Sequence[Entry], review: WeekReview
    ) -> None:
        self._last = (monday, entries, previous, review.areas)


def _summary_blocks(
    week: Week, weeks: Mapping[date, list[Entry]], today: date, summaries: Summaries
) -> list[str]:
    """The week as its review says it (``core.statements``): last week's focus, days
    checked in, averages with the change, how the areas compare, the focus and its question."""
    from selflead.core import statements, wording
    from selflead.core.review import build_review

    if not week.entries:
        return ["No check-ins this week."]
    entries = weeks.get(week.monday, week.entries)
    previous = weeks.get(week.monday - timedelta(days=7), _NONE)
    before = weeks.get(week.monday - timedelta(days=14), _NONE)
    review = build_review(
        week.monday,
        entries,
        previous,
        (),
        today,
        (),
        before_previous=before,
        previous_areas=summaries.previous_areas(week.monday, previous, before),
        moments=False,  # not part of the summary
    )
    summaries.keep(week.monday, entries, previous, review)
    text = statements.describe(review)
    averages = " · ".join(wording.averaged(a) for a in review.areas)
    blocks = [escape(line) for line in text.opening]
    blocks += [escape(text.days), escape(f"Averages: {averages}")]
    blocks += [escape(line) for line in text.compare]
    focus = review.focus
    if focus.area is not None:
        blocks.append(f"**{text.focus_title}: {AREA_LABELS[focus.area]}.** {escape(focus.reason)}")
        blocks.append(f"**{text.focus_question_lead}** {escape(focus.question)}")
    return blocks


# A tag notes apps read as a tag (Obsidian, Logseq): letters, digits, '-' and '/', not only
# digits. Written as '#q4', raw: none of these characters is markup in the middle of a line.
_TAG_WORD = re.compile(r"[^\W_]*[^\W\d_][^\W_]*(?:[-/][^\W_]+)*")


@lru_cache(maxsize=4096)  # a journal uses a few tags again and again
def _tag(tag: str) -> str:
    """``#q4`` for a tag word; anything else as typed, escaped (``\\#[bold]``)."""
    return "#" + tag if _TAG_WORD.fullmatch(tag) else "\\#" + escape(tag)


def _tags_line(tags: Iterable[str]) -> str:
    return "**Tags:** " + " ".join(map(_tag, tags))


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


def _commitment_blocks(commitments: list[Commitment], level: int) -> list[str]:
    """Each commitment as "When ..., I will ..." with its record, then the follow-through."""
    from selflead.core.follow_through import Record, record_of

    blocks = [_heading(level, "Commitments")]
    total = Record()
    lines = []
    for c in commitments:
        record = record_of(c)
        if not c.dropped:
            total = total + record
        dropped = "; dropped" if c.dropped else ""
        lines.append(
            f"- When {escape(c.when)}, I will {escape(c.will)} ({record.words()}{dropped})"
        )
    blocks.append("\n".join(lines))
    percent = f" ({total.percent}%)" if total.percent is not None else ""
    blocks.append(f"Follow-through: {total.words()}{percent}.")
    return blocks


def _progress_blocks(steps: list[tuple[Goal, Progress]], level: int) -> list[str]:
    """Each step of a goal that week: ``- Tue 8 Dec, Close 12 deals: 7 of 12 deals (note)``."""
    from selflead.core.goals import number_words

    lines = []
    for goal, step in steps:
        line = f"- {_short_date(step.date)}, {escape(goal.title)}"
        if step.value is not None and goal.target is not None:
            measure = escape(goal.measure or "")
            line += f": {number_words(step.value)} of {number_words(goal.target)} {measure}"
        if step.note:
            line += f" ({escape(step.note)})"
        lines.append(line)
    return [_heading(level, "Goal progress"), "\n".join(lines)]


# Each area's line by its rating: ``**Communication** 4/5``, ``**Communication** not rated``.
_AREA_LINES: Final = tuple(
    {
        rating: f"**{AREA_LABELS[area]}** " + ("not rated" if rating is None else f"{rating}/5")
        for rating in (None, 1, 2, 3, 4, 5)  # a rating is 1 to 5 (``models.Rating``)
    }
    for area in AREAS
)
_CHECKINS: Final = attrgetter(*AREAS)  # an entry's check-in of each area, in AREAS' order


def _entry_blocks(entry: Entry, hashes: str, blocks: list[str]) -> None:
    """The entry's heading (``hashes``: its level), each area it holds (rating, then
    reflection) and its tags, added to ``blocks``. Called once per entry of the journal:
    kept to one call each."""
    if entry.backfilled:  # it has no time of day
        blocks.append(f"{hashes} Check-in ({written_later(entry)})")
    else:
        created = entry.created  # written as f"{created:%H:%M}" is, without strftime
        blocks.append(f"{hashes} {created.hour:02}:{created.minute:02}")
    for lines, checkin in zip(_AREA_LINES, _CHECKINS(entry), strict=True):
        text = checkin.reflection
        if text:
            blocks.append(lines[checkin.rating])
            blocks.append(escape(text))
        elif checkin.rating is not None:
            blocks.append(lines[checkin.rating])
        # else: an area left out of this check-in
    if entry.tags:
        blocks.append(_tags_line(entry.tags))


def day_blocks(day: date, entries: list[Entry], level: int) -> list[str]:
    blocks = [_heading(level, long_date(day))]
    hashes = "#" * (level + 1)
    for entry in entries:
        _entry_blocks(entry, hashes, blocks)
    return blocks


def _week_title(week: Week) -> str:
    sunday = week.monday + timedelta(days=6)
    return f"Week {week.name} · {_short_date(week.monday)} to {_short_date(sunday)}"


def week_blocks(
    week: Week,
    level: int,
    weeks: Mapping[date, list[Entry]],
    today: date,
    *,
    days: bool = True,
    summaries: Summaries | None = None,
) -> list[str]:
    """The week's section; ``summaries``: the reviews of the weeks written before it in the
    same export (see ``Summaries``)."""
    summary = _summary_blocks(week, weeks, today, summaries or Summaries())
    blocks = [_heading(level, _week_title(week)), *summary]
    if week.reflection is not None:
        blocks += _reflection_blocks(week.reflection, level + 1)
    if week.commitments:
        blocks += _commitment_blocks(week.commitments, level + 1)
    if week.progress:
        blocks += _progress_blocks(week.progress, level + 1)
    if days:
        for day, entries in group_by_day(week.entries).items():
            blocks += day_blocks(day, entries, level + 1)
    return blocks


def join(blocks: Iterable[str]) -> str:
    return "\n\n".join(blocks) + "\n"


# A journal of this many day files or more is made in two halves at once (``store.aside``):
# the second by a copy of the process, on the other core. Fewer: in one.
HALVES_FROM: Final = 2_000


def _halfway(journal: Journal) -> date | None:
    """The Monday the second half starts on (about half the day files before it), or None
    when the journal is made in one piece."""
    source = journal.source
    if source is None:
        return None
    mondays = sorted(source.days)
    total = sum(len(days) for days in source.days.values())
    if total < HALVES_FROM:
        return None
    seen = 0
    for previous, monday in pairwise(mondays):
        seen += len(source.days[previous])
        if seen * 2 >= total:
            return monday
    return None


def _sections(
    journal: Journal, exported: datetime, *, since: date | None = None, until: date | None = None
) -> Iterator[str]:
    """The weeks' sections, from the Monday ``since`` and before the Monday ``until``."""
    summaries = Summaries()
    today = exported.date()
    for week, by_monday in weeks(journal, since=since, until=until):
        yield "\n" + join(week_blocks(week, 2, by_monday, today, summaries=summaries))


def chunks(journal: Journal, exported: datetime) -> Iterator[str]:
    """The whole export as one document, a week at a time: a section per ISO week (opening
    with the week's summary), a heading per day and per entry.

    A big journal's second half is made at once, aside (``HALVES_FROM``): asked for here,
    before the first piece is, so that the copy of the process starts before any other
    thread (a progress bar) does."""
    from dataclasses import replace

    from selflead.store.aside import make_aside

    split = _halfway(journal)
    aside = None
    if split is not None and journal.source is not None:
        quiet = replace(journal, source=replace(journal.source, tick=lambda done, total: None))
        aside = make_aside(lambda: _sections(quiet, exported, since=split))
    return _document(journal, exported, split, aside)


def _document(
    journal: Journal, exported: datetime, split: date | None, aside: Aside | None
) -> Iterator[str]:
    first = journal.first or journal.first_day
    last = journal.last or journal.last_day
    span = "the whole journal"
    if first and last:
        span = f"{_short_date(first)} to {_short_date(last)}"
    elif first:
        span = f"from {_short_date(first)}"
    elif last:
        span = f"until {_short_date(last)}"
    summary = (
        f"{span[0].upper()}{span[1:]} · {plural(journal.entry_count, 'check-in')} · "
        f"{plural(journal.review_count, 'weekly reflection')} · "
        f"exported {exported:%Y-%m-%d %H:%M}"
    )
    blocks = ["# selflead journal", summary]
    empty = True
    try:
        parts: list[Iterable[str]] = (
            [_sections(journal, exported)]
            if split is None
            else [
                _sections(_ticking(journal, split, first=True), exported, until=split),
                _second_half(journal, exported, split, aside),
            ]
        )
        for part in parts:
            for section in part:
                if empty and section:
                    yield join(blocks)
                    empty = False
                yield section
    finally:
        if aside is not None:
            aside.close()
    if empty:
        yield join([*blocks, "No check-ins in this range."])


def _ticking(journal: Journal, split: date, *, first: bool) -> Journal:
    """``journal``, its progress told for the whole while one half is read here: the first
    half, read as the copy reads the second, stands for all of it; the second, read here
    when the copy could not, goes on from the first."""
    from dataclasses import replace

    source = journal.source
    if source is None:
        return journal
    before = (day for monday, days in source.days.items() if monday < split for day in days)
    half = sum(1 for day in before if journal.covers(day))

    def told(done: int, total: int) -> None:  # source.tick: what export.run sets it to
        at = done * total // max(half, 1) if first else half + done
        source.tick(min(at, total), total)

    return replace(journal, source=replace(source, tick=told))


def _second_half(
    journal: Journal, exported: datetime, split: date, aside: Aside | None
) -> Iterator[str]:
    """The sections from ``split`` on: the copy's, or made here when it could not make them
    (what went wrong is then said as it is met)."""
    made = aside.pieces() if aside is not None else None
    if made is None:
        yield from _sections(_ticking(journal, split, first=False), exported, since=split)
        return
    yield from made
    if journal.source is not None:
        journal.source.tick(journal.source.total, journal.source.total)
