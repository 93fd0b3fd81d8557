"""``selflead review --reflect`` in a real pseudo-terminal: GROW reflections saved per week."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pexpect

import helpers

PROMPT = "Enter now to skip"
ENTER, BACKSPACE, CTRL_U, CTRL_W = "\r", "\x7f", "\x15", "\x17"
WEEK = "2026-W47"


def spawn(journal: Path, *args: str) -> pexpect.spawn:
    return helpers.spawn(journal, *args, today="2026-11-22", columns=100, encoding="utf-8")


def review_json(journal: Path) -> dict[str, object]:
    done = helpers.selflead("review", "--week", WEEK, "--json", env={"SELFLEAD_HOME": str(journal)})
    assert done.returncode == 0, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data


def answer(child: pexpect.spawn, *lines: str) -> None:
    """Type a (possibly multi-line) reflection and finish it with an empty line."""
    child.expect(PROMPT)
    for line in lines:
        child.sendline(line)
        child.expect("…")
    child.sendline("")


def test_reflect_saves_grow_answers_and_later_reviews_show_them(with_checkin: Path) -> None:
    journal = with_checkin
    child = spawn(journal, "review", "--week", WEEK, "--reflect")
    child.expect("Focus for next week")
    child.expect(f"Weekly reflection for {WEEK}")
    child.expect("Goal")
    answer(child, "Ship [bold]v2[/] by Friday")
    child.expect("Reality")
    child.expect(PROMPT)
    child.sendline("")  # skipped
    child.expect("Options")
    answer(child, "Pair with Ana", "Block two mornings")
    child.expect("Will")
    answer(child, "Call Ana on Monday")
    child.expect(r"When \.\.\.")  # the Will step's commitments: none
    child.sendline("")
    child.expect("Saved to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    data = review_json(journal)
    assert data["reflection"] == {
        "goal": "Ship [bold]v2[/] by Friday",
        "reality": "",
        "options": "Pair with Ana\nBlock two mornings",
        "will": "Call Ana on Monday",
    }
    saved = journal / "reviews" / f"{WEEK}.json"
    assert saved.stat().st_mode & 0o777 == 0o600

    # A second reflection offers each answer pre-filled, to edit in place: finished as it is
    # it stays, edited it changes, emptied it is cleared; an empty one is asked as before.
    prefilled = "Your answer, to edit"
    child = spawn(journal, "review", "--week", WEEK, "--reflect")
    child.expect("Your reflection")  # the saved reflection is part of the review itself
    child.expect("Goal")
    child.expect(prefilled)
    child.expect(re.escape("Ship [bold]v2[/] by Friday"))
    child.send(ENTER + ENTER)  # a new empty line, then Enter on it: kept as it reads
    child.expect("Reality")
    answer(child, "Two slow days")
    child.expect("Options")
    child.expect(prefilled)
    child.expect("Block two mornings")
    child.send(CTRL_U + BACKSPACE + CTRL_U + ENTER)  # both lines deleted: cleared
    child.expect("Will")
    child.expect(prefilled)
    child.expect("Call Ana on Monday")
    child.send(CTRL_W + "Tuesday" + ENTER + ENTER)  # one word changed in place
    child.expect(r"When \.\.\.")
    child.sendline("")
    child.expect("Saved to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = review_json(journal)
    assert data["reflection"] == {
        "goal": "Ship [bold]v2[/] by Friday",
        "reality": "Two slow days",
        "options": "",
        "will": "Call Ana on Tuesday",
    }


def test_an_answer_left_as_it_reads_is_not_saved_again(with_checkin: Path) -> None:
    journal = with_checkin
    child = spawn(journal, "review", "--week", WEEK, "--reflect")
    child.expect("Goal")
    answer(child, "Ship v2")
    for _ in range(2):
        child.expect(PROMPT)
        child.sendline("")
    child.expect("Will")
    child.expect(PROMPT)
    child.sendline("")
    child.expect(r"When \.\.\.")
    child.sendline("")
    child.expect("Saved to")
    child.expect(pexpect.EOF)
    child.close()
    saved = journal / "reviews" / f"{WEEK}.json"
    before = saved.read_bytes()

    child = spawn(journal, "review", "--week", WEEK, "--reflect")
    child.expect("Goal")
    child.expect("Your answer, to edit")
    child.expect("Ship v2")
    child.send(ENTER + ENTER)
    for _ in range(3):
        child.expect(PROMPT)
        child.sendline("")
    child.expect(r"When \.\.\.")
    child.sendline("")
    child.expect("the reflection is unchanged")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert saved.read_bytes() == before


def test_ctrl_c_during_reflect_saves_nothing(with_checkin: Path) -> None:
    journal = with_checkin
    child = spawn(journal, "review", "--week", WEEK, "--reflect")
    child.expect("Goal")
    answer(child, "Half a thought")
    child.expect("Reality")
    child.expect(PROMPT)
    child.sendintr()
    child.expect("nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")
    assert not (journal / "reviews" / f"{WEEK}.json").exists()
    assert review_json(journal)["reflection"] is None
