"""Commitments: if-then plans ("When <situation>, I will <action>") for one ISO week.

A week's review makes them for the coming week; every check-in of that week asks how each
went (kept, partly, not kept, or no occasion that day); the next review shows the record and
can carry an unkept one into the week after. Each has an id of 12 hex digits, shown as its
shortest unique prefix (at least ``SHORT_ID`` characters) and accepted as any unique prefix.
Rules only: the store reads and writes the week files, the ui asks and prints.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, get_args

from pydantic import ValidationError

from selflead.dates import iso_week, parse_week
from selflead.errors import InputError
from selflead.models import Commitment, Mark, Outcome
from selflead.problems import describe
from selflead.words import plural

if TYPE_CHECKING:
    from selflead.store.journal import Store

SHORT_ID: Final = 6  # the shortest id shown or accepted
MAX_PER_WEEK: Final = 3  # open commitments in one week
OUTCOMES: Final[tuple[Outcome, ...]] = get_args(Outcome)
OPTION_OF: Final[dict[Outcome, str]] = {
    "kept": "--kept",
    "partly": "--partly",
    "missed": "--missed",
}


# --------------------------------------------------------------------------- ids


def new_id() -> str:
    return secrets.token_hex(6)


def short_ids(ids: Iterable[str]) -> dict[str, str]:
    """Each id's shortest prefix (at least ``SHORT_ID`` characters) that no other id shares."""
    every = sorted(set(ids))
    shown: dict[str, str] = {}
    for number, full in enumerate(every):
        neighbours = every[max(number - 1, 0) : number] + every[number + 1 : number + 2]
        length = max([SHORT_ID, *(_common(full, other) + 1 for other in neighbours)])
        shown[full] = full[:length]
    return shown


def _common(one: str, other: str) -> int:
    """How many leading characters two strings share."""
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count


def resolve_id(
    text: str,
    ids: Iterable[str],
    *,
    what: str = "commitment",
    listing: str = "selflead commitments",
) -> str:
    """The one id that ``text`` is a prefix of (``SHORT_ID`` characters or more)."""
    typed = text.strip().lower()
    if len(typed) < SHORT_ID:
        raise InputError(
            f"{what} id {text!r} is too short", f"give at least {SHORT_ID} characters of it"
        )
    found = [full for full in ids if full.startswith(typed)]
    if not found:
        raise InputError(f"no {what} has the id {text!r}", f"'{listing}' lists them")
    if len(found) > 1:
        raise InputError(f"{what} id {text!r} is ambiguous", "give more of its characters")
    return found[0]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Record:
    """How a commitment went: the days with an occasion and what happened on them."""

    kept: int = 0
    partly: int = 0
    missed: int = 0

    @property
    def occasions(self) -> int:
        return self.kept + self.partly + self.missed

    def __add__(self, other: Record) -> Record:
        return Record(
            self.kept + other.kept, self.partly + other.partly, self.missed + other.missed
        )

    @property
    def percent(self) -> int | None:
        """Kept occasions in percent (partly counts half); None with no occasion."""
        if not self.occasions:
            return None
        return round(100 * (self.kept + self.partly / 2) / self.occasions)

    def words(self) -> str:
        """``kept 3 of 4 occasions``, ``kept 2 of 4 occasions, 1 partly``, ``no occasion yet``."""
        if not self.occasions:
            return "no occasion yet"
        text = f"kept {self.kept} of {plural(self.occasions, 'occasion')}"
        return text + (f", {self.partly} partly" if self.partly else "")


def record_of(commitment: Commitment) -> Record:
    counts = dict.fromkeys(OUTCOMES, 0)
    for mark in commitment.marks:
        counts[mark.outcome] += 1
    return Record(**counts)


@dataclass(frozen=True)
class Listed:
    """A commitment as shown: its short id, week, plan, record and where it went."""

    commitment: Commitment
    week: str
    short_id: str
    record: Record
    carried_to: str | None  # the week it was carried into

    @property
    def open(self) -> bool:
        return not self.commitment.dropped

    def to_json(self) -> dict[str, Any]:
        c = self.commitment
        return {
            "id": c.id,
            "short_id": self.short_id,
            "week": self.week,
            "when": c.when,
            "will": c.will,
            "dropped": c.dropped,
            "carried_from": c.carried_from,
            "carried_to": self.carried_to,
            "record": {
                "kept": self.record.kept,
                "partly": self.record.partly,
                "missed": self.record.missed,
                "occasions": self.record.occasions,
                "percent": self.record.percent,
            },
            "marks": [{"date": m.date.isoformat(), "outcome": m.outcome} for m in c.marks],
        }


@dataclass(frozen=True)
class WeekCommitments:
    """One week's commitments and its overall follow-through."""

    week: str
    items: list[Listed]

    @property
    def follow_through(self) -> Record:
        total = Record()
        for item in self.items:
            if item.open:
                total = total + item.record
        return total

    def to_json(self) -> dict[str, Any]:
        total = self.follow_through
        return {
            "week": self.week,
            "commitments": [item.to_json() for item in self.items],
            "follow_through": {
                "kept": total.kept,
                "partly": total.partly,
                "missed": total.missed,
                "occasions": total.occasions,
                "percent": total.percent,
            },
        }


def _everything(store: Store) -> dict[str, list[Commitment]]:
    return {week: store.read_commitments(week) for week in store.commitment_weeks()}


def _listed(every: Mapping[str, list[Commitment]], week: str) -> WeekCommitments:
    shown = short_ids(c.id for items in every.values() for c in items)
    carried = {
        c.carried_from: other for other, items in every.items() for c in items if c.carried_from
    }
    return WeekCommitments(
        week,
        [
            Listed(c, week, shown[c.id], record_of(c), carried.get(c.id))
            for c in every.get(week, [])
        ],
    )


def week_commitments(store: Store, week: str) -> WeekCommitments:
    """The week's commitments (dropped ones too) with their records and short ids."""
    return _listed(_everything(store), week)


def open_for(store: Store, day: date) -> WeekCommitments:
    """The commitments a check-in on ``day`` asks about: its week's, not dropped."""
    listed = week_commitments(store, iso_week(day))
    return WeekCommitments(listed.week, [item for item in listed.items if item.open])


def week_of(text: str | None, today: date) -> str:
    return iso_week(today) if text is None else iso_week(parse_week(text))


def next_week(week: str) -> str:
    return iso_week(parse_week(week) + timedelta(days=7))


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Plan:
    when: str
    will: str


def check_plan(when: str, will: str) -> Plan:
    """An if-then plan as stored: both parts given, without the "When"/"I will" lead words."""
    when = _without_lead(when.strip(), ("when ", "if "))
    will = _without_lead(will.strip(), ("i will ", "i'll "))
    for text, option in ((when, "--when"), (will, "--will")):
        if not text:
            raise InputError(
                f"{option} is empty",
                "write the plan in two parts, e.g. --when 'I open my laptop' "
                "--will 'write down the one result for today'",
            )
        if len(text) > 500:
            raise InputError(
                f"{option} has {len(text):,} characters; the limit is 500", "shorten it"
            )
    return Plan(when.rstrip(",").strip(), will)


def _without_lead(text: str, leads: Sequence[str]) -> str:
    for lead in leads:
        if text.lower().startswith(lead):
            return text[len(lead) :].strip()
    return text


def _new(plan: Plan, now: datetime, carried_from: str | None = None) -> Commitment:
    try:
        return Commitment(
            id=new_id(), when=plan.when, will=plan.will, created=now, carried_from=carried_from
        )
    except ValidationError as exc:
        raise InputError(describe(exc, count_more=False), "shorten or simplify the plan") from None


def _room(items: Sequence[Commitment], week: str, adding: int) -> None:
    open_count = sum(not c.dropped for c in items)
    if open_count + adding > MAX_PER_WEEK:
        raise InputError(
            f"{week} already has {plural(open_count, 'open commitment')}; "
            f"a week holds at most {MAX_PER_WEEK}",
            "drop one first with 'selflead commitments drop ID'",
        )


def room_in(store: Store, week: str) -> int:
    """How many more commitments ``week`` can hold."""
    return max(0, MAX_PER_WEEK - sum(not c.dropped for c in store.read_commitments(week)))


def add(store: Store, week: str, plans: Sequence[Plan], *, now: datetime) -> list[Commitment]:
    """Add ``plans`` to ``week``, under the lock; nothing is written if one does not fit."""
    made = [_new(plan, now) for plan in plans]
    if not made:
        return []
    with store.locked():
        items = store.read_commitments(week)
        _room(items, week, len(made))
        store.write_commitments(week, [*items, *made])
    return made


def _find(store: Store, ref: str) -> tuple[str, Commitment]:
    every = _everything(store)
    full = resolve_id(ref, [c.id for items in every.values() for c in items])
    return next((week, c) for week, items in every.items() for c in items if c.id == full)


def drop(store: Store, ref: str) -> tuple[str, Commitment]:
    """Drop a commitment: no check-in asks about it again; its record is kept."""
    with store.locked():
        week, found = _find(store, ref)
        if found.dropped:
            raise InputError("that commitment is already dropped", "nothing was changed")
        items = store.read_commitments(week)
        changed = found.model_copy(update={"dropped": True})
        store.write_commitments(week, [changed if c.id == found.id else c for c in items])
    return week, changed


def carry(store: Store, ref: str, *, now: datetime) -> tuple[str, Commitment]:
    """The same plan again in the week after the commitment's own, linked to it."""
    with store.locked():
        week, found = _find(store, ref)
        target = next_week(week)
        items = store.read_commitments(target)
        if any(c.carried_from == found.id for c in items):
            raise InputError(
                f"that commitment is already carried into {target}", "nothing was changed"
            )
        _room(items, target, 1)
        made = _new(Plan(found.when, found.will), now, carried_from=found.id)
        store.write_commitments(target, [*items, made])
    return target, made


def parse_marks(options: Mapping[Outcome, Sequence[str]]) -> list[tuple[Outcome, str]]:
    """The ``--kept/--partly/--missed ID`` options as (outcome, id typed), in that order."""
    return [(outcome, ref) for outcome in OUTCOMES for ref in options.get(outcome, ())]


def resolve_marks(
    open_now: WeekCommitments, given: Sequence[tuple[Outcome, str]], day: date
) -> dict[str, Outcome]:
    """Each mark's full id among the day's open commitments; a clear error for any other."""
    ids = [item.commitment.id for item in open_now.items]
    if given and not ids:
        outcome, _ = given[0]
        raise InputError(
            f"{OPTION_OF[outcome]}: there is no open commitment in {open_now.week} "
            f"(the week of {day})",
            "add one with 'selflead commitments add --when TEXT --will TEXT'",
        )
    marks: dict[str, Outcome] = {}
    for outcome, ref in given:
        full = resolve_id(ref, ids)
        if full in marks and marks[full] != outcome:
            raise InputError(
                f"commitment {ref} was given twice ({OPTION_OF[marks[full]]} and "
                f"{OPTION_OF[outcome]})",
                "give one answer per commitment",
            )
        marks[full] = outcome
    return marks


def save_marks(store: Store, day: date, marks: Mapping[str, Outcome]) -> None:
    """Record the day's answers (replacing an earlier answer for that day), under the lock."""
    if not marks:
        return
    week = iso_week(day)
    with store.locked():
        items = store.read_commitments(week)
        changed = []
        for c in items:
            if c.id in marks:
                kept = [m for m in c.marks if m.date != day]
                marked = sorted([*kept, Mark(date=day, outcome=marks[c.id])], key=lambda m: m.date)
                c = c.model_copy(update={"marks": marked})
            changed.append(c)
        store.write_commitments(week, changed)


def span_commitments(store: Store, first_week: str, last_week: str) -> list[WeekCommitments]:
    """The commitments of each week from ``first_week`` to ``last_week`` that has any (for
    the report), each with its records."""
    every = _everything(store)
    return [_listed(every, w) for w in sorted(every) if first_week <= w <= last_week and every[w]]
