"""Messages speak selflead, not pydantic, count right, and show what cannot be seen: no
"Value error, " prefix, no "items after validation", "1 file", ``-o -`` is stdout, and
zero-width and tag characters are visible escapes, so two tags that look alike differ."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Run = Callable[..., Result]
STAMP = "2026-11-24T10:00:00+00:00"


def _import(run: Run, tmp_path: Path, **entry: Any) -> Result:
    doc = {
        "format": "selflead",
        "version": 1,
        "entries": [{"id": "e1", "date": "2026-11-24", "created": STAMP, **entry}],
    }
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc))
    return run("import", str(path))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"goals": {"reflection": "x" * 10_001}},
            "entry 1, goals.reflection: has 10,001 characters; at most 10,000 are allowed",
        ),
        ({"tags": ["a"] * 21}, "entry 1, tags: holds 21 items; at most 20 are allowed"),
        (
            {"tags": ["two words"]},
            "entry 1, tags.0: a tag is a single word without spaces, commas or control characters",
        ),
        ({"date": "2026-02-30"}, "entry 1, date: day is out of range for month"),
        (
            {"created": "yesterday"},
            "entry 1, created: must be an ISO 8601 timestamp with a UTC offset",
        ),
    ],
)
def test_import_messages_are_ours(
    run: Run, tmp_path: Path, entry: dict[str, Any], message: str
) -> None:
    result = _import(run, tmp_path, **entry)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {tmp_path / 'b.json'}: {message}"), line
    assert "Value error" not in line and "after validation" not in line


def test_a_damaged_day_file_message_is_ours_too(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    path = journal / "entries" / "2026" / "2026-11-24.json"
    doc = json.loads(path.read_text())
    doc["entries"][0]["tags"] = ["bad tag"]
    path.write_text(json.dumps(doc))
    result = run("show", "2026-11-24")
    assert result.exit_code == 3
    assert "Value error" not in result.stderr
    assert "tags.0: a tag is a single word" in result.stderr


def test_quotes_messages_are_ours(run: Run, journal: Path) -> None:
    journal.mkdir(mode=0o700)
    (journal / "quotes.yaml").write_text(
        "quotes:\n  - text: ''\n    author: x\n    areas: [nope]\n"
    )
    result = run("quote")
    assert result.exit_code == 3
    assert "Value error" not in result.stderr and "quotes.0" in result.stderr


@pytest.mark.parametrize(("days", "files"), [(1, "1 file"), (2, "2 files")])
def test_split_counts_its_files(run: Run, tmp_path: Path, days: int, files: str) -> None:
    for day in range(days):
        assert run("checkin", "--date", f"2026-11-2{day}", "-r", "goals=3").exit_code == 0
    result = run("export", "--split", "day", "-o", str(tmp_path / "notes"))
    assert result.exit_code == 0
    assert result.stderr.strip().endswith(f"to {files} in {tmp_path / 'notes'}")


def test_export_dash_writes_to_stdout(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("checkin", "-r", "goals=3").exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = run("export", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# selflead journal")
    assert not (tmp_path / "-").exists()


UNSEEN = {
    "zero-width space": ("q4\u200b", "q4\\u200b"),
    "word joiner": ("q\u20604", "q\\u20604"),
    "byte-order mark": ("\ufeffq4", "\\ufeffq4"),
    "tag character": ("q4\U000e0001", "q4\\U000e0001"),
    "cancel tag": ("q4\U000e007f", "q4\\U000e007f"),
}


@pytest.mark.parametrize("case", UNSEEN)
def test_unseen_characters_in_tags_are_shown(run: Run, case: str) -> None:
    typed, shown = UNSEEN[case]
    assert run("checkin", "-r", "goals=3", "--tag", "q4").exit_code == 0
    saved = run("checkin", "-r", "goals=3", "--tag", typed)
    assert saved.exit_code == 0
    for argv in (["show"], ["list"]):
        result = run(*argv)
        assert result.exit_code == 0
        assert typed not in result.stdout
        assert shown in result.stdout, (argv, result.stdout)
        assert "q4" in result.stdout  # and the plain tag is there, distinct
    listed = json.loads(run("list", "--json").stdout)
    assert {tag for entry in listed for tag in entry["tags"]} == {"q4", typed}
    raw = run("list", "--json").stdout
    assert typed not in raw  # written as \\u escapes: the same data, nothing unseen


@pytest.mark.parametrize("case", UNSEEN)
def test_unseen_characters_in_reflections_are_shown(run: Run, case: str) -> None:
    typed, shown = UNSEEN[case]
    assert run("checkin", "-r", "goals=3", "--goals", f"same {typed} text").exit_code == 0
    result = run("show")
    assert f"same {shown} text" in result.stdout
    exported = run("export").stdout
    assert typed not in exported and shown in exported.replace("\\\\", "\\")


def test_an_unseen_character_in_an_error_is_shown(run: Run) -> None:
    result = run("checkin", "--rate", "goals\u200b=3")
    assert result.exit_code == 2
    assert "goals\\u200b" in result.stderr and "\u200b" not in result.stderr
