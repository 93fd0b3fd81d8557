"""The tags in use, for shell completion: the last year's, most used first."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from selflead.store.journal import Store

RECENT_DAYS = 366  # a Tab press reads at most a year of day files


def tags_in_use(store: Store, today: date, starting: str = "") -> list[str]:
    """Tags of the last year's check-ins that start with ``starting``, most used first
    (then by name); damaged days are skipped (completion never reports)."""
    read = store.read_range(today - timedelta(days=RECENT_DAYS), today)
    counts = Counter(tag for entry in read.entries for tag in entry.tags)
    wanted = starting.lstrip("#")
    return [
        tag
        for tag, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if tag.startswith(wanted)
    ]
