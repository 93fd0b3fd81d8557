"""Printing for ``export`` and ``import``: the document on stdout, the progress bar and the
status lines on stderr, and the import summary.

The progress bar is drawn only when stderr is a terminal, and it clears itself when done, so
piped or redirected output carries nothing but the document.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from selflead.ui.console import STDOUT, err, out, status, warning

if TYPE_CHECKING:
    from datetime import date

    from selflead.transfer.backup import ImportResult

Tick = Callable[[int, int], None]
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
        STDOUT.write_bytes(chunk.encode("utf-8"))
    STDOUT.flush()


def counted(done: int, total: int) -> str:
    """``1,095/10,950``: progress counts with the same thousands separators as the summary."""
    return f"{done:,}/{total:,}"


def count(number: int, word: str) -> str:
    return f"{number:,} {word}" if number == 1 else f"{number:,} {word}s"


def exported(entries: int, reviews: int, where: str) -> None:
    status(
        f"Exported {count(entries, 'check-in')} and {count(reviews, 'weekly reflection')} "
        f"to {where}"
    )


def duplicate_ids(found: dict[str, list[date]]) -> None:
    """Warn that the backup holds an id more than once, naming each (up to a few) and its days."""
    if not found:
        return
    named = "; ".join(
        f"{key} on {', '.join(day.isoformat() for day in days)}"
        for key, days in list(found.items())[:MAX_IDS_NAMED]
    )
    if len(found) > MAX_IDS_NAMED:
        named += f"; and {len(found) - MAX_IDS_NAMED:,} more"
    warning(
        f"the journal holds {count(len(found), 'id')} more than once ({named}); the backup keeps "
        "every entry, and 'selflead import' restores them all",
        "'selflead doctor' lists them",
    )


def import_summary(result: ImportResult) -> None:
    """What an import added, skipped (already there) and kept (differs: the journal's kept)."""
    from rich.text import Text

    console = out()
    verb = "Would add" if result.dry_run else "Added"
    days = f" on {count(result.added_days, 'day')}" if result.added_entries else ""
    lines = [
        f"{verb} {count(result.added_entries, 'check-in')}{days} and "
        f"{count(result.added_reviews, 'weekly reflection')}.",
        f"Skipped {count(result.skipped_entries, 'check-in')} and "
        f"{count(result.skipped_reviews, 'weekly reflection')} already in the journal.",
    ]
    if result.kept:
        lines.append(
            f"Kept the journal's version of {count(len(result.kept), 'item')} whose id or week "
            "is already there with different content:"
        )
        for conflict in result.kept[:MAX_CONFLICTS_LISTED]:
            if conflict.kind == "entry":
                lines.append(
                    f"  entry {conflict.number:,}: id {conflict.key} (in the journal on "
                    f"{conflict.day})"
                )
            else:
                lines.append(f"  review {conflict.number}: week {conflict.key}")
        if len(result.kept) > MAX_CONFLICTS_LISTED:
            lines.append(f"  … and {len(result.kept) - MAX_CONFLICTS_LISTED:,} more")
    for line in lines:
        console.print(Text(line), soft_wrap=True)
    if result.dry_run:
        status("Dry run: nothing was written.")
