"""``selflead review``'s whole answer on screen: the review, the week's commitments and the
goals due or measured (each drawn by its own renderer), or all of it as JSON."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from selflead.ui import commitments, console, goals, review

if TYPE_CHECKING:
    from selflead.core.weekly import WeekReport


def report(result: WeekReport, *, today: date, as_json: bool = False) -> None:
    console.skipped_days(result.review.skipped_days)
    if as_json:
        console.emit_json(result.to_json())
        return
    review.week(result.review, today=today)
    if result.commitments.items:
        commitments.week(result.commitments)
    goals.in_review(result.due, result.measured)
