"""Fixing a mistake: ``edit`` through options (and ``--date`` moving an entry, with a crash
between its two writes), ``delete`` to the trash, ``trash``, ``restore``, ``trash --empty``,
short ids, and the v1 -> v2 migration on a frozen version-1 journal."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import Result

import helpers
from helpers import one_error
from selflead.models import SCHEMA_VERSION
from selflead.store.files import ensure_dir
from selflead.store.journal import Store
from test_migrations import V1_DAY

Run = Callable[..., Result]
DAY = "2026-11-24"
V1_ID = "0b6f5c3e-1f1a-4a51-9a53-3f8d3f0e9c11"


def entries_on(journal: Path, day: str) -> list[dict[str, Any]]:
    path = journal / "entries" / day[:4] / f"{day}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    entries: list[dict[str, Any]] = data["entries"]
    return entries


def checkin(run: Run, *args: str) -> str:
    result = run("checkin", "--no-input", *args)
    assert result.exit_code == 0, result.stderr
    return str(json.loads(run("list", "--all", "--json").stdout)[-1]["id"])


def journal_bytes(journal: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(journal)): p.read_bytes()
        for p in sorted(journal.rglob("*"))
        if p.is_file() and p.name not in {"index.sqlite3", "index.sqlite3-journal"}
    }


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-30")


# --------------------------------------------------------------------------- edit


def test_edit_through_options_keeps_id_and_created_and_records_updated(
    run: Run, journal: Path
) -> None:
    entry_id = checkin(run, "--date", DAY, "--rate", "goals=2", "--goals", "draft", "--tag", "q4")
    [before] = entries_on(journal, DAY)
    result = run(
        "edit",
        entry_id[:8],
        "--rate",
        "goals=4",
        "--emotions",
        "Calmer than I thought",
        "--tag",
        "review",
        "--untag",
        "q4",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Saved {entry_id[:6]} to ")
    [after] = entries_on(journal, DAY)
    assert after["id"] == before["id"] and after["created"] == before["created"]
    assert before["updated"] is None
    assert after["updated"] is not None and after["updated"] > before["created"]
    assert after["goals"] == {"rating": 4, "reflection": "draft"}
    assert after["emotions"] == {"rating": None, "reflection": "Calmer than I thought"}
    assert after["tags"] == ["review"]


def test_edit_without_an_id_changes_the_most_recent_entry(run: Run, journal: Path) -> None:
    checkin(run, "--date", "2026-11-20", "--goals", "older")
    checkin(run, "--date", DAY, "--goals", "first that day")
    latest = checkin(run, "--date", DAY, "--goals", "latest")
    assert run("edit", "--goals", "latest, fixed").exit_code == 0
    assert [e["goals"]["reflection"] for e in entries_on(journal, DAY)] == [
        "first that day",
        "latest, fixed",
    ]
    assert entries_on(journal, DAY)[1]["id"] == latest


def test_an_edit_that_changes_nothing_writes_nothing(run: Run, journal: Path) -> None:
    checkin(run, "--date", DAY, "--rate", "goals=3")
    before = journal_bytes(journal)
    result = run("edit", "--rate", "goals=3")
    assert result.exit_code == 0
    assert result.stderr.startswith("Nothing changed")
    assert journal_bytes(journal) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate", "goals=9"], "error: the rating for goals must be a whole number from 1 to 5"),
        (["--date", "2026-12-25"], "error: --date 2026-12-25 is in the future"),
        (["--goals", ""], "error: this edit would leave the check-in empty"),
        ([], "error: nothing to change was given"),
    ],
)
def test_a_bad_edit_is_one_line_and_writes_nothing(
    run: Run, journal: Path, args: list[str], message: str
) -> None:
    checkin(run, "--date", DAY, "--goals", "kept")
    before = journal_bytes(journal)
    assert one_error(run("edit", *args), 2).startswith(message)
    assert journal_bytes(journal) == before


def test_moving_an_entry_to_another_day(run: Run, journal: Path) -> None:
    stays = checkin(run, "--date", DAY, "--goals", "stays")
    moves = checkin(run, "--date", DAY, "--goals", "moves")
    checkin(run, "--date", "2026-11-22", "--goals", "already there")
    result = run("edit", moves, "--date", "2026-11-22")
    assert result.exit_code == 0, result.stderr
    assert "moved from 2026-11-24" in result.stderr
    assert [e["id"] for e in entries_on(journal, DAY)] == [stays]
    moved = entries_on(journal, "2026-11-22")
    assert [e["goals"]["reflection"] for e in moved] == ["already there", "moves"]
    assert moved[1]["date"] == "2026-11-22" and moved[1]["id"] == moves
    # The last entry of a day moved away: the day has no file, so it is no check-in day.
    assert run("edit", stays, "--date", "2026-11-23").exit_code == 0
    assert not (journal / "entries" / "2026" / f"{DAY}.json").exists()
    assert run("doctor").exit_code == 0


def test_a_crash_between_the_two_writes_of_a_move_loses_nothing(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new day is written, then the process dies before the old day is: a duplicate that
    doctor names and ``doctor --fix`` resolves by id, keeping the moved copy."""
    entry_id = checkin(run, "--date", DAY, "--rate", "goals=3", "--goals", "moving")
    real_write_day = Store.write_day
    written: list[date] = []

    def dies_on_the_second(self: Store, day: date, entries: Any, **kw: Any) -> None:
        if written:
            raise SystemExit(137)  # killed between the two writes
        written.append(day)
        real_write_day(self, day, entries, **kw)

    monkeypatch.setattr(Store, "write_day", dies_on_the_second)
    crashed = run("edit", entry_id, "--date", "2026-11-21", "--rate", "goals=5")
    assert crashed.exit_code == 137
    monkeypatch.setattr(Store, "write_day", real_write_day)
    [old] = entries_on(journal, DAY)
    [new] = entries_on(journal, "2026-11-21")
    assert old["id"] == new["id"] == entry_id
    assert (old["goals"]["rating"], new["goals"]["rating"]) == (3, 5)

    report = run("doctor")
    assert report.exit_code == 1
    assert f"holds entry id {entry_id}, which appears 2 times" in report.stdout
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert entries_on(journal, DAY) == []
    assert [e["goals"]["rating"] for e in entries_on(journal, "2026-11-21")] == [5]
    # The older version is not lost: it is in the trash.
    trash = run("trash")
    assert "moving" in trash.stdout and "G3" in trash.stdout
    assert "2 days in a row" not in run("list", "--all").stderr


def test_a_crash_in_a_plain_move_leaves_copies_that_doctor_makes_one(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry_id = checkin(run, "--date", DAY, "--goals", "same words")
    real_write_day = Store.write_day
    calls: list[date] = []

    def dies_on_the_second(self: Store, day: date, entries: Any, **kw: Any) -> None:
        if calls:
            raise SystemExit(137)
        calls.append(day)
        real_write_day(self, day, entries, **kw)

    monkeypatch.setattr(Store, "write_day", dies_on_the_second)
    assert run("edit", entry_id, "--date", "2026-11-21").exit_code == 137
    monkeypatch.setattr(Store, "write_day", real_write_day)
    report = run("doctor")
    assert "(the others are the same)" in report.stdout
    assert run("doctor", "--fix").exit_code == 0
    assert entries_on(journal, DAY) == []
    assert [e["id"] for e in entries_on(journal, "2026-11-21")] == [entry_id]
    assert "The trash is empty." in run("trash").stdout


# --------------------------------------------------------------------------- ids


def test_short_ids_are_shown_and_ambiguous_or_unknown_ones_list_the_candidates(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    entries = [
        {"id": f"abcdef{n}", "date": DAY, "created": f"{DAY}T0{n}:00:00+00:00"} | goals
        for n, goals in enumerate([{"goals": {"rating": 1, "reflection": "x"}}] * 3)
    ] + [{"id": "zz1234567", "date": DAY, "created": f"{DAY}T09:00:00+00:00", "tags": ["t"]}]
    backup = {"format": "selflead", "version": 1, "entries": entries, "reviews": []}
    source = tmp_path / "b.json"
    source.write_text(json.dumps(backup))
    assert run("import", str(source)).exit_code == 0
    listed = run("list", "--all").stdout.splitlines()
    assert [line.split()[6] for line in listed] == ["abcdef0", "abcdef1", "abcdef2", "zz1234"]
    assert "abcdef1" in run("show", DAY).stdout

    ambiguous = one_error(run("edit", "abcd", "--rate", "goals=2"), 2)
    assert ambiguous == (
        f"error: the id abcd is ambiguous: it starts 3 ids, abcdef0 ({DAY}), abcdef1 ({DAY}), "
        f"abcdef2 ({DAY}); give more of the id"
    )
    unknown = one_error(run("delete", "--yes", "nope"), 2)
    assert unknown == (
        f"error: no check-in has the id nope; the latest are zz1234 ({DAY}), abcdef2 ({DAY}), "
        f"abcdef1 ({DAY}); see 'selflead list'"
    )
    assert one_error(run("edit", "a b", "--rate", "goals=2"), 2).startswith(
        "error: 'a b' is not an entry id"
    )
    assert run("edit", "abcdef1", "--rate", "goals=2").exit_code == 0
    assert run("edit", "zz", "--rate", "goals=4").exit_code == 0  # unique, though short
    assert [e["goals"]["rating"] for e in entries_on(journal, DAY)] == [1, 2, 1, 4]


def test_no_entry_yet(run: Run, journal: Path) -> None:
    assert one_error(run("edit", "--rate", "goals=2"), 2) == (
        "error: the journal has no check-ins yet; record one: selflead checkin"
    )
    assert not journal.exists()


# --------------------------------------------------------------------------- delete and trash


def test_delete_restore_empty_round_trip(run: Run, journal: Path) -> None:
    keep = checkin(run, "--date", DAY, "--goals", "keep me")
    gone = checkin(run, "--date", DAY, "--goals", "delete me", "--tag", "oops")
    [gone_before] = [e for e in entries_on(journal, DAY) if e["id"] == gone]

    deleted = run("delete", "--yes", gone[:6])
    assert deleted.exit_code == 0, deleted.stderr
    assert deleted.stderr == (
        f"Deleted {gone[:6]} ({DAY}); it is in the trash: selflead restore {gone}\n"
    )
    assert [e["id"] for e in entries_on(journal, DAY)] == [keep]
    trash_file = journal / "trash" / f"{gone}.json"
    held = json.loads(trash_file.read_text())
    assert held["entry"] == gone_before and held["id"] == gone and held["deleted"]
    assert oct(trash_file.stat().st_mode & 0o777) == "0o600"
    assert "delete me" in run("trash").stdout
    assert "delete me" not in run("list", "--all").stdout
    assert run("search", "delete").stdout == "No check-ins match.\n"
    assert run("doctor").exit_code == 0

    restored = run("restore", gone[:7])
    assert restored.exit_code == 0, restored.stderr
    assert [e["id"] for e in entries_on(journal, DAY)] == [keep, gone]
    assert entries_on(journal, DAY)[1] == gone_before  # whole, as it was
    assert not trash_file.exists()
    assert one_error(run("restore", gone), 2) == (
        f"error: the trash holds no entry '{gone}'; see 'selflead trash'"
    )

    assert run("delete", "--yes", keep, gone).exit_code == 0
    assert entries_on(journal, DAY) == []
    assert len(list((journal / "trash").iterdir())) == 2
    assert one_error(run("trash", "--empty"), 2) == (
        "error: emptying the trash asks first, and stdin is not a terminal; "
        "pass --yes to empty it without asking"
    )
    emptied = run("trash", "--empty", "--yes")
    assert emptied.stderr == "Emptied the trash: 2 check-ins removed for good.\n"
    assert list((journal / "trash").iterdir()) == []
    assert run("trash").stdout == "The trash is empty.\n"


def test_restore_refuses_when_that_id_is_on_its_day_again(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    entry_id = checkin(run, "--date", DAY, "--goals", "twice")
    backup = tmp_path / "b.json"
    backup.write_text(run("export", "--format", "json").stdout)
    assert run("delete", "--yes").exit_code == 0
    assert run("import", str(backup)).exit_code == 0  # the same entry back from a backup
    before = journal_bytes(journal)
    assert one_error(run("restore", entry_id), 2) == (
        f"error: the entry {entry_id} is already on {DAY}, so it was not restored; "
        "run 'selflead doctor' if you did not expect it there"
    )
    assert journal_bytes(journal) == before
    # doctor sees the trash copy that says the same, and --fix removes it
    assert "(an interrupted delete or restore)" in run("doctor").stdout
    assert run("doctor", "--fix").exit_code == 0
    assert not (journal / "trash" / f"{entry_id}.json").exists()
    assert [e["id"] for e in entries_on(journal, DAY)] == [entry_id]


def test_delete_without_a_terminal_and_without_yes_refuses(run: Run, journal: Path) -> None:
    checkin(run, "--date", DAY, "--goals", "safe")
    before = journal_bytes(journal)
    assert one_error(run("delete"), 2) == (
        "error: delete asks before it deletes, and stdin is not a terminal; "
        "pass --yes to delete without asking"
    )
    assert journal_bytes(journal) == before


def test_export_and_import_ignore_the_trash(run: Run, journal: Path, tmp_path: Path) -> None:
    checkin(run, "--date", DAY, "--goals", "kept")
    checkin(run, "--date", DAY, "--goals", "binned")
    assert run("delete", "--yes").exit_code == 0
    exported = json.loads(run("export", "--format", "json").stdout)
    assert [e["goals"]["reflection"] for e in exported["entries"]] == ["kept"]
    assert "binned" not in run("export").stdout


def spawn(journal: Path, *args: str) -> pexpect.spawn:
    return helpers.spawn(journal, *args, today="2026-11-30", columns=100)


@pytest.mark.parametrize(("answer", "kept"), [("y", False), ("n", True), ("", True)])
def test_delete_in_a_terminal_shows_the_entry_and_asks(
    run: Run, journal: Path, answer: str, kept: bool
) -> None:
    checkin(run, "--date", DAY, "--goals", "Shown before it goes")
    child = spawn(journal, "delete")
    child.expect("Shown before it goes")
    child.expect(r"Delete this check-in\? \(it goes to the trash\) \[y/n\] \(n\): ")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert bool(entries_on(journal, DAY)) is kept
    assert (journal / "trash").exists() is not kept


# --------------------------------------------------------------------------- schema version 2


def test_a_frozen_v1_journal_is_read_as_is_and_upgraded_only_when_written(
    run: Run, journal: Path
) -> None:
    path = journal / "entries" / "2026" / f"{DAY}.json"
    ensure_dir(path.parent)
    path.write_bytes(V1_DAY)
    path.chmod(0o600)
    assert "Closed the Q4 plan" in run("show", DAY).stdout
    assert "Snapped" in run("search", "snap").stdout
    assert path.read_bytes() == V1_DAY  # reading (and indexing) never rewrites
    assert list(path.parent.iterdir()) == [path]

    assert run("edit", V1_ID[:6], "--rate", "behaviour=3").exit_code == 0
    backup = path.with_name(f"{DAY}.json.v1.bak")
    assert backup.read_bytes() == V1_DAY  # byte for byte
    upgraded = json.loads(path.read_text())
    assert upgraded["schema_version"] == 2
    [entry] = upgraded["entries"]
    assert entry["id"] == V1_ID and entry["created"] == "2026-11-24T21:05:13.123456+01:00"
    assert entry["behaviour"]["rating"] == 3 and entry["updated"] is not None
    assert run("doctor").exit_code == 0


def test_a_v1_backup_without_updated_still_imports_and_exports_the_same(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    v1 = json.loads(V1_DAY)
    backup = {"format": "selflead", "version": 1, "entries": v1["entries"], "reviews": []}
    source = tmp_path / "v1.json"
    source.write_text(json.dumps(backup))
    assert run("import", str(source)).exit_code == 0
    [entry] = entries_on(journal, DAY)
    assert entry["updated"] is None
    exported = json.loads(run("export", "--format", "json").stdout)
    assert exported["entries"] == v1["entries"]  # never edited: no "updated" in the backup
    assert run("edit", "--rate", "goals=1").exit_code == 0
    again = json.loads(run("export", "--format", "json").stdout)
    assert again["entries"][0]["updated"] is not None
    (tmp_path / "again.json").write_text(json.dumps(again))
    assert run("delete", "--yes").exit_code == 0
    assert run("import", str(tmp_path / "again.json")).exit_code == 0
    assert entries_on(journal, DAY)[0]["goals"]["rating"] == 1
