"""``selflead import --from jrnl|dayone|daylio``: files made here as those apps write them."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from typer.testing import Result

Run = Callable[..., Result]

JRNL_JSON = {
    "tags": {"@work": 1},
    "entries": [
        {
            "title": "Asked before advising.",
            "body": "In the 1:1 with @work people.",
            "date": "2026-11-20",
            "time": "18:45",
            "tags": ["@work"],
            "starred": True,
        },
        {
            "title": "Quiet day",
            "body": "",
            "date": "2026-11-21",
            "time": "09:00",
            "tags": [],
            "starred": False,
        },
    ],
}
# As jrnl 4.6 writes its journal file (timeformat "%F %r"; a starred title ends with " *").
JRNL_TEXT = (
    "[2026-11-22 07:30:00 AM] Morning pages. Wrote about @focus\nA second line.\n\n"
    "[2026-11-23 08:00:00 PM] Starred one *\n\n"
)
# One journal as jrnl 4.6 wrote it both ways: 'jrnl --format json' and its journal file.
JRNL_SAME_JSON = {
    "tags": {"@work": 1},
    "entries": [
        {
            "title": "Asked before advising.",
            "body": "In the 1:1 with @work people.",
            "date": "2026-11-20",
            "time": "18:45",
            "tags": ["@work"],
            "starred": False,
        },
        {
            "title": "Quiet day",
            "body": "",
            "date": "2026-11-21",
            "time": "21:10",
            "tags": [],
            "starred": True,
        },
    ],
}
JRNL_SAME_TEXT = (
    "[2026-11-20 06:45:00 PM] Asked before advising.\nIn the 1:1 with @work people.\n\n"
    "[2026-11-21 09:10:00 PM] Quiet day *\n\n"
)
DAYLIO_CSV = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2026-11-25,November 25,Wednesday,9:15 pm,good,"friends | movies / tv","Dinner",'
    '"Laughed a lot"\n'
    '2026-11-24,November 24,Tuesday,08:00,awful,"",,""\n'
)
DAYLIO_OLD_CSV = (
    "year,date,weekday,time,mood,activities,note\n"
    '2018,18 May,Friday,11:54 pm,rad,"clean | cook","Went to a party"\n'
)


def dayone_export(entries: list[dict[str, object]]) -> dict[str, object]:
    return {"metadata": {"version": "1.0"}, "entries": entries}


DAYONE_ENTRY = {
    "uuid": "9F1C2B3A4D5E6F708192A3B4C5D6E7F8",
    "creationDate": "2026-11-26T23:30:00Z",
    "modifiedDate": "2026-11-26T23:31:00Z",
    "timeZone": "Asia/Tokyo",
    "text": "Late entry\n\nAbout the offsite.",
    "tags": ["deep work"],
    "starred": True,
    "duration": 0,
}


def entries_on(journal: Path, day: str) -> list[dict[str, object]]:
    path = journal / "entries" / day[:4] / f"{day}.json"
    data: dict[str, list[dict[str, object]]] = json.loads(path.read_text(encoding="utf-8"))
    return data["entries"]


def all_files(journal: Path) -> list[Path]:
    return sorted(p for p in (journal / "entries").rglob("*.json")) if journal.exists() else []


def test_jrnl_json_maps_text_tags_star_and_time(run: Run, journal: Path, tmp_path: Path) -> None:
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(JRNL_JSON, indent=4), encoding="utf-8")
    result = run("import", "--from", "jrnl", str(file))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Added 2 check-ins on 2 days")
    [entry] = entries_on(journal, "2026-11-20")
    assert entry["behaviour"] == {
        "rating": None,
        "reflection": "Asked before advising.\n\nIn the 1:1 with @work people.",
    }
    assert entry["tags"] == ["work", "starred"]
    created = datetime.fromisoformat(str(entry["created"]))
    assert (created.date().isoformat(), created.strftime("%H:%M")) == ("2026-11-20", "18:45")
    assert created.utcoffset() is not None
    assert str(entry["id"]).startswith("jrnl-")


def test_importing_the_same_file_twice_adds_nothing(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(JRNL_JSON), encoding="utf-8")
    assert run("import", "--from", "jrnl", str(file)).exit_code == 0
    before = {p: p.read_bytes() for p in all_files(journal)}
    again = run("import", "--from", "jrnl", str(file))
    assert again.exit_code == 0
    assert again.stdout.startswith("Added 0 check-ins and 0 weekly reflections.\nSkipped 2")
    assert {p: p.read_bytes() for p in all_files(journal)} == before


def test_dry_run_writes_nothing(run: Run, journal: Path, tmp_path: Path) -> None:
    file = tmp_path / "daylio.csv"
    file.write_text(DAYLIO_CSV, encoding="utf-8")
    result = run("import", "--from", "daylio", "--dry-run", str(file))
    assert result.exit_code == 0
    assert result.stdout.startswith("Would add 2 check-ins on 2 days")
    assert "Dry run: nothing was written." in result.stderr
    assert all_files(journal) == []


def test_jrnl_plain_text_journal(run: Run, journal: Path, tmp_path: Path) -> None:
    file = tmp_path / "journal.txt"
    file.write_text(JRNL_TEXT, encoding="utf-8")
    result = run("import", "--from", "jrnl", "--area", "goals", str(file))
    assert result.exit_code == 0, result.stderr
    [first] = entries_on(journal, "2026-11-22")
    assert first["goals"] == {
        "rating": None,
        "reflection": "Morning pages. Wrote about @focus\n\nA second line.",
    }
    assert first["tags"] == ["focus"]
    [second] = entries_on(journal, "2026-11-23")
    assert second["goals"] == {"rating": None, "reflection": "Starred one"}
    assert second["tags"] == ["starred"]
    assert datetime.fromisoformat(str(second["created"])).strftime("%H:%M") == "20:00"


def test_jrnl_json_and_journal_file_of_one_journal_are_the_same_entries(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "jrnl.json"
    exported.write_text(json.dumps(JRNL_SAME_JSON, indent=2), encoding="utf-8")
    text = tmp_path / "journal.txt"
    text.write_text(JRNL_SAME_TEXT, encoding="utf-8")
    assert run("import", "--from", "jrnl", str(exported)).exit_code == 0
    again = run("import", "--from", "jrnl", str(text))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith("Added 0 check-ins and 0 weekly reflections.\nSkipped 2")
    [quiet] = entries_on(journal, "2026-11-21")
    assert quiet["tags"] == ["starred"]


def test_dayone_zip_keeps_its_time_zone(run: Run, journal: Path, tmp_path: Path) -> None:
    file = tmp_path / "Export.zip"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("Journal.json", json.dumps(dayone_export([DAYONE_ENTRY]), indent=2))
        archive.writestr("photos/9f1c.jpeg", b"\xff\xd8 not really a photo")
    result = run("import", "--from", "dayone", str(file))
    assert result.exit_code == 0, result.stderr
    [entry] = entries_on(journal, "2026-11-27")  # 23:30 UTC is 08:30 the next day in Tokyo
    assert entry["created"] == "2026-11-27T08:30:00+09:00"
    assert entry["behaviour"] == {"rating": None, "reflection": "Late entry\n\nAbout the offsite."}
    assert entry["tags"] == ["deep-work", "starred"]


def test_dayone_json_inside_the_zip_is_the_same_entry(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    zipped = tmp_path / "Export.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("Journal.json", json.dumps(dayone_export([DAYONE_ENTRY])))
    plain = tmp_path / "Journal.json"
    plain.write_text(json.dumps(dayone_export([DAYONE_ENTRY])), encoding="utf-8")
    assert run("import", "--from", "dayone", str(zipped)).exit_code == 0
    again = run("import", "--from", "dayone", str(plain))
    assert again.exit_code == 0
    assert "Skipped 1 check-in" in again.stdout


def test_daylio_mood_activities_and_note(run: Run, journal: Path, tmp_path: Path) -> None:
    file = tmp_path / "daylio_export.csv"
    file.write_text(DAYLIO_CSV, encoding="utf-8")
    result = run("import", "--from", "daylio", str(file))
    assert result.exit_code == 0, result.stderr
    [good] = entries_on(journal, "2026-11-25")
    assert good["emotions"] == {"rating": 4, "reflection": "Dinner\n\nLaughed a lot"}
    assert good["tags"] == ["friends", "movies-/-tv"]
    assert datetime.fromisoformat(str(good["created"])).strftime("%H:%M") == "21:15"
    [awful] = entries_on(journal, "2026-11-24")
    assert awful["emotions"] == {"rating": 1, "reflection": ""}
    assert awful["tags"] == []


def test_daylio_older_header(run: Run, journal: Path, tmp_path: Path) -> None:
    file = tmp_path / "daylio_export.csv"
    file.write_text(DAYLIO_OLD_CSV, encoding="utf-8")
    assert run("import", "--from", "daylio", str(file)).exit_code == 0
    [entry] = entries_on(journal, "2018-05-18")
    assert entry["emotions"] == {"rating": 5, "reflection": "Went to a party"}
    assert entry["tags"] == ["clean", "cook"]


def test_a_bad_row_stops_the_whole_import(run: Run, journal: Path, tmp_path: Path) -> None:
    file = tmp_path / "daylio.csv"
    file.write_text(
        DAYLIO_CSV + "2026-11-23,November 23,Monday,10:00,superb,,,\n", encoding="utf-8"
    )
    result = run("import", "--from", "daylio", str(file))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {file}: row 3: the mood 'superb' is not one of Daylio's five (rad, good, meh, "
        "bad, awful); fix the file and import it again; nothing was imported\n"
    )
    assert all_files(journal) == []


def test_a_file_of_another_app_is_named(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "jrnl.json"
    file.write_text(json.dumps(JRNL_JSON), encoding="utf-8")
    result = run("import", "--from", "daylio", str(file))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {file} is not a Daylio CSV export (its header is not Daylio's); give the CSV "
        "Daylio exports (Settings, Export entries, CSV); nothing was imported\n"
    )


def test_area_only_where_it_applies(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "daylio.csv"
    file.write_text(DAYLIO_CSV, encoding="utf-8")
    result = run("import", "--from", "daylio", "--area", "goals", str(file))
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --area does not apply to --from daylio; leave --area out\n",
    )
    assert run("export", "--format", "json", "-o", str(tmp_path / "b.json")).exit_code == 0
    backup = run("import", "--area", "goals", str(tmp_path / "b.json"))  # the streamed path
    assert (backup.exit_code, backup.stderr) == (
        2,
        "error: --area does not apply to --from selflead; leave --area out\n",
    )
    jrnl = tmp_path / "jrnl.json"
    jrnl.write_text(json.dumps(JRNL_JSON), encoding="utf-8")
    bad = run("import", "--from", "jrnl", "--area", "mood", str(jrnl))
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: --area 'mood' is not an area; use one of: communication, emotions, behaviour, "
        "goals\n",
    )


def test_unknown_source_lists_the_formats(run: Run, tmp_path: Path) -> None:
    result = run("import", "--from", "obsidian", str(tmp_path / "x"))
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --from 'obsidian' is not a format selflead knows; use one of: selflead, jrnl, "
        "dayone, daylio\n",
    )
