"""The JSON backup, both ways: written by ``selflead export --format json`` and read back by
``selflead import`` (the format is documented in the README's "Backup format").

Writing streams the document a piece at a time (``chunks``). Reading is two steps, so that a
bad file changes nothing:

1. ``parse`` reads and validates the whole document (each check is in ``backup_reader.py``):
   the format and its version, every entry (pydantic, once each), every weekly reflection, no
   week twice (an id may be there twice, as a journal can hold it twice, and its backup must
   import back). A problem is reported with where it is (entry number and field), never with
   what the user wrote there.
2. ``importing.run`` merges it by id under the journal lock, held once for the whole import:
   an entry (or a week's reflection) already in the journal with the same content is skipped;
   one whose id (or week) exists with different content is kept as the journal has it, and
   reported. Each affected day file is written once, new entries after the ones already there.

An interrupted import can be run again: what it had added is skipped the second time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from selflead.chars import json_escape
from selflead.errors import DamagedFileError, InputError
from selflead.models import Commitment, Entry, Goal, WeeklyReflection
from selflead.progress import ProgressFactory, no_progress
from selflead.store.documents import decode_json
from selflead.store.journal import Store
from selflead.transfer.backup_reader import (
    BACKUP_FORMAT,
    BACKUP_VERSION,
    check_commitments,
    check_entries,
    check_goals,
    check_header,
    check_reviews,
    refuse,
)
from selflead.transfer.importing import ImportResult, run
from selflead.transfer.journal import Journal, all_days, all_reviews

NAME: Final = "json"


@dataclass(frozen=True)
class Backup:
    """A validated backup document."""

    entries: list[Entry]
    reviews: list[tuple[str, WeeklyReflection]]
    commitments: list[tuple[str, Commitment]] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def parse(raw: bytes, source: str, *, progress: ProgressFactory = no_progress) -> Backup:
    """The whole document validated, or ``InputError`` naming each problem and where it is."""
    try:
        data = decode_json(Path(source), raw)
    except DamagedFileError as exc:
        raise InputError(
            f"{source} {exc.problem}",
            "import a file written by 'selflead export --format json'; nothing was imported",
        ) from None
    check_header(data, source)
    problems: list[str] = []
    with progress("Checking the backup") as tick:
        entries = check_entries(data["entries"], problems, tick)
    reviews = check_reviews(data.get("reviews", []), problems)
    commitments = check_commitments(data.get("commitments", []), problems)
    goals = check_goals(data.get("goals", []), problems)
    if problems:
        raise refuse(source, problems)
    return Backup(entries=entries, reviews=reviews, commitments=commitments, goals=goals)


def import_file(
    store: Store,
    file: str,
    *,
    fmt: str = "selflead",
    area: str | None = None,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
) -> ImportResult:
    """``selflead import FILE`` (``-`` for stdin): read it, check all of it in the registered
    format ``fmt``, then merge it (see the module's doc)."""
    from selflead.store.outside import read_outside_file
    from selflead.transfer.formats import IMPORTS, choose

    reader = choose(IMPORTS, fmt, "--from")
    source = "stdin" if file == "-" else file
    reader.check_area(area)
    if file != "-" and reader.module == __name__:  # a file can be read twice: streamed
        from selflead.store.outside import open_outside_file
        from selflead.transfer import restore

        checked = restore.check(lambda: open_outside_file(file), source, progress=progress)
        return restore.run(store, checked, source=source, dry_run=dry_run, progress=progress)
    backup = reader.parse(read_outside_file(file), source, progress=progress, area=area)
    return run(store, backup, source=source, dry_run=dry_run, progress=progress)


# --------------------------------------------------------------------------- writing


# Characters of the document joined before they are written: one write per this many, not
# one per entry (a ten-year journal has 36,500).
_PIECE: Final = 1 << 16


def _terminal_safe(text: str) -> str:
    """Characters a terminal showing the file may act on as \\uXXXX escapes (chars.py); an
    ASCII text holds none but DEL, and is checked for that alone."""
    return text if text.isascii() and "\x7f" not in text else json_escape(text)


def _json_items(pieces: Iterable[str]) -> Iterator[str]:
    """A JSON list's items as the second level of the document, some 64 KiB at a time; each
    piece is one item or more, already indented (``_indented``)."""
    parts: list[str] = []
    size = 0
    for number, piece in enumerate(pieces):
        part = piece if number == 0 else ",\n" + piece
        parts.append(part)
        size += len(part)
        if size >= _PIECE:
            yield _terminal_safe("".join(parts))
            parts, size = [], 0
    if parts:
        yield _terminal_safe("".join(parts))


def _indented(texts: Iterable[str]) -> Iterator[str]:
    """Each JSON text (indented by 2) as an item of a list at the document's second level."""
    return ("    " + text.replace("\n", "\n    ") for text in texts)


def _as_json(items: Iterable[Any]) -> Iterator[str]:
    from pydantic_core import to_json  # the same text as json.dumps(indent=2), much faster

    return _indented(to_json(item, indent=2).decode("utf-8") for item in items)


# A day file as ``to_bytes`` writes it holds its entries as the backup does, at the same
# depth: copied from it, not written again, but for ``updated``, left out until an edit.
_DAY_ENTRIES: Final = '\n  "entries": [\n'
_DAY_END: Final = "\n  ]\n}\n"
_NEXT_ENTRY: Final = "\n    },\n    {\n"
_NEVER_EDITED: Final = ',\n      "updated": null\n    }'
_ENTRY_END: Final = "\n    }"


def _entry_pieces(journal: Journal) -> Iterator[str]:
    """The entries of the backup, a day at a time."""
    for entries, exact in all_days(journal):
        if not entries:
            continue
        text = exact.decode("utf-8")
        start = text.find(_DAY_ENTRIES)
        # In the text of a day file (JSON strings hold no line break), an entry's closing
        # brace is the only one at this depth: one more entry than such breaks between them.
        if (
            start > 0
            and text.endswith("\n    }" + _DAY_END)
            and text.count(_NEXT_ENTRY) == len(entries) - 1
        ):
            copied = text[start + len(_DAY_ENTRIES) : -len(_DAY_END)]
            yield copied.replace(_NEVER_EDITED, _ENTRY_END)
            continue
        yield from _indented(  # a day file written otherwise (by hand, an older selflead)
            entry.model_dump_json(indent=2, exclude=None if entry.updated else {"updated"})
            for entry in entries
        )


def chunks(journal: Journal, exported: datetime) -> Iterator[str]:
    """The backup as JSON text, piece by piece, so a big journal is never held twice.

    Joined, it is the text ``json.dumps(document, indent=2, ensure_ascii=False)`` writes for
    the document the README describes, but for the characters in ``chars.JSON_UNSAFE``,
    which are ``\\uXXXX`` escapes.
    """
    head = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION}
    head["exported"] = exported.isoformat(timespec="seconds")
    yield "{\n" + "".join(f'  "{key}": {json.dumps(value)},\n' for key, value in head.items())
    # ``updated`` only once an entry was edited: a journal never edited writes what version 1
    # of the format wrote, so older selfleads import it too. Each entry straight to its text.
    entries = _entry_pieces(journal)
    reviews = _as_json(
        {"week": week, **reflection.model_dump(mode="json")}
        for week, reflection in all_reviews(journal)
    )
    commitments = _as_json(
        {"week": week, **commitment.model_dump(mode="json")}
        for week, items in sorted(journal.commitments.items())
        for commitment in items
    )
    goals = _as_json(goal.model_dump(mode="json") for goal in journal.goals)
    sections = (("entries", entries, False), ("reviews", reviews, False))
    for name, items, last in (
        *sections,
        ("commitments", commitments, False),
        ("goals", goals, True),
    ):
        yield f'  "{name}": ['
        empty = True
        for chunk in _json_items(items):
            yield ("\n" if empty else "") + chunk
            empty = False
        yield ("]" if empty else "\n  ]") + ("\n}\n" if last else ",\n")
