"""``selflead remind install|show|remove``: a daily nudge from the system's own scheduler."""

from __future__ import annotations

from typing import Annotated

import typer

HELP = """A daily reminder to check in, run by your system's scheduler (no daemon of ours).

A systemd user timer on Linux (a crontab line where there is no systemd), a launchd agent on
macOS. It runs 'selflead due --notify', which shows a desktop notification only when today
has no check-in yet.
"""
remind_app = typer.Typer(
    name="remind",
    help=HELP,
    short_help="Install, show or remove a daily reminder to check in.",
    epilog="\b\nExamples:\n  selflead remind install --at 18:30 --weekdays\n  selflead remind show",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Via = Annotated[
    str | None,
    typer.Option(
        "--via",
        metavar="SCHEDULER",
        help="systemd, cron or launchd (default: the first this computer has).",
        show_default=False,
    ),
]


def _command(ctx: typer.Context) -> tuple[str, ...]:
    """What the scheduler runs: this Python and this journal, whatever PATH it has then."""
    import sys

    from selflead.cli.options import journal_folder

    journal = str(journal_folder(ctx).absolute())
    return (sys.executable, "-m", "selflead", "--journal", journal, "due", "--notify")


INSTALL_EPILOG = """\b
Examples:
  selflead remind install
  selflead remind install --at 08:45 --weekdays
  selflead remind install --print
"""


@remind_app.command("install", epilog=INSTALL_EPILOG)
def install(
    ctx: typer.Context,
    at: Annotated[str, typer.Option("--at", metavar="HH:MM", help="The time of day.")] = "18:30",
    weekdays: Annotated[bool, typer.Option("--weekdays", help="Monday to Friday only.")] = False,
    via: Via = None,
    show_only: Annotated[
        bool, typer.Option("--print", help="Print what would be installed; change nothing.")
    ] = False,
) -> None:
    """Install the reminder (replacing one selflead installed before)."""
    from selflead.core import remind
    from selflead.ui import remind as render

    r = remind.reminder(at, weekdays=weekdays, command=_command(ctx))
    if show_only:
        render.preview(remind.preview(via, r))
        return
    render.installed(remind.install(via, r), r)


@remind_app.command("show")
def show() -> None:
    """Show the reminder selflead installed, if any."""
    from selflead.store import remind as store
    from selflead.ui import remind as render

    render.shown(store.show())


@remind_app.command("remove")
def remove() -> None:
    """Stop and remove the reminder selflead installed."""
    from selflead.store import remind as store
    from selflead.ui import remind as render

    render.removed(store.remove())


def register(app: typer.Typer) -> None:
    app.add_typer(remind_app)
