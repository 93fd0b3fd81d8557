"""A big journal in bounded memory: a backup of 50,000 entries imports, and exports, in a
process whose address space is limited (``RLIMIT_AS``), and comes back byte for byte.

The limits prove the point: a bare ``selflead export`` needs about 60 MiB of address space;
holding every entry, as export did, took about 4.6 KiB each (230 MiB here) and import about
16.5 KiB each (over 800 MiB). Streamed, neither grows with the journal.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import selflead

ENTRIES = 50_000
PER_DAY = 10
IMPORT_LIMIT = 400 << 20
EXPORT_LIMIT = 150 << 20
FIRST = date(1990, 1, 1)

pytestmark = pytest.mark.slow


def _limit(size: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return apply


def _backup(path: Path) -> None:
    """A backup of ENTRIES entries, PER_DAY a day, every area written (and an emoji: text
    that is not ASCII takes more room in memory)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "selflead", "version": 2, "entries": [')
        for n in range(ENTRIES):
            day = FIRST + timedelta(days=n // PER_DAY)
            entry = {
                "id": f"{n:012x}",
                "date": day.isoformat(),
                "created": f"{day.isoformat()}T{8 + n % PER_DAY:02d}:00:00+00:00",
                **{
                    area: {"rating": 1 + (n + i) % 5, "reflection": f"{area} day {n} went well 🙂"}
                    for i, area in enumerate(("communication", "emotions", "behaviour", "goals"))
                },
                "tags": ["q4"] if n % 3 == 0 else [],
            }
            out.write(("," if n else "") + json.dumps(entry, ensure_ascii=False))
        stamp = "1990-01-14T20:00:00+00:00"
        review = {"week": "1990-W02", "goal": "a steady week", "created": stamp, "updated": stamp}
        out.write(f'], "reviews": [{json.dumps(review)}]}}')


def _without_export_time(text: bytes) -> bytes:
    lines = text.split(b"\n")
    assert lines[3].startswith(b'  "exported": ')
    return b"\n".join(lines[:3] + lines[4:])


def test_a_big_backup_imports_and_exports_in_bounded_memory_and_comes_back(
    tmp_path: Path,
) -> None:
    source = tmp_path / "generated.json"
    _backup(source)
    first, second = tmp_path / "first", tmp_path / "second"
    exported, again = tmp_path / "exported.json", tmp_path / "again.json"

    done = selflead(
        "--journal", str(first), "import", str(source),
        preexec_fn=_limit(IMPORT_LIMIT), timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Added {ENTRIES:,} check-ins on {ENTRIES // PER_DAY:,} days")
    for home, target in ((first, exported), (second, again)):
        if home == second:
            done = selflead(
                "--journal", str(second), "import", str(exported),
                preexec_fn=_limit(IMPORT_LIMIT), timeout=600,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
        done = selflead(
            "--journal", str(home), "export", "--format", "json", "--output", str(target),
            preexec_fn=_limit(EXPORT_LIMIT), timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert len(document["entries"]) == ENTRIES
    assert document["entries"][-1]["goals"]["reflection"].endswith("🙂")
    assert _without_export_time(exported.read_bytes()) == _without_export_time(again.read_bytes())


def test_a_big_journal_exports_as_markdown_in_bounded_memory(tmp_path: Path) -> None:
    source = tmp_path / "generated.json"
    _backup(source)
    home = tmp_path / "journal"
    done = selflead("--journal", str(home), "import", str(source), timeout=600)
    assert done.returncode == 0, done.stderr
    target = tmp_path / "journal.md"
    done = selflead(
        "--journal", str(home), "export", "--output", str(target),
        preexec_fn=_limit(EXPORT_LIMIT), timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert f"{ENTRIES:,} check-ins · 1 weekly reflection" in text.splitlines()[2]
    assert text.count("\n### ") == ENTRIES // PER_DAY + 1  # a heading per day, one reflection
