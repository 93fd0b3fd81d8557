"""Inside the journal, selflead never writes through a symbolic link and never reads one as
journal data: the command stops with one clear line and doctor names the link. The journal
folder itself may be a link."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from helpers import one_error

Run = Callable[..., Result]
DAY = date(2026, 11, 24)


def refused(result: Result, link: Path) -> None:
    one_error(
        result, 3, f"error: {link}: is a symbolic link; selflead never reads or writes journal data"
    )


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the journal that a link points to (as /etc was, as root)."""
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "passwd").write_text("root:x:0:0\n")
    return folder


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_year_folder_that_is_a_link_is_never_written_through(
    run: Run, journal: Path, elsewhere: Path
) -> None:
    assert run("checkin", "--date", "2025-01-01", "-r", "goals=3").exit_code == 0
    (journal / "entries" / "2026").symlink_to(elsewhere, target_is_directory=True)
    before = _contents(elsewhere)
    link = journal / "entries" / "2026"
    refused(run("checkin", "--date", str(DAY), "-r", "goals=3"), link)
    assert _contents(elsewhere) == before
    refused(run("show", str(DAY)), link)


def test_a_day_file_that_is_a_link_is_not_read_or_replaced(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    assert run("checkin", "--date", str(DAY), "-r", "goals=3").exit_code == 0
    day = journal / "entries" / "2026" / f"{DAY}.json"
    real = tmp_path / "real.json"
    day.rename(real)
    day.symlink_to(real)
    before = real.read_bytes()
    for argv in (
        ["show", str(DAY)],
        ["checkin", "--date", str(DAY), "-r", "goals=4"],
        ["export"],
        ["list", "--all"],
    ):
        refused(run(*argv), day)
    assert day.is_symlink() and real.read_bytes() == before


def test_import_refuses_to_write_through_a_linked_year(
    run: Run, journal: Path, elsewhere: Path, tmp_path: Path
) -> None:
    assert run("checkin", "--date", "2025-01-01", "-r", "goals=3").exit_code == 0
    link = journal / "entries" / "2026"
    link.symlink_to(elsewhere, target_is_directory=True)
    entry = {"id": "e1", "date": str(DAY), "created": "2026-11-24T10:00:00+00:00"}
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps({"format": "selflead", "version": 1, "entries": [entry]}))
    result = run("import", str(backup))
    assert result.exit_code == 3 and "is a symbolic link" in result.stderr
    assert _contents(elsewhere) == {"passwd": b"root:x:0:0\n"}


def test_a_linked_reviews_folder_is_refused_for_a_reflection(
    run: Run, journal: Path, elsewhere: Path
) -> None:
    assert run("checkin", "-r", "goals=3").exit_code == 0
    (journal / "reviews").symlink_to(elsewhere, target_is_directory=True)
    result = run("review", "--last", "--json")
    assert "Traceback" not in result.stderr
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert "reviews: is a symbolic link where selflead keeps journal data" in doctor.stdout


def test_doctor_names_each_link_and_fix_leaves_them(
    run: Run, journal: Path, elsewhere: Path, tmp_path: Path
) -> None:
    assert run("checkin", "--date", str(DAY), "-r", "goals=3").exit_code == 0
    (journal / "entries" / "2025").symlink_to(elsewhere, target_is_directory=True)
    other = tmp_path / "x.json"
    other.write_text("{}")
    (journal / "entries" / "2026" / "2026-11-25.json").symlink_to(other)
    result = run("doctor", "--fix")
    assert result.exit_code == 1, result.stdout
    for name in ("entries/2025", "entries/2026/2026-11-25.json"):
        assert f"problem  {name}: is a symbolic link where selflead keeps journal data" in (
            result.stdout
        )
    assert "passwd" not in result.stdout  # never walked into
    assert (journal / "entries" / "2025").is_symlink()
    assert other.read_text() == "{}" and elsewhere.stat().st_mode & 0o777 != 0o700


def test_the_journal_folder_itself_may_be_a_link(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "synced"
    real.mkdir(mode=0o700)
    link = tmp_path / "journal-link"
    link.symlink_to(real, target_is_directory=True)
    monkeypatch.setenv("SELFLEAD_HOME", str(link))
    assert run("checkin", "--date", str(DAY), "-r", "goals=3").exit_code == 0
    assert run("show", str(DAY)).exit_code == 0
    assert (real / "entries" / "2026" / f"{DAY}.json").is_file()
    assert run("doctor", "--fix").exit_code == 0
