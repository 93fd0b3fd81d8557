"""The registry of formats the journal is written in and read from.

A format is a name, a line of help and the module that does the work, imported only when the
format is used (so naming the formats costs nothing at start-up). An export module has
``chunks(journal, exported) -> Iterator[str]``; an import module has ``parse(raw, source, *,
progress) -> Backup``. Adding a format is one module plus one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from selflead.errors import InputError

if TYPE_CHECKING:
    from selflead.progress import ProgressFactory
    from selflead.transfer.backup import Backup
    from selflead.transfer.journal import Journal


@dataclass(frozen=True)
class Format:
    name: str
    help: str
    module: str
    takes_area: bool = False  # its text goes to the area --area names

    def _load(self) -> Any:
        return importlib.import_module(self.module)

    def chunks(self, journal: Journal, exported: datetime) -> Iterator[str]:
        chunks: Iterator[str] = self._load().chunks(journal, exported)
        return chunks

    def check_area(self, area: str | None) -> None:
        if area is not None and not self.takes_area:
            raise InputError(f"--area does not apply to --from {self.name}", "leave --area out")

    def parse(
        self, raw: bytes, source: str, *, progress: ProgressFactory, area: str | None = None
    ) -> Backup:
        """The file read and checked whole; ``area`` (``--area``) only for formats that
        take one (``takes_area``)."""
        self.check_area(area)
        extra = {"area": area} if self.takes_area else {}
        backup: Backup = self._load().parse(raw, source, progress=progress, **extra)
        return backup


EXPORTS: Final[dict[str, Format]] = {
    f.name: f
    for f in (
        Format("markdown", "a document to share or keep", "selflead.transfer.markdown"),
        Format(
            "json", "the backup format that 'selflead import' reads", "selflead.transfer.backup"
        ),
    )
}
IMPORTS: Final[dict[str, Format]] = {
    f.name: f
    for f in (
        Format("selflead", "a JSON backup from 'selflead export'", "selflead.transfer.backup"),
        Format("jrnl", "jrnl's JSON export or its journal file", "selflead.transfer.jrnl", True),
        Format("dayone", "Day One's JSON export (.zip or .json)", "selflead.transfer.dayone", True),
        Format("daylio", "Daylio's CSV export", "selflead.transfer.daylio"),
    )
}


def choose(registry: dict[str, Format], name: str, option: str) -> Format:
    """The format called ``name`` (any case), or ``InputError`` listing the ones there are."""
    found = registry.get(name.strip().lower())
    if found is None:
        names = ", ".join(registry)
        raise InputError(
            f"{option} {name!r} is not a format selflead knows", f"use one of: {names}"
        )
    return found
