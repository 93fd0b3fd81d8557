"""Journal documents: bytes -> strict JSON -> migrated dict -> validated model, and back.

Every kind of journal file (see ``store/kinds.py``) goes through here: ``decode_json`` refuses
anything that is not strict JSON, ``migrate`` applies the ordered ``MIGRATIONS`` of its kind up
to ``SCHEMA_VERSION``, ``validate`` turns a pydantic error into one line that never echoes the
file's text, and ``to_bytes`` writes a model as the file holds it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from selflead.errors import DamagedFileError, NewerSchemaError
from selflead.models import SCHEMA_VERSION, DayFile, Entry
from selflead.store.files import atomic_write

Migration = Callable[[dict[str, Any]], dict[str, Any]]


# Ordered registry of migrations: MIGRATIONS[kind][n] turns a version-n document of that kind
# into a version-(n+1) one. Applied on read, in order, up to SCHEMA_VERSION. Before a migrated
# file is rewritten, its original bytes are kept beside it as ``<name>.v<n>.bak``.
def _day_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 2 gave every entry ``updated``: null, as none had been edited."""
    entries = doc.get("entries")
    if isinstance(entries, list):  # anything else is for validation to report
        doc["entries"] = [
            {**entry, "updated": None}
            if isinstance(entry, dict) and "updated" not in entry
            else entry
            for entry in entries
        ]
    return doc


def _week_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Week files did not change shape in version 2."""
    return doc


MIGRATIONS: dict[str, dict[int, Migration]] = {
    "day": {1: _day_1_to_2},
    "week": {1: _week_1_to_2},
    "trash": {},  # the trash came with version 2
    "commitments": {},  # so did commitments
    "goal": {},  # and goals
}


@dataclass(frozen=True)
class Schema:
    """The schema version this selflead writes, the migrations up to it, and the model that
    holds each kind at that version (by kind name; a kind not listed uses its registry model).

    ``CURRENT`` is the one in use; tests of the migration machinery make up another history.
    """

    version: int = SCHEMA_VERSION
    migrations: Mapping[str, Mapping[int, Migration]] = field(default_factory=lambda: MIGRATIONS)
    models: Mapping[str, type[BaseModel]] = field(default_factory=dict)


CURRENT = Schema()


# --------------------------------------------------------------------------- decoding


class StrictJSONError(ValueError):
    """Raised by our decoding hooks; its message is ours and never holds the file's text."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)  # in C: a key twice leaves fewer keys than pairs
    if len(result) != len(pairs):
        raise StrictJSONError("an object holds the same key twice")
    return result


def _no_constants(name: str) -> Any:
    raise StrictJSONError(f"{name} is not allowed in a journal file")


# A journal file nests five levels (file, entries, entry, area, value). Anything deeper than
# this is refused before parsing: json's C parser recurses once per level, and near Python's
# recursion limit (1000) any finalizer the garbage collector runs meanwhile fails too, and its
# "Exception ignored ..." is printed on stderr. Deep enough that a deeply nested file still
# reaches validation and is told what is wrong in it; far from the limit.
MAX_NESTING: Final = 640
_JSON_ESCAPE_RE = re.compile(r"\\.", re.DOTALL)
_ONLY_BRACKETS: Final = str.maketrans(
    "", "", "".join(c for c in map(chr, range(128)) if c not in "[]{}")
)
_BRACKET_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


_SCAN_CHUNK: Final = 1 << 20  # characters scanned at a time: a big backup is never copied whole


class NestingScan:
    """How deep the text fed so far nests arrays and objects outside strings, a piece at a
    time (a piece may end anywhere: in a string, in an escape)."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escape = False  # the last piece ended in the middle of an escape

    def feed(self, text: str) -> bool:
        """Whether the text so far nests more than ``MAX_NESTING`` levels."""
        if self.escape and text:
            text, self.escape = text[1:], False
        if not text:
            return False
        # A piece ending in an odd run of backslashes ends inside an escape: its last
        # backslash escapes the first character of the next piece.
        run = len(text) - len(text.rstrip("\\"))
        if run % 2:
            text, self.escape = text[:-1], True
        # Without its escapes, the text outside strings is every other piece between quotes
        # (an unterminated string runs to the end, as the parser would read it).
        pieces = _JSON_ESCAPE_RE.sub("", text).split('"')
        outside = "".join(pieces[1::2] if self.in_string else pieces[::2])
        self.in_string ^= len(pieces) % 2 == 0
        brackets = outside.translate(_ONLY_BRACKETS)
        steps = map(_BRACKET_STEP.get, brackets, repeat(0))
        if max(accumulate(steps, initial=self.depth)) > MAX_NESTING:
            return True
        opened = brackets.count("[") + brackets.count("{")
        self.depth += opened - (len(brackets) - opened)
        return False


def too_deep(text: str) -> bool:
    """Whether ``text`` nests arrays and objects (outside strings) more than ``MAX_NESTING``
    levels. No recursion, and a file with few brackets (every day file) needs no scan; a big
    one is scanned a piece at a time, so the scan holds no copy of it."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return False
    scan = NestingScan()
    return any(
        scan.feed(text[start : start + _SCAN_CHUNK]) for start in range(0, len(text), _SCAN_CHUNK)
    )


def strict_decoder() -> json.JSONDecoder:
    """The decoder ``decode_json`` uses: no key twice, no NaN or Infinity (``StrictJSONError``)."""
    return json.JSONDecoder(object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)


def decode_json(path: Path, raw: bytes) -> Any:
    """Parse ``raw`` as strict JSON (UTF-8, no BOM, no NaN, no duplicate keys).

    Messages say what is wrong and where (line and column) without echoing any of the text.
    """
    if not raw.strip():
        raise DamagedFileError(path, "is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DamagedFileError(path, "starts with a byte-order mark, which JSON files must not")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DamagedFileError(
            path, f"is not valid UTF-8 (line {line}, byte {exc.start})"
        ) from None
    if too_deep(text):
        raise DamagedFileError(path, "is nested too deeply to be a journal file")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise DamagedFileError(
            path, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except StrictJSONError as exc:  # duplicate key, NaN/Infinity
        raise DamagedFileError(path, f"is not valid journal JSON: {exc}") from None
    except ValueError:  # a number with thousands of digits (Python's conversion limit)
        raise DamagedFileError(path, "holds a number too long to be a journal value") from None
    except RecursionError:  # only when called with most of the stack already in use
        raise DamagedFileError(path, "is nested too deeply to be a journal file") from None


def describe_validation(exc: ValidationError) -> str:
    """First problem of a pydantic error, never the input value, worded as import words it:
    ``entry 1, goals.rating: <message>`` (entries counted from 1), ``week: <message>``."""
    from selflead.problems import describe

    return describe(exc)


class MisplacedEntriesError(DamagedFileError):
    """A day file that parses and whose every entry is sound, but whose dates disagree: an
    entry dated another day, or the file holding another day than its name says.

    Reads of that day still fail (which day would its entries belong to?), but nothing in it is
    damaged: it needs a person to move the entries, never ``doctor --fix`` moving it aside.
    """

    def __init__(self, path: Path, day: date, file_date: date, dates: list[date]) -> None:
        self.day = day  # what the file's name says
        self.file_date = file_date  # what its "date" says
        self.dates = dates  # each entry's date, in file order (entry 1 first)
        others = [(n, d) for n, d in enumerate(dates, start=1) if d != file_date]
        listed = [f"entry {n} is dated {d}" for n, d in others[:_MISPLACED_LISTED]]
        text = ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else "".join(listed)
        if len(others) > len(listed):
            text += f" (and {len(others) - len(listed)} more)"
        if file_date != day:
            problem = f"holds the date {file_date}, not {day}" + (f"; {text}" if text else "")
        elif len(others) == 1:
            problem = f"{text} but sits in the file for {day}"
        else:
            problem = f"{text}, but they sit in the file for {day}"
        super().__init__(
            path,
            problem,
            "the file was left untouched; run 'selflead doctor' to see where each entry belongs",
        )


_MISPLACED_LISTED: Final = 3


def misplaced_entries(path: Path, day: date, data: dict[str, Any]) -> MisplacedEntriesError | None:
    """The error for a day file that fails validation only because of its dates, else None."""
    items = data.get("entries")
    if not isinstance(items, list):
        return None
    try:
        header = DayFile.model_validate({**data, "entries": []})
        dates = [Entry.model_validate(item).date for item in items]
    except ValidationError:
        return None
    if header.date == day and all(dated == day for dated in dates):
        return None  # not a date problem: whatever failed is something else
    return MisplacedEntriesError(path, day, header.date, dates)


def migrate(path: Path, kind: str, data: Any, schema: Schema) -> tuple[dict[str, Any], int]:
    """``data`` migrated to ``schema.version``, and the version the file had."""
    if not isinstance(data, dict):
        raise DamagedFileError(path, "is valid JSON but not a journal file (expected an object)")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, "has no valid schema_version")
    if version > schema.version:
        raise NewerSchemaError(
            path,
            f"was written by a newer selflead (schema_version {version}; "
            f"this version reads up to {schema.version})",
            "upgrade selflead to read it; the file was left untouched",
        )
    original = version
    steps = schema.migrations.get(kind, {})
    while version < schema.version:
        step = steps.get(version)
        if step is None:
            raise DamagedFileError(path, f"has schema_version {version}, which cannot be migrated")
        try:
            data = step(dict(data))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            # The old file does not have the shape its version promises.
            raise DamagedFileError(
                path, f"has schema_version {version} but not the shape of that version"
            ) from None
        version += 1
        data["schema_version"] = version
    return data, original


def file_digest(raw: bytes) -> bytes:
    """What the index keeps of a day file's bytes (``days.digest``), for a file selflead
    read as sound and exactly as it writes it: a reader that finds the same digest of the
    bytes it reads knows they are that file's, and need not check them a second time
    (``canonical``'s ``known``)."""
    return hashlib.sha256(raw).digest()  # SHA-256: faster than BLAKE2 on most CPUs today


def canonical(
    model: type[BaseModel], raw: bytes, version: int, *, known: bytes | None = None
) -> BaseModel | None:
    """The ``model`` that ``raw`` holds when ``raw`` is exactly what ``to_bytes`` writes for
    it at schema ``version`` (a file selflead wrote, untouched); else None, and the strict
    reader (``decode_json``, ``migrate``, validation) decides, with its messages.

    ``known``: the ``file_digest`` the index keeps of the file. Bytes with that digest were
    found to be exactly what ``to_bytes`` writes when the index read them (or selflead wrote
    them), so they are not written out again to be compared (a fifth of reading a day).

    One pass of pydantic's own JSON parser instead of ``json`` with hooks, then a dict. It
    is as strict: the parser alone would take ``2.0`` for ``2`` and the last of a key written
    twice, but such bytes are never what ``to_bytes`` writes, so they go the strict way.
    """
    try:
        loaded = model.model_validate_json(raw)
        if getattr(loaded, "schema_version", None) != version:
            return None
        if (known is None or file_digest(raw) != known) and to_bytes(loaded) != raw:
            return None
    except Exception:  # whatever it is, the strict reader says it, in its own words
        return None
    return loaded


def to_bytes(model: BaseModel) -> bytes:
    # pydantic's serializer writes the same bytes as json.dumps(model_dump(mode="json"),
    # indent=2, ensure_ascii=False), several times faster (it matters for a big import).
    return (model.model_dump_json(indent=2) + "\n").encode("utf-8")


def keep_backup(path: Path, version: int, original: bytes) -> None:
    """Keep the bytes a migration is about to replace beside the file: ``<name>.v<n>.bak``, or
    ``<name>.v<n>-2.bak`` and so on when an earlier backup holds other bytes."""
    backup = path.with_name(f"{path.name}.v{version}.bak")
    number = 1
    while os.path.lexists(backup):
        with contextlib.suppress(OSError):
            if backup.read_bytes() == original:
                return
        number += 1
        backup = path.with_name(f"{path.name}.v{version}-{number}.bak")
    atomic_write(backup, original)
