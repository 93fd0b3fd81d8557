"""What ``selflead remind`` says: what was installed, where, and what it runs."""

from __future__ import annotations

from rich.text import Text

from selflead.core.remind import Reminder
from selflead.store.remind import Installed
from selflead.ui.console import out, status


def installed(done: Installed, r: Reminder) -> None:
    status(
        f"Reminder installed ({done.scheduler}, {done.where}): at {r.at}, {r.days}, "
        "'selflead due --notify' notifies you if you have not checked in yet."
    )


def preview(files: dict[str, str]) -> None:
    console = out()
    for name, text in files.items():
        console.print(Text(f"# {name}"), soft_wrap=True)
        console.print(Text(text.rstrip("\n")), soft_wrap=True)


def shown(found: list[Installed]) -> None:
    if not found:
        status("No reminder is installed; 'selflead remind install' adds one.")
        return
    console = out()
    for item in found:
        console.print(Text(f"{item.scheduler}: {item.where}"), soft_wrap=True)
        console.print(Text(item.text.rstrip("\n")), soft_wrap=True)


def removed(gone: list[Installed]) -> None:
    if not gone:
        status("No reminder was installed; nothing to remove.")
        return
    for item in gone:
        status(f"Removed the reminder ({item.scheduler}, {item.where}).")
