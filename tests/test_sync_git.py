"""``selflead sync`` with real git: two clones of a bare repository on this machine, as two
devices. After both have synced, each journal holds the union; nothing is lost and no JSON file
holds a conflict marker."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DAY = "2026-11-27"
WEEK = "2026-W48"


def selflead(home: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "selflead", *args],
        env={**env, "SELFLEAD_HOME": str(home), "SELFLEAD_TODAY": DAY},
        capture_output=True,
        text=True,
        check=False,
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.fixture
def devices(tmp_path: Path, subprocess_env: dict[str, str]) -> tuple[Path, Path, dict[str, str]]:
    env = {
        **subprocess_env,
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True, env=env)
    laptop, work = tmp_path / "laptop", tmp_path / "work"
    ok(selflead(laptop, "checkin", "--rate", "goals=4", "--goals", "first", env=env))
    ok(selflead(laptop, "sync", "init", str(remote), env=env))
    ok(selflead(laptop, "sync", env=env))
    subprocess.run(["git", "clone", "--quiet", str(remote), str(work)], check=True, env=env)
    ok(selflead(work, "sync", "init", env=env))
    return laptop, work, env


def entries(home: Path) -> list[dict[str, object]]:
    data = json.loads((home / "entries" / DAY[:4] / f"{DAY}.json").read_text(encoding="utf-8"))
    found: list[dict[str, object]] = data["entries"]
    return found


AREAS = ("communication", "emotions", "behaviour", "goals")


def texts(home: Path) -> list[str]:
    found = []
    for entry in entries(home):
        for area in AREAS:
            text = entry[area]["reflection"]  # type: ignore[index]
            if text:
                found.append(text)
    return sorted(found)


def no_markers(home: Path) -> None:
    for path in home.rglob("*.json"):
        if ".git" not in path.parts:
            assert "<<<<<<<" not in path.read_text(encoding="utf-8"), path


def trashed(home: Path) -> list[str]:
    """The texts of the versions in the trash."""
    found = []
    for path in sorted((home / "trash").glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))["entry"]
        found += [entry[a]["reflection"] for a in AREAS if entry[a]["reflection"]]
    return sorted(found)


def first_id(home: Path) -> str:
    return str(entries(home)[0]["id"])


def all_well(home: Path, env: dict[str, str]) -> None:
    done = selflead(home, "doctor", env=env)
    assert done.returncode == 0, done.stdout
    assert "All well." in done.stdout


def both_sync(laptop: Path, work: Path, env: dict[str, str]) -> None:
    ok(selflead(work, "sync", env=env))
    ok(selflead(laptop, "sync", env=env))
    ok(selflead(work, "sync", env=env))


def test_both_devices_check_in_on_the_same_day(devices: tuple[Path, Path, dict[str, str]]) -> None:
    laptop, work, env = devices
    ok(
        selflead(
            laptop,
            "checkin",
            "--rate",
            "communication=5",
            "--communication",
            "laptop noon",
            env=env,
        )
    )
    ok(selflead(work, "checkin", "--rate", "emotions=2", "--emotions", "work evening", env=env))
    ok(selflead(work, "sync", env=env))
    said = ok(selflead(laptop, "sync", env=env))
    assert "1 check-in from the other device" in said
    ok(selflead(work, "sync", env=env))
    for home in (laptop, work):
        assert texts(home) == ["first", "laptop noon", "work evening"]
        no_markers(home)
        day_file = home / "entries" / DAY[:4] / f"{DAY}.json"
        assert stat.S_IMODE(day_file.stat().st_mode) == 0o600
        assert stat.S_IMODE((home / ".git").stat().st_mode) == 0o700
    assert [e["id"] for e in entries(laptop)] == [e["id"] for e in entries(work)]


def test_the_same_entry_edited_on_both_keeps_the_later_and_trashes_the_other(
    devices: tuple[Path, Path, dict[str, str]],
) -> None:
    laptop, work, env = devices
    entry = first_id(laptop)
    ok(selflead(laptop, "edit", entry, "--goals", "first, as the laptop has it", env=env))
    ok(selflead(work, "edit", entry, "--goals", "first, as work has it", env=env))  # later
    both_sync(laptop, work, env)
    for home in (laptop, work):
        assert texts(home) == ["first, as work has it"]
        assert trashed(home) == ["first, as the laptop has it"]
        no_markers(home)
        all_well(home, env)
        assert "first, as the …" in selflead(home, "trash", env=env).stdout
    (kept,) = (laptop / "trash").glob("*.json")
    ok(selflead(laptop, "restore", kept.stem, env=env))  # back beside the version kept
    assert texts(laptop) == ["first, as the laptop has it", "first, as work has it"]


def test_deleted_on_one_and_edited_on_the_other_is_kept(
    devices: tuple[Path, Path, dict[str, str]],
) -> None:
    laptop, work, env = devices
    entry = first_id(laptop)
    ok(selflead(laptop, "delete", entry, "--yes", env=env))
    ok(selflead(work, "edit", entry, "--goals", "first, edited at work", env=env))
    both_sync(laptop, work, env)
    for home in (laptop, work):
        assert texts(home) == ["first, edited at work"]
        assert trashed(home) == ["first"]  # the version deleted, under an id of its own
        no_markers(home)
        all_well(home, env)


def test_deleted_on_one_and_unchanged_on_the_other_is_deleted(
    devices: tuple[Path, Path, dict[str, str]],
) -> None:
    laptop, work, env = devices
    ok(selflead(laptop, "delete", first_id(laptop), "--yes", env=env))
    ok(selflead(work, "checkin", "--rate", "emotions=3", "--emotions", "work later", env=env))
    both_sync(laptop, work, env)
    for home in (laptop, work):
        assert texts(home) == ["work later"]
        assert trashed(home) == ["first"]


def test_a_syncthing_conflict_copy_folded_by_doctor_then_synced(
    devices: tuple[Path, Path, dict[str, str]],
) -> None:
    """Syncthing synced the folder too, and left the work machine's day beside the laptop's."""
    laptop, work, env = devices
    ok(selflead(laptop, "checkin", "--rate", "goals=5", "--goals", "laptop evening", env=env))
    ok(selflead(work, "checkin", "--rate", "goals=2", "--goals", "work evening", env=env))
    day_file = laptop / "entries" / DAY[:4] / f"{DAY}.json"
    copy = day_file.with_name(f"{DAY}.sync-conflict-20261127-184500-ABCDEF7.json")
    shutil.copyfile(work / "entries" / DAY[:4] / f"{DAY}.json", copy)
    found = selflead(laptop, "doctor", env=env)
    assert found.returncode == 1
    assert "is a conflict copy a sync tool" in found.stdout
    fixed = selflead(laptop, "doctor", "--fix", env=env)
    assert fixed.returncode == 0, fixed.stdout
    assert not copy.exists()
    assert texts(laptop) == ["first", "laptop evening", "work evening"]
    both_sync(laptop, work, env)
    for home in (laptop, work):
        assert texts(home) == ["first", "laptop evening", "work evening"]
        no_markers(home)
        all_well(home, env)


def test_goals_and_commitments_merge_by_id(devices: tuple[Path, Path, dict[str, str]]) -> None:
    laptop, work, env = devices
    ok(selflead(laptop, "goal", "add", "Run a 10k", "--measure", "km", "--target", "10", env=env))
    when = ("--when", "I open my laptop", "--will", "write the day's one result")
    ok(selflead(laptop, "commitments", "add", *when, env=env))
    both_sync(laptop, work, env)
    goal_id = json.loads(selflead(work, "goal", "list", "--json", env=env).stdout)[0]["id"]
    ok(selflead(laptop, "goal", "progress", goal_id, "3", "--note", "laptop run", env=env))
    ok(selflead(work, "goal", "progress", goal_id, "5", "--note", "work run", env=env))
    ok(selflead(work, "commitments", "add", "--when", "I get home", "--will", "walk", env=env))
    both_sync(laptop, work, env)
    for home in (laptop, work):
        data = json.loads((home / "goals" / f"{goal_id}.json").read_text(encoding="utf-8"))
        notes = sorted(step["note"] for step in data["goal"]["progress"])
        assert notes == ["laptop run", "work run"]
        week = next((home / "commitments").glob("*.json"))
        plans = json.loads(week.read_text(encoding="utf-8"))["commitments"]
        assert sorted(plan["when"] for plan in plans) == ["I get home", "I open my laptop"]
        no_markers(home)


def test_reflecting_on_the_same_week_keeps_both(devices: tuple[Path, Path, dict[str, str]]) -> None:
    laptop, work, env = devices
    from datetime import datetime

    from selflead.models import WeeklyReflection
    from selflead.store.journal import Store

    base = WeeklyReflection(
        goal="ship",
        created=datetime(2026, 11, 27, 9, tzinfo=UTC),
        updated=datetime(2026, 11, 27, 9, tzinfo=UTC),
    )
    Store(laptop).write_week(WEEK, base)
    ok(selflead(laptop, "sync", env=env))
    ok(selflead(work, "sync", env=env))
    later = datetime(2026, 11, 28, 9, tzinfo=UTC)
    Store(laptop).write_week(
        WEEK, base.model_copy(update={"reality": "laptop reality", "updated": later})
    )
    Store(work).write_week(
        WEEK, base.model_copy(update={"reality": "work reality", "will": "rest"})
    )
    both_sync(laptop, work, env)
    for home in (laptop, work):
        week = Store(home).read_week(WEEK)
        assert week is not None
        assert (week.goal, week.reality, week.will) == (
            "ship",
            "laptop reality\n\n--- also written on another device:\nwork reality",
            "rest",
        )
        assert week.updated == later
        no_markers(home)


def test_without_a_remote_sync_only_commits(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    env = {
        **subprocess_env,
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    home = tmp_path / "solo"
    ok(selflead(home, "checkin", "--rate", "goals=4", env=env))
    ok(selflead(home, "sync", "init", env=env))
    said = ok(selflead(home, "sync", env=env))
    assert said == (
        "Committed this device's changes; no remote to sync with "
        "('selflead sync init REMOTE' adds one).\n"
    )
    log = subprocess.run(
        ["git", "-C", str(home), "log", "--oneline"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert len(log.stdout.splitlines()) == 1
    ignored = (home / ".gitignore").read_text(encoding="utf-8")
    assert "journal.lock" in ignored
    tracked = subprocess.run(
        ["git", "-C", str(home), "ls-files"], capture_output=True, text=True, check=True, env=env
    )
    assert "journal.lock" not in tracked.stdout
    for name in ("/journal.lock", "/index.sqlite3", "/recovery/", ".*.tmp"):
        assert name in ignored.splitlines()
    assert "index.sqlite3" not in tracked.stdout


def test_sync_before_init_says_what_to_do(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    home = tmp_path / "plain"
    ok(selflead(home, "checkin", "--rate", "goals=4", env=subprocess_env))
    done = selflead(home, "sync", env=subprocess_env)
    assert done.returncode == 1
    assert done.stderr == (
        f"error: the journal {home} is not set up for sync; "
        "run 'selflead sync init [REMOTE]' first (once on each device)\n"
    )


def test_doctor_does_not_look_inside_git(devices: tuple[Path, Path, dict[str, str]]) -> None:
    laptop, _, env = devices
    done = selflead(laptop, "doctor", env=env)
    assert done.returncode == 0, done.stdout
    assert ".git/" not in done.stdout
    assert "All well." in done.stdout


def test_the_same_goal_and_plan_changed_on_both_keeps_both_texts(
    devices: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """Both devices retitle the same WOOP goal and change its plan, then answer its standing
    commitment (which writes that week's plan): after both sync, the goal's title, its plan
    and the week's commitment each hold both texts on their line, and doctor is clean."""
    laptop, work, env = devices
    woop = {"wish": "Close 12 deals", "outcome": "a calm Q1", "obstacle": "I dread a call"}
    goal = {"id": "0123456789ab", "title": "Close 12 deals", "created": f"{DAY}T09:00:00+00:00"}
    goal |= {"started": DAY, "woop": woop | {"plan": "call before coffee"}}
    backup = tmp_path / "goal.json"
    document = {"format": "selflead", "version": 2, "entries": [], "goals": [goal]}
    backup.write_text(json.dumps(document), encoding="utf-8")
    ok(selflead(laptop, "import", str(backup), env=env))
    both_sync(laptop, work, env)
    retitle = ("goal", "edit", "0123456789ab", "--title")
    ok(selflead(laptop, *retitle, "Close 12 deals by Christmas", "--plan", "call at 8", env=env))
    ok(selflead(work, *retitle, "Close 15 deals", "--plan", "call after lunch", env=env))
    for home in (laptop, work):
        listed = json.loads(selflead(home, "commitments", "--json", env=env).stdout)
        (standing,) = listed["commitments"]
        ok(selflead(home, "checkin", "--kept", standing["short_id"], env=env))
    ok(selflead(work, "sync", env=env))
    said = ok(selflead(laptop, "sync", env=env))
    assert said.endswith(
        "Both devices changed the same text of 1 goal; both versions are kept side by side "
        "('selflead goal list' shows them, 'selflead goal edit' keeps the one you want).\n"
        "Both devices changed the same text of 1 commitment; both versions are kept side by "
        "side ('selflead commitments --week WEEK' shows them).\n"
    )
    said = ok(selflead(work, "sync", env=env))  # told here too, as the texts come in
    assert "Both devices changed the same text of 1 goal;" in said
    assert "Both devices" not in ok(selflead(work, "sync", env=env))  # once
    title = "Close 12 deals by Christmas (also written on another device: Close 15 deals)"
    plan = "call at 8 (also written on another device: call after lunch)"
    for home in (laptop, work):
        data = json.loads((home / "goals" / "0123456789ab.json").read_text(encoding="utf-8"))
        assert data["goal"]["title"] == data["goal"]["woop"]["wish"] == title
        assert data["goal"]["woop"]["plan"] == plan
        week = json.loads((home / "commitments" / f"{WEEK}.json").read_text(encoding="utf-8"))
        ((written),) = week["commitments"]
        assert (written["when"], written["will"]) == ("I dread a call", plan)
        assert written["marks"] == [{"date": DAY, "outcome": "kept"}]
        listing = " ".join(selflead(home, "goal", "list", env=env).stdout.split())
        assert "Close 12 deals by Christmas (also written on another device: Close" in listing
        no_markers(home)
        all_well(home, env)
    # The user keeps one: an edit on one device reaches the other with the next sync.
    ok(selflead(work, *retitle, "Close 15 deals by Christmas", env=env))
    both_sync(laptop, work, env)
    for home in (laptop, work):
        data = json.loads((home / "goals" / "0123456789ab.json").read_text(encoding="utf-8"))
        assert data["goal"]["title"] == "Close 15 deals by Christmas"


def test_two_titles_too_long_to_keep_together_stop_the_sync_with_what_to_do(
    devices: tuple[Path, Path, dict[str, str]],
) -> None:
    laptop, work, env = devices
    ok(selflead(laptop, "goal", "add", "Run a 10k", env=env))
    both_sync(laptop, work, env)
    goal_id = json.loads(selflead(work, "goal", "list", "--json", env=env).stdout)[0]["id"]
    ok(selflead(laptop, "goal", "edit", goal_id, "--title", "L" * 120, env=env))
    ok(selflead(work, "goal", "edit", goal_id, "--title", "W" * 120, env=env))
    ok(selflead(work, "sync", env=env))
    stopped = selflead(laptop, "sync", env=env)
    assert stopped.returncode == 1
    assert stopped.stderr == (
        "error: the changes from the other device could not be merged: both versions of the "
        f"goal {goal_id}'s title together are too long to keep (the journal is as it was "
        "before this sync); shorten that text on this device or the other, then run "
        "'selflead sync' again; both versions are kept in git\n"
    )
    goal_file = laptop / "goals" / f"{goal_id}.json"
    assert json.loads(goal_file.read_text(encoding="utf-8"))["goal"]["title"] == "L" * 120
    no_markers(laptop)
    all_well(laptop, env)
    ok(selflead(laptop, "goal", "edit", goal_id, "--title", "Run a 10k, laptop", env=env))
    both_sync(laptop, work, env)
    for home in (laptop, work):
        data = json.loads((home / "goals" / f"{goal_id}.json").read_text(encoding="utf-8"))
        assert data["goal"]["title"] == (
            f"Run a 10k, laptop (also written on another device: {'W' * 120})"
        )
        all_well(home, env)
