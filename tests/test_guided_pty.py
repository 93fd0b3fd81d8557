"""The guided check-in in a real pseudo-terminal (pexpect): what a person at a keyboard meets."""

from __future__ import annotations

import json
import os
import re
import sys
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pexpect
import pytest

from selflead.core.coaching import QUESTIONS, question_for
from selflead.models import AREAS

TODAY = "2026-11-24"
RATING = re.escape(b"rating 1-5 (Enter to skip): ")
REFLECTION = re.escape(b"Reflection (Enter on an empty line to finish; Enter now to skip): ")
MORE = re.escape("  … ".encode())
TAGS = re.escape(b"Tags, separated by spaces (Enter to skip): ")


def spawn(journal: Path, *args: str, today: str = TODAY, term: str = "dumb") -> pexpect.spawn:
    env = dict(os.environ)
    env |= {
        "SELFLEAD_HOME": str(journal),
        "SELFLEAD_TODAY": today,
        "TERM": term,
        "NO_COLOR": "1",
        "COLUMNS": "200",  # one question per line, so it can be matched whole
        "LINES": "40",
        "LC_ALL": "C.UTF-8",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "selflead", "checkin", *args],
        env=env,
        dimensions=(40, 200),
        timeout=20,  # a guard against a hung test, not a timing check
        echo=False,
    )
    child.delaybeforesend = None  # echo is off, so there is no echo race to wait out
    return child


def finish(child: pexpect.spawn) -> tuple[int, bytes]:
    """Wait for the program to end; its exit code and everything it printed since the last match."""
    child.expect(pexpect.EOF)
    rest: bytes = child.before
    child.close()
    assert child.signalstatus is None
    code: int = child.exitstatus
    return code, rest


def skip_area(child: pexpect.spawn) -> None:
    child.expect(RATING)
    child.sendline("")
    child.expect(REFLECTION)
    child.sendline("")


def day_files(journal: Path) -> list[Path]:
    return sorted(journal.rglob("*.json"))


def test_a_full_guided_check_in_is_saved_exactly(journal: Path) -> None:
    child = spawn(journal, "--date", "yesterday", "--tag", "pre")
    child.expect(re.escape("Check-in for Monday 23 November 2026"))

    # 1/4 Communication: wrong ratings are asked again, then a three-line reflection.
    child.expect(re.escape("1/4 Communication"))
    child.expect(re.escape(b"Communication ") + RATING)
    for wrong in ("9", "0", "x", "²", "2.5", "4 4"):
        child.sendline(wrong)
        child.expect(re.escape("Please type a number from 1 to 5, or press Enter."))
        child.expect(RATING)
    child.sendline(" 4 ")
    child.expect(REFLECTION)
    child.sendline("Asked before advising in the 1:1.")
    child.expect(MORE)
    child.sendline("  Then I listened, [bold]really[/] listened.")
    child.expect(MORE)
    child.send(b"caf\xe9 is not UTF-8\r")  # refused with a message; the line is not kept
    # Depending on the locale's error handler, it is refused as undecodable or as not Unicode.
    child.expect(rb"that last line was not kept\.|please type it again\.")
    child.expect(MORE)
    child.sendline("Tomorrow: the same.")
    child.expect(MORE)
    child.sendline("")

    # 2/4 Emotions: skipped entirely with Enter twice.
    child.expect(re.escape("2/4 Emotions"))
    skip_area(child)

    # 3/4 Behaviour: a rating only.
    child.expect(re.escape("3/4 Behaviour"))
    child.expect(RATING)
    child.sendline("1")
    child.expect(REFLECTION)
    child.sendline("")

    # 4/4 Goals: a reflection only.
    child.expect(re.escape("4/4 Goals"))
    child.expect(RATING)
    child.sendline("")
    child.expect(REFLECTION)
    child.sendline("Closed the Q4 plan")
    child.expect(MORE)
    child.sendline("   ")  # a blank line finishes too

    # Tags: a bad one makes it ask again; '#' is dropped.
    child.expect(TAGS)
    child.sendline("q4 " + "t" * 33)
    child.expect(re.escape("please type the tags again."))
    child.expect(TAGS)
    child.sendline("q4 #pitch")
    code, rest = finish(child)
    assert code == 0, rest
    assert b"Saved to" in rest
    assert b"Traceback" not in rest

    [path] = day_files(journal)
    assert path == journal / "entries" / "2026" / "2026-11-23.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    [entry] = data["entries"]
    uuid.UUID(entry["id"])
    created = datetime.fromisoformat(entry["created"])
    assert created.tzinfo is not None
    assert data == {
        "schema_version": 2,
        "date": "2026-11-23",
        "entries": [
            {
                "id": entry["id"],
                "date": "2026-11-23",
                "created": entry["created"],
                "communication": {
                    "rating": 4,
                    "reflection": "Asked before advising in the 1:1.\n"
                    "  Then I listened, [bold]really[/] listened.\n"
                    "Tomorrow: the same.",
                },
                "emotions": {"rating": None, "reflection": ""},
                "behaviour": {"rating": 1, "reflection": ""},
                "goals": {"rating": None, "reflection": "Closed the Q4 plan"},
                "tags": ["pre", "q4", "pitch"],
                "updated": None,
            }
        ],
    }


def test_a_guided_check_in_adds_to_the_day(journal: Path) -> None:
    for rating in ("2", "5"):
        child = spawn(journal)
        child.expect(RATING)
        child.sendline(rating)
        child.expect(REFLECTION)
        child.sendline("")
        for _ in range(3):
            skip_area(child)
        child.expect(TAGS)
        child.sendline("")
        code, rest = finish(child)
        assert code == 0, rest
    [path] = day_files(journal)
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert [e["communication"]["rating"] for e in entries] == [2, 5]
    assert [e["tags"] for e in entries] == [[], []]


def test_skipping_everything_saves_nothing(journal: Path) -> None:
    child = spawn(journal)
    for _ in AREAS:
        skip_area(child)
    child.expect(TAGS)
    child.sendline("lonely-tag")
    code, rest = finish(child)
    assert code == 2
    assert b"error: nothing to save: every area was skipped" in rest
    assert b"Traceback" not in rest
    assert day_files(journal) == []


def test_control_characters_typed_are_kept_but_shown_as_escapes(journal: Path) -> None:
    child = spawn(journal)
    child.expect(RATING)
    child.sendline("3")
    child.expect(REFLECTION)
    child.send(b"a\x1b[31mred\x1b[0m done\r")
    child.expect(MORE)
    child.sendline("")
    for _ in range(3):
        skip_area(child)
    child.expect(TAGS)
    child.sendline("")
    code, rest = finish(child)
    assert code == 0, rest
    # TERM=dumb and no echo: the only bytes are selflead's own, and none of them is ESC.
    assert b"\x1b" not in rest
    assert rb"a\x1b[31mred\x1b[0m done" in rest
    [path] = day_files(journal)
    [entry] = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert entry["communication"]["reflection"] == "a\x1b[31mred\x1b[0m done"


def _answer_until(child: pexpect.spawn, stop: str) -> None:
    """Answer prompts until the point named by ``stop`` is reached (and not answered)."""
    child.expect(RATING)
    if stop == "first rating":
        return
    child.sendline("4")
    child.expect(REFLECTION)
    child.sendline("A line that must not be saved")
    child.expect(MORE)
    if stop == "reflection":
        return
    child.sendline("")
    for _ in range(3):
        child.expect(RATING)
        child.sendline("3")
        child.expect(REFLECTION)
        child.sendline("more")
        child.expect(MORE)
        child.sendline("")
    child.expect(TAGS)
    assert stop == "tags"


@pytest.mark.parametrize("key", ["Ctrl-C", "Ctrl-D"])
@pytest.mark.parametrize("stop", ["first rating", "reflection", "tags"])
def test_cancel_saves_nothing_and_exits_130(journal: Path, key: str, stop: str) -> None:
    child = spawn(journal)
    _answer_until(child, stop)
    if key == "Ctrl-C":
        child.sendintr()
    else:
        child.sendeof()
    code, rest = finish(child)
    assert code == 130
    text = rest.decode("utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith("error: ")
    assert "cancelled" in lines[0]
    assert "nothing was saved" in lines[0]
    assert "Traceback" not in text
    assert not journal.exists()


def _questions_shown(journal: Path, today: str) -> list[str]:
    child = spawn(journal, today=today)
    shown = []
    for number in range(1, len(AREAS) + 1):
        child.expect(re.escape(f"{number}/4 "))
        child.expect(rb"\n  (.+?)\r?\n")
        shown.append(child.match.group(1).decode("utf-8").strip())
        skip_area(child)
    child.expect(TAGS)
    child.sendintr()
    code, _ = finish(child)
    assert code == 130
    return shown


def test_questions_rotate_by_day(journal: Path) -> None:
    days = [date(2026, 11, 23), date(2026, 11, 24)]
    monday, tuesday = (_questions_shown(journal, d.isoformat()) for d in days)
    for index, area in enumerate(AREAS):
        assert monday[index] == question_for(area, days[0])
        assert tuesday[index] == question_for(area, days[1])
        assert monday[index] in QUESTIONS[area]
        assert monday[index] != tuesday[index], area
    assert not journal.exists()
