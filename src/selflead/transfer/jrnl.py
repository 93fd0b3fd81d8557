"""Import from jrnl (jrnl.sh): its JSON export (``jrnl --format json``) or its journal file.

jrnl's JSON export is ``{"tags": {...}, "entries": [{"title", "body", "date": "YYYY-MM-DD",
"time": "HH:MM", "tags": ["@tag"], "starred": bool}, ...]}``. Its plain-text journal file
holds entries that each begin with ``[YYYY-MM-DD HH:MM] Title`` (older versions: no brackets;
the time may have seconds and AM/PM; a starred entry's title line ends with ' *'), the
body on the lines after. Either way the title and
body become the reflection of one area (``--area``, default behaviour), ``@tags`` and the star
become tags, the date and time are kept (read as this computer's local time).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, Final

from selflead.areas import AreaName
from selflead.progress import ProgressFactory, no_progress
from selflead.transfer.backup import Backup
from selflead.transfer.outside import Collected, choose_area, local, not_a, reflection

APP: Final = "jrnl"
HOW: Final = "give jrnl's JSON export (jrnl --format json --file FILE) or its journal file"
_HEAD = re.compile(
    r"^\[?(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)\]? ?(.*)$"
)
_TAG = re.compile(r"(?<![\w@#])[@#][\w-]+")  # jrnl's default tag symbols are '#' and '@'

_TIME_FORMATS: Final = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I:%M:%S%p")


def _moment(day: str, time: str) -> datetime | None:
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(f"{day} {time.upper()}", f"%Y-%m-%d {fmt}")
        except ValueError:
            continue
    return None


def _text(title: str, body: str) -> str:
    title, body = title.strip(), body.strip()
    return f"{title}\n\n{body}" if title and body else title or body


def _add(
    found: Collected,
    number: int,
    day: str,
    time: str,
    title: str,
    body: str,
    tags: list[str],
    starred: bool,
    area: AreaName,
) -> None:
    moment = _moment(day, time)
    if moment is None:
        found.problems.append(f"entry {number}: {day} {time} is not a date and time")
        return
    text = _text(title, body)
    labels = list(tags) + (["starred"] if starred else [])
    # The key is the minute and the text, not the strings: jrnl's JSON export ("18:45") and
    # its journal file ("06:45:00 PM") give one entry the same id.
    key = (moment.strftime("%Y-%m-%d %H:%M"), text)
    found.add(number, APP, key, local(moment), areas=reflection(area, text), tags=labels)


def _from_json(data: Any, source: str, area: AreaName) -> Backup:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise not_a(source, 'a jrnl JSON export (it has no "entries" list)', HOW)
    found = Collected("entry")
    for number, item in enumerate(data["entries"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("date"), str):
            found.problems.append(f'entry {number}: it has no "date"')
            continue
        tags = item.get("tags") or []
        _add(
            found,
            number,
            item["date"],
            str(item.get("time") or "00:00"),
            str(item.get("title") or ""),
            str(item.get("body") or ""),
            [str(t) for t in tags] if isinstance(tags, list) else [],
            item.get("starred") is True,
            area,
        )
    return found.backup(source)


def _from_text(text: str, source: str, area: AreaName) -> Backup:
    found = Collected("entry")
    heads: list[tuple[str, str, str, list[str]]] = []
    for line in text.splitlines():
        match = _HEAD.match(line)
        if match:
            heads.append((match[1], match[2], match[3], []))
        elif heads:
            heads[-1][3].append(line)
        elif line.strip():
            raise not_a(source, "a jrnl journal (its first line has no [date time])", HOW)
    if not heads:
        raise not_a(source, "a jrnl journal (no entry starts with [date time])", HOW)
    for number, (day, time, title, lines) in enumerate(heads, start=1):
        body = "\n".join(lines)
        starred = title.rstrip().endswith(" *") or title.strip() == "*"
        title = title.rstrip().removesuffix("*").rstrip() if starred else title
        tags = _TAG.findall(f"{title}\n{body}")
        _add(found, number, day, time, title, body, tags, starred, area)
    return found.backup(source)


def parse(
    raw: bytes, source: str, *, progress: ProgressFactory = no_progress, area: str | None = None
) -> Backup:
    chosen = choose_area(area)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise not_a(source, "UTF-8 text", HOW) from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            raise not_a(source, "valid JSON", HOW) from None
        return _from_json(data, source, chosen)
    return _from_text(text, source, chosen)
