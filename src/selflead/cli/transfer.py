"""``selflead export`` and ``selflead import``: Markdown to share or keep, JSON to back up."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from selflead.cli.options import FromDay, SkipDamaged, ToDay, day_range, now, open_store, today

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
IMPORT_HELP = """Import a JSON backup written by 'selflead export --format json', or a journal
from jrnl, Day One or Daylio (--from).

The whole file is checked first: if anything in it is wrong, nothing is written. Entries are
merged by id: one already in the journal is skipped, and one whose id is there with different
content is kept as the journal has it and listed. FILE may be - for stdin.
"""
IMPORT_EPILOG = """\b
Examples:
  selflead import backup.json
  selflead import --dry-run backup.json
  selflead import --from jrnl journal.json
  selflead import --from dayone --area goals Export.zip
  selflead import --from daylio daylio_export.csv
"""


def _starting(words: list[str], incomplete: str) -> list[str]:
    """Shell completion: the words that start with what is typed so far."""
    return [word for word in words if word.startswith(incomplete.lower())]


def _import_formats() -> list[str]:
    from selflead.transfer.formats import IMPORTS

    return list(IMPORTS)


def _areas() -> list[str]:
    from selflead.areas import AREAS

    return list(AREAS)


class Split(StrEnum):
    day = "day"
    week = "week"


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="markdown or json (the backup)."),
    ] = "markdown",
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
    from selflead.transfer import export as core
    from selflead.ui import transfer as render_transfer

    first, last = day_range(start, end)
    request = core.ExportRequest(
        fmt, first, last, output, split.value if split else None, force, skip_damaged
    )
    done = core.run(open_store(ctx), request, now(), today(), render_transfer.progress)
    render_transfer.exported(done)


def import_backup(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A JSON backup from 'selflead export', or -.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be added; write nothing.")
    ] = False,
    source: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="APP",
            help="What wrote FILE: selflead (a backup), jrnl, dayone or daylio.",
            autocompletion=lambda incomplete: _starting(_import_formats(), incomplete),
        ),
    ] = "selflead",
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            metavar="AREA",
            help="jrnl and Day One: the area their text becomes the reflection of "
            "(default behaviour).",
            show_default=False,
            autocompletion=lambda incomplete: _starting(_areas(), incomplete),
        ),
    ] = None,
) -> None:
    from selflead.transfer import backup
    from selflead.ui import transfer as render_transfer

    result = backup.import_file(
        open_store(ctx),
        file,
        fmt=source,
        area=area,
        dry_run=dry_run,
        progress=render_transfer.progress,
    )
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
        short_help="Import a backup or jrnl, Day One, Daylio (merged by id).",
    )(import_backup)
