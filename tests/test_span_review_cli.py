"""``selflead review --month`` and ``--year`` as a user meets them: bad input, the width of
the screen, pipes without colour or UTF-8, the index and the files saying the same, damaged
days, and the coaching loop recorded through the CLI (issue 15)."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import helpers

Run = Callable[..., Result]
BENCH = Path(__file__).resolve().parent.parent / "bench"
TODAY = {"SELFLEAD_TODAY": "2026-11-27"}  # the synthetic journal's last day


def one_error(result: Result, code: int, message: str) -> None:
    """Exactly ``message`` as the one line on stderr, ``code``, and nothing on stdout."""
    assert helpers.one_error(result, code) == message
    assert result.stdout == ""


@pytest.fixture
def synthetic(run: Run, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """120 days of the benchmark's synthetic journal (two check-ins a day), imported."""
    monkeypatch.syspath_prepend(str(BENCH))
    generator = importlib.import_module("selflead_bench.journal")
    source = tmp_path / "synthetic.json"
    source.write_text(json.dumps(generator.generate(days=120, per_day=2)), encoding="utf-8")
    imported = run("import", str(source))
    assert imported.exit_code == 0, imported.stderr
    return journal


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("2026-11",),
            "error: '2026-11' needs --month before it; run 'selflead review --month 2026-11'",
        ),
        (("2026",), "error: '2026' needs --year before it; run 'selflead review --year 2026'"),
        (("--month", "--year"), "error: --month and --year cannot be combined; use one of them"),
        (
            ("--month", "2026-13"),
            "error: not a month: '2026-13'; write it as YYYY-MM, e.g. 2026-11",
        ),
        (("--month", "Nov"), "error: not a month: 'Nov'; write it as YYYY-MM, e.g. 2026-11"),
        (("--year", "26"), "error: not a year: '26'; write it as YYYY, e.g. 2026"),
        (
            ("--year", "2300"),
            "error: 2300 is outside the days selflead supports (from 1900-01-01 to "
            "2199-12-31); choose a year from 1900 to 2199",
        ),
        (
            ("--month", "2026-11", "--last"),
            "error: a month and --last cannot be combined; name the month or use --last",
        ),
        (
            ("--month", "--week", "2026-W47"),
            "error: --month cannot be combined with --week; use one of them",
        ),
        (
            ("--year", "--reflect"),
            "error: --year cannot be combined with --reflect; a reflection is written for a "
            "week: 'selflead review --reflect'",
        ),
    ],
)
def test_bad_spans_are_one_error_line(
    run: Run, journal: Path, argv: tuple[str, ...], message: str
) -> None:
    one_error(run("review", *argv, env=TODAY), 2, message)
    assert not journal.exists()  # nothing written, not even the journal folder


@pytest.mark.parametrize("width", [60, 100])
@pytest.mark.parametrize("argv", [("--month",), ("--month", "--last"), ("--year",)])
def test_the_review_fits_the_terminal(
    run: Run,
    synthetic: Path,
    width: int,
    argv: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from selflead.ui import console

    monkeypatch.setenv("COLUMNS", str(width))
    console.out.cache_clear()  # a console sized for this width
    try:
        shown = run("review", *argv, env=TODAY)
    finally:
        console.out.cache_clear()
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    rows = [line for line in lines if re.search(r"\b(Communication|Goals)\b +\d\.\d\d", line)]
    assert len(rows) == 2  # each area's row on one line: not wrapped, not cut
    assert "Longest streak in" in shown.stdout


def _spawn(journal: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os
    import sys

    environment = {**os.environ, "SELFLEAD_HOME": str(journal), **TODAY, **env}
    return subprocess.run(
        [sys.executable, "-m", "selflead", "review", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=environment,
        check=False,
    )


def test_in_a_pipe_without_colour_the_sparklines_read(synthetic: Path) -> None:
    done = _spawn(synthetic, "--year", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    # one bar per month, Jan→Dec: no rating before the journal began, then heights
    rows = re.findall(r"Goals +\d\.\d\d +([·▁▂▃▄▅▆▇█]{12}) ", done.stdout)
    assert len(rows) == 1 and rows[0].startswith("·")
    assert re.search(r"[▁▂▃▄▅▆▇█]", rows[0])


def test_without_utf8_the_sparklines_are_digits(synthetic: Path) -> None:
    done = _spawn(synthetic, "--month", "--last", PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert re.search(r"Communication +\d\.\d\d +[1-5.]{5} +[+-]\d\.\d\d", done.stdout)
    header = next(line for line in done.stdout.splitlines() if "Area" in line)
    assert "W40-W44" in header and "?" not in header


def _json(run: Run, *argv: str) -> dict[str, object]:
    shown = run("review", *argv, "--json", env=TODAY)
    assert shown.exit_code == 0, shown.stderr
    data: dict[str, object] = json.loads(shown.stdout)
    return data


@pytest.mark.parametrize("argv", [("--year",), ("--month", "2026-10"), ("--month", "2026-08")])
def test_the_index_and_the_day_files_say_the_same(
    run: Run, synthetic: Path, argv: tuple[str, ...]
) -> None:
    from_index = _json(run, *argv)
    (synthetic / "index.sqlite3").unlink()
    assert _json(run, *argv) == from_index  # rebuilt
    index = synthetic / "index.sqlite3"
    index.unlink()
    index.mkdir()  # an index that cannot be opened: the day files are read instead
    assert _json(run, *argv) == from_index
    shutil.rmtree(index)


def test_a_damaged_day_stops_the_review_unless_skipped(run: Run, synthetic: Path) -> None:
    damaged = synthetic / "entries" / "2026" / "2026-10-14.json"
    damaged.write_text("{not json", encoding="utf-8")
    refused = run("review", "--month", "2026-10", env=TODAY)
    assert refused.exit_code == 3
    assert refused.stderr.startswith(f"error: {damaged}")
    assert refused.stderr.rstrip().endswith(
        "pass --skip-damaged to leave it out, or run 'selflead doctor'"
    )
    data = _json(run, "--month", "2026-10", "--skip-damaged")
    assert data["skipped_days"] == [str(damaged)]
    assert data["days_checked_in"] == 30
    # November compares with October, so it needs October's days too; September does not
    assert run("review", "--month", "2026-11", env=TODAY).exit_code == 3
    assert run("review", "--month", "2026-09", env=TODAY).exit_code == 0


def test_commitments_and_goals_recorded_through_the_cli(run: Run, journal: Path) -> None:
    at = {"SELFLEAD_TODAY": "2026-11-05"}
    added = run("commitments", "add", "--week", "2026-W45", "--when", "I open my laptop",
                "--will", "write the day's one result", "--json", env=at)  # fmt: skip
    short = json.loads(added.stdout)["short_id"]
    for day, mark in (("2026-11-03", "--kept"), ("2026-11-04", "--partly")):
        done = run("checkin", "--date", day, "--rate", "goals=4", mark, short, env=at)
        assert done.exit_code == 0, done.stderr
    goal = json.loads(run("goal", "add", "Run a 10k", "--json", env=at).stdout)
    assert run("goal", "done", goal["id"], env={"SELFLEAD_TODAY": "2026-11-20"}).exit_code == 0
    after = {"SELFLEAD_TODAY": "2026-12-02"}
    shown = run("review", "--month", "--last", env=after)
    screen = " ".join(re.sub(r"[│╭╮╰╯─]", " ", shown.stdout).split())
    assert "Commitments: kept 1 of 2 occasions, 1 partly (75%), across 1 commitment." in screen
    assert "Goals reached in November 2026: Run a 10k (20 Nov)" in screen
    year = json.loads(run("review", "--year", "2026", "--json", env=after).stdout)
    assert year["commitments"]["follow_through"]["occasions"] == 2
    assert [g["title"] for g in year["goals"]["reached"]] == ["Run a 10k"]
    # December has none of them, and says nothing about them
    december = run("review", "--month", env=after).stdout
    assert "Commitments" not in december and "Goals reached" not in december


def test_help_shows_the_spans(run: Run) -> None:
    shown = run("review", "--help", env={"COLUMNS": "100"})
    assert "--month" in shown.stdout and "--year" in shown.stdout
    assert "selflead review --month 2026-11 --json" in shown.stdout


def test_typed_text_is_shown_as_typed_never_as_markup(run: Run, journal: Path) -> None:
    from datetime import UTC, datetime

    from selflead.models import WeeklyReflection
    from selflead.store.journal import Store

    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    hostile = "[bold red]loud[/] \x1b[31mred\u202eevil"
    Store(journal).write_week("2026-W47", WeeklyReflection(will=hostile, created=at, updated=at))
    done = run("checkin", "--date", "2026-11-18", "--rate", "goals=3",
               env={"SELFLEAD_TODAY": "2026-11-20"})  # fmt: skip
    assert done.exit_code == 0, done.stderr
    shown = run("review", "--month", "2026-11", env={"SELFLEAD_TODAY": "2026-12-01"})
    assert "[bold red]loud[/]" in shown.stdout
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
    data = json.loads(run("review", "--month", "2026-11", "--json").stdout)
    assert data["will"] == [{"week": "2026-W47", "text": hostile}]
