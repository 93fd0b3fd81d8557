"""``selflead export`` and ``selflead import``: Markdown to share or keep, JSON to back up."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from selflead.cli.options import FromDay, SkipDamaged, ToDay, day_range, open_store

EXPORT_HELP = """Export the journal: Markdown to share or keep in a notes app, JSON to back up.

Markdown has a section per ISO week (its reflection and averages), a heading per day and each
check-in's ratings, reflections and tags, all shown exactly as typed. JSON is the versioned
backup format that 'selflead import' reads back. Writes to stdout unless --output is given;
an existing file is only replaced with --force.
"""
EXPORT_EPILOG = """\b
Examples:
  selflead export > journal.md
  selflead export --from 2026-11-16 --to 2026-11-22 --output week47.md
  selflead export --split day --output ~/Notes/Journal
  selflead export --format json --output backup.json
"""
IMPORT_HELP = """Import a JSON backup written by 'selflead export --format json'.

The whole file is checked first: if anything in it is wrong, nothing is written. Entries are
merged by id: one already in the journal is skipped, and one whose id is there with different
content is kept as the journal has it and listed. FILE may be - for stdin.
"""
IMPORT_EPILOG = """\b
Examples:
  selflead import backup.json
  selflead import --dry-run backup.json
"""


class Format(StrEnum):
    markdown = "markdown"
    json = "json"


class Split(StrEnum):
    day = "day"
    week = "week"


def export(
    ctx: typer.Context,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="markdown or json (the backup format).")
    ] = Format.markdown,
    start: FromDay = None,
    end: ToDay = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file (a folder with --split); - is stdout.",
        ),
    ] = None,
    split: Annotated[
        Split | None,
        typer.Option("--split", help="One Markdown file per day or per week, into --output."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that exist.")] = False,
    skip_damaged: SkipDamaged = False,
) -> None:
    from datetime import datetime

    from selflead.store.files import write_new_files
    from selflead.transfer import export as core
    from selflead.ui import console
    from selflead.ui import transfer as render_transfer

    first, last = day_range(start, end)
    if output is not None and str(output) == "-":
        if split is not None:
            from selflead.errors import InputError

            raise InputError("--split writes files into a folder, not to stdout", "give a folder")
        output = None  # as 'import -' reads stdin, 'export -o -' writes to stdout
    core.check_options(fmt.value, split.value if split else None, output, first, last)
    journal, damaged = core.collect(
        open_store(ctx), first, last, skip_damaged=skip_damaged, progress=render_transfer.progress
    )
    console.skipped_days(damaged)
    if fmt is Format.json:
        render_transfer.duplicate_ids(core.duplicate_ids(journal))
    now = datetime.now().astimezone()
    counts = (len(journal.entries), len(journal.reviews))
    if split is not None and output is not None:
        files = core.split_files(journal, split.value)
        write_new_files(
            [(output / name, text.encode()) for name, text in files],
            force=force,
            make_folder=output,
        )
        with console.after_save(f"exported to {output}"):
            where = f"{render_transfer.count(len(files), 'file')} in {output}"
            render_transfer.exported(*counts, where)
        return
    if fmt is Format.json:
        chunks = core.backup_chunks(journal, now)
    else:
        chunks = core.markdown_chunks(journal, now)
    if output is None:
        render_transfer.document(chunks)
        return
    write_new_files([(output, (chunk.encode() for chunk in chunks))], force=force)
    with console.after_save(f"exported to {output}"):
        render_transfer.exported(*counts, str(output))


def import_backup(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A JSON backup from 'selflead export', or -.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be added; write nothing.")
    ] = False,
) -> None:
    from selflead.store.files import read_outside_file
    from selflead.transfer import backup as importer
    from selflead.ui import transfer as render_transfer

    raw = read_outside_file(file)
    source = "stdin" if file == "-" else file
    backup = importer.parse(raw, source, progress=render_transfer.progress)
    result = importer.run(
        open_store(ctx),
        backup,
        source=source,
        dry_run=dry_run,
        progress=render_transfer.progress,
    )
    if dry_run:
        render_transfer.import_summary(result)
        return
    from selflead.ui import console

    with console.after_save("imported the backup"):
        render_transfer.import_summary(result)


def register(app: typer.Typer) -> None:
    app.command(
        "export",
        help=EXPORT_HELP,
        epilog=EXPORT_EPILOG,
        short_help="Export to Markdown (to share or keep) or JSON (to back up).",
    )(export)
    app.command(
        "import",
        help=IMPORT_HELP,
        epilog=IMPORT_EPILOG,
        short_help="Import a JSON backup; merges by id, never overwrites.",
    )(import_backup)
