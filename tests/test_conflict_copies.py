"""Conflict copies from Syncthing, Dropbox and Nextcloud: doctor finds them, ``doctor --fix``
folds them back in by id and removes a copy only once all of it is in the journal."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]
DAY = "2026-11-27"
ENV = {"SELFLEAD_TODAY": DAY}

SYNCTHING = f"{DAY}.sync-conflict-20261127-184500-ABCDEF7.json"
DROPBOX = f"{DAY} (Laptop's conflicted copy 2026-11-27).json"
NEXTCLOUD = f"{DAY} (conflicted copy 2026-11-27 184500).json"
OWNCLOUD = f"{DAY}_conflict-20261127-184500.json"


def day_file(home: Path) -> Path:
    return home / "entries" / DAY[:4] / f"{DAY}.json"


def goals(home: Path) -> list[str]:
    data = json.loads(day_file(home).read_text(encoding="utf-8"))
    return sorted(entry["goals"]["reflection"] for entry in data["entries"])


def two_devices(run: Run, journal: Path, tmp_path: Path, copy_name: str) -> Path:
    """The laptop's journal and, as a sync tool leaves it, the phone's version of the same
    day beside it: both devices checked in on the day before the tool saw either."""
    assert run("checkin", "--rate", "goals=4", "--goals", "laptop", env=ENV).exit_code == 0
    phone = tmp_path / "phone"
    shutil.copytree(journal, phone)
    assert run("checkin", "--rate", "goals=3", "--goals", "laptop later", env=ENV).exit_code == 0
    added = run(
        "--journal", str(phone), "checkin", "--rate", "goals=2", "--goals", "phone", env=ENV
    )
    assert added.exit_code == 0
    copy = day_file(journal).with_name(copy_name)
    shutil.copyfile(day_file(phone), copy)
    return copy


@pytest.mark.parametrize("name", [SYNCTHING, DROPBOX, NEXTCLOUD, OWNCLOUD])
def test_fix_folds_a_copy_in_by_id(run: Run, journal: Path, tmp_path: Path, name: str) -> None:
    copy = two_devices(run, journal, tmp_path, name)
    found = run("doctor", env=ENV)
    assert found.exit_code == 1
    assert (
        f"{copy.name}: is a conflict copy a sync tool (Syncthing, Dropbox, Nextcloud) left; "
        "1 check-in in it is not in the journal" in found.stdout
    )
    fixed = run("doctor", "--fix", env=ENV)
    assert fixed.exit_code == 0, fixed.stdout
    assert "folded it in by id (3 check-ins on the day) and removed the copy" in fixed.stdout
    assert not copy.exists()
    assert goals(journal) == ["laptop", "laptop later", "phone"]
    again = run("doctor", "--fix", env=ENV)
    assert goals(journal) == ["laptop", "laptop later", "phone"]
    assert "All well." in again.stdout


def test_a_copy_whose_entry_differs_keeps_the_later_edit_and_trashes_the_other(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    copy = two_devices(run, journal, tmp_path, SYNCTHING)
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["entries"][0]["goals"]["reflection"] = "laptop, edited on the phone"
    data["entries"][0]["updated"] = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    copy.write_text(json.dumps(data), encoding="utf-8")
    found = run("doctor", env=ENV)
    assert (
        "1 check-in in it is not in the journal; 1 check-in differs from the journal's: the "
        "version edited last is kept, the other goes to the trash" in found.stdout
    )
    fixed = run("doctor", "--fix", env=ENV)
    assert fixed.exit_code == 0, fixed.stdout
    assert "1 older version in the trash) and removed the copy" in fixed.stdout
    assert not copy.exists()
    assert goals(journal) == ["laptop later", "laptop, edited on the phone", "phone"]
    trash = run("trash", env=ENV)
    assert trash.exit_code == 0
    assert "laptop" in trash.stdout
    assert "All well." in run("doctor", env=ENV).stdout


def test_an_unrelated_file_is_not_a_copy(run: Run, journal: Path) -> None:
    assert run("checkin", "--rate", "goals=4", env=ENV).exit_code == 0
    other = day_file(journal).with_name("notes (conflicted copy).txt")
    other.write_text("mine", encoding="utf-8")
    done = run("doctor", env=ENV)
    assert "conflict copy" not in done.stdout
    assert other.exists()
