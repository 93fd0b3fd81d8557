"""Thin Typer commands: parse options, call one core function, hand the result to render."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from pathlib import Path

    from selflead.store import Store


def journal_folder(ctx: typer.Context) -> Path:
    """The journal folder chosen by ``--journal``, ``SELFLEAD_HOME`` or the default.

    Once per run, warns when other users can open it. For commands that need the folder but
    not the store (``quote``), which spares them building the journal's models.
    """
    from selflead.paths import exposed_mode, journal_home

    root = ctx.find_root()
    home = journal_home(getattr(root.obj, "journal", None))
    if not root.meta.get("selflead.privacy_checked"):
        root.meta["selflead.privacy_checked"] = True
        mode = exposed_mode(home)
        if mode is not None:
            from selflead import render

            render.exposed_journal(home, mode)
    return home


def open_store(ctx: typer.Context) -> Store:
    """The store for the journal chosen by ``--journal``, ``SELFLEAD_HOME`` or the default."""
    from selflead.store import Store

    return Store(journal_folder(ctx))
