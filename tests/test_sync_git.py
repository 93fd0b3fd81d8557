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


def texts(home: Path) -> list[str]:
    found = []
    for entry in entries(home):
        for area in ("communication", "emotions", "behaviour", "goals"):
            text = entry[area]["reflection"]  # type: ignore[index]
            if text:
                found.append(text)
    return sorted(found)


def no_markers(home: Path) -> None:
    for path in home.rglob("*.json"):
        if ".git" not in path.parts:
            assert "<<<<<<<" not in path.read_text(encoding="utf-8"), path


def edit(home: Path, change: object) -> None:
    """Change the day's file as an edit command would (issue 13 brings 'selflead edit')."""
    path = home / "entries" / DAY[:4] / f"{DAY}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["entries"])  # type: ignore[operator]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


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


def test_the_same_entry_edited_on_both_keeps_both_texts(
    devices: tuple[Path, Path, dict[str, str]],
) -> None:
    laptop, work, env = devices

    def to(text: str) -> object:
        def change(items: list[dict[str, dict[str, str]]]) -> None:
            items[0]["goals"]["reflection"] = text

        return change

    edit(laptop, to("first, as the laptop has it"))
    edit(work, to("first, as work has it"))
    both_sync(laptop, work, env)
    for home in (laptop, work):
        assert texts(home) == ["first, as the laptop has it", "first, as work has it"]
        no_markers(home)


def test_deleted_on_one_and_edited_on_the_other_is_kept(
    devices: tuple[Path, Path, dict[str, str]],
) -> None:
    laptop, work, env = devices
    edit(laptop, lambda items: items.clear())

    def change(items: list[dict[str, dict[str, str]]]) -> None:
        items[0]["goals"]["reflection"] = "first, edited at work"

    edit(work, change)
    both_sync(laptop, work, env)
    for home in (laptop, work):
        assert texts(home) == ["first, edited at work"]


def test_deleted_on_one_and_unchanged_on_the_other_is_deleted(
    devices: tuple[Path, Path, dict[str, str]],
) -> None:
    laptop, work, env = devices
    edit(laptop, lambda items: items.clear())
    ok(selflead(work, "checkin", "--rate", "emotions=3", "--emotions", "work later", env=env))
    both_sync(laptop, work, env)
    for home in (laptop, work):
        assert texts(home) == ["work later"]


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
            "laptop reality\n\nwork reality",
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
