"""Whether a day has a check-in, read without the journal's models (for ``selflead due``).

``selflead due`` runs in a shell prompt, so it reads the day's file with the standard library
only: no pydantic, no pathlib (os.path instead), no lock (a file written atomically reads as
the old one or the new one).
The path is the day kind's (``store.kinds.DAY``: ``entries/YYYY/YYYY-MM-DD.json``), written out
here because importing the registry would build every model; a test holds the two together.
"""

from __future__ import annotations

import os
from datetime import date


def day_file(home: str, day: date) -> str:
    """Where the day's file is: the same path as ``Store.day_path(day)``."""
    key = day.isoformat()
    return os.path.join(home, "entries", key[:4], f"{key}.json")  # noqa: PTH118


# A day file with one entry is larger than this (an id, a time and four areas: 450 bytes or
# more as selflead writes it); one this small may hold none (an older selflead wrote it), so
# it is read to tell.
_SURELY_AN_ENTRY = 256


def checked_in(home: str, day: date) -> str:
    """``"done"`` when the day's file holds an entry, ``"due"`` when it holds none or is not
    there, ``"damaged"`` when it cannot be read as a day file.

    selflead writes a day's file only with an entry in it (the last one deleted removes the
    file), atomically, so a file of some size is a check-in and is not read: ``due`` runs at
    every shell prompt, and ``doctor`` and every other command report a damaged file.
    """
    path = day_file(home, day)
    try:
        size = os.stat(path).st_size  # noqa: PTH116
    except FileNotFoundError:
        return "due"
    except OSError:
        return "damaged"
    if size >= _SURELY_AN_ENTRY:
        return "done"
    import json

    try:
        with open(path, "rb") as file:  # noqa: PTH123
            raw = file.read()
    except OSError:
        return "damaged"
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return "damaged"
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return "damaged"
    return "done" if entries else "due"
