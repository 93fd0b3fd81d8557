"""``selflead edit`` in a terminal: the entry in ``$EDITOR`` (a fake one, a Python script) as
the template ``checkin --editor`` writes; errors reopen it; unchanged or emptied changes
nothing; a template given up or a failed save is kept, and ``edit --resume`` brings it back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from helpers import editor_runs, finish, screen_lines, spawn, write_editor

TODAY = "2026-11-30"
DAY = "2026-11-24"


def day_file(journal: Path, day: str) -> Path:
    return journal / "entries" / day[:4] / f"{day}.json"


def entries_on(journal: Path, day: str) -> list[dict[str, Any]]:
    path = day_file(journal, day)
    if not path.exists():
        return []
    found: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["entries"]
    return found


def selflead(journal: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"SELFLEAD_HOME": str(journal), "SELFLEAD_TODAY": TODAY, "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "selflead", *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def checkin(journal: Path, *args: str) -> str:
    done = selflead(journal, "checkin", "--no-input", "--date", DAY, *args)
    assert done.returncode == 0, done.stderr
    return str(json.loads(selflead(journal, "list", "--all", "--json").stdout)[-1]["id"])


def files(journal: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(journal)): p.read_bytes()
        for p in sorted(journal.rglob("*"))
        if p.is_file() and not p.name.startswith("index.sqlite3")
    }


def edit_in(journal: Path, tmp_path: Path, body: str, *args: str) -> tuple[int, list[str]]:
    editor = write_editor(tmp_path, body)
    child = spawn(journal, "edit", *args, today=TODAY, env={"EDITOR": editor})
    code, rest = finish(child)
    return code, screen_lines(rest)


CHANGE = r"""
import re
def edit(text):
    text = re.sub(r"(## Goals\n#[^\n]*\n)rating: 2", r"\1rating: 4", text)
    text = text.replace("draft plan", "Closed the plan.\n\n\\# not a heading")
    text = re.sub(r"(## Emotions\n#[^\n]*\n)rating: ", r"\1rating: 3\nCalmer than I thought", text)
    text = text.replace("\nq4 planning\n", "\nq4 review\n")
    return text.replace("date: 2026-11-24", "date: 2026-11-22")
"""


def test_the_entry_opens_in_the_editor_and_what_is_saved_there_changes_it(
    journal: Path, tmp_path: Path
) -> None:
    entry_id = checkin(journal, "--rate", "goals=2", "--goals", "draft plan", "--tag", "q4")
    checkin(journal, "--goals", "a later one")  # the id picks the older one
    [before, _] = entries_on(journal, DAY)
    code, lines = edit_in(journal, tmp_path, CHANGE.replace("q4 planning", "q4"), entry_id[:6])
    assert code == 0, lines
    assert lines[-1].startswith(f"Saved {entry_id[:6]} to ")
    assert lines[-1].endswith(", moved from 2026-11-24")

    [(path, mode, shown)] = editor_runs(tmp_path)
    assert mode == "0o600"
    assert not Path(path).exists()
    assert shown.startswith(f"# selflead: editing the check-in {entry_id[:6]} of ")
    assert "date: 2026-11-24\n" in shown
    assert "rating: 2\ndraft plan\n" in shown
    assert shown.endswith("\nq4\n")

    [after] = entries_on(journal, "2026-11-22")
    assert [e["goals"]["reflection"] for e in entries_on(journal, DAY)] == ["a later one"]
    assert after["id"] == before["id"] and after["created"] == before["created"]
    assert after["updated"] is not None
    assert after["goals"] == {"rating": 4, "reflection": "Closed the plan.\n\n# not a heading"}
    assert after["emotions"] == {"rating": 3, "reflection": "Calmer than I thought"}
    assert after["tags"] == ["q4", "review"]


def test_an_unchanged_or_emptied_file_changes_nothing(journal: Path, tmp_path: Path) -> None:
    checkin(journal, "--rate", "goals=2", "--goals", "draft plan")
    before = files(journal)
    cases = {
        "def edit(text):\n    return text": (
            "cancelled: the check-in was left unchanged; nothing was changed"
        ),
        "def edit(text):\n    return ''": "cancelled: the check-in was emptied; nothing was "
        "changed; to remove it, run: selflead delete ",
        "import re\ndef edit(text):\n    return re.sub(r'rating: \\d|draft plan', '', text)": (
            "cancelled: every rating and reflection was emptied; nothing was changed; "
            "to remove it, run: selflead delete "
        ),
    }
    for body, said in cases.items():
        code, lines = edit_in(journal, tmp_path, body)
        assert code == 130, lines
        assert lines[-1].startswith(said), lines
        assert files(journal) == before


def test_an_error_reopens_the_editor_with_the_message_on_top(journal: Path, tmp_path: Path) -> None:
    checkin(journal, "--rate", "goals=2", "--goals", "draft plan")
    body = (
        "def edit(text):\n"
        "    if runs == 0:\n"
        "        return text.replace('rating: 2', 'rating: 7').replace('draft', 'final')\n"
        "    assert text.startswith('# error: line '), text\n"
        "    return text.replace('rating: 7', 'rating: 5')\n"
    )
    code, lines = edit_in(journal, tmp_path, body)
    assert code == 0, lines
    assert any("the Goals rating must be a whole number from 1 to 5" in line for line in lines)
    runs = editor_runs(tmp_path)
    assert len(runs) == 2
    assert "not '7'; fix it and save again" in runs[1][2].split("\n")[0]
    assert "final plan" in runs[1][2]  # what was typed came back, not the entry as saved
    [entry] = entries_on(journal, DAY)
    assert entry["goals"] == {"rating": 5, "reflection": "final plan"}


def test_an_error_left_in_place_is_kept_and_resume_reopens_it(
    journal: Path, tmp_path: Path
) -> None:
    entry_id = checkin(journal, "--rate", "goals=2", "--goals", "draft plan")
    body = (
        "def edit(text):\n"
        "    return text.replace('rating: 2', 'rating: 9').replace('draft', 'typed') "
        "if runs == 0 else text\n"
    )
    code, lines = edit_in(journal, tmp_path, body)
    assert code == 2
    [kept] = (journal / "recovery").iterdir()
    assert kept.name.startswith("edit-")
    assert kept.stat().st_mode & 0o777 == 0o600
    assert lines[-1].startswith("error: the check-in still has an error: line ")
    assert lines[-1].endswith(f"your text is kept in {kept}; 'selflead edit --resume' reopens it")
    data = json.loads(kept.read_text(encoding="utf-8"))["answers"]
    assert data["id"] == entry_id and "typed plan" in data["template"]
    [entry] = entries_on(journal, DAY)
    assert entry["goals"] == {"rating": 2, "reflection": "draft plan"}

    # Without a terminal it cannot be fixed, so it is refused and stays.
    done = selflead(journal, "edit", "--resume")
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {kept} holds an edit's template with an error in it")

    (tmp_path / "seen.txt").unlink()
    code, lines = edit_in(
        journal,
        tmp_path,
        "def edit(text):\n    return text.replace('rating: 9', 'rating: 3')",
        "--resume",
    )
    assert code == 0, lines
    [(_, _, shown)] = editor_runs(tmp_path)
    assert "typed plan" in shown
    [entry] = entries_on(journal, DAY)
    assert entry["goals"] == {"rating": 3, "reflection": "typed plan"}
    assert list((journal / "recovery").iterdir()) == []


def test_a_failed_save_keeps_the_edit_and_resume_saves_it(journal: Path, tmp_path: Path) -> None:
    checkin(journal, "--rate", "goals=2", "--goals", "draft plan")
    path = day_file(journal, DAY)
    good = path.read_bytes()
    # Another program breaks the day's file while the editor is open.
    body = (
        "def edit(text):\n"
        f"    pathlib.Path({str(path)!r}).write_text('{{\"schema_version\": 2, ')\n"
        "    return text.replace('draft plan', 'Typed while the file broke')\n"
    )
    code, lines = edit_in(journal, tmp_path, body)
    assert code == 3, lines
    [kept] = (journal / "recovery").iterdir()
    assert lines[-1].startswith(f"error: {path}: ")
    assert lines[-1].endswith(
        f"your answers are kept in {kept}; 'selflead edit --resume' saves them"
    )
    answers = json.loads(kept.read_text(encoding="utf-8"))["answers"]["answers"]
    assert answers["reflections"] == {"goals": "Typed while the file broke"}

    path.write_bytes(good)  # mended; without a terminal, --resume saves what was kept
    done = selflead(journal, "edit", "--resume")
    assert done.returncode == 0, done.stderr
    [entry] = entries_on(journal, DAY)
    assert entry["goals"] == {"rating": 2, "reflection": "Typed while the file broke"}
    assert not kept.exists()


def test_a_field_changed_meanwhile_stays(journal: Path, tmp_path: Path) -> None:
    entry_id = checkin(journal, "--rate", "goals=2", "--goals", "draft plan")
    # While the editor is open, another selflead changes another field.
    body = (
        "import os, subprocess\n"
        "def edit(text):\n"
        f"    subprocess.run([{sys.executable!r}, '-m', 'selflead', 'edit', {entry_id!r},\n"
        "        '--behaviour', 'Changed meanwhile'], check=True, stdin=subprocess.DEVNULL)\n"
        "    return text.replace('draft plan', 'mine')\n"
    )
    code, lines = edit_in(journal, tmp_path, body)
    assert code == 0, lines
    [entry] = entries_on(journal, DAY)
    assert entry["goals"] == {"rating": 2, "reflection": "mine"}
    assert entry["behaviour"]["reflection"] == "Changed meanwhile"


def test_resume_with_nothing_kept_says_so(journal: Path) -> None:
    done = selflead(journal, "edit", "--resume")
    assert done.returncode == 2
    assert done.stderr.startswith("error: there are no kept answers to resume in ")
