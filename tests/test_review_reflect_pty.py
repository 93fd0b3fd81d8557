"""``selflead review --reflect`` in a real pseudo-terminal: GROW reflections saved per week."""

from __future__ import annotations

import json
from pathlib import Path

import pexpect

import helpers

PROMPT = "Enter now to skip"
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

    # A second reflection shows what is there; Enter keeps it, typing replaces it, '-' clears.
    keep = "Enter keeps it"
    child = spawn(journal, "review", "--week", WEEK, "--reflect")
    child.expect("Your reflection")  # the saved reflection is part of the review itself
    child.expect("Goal")
    child.expect("So far:")
    child.expect(keep)
    child.sendline("")
    child.expect("Reality")
    answer(child, "Two slow days")
    child.expect("Options")
    child.expect(keep)
    child.sendline("-")
    child.expect("…")
    child.sendline("")
    child.expect("Will")
    child.expect(keep)
    child.sendline("")
    child.expect(r"When \.\.\.")
    child.sendline("")
    child.expect("Saved to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = review_json(journal)
    reflection = data["reflection"]
    assert isinstance(reflection, dict)
    assert reflection["goal"] == "Ship [bold]v2[/] by Friday"
    assert reflection["reality"] == "Two slow days"
    assert reflection["will"] == "Call Ana on Monday"
    assert reflection["options"] == ""


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
