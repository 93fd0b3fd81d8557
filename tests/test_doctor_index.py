"""Doctor compares the index with what its own read of each day file found: every way the
two can disagree is still said (a file damaged in place, a day the index has not seen, a day
whose file is gone), and a journal whose index agrees is well. Doctor and export take the
index's digest of a file as proof only for the very bytes it was taken of."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]
DAY = "2026-11-24"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-30")


def add(run: Run, day: str, words: str) -> None:
    result = run("checkin", "--no-input", "--date", day, "--goals", words)
    assert result.exit_code == 0, result.stderr


def indexed(run: Run) -> None:
    """A search, so that the index is built and current."""
    result = run("search", "--json", "words")
    assert result.exit_code == 0, result.stderr


@contextmanager
def times_kept(*paths: Path) -> Iterator[None]:
    """Change files behind the index's back: each path's times are put back afterwards."""
    kept = {path: path.stat() for path in paths}
    yield
    for path, info in kept.items():
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_an_index_that_agrees_is_well(run: Run) -> None:
    add(run, DAY, "words one")
    add(run, "2026-11-25", "words two")
    indexed(run)
    result = run("doctor")
    assert result.exit_code == 0, result.stdout
    assert "index.sqlite3" not in result.stdout


def test_a_file_damaged_in_place_that_the_index_holds_as_readable(run: Run, journal: Path) -> None:
    add(run, DAY, "words one")
    indexed(run)
    day = journal / "entries" / "2026" / f"{DAY}.json"
    with times_kept(day, day.parent):
        size = day.stat().st_size
        day.write_bytes(b"{" + b" " * (size - 1))  # same size, not JSON
    result = run("doctor")
    assert result.exit_code == 1
    assert f"{DAY}.json: is not valid JSON" in result.stdout
    assert f"index.sqlite3: the index holds {DAY} as readable, but its file is damaged" in (
        result.stdout
    )


def test_a_day_the_index_has_not_seen_and_one_whose_file_is_gone(run: Run, journal: Path) -> None:
    add(run, DAY, "words one")
    add(run, "2026-11-25", "words two")
    folder = journal / "entries" / "2026"
    os.utime(folder, (1_600_000_000, 1_600_000_000))  # old enough for the index to trust
    indexed(run)
    gone = folder / "2026-11-25.json"
    with times_kept(folder):
        document = json.loads(gone.read_text())
        gone.unlink()
        document["date"] = "2026-11-26"
        document["entries"][0]["date"] = "2026-11-26"
        (folder / "2026-11-26.json").write_text(json.dumps(document, indent=2) + "\n")
        (folder / "2026-11-26.json").chmod(0o600)
    result = run("doctor")
    assert result.exit_code == 1
    assert "index.sqlite3: the index does not hold the day 2026-11-26 (and 1 more)" in result.stdout
    assert run("doctor", "--fix").exit_code == 0
    assert run("doctor").exit_code == 0


def test_doctor_validates_again_only_the_files_the_index_does_not_hold_byte_for_byte(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose bytes are those the index read as sound is not validated a second time;
    a file written by another program, or one the index holds other bytes of, is, every time."""
    import sqlite3

    from selflead.store.journal import Store

    days = [DAY, "2026-11-25", "2026-11-26"]
    for day in days:
        add(run, day, f"words {day}")
    indexed(run)
    parsed: list[str] = []
    real = Store.parse_day

    def counted(self: Store, path: Path, day: object, raw: bytes) -> object:
        parsed.append(path.name)
        return real(self, path, day, raw)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "parse_day", counted)
    assert run("doctor").exit_code == 0
    assert parsed == []

    # The same entries, written compactly by another program: read in full, and well.
    by_hand = journal / "entries" / "2026" / "2026-11-25.json"
    by_hand.write_text(json.dumps(json.loads(by_hand.read_text())))
    for _ in range(2):
        parsed.clear()
        result = run("doctor")
        assert result.exit_code == 0, result.stdout
        assert parsed == ["2026-11-25.json"]

    # An index whose digest of a file is not the file's: that file is read in full too.
    with sqlite3.connect(journal / "index.sqlite3") as db:
        db.execute("UPDATE days SET digest = zeroblob(16) WHERE day = ?", (days[2],))
    db.close()
    parsed.clear()
    assert run("doctor").exit_code == 0
    assert sorted(parsed) == ["2026-11-25.json", "2026-11-26.json"]

    # A file the index held byte for byte, damaged behind its back (same size and times):
    # never taken for the file the index read.
    damaged = journal / "entries" / "2026" / f"{DAY}.json"
    with times_kept(damaged, damaged.parent):
        damaged.write_bytes(damaged.read_bytes().replace(b'"words ', b'"\\ud800', 1))
    result = run("doctor")
    assert result.exit_code == 1
    assert f"{DAY}.json: " in result.stdout
    assert f"the index holds {DAY} as readable, but its file is damaged" in result.stdout, (
        result.stdout
    )


def test_an_export_takes_the_index_digest_only_for_the_bytes_it_was_taken_of(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export reads a day file the index holds byte for byte without writing it out again to
    compare (``documents.canonical``'s ``known``), and every other file in full: one changed
    behind the index's back, with its size and times kept, is still found damaged."""
    from selflead.store import documents

    days = [DAY, "2026-11-25"]
    for day in days:
        add(run, day, f"words {day}")
    indexed(run)
    compared: list[bytes] = []
    real = documents.to_bytes

    def counted(model: object) -> bytes:
        written = real(model)  # type: ignore[arg-type]
        compared.append(written)
        return written

    monkeypatch.setattr(documents, "to_bytes", counted)
    result = run("export")
    assert result.exit_code == 0, result.stderr
    assert compared == []  # both files were the ones the index read
    assert "words 2026-11-25" in result.stdout

    # The same size, the same times: a key written twice, which the quick parser would take
    # (its last value) and the strict reader refuses.
    changed = journal / "entries" / "2026" / f"{DAY}.json"
    raw = changed.read_bytes()
    twice = raw.replace(b'"updated": null', b'"tags": ["abc"]', 1)
    assert len(twice) == len(raw) and twice != raw
    with times_kept(changed, changed.parent):
        changed.write_bytes(twice)
    result = run("export")
    assert result.exit_code == 3  # a damaged file
    assert "the same key twice" in result.stderr, result.stderr
    assert result.stdout == ""
