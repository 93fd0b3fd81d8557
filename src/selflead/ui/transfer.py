"""Printing for ``export`` and ``import``: the document on stdout, the progress bar and the
status lines on stderr, and the import summary.

The progress bar is drawn only when stderr is a terminal, and it clears itself when done, so
piped or redirected output carries nothing but the document.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from selflead.progress import Tick
from selflead.ui.console import STDOUT, after_save, err, out, skipped_days, status, warning
from selflead.words import plural

if TYPE_CHECKING:
    from datetime import date

    from selflead.transfer.export import Exported
    from selflead.transfer.importing import ImportResult

MAX_CONFLICTS_LISTED = 20
MAX_IDS_NAMED = 3


def _nothing(done: int, total: int) -> None:
    return None


@contextlib.contextmanager
def progress(description: str) -> Iterator[Tick]:
    """A transient progress bar on stderr; ``tick(done, total)`` moves it. Off when piped."""
    console = err()
    if not console.is_terminal:
        yield _nothing
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.fields[count]}", markup=False),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=None, count="")

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, count=counted(done, total))

        yield tick


def document(chunks: Iterable[str]) -> None:
    """An exported document on stdout, as UTF-8 whatever the locale, and nothing else."""
    for chunk in chunks:
        STDOUT.put_bytes(chunk.encode("utf-8"))
    STDOUT.flush()


def counted(done: int, total: int) -> str:
    """``1,095/10,950``: progress counts with the same thousands separators as the summary."""
    return f"{done:,}/{total:,}"


def exported(done: Exported) -> None:
    """An export: a warning per damaged day left out, then the document on stdout, or on
    stderr how much was written where."""
    skipped_days(done.skipped)
    duplicate_ids(done.duplicates)
    if done.document is not None:
        document(done.document)
        return
    with after_save(f"exported to {done.where}"):
        status(
            f"Exported {plural(done.entries, 'check-in')} and "
            f"{plural(done.reviews, 'weekly reflection')} to {done.where}"
        )


def duplicate_ids(found: dict[str, list[date]]) -> None:
    """Warn that a backup holds an id more than once, naming each (up to a few) and its days."""
    if not found:
        return
    named = "; ".join(
        f"{key} on {', '.join(day.isoformat() for day in days)}"
        for key, days in list(found.items())[:MAX_IDS_NAMED]
    )
    if len(found) > MAX_IDS_NAMED:
        named += f"; and {len(found) - MAX_IDS_NAMED:,} more"
    warning(
        f"the journal holds {plural(len(found), 'id')} more than once ({named}); the backup "
        "keeps every entry, and 'selflead import' restores them all",
        "'selflead doctor' lists them",
    )


def import_summary(result: ImportResult) -> None:
    """What an import added, skipped (already there) and kept (differs: the journal's kept).
    After a real import, a failure to print says that the import was made."""
    if result.dry_run:
        _import_summary(result)
        return
    with after_save("imported the backup"):
        _import_summary(result)


def _import_summary(result: ImportResult) -> None:
    from rich.text import Text

    console = out()
    verb = "Would add" if result.dry_run else "Added"
    days = f" on {plural(result.added_days, 'day')}" if result.added_entries else ""
    lines = [
        f"{verb} {plural(result.added_entries, 'check-in')}{days} and "
        f"{plural(result.added_reviews, 'weekly reflection')}.",
        f"Skipped {plural(result.skipped_entries, 'check-in')} and "
        f"{plural(result.skipped_reviews, 'weekly reflection')} already in the journal.",
    ]
    if result.added_commitments or result.skipped_commitments:
        lines.append(
            f"{verb} {plural(result.added_commitments, 'commitment')}; skipped "
            f"{plural(result.skipped_commitments, 'commitment')} already in the journal."
        )
    if result.added_goals or result.skipped_goals:
        lines.append(
            f"{verb} {plural(result.added_goals, 'goal')}; skipped "
            f"{plural(result.skipped_goals, 'goal')} already in the journal."
        )
    if result.kept:
        lines.append(
            f"Kept the journal's version of {plural(len(result.kept), 'item')} whose id or week "
            "is already there with different content:"
        )
        for conflict in result.kept[:MAX_CONFLICTS_LISTED]:
            if conflict.kind == "entry":
                lines.append(
                    f"  entry {conflict.number:,}: id {conflict.key} (in the journal on "
                    f"{conflict.day})"
                )
            elif conflict.kind in ("commitment", "goal"):
                lines.append(f"  {conflict.kind} {conflict.number}: id {conflict.key}")
            else:
                lines.append(f"  review {conflict.number}: week {conflict.key}")
        if len(result.kept) > MAX_CONFLICTS_LISTED:
            lines.append(f"  … and {len(result.kept) - MAX_CONFLICTS_LISTED:,} more")
    for line in lines:
        console.print(Text(line), soft_wrap=True)
    if result.dry_run:
        status("Dry run: nothing was written.")
