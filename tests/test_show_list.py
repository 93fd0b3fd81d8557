"""``selflead show`` and ``selflead list``: reading the journal back, user text kept as data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from helpers import one_error
from selflead.ui import console

Run = Callable[..., Result]

DAY = "2026-11-23"
DAY_LABEL = "Monday 23 November 2026"


def checkin(run: Run, *args: str) -> None:
    result = run("checkin", "--no-input", *args)
    assert result.exit_code == 0, result.stderr


def assert_one_error(result: Result, code: int, message: str) -> str:
    return one_error(result, code, f"error: {message}")


def file_entries(journal: Path, *days: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for day in days:
        path = journal / "entries" / day[:4] / f"{day}.json"
        found.extend(json.loads(path.read_text(encoding="utf-8"))["entries"])
    return found


# --------------------------------------------------------------------------- show


def test_show_prints_ratings_reflections_and_tags(run: Run) -> None:
    checkin(
        run,
        "--date",
        DAY,
        "--rate",
        "communication=4",
        "--rate",
        "goals=2",
        "--communication",
        "Asked before advising\nThen listened",
        "--goals",
        "Closed the Q4 plan",
        "--tag",
        "q4",
        "--tag",
        "pitch",
    )
    result = run("show", DAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert DAY_LABEL in out
    lines = [line.strip("│ ").rstrip() for line in out.splitlines()]
    assert "Communication ●●●●○  4/5" in lines
    assert "Emotions      –    skipped" in lines
    assert "Behaviour     –    skipped" in lines
    assert "Goals         ●●○○○  2/5" in lines
    # Each line of a reflection is shown, in order, under its area.
    assert lines.index("Asked before advising") == lines.index("Communication ●●●●○  4/5") + 1
    assert lines.index("Then listened") == lines.index("Asked before advising") + 1
    assert lines.index("Closed the Q4 plan") == lines.index("Goals         ●●○○○  2/5") + 1
    assert "Tags          #q4 #pitch" in lines


def test_show_every_entry_of_the_day_in_order(run: Run) -> None:
    for n in (3, 1, 5):
        checkin(run, "--date", DAY, "--goals", f"entry number {n}")
    out = run("show", DAY).stdout
    positions = [out.index(f"entry number {n}") for n in (3, 1, 5)]
    assert positions == sorted(positions)
    assert out.count(DAY_LABEL) == 3


def test_show_defaults_to_today_and_knows_yesterday(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-24")
    checkin(run, "--goals", "today's text")
    checkin(run, "--date", "yesterday", "--goals", "yesterday's text")
    today = run("show").stdout
    assert "today's text" in today
    assert "yesterday's text" not in today
    yesterday = run("show", "yesterday").stdout
    assert "yesterday's text" in yesterday
    assert "today's text" not in yesterday
    assert DAY_LABEL in yesterday


def test_show_an_empty_day(run: Run, journal: Path) -> None:
    checkin(run, "--date", "2026-11-22", "--goals", "another day")
    result = run("show", DAY)
    assert result.exit_code == 0
    assert (
        " ".join(result.stdout.split())
        == f"No check-ins on {DAY_LABEL}. Start one with: selflead checkin --date {DAY}"
    )
    # Reading never creates anything.
    assert not (journal / "entries" / "2026" / f"{DAY}.json").exists()


def test_show_on_a_journal_that_does_not_exist_yet(run: Run, journal: Path) -> None:
    result = run("show", DAY)
    assert result.exit_code == 0
    assert "No check-ins on" in result.stdout
    assert not journal.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-30", "day '2026-02-30' is not a real calendar day"),
        ("soon", "day 'soon' is not a date"),
    ],
)
def test_show_a_bad_day(run: Run, day: str, message: str) -> None:
    assert_one_error(run("show", day), 2, message)


MARKUP = "[bold]x[/] [red]alarm[/red] [link=https://example.com]click[/link] :smile:"


def test_user_text_is_never_markup(run: Run) -> None:
    checkin(run, "--date", DAY, "--goals", MARKUP, "--emotions", "[/]", "--tag", "[b]t")
    for command in (["show", DAY], ["list", "--all"]):
        result = run(*command)
        assert result.exit_code == 0, result.stderr
        assert "[bold]x[/] [red]alarm[/red]" in result.stdout, command
        assert "#[b]t" in result.stdout, command
    show = run("show", DAY).stdout
    assert MARKUP in show
    assert "[/]" in show.split("Emotions", 1)[1]


HOSTILE = "a\x1b[31mred\x1b[0m b\x9b2J c\u202eevil d\x07"


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A 160-column terminal: list shows a whole snippet next to "(written MM-DD)"."""
    monkeypatch.setenv("COLUMNS", "160")
    console.out.cache_clear()  # the stdout console keeps the width it was made with
    yield
    console.out.cache_clear()


@pytest.mark.usefixtures("wide")
def test_control_characters_are_shown_as_escapes_and_never_sent(run: Run) -> None:
    checkin(run, "--date", DAY, "--goals", HOSTILE, "--communication", "x\x1b]0;title\x07")
    for command in (["show", DAY], ["list", "--all"]):
        result = run(*command)
        assert result.exit_code == 0, result.stderr
        # Nothing that a terminal would act on reaches stdout.
        for raw in (b"\x1b", b"\x07", "\x9b".encode(), "\u202e".encode()):
            assert raw not in result.stdout_bytes, (command, raw)
        assert r"a\x1b[31mred\x1b[0m b\x9b2J c\u202eevil d\x07" in result.stdout, command
        assert r"x\x1b]0;title\x07" in result.stdout, command


def test_the_saved_confirmation_is_safe_too(run: Run) -> None:
    result = run("checkin", "--date", DAY, "--goals", HOSTILE)
    assert result.exit_code == 0
    assert b"\x1b" not in result.stdout_bytes
    assert r"a\x1b[31mred\x1b[0m" in result.stdout


def test_stored_text_is_exactly_what_was_typed(run: Run, journal: Path) -> None:
    checkin(run, "--date", DAY, "--goals", HOSTILE)
    [entry] = file_entries(journal, DAY)
    assert entry["goals"]["reflection"] == HOSTILE


# --------------------------------------------------------------------------- list


def written_on_their_day(run: Run, tmp_path: Path, *entries: dict[str, Any]) -> None:
    """Put entries in the journal with a chosen creation time (through a JSON backup), so that
    they are not backfilled whatever the clock says."""
    backup = {"format": "selflead", "version": 1, "exported": "2026-11-27T00:00:00+00:00"}
    backup |= {"entries": list(entries), "reviews": []}
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr


def written(day: str, time: str, number: int = 1, **fields: Any) -> dict[str, Any]:
    return {"id": f"{day}-{number}", "date": day, "created": f"{day}T{time}:00+01:00"} | fields


def test_list_one_line_per_entry(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-24")
    written_on_their_day(
        run,
        tmp_path,
        written(
            DAY,
            "08:15",
            communication={"rating": 4, "reflection": ""},
            goals={"rating": 2, "reflection": "Q4"},
        ),
        written(
            "2026-11-24",
            "21:05",
            emotions={"rating": 5, "reflection": "calm\nand\tsteady"},
            tags=["zen"],
        ),
        written("2026-11-24", "22:00", 2, goals={"rating": 1, "reflection": ""}),
    )
    result = run("list")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        # Each with its short id: the shortest unique start of its id, 6 characters or more.
        "2026-11-23 08:15  C4 E- B- G2  2026-11-23  Q4",
        "2026-11-24 21:05  C- E5 B- G-  2026-11-24-1  calm and steady #zen",
        "2026-11-24 22:00  C- E- B- G1  2026-11-24-2",
    ]


def test_list_json_returns_the_entries(run: Run, journal: Path) -> None:
    checkin(run, "--date", "2026-11-24", "--goals", "later", "--tag", "b")
    checkin(run, "--date", DAY, "--rate", "goals=3", "--emotions", HOSTILE)
    checkin(run, "--date", DAY, "--communication", "second that day")
    result = run("list", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    # In date order, then in the order they were written; exactly what the files hold.
    assert data == file_entries(journal, DAY, "2026-11-24")
    assert [e["date"] for e in data] == [DAY, DAY, "2026-11-24"]
    assert data[0]["emotions"]["reflection"] == HOSTILE
    assert b"\x1b" not in result.stdout_bytes  # JSON escapes it as \u001b


def test_list_json_of_nothing_is_an_empty_array(run: Run) -> None:
    result = run("list", "--all", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_list_of_nothing_says_so(run: Run) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert result.stdout.strip() == "No check-ins in the last 30 days (try --all)."


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--all"], "No check-ins in the journal yet."),
        (
            ["--from", "2026-11-01", "--to", "2026-11-30"],
            "No check-ins from 2026-11-01 to 2026-11-30.",
        ),
        (["--from", "2026-11-01"], "No check-ins from 2026-11-01 on."),
        (["--to", "2026-11-30"], "No check-ins up to 2026-11-30."),
    ],
)
def test_list_of_nothing_names_the_range(run: Run, args: list[str], said: str) -> None:
    result = run("list", *args)
    assert result.exit_code == 0
    assert result.stdout.strip() == said


def test_show_an_empty_day_today_suggests_a_plain_checkin(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", DAY)
    result = run("show")
    assert " ".join(result.stdout.split()) == (
        f"No check-ins on {DAY_LABEL}. Start one with: selflead checkin"
    )


def test_show_an_empty_day_has_no_leading_zero(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2027-01-05")
    result = run("show", "2027-01-01", env={"COLUMNS": "50"})
    lines = result.stdout.splitlines()
    # The command is on a line of its own, so a narrow terminal never splits it.
    assert lines[-1].strip() == "selflead checkin --date 2027-01-01"
    assert " ".join(result.stdout.split()) == (
        "No check-ins on Friday 1 January 2027. Start one with: selflead checkin --date 2027-01-01"
    )


DAYS = ["2025-12-31", "2026-01-01", "2026-10-31", "2026-11-01", "2026-11-15", "2026-11-30"]


@pytest.fixture
def spread(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-12-31")  # every day below is in the past
    for day in [*DAYS, "2026-12-01"]:
        checkin(run, "--date", day, "--goals", f"on {day}")


def listed(run: Run, *args: str) -> list[str]:
    result = run("list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return [e["date"] for e in json.loads(result.stdout)]


@pytest.mark.usefixtures("spread")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--from", "2026-11-01", "--to", "2026-11-30"],
            ["2026-11-01", "2026-11-15", "2026-11-30"],
        ),
        (["--from", "2026-11-15", "--to", "2026-11-15"], ["2026-11-15"]),
        (["--from", "2026-11-02", "--to", "2026-11-14"], []),
        (["--from", "2025-12-31", "--to", "2026-01-01"], ["2025-12-31", "2026-01-01"]),
        (["--to", "2026-01-01"], ["2025-12-31", "2026-01-01"]),
        (["--from", "2026-11-30"], ["2026-11-30", "2026-12-01"]),
        (["--all"], [*DAYS, "2026-12-01"]),
    ],
)
def test_from_and_to_are_inclusive(run: Run, args: list[str], expected: list[str]) -> None:
    assert listed(run, *args) == expected


@pytest.mark.usefixtures("spread")
def test_list_defaults_to_the_last_30_days(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-30")  # 30 days: 2026-11-01 .. 2026-11-30
    assert listed(run) == ["2026-11-01", "2026-11-15", "2026-11-30"]
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-12-01")  # 2026-11-02 .. 2026-12-01
    assert listed(run) == ["2026-11-15", "2026-11-30", "2026-12-01"]


def test_list_dates_accept_today_and_yesterday(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-24")
    checkin(run, "--date", "2026-11-22", "--goals", "two days ago")
    checkin(run, "--date", "yesterday", "--goals", "yesterday")
    assert listed(run, "--from", "yesterday", "--to", "today") == ["2026-11-23"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2026-11-30", "--to", "2026-11-01"],
            "--from 2026-11-30 is after --to 2026-11-01; swap them",
        ),
        (["--from", "2026-13-01"], "--from '2026-13-01' is not a real calendar day"),
        (["--to", "later"], "--to 'later' is not a date"),
        (["--all", "--from", "2026-11-01"], "--all cannot be combined with --from or --to"),
    ],
)
def test_list_bad_ranges(run: Run, args: list[str], message: str) -> None:
    checkin(run, "--date", DAY, "--goals", "x")
    result = run("list", *args)
    assert_one_error(result, 2, message)
    assert result.stdout == ""


def test_list_keeps_tags_visible_after_a_long_reflection(run: Run, tmp_path: Path) -> None:
    long = {"rating": None, "reflection": "a long day " * 50}
    written_on_their_day(run, tmp_path, written(DAY, "09:00", goals=long, tags=["keepme", "q4"]))
    checkin(run, "--date", DAY, "--goals", "a long day " * 50, "--tag", "late")  # backfilled
    first, second = run("list", "--all").stdout.splitlines()
    assert first.endswith("… #keepme #q4")
    assert len(first) == 100  # COLUMNS in the test environment
    # A backfilled entry keeps the note of when it was written, too.
    assert re.search(r"… \(written \w{3} \d{1,2} \w{3}( \d{4})?\) #late$", second), second
    assert len(second) <= 100


def test_a_backfilled_entry_has_no_time_of_day_in_any_view(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One policy for every view: written on a later day, an entry has no time of day, and
    the day it was written is said once."""
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-25")
    saved = run("checkin", "--date", DAY, "--rate", "goals=1", "--goals", "late note")
    assert saved.exit_code == 0, saved.stderr
    when = datetime.now().astimezone()
    # the entry was written today (the real clock), two or more days after DAY
    other_year = f" {when.year}" if when.year != 2026 else ""
    written = f"written {when:%a} {when.day} {when:%b}{other_year}"
    clock = f"{when:%H:%M}"
    shown = " ".join(run("show", DAY).stdout.split())
    assert f"Monday 23 November 2026 ({written})" in shown
    listed = run("list", "--all").stdout
    assert re.fullmatch(
        rf"{DAY}        C- E- B- G1  [0-9a-f]{{6}}  late note \({written}\)\n", listed
    )
    exported = run("export").stdout
    assert f"#### Check-in ({written})" in exported
    assert f"#### {clock}" not in exported
    review = run("review", "--week", "2026-W48").stdout
    for text in (shown, listed, review):
        assert clock not in text
