"""Edges a user meets: future dates, a busy journal during a guided check-in, a mistyped
journal path, a closed pipe, loosely written weeks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
from filelock import FileLock
from typer.testing import Result

from helpers import one_error

Run = Callable[..., Result]


def test_a_future_date_is_refused_and_nothing_written(run: Run, journal: Path) -> None:
    result = run(
        "checkin", "--date", "2026-11-28", "--rate", "goals=4", env={"SELFLEAD_TODAY": "2026-11-27"}
    )
    assert "--date 2026-11-28 is in the future" in one_error(result, 2)
    assert not journal.exists()
    today = run(
        "checkin", "--date", "2026-11-27", "--rate", "goals=4", env={"SELFLEAD_TODAY": "2026-11-27"}
    )
    assert today.exit_code == 0, today.stderr


def test_weeks_may_be_written_in_lower_case(run: Run) -> None:
    result = run("review", "--week", "2026-w47", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["week"] == "2026-W47"


def test_a_journal_path_that_is_a_file_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine", encoding="utf-8")
    for args in (["list"], ["checkin", "--rate", "goals=3"], ["show"]):
        result = run("--journal", str(not_a_folder), *args)
        assert f"the journal {not_a_folder} is a file, not a folder" in one_error(result, 2)
    assert not_a_folder.read_text(encoding="utf-8") == "mine"


def test_a_missing_journal_is_noted_when_reading(run: Run, tmp_path: Path) -> None:
    typo = tmp_path / "jurnal"
    result = run("--journal", str(typo), "list")
    assert result.exit_code == 0
    assert f"there is no journal at {typo} yet" in result.stderr
    assert not typo.exists()  # reading never creates it
    data = run("--journal", str(typo), "list", "--json")
    assert data.stderr == "" and json.loads(data.stdout) == []


def test_a_reader_closing_the_pipe_ends_export_quietly(
    cli_command: list[str], subprocess_env: dict[str, str], journal: Path
) -> None:
    env = dict(subprocess_env, SELFLEAD_TODAY="2026-11-27")
    for day in range(1, 28):
        subprocess.run(
            [*cli_command, "checkin", "--date", f"2026-11-{day:02d}", "--goals", "x" * 2000],
            env=env,
            check=True,
            capture_output=True,
        )
    export = subprocess.Popen(
        [*cli_command, "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert export.stdout is not None and export.stderr is not None
    export.stdout.read(100)
    export.stdout.close()  # as `head` does
    stderr = export.stderr.read()
    export.wait(timeout=60)
    assert stderr == b""  # no traceback, no "broken pipe" message
    assert export.returncode in (0, -13)  # done before it noticed, or ended by SIGPIPE


def test_a_busy_journal_keeps_a_guided_check_in_until_retried(journal: Path) -> None:
    journal.mkdir(mode=0o700)
    lock = FileLock(journal / "journal.lock")
    lock.acquire()
    env = dict(os.environ, SELFLEAD_HOME=str(journal), SELFLEAD_LOCK_TIMEOUT="0.3", TERM="dumb")
    child = pexpect.spawn(
        sys.executable, ["-m", "selflead", "checkin"], env=env, encoding="utf-8", timeout=20
    )
    try:
        for rating in ("4", "", "", ""):
            child.expect("rating 1-5")
            child.sendline(rating)
            child.expect("Reflection")
            child.sendline("")
        child.expect("Tags")
        child.sendline("")
        child.expect("Enter saves")  # the whole check-in is shown before it is saved
        child.sendline("")
        child.expect("busy")
        child.expect("Press Enter to try again")
        child.sendline("")  # still busy: asked again, nothing lost
        child.expect("Press Enter to try again")
        lock.release()
        child.sendline("")
        child.expect("Saved to")
        child.expect(pexpect.EOF)
    finally:
        if lock.is_locked:
            lock.release()
        child.close()
    assert child.exitstatus == 0
    [day_file] = (journal / "entries").rglob("*.json")
    [entry] = json.loads(day_file.read_text(encoding="utf-8"))["entries"]
    assert entry["communication"]["rating"] == 4


# A bug in selflead, made on purpose in a separate process: the quote of the day raises.
_BUGGY = """
import sys
import selflead.core.quotes as quotes

def broken(*args, **kwargs):
    raise RuntimeError("the quote bank fell over")

quotes.of_the_day = broken
from selflead.cli.app import main
sys.argv = ["selflead", *sys.argv[1:]]
main()
"""


def _buggy(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BUGGY, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_an_unexpected_error_is_one_line_and_exit_70(subprocess_env: dict[str, str]) -> None:
    env = {k: v for k, v in subprocess_env.items() if k != "SELFLEAD_DEBUG"}
    done = _buggy(["quote"], env)
    assert done.returncode == 70
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: unexpected error: RuntimeError: the quote bank fell over; this is a bug in "
        "selflead: run the command again with --debug and send the traceback to the selflead "
        "developers"
    ]


def test_debug_shows_the_traceback(subprocess_env: dict[str, str]) -> None:
    env = {k: v for k, v in subprocess_env.items() if k != "SELFLEAD_DEBUG"}
    for args, extra in ((["--debug", "quote"], {}), (["quote"], {"SELFLEAD_DEBUG": "1"})):
        done = _buggy(args, env | extra)
        assert done.returncode == 1, (args, done.stderr)  # Python's own exit for an uncaught error
        assert "Traceback (most recent call last)" in done.stderr
        assert "RuntimeError: the quote bank fell over" in done.stderr


def test_doctor_exits_1_when_it_finds_a_problem(run: Run, journal: Path) -> None:
    assert run("checkin", "--rate", "goals=3").exit_code == 0
    assert run("doctor").exit_code == 0
    (journal / "entries").chmod(0o755)
    result = run("doctor")
    assert result.exit_code == 1
    assert "1 problem found" in result.stdout
