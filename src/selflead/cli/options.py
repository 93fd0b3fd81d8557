"""Options and helpers the Typer commands share: day ranges, the clock, the journal folder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from selflead.cli.clock import now as now
from selflead.cli.clock import today as today

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from selflead.store.journal import Store


# Options several commands share, spelled and explained the same everywhere.
FromDay = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="First day (inclusive).")
]
ToDay = Annotated[str | None, typer.Option("--to", metavar="DATE", help="Last day (inclusive).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
SkipDamaged = Annotated[
    bool, typer.Option("--skip-damaged", help="Leave out damaged days, with a warning.")
]


def day_range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """``--from`` and ``--to`` as dates (None when not given); the one check that they are in
    order, for every command that takes them."""
    from selflead.dates import parse_day

    first = parse_day(start, today=today(), option="--from") if start else None
    last = parse_day(end, today=today(), option="--to") if end else None
    if first and last and first > last:
        from selflead.errors import InputError

        raise InputError(f"--from {first} is after --to {last}", "swap them")
    return first, last


def journal_folder(ctx: typer.Context) -> Path:
    """The journal folder chosen by ``--journal``, ``SELFLEAD_HOME`` or the default.

    Once per run, warns when other users can open it. For commands that need the folder but
    not the store (``quote``), which spares them building the journal's models.
    """
    from selflead.store.home import exposed_mode, journal_home

    root = ctx.find_root()
    home = journal_home(getattr(root.obj, "journal", None))
    if not root.meta.get("selflead.privacy_checked"):
        root.meta["selflead.privacy_checked"] = True
        mode = exposed_mode(home)
        if mode is not None:
            from selflead.ui import console

            console.exposed_journal(home, mode)
    return home


def open_store(ctx: typer.Context, *, note_missing: bool = False) -> Store:
    """The store for the journal chosen by ``--journal``, ``SELFLEAD_HOME`` or the default.

    A path that is a file is an error. With ``note_missing`` (``show`` and ``list``), a journal
    that does not exist is noted on stderr, so a mistyped path is not taken for an empty one.
    """
    from selflead.store.home import home_state
    from selflead.store.journal import Store

    home = journal_folder(ctx)
    state = home_state(home)
    if state == "not-a-folder":
        from selflead.errors import InputError

        raise InputError(
            f"the journal {home} is a file, not a folder",
            "point --journal or SELFLEAD_HOME at a folder",
        )
    if note_missing and state == "missing":
        from selflead.ui import console

        console.status(
            f"note: there is no journal at {home} yet "
            "(check --journal or SELFLEAD_HOME if you expected one)"
        )
    return Store(home)


# The check-in's field options, for the commands that change an entry (edit).
Communication = Annotated[
    str | None,
    typer.Option("--communication", metavar="TEXT", help="Reflection on communication."),
]
Emotions = Annotated[
    str | None, typer.Option("--emotions", metavar="TEXT", help="Reflection on emotions.")
]
Behaviour = Annotated[
    str | None,
    typer.Option("--behaviour", "--behavior", metavar="TEXT", help="Reflection on behaviour."),
]
Goals = Annotated[str | None, typer.Option("--goals", metavar="TEXT", help="Reflection on goals.")]
Rates = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        "-r",
        metavar="AREA=N",
        help="Rate an area from 1 to 5, e.g. --rate goals=4 (repeatable).",
    ),
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
