"""Import from Daylio: its CSV export (Settings, Export entries, CSV).

Daylio writes one row per entry, newest first, under the header ``full_date,date,weekday,
time,mood,activities,note_title,note`` (older versions: ``year,date,weekday,time,mood,
activities,note``). The mood, one of Daylio's five levels (rad, good, meh, bad, awful),
becomes the emotions rating (5 to 1); the activities (``a | b | c``) become tags; the title
and note become the emotions reflection.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Final

from selflead.progress import ProgressFactory, no_progress
from selflead.transfer.backup import Backup
from selflead.transfer.outside import Collected, local, not_a, reflection

APP: Final = "daylio"
HOW: Final = "give the CSV Daylio exports (Settings, Export entries, CSV)"
MOODS: Final[dict[str, int]] = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}
_TIME_FORMATS: Final = ("%H:%M", "%I:%M %p", "%I:%M%p")
_MONTH_DAY: Final = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")


def _day(row: dict[str, str]) -> date | None:
    full = (row.get("full_date") or "").strip()
    if full:
        try:
            return date.fromisoformat(full)
        except ValueError:
            return None
    year, day = (row.get("year") or "").strip(), (row.get("date") or "").strip()
    for fmt in _MONTH_DAY:
        try:
            return datetime.strptime(f"{day} {year}", fmt).date()
        except ValueError:
            continue
    return None


def _moment(row: dict[str, str]) -> datetime | None:
    day = _day(row)
    time = (row.get("time") or "").strip().upper()
    if day is None:
        return None
    for fmt in _TIME_FORMATS:
        try:
            clock = datetime.strptime(time, fmt).time()
        except ValueError:
            continue
        return local(datetime.combine(day, clock))
    return None


def parse(raw: bytes, source: str, *, progress: ProgressFactory = no_progress) -> Backup:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise not_a(source, "UTF-8 text", HOW) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = set(reader.fieldnames or [])
    if not {"date", "time", "mood", "activities"} <= fields or not fields & {"full_date", "year"}:
        raise not_a(source, "a Daylio CSV export (its header is not Daylio's)", HOW)
    found = Collected("row")
    for number, row in enumerate(reader, start=1):
        moment = _moment(row)
        if moment is None:
            found.problems.append(f"row {number}: its date and time are not Daylio's")
            continue
        mood = (row.get("mood") or "").strip()
        rating = MOODS.get(mood.lower())
        if rating is None:
            found.problems.append(
                f"row {number}: the mood {mood!r} is not one of Daylio's five ({', '.join(MOODS)})"
            )
            continue
        title, note = (row.get("note_title") or "").strip(), (row.get("note") or "").strip()
        words = f"{title}\n\n{note}" if title and note else title or note
        activities = [a for a in (row.get("activities") or "").split("|") if a.strip()]
        key = (moment.isoformat(), mood, row.get("activities") or "", title, note)
        found.add(
            number,
            APP,
            key,
            moment,
            areas=reflection("emotions", words, rating),
            tags=activities,
        )
    return found.backup(source)
