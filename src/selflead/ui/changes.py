"""What edit, delete, trash and restore show: the entry as it now is, and where it went."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from selflead.core.ids import unique_prefixes
from selflead.dates import long_date
from selflead.ui.console import out, status
from selflead.ui.entries import entry_lines, entry_panel

if TYPE_CHECKING:
    from selflead.core.changes import Edited
    from selflead.models import Entry, TrashFile
    from selflead.store.changes import Trash


def edited(result: Edited, short: str) -> None:
    if result.path is None:
        status(f"Nothing changed: {short} already reads so.")
        return
    out().print(entry_panel(result.after, title=f"Edited: {long_date(result.after.date)}"))
    moved = f", moved from {result.before.date}" if result.moved else ""
    status(f"Saved {short} to {result.path}{moved}")


def to_delete(entries: Sequence[Entry], shorts: Mapping[str, str]) -> None:
    """The entries a delete is about to remove, as ``show`` shows them."""
    for entry in entries:
        out().print(entry_panel(entry, title=f"{long_date(entry.date)}  {shorts[entry.id]}"))


def deleted(items: Sequence[TrashFile], shorts: Mapping[str, str]) -> None:
    for item in items:
        status(
            f"Deleted {shorts.get(item.id, item.id)} ({item.entry.date}); "
            f"it is in the trash: selflead restore {item.id}"
        )


def trash(held: Trash) -> None:
    """``selflead trash``: one line per deleted entry, like ``list``, the deleted last first."""
    from rich.text import Text

    console = out()
    if not held.items:
        console.print(Text("The trash is empty.", style="dim"))
        return
    shorts = unique_prefixes([t.id for t in held.items])
    for item in held.items:
        entry_lines([item.entry], None, shorts, lead=f"deleted {item.deleted:%Y-%m-%d %H:%M}  ")
    status(f"{len(held.items)} in the trash; put one back with: selflead restore ID")


def restored(entry: Entry, where: str) -> None:
    out().print(entry_panel(entry, title=f"Restored: {long_date(entry.date)}"))
    status(f"Restored to {where}")


def emptied(count: int) -> None:
    status(f"Emptied the trash: {count} check-in{'s' if count != 1 else ''} removed for good.")
