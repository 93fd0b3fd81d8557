"""What ``selflead report`` says: the document on stdout, or where the file went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from selflead.dates import date_span
from selflead.ui.console import after_save, skipped_days, status
from selflead.ui.transfer import document
from selflead.words import plural

if TYPE_CHECKING:
    from selflead.transfer.report import Written


def written(done: Written) -> None:
    report = done.report
    skipped_days([*report.means.damaged, *report.damaged_weeks])
    if done.document is not None:
        document(done.document)
        return
    span = date_span(report.first, report.last)
    with after_save(f"wrote the report to {done.where}"):
        status(
            f"Wrote the report for {span} ({plural(report.days_checked_in, 'day')} checked in"
            f"{'' if report.with_text else ', numbers only'}) to {done.where}"
        )
