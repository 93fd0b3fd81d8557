"""``selflead doctor``: check the journal and, with --fix, make the safe repairs."""

from typing import Annotated

import typer

from selflead.cli.options import now

HELP = """Check the whole journal: every file parses and validates (your quotes.yaml too),
entries sit in the file of their date, no entry id appears twice, folders are 0700 and files
0600, and no temporary file was left by an interrupted write. Each problem is shown with its
file and a fix.

--fix makes the safe repairs: it tightens modes, removes leftover temporary files, and moves a
damaged file aside as <name>.damaged-<time> (its bytes kept) so that its day can be used again.
A check-in left on two days by an interrupted move keeps the copy edited last (an older version
goes to the trash), and an index that disagrees with the files is rebuilt. It never deletes
anything you wrote. What needs a person is only reported: entries under the wrong date, a broken
quotes.yaml, copies of an id that cannot be told apart. Exits 0 only when all is well.

journal.lock is normal: every write holds it, and the journal folder itself, for a moment. It
holds nothing you wrote; deleting it is harmless (the folder's lock still keeps writers apart).
"""
EPILOG = """\b
Examples:
  selflead doctor
  selflead doctor --fix
"""


def doctor(
    ctx: typer.Context,
    fix: Annotated[
        bool, typer.Option("--fix", help="Make the safe repairs, then check again.")
    ] = False,
) -> int:
    from selflead.core import doctor as core
    from selflead.errors import EXIT_OK, EXIT_PROBLEMS
    from selflead.store.home import journal_home
    from selflead.store.journal import Store
    from selflead.ui import doctor as doctor_ui

    # Not open_store(): doctor reports the folder's mode itself, with the other findings.
    settings = ctx.find_root().obj
    store = Store(journal_home(getattr(settings, "journal", None)))
    report = core.examine(store, fix_at=now() if fix else None)
    if report.repairs:
        from selflead.ui import console

        with console.after_save("made the safe repairs"):
            doctor_ui.report(report)
    else:
        doctor_ui.report(report)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def register(app: typer.Typer) -> None:
    app.command(
        "doctor",
        help=HELP,
        epilog=EPILOG,
        short_help="Check the journal for problems; --fix makes the safe repairs.",
    )(doctor)
