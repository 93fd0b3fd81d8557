"""``selflead checkin`` from the command line, as a script or a user typing options would run it.

Every test runs against its own journal (the autouse ``journal`` fixture points SELFLEAD_HOME at
a fresh folder). Error paths check the one stderr line, the exit code, and that nothing was saved.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from helpers import one_error
from selflead import __version__

Run = Callable[..., Result]

DAY = "2026-11-23"


def day_file(journal: Path, day: str = DAY) -> Path:
    return journal / "entries" / day[:4] / f"{day}.json"


def entries_of(journal: Path, day: str = DAY) -> list[dict[str, Any]]:
    data = json.loads(day_file(journal, day).read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    assert data["date"] == day
    result: list[dict[str, Any]] = data["entries"]
    return result


def saved_files(journal: Path) -> list[Path]:
    """The journal's files but the lock, the marker and the index (derived from the others)."""
    ignored = {"journal.lock", "selflead.toml", "index.sqlite3", "index.sqlite3-journal"}
    return sorted(p for p in journal.rglob("*") if p.is_file() and p.name not in ignored)


def assert_one_error(result: Result, code: int, message: str) -> str:
    return one_error(result, code, f"error: {message}")


# --------------------------------------------------------------------------- scripted check-ins


def test_every_field_option_is_saved(run: Run, journal: Path) -> None:
    result = run(
        "checkin",
        "--date",
        DAY,
        "--communication",
        "Asked before advising",
        "--emotions",
        "Calm in the review",
        "--behaviour",
        "Phone away in meetings",
        "--goals",
        "Closed the Q4 plan",
        "--rate",
        "communication=4",
        "--rate",
        "emotions=2",
        "--rate",
        "behaviour=5",
        "--rate",
        "goals=1",
        "--tag",
        "q4",
        "--tag",
        "#pitch",
        "--tag",
        "##deep",
        "--no-input",
    )
    assert result.exit_code == 0, result.stderr
    [entry] = entries_of(journal)
    assert entry["date"] == DAY
    assert entry["communication"] == {"rating": 4, "reflection": "Asked before advising"}
    assert entry["emotions"] == {"rating": 2, "reflection": "Calm in the review"}
    assert entry["behaviour"] == {"rating": 5, "reflection": "Phone away in meetings"}
    assert entry["goals"] == {"rating": 1, "reflection": "Closed the Q4 plan"}
    assert entry["tags"] == ["q4", "pitch", "deep"]  # leading '#'s are dropped
    assert set(entry) == {
        "id",
        "date",
        "created",
        "communication",
        "emotions",
        "behaviour",
        "goals",
        "tags",
        "updated",
    }
    assert entry["updated"] is None  # never edited
    # The confirmation goes to stdout (the entry) and stderr (where it was saved).
    assert "Closed the Q4 plan" in result.stdout
    assert result.stderr == f"Saved to {day_file(journal)}\n"


def test_american_spelling_and_short_options(run: Run, journal: Path) -> None:
    result = run("checkin", "-d", DAY, "--behavior", "Listened", "-r", "behavior=3", "-t", "us")
    assert result.exit_code == 0, result.stderr
    [entry] = entries_of(journal)
    assert entry["behaviour"] == {"rating": 3, "reflection": "Listened"}
    assert entry["tags"] == ["us"]
    for area in ("communication", "emotions", "goals"):
        assert entry[area] == {"rating": None, "reflection": ""}


def test_rating_alone_is_a_check_in(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", DAY, "--rate", "Emotions=2").exit_code == 0
    [entry] = entries_of(journal)
    assert entry["emotions"] == {"rating": 2, "reflection": ""}


def test_text_alone_with_no_input_is_a_check_in(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", DAY, "--goals", "Shipped", "--no-input").exit_code == 0
    [entry] = entries_of(journal)
    assert entry["goals"] == {"rating": None, "reflection": "Shipped"}


@pytest.mark.parametrize(
    ("word", "expected"),
    [("today", "2026-03-01"), ("yesterday", "2026-02-28"), ("TODAY", "2026-03-01")],
)
def test_today_and_yesterday_follow_the_pinned_day(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch, word: str, expected: str
) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-03-01")
    result = run("checkin", "--date", word, "--rate", "goals=3")
    assert result.exit_code == 0, result.stderr
    [entry] = entries_of(journal, expected)
    assert entry["date"] == expected
    assert [p.name for p in saved_files(journal)] == [f"{expected}.json"]


def test_default_day_is_today(run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2027-01-01")
    assert run("checkin", "--goals", "New year").exit_code == 0
    assert entries_of(journal, "2027-01-01")[0]["goals"]["reflection"] == "New year"


def test_several_entries_on_one_day_keep_their_order(run: Run, journal: Path) -> None:
    for n in range(1, 4):
        result = run("checkin", "--date", DAY, "--rate", f"goals={n}", "--goals", f"take {n}")
        assert result.exit_code == 0, result.stderr
    entries = entries_of(journal)
    assert [e["goals"] for e in entries] == [
        {"rating": n, "reflection": f"take {n}"} for n in range(1, 4)
    ]
    assert len({e["id"] for e in entries}) == 3
    assert [p.name for p in saved_files(journal)] == [f"{DAY}.json"]


def test_backfilling_an_old_day(run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-27")
    assert run("checkin", "--date", "2019-03-04", "--rate", "emotions=4").exit_code == 0
    assert run("checkin", "--rate", "emotions=1").exit_code == 0
    [old] = entries_of(journal, "2019-03-04")
    [new] = entries_of(journal, "2026-11-27")
    assert old["date"] == "2019-03-04"
    assert old["emotions"]["rating"] == 4
    assert new["emotions"]["rating"] == 1
    # ``created`` is when it was written, not the day it is about.
    assert old["created"][:4] != "2019"


@pytest.mark.usefixtures("open_umask")
def test_folders_are_0700_and_files_0600(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "deep" / "journal"
    assert run("--journal", str(home), "checkin", "--date", DAY, "--rate", "goals=2").exit_code == 0
    assert run("--journal", str(home), "checkin", "--date", DAY, "--rate", "goals=3").exit_code == 0
    folders = [home, home / "entries", home / "entries" / "2026"]
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    files = [p for p in home.rglob("*") if p.is_file()]
    assert {p.name for p in files} == {
        "journal.lock",
        "selflead.toml",
        f"{DAY}.json",
        "index.sqlite3",
    }
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_journal_option_beats_selflead_home(run: Run, journal: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    result = run("--journal", str(other), "checkin", "--date", DAY, "--goals", "elsewhere")
    assert result.exit_code == 0, result.stderr
    assert entries_of(other)[0]["goals"]["reflection"] == "elsewhere"
    assert not journal.exists()
    # ...and reading follows the same option.
    shown = run("--journal", str(other), "show", DAY)
    assert "elsewhere" in shown.stdout
    assert "elsewhere" not in run("show", DAY).stdout


def test_default_journal_is_the_platform_data_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv("SELFLEAD_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    expected = platformdirs.user_data_path("selflead")
    assert expected == tmp_path / "xdg" / "selflead"  # the test really moved it away from ~
    assert run("checkin", "--date", DAY, "--rate", "goals=4").exit_code == 0
    assert entries_of(expected)[0]["goals"]["rating"] == 4
    assert saved_files(tmp_path) == [day_file(expected)]


def test_default_journal_without_xdg_is_under_home(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SELFLEAD_HOME")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert run("checkin", "--date", DAY, "--rate", "goals=4").exit_code == 0
    expected = tmp_path / "home" / ".local" / "share" / "selflead"
    assert entries_of(expected)[0]["goals"]["rating"] == 4


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"selflead {__version__}\n"
    assert result.stderr == ""


def _commands() -> list[str]:
    from typer.main import get_command

    from selflead.cli.app import app

    group: Any = get_command(app)
    return sorted(group.commands)


def test_checkin_show_and_list_are_registered() -> None:
    assert {"checkin", "show", "list"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_help_has_a_description_and_an_example(run: Run, command: str) -> None:
    from typer.main import get_command

    from selflead.cli.app import app

    cmd: Any = get_command(app)
    description = (cmd.commands[command].help or "").strip().splitlines()
    assert description, f"{command} has no help text"
    result = run(command, "--help")
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert " ".join(description[0].split()) in flat
    assert "Example" in result.stdout
    assert f"selflead {command}" in result.stdout.split("Example", 1)[1]


def test_root_help_lists_the_commands_and_an_example(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "A terminal coaching journal for self-leadership." in result.stdout
    for command in ("checkin", "show", "list"):
        assert command in result.stdout
    assert "Example: selflead checkin" in result.stdout


# --------------------------------------------------------------------------- bad input

BAD_INPUT = [
    pytest.param(
        ["--rate", "goals=9"],
        "the rating for goals must be a whole number from 1 to 5, not '9'",
        id="rating-9",
    ),
    pytest.param(
        ["--rate", "goals=0"],
        "the rating for goals must be a whole number from 1 to 5, not '0'",
        id="rating-0",
    ),
    pytest.param(
        ["--rate", "goals=x"],
        "the rating for goals must be a whole number from 1 to 5, not 'x'",
        id="rating-x",
    ),
    pytest.param(
        ["--rate", "goals=2.5"],
        "the rating for goals must be a whole number from 1 to 5, not '2.5'",
        id="rating-fraction",
    ),
    pytest.param(
        ["--rate", "goals=²"],  # str.isdigit() says yes, int() says no
        "the rating for goals must be a whole number from 1 to 5, not '²'",
        id="rating-superscript",
    ),
    pytest.param(
        ["--rate", "goals=" + "9" * 5000],  # int() refuses more than 4,300 digits
        "the rating for goals must be a whole number from 1 to 5",
        id="rating-huge",
    ),
    pytest.param(["--rate", "goals"], "--rate expects AREA=N, not 'goals'", id="rate-no-equals"),
    pytest.param(
        ["--rate", "mood=3"],
        "unknown area 'mood'; the areas are communication, emotions, behaviour, goals",
        id="unknown-area",
    ),
    pytest.param(
        ["--rate", "goals=2", "--rate", "goals=4"],
        "goals was rated twice (2 and 4)",
        id="rated-twice",
    ),
    pytest.param(
        ["--date", "2026-02-30", "--rate", "goals=3"],
        "--date '2026-02-30' is not a real calendar day",
        id="impossible-date",
    ),
    pytest.param(
        ["--date", "next tuesday", "--rate", "goals=3"],
        "--date 'next tuesday' is not a date",
        id="garbage-date",
    ),
    pytest.param(
        ["--date", "2026-1-5", "--rate", "goals=3"],
        "--date '2026-1-5' is not a date",
        id="short-date",
    ),
    pytest.param(
        ["--no-input"],
        "this check-in is empty: no rating and no reflection in any area",
        id="empty",
    ),
    pytest.param(
        ["--goals", "   \n  ", "--no-input"],
        "this check-in is empty: no rating and no reflection in any area",
        id="blank-text",
    ),
    pytest.param(
        ["--goals", "x" * 10_001],
        "the goals reflection has 10,001 characters; the limit is 10,000",
        id="too-long",
    ),
    pytest.param(
        ["--goals", "ok", "--tag", "two words"],
        "tag 'two words' is not valid: a tag is a single word",
        id="tag-space",
    ),
    pytest.param(
        ["--goals", "ok", "--tag", "#"], "tag '#' is not valid: a tag is a single word", id="tag-#"
    ),
    pytest.param(
        ["--goals", "ok", "--tag", "t" * 33],
        f"tag '{'t' * 33}' is not valid: a tag has at most 32 characters",
        id="tag-too-long",
    ),
    pytest.param(
        ["--goals", "ok", *[a for n in range(21) for a in ("--tag", f"t{n}")]],
        "21 tags given; the limit is 20",
        id="too-many-tags",
    ),
    pytest.param(
        ["--emotions", "bad \udcff byte"],
        "the emotions reflection is not valid Unicode text",
        id="surrogate-text",
    ),
    pytest.param(
        ["--goals", "ok", "--tag", "x\udcff"],
        "the tag is not valid Unicode text",
        id="surrogate-tag",
    ),
    pytest.param(["--rate"], "Option '--rate' requires an argument", id="rate-missing-value"),
    pytest.param(["--mood", "3"], "No such option: --mood", id="unknown-option"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_bad_input_is_one_line_exit_2_and_nothing_saved(
    run: Run, journal: Path, args: list[str], message: str
) -> None:
    result = run("checkin", *args)
    assert_one_error(result, 2, message)
    assert result.stdout == ""
    assert saved_files(journal) == []


def test_bad_input_does_not_echo_the_reflection(run: Run) -> None:
    secret = "my private reflection " * 500  # 11,000 characters
    result = run("checkin", "--goals", secret)
    line = assert_one_error(result, 2, "the goals reflection has 11,000 characters")
    assert "private" not in line


def test_bad_input_leaves_an_existing_day_alone(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", DAY, "--rate", "goals=4").exit_code == 0
    before = day_file(journal).read_bytes()
    assert_one_error(run("checkin", "--date", DAY, "--rate", "goals=6"), 2, "the rating for goals")
    assert day_file(journal).read_bytes() == before


def test_undecodable_argument_in_a_real_process(
    cli_command: list[str], subprocess_env: dict[str, str], journal: Path
) -> None:
    # A byte that is not UTF-8 reaches Python as a lone surrogate (surrogateescape).
    done = subprocess.run(
        [*cli_command, "checkin", "--goals", b"caf\xe9"],  # type: ignore[list-item]
        capture_output=True,
        env=subprocess_env,
        stdin=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.decode().splitlines() if line.strip()]
    assert lines == [
        "error: the goals reflection is not valid Unicode text; "
        "check the terminal's encoding (UTF-8)"
    ]
    assert done.stdout == b""
    assert saved_files(journal) == []


# --------------------------------------------------------------------------- no terminal

NOT_A_TTY = "no check-in given and stdin is not a terminal, so selflead will not prompt"


def test_without_a_terminal_and_without_options_it_says_what_to_pass(
    run: Run, journal: Path
) -> None:
    result = run("checkin", input="4\nA reflection\n\n\n\n\n\n\n\n\n\n")
    line = assert_one_error(result, 2, NOT_A_TTY)
    assert "--rate goals=4" in line
    assert "--help" in line
    assert result.stdout == ""
    assert saved_files(journal) == []


def test_without_a_terminal_only_tags_is_not_enough(run: Run, journal: Path) -> None:
    assert_one_error(run("checkin", "--tag", "q4", input=""), 2, NOT_A_TTY)
    assert saved_files(journal) == []


def test_a_real_process_with_open_stdin_pipe_returns(
    cli_command: list[str], subprocess_env: dict[str, str], journal: Path, tmp_path: Path
) -> None:
    err = tmp_path / "stderr.txt"
    with err.open("wb") as err_file:
        proc = subprocess.Popen(
            [*cli_command, "checkin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=err_file,
            env=subprocess_env,
        )
        try:
            # stdin stays open and empty: a program that read it would wait forever.
            code = proc.wait(timeout=30)  # a guard against hanging the suite, not a timing check
        finally:
            assert proc.stdin is not None
            proc.stdin.close()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert code == 2
    lines = [line for line in err.read_text().splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {NOT_A_TTY}")
    assert saved_files(journal) == []


def test_a_real_process_does_not_read_stdin(
    cli_command: list[str], subprocess_env: dict[str, str], journal: Path, tmp_path: Path
) -> None:
    # A regular file shares its offset with the child: if selflead read any of it, it moves.
    answers = tmp_path / "answers.txt"
    answers.write_text("4\nGood day\n\n" * 20, encoding="utf-8")
    with answers.open("rb") as stdin:
        done = subprocess.run(
            [*cli_command, "checkin"],
            stdin=stdin,
            capture_output=True,
            text=True,
            env=subprocess_env,
            timeout=30,
            check=False,
        )
        assert os.lseek(stdin.fileno(), 0, os.SEEK_CUR) == 0
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {NOT_A_TTY}")
    assert saved_files(journal) == []


def test_saving_tells_the_streak_from_two_days_on(run: Run, journal: Path) -> None:
    first = run("checkin", "--date", "2026-11-25", "--rate", "goals=3")
    assert "days in a row" not in first.stderr
    run("checkin", "--date", "2026-11-26", "--rate", "goals=3")
    third = run("checkin", "--date", "2026-11-27", "--rate", "goals=3")
    assert third.stderr.strip().endswith("(3 days in a row)")
    after_gap = run("checkin", "--date", "2026-11-29", "--rate", "goals=3")
    assert "days in a row" not in after_gap.stderr
