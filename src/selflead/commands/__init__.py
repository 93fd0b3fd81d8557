"""Thin Typer commands: parse options, call one core function, hand the result to render."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from selflead.store import Store


def open_store(ctx: typer.Context) -> Store:
    """The store for the journal chosen by ``--journal``, ``SELFLEAD_HOME`` or the default."""
    from selflead.paths import journal_home
    from selflead.store import Store

    root = ctx.find_root()
    store = Store(journal_home(getattr(root.obj, "journal", None)))
    # Once per run: warn when other users can open the journal folder.
    if not root.meta.get("selflead.privacy_checked"):
        root.meta["selflead.privacy_checked"] = True
        mode = store.exposed_mode()
        if mode is not None:
            from selflead import render

            render.exposed_journal(store.home, mode)
    return store
