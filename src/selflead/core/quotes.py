"""The quote bank: the packaged ``data/quotes.yaml`` plus the user's own ``quotes.yaml``.

Choosing a quote is pure: the quote of the day is stable within a day and changes every day
(consecutive days never repeat, and every quote comes round before any comes back).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from selflead.errors import DamagedFileError, InputError
from selflead.problems import describe
from selflead.store.files import MIB, read_file

# The largest quotes.yaml read (the packaged bank is about 30 KiB). The file is opened without
# blocking and must be a regular file: a FIFO or a link to /dev/zero is refused, not waited on.
MAX_QUOTES_BYTES: Final = 4 * MIB

QuoteArea = Literal["communication", "emotions", "behaviour", "goals", "leadership"]
QUOTE_AREAS: Final[tuple[QuoteArea, ...]] = (
    "communication",
    "emotions",
    "behaviour",
    "goals",
    "leadership",
)
USER_QUOTES: Final = "quotes.yaml"

_CONFIG = ConfigDict(strict=True, extra="forbid", frozen=True)
_Line = Annotated[str, Field(min_length=1, max_length=1000)]


class Quote(BaseModel):
    model_config = _CONFIG

    text: _Line
    author: Annotated[str, Field(min_length=1, max_length=200)]
    areas: Annotated[list[QuoteArea], Field(min_length=1)]
    source: Annotated[str, Field(min_length=1, max_length=300)] | None = None


class QuoteFile(BaseModel):
    model_config = _CONFIG

    schema_version: Literal[1] = 1
    quotes: list[Quote]


def packaged_quotes_file() -> Path:
    """Where the installed package keeps its copy of ``data/quotes.yaml``."""
    return Path(str(resources.files("selflead") / "data" / "quotes.yaml"))


def packaged_quotes_json() -> Path:
    """The packaged bank as JSON, made from ``data/quotes.yaml`` by ``selflead.core.quotes``.

    Reading it needs no YAML library: importing PyYAML takes longer than the rest of
    ``selflead quote``. A test checks that it holds exactly the data of the YAML file.
    """
    return Path(str(resources.files("selflead") / "data" / "quotes.json"))


def load_file(path: Path, *, required: bool) -> list[Quote]:
    """Quotes from one YAML file, validated; an error names the file and the problem."""
    raw = read_file(path, limit=MAX_QUOTES_BYTES)
    if raw is None:
        if required:
            raise DamagedFileError(
                path, "is missing", "reinstall selflead; the quote bank ships with it"
            )
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DamagedFileError(path, f"is not UTF-8 text (byte {exc.start})") from None
    import yaml  # only once there is a file to parse: importing it takes a while

    # The C loader is PyYAML's safe loader, only faster; fall back to the pure-Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader, as yaml.safe_load)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DamagedFileError(path, f"is not valid YAML: {problem}{where}") from None
    return _validated(path, data)


def _validated(path: Path, data: object) -> list[Quote]:
    if not isinstance(data, dict):
        raise DamagedFileError(path, "must be a mapping with a 'quotes:' list")
    try:
        return QuoteFile.model_validate(data).quotes
    except ValidationError as exc:
        raise DamagedFileError(
            path,
            describe(exc, count_more=False),
            "fix the file; the README's 'selflead quote' section shows the shape, as does "
            f"the bank selflead ships: {packaged_quotes_file()}",
        ) from None


def _load_packaged() -> list[Quote]:
    """The packaged bank from its JSON copy, or from the YAML when the copy is missing."""
    import json

    path = packaged_quotes_json()
    raw = read_file(path, limit=MAX_QUOTES_BYTES)
    if raw is None:
        return load_file(packaged_quotes_file(), required=True)
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise DamagedFileError(path, f"is not valid JSON ({exc})", "reinstall selflead") from None
    return _validated(path, data)


def load_bank(journal: Path | None = None, packaged: Path | None = None) -> list[Quote]:
    """The packaged quotes, then the user's own from ``<journal>/quotes.yaml`` if present."""
    bank = _load_packaged() if packaged is None else load_file(packaged, required=True)
    if journal is not None:
        bank = bank + load_file(journal / USER_QUOTES, required=False)
    return bank


def _stable_order(quotes: Sequence[Quote]) -> list[Quote]:
    """A fixed shuffle that does not depend on file order or on Python's hash seed."""
    return sorted(quotes, key=lambda q: hashlib.sha256(f"{q.author}\n{q.text}".encode()).digest())


def in_area(quotes: Sequence[Quote], area: str | None) -> list[Quote]:
    if area is None:
        return list(quotes)
    if area not in QUOTE_AREAS:
        raise InputError(f"unknown quote area {area!r}", "choose from " + ", ".join(QUOTE_AREAS))
    chosen = [q for q in quotes if area in q.areas]
    if not chosen:
        raise InputError(f"no quotes for the area {area!r}", "add some to your quotes.yaml")
    return chosen


def for_index(quotes: Sequence[Quote], index: int) -> Quote:
    """The ``index``-th quote of the stable order, cycling. Consecutive indexes differ."""
    if not quotes:
        raise InputError("the quote bank is empty", "add quotes to your quotes.yaml")
    order = _stable_order(quotes)
    return order[index % len(order)]


def of_the_day(quotes: Sequence[Quote], day: date, area: str | None = None) -> Quote:
    return for_index(in_area(quotes, area), day.toordinal())


def at_random(quotes: Sequence[Quote], area: str | None = None) -> Quote:
    return random.choice(in_area(quotes, area))  # noqa: S311 (not for security)


def _write_packaged_json() -> None:
    """Write ``quotes.json`` beside the packaged ``quotes.yaml``, holding the same data."""
    import json

    import yaml

    source = packaged_quotes_file()
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    _validated(source, data)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    packaged_quotes_json().write_text(text, encoding="utf-8")


if __name__ == "__main__":
    _write_packaged_json()
