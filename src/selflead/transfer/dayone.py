"""Import from Day One: its JSON export (the ``.zip`` Day One writes, or the JSON inside it).

Day One's export is ``{"metadata": {"version": "1.0"}, "entries": [{"uuid", "creationDate":
"2026-11-27T17:45:00Z", "timeZone": "Europe/London", "text", "tags": [...], "starred": bool,
...}, ...]}``, one such JSON file per journal in the zip (photos beside them are left out).
The text becomes the reflection of one area (``--area``, default behaviour), tags and the
star become tags, and the entry is dated in its own time zone.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any, Final

from selflead.areas import AreaName
from selflead.progress import ProgressFactory, no_progress
from selflead.transfer.backup import Backup
from selflead.transfer.outside import Collected, choose_area, local, not_a, reflection

APP: Final = "dayone"
HOW: Final = "give the .zip Day One exports as JSON, or the journal's .json inside it"


def _documents(raw: bytes, source: str) -> list[tuple[str, bytes]]:
    """The JSON documents in the file: the file itself, or each ``*.json`` in the zip."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        return [(source, raw)]
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = sorted(
            n
            for n in archive.namelist()
            if n.lower().endswith(".json") and not n.startswith(("__MACOSX/", "."))
        )
        if not names:
            raise not_a(source, "a Day One export (the zip holds no .json journal)", HOW)
        return [(f"{source}:{name}", archive.read(name)) for name in names]


def _moment(item: dict[str, Any]) -> datetime | None:
    created = item.get("creationDate")
    if not isinstance(created, str):
        return None
    try:
        moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return None
    zone = item.get("timeZone")
    if moment.tzinfo is not None and isinstance(zone, str) and zone:
        try:
            from zoneinfo import ZoneInfo

            return moment.astimezone(ZoneInfo(zone))
        except (ValueError, KeyError, OSError):
            pass  # an unknown zone: the offset the file gives is still right
    return local(moment)


def _entries(found: Collected, data: Any, name: str, area: AreaName, start: int) -> int:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise not_a(name, 'a Day One JSON export (it has no "entries" list)', HOW)
    number = start
    for number, item in enumerate(data["entries"], start=start):
        moment = _moment(item) if isinstance(item, dict) else None
        if moment is None or not isinstance(item, dict):
            found.problems.append(f"entry {number}: it has no creationDate Day One writes")
            continue
        given, listed = item.get("text"), item.get("tags")
        text = given if isinstance(given, str) else ""
        tags = listed if isinstance(listed, list) else []
        labels = [str(t) for t in tags] + (["starred"] if item.get("starred") is True else [])
        key = (moment.isoformat(), str(text))
        found.add(number, APP, key, moment, areas=reflection(area, str(text)), tags=labels)
    return number + 1


def parse(
    raw: bytes, source: str, *, progress: ProgressFactory = no_progress, area: str | None = None
) -> Backup:
    chosen = choose_area(area)
    found = Collected("entry")
    start = 1
    for name, document in _documents(raw, source):
        try:
            data = json.loads(document.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            raise not_a(name, "valid JSON", HOW) from None
        start = _entries(found, data, name, chosen, start)
    return found.backup(source)
