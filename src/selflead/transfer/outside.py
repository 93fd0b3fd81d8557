"""What the imports from other journals share: ids derived from the source, the local time of
an entry, tags made from other apps' labels, and one error for the whole file.

An imported entry's id is ``<app>-`` and a hash of what the source says about it (its date,
time and text), so importing the same file twice adds nothing, and a changed entry in the
source comes in as a new one. The entries then go through the backup's merge by id
(``transfer.importing.run``): nothing in the journal is ever replaced.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from pydantic import ValidationError

from selflead.areas import AREA_ALIASES, AREAS, AreaName
from selflead.errors import InputError
from selflead.models import MAX_TAG, MAX_TAGS, Entry
from selflead.problems import describe
from selflead.transfer.backup import Backup
from selflead.transfer.backup_reader import refuse

DEFAULT_AREA: Final[AreaName] = "behaviour"
_SPACES = re.compile(r"[\s,]+")
_TAG_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def derived_id(app: str, *parts: str) -> str:
    """``<app>-<24 hex digits>``: the same source entry always gets the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{app}-{digest[:24]}"


def local(moment: datetime) -> datetime:
    """A naive time from a source that has no offset, read as this computer's local time."""
    return moment.astimezone() if moment.tzinfo is None else moment


def as_tag(label: str) -> str:
    """Another app's label as a selflead tag: '#'/'@' dropped, spaces and commas as '-'."""
    text = _TAG_JUNK.sub("", label).strip().lstrip("#@").strip()
    return _SPACES.sub("-", text)


def choose_area(name: str | None) -> AreaName:
    """The area ``--area`` names (any spelling in ``AREA_ALIASES``), or ``InputError``."""
    if name is None:
        return DEFAULT_AREA
    area = AREA_ALIASES.get(name.strip().lower())
    if area is None:
        raise InputError(f"--area {name!r} is not an area", f"use one of: {', '.join(AREAS)}")
    return area


@dataclass
class Collected:
    """The entries read so far, and what was wrong with the others (by their place in the file)."""

    what: str  # "entry", "row": how the file's items are named in a problem
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(
        self,
        number: int,
        app: str,
        key: tuple[str, ...],
        moment: datetime,
        *,
        areas: dict[str, dict[str, object]],
        tags: list[str],
    ) -> None:
        cleaned: list[str] = []
        for label in tags:
            tag = as_tag(label)
            if tag and tag not in cleaned:
                cleaned.append(tag)
        long = [t for t in cleaned if len(t) > MAX_TAG]
        if long:
            self.problems.append(
                f"{self.what} {number}: a tag has at most {MAX_TAG} characters "
                f"({len(long[0])} in one)"
            )
            return
        if len(cleaned) > MAX_TAGS:
            self.problems.append(
                f"{self.what} {number}: at most {MAX_TAGS} tags ({len(cleaned)} there)"
            )
            return
        data: dict[str, object] = {
            "id": derived_id(app, *key),
            "date": moment.date(),
            "created": moment,
            "tags": cleaned,
            **areas,
        }
        try:
            entry = Entry.model_validate(data, strict=False)
        except ValidationError as exc:
            problem = describe(exc, count_more=False, whole="").removeprefix(": ")
            self.problems.append(f"{self.what} {number}, {problem}")
            return
        self.entries.setdefault(entry.id, entry)  # the same entry twice in a file: once

    def backup(self, source: str) -> Backup:
        if self.problems:
            raise refuse(source, self.problems)
        entries = sorted(self.entries.values(), key=lambda e: (e.date, e.created))
        return Backup(entries=entries, reviews=[])


def reflection(
    area: AreaName, text: str, rating: int | None = None
) -> dict[str, dict[str, object]]:
    """The one area an import fills: its text and, for Daylio, a rating."""
    value: dict[str, object] = {"reflection": text.strip()}
    if rating is not None:
        value["rating"] = rating
    return {area: value}


def not_a(source: str, app: str, how: str) -> InputError:
    return InputError(f"{source} is not {app}", f"{how}; nothing was imported")
