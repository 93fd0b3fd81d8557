"""Schema versions: an ordered registry of migrations, applied on read; a byte-exact backup
before a migrated file is rewritten; a newer file refused with a message to upgrade.

selflead is at schema version 1, so the mechanism is tested with a made-up history: the test
pretends the current version is 3 and that versions 1 and 2 had other shapes. A frozen copy
of what version 1 writes (V1_DAY) checks that every later selflead still reads it.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import pytest
from typer.testing import Result

import helpers
from selflead import models
from selflead.errors import DamagedFileError, NewerSchemaError, StorageError
from selflead.models import AreaCheckin, DayFile, Entry, WeekFile
from selflead.store import documents
from selflead.store.documents import MIGRATIONS, Schema
from selflead.store.files import ensure_dir, is_temporary
from selflead.store.journal import Store

Run = Callable[..., Result]
DAY = date(2026, 11, 24)

# A day file exactly as selflead wrote it at schema version 1. Never edit: later versions must
# keep reading it (through MIGRATIONS once SCHEMA_VERSION is above 1).
V1_DAY = b"""{
  "schema_version": 1,
  "date": "2026-11-24",
  "entries": [
    {
      "id": "0b6f5c3e-1f1a-4a51-9a53-3f8d3f0e9c11",
      "date": "2026-11-24",
      "created": "2026-11-24T21:05:13.123456+01:00",
      "communication": {
        "rating": 4,
        "reflection": "Asked before advising in the 1:1."
      },
      "emotions": {
        "rating": 2,
        "reflection": "Snapped at a colleague.\\nApologised after lunch."
      },
      "behaviour": {
        "rating": null,
        "reflection": ""
      },
      "goals": {
        "rating": 5,
        "reflection": "Closed the Q4 plan \xe2\x9c\x85"
      },
      "tags": [
        "q4",
        "planning"
      ]
    }
  ]
}
"""


def test_version_1_files_are_read_by_this_selflead(journal: Path) -> None:
    store = Store(journal)
    path = store.day_path(DAY)
    ensure_dir(path.parent)
    path.write_bytes(V1_DAY)
    [entry] = store.read_day(DAY)
    assert entry.id == "0b6f5c3e-1f1a-4a51-9a53-3f8d3f0e9c11"
    assert entry.created == datetime(2026, 11, 24, 20, 5, 13, 123456, tzinfo=UTC)
    assert entry.emotions == AreaCheckin(
        rating=2, reflection="Snapped at a colleague.\nApologised after lunch."
    )
    assert entry.goals.reflection == "Closed the Q4 plan ✅"
    assert entry.tags == ["q4", "planning"]
    assert path.read_bytes() == V1_DAY  # reading never rewrites


def test_the_registry_reaches_the_current_version_from_every_older_one() -> None:
    """Bumping SCHEMA_VERSION without a migration for the version before it fails here."""
    for kind in ("day", "week"):
        assert sorted(MIGRATIONS[kind]) == list(range(1, models.SCHEMA_VERSION)), kind
    for model in (DayFile, WeekFile):
        allowed = model.model_fields["schema_version"].annotation
        assert allowed == Literal[models.SCHEMA_VERSION], model  # type: ignore[valid-type]


# --------------------------------------------------------------------------- a made-up history


class DayFileV3(DayFile):
    schema_version: Literal[3]  # type: ignore[assignment]


class WeekFileV3(WeekFile):
    schema_version: Literal[3]  # type: ignore[assignment]


def v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Made-up version 1 called the day "day" and the entries "checkins"."""
    doc["date"] = doc.pop("day")
    doc["entries"] = doc.pop("checkins")
    return doc


def v2_to_v3(doc: dict[str, Any]) -> dict[str, Any]:
    """Made-up version 2 kept a "mood" from 1 to 5 where version 3 rates emotions."""
    for entry in doc["entries"]:
        entry["emotions"] = {"rating": entry.pop("mood"), "reflection": ""}
    return doc


def week_v2_to_v3(doc: dict[str, Any]) -> dict[str, Any]:
    doc["reflection"]["will"] = doc["reflection"].pop("plan")
    return doc


@pytest.fixture
def at_version_3(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """This selflead pretends to be at schema version 3, with migrations from 1 and 2.

    Yields the names of the migration steps in the order they ran.
    """
    ran: list[str] = []

    def recorded(step: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
        def run(doc: dict[str, Any]) -> dict[str, Any]:
            ran.append(step.__name__)
            return step(doc)

        return run

    made_up = Schema(
        version=3,
        migrations={
            "day": {1: recorded(v1_to_v2), 2: recorded(v2_to_v3)},
            "week": {2: recorded(week_v2_to_v3)},
        },
        models={"day": DayFileV3, "week": WeekFileV3},
    )
    monkeypatch.setattr(documents, "CURRENT", made_up)  # the one schema every Store uses
    yield ran


def old_entry(number: int, mood: int) -> dict[str, Any]:
    return {
        "id": f"old-{number}",
        "date": DAY.isoformat(),
        "created": f"2026-11-24T08:0{number}:00+00:00",
        "goals": {"rating": 3, "reflection": f"old text {number} ✅"},
        "mood": mood,
    }


V1_MADE_UP = json.dumps(
    {"schema_version": 1, "day": DAY.isoformat(), "checkins": [old_entry(1, 2), old_entry(2, 5)]},
    indent=1,
).encode()
V2_MADE_UP = json.dumps(
    {"schema_version": 2, "date": DAY.isoformat(), "entries": [old_entry(3, 4)]}
).encode()


def place(store: Store, content: bytes) -> Path:
    path = store.day_path(DAY)
    ensure_dir(path.parent)
    path.write_bytes(content)
    path.chmod(0o600)
    return path


def new_entry(text: str) -> Entry:
    written = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    return helpers.entry(DAY, id="new-" + text.replace(" ", "-"), created=written, goals=(4, text))


def test_migrations_run_in_order_on_read_and_never_rewrite(
    journal: Path, at_version_3: list[str]
) -> None:
    store = Store(journal)
    path = place(store, V1_MADE_UP)
    entries = store.read_day(DAY)
    assert at_version_3 == ["v1_to_v2", "v2_to_v3"]
    assert [(e.id, e.emotions.rating, e.goals.reflection) for e in entries] == [
        ("old-1", 2, "old text 1 ✅"),
        ("old-2", 5, "old text 2 ✅"),
    ]
    assert path.read_bytes() == V1_MADE_UP
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no backup, no temp

    # A version-2 file starts from its own step.
    at_version_3.clear()
    place(store, V2_MADE_UP)
    assert [e.emotions.rating for e in store.read_day(DAY)] == [4]
    assert at_version_3 == ["v2_to_v3"]


def test_a_migrated_file_is_backed_up_byte_for_byte_before_it_is_rewritten(
    journal: Path, at_version_3: list[str]
) -> None:
    store = Store(journal)
    path = place(store, V1_MADE_UP)
    store.add_entry(new_entry("added at version 3"))
    backup = path.with_name(f"{path.name}.v1.bak")
    assert backup.read_bytes() == V1_MADE_UP
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    written = json.loads(path.read_bytes())
    assert written["schema_version"] == 3
    assert [e["id"] for e in written["entries"]] == ["old-1", "old-2", "new-added-at-version-3"]
    assert written["entries"][1]["emotions"] == {"rating": 5, "reflection": ""}

    # Now current: read without migrating, and no second backup on the next write.
    at_version_3.clear()
    store = Store(journal)
    store.add_entry(new_entry("again"))
    assert at_version_3 == []
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, backup.name]
    assert backup.read_bytes() == V1_MADE_UP

    # The doctor sees a backup as normal, not as a problem or a foreign file.
    from selflead.core.doctor import examine

    report = examine(Store(journal))
    assert report.ok and report.findings == [], report.findings


def test_an_earlier_backup_with_other_bytes_is_never_overwritten(
    journal: Path, at_version_3: list[str]
) -> None:
    store = Store(journal)
    path = place(store, V1_MADE_UP)
    first_backup = path.with_name(f"{path.name}.v1.bak")
    first_backup.write_bytes(b"an older copy the user restored from")
    store.add_entry(new_entry("x"))
    assert first_backup.read_bytes() == b"an older copy the user restored from"
    assert path.with_name(f"{path.name}.v1-2.bak").read_bytes() == V1_MADE_UP


def test_a_failed_backup_changes_nothing(
    journal: Path, at_version_3: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(journal)
    path = place(store, V1_MADE_UP)
    real_write = os.write
    calls = []

    def full_disk(fd: int, data: Any) -> int:
        calls.append(fd)
        if len(calls) == 1:  # the backup is the first file written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(StorageError, match=r"could not save .*\.v1\.bak: No space left on device"):
        store.add_entry(new_entry("x"))
    monkeypatch.setattr(os, "write", real_write)
    assert path.read_bytes() == V1_MADE_UP
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    # And the next try migrates, backs up and saves.
    store = Store(journal)
    store.add_entry(new_entry("x"))
    assert path.with_name(f"{path.name}.v1.bak").read_bytes() == V1_MADE_UP
    assert not [p for p in journal.rglob("*") if is_temporary(p.name)]


def test_a_newer_file_is_refused_and_left_alone(
    run: Run, journal: Path, at_version_3: list[str]
) -> None:
    store = Store(journal)
    newer = json.dumps({"schema_version": 4, "date": DAY.isoformat(), "entries": []}).encode()
    path = place(store, newer)
    with pytest.raises(NewerSchemaError) as caught:
        store.read_day(DAY)
    assert caught.value.message == (
        f"{path}: was written by a newer selflead (schema_version 4; this version reads up to 3)"
    )
    assert caught.value.hint == "upgrade selflead to read it; the file was left untouched"
    result = run("checkin", "--date", str(DAY), "--goals", "x")
    assert result.exit_code == 3
    assert "upgrade selflead to read it" in result.stderr
    assert path.read_bytes() == newer
    assert at_version_3 == []


def test_a_version_without_a_way_forward(
    journal: Path, at_version_3: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = documents.CURRENT
    gap = Schema(schema.version, {"day": {1: v1_to_v2}}, schema.models)  # no step from 2
    path = place(Store(journal), V1_MADE_UP)
    with pytest.raises(DamagedFileError) as caught:
        Store(journal, schema=gap).read_day(DAY)
    assert caught.value.problem == "has schema_version 2, which cannot be migrated"
    assert path.read_bytes() == V1_MADE_UP


def test_a_file_not_in_the_shape_its_version_promises(
    run: Run, journal: Path, at_version_3: list[str]
) -> None:
    """The step raises (a key is missing): a clear error, not a traceback, file untouched."""
    wrong = json.dumps({"schema_version": 1, "date": DAY.isoformat(), "entries": []}).encode()
    path = place(Store(journal), wrong)
    result = run("show", str(DAY))
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"error: {path}: has schema_version 1 but not the shape of that version; "
    )
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == wrong


def test_week_files_migrate_too(journal: Path, at_version_3: list[str]) -> None:
    store = Store(journal)
    path = store.week_path("2026-W48")
    ensure_dir(path.parent)
    stamp = "2026-11-29T20:00:00+00:00"
    old = json.dumps(
        {
            "schema_version": 2,
            "week": "2026-W48",
            "reflection": {"goal": "g", "plan": "ship it", "created": stamp, "updated": stamp},
        }
    ).encode()
    path.write_bytes(old)
    reflection = store.read_week("2026-W48")
    assert reflection is not None and reflection.will == "ship it"
    assert at_version_3 == ["week_v2_to_v3"]
    store.write_week("2026-W48", reflection.model_copy(update={"reality": "r"}))
    assert path.with_name("2026-W48.json.v2.bak").read_bytes() == old
    assert json.loads(path.read_bytes())["schema_version"] == 3
