"""Answers are never thrown away: the day's (and the week's) file is checked before the first
question, a save that fails keeps the answers in a private recovery file, ``--resume`` brings
them back, doctor lists them, and two reflections written at once keep both texts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
from filelock import FileLock
from typer.testing import Result

from helpers import (
    CTRL_D,
    ENTER,
    REFLECTION,
    REVIEW,
    TAGS,
    answer_area,
    day_entries,
    finish,
    screen_lines,
    spawn,
)

Run = Callable[..., Result]
DAY = "2026-11-24"
WEEK = "2026-W47"


def day_file(journal: Path, day: str = DAY) -> Path:
    return journal / "entries" / day[:4] / f"{day}.json"


def damage(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text('{"schema_version": 1, "date": ', encoding="utf-8")


def recovery_files(journal: Path) -> list[Path]:
    folder = journal / "recovery"
    return sorted(folder.iterdir()) if folder.exists() else []


def answer_all(child: pexpect.spawn, text: str = "Kept whatever happens") -> None:
    answer_area(child, "4", text)
    for _ in range(3):
        answer_area(child)
    child.expect(TAGS)
    child.send(ENTER)
    child.expect(REVIEW)


# ---------------------------------------------------------------- checked before any question


def test_a_damaged_day_file_stops_before_the_first_question(journal: Path) -> None:
    damage(day_file(journal))
    before = day_file(journal).read_bytes()
    child = spawn(journal, "checkin")
    code, rest = finish(child)
    lines = screen_lines(rest)
    assert code == 3
    assert lines[-1].startswith(f"error: {day_file(journal)}: is not valid JSON")
    assert not any("rating 1-5" in line or "1/4" in line for line in lines)
    assert day_file(journal).read_bytes() == before


def test_a_damaged_week_file_stops_reflect_before_the_first_question(journal: Path) -> None:
    week = journal / "reviews" / f"{WEEK}.json"
    damage(week)
    child = spawn(journal, "review", "--week", WEEK, "--reflect", today="2026-11-22")
    code, rest = finish(child)
    lines = screen_lines(rest)
    assert code == 3
    assert lines[-1].startswith(f"error: {week}:")
    assert not any("Goal" in line for line in lines)


# ---------------------------------------------------------------- a failing save keeps them


def test_a_busy_journal_keeps_the_answers_and_resume_saves_them(journal: Path) -> None:
    journal.mkdir(mode=0o700)
    lock = FileLock(journal / "journal.lock")
    with lock:
        child = spawn(journal, "checkin", env={"SELFLEAD_LOCK_TIMEOUT": "0.2"})
        answer_all(child)
        child.send(ENTER)
        child.expect("busy")
        child.expect("Press Enter to try again")
        child.sendintr()  # give up for now
        code, rest = finish(child)
    lines = screen_lines(rest)
    assert code == 130
    [kept] = recovery_files(journal)
    assert lines[-1] == (
        f"cancelled: your answers are kept in {kept}; 'selflead checkin --resume' saves them"
    )
    assert kept.stat().st_mode & 0o777 == 0o600
    assert (journal / "recovery").stat().st_mode & 0o777 == 0o700
    assert day_entries(journal) == []

    child = spawn(journal, "checkin", "--resume")
    child.expect("Resuming answers for 2026-11-24")
    child.expect("Kept whatever happens")  # the whole check-in is shown again
    child.expect(REVIEW)
    child.send(ENTER)
    code, rest = finish(child)
    assert code == 0, screen_lines(rest)
    [entry] = day_entries(journal)
    assert entry["communication"] == {"rating": 4, "reflection": "Kept whatever happens"}
    assert recovery_files(journal) == []


def test_a_day_file_damaged_at_save_time_keeps_the_answers(
    journal: Path, run: Run, subprocess_env: dict[str, str]
) -> None:
    child = spawn(journal, "checkin")
    answer_all(child, "Typed before the file broke")
    damage(day_file(journal))  # another program breaks the day's file meanwhile
    child.send(ENTER)
    code, rest = finish(child)
    lines = screen_lines(rest)
    assert code == 3
    [kept] = recovery_files(journal)
    assert lines[-1].startswith(f"error: {day_file(journal)}: is not valid JSON")
    assert lines[-1].endswith(
        f"your answers are kept in {kept}; 'selflead checkin --resume' saves them"
    )
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert data["answers"]["reflections"] == {"communication": "Typed before the file broke"}

    # Doctor lists the recovery file as a note and never removes it, even with --fix.
    result = run("doctor", "--fix")
    assert f"note     recovery/{kept.name}: holds answers a failed save kept" in result.stdout
    assert kept.exists()

    # The damaged file is aside now: --resume without a terminal saves the answers.
    done = subprocess.run(
        [sys.executable, "-m", "selflead", "checkin", "--resume", "--no-input"],
        env=subprocess_env | {"SELFLEAD_TODAY": DAY},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    [entry] = day_entries(journal)
    assert entry["communication"]["reflection"] == "Typed before the file broke"
    assert not kept.exists()


def test_resume_with_nothing_kept_says_so(run: Run, journal: Path) -> None:
    result = run("checkin", "--resume", "--no-input")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: there are no kept answers to resume in {journal}")


# ---------------------------------------------------------------- --AREA - reads stdin


def test_an_area_reads_its_reflection_from_stdin(run: Run, journal: Path) -> None:
    text = "From a pipe.\n\nSecond paragraph, kept whole.\n"
    result = run("checkin", "--date", DAY, "--goals", "-", "--rate", "goals=4", input=text)
    assert result.exit_code == 0, result.stderr
    [entry] = day_entries(journal)
    assert entry["goals"] == {"rating": 4, "reflection": text.rstrip("\n")}


def test_only_one_area_may_read_stdin(run: Run, journal: Path) -> None:
    result = run("checkin", "--goals", "-", "--emotions", "-", input="x")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "error: only one area can read its reflection from stdin, not emotions and goals; "
        "give the others as text"
    ]
    assert not journal.exists()


def test_text_from_stdin_is_kept_when_the_journal_is_busy(run: Run, journal: Path) -> None:
    journal.mkdir(mode=0o700)
    with FileLock(journal / "journal.lock"):
        result = run(
            "checkin", "--goals", "-", input="Piped once", env={"SELFLEAD_LOCK_TIMEOUT": "0.1"}
        )
    assert result.exit_code == 4
    [kept] = recovery_files(journal)
    assert f"your answers are kept in {kept}" in result.stderr
    assert json.loads(kept.read_text(encoding="utf-8"))["answers"]["reflections"] == {
        "goals": "Piped once"
    }


# ---------------------------------------------------------------- weekly reflections


def reflect(journal: Path, *args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    return spawn(journal, "review", "--week", WEEK, "--reflect", *args, today="2026-11-22", env=env)


def saved_reflection(journal: Path) -> dict[str, str]:
    data = json.loads((journal / "reviews" / f"{WEEK}.json").read_text(encoding="utf-8"))
    reflection: dict[str, str] = data["reflection"]
    return reflection


def test_two_overlapping_reflections_keep_both_texts(with_checkin: Path) -> None:
    journal = with_checkin
    first = reflect(journal)
    first.expect("Goal")
    first.expect(REFLECTION)
    first.send("Goal typed in the first window" + CTRL_D)
    first.expect("Reality")
    first.expect(REFLECTION)  # the first session waits here...

    second = reflect(journal)  # ...while a second one saves a goal and options
    # Each step's heading first: a prompt redrawn while typing also matches REFLECTION.
    second.expect(REFLECTION)
    second.send("Goal from the second window" + CTRL_D)
    second.expect("Reality")
    second.expect(REFLECTION)
    second.send(ENTER)
    second.expect("Options")
    second.expect(REFLECTION)
    second.send("Options from the second" + CTRL_D)
    second.expect("Will")
    second.expect(REFLECTION)
    second.send(ENTER)
    second.expect(re.escape("When ..."))  # the Will step's commitments: none
    second.send(ENTER)
    assert finish(second)[0] == 0

    first.send("Reality from the first" + CTRL_D)
    for heading in ("Options", "Will"):
        first.expect(heading)
        first.expect(REFLECTION)
        first.send(ENTER)
    first.expect(re.escape("When ..."))  # the Will step's commitments: none
    first.send(ENTER)
    code, rest = finish(first)
    lines = screen_lines(rest)
    assert code == 0, lines
    assert any(
        "warning: Goal changed in the journal while you wrote; both texts are kept" in line
        for line in lines
    ), lines
    reflection = saved_reflection(journal)
    goal_lines = reflection["goal"].split("\n")
    assert goal_lines[0] == "Goal typed in the first window"
    assert goal_lines[2].startswith("--- saved meanwhile by another selflead (at ")
    assert goal_lines[3] == "Goal from the second window"
    assert reflection["reality"] == "Reality from the first"
    assert reflection["options"] == "Options from the second"  # not answered here: kept


def test_a_busy_journal_at_reflect_keeps_the_answers_for_resume(with_checkin: Path) -> None:
    journal = with_checkin
    with FileLock(journal / "journal.lock"):
        child = reflect(journal, env={"SELFLEAD_LOCK_TIMEOUT": "0.2"})
        child.expect(REFLECTION)
        child.send("A goal worth keeping" + CTRL_D)
        for _ in range(3):
            child.expect(REFLECTION)
            child.send(ENTER)
        child.expect(re.escape("When ..."))  # the Will step's commitments: none
        child.send(ENTER)
        child.expect("busy")
        child.expect("Press Enter to try again")
        child.sendintr()
        code, rest = finish(child)
    assert code == 130
    [kept] = recovery_files(journal)
    assert screen_lines(rest)[-1] == (
        f"cancelled: your answers are kept in {kept}; "
        "'selflead review --reflect --resume' saves them"
    )
    assert not (journal / "reviews" / f"{WEEK}.json").exists()

    env = dict(os.environ)
    child = spawn(journal, "review", "--reflect", "--resume", today="2026-11-22", env=env)
    child.expect("Resuming answers for 2026-W47")
    child.expect("Your answer, to edit")  # the kept answer is offered pre-filled...
    child.send(CTRL_D)  # ...and finished as it is
    for _ in range(3):
        child.expect(REFLECTION)
        child.send(ENTER)
    child.expect(re.escape("When ..."))  # the Will step's commitments: none
    child.send(ENTER)
    code, rest = finish(child)
    assert code == 0, screen_lines(rest)
    assert saved_reflection(journal)["goal"] == "A goal worth keeping"
    assert recovery_files(journal) == []


def test_when_nothing_can_be_written_the_answers_are_printed(
    journal: Path, subprocess_env: dict[str, str]
) -> None:
    import resource

    def tiny_files() -> None:  # every write in the journal fails: the disk is "full"
        resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))

    done = subprocess.run(
        [sys.executable, "-m", "selflead", "checkin", "--goals", "-", "--rate", "goals=2"],
        input="Words [bold]typed[/] once\n\nand a second paragraph",
        env=subprocess_env,
        capture_output=True,
        text=True,
        preexec_fn=tiny_files,
    )
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error: could not save ")
    assert "they are printed on stdout, copy them" in lines[0]
    assert "Words [bold]typed[/] once\n\nand a second paragraph" in done.stdout
    assert "rating: 2" in done.stdout
    assert day_entries(journal) == []


def test_ctrl_c_while_waiting_for_the_lock_keeps_the_answers(journal: Path) -> None:
    journal.mkdir(mode=0o700)
    with FileLock(journal / "journal.lock"):
        child = spawn(journal, "checkin", env={"SELFLEAD_LOCK_TIMEOUT": "30"})
        answer_all(child, "Typed, then interrupted")
        child.send(ENTER)  # save: it waits for the lock, and says so
        child.expect("Waiting for the journal: another selflead is writing to it")
        child.sendintr()
        code, rest = finish(child)
    assert code == 130
    [kept] = recovery_files(journal)
    assert screen_lines(rest)[-1] == (
        f"cancelled: interrupted while saving; your answers are kept in {kept}; "
        "'selflead checkin --resume' saves them"
    )
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert data["answers"]["reflections"] == {"communication": "Typed, then interrupted"}
