"""``selflead export``: the journal written in a registered format, to stdout, a file, or one
note per day or week in a folder. Files are created private and never replace one that exists
without ``force`` (``store.files.write_new_files``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from selflead.errors import DamagedFileError, InputError
from selflead.progress import ProgressFactory
from selflead.store.journal import Store
from selflead.store.outside import write_new_files
from selflead.transfer import notes
from selflead.transfer.formats import EXPORTS, choose
from selflead.transfer.journal import Journal, collect, duplicate_ids
from selflead.words import plural

READING = "Reading the journal"


@dataclass(frozen=True)
class ExportRequest:
    fmt: str = "markdown"
    first: date | None = None
    last: date | None = None
    output: Path | None = None
    split: notes.SplitBy | None = None
    force: bool = False
    skip_damaged: bool = False


@dataclass
class Exported:
    """What an export did: how much it wrote and where, or the document to print."""

    entries: int
    reviews: int
    skipped: list[DamagedFileError] = field(default_factory=list)
    where: str | None = None  # None: ``document`` goes to stdout
    document: Iterator[str] | None = None
    # A backup of a journal holding an id more than once: each such id and its days.
    duplicates: dict[str, list[date]] = field(default_factory=dict)


def _reading(journal: Journal, chunks: Iterator[str], progress: ProgressFactory) -> Iterator[str]:
    """The document's pieces, with a progress bar over the days read while they are made."""
    with progress(READING) as tick:
        if journal.source is not None:
            journal.source.tick = tick
        yield from chunks


def check_options(
    fmt: str,
    split: str | None,
    output: Path | None,
    first: date | None,
    last: date | None,
) -> None:
    """Refuse option combinations that cannot work, before anything is read or written."""
    if split is not None and output is not None and str(output) == "-":
        raise InputError("--split writes files into a folder, not to stdout", "give a folder")
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


def run(
    store: Store, request: ExportRequest, now: datetime, today: date, progress: ProgressFactory
) -> Exported:
    """Export what ``request`` asks for; options that cannot work are refused before anything
    is read. Damaged days stop it unless ``skip_damaged`` (then they are listed as skipped)."""
    fmt = choose(EXPORTS, request.fmt, "--format")
    if request.output is not None and str(request.output) == "-" and request.split is None:
        request = replace(request, output=None)  # as 'import -' reads stdin: stdout
    check_options(fmt.name, request.split, request.output, request.first, request.last)
    journal, skipped = collect(
        store,
        request.first,
        request.last,
        skip_damaged=request.skip_damaged,
        progress=progress,
        digests=fmt.name != "json",  # a backup copies each file's bytes: it has no use for them
    )
    done = Exported(journal.entry_count, journal.review_count, skipped)
    if fmt.name == "json":
        done.duplicates = duplicate_ids(journal)
    if request.split is not None and request.output is not None:
        folder, split = request.output, request.split
        targets = [folder / name for name in notes.names(journal, split)]
        with progress(READING) as tick:
            if journal.source is not None:
                journal.source.tick = tick
            write_new_files(
                (
                    (folder / name, text.encode())
                    for name, text in notes.notes(journal, split, today)
                ),
                force=request.force,
                make_folder=folder,
                targets=targets,
            )
        done.where = f"{plural(len(targets), 'file')} in {folder}"
        return done
    chunks = _reading(journal, fmt.chunks(journal, now), progress)
    if request.output is None:
        done.document = chunks
        return done
    write_new_files([(request.output, (c.encode() for c in chunks))], force=request.force)
    done.where = str(request.output)
    return done
