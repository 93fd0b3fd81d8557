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

    settings = ctx.find_root().obj
    return Store(journal_home(getattr(settings, "journal", None)))
