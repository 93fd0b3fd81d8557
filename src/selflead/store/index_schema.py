"""The index's vocabulary: its SQLite schema, what it holds of an entry (its words, its
tags, its rowid), and what it answers with (``Located``, ``Filters``). Pure, but for
``stat`` and the error that says the index cannot be used."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from selflead.areas import AREAS, AreaName
from selflead.errors import StorageError
from selflead.models import Entry
from selflead.tokens import fold_tag, words

VERSION: Final = 3  # PRAGMA user_version; another one is rebuilt
TAGS: Final = "tags"  # the text column that holds an entry's tags
# An entry's rowid is its day's ordinal, shifted, plus its place in the day: the rowids sort
# as the entries do (by day, then as added), so the newest come first straight from FTS5.
SEQ_BITS: Final = 24

SCHEMA: Final = f"""
CREATE TABLE folders (name TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL);
CREATE TABLE days (
    day TEXT PRIMARY KEY, ord INTEGER NOT NULL, year TEXT NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
    entries INTEGER NOT NULL, problem TEXT, newer INTEGER NOT NULL DEFAULT 0,
    digest BLOB
);
CREATE INDEX days_ord ON days (ord);
CREATE TABLE entries (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, day TEXT NOT NULL, seq INTEGER NOT NULL,
    communication INTEGER, emotions INTEGER, behaviour INTEGER, goals INTEGER,
    tags TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX entries_id ON entries (id);
CREATE INDEX entries_day ON entries (day, seq);
CREATE VIRTUAL TABLE texts USING fts5(
    {", ".join(AREAS)}, {TAGS}, tokenize='ascii', columnsize=0
);
PRAGMA user_version = {VERSION};
"""


@dataclass(frozen=True)
class Located:
    """An entry the index knows: its id and its day."""

    id: str
    day: date


@dataclass(frozen=True)
class Filters:
    """What ``search`` narrows by, besides the words (all optional)."""

    first: date | None = None
    last: date | None = None
    area: AreaName | None = None  # the words and the ratings are looked for in this area
    min_rating: int | None = None
    max_rating: int | None = None
    tag: str | None = None  # folded, as ``tokens.words`` folds it


def stat(path: Path) -> os.stat_result | None:
    """``path``'s status, None when it is missing; ``StorageError`` when it cannot be known."""
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise StorageError(
            f"cannot examine {path}: {exc.strerror}", "check the journal's permissions"
        ) from None


def _indexed(text: str) -> str:
    """``text`` as the index holds it: its words, which FTS5's ``ascii`` tokenizer splits
    and folds exactly as ``tokens.words`` does when the text is ASCII (a run of ASCII letters
    and digits, case folded), so ASCII text goes in as it is; other text, folded first."""
    return text if text.isascii() and "\0" not in text else " ".join(words(text))


def text_of(entry: Entry) -> dict[str, str]:
    """The words of each area and of the tags, as the index holds them."""
    found: dict[str, str] = {a: _indexed(getattr(entry, a).reflection) for a in AREAS}
    found[TAGS] = _indexed(" ".join(entry.tags))
    return found


def rowid_of(day: date, seq: int) -> int:
    """The rowid of the ``seq``-th entry of ``day`` (see ``SEQ_BITS``)."""
    return (day.toordinal() << SEQ_BITS) + seq


def tag_list(entry: Entry) -> str:
    """The entry's tags, folded, each between spaces: `` q4 planning ``."""
    return " " + " ".join(fold_tag(tag) for tag in entry.tags) + " "


def unusable(path: Path, exc: sqlite3.Error) -> StorageError:
    return StorageError(
        f"cannot use the index {path}: {exc}",
        "free some space or check the journal folder; the index may be deleted: it is rebuilt",
    )
