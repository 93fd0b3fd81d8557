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


def test_fix_folds_copies_of_a_goal_and_of_a_weeks_commitments(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    """Both devices changed the same goal and the same week's commitments before the sync tool
    saw either: the tool leaves the phone's files beside the laptop's, and doctor --fix folds
    them in (both titles kept on the goal's line, the commitments by id)."""
    added = run("goal", "add", "Run a 10k", "--measure", "km", "--target", "10", env=ENV)
    assert added.exit_code == 0, added.output
    plan = ("--when", "I open my laptop", "--will", "write the day's one result")
    assert run("commitments", "add", *plan, env=ENV).exit_code == 0
    (goal_file,) = (journal / "goals").glob("*.json")
    goal_id = goal_file.stem
    phone = tmp_path / "phone"
    shutil.copytree(journal, phone)
    on_phone = ("--journal", str(phone))
    assert (
        run(*on_phone, "goal", "edit", goal_id, "--title", "Run 10k by May", env=ENV).exit_code == 0
    )
    assert (
        run(*on_phone, "goal", "progress", goal_id, "4", "--note", "phone", env=ENV).exit_code == 0
    )
    walk = ("--when", "I get home", "--will", "walk")
    assert run(*on_phone, "commitments", "add", *walk, env=ENV).exit_code == 0
    assert run("goal", "edit", goal_id, "--title", "Run a 10k in May", env=ENV).exit_code == 0
    week_file = journal / "commitments" / "2026-W48.json"
    goal_copy = goal_file.with_name(f"{goal_id} (Phone's conflicted copy 2026-11-27).json")
    plans_copy = week_file.with_name("2026-W48.sync-conflict-20261127-184500-ABCDEF7.json")
    shutil.copyfile(phone / "goals" / goal_file.name, goal_copy)
    shutil.copyfile(phone / "commitments" / week_file.name, plans_copy)
    found = run("doctor", env=ENV)
    assert found.exit_code == 1
    assert (
        f"{goal_copy.name}: is a conflict copy a sync tool (Syncthing, Dropbox, Nextcloud) left "
        "(the goal field by field, its progress the union, both texts kept where both wrote); "
        "1 progress step in it is not in the journal" in found.stdout
    )
    assert (
        f"{plans_copy.name}: is a conflict copy a sync tool (Syncthing, Dropbox, Nextcloud) left "
        "(the week's commitments by commitment id, both texts kept where both wrote); "
        "1 commitment in it is not in the journal" in found.stdout
    )
    fixed = run("doctor", "--fix", env=ENV)
    assert fixed.exit_code == 0, fixed.stdout
    assert "folded into the goal and removed" in fixed.stdout
    assert "folded into the week's commitments and removed" in fixed.stdout
    assert not goal_copy.exists() and not plans_copy.exists()
    goal = json.loads(goal_file.read_text(encoding="utf-8"))["goal"]
    assert goal["title"] == ("Run a 10k in May (also written on another device: Run 10k by May)")
    assert [step["note"] for step in goal["progress"]] == ["phone"]
    plans = json.loads(week_file.read_text(encoding="utf-8"))["commitments"]
    assert sorted(p["when"] for p in plans) == ["I get home", "I open my laptop"]
    listed = run("goal", "list", env=ENV)
    assert "also written on another device: Run 10k by May" in listed.stdout.replace("\n", " ")
    assert "All well." in run("doctor", env=ENV).stdout


def test_a_goal_copy_whose_titles_cannot_both_be_kept_stays(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    assert run("goal", "add", "a" * 150, env=ENV).exit_code == 0
    (goal_file,) = (journal / "goals").glob("*.json")
    data = json.loads(goal_file.read_text(encoding="utf-8"))
    data["goal"]["title"] = "b" * 150
    copy = goal_file.with_name(f"{goal_file.stem}.sync-conflict-20261127-184500-ABCDEF7.json")
    copy.write_text(json.dumps(data), encoding="utf-8")
    found = run("doctor", env=ENV)
    assert (
        f"{copy.name}: is a conflict copy a sync tool (Syncthing, Dropbox, Nextcloud) left, and "
        f"both versions of the goal {goal_file.stem}'s title together are too long to keep"
        in found.stdout
    )
    fixed = run("doctor", "--fix", env=ENV)
    assert fixed.exit_code == 1
    assert copy.exists()
    assert json.loads(goal_file.read_text(encoding="utf-8"))["goal"]["title"] == "a" * 150


def test_copies_that_differ_only_in_answers_and_status_fold_and_go(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    """No text differs, only a day's mark and a goal's status: the journal's stay (as git's
    merge keeps this device's), and the copies, all of whose texts are in the journal, go."""
    assert run("goal", "add", "Run a 10k", env=ENV).exit_code == 0
    plan = ("--when", "I open my laptop", "--will", "write the day's one result")
    assert run("commitments", "add", *plan, "--json", env=ENV).exit_code == 0
    (goal_file,) = (journal / "goals").glob("*.json")
    week_file = journal / "commitments" / "2026-W48.json"
    plan_id = json.loads(week_file.read_text(encoding="utf-8"))["commitments"][0]["id"]
    phone = tmp_path / "phone"
    shutil.copytree(journal, phone)
    on_phone = ("--journal", str(phone))
    assert run(*on_phone, "checkin", "--missed", plan_id[:6], env=ENV).exit_code == 0
    assert run(*on_phone, "goal", "done", goal_file.stem[:6], env=ENV).exit_code == 0
    assert run("checkin", "--kept", plan_id[:6], env=ENV).exit_code == 0
    copies = []
    for original in (goal_file, week_file):
        copy = original.with_name(f"{original.stem}_conflict-20261127-184500.json")
        shutil.copyfile(phone / original.parent.name / original.name, copy)
        copies.append(copy)
    fixed = run("doctor", "--fix", env=ENV)
    assert fixed.exit_code == 0, fixed.stdout
    assert not any(copy.exists() for copy in copies)
    marks = json.loads(week_file.read_text(encoding="utf-8"))["commitments"][0]["marks"]
    assert marks == [{"date": DAY, "outcome": "kept"}]
    assert json.loads(goal_file.read_text(encoding="utf-8"))["goal"]["status"] == "open"
    assert "All well." in run("doctor", env=ENV).stdout


def test_a_copy_of_a_goal_the_journal_lacks_comes_in_whole(run: Run, journal: Path) -> None:
    assert run("goal", "add", "Run a 10k", env=ENV).exit_code == 0
    (goal_file,) = (journal / "goals").glob("*.json")
    copy = goal_file.with_name(f"{goal_file.stem}.sync-conflict-20261127-184500-ABCDEF7.json")
    goal_file.rename(copy)
    found = run("doctor", env=ENV)
    assert f"{copy.name}: is a conflict copy" in found.stdout
    assert "(the goal is not in the journal; it comes in whole)" in found.stdout
    fixed = run("doctor", "--fix", env=ENV)
    assert fixed.exit_code == 0, fixed.stdout
    assert not copy.exists()
    assert "Run a 10k" in run("goal", "list", env=ENV).stdout
    assert "All well." in run("doctor", env=ENV).stdout


def test_a_week_copy_keeps_both_texts_of_a_field_both_wrote(run: Run, journal: Path) -> None:
    from selflead.models import WeeklyReflection
    from selflead.store.journal import Store

    when = datetime(2026, 11, 27, 9, tzinfo=UTC)
    mine = WeeklyReflection(goal="ship", reality="laptop reality", created=when, updated=when)
    Store(journal).write_week("2026-W48", mine)
    week_file = journal / "reviews" / "2026-W48.json"
    data = json.loads(week_file.read_text(encoding="utf-8"))
    data["reflection"]["reality"] = "phone reality"
    copy = week_file.with_name("2026-W48 (conflicted copy 2026-11-27 184500).json")
    copy.write_text(json.dumps(data), encoding="utf-8")
    found = run("doctor", env=ENV)
    assert (
        "(the week's reflection field by field, both texts kept where both wrote)" in found.stdout
    )
    fixed = run("doctor", "--fix", env=ENV)
    assert fixed.exit_code == 0, fixed.stdout
    assert "folded into the week's reflection and removed" in fixed.stdout
    assert not copy.exists()
    week = Store(journal).read_week("2026-W48")
    assert week is not None
    assert (week.goal, week.reality) == (
        "ship",
        "laptop reality\n\n--- also written on another device:\nphone reality",
    )
    assert "All well." in run("doctor", env=ENV).stdout
