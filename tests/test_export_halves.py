"""A big journal's Markdown export is made in two halves at once, the second by a copy of the
process (``store.aside``): the document is byte for byte the one made in one piece, whatever
the range, and when the copy cannot help (no fork, a copy that fails or is killed) the export
is made in one piece as before."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from selflead.store import aside
from selflead.transfer import markdown

Run = Callable[..., Result]
FIRST = date(2025, 1, 6)  # a Monday
DAYS = 120


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", (FIRST + timedelta(days=DAYS)).isoformat())


@pytest.fixture
def big(run: Run, tmp_path: Path) -> None:
    """Four months, one to three check-ins a day (some days none), text to escape, and a
    weekly reflection every third week."""
    entries, reviews = [], []
    for n in range(DAYS):
        day = FIRST + timedelta(days=n)
        for k in range(n % 4):  # 0 to 3 a day
            entries.append(
                {
                    "id": f"{n:04d}{k}",
                    "date": day.isoformat(),
                    "created": f"{day.isoformat()}T{8 + k:02d}:30:00+00:00",
                    "communication": {"rating": 1 + (n + k) % 5, "reflection": f"*day* {n} <ok>"},
                    "emotions": {"rating": 1 + n % 5, "reflection": ""},
                    "behaviour": {"rating": None, "reflection": "1. kept going"},
                    "goals": {"rating": 1 + k, "reflection": f"goal {k} 🙂"},
                    "tags": ["q1"] if n % 5 == 0 else [],
                }
            )
        if n % 21 == 6:  # a Sunday
            week = day.isocalendar()
            stamp = f"{day.isoformat()}T20:00:00+00:00"
            reviews.append(
                {
                    "week": f"{week.year}-W{week.week:02d}",
                    "goal": f"week {n} # goal",
                    "created": stamp,
                    "updated": stamp,
                }
            )
    backup = tmp_path / "backup.json"
    document = {"format": "selflead", "version": 2, "entries": entries, "reviews": reviews}
    backup.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = run("import", str(backup))
    assert result.exit_code == 0, result.stderr


def document(run: Run, *args: str) -> str:
    result = run("export", *args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert "exported" in lines[2]  # the minute it was made: not compared
    return "\n".join(lines[:2] + lines[3:])


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The copies made (their pids), in halves from ten day files on."""
    made: list[int] = []
    real = os.fork

    def counted() -> int:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(aside.os, "fork", counted)
    monkeypatch.setattr(markdown, "HALVES_FROM", 10)
    yield made


def one_piece(run: Run, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(markdown, "HALVES_FROM", 10**9)
        return document(run, *args)


@pytest.mark.usefixtures("big")
@pytest.mark.parametrize(
    "span",
    [
        (),
        ("--from", "2025-02-01"),
        ("--to", "2025-03-20"),
        ("--from", "2025-01-15", "--to", "2025-04-02"),
    ],
)
def test_two_halves_are_the_document_one_piece_is(
    run: Run, monkeypatch: pytest.MonkeyPatch, forks: list[int], span: tuple[str, ...]
) -> None:
    whole = one_piece(run, monkeypatch, *span)
    assert forks == []
    halves = document(run, *span)
    assert len(forks) == 1  # the second half was made by the copy
    assert halves == whole
    assert "Week 2025-W" in halves and "\\*day\\*" in halves


@pytest.mark.usefixtures("big")
def test_without_a_copy_the_export_is_made_in_one_piece(
    run: Run, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    whole = one_piece(run, monkeypatch)

    def no_fork() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(aside.os, "fork", no_fork)
    assert document(run) == whole


@pytest.mark.usefixtures("big")
def test_a_copy_that_fails_is_made_up_for(
    run: Run, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    whole = one_piece(run, monkeypatch)
    real = aside.make_aside  # a copy whose text cannot be written (not UTF-8)
    monkeypatch.setattr(aside, "make_aside", lambda make: real(lambda: iter(["\ud800"])))
    assert document(run) == whole
    assert len(forks) == 1


@pytest.mark.usefixtures("big")
def test_a_damaged_day_in_the_second_half_is_said_as_in_one_piece(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    late = FIRST + timedelta(days=DAYS - 10)
    path = journal / "entries" / str(late.year) / f"{late.isoformat()}.json"
    path.write_text("{ not json", encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(markdown, "HALVES_FROM", 10**9)
        whole = run("export")
        skipped_whole = run("export", "--skip-damaged")
    halves = run("export")
    assert (halves.exit_code, halves.stderr) == (whole.exit_code, whole.stderr)
    assert whole.exit_code == 3 and halves.stdout == "" and late.isoformat() in halves.stderr
    skipped = run("export", "--skip-damaged")
    assert skipped.exit_code == skipped_whole.exit_code == 0
    assert skipped.stderr == skipped_whole.stderr
    cut = [text.stdout.split("\n") for text in (skipped, skipped_whole)]
    assert cut[0][:2] + cut[0][3:] == cut[1][:2] + cut[1][3:]
    assert len(forks) == 1


def test_the_copy_gives_its_text_or_none() -> None:
    made = aside.make_aside(lambda: (f"piece {n} 🙂\n" for n in range(50_000)))
    assert made is not None
    pieces = made.pieces()
    assert pieces is not None
    assert "".join(pieces) == "".join(f"piece {n} 🙂\n" for n in range(50_000))

    def fails() -> Iterator[str]:
        yield "half"
        raise RuntimeError("a damaged day")

    failed = aside.make_aside(fails)
    assert failed is not None and failed.pieces() is None

    def forever() -> Iterator[str]:
        while True:
            yield "more"

    killed = aside.make_aside(forever)
    assert killed is not None
    os.kill(killed._pid, signal.SIGKILL)
    assert killed.pieces() is None

    stopped = aside.make_aside(forever)  # not wanted after all: stopped, and reaped
    assert stopped is not None
    stopped.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(stopped._pid, 0)
