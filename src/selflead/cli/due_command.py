"""The Typer face of ``selflead due`` (its help, ``--help``, a mistyped option); the answer
itself is ``selflead.cli.due.check``, which the console script usually reaches first."""

from typing import Annotated

import typer

from selflead.cli.due import check

DUE_HELP = """Say whether today still needs a check-in: for a shell prompt or a reminder.

Prints nothing and exits 0 when today has a check-in; otherwise prints one short line and
exits 1. With --notify the line is also shown as a desktop notification (notify-send or
osascript, where present). It reads one file and starts in a few milliseconds.
"""
DUE_EPILOG = """\b
Examples:
  selflead due || echo "time to reflect"
  selflead due --notify
"""


def due(
    ctx: typer.Context,
    notify: Annotated[
        bool, typer.Option("--notify", help="Also show it as a desktop notification.")
    ] = False,
) -> None:
    root = ctx.find_root()
    raise typer.Exit(check(getattr(root.obj, "journal", None), notify=notify))


def register(app: typer.Typer) -> None:
    app.command(
        "due",
        help=DUE_HELP,
        epilog=DUE_EPILOG,
        short_help="Say whether today still needs a check-in (exit 1 if so).",
    )(due)
