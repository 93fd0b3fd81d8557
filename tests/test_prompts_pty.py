"""The line editor at every interactive prompt, in a real pseudo-terminal: editing keys,
paste, long lines, Ctrl-D, Esc Enter, the editor key, history, and a redirected stdout."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from helpers import (
    ALT_ENTER,
    CTRL_D,
    CTRL_W,
    CTRL_X_CTRL_E,
    END,
    ENTER,
    HOME,
    LEFT,
    RATING,
    REFLECTION,
    REVIEW,
    RIGHT,
    TAGS,
    answer_area,
    day_entries,
    editor_runs,
    finish,
    paste,
    save_rest,
    screen_lines,
    spawn,
    write_editor,
)

WEEK = "2026-W47"
THREE_PARAGRAPHS = "First paragraph, line one.\nLine two.\n\n3\n\nSecond paragraph.\n\nThird."


def checkin_with_first_reflection(journal: Path, keys: str, **options: object) -> str:
    """Type ``keys`` at the first reflection (after rating 4), skip the rest, save; the text."""
    child = spawn(journal, "checkin", **options)  # type: ignore[arg-type]
    child.expect(RATING)
    child.send("4" + ENTER)
    child.expect(REFLECTION)
    child.send(keys)
    save_rest(child)
    code, rest = finish(child)
    assert code == 0, screen_lines(rest)
    [entry] = day_entries(journal)
    text: str = entry["communication"]["reflection"]
    assert entry["emotions"] == {"rating": None, "reflection": ""}  # nothing spilled over
    return text


def test_arrow_keys_edit_the_line_and_only_the_corrected_text_is_saved(journal: Path) -> None:
    keys = "Asked befre" + LEFT * 2 + "o" + END + " advising" + ENTER
    keys += "second lin" + HOME + "the " + END + "e" + ENTER + ENTER
    assert checkin_with_first_reflection(journal, keys) == "Asked before advising\nthe second line"


def test_word_and_line_deletion_keys(journal: Path) -> None:
    keys = "Keep this, drop that" + CTRL_W + CTRL_W + "mend it" + ENTER + ENTER
    assert checkin_with_first_reflection(journal, keys) == "Keep this, mend it"


def test_a_pasted_block_with_blank_lines_lands_in_one_reflection(journal: Path) -> None:
    keys = paste(THREE_PARAGRAPHS) + ENTER + ENTER
    assert checkin_with_first_reflection(journal, keys) == THREE_PARAGRAPHS


def test_a_pasted_line_of_ten_thousand_characters_is_kept_whole(journal: Path) -> None:
    line = ("0123456789" * 1000)[:9_999] + "!"
    assert len(line) == 10_000
    assert checkin_with_first_reflection(journal, paste(line) + ENTER + ENTER) == line


@pytest.mark.parametrize("finish_key", [CTRL_D, ALT_ENTER], ids=["Ctrl-D", "Esc-Enter"])
def test_ctrl_d_and_esc_enter_finish_a_reflection(journal: Path, finish_key: str) -> None:
    keys = "One line" + ENTER + "and a second" + finish_key
    assert checkin_with_first_reflection(journal, keys) == "One line\nand a second"


def test_ctrl_d_at_a_rating_skips_it_and_never_cancels(journal: Path) -> None:
    child = spawn(journal, "checkin")
    child.expect(RATING)
    child.send(CTRL_D)
    child.expect(REFLECTION)
    child.send("Written anyway" + CTRL_D)
    for _ in range(3):
        answer_area(child)
    child.expect(TAGS)
    child.send(CTRL_D)
    child.expect(REVIEW)
    child.send(ENTER)
    code, _ = finish(child)
    assert code == 0
    [entry] = day_entries(journal)
    assert entry["communication"] == {"rating": None, "reflection": "Written anyway"}


def test_up_recalls_an_earlier_answer_to_the_same_prompt(journal: Path) -> None:
    child = spawn(journal, "checkin")
    answer_area(child, "4")
    child.expect(RATING)
    child.send("\x1b[A" + ENTER)  # Up: the rating given a moment ago
    child.expect(REFLECTION)
    child.send(ENTER)
    save_rest(child, 2)
    assert finish(child)[0] == 0
    [entry] = day_entries(journal)
    assert entry["emotions"]["rating"] == 4


@pytest.mark.parametrize("key", [CTRL_X_CTRL_E, "e" + ENTER], ids=["Ctrl-X-Ctrl-E", "e"])
def test_the_editor_key_opens_editor_on_a_private_file_and_brings_the_text_back(
    journal: Path, tmp_path: Path, key: str
) -> None:
    body = "def edit(text):\n    return text + 'From the editor.\\n\\nP2\\n'"
    editor = write_editor(tmp_path, body)
    typed = "Typed first. " if key == CTRL_X_CTRL_E else ""
    keys = typed + key
    child = spawn(journal, "checkin", env={"EDITOR": editor})
    child.expect(RATING)
    child.send("4" + ENTER)
    child.expect(REFLECTION)
    child.send(keys)
    child.expect("P2")  # back in the prompt with the editor's text, to finish
    child.send(ALT_ENTER)
    save_rest(child)
    assert finish(child)[0] == 0
    [entry] = day_entries(journal)
    assert entry["communication"]["reflection"] == typed + "From the editor.\n\nP2"
    [(path, mode, given)] = editor_runs(tmp_path)
    assert mode == "0o600"
    assert given == typed
    assert not Path(path).exists()


def test_an_editor_that_fails_keeps_what_was_typed(journal: Path, tmp_path: Path) -> None:
    editor = write_editor(tmp_path, "def edit(text):\n    return None")  # exits 1, as :cq
    child = spawn(journal, "checkin", env={"EDITOR": editor})
    child.expect(RATING)
    child.send("4" + ENTER)
    child.expect(REFLECTION)
    child.send("Still here" + CTRL_X_CTRL_E)
    child.expect("exited with status 1")
    child.expect(REFLECTION)
    child.send(CTRL_D)
    save_rest(child)
    assert finish(child)[0] == 0
    [entry] = day_entries(journal)
    assert entry["communication"]["reflection"] == "Still here"


def test_redirected_stdout_still_shows_the_prompts_on_the_terminal(
    journal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "log.txt"
    command = f"{sys.executable} -m selflead checkin > {out}"
    child = spawn(journal, shell=command)
    child.expect(r"1/4 Communication")
    answer_area(child, "4", "On the terminal")
    save_rest(child)
    code, rest = finish(child)
    assert code == 0
    assert "Saved to" in " ".join(screen_lines(rest))  # the status line is on stderr
    logged = out.read_text(encoding="utf-8")
    assert "On the terminal" in logged  # the saved check-in, the summary
    for prompt in ("rating 1-5", "Reflection", "Tags", "Enter saves", "1/4"):
        assert prompt not in logged


# ------------------------------------------------------------------------- GROW reflection


def reflect_goal(journal: Path, keys: str) -> dict[str, str]:
    """Type ``keys`` at the Goal question, skip the rest; the saved reflection."""
    child = spawn(journal, "review", "--week", WEEK, "--reflect", today="2026-11-22")
    child.expect("Goal")
    child.expect(REFLECTION)
    child.send(keys)
    for _ in range(3):
        child.expect(REFLECTION)
        child.send(ENTER)
    child.expect(re.escape("When ..."))  # the Will step's commitments: none
    child.send(ENTER)
    code, rest = finish(child)
    assert code == 0, screen_lines(rest)
    data = json.loads((journal / "reviews" / f"{WEEK}.json").read_text(encoding="utf-8"))
    reflection: dict[str, str] = data["reflection"]
    return reflection


def test_grow_arrow_editing(with_checkin: Path) -> None:
    keys = "Ship v3" + LEFT + RIGHT + "\x7f" + "2" + END + " by Friday" + ENTER + ENTER
    assert reflect_goal(with_checkin, keys)["goal"] == "Ship v2 by Friday"


def test_grow_paste_of_three_paragraphs(with_checkin: Path) -> None:
    reflection = reflect_goal(with_checkin, paste(THREE_PARAGRAPHS) + ENTER + ENTER)
    assert reflection["goal"] == THREE_PARAGRAPHS
    assert reflection["reality"] == ""  # nothing spilled into the next question


def test_grow_long_pasted_line(with_checkin: Path) -> None:
    line = "x" * 9_990 + " the end."
    assert reflect_goal(with_checkin, paste(line) + CTRL_D)["goal"] == line


def test_grow_ctrl_d_finishes(with_checkin: Path) -> None:
    assert reflect_goal(with_checkin, "Line one" + ENTER + "two" + CTRL_D)["goal"] == (
        "Line one\ntwo"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["checkin", "--no-input", "--rate", "goals=3"],
        ["checkin", "--goals", "-"],
        ["show"],
        ["list"],
        ["review", "--json"],
        ["export"],
        ["doctor"],
    ],
    ids=" ".join,
)
def test_no_prompt_toolkit_in_scripted_commands(journal: Path, command: list[str]) -> None:
    env = dict(os.environ, SELFLEAD_HOME=str(journal))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "selflead", *command],
        env=env,
        input="from stdin",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # doctor: 1 for a journal not made yet
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "selflead.cli.root" in imported  # the import log is there...
    assert not [name for name in imported if name.startswith("prompt_toolkit")]  # ...no editor


def test_pexpect_is_real(journal: Path) -> None:
    # A guard for the helpers above: without a terminal, a guided check-in does not prompt.
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f"{sys.executable} -m selflead checkin < /dev/null"],
        env=dict(os.environ, SELFLEAD_HOME=str(journal)),
        timeout=20,
    )
    child.expect("stdin is not a terminal")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def test_ctrl_c_inside_the_editor_does_not_cancel_the_check_in(
    journal: Path, tmp_path: Path
) -> None:
    body = (
        "import os, signal\n"
        "def edit(text):\n"
        "    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as vi does with its own Ctrl-C\n"
        "    os.killpg(os.getpgrp(), signal.SIGINT)  # what the terminal sends on Ctrl-C\n"
        "    return text + ' and more'\n"
    )
    editor = write_editor(tmp_path, body)
    child = spawn(journal, "checkin", env={"EDITOR": editor})
    child.expect(RATING)
    child.send("2" + ENTER)
    child.expect(REFLECTION)
    child.send("Started" + CTRL_X_CTRL_E)
    child.expect("and more")
    child.send(CTRL_D)
    save_rest(child)
    code, rest = finish(child)
    assert code == 0, screen_lines(rest)
    [entry] = day_entries(journal)
    assert entry["communication"]["reflection"] == "Started and more"


def test_a_reflection_over_the_limit_is_shown_again_to_shorten_not_cut(journal: Path) -> None:
    too_long = "y" * 10_001
    keys = paste(too_long) + CTRL_D
    child = spawn(journal, "checkin")
    child.expect(RATING)
    child.send("4" + ENTER)
    child.expect(REFLECTION)
    child.send(keys)
    child.expect("has 10,001 characters; the limit is 10,000")
    # The whole text is back in the prompt (taller than the screen, so its start is not shown);
    # the editor draws it only once the terminal is raw again, so keys sent from then on count.
    child.expect("yyyy")
    child.send("\x7f" + CTRL_D)  # one Backspace, and it fits
    save_rest(child)
    assert finish(child)[0] == 0
    [entry] = day_entries(journal)
    assert entry["communication"]["reflection"] == "y" * 10_000
