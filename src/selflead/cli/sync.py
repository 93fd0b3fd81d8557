"""``selflead sync``, ``selflead sync init [REMOTE]`` and git's ``selflead sync merge-driver``."""

from __future__ import annotations

from typing import Annotated

import typer

from selflead.cli.options import now, open_store

HELP = """Keep the journal in sync between devices through a git remote.

'selflead sync init [REMOTE]' once on each device (git does not copy its settings), then
'selflead sync' commits what changed, merges the other device's changes (journal files by
entry id, so both devices' check-ins of one day are kept), pushes, and says what came in.
"""
EPILOG = """\b
Examples:
  selflead sync init git@example.org:me/journal.git
  selflead sync
"""
sync_app = typer.Typer(name="sync", help=HELP, epilog=EPILOG, rich_markup_mode=None)


@sync_app.callback(invoke_without_command=True)
def sync(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from selflead.transfer import sync as core
    from selflead.ui import sync as render

    render.synced(core.sync(open_store(ctx), now()))


@sync_app.command("init")
def init(
    ctx: typer.Context,
    remote: Annotated[
        str | None, typer.Argument(metavar="[REMOTE]", help="The git remote (URL or path).")
    ] = None,
) -> None:
    """Make the journal folder a git repository (or adopt one) and register the merge driver."""
    from selflead.transfer import sync as core
    from selflead.ui import sync as render

    render.initialised(core.init(open_store(ctx), remote))


@sync_app.command("merge-driver", hidden=True)
def merge_driver(ctx: typer.Context, base: str, ours: str, theirs: str, name: str) -> None:
    """Run by git: merge one journal file (%O %A %B %P)."""
    from selflead.transfer import sync as core

    raise typer.Exit(core.merge_driver(open_store(ctx), base, ours, theirs, name, now()))


def register(app: typer.Typer) -> None:
    app.add_typer(sync_app, short_help="Sync the journal between devices through git.")
