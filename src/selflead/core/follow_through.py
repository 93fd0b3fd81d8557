"""How commitments went: each one's record of occasions (kept, partly, not kept), a week's
commitments as listed (short ids, where each was carried, the goal of a standing plan) and
the week's follow-through. Facts only: ``core/commitments.py`` reads and changes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, get_args

from selflead.core.ids import unique_prefixes
from selflead.models import Commitment, Goal, Outcome
from selflead.words import plural

OUTCOMES: Final[tuple[Outcome, ...]] = get_args(Outcome)


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
    goal: Goal | None = None  # the WOOP goal whose standing plan it is

    @property
    def open(self) -> bool:
        return not self.commitment.dropped

    @property
    def asked(self) -> bool:
        """Whether a check-in asks about it: open, and no plan of a goal closed since."""
        return self.open and (self.goal is None or self.goal.status == "open")

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
            "goal": c.goal,
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


@dataclass(frozen=True)
class Everything:
    weeks: dict[str, list[Commitment]]
    goals: dict[str, Goal]

    def ids(self) -> list[str]:
        return [c.id for items in self.weeks.values() for c in items]

    def listed(self, week: str) -> WeekCommitments:
        shown = unique_prefixes(self.ids())
        carried = {
            c.carried_from: other
            for other, items in self.weeks.items()
            for c in items
            if c.carried_from
        }
        return WeekCommitments(
            week,
            [
                Listed(
                    c,
                    week,
                    shown[c.id],
                    record_of(c),
                    carried.get(c.id),
                    self.goals.get(c.goal or ""),
                )
                for c in self.weeks.get(week, [])
            ],
        )
