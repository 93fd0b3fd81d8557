"""``selflead checkin --editor``: the whole check-in as one template in $EDITOR (a fake one
here, a Python script), parsed back; errors reopen the editor; unchanged or emptied saves
nothing. And the template's round trip, as a property."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import day_entries, editor_runs, finish, screen_lines, spawn, write_editor
from selflead.areas import AREAS
from selflead.core import template
from selflead.core.answers import Answers

FILL_GOALS = r"""
import re
GOALS = r"\1rating: {rating}\nClosed the plan.\n\n\\# not a heading\nNext: ship."
def edit(text):
    text = re.sub(r"(## Goals\n#[^\n]*\n)rating: ", GOALS, text)
    return text.replace("e.g. q4 planning\n", "e.g. q4 planning\nq4 #plan\n")
"""


def run_editor(journal: Path, tmp_path: Path, body: str, *args: str) -> tuple[int, list[str]]:
    editor = write_editor(tmp_path, body)
    child = spawn(journal, "checkin", "--editor", *args, env={"VISUAL": editor})
    code, rest = finish(child)
    return code, screen_lines(rest)


def test_a_filled_in_template_is_saved(journal: Path, tmp_path: Path) -> None:
    code, lines = run_editor(
        journal, tmp_path, FILL_GOALS.replace("{rating}", "4"), "--date", "yesterday"
    )
    assert code == 0, lines
    [entry] = day_entries(journal)
    assert entry["date"] == "2026-11-23"
    assert entry["goals"] == {
        "rating": 4,
        "reflection": "Closed the plan.\n\n# not a heading\nNext: ship.",
    }
    assert entry["tags"] == ["q4", "plan"]
    assert all(entry[a] == {"rating": None, "reflection": ""} for a in AREAS if a != "goals")
    [(path, mode, given_text)] = editor_runs(tmp_path)
    assert mode == "0o600"
    assert not Path(path).exists()  # removed afterwards
    assert "date: 2026-11-23" in given_text
    assert "yesterday" in given_text  # the questions are worded for the day that is over


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("def edit(text):\n    return text", "the check-in was left unchanged"),
        (
            "def edit(text):\n    return '\\n'.join(x.rstrip() for x in text.split('\\n'))",
            "the check-in was left unchanged",
        ),
        ("def edit(text):\n    return ''", "the check-in was emptied"),
        ("def edit(text):\n    return '# only notes\\n\\n'", "the check-in was emptied"),
    ],
    ids=["unchanged", "trailing spaces trimmed", "emptied", "notes only"],
)
def test_an_unchanged_or_emptied_template_saves_nothing(
    journal: Path, tmp_path: Path, body: str, why: str
) -> None:
    code, lines = run_editor(journal, tmp_path, body)
    assert code == 130
    assert lines[-1] == f"cancelled: {why}; nothing was saved"
    assert day_entries(journal) == []


def test_an_invalid_rating_reopens_the_editor_with_the_error_at_the_top(
    journal: Path, tmp_path: Path
) -> None:
    body = FILL_GOALS.replace("{rating}", "7") + (
        "first = edit\n"
        "def edit(text):\n"
        "    if runs == 0:\n"
        "        return first(text)\n"
        "    assert text.startswith('# error: line '), text\n"
        "    return text.replace('rating: 7', 'rating: 2')\n"
    )
    code, lines = run_editor(journal, tmp_path, body)
    assert code == 0, lines
    assert any("the Goals rating must be a whole number from 1 to 5" in line for line in lines)
    runs = editor_runs(tmp_path)
    assert len(runs) == 2
    first_line = runs[1][2].split("\n")[0]
    assert first_line.startswith("# error: line ")
    assert "not '7'" in first_line
    assert "Closed the plan." in runs[1][2]  # the text came back, not a fresh template
    [entry] = day_entries(journal)
    assert entry["goals"]["rating"] == 2
    assert entry["goals"]["reflection"].startswith("Closed the plan.")


def test_an_error_left_in_place_keeps_the_text_for_resume(journal: Path, tmp_path: Path) -> None:
    body = FILL_GOALS.replace("{rating}", "9") + (
        "first = edit\ndef edit(text):\n    return first(text) if runs == 0 else text\n"
    )
    code, lines = run_editor(journal, tmp_path, body)
    assert code == 2
    assert lines[-1].startswith("error: the check-in still has an error: line ")
    assert "your text is kept in" in lines[-1]
    [kept] = (journal / "recovery").iterdir()
    assert kept.stat().st_mode & 0o777 == 0o600
    assert "Closed the plan." in json.loads(kept.read_text(encoding="utf-8"))["answers"]["template"]
    assert day_entries(journal) == []

    # --resume opens the editor on that text again; fixed, it is saved and the file removed.
    (tmp_path / "seen.txt").unlink()
    fix = "def edit(text):\n    return text.replace('rating: 9', 'rating: 3')"
    editor = write_editor(tmp_path, fix)
    child = spawn(journal, "checkin", "--resume", env={"VISUAL": editor})
    code, rest = finish(child)
    assert code == 0, screen_lines(rest)
    [entry] = day_entries(journal)
    assert entry["goals"]["rating"] == 3
    assert not kept.exists()


# ------------------------------------------------------------------------- the template

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


@given(
    ratings=st.dictionaries(st.sampled_from(AREAS), st.integers(1, 5)),
    reflections=st.dictionaries(st.sampled_from(AREAS), texts),
)
def test_the_template_reads_back_what_it_was_given(
    ratings: dict[str, int], reflections: dict[str, str]
) -> None:
    today = date(2026, 11, 24)
    # A reflection as the prompts keep it: no blank lines around it, no "\r".
    cleaned = {}
    for area, text in reflections.items():
        lines = text.replace("\r", "").split("\n")
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            cleaned[area] = "\n".join(lines)
    answers = Answers(date(2026, 11, 20), dict(ratings), cleaned, ["q4"])  # type: ignore[arg-type]
    back = template.parse(template.render(answers, today=today), today=today)
    assert back == answers


def test_a_future_date_in_the_template_is_refused() -> None:
    today = date(2026, 11, 24)
    text = template.render(Answers(today), today=today).replace("2026-11-24", "2026-12-01")
    with pytest.raises(template.TemplateError, match="in the future"):
        template.parse(text, today=today)


def test_the_error_at_the_top_names_the_line_as_it_is_in_the_reopened_file() -> None:
    today = date(2026, 11, 24)
    text = template.render(Answers(today), today=today).replace("rating: \n", "rating: 8\n", 1)
    for _ in range(3):  # reopened again and again: one message, always the right line
        with pytest.raises(template.TemplateError) as caught:
            template.parse(text, today=today)
        text = template.with_error(text, caught.value)
        lines = text.split("\n")
        assert sum(line.startswith("# error: ") for line in lines) == 1
        number = int(lines[0].removeprefix("# error: line ").split(":")[0])
        assert lines[number - 1] == "rating: 8"
