"""``selflead report``: a self-contained HTML report to share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from selflead.cli.options import FromDay, ToDay, day_range, now, open_store, today

REPORT_HELP = """Write one self-contained HTML file to share with a coach: the span's summary, a
chart per area by week, the year in pixels, each area by weekday, commitments and goals, and
the reflections and GROW answers (--no-text leaves every word you wrote out: numbers only).

The file has no scripts and loads nothing from elsewhere; it reads on a phone and a wide screen,
in light and dark, and prints cleanly to PDF. The default span is the year up to today. Like
every export it is private (0600) and never replaces a file without --force; -o - is stdout.
"""
REPORT_EPILOG = """\b
Examples:
  selflead report -o report.html
  selflead report --from 2026-01-01 --to 2026-06-30 --no-text -o h1.html
"""


def report(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PATH", help="The HTML file to write; - is stdout."),
    ],
    start: FromDay = None,
    end: ToDay = None,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Numbers only: leave out reflections and answers.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    from selflead.transfer.report import write_report
    from selflead.ui import report as render

    first, last = day_range(start, end)
    done = write_report(
        open_store(ctx),
        first,
        last,
        output,
        force=force,
        with_text=not no_text,
        today=today(),
        now=now(),
    )
    render.written(done)


def register(app: typer.Typer) -> None:
    app.command(
        "report",
        help=REPORT_HELP,
        epilog=REPORT_EPILOG,
        short_help="Write an HTML report to share: charts, pixels, reflections.",
    )(report)
