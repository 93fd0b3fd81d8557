"""Commitments: if-then plans made in a week's review, asked about in every check-in of that
week, shown with their records, carried over. Driven as a person meets them: the CLI, and its
interactive parts in a real pseudo-terminal."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pexpect
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from helpers import ENTER, RATING, REFLECTION, REVIEW, TAGS, one_error, spawn
from selflead.store.journal import Store

SUNDAY_W49 = "2026-12-06"  # the end of 2026-W49
SUNDAY_W50 = "2026-12-13"


def refused(result: Result, message: str) -> None:
    """Exit 2 and exactly ``message`` on stderr (no traceback)."""
    assert one_error(result, 2) == message


def tree(journal: Path) -> dict[str, bytes]:
    """The journal's files but the index, which any command may bring up to date."""
    if not journal.exists():
        return {}
    derived = {"index.sqlite3", "index.sqlite3-journal"}
    return {
        str(p.relative_to(journal)): p.read_bytes()
        for p in journal.rglob("*")
        if p.is_file() and p.name not in derived
    }


def commitments_json(run: Callable[..., Result], week: str) -> dict[str, object]:
    result = run("commitments", "--week", week, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def reflect(journal: Path, today: str, week: str, keys: list[tuple[bytes | str, str]]) -> str:
    """``review --week W --reflect`` in a pty: each (pattern, keys) waits, then types."""
    child = spawn(journal, "review", "--week", week, "--reflect", today=today, columns=100)
    child.logfile_read = seen = io.BytesIO()
    for pattern, typed in keys:
        child.expect(pattern)
        child.send(typed)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return seen.getvalue().decode()


def test_four_weeks_of_commitments(
    run: Callable[..., Result], journal: Path, monkeypatch: object
) -> None:
    env = {"SELFLEAD_TODAY": SUNDAY_W49}
    assert run("checkin", "--rate", "goals=3", env=env).exit_code == 0
    # Sunday of week 49: the reflection's Will step makes two commitments for week 50.
    grow_empty = [(REFLECTION, ENTER)]
    out = reflect(
        journal,
        SUNDAY_W49,
        "2026-W49",
        [
            *grow_empty * 4,  # Goal, Reality, Options, Will left empty
            (b"When \\.\\.\\.", "I open my laptop" + ENTER),
            (b"I will \\.\\.\\.", "write down the one result for today" + ENTER),
            (b"When \\.\\.\\.", "a meeting starts" + ENTER),
            (b"I will \\.\\.\\.", "I will listen first" + ENTER),  # the lead words are dropped
            (b"When \\.\\.\\.", ENTER),
        ],
    )
    assert "Committed (2026-W50): When I open my laptop, I will write down the one result" in out
    week50 = commitments_json(run, "2026-W50")
    items = week50["commitments"]
    assert isinstance(items, list)
    assert [(c["when"], c["will"]) for c in items] == [
        ("I open my laptop", "write down the one result for today"),
        ("a meeting starts", "listen first"),
    ]
    laptop, meeting = (c["short_id"] for c in items)
    assert len(laptop) >= 6 and len(meeting) >= 6

    # Week 50: scripted check-ins answer them; an interactive one answers kept and no occasion.
    monday = {"SELFLEAD_TODAY": "2026-12-07"}
    done = run("checkin", "--rate", "goals=4", "--kept", laptop, "--partly", meeting, env=monday)
    assert done.exit_code == 0, done.output
    assert "Recorded 2 commitments for 2026-12-07." in done.stderr
    tuesday = {"SELFLEAD_TODAY": "2026-12-08"}
    done = run("checkin", "--missed", meeting, env=tuesday)  # only the commitment: no entry
    assert done.exit_code == 0, done.output
    assert not (journal / "entries" / "2026" / "2026-12-08.json").exists()

    child = spawn(journal, "checkin", today="2026-12-09", columns=100)
    child.expect("Your commitments this week: did you?")
    child.expect("When I open my laptop, I will write down the one result for today")
    child.expect("no occasion today:")
    child.send("k" + ENTER)
    child.expect("When a meeting starts, I will listen first")
    child.expect("no occasion today:")
    child.send(ENTER)  # no occasion today
    for _ in range(4):
        child.expect(RATING)
        child.send("4" + ENTER)
        child.expect(REFLECTION)
        child.send(ENTER)
    child.expect(TAGS)
    child.send(ENTER)
    child.expect(REVIEW)
    child.send(ENTER)
    child.expect("Recorded 1 commitment for 2026-12-09.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    # The review of week 50 shows each record and the week's follow-through.
    sunday = {"SELFLEAD_TODAY": SUNDAY_W50}
    review = run("review", "--week", "2026-W50", env=sunday)
    assert review.exit_code == 0, review.output
    text = " ".join(review.stdout.split())
    assert f"{laptop} When I open my laptop, I will write down the one result for today" in text
    assert "(kept 2 of 2 occasions)" in text
    assert "(kept 0 of 2 occasions, 1 partly)" in text
    assert "Follow-through: kept 2 of 4 occasions, 1 partly (62%)." in text
    data = json.loads(run("review", "--week", "2026-W50", "--json", env=sunday).stdout)
    assert data["commitments"]["follow_through"] == {
        "kept": 2,
        "partly": 1,
        "missed": 1,
        "occasions": 4,
        "percent": 62,
    }

    # Sunday of week 50: the Reality step shows the records; one key carries the unkept one.
    out = reflect(
        journal,
        SUNDAY_W50,
        "2026-W50",
        [
            (REFLECTION, ENTER),  # Goal
            (b"Carry one over into next week\\? Type 2, or Enter for none:", "2" + ENTER),
            (REFLECTION, "Listening needs a cue" + ENTER + ENTER),  # Reality
            (REFLECTION, ENTER),  # Options
            (REFLECTION, ENTER),  # Will
            (b"When \\.\\.\\.", ENTER),
        ],
    )
    assert "1. " + laptop in out and "2. " + meeting in out
    assert "Carried into next week (2026-W51): When a meeting starts, I will listen first" in out
    week51 = commitments_json(run, "2026-W51")["commitments"]
    assert isinstance(week51, list) and len(week51) == 1
    assert week51[0]["carried_from"] == items[1]["id"]
    after = commitments_json(run, "2026-W50")["commitments"]
    assert isinstance(after, list)
    assert after[1]["carried_to"] == "2026-W51"

    # Week 51: the carried commitment is asked about; week 52 has none to answer.
    carried = week51[0]["short_id"]
    wed = {"SELFLEAD_TODAY": "2026-12-16"}
    assert run("checkin", "--kept", carried, env=wed).exit_code == 0
    listing = run("commitments", env=wed)
    assert "(kept 1 of 1 occasion)" in " ".join(listing.stdout.split())
    before = tree(journal)
    late = run(
        "checkin", "--rate", "goals=2", "--kept", carried, env={"SELFLEAD_TODAY": "2026-12-22"}
    )
    refused(
        late,
        "error: --kept: there is no open commitment in 2026-W52 (the week of 2026-12-22); "
        "add one with 'selflead commitments add --when TEXT --will TEXT'",
    )
    assert tree(journal) == before


def test_add_drop_carry_from_the_command_line(run: Callable[..., Result], journal: Path) -> None:
    env = {"SELFLEAD_TODAY": "2026-12-02"}
    added = run(
        "commitments",
        "add",
        "--when",
        "When I feel rushed,",
        "--will",
        "breathe once",
        "--json",
        env=env,
    )
    assert added.exit_code == 0, added.output
    made = json.loads(added.stdout)
    assert (made["week"], made["when"], made["will"]) == (
        "2026-W49",
        "I feel rushed",
        "breathe once",
    )
    short = made["short_id"]
    assert made["id"].startswith(short) and len(short) == 6

    dropped = run("commitments", "drop", short, env=env)
    assert dropped.exit_code == 0
    assert dropped.stderr.startswith(f"Dropped {short} (2026-W49)")
    before = tree(journal)
    refused(
        run("checkin", "--kept", short, env=env),
        "error: --kept: there is no open commitment in 2026-W49 (the week of 2026-12-02); "
        "add one with 'selflead commitments add --when TEXT --will TEXT'",
    )
    assert tree(journal) == before
    listing = run("commitments", env=env)
    assert "(no occasion yet; dropped)" in listing.stdout

    carried = run("commitments", "carry", short, env=env)
    assert carried.exit_code == 0
    assert "(2026-W50): When I feel rushed, I will breathe once" in carried.stderr
    before = tree(journal)
    refused(
        run("commitments", "carry", short, env=env),
        "error: that commitment is already carried into 2026-W50; nothing was changed",
    )
    assert tree(journal) == before


def test_bad_commitment_input_is_one_line_and_writes_nothing(
    run: Callable[..., Result], journal: Path
) -> None:
    env = {"SELFLEAD_TODAY": "2026-12-02"}
    made = json.loads(
        run("commitments", "add", "--when", "a", "--will", "b", "--json", env=env).stdout
    )
    before = tree(journal)
    cases = [
        (
            ["checkin", "--rate", "goals=4", "--kept", "ffffff"],
            "error: no commitment has the id 'ffffff'; 'selflead commitments' lists them",
        ),
        (
            ["checkin", "--kept", "abc"],
            "error: commitment id 'abc' is too short; give at least 6 characters of it",
        ),
        (
            ["checkin", "--kept", made["short_id"], "--missed", made["short_id"]],
            f"error: commitment {made['short_id']} was given twice (--kept and --missed); "
            "give one answer per commitment",
        ),
        (
            ["commitments", "drop", "ffffff"],
            "error: no commitment has the id 'ffffff'; 'selflead commitments' lists them",
        ),
        (
            ["commitments", "add", "--when", "x", "--will", "  "],
            "error: --will is empty; write the plan in two parts, e.g. --when 'I open my laptop' "
            "--will 'write down the one result for today'",
        ),
        (
            ["commitments", "--week", "2026-W60"],
            "error: week '2026-W60' does not exist: 2026 has 53 ISO weeks; write it YYYY-Www, "
            "e.g. 2026-W47",
        ),
    ]
    for args, message in cases:
        refused(run(*args, env=env), message)
        assert tree(journal) == before, args
    for _ in range(2):
        assert run("commitments", "add", "--when", "a", "--will", "b", env=env).exit_code == 0
    refused(
        run("commitments", "add", "--when", "c", "--will", "d", env=env),
        "error: 2026-W49 already has 3 open commitments; a week holds at most 3; "
        "drop one first with 'selflead commitments drop ID'",
    )


def test_short_ids_grow_until_unique() -> None:
    from selflead.core.ids import unique_prefixes

    shown = unique_prefixes(["abcdef012345", "abcdef019999", "123456abcdef"])
    assert shown == {
        "abcdef012345": "abcdef012",
        "abcdef019999": "abcdef019",
        "123456abcdef": "123456",
    }


def test_a_scripted_checkin_imports_nothing_of_commitments(journal: Path) -> None:
    env = dict(os.environ, SELFLEAD_HOME=str(journal))
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "selflead",
            "checkin",
            "--no-input",
            "--rate",
            "goals=3",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "selflead.cli.checkin" in imported
    # Only the check-in's own command module is registered; none of the coaching loop's rules,
    # commands or prompts is imported. (The Store's goal-file methods, store/goals.py, are a
    # part of the Store class, imported with it.)
    new = [name for name in imported if "commitments" in name or "goal" in name or "focus" in name]
    assert sorted(new) == ["selflead.store.goals"]


def test_doctor_checks_commitment_files_and_a_link_to_a_lost_one(
    run: Callable[..., Result], journal: Path
) -> None:
    env = {"SELFLEAD_TODAY": "2026-12-02"}
    made = json.loads(
        run("commitments", "add", "--when", "a", "--will", "b", "--json", env=env).stdout
    )
    assert run("commitments", "carry", made["id"], env=env).exit_code == 0
    assert "with 2 commitments. All well." in run("doctor").stdout
    (journal / "commitments" / "2026-W49.json").unlink()  # the one it was carried from
    result = run("doctor")
    assert result.exit_code == 0, result.output  # a note, not a problem: nothing is lost
    assert f"was carried from {made['id']}, which no longer exists" in result.stdout
    (journal / "commitments" / "2026-W50.json").write_text('{"schema_version": 1}')
    damaged = run("doctor")
    assert damaged.exit_code == 1
    assert "commitments/2026-W50.json: " in damaged.stdout


def test_the_weeks_focus_comes_back_in_every_checkin(
    run: Callable[..., Result], journal: Path
) -> None:
    for day in ("2026-12-01", "2026-12-02", "2026-12-03"):
        args = ("checkin", "--date", day, "--rate", "communication=1", "--rate", "goals=4")
        assert run(*args, env={"SELFLEAD_TODAY": day}).exit_code == 0
    review = json.loads(run("review", "--week", "2026-W49", "--json").stdout)
    assert review["focus"]["area"] == "communication"
    question = review["focus"]["question"]

    child = spawn(journal, "checkin", today="2026-12-08", columns=100)
    child.logfile_read = seen = io.BytesIO()
    child.expect("This week's focus: communication")
    child.expect(re.escape("1/4 Communication  (this week's focus)"))
    child.expect(re.escape(question))
    child.expect(RATING)
    child.send("3" + ENTER)
    child.expect(REFLECTION)
    child.send(ENTER)
    child.expect("2/4 Emotions")
    # Ctrl-C once the line editor reads the keys: sent while the heading is printed, before
    # the terminal is in raw mode, it is a SIGINT that can be lost as the editor starts.
    child.expect(RATING)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    # No commitments were made for the week: nothing is asked about them.
    assert b"did you?" not in seen.getvalue()


def _week_with_records(run: Callable[..., Result]) -> dict[str, str]:
    env = {"SELFLEAD_TODAY": "2026-12-02"}
    ids = {}
    for when, will in (("I open my laptop", "plan the day"), ("a *meeting* starts", "listen")):
        made = run("commitments", "add", "--when", when, "--will", will, "--json", env=env)
        ids[when] = json.loads(made.stdout)["short_id"]
    first, second = ids.values()
    mon = {"SELFLEAD_TODAY": "2026-11-30"}
    assert (
        run("checkin", "--rate", "goals=4", "--kept", first, "--missed", second, env=mon).exit_code
        == 0
    )
    assert run("checkin", "--kept", first, env=env).exit_code == 0
    assert run("commitments", "carry", second, env=env).exit_code == 0
    return ids


def test_export_shows_each_weeks_commitments_with_their_records(
    run: Callable[..., Result],
) -> None:
    _week_with_records(run)
    markdown = run("export", env={"SELFLEAD_TODAY": "2026-12-09"}).stdout
    assert (
        "### Commitments\n\n"
        "- When I open my laptop, I will plan the day (kept 2 of 2 occasions)\n"
        "- When a \\*meeting\\* starts, I will listen (kept 0 of 1 occasion)\n\n"
        "Follow-through: kept 2 of 3 occasions (67%)."
    ) in markdown
    assert "## Week 2026-W50" in markdown  # the carried one's week, though it has no check-in


def test_a_backup_round_trip_keeps_every_commitment_and_record(
    run: Callable[..., Result], journal: Path, tmp_path: Path
) -> None:
    _week_with_records(run)
    backup = tmp_path / "backup.json"
    backup.write_text(run("export", "--format", "json").stdout, encoding="utf-8")
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert document["version"] == 2
    assert [c["week"] for c in document["commitments"]] == ["2026-W49", "2026-W49", "2026-W50"]

    other = {"SELFLEAD_HOME": str(tmp_path / "other")}
    imported = run("import", str(backup), env=other)
    assert imported.exit_code == 0, imported.output
    assert "Added 3 commitments; skipped 0 commitments already in the journal." in imported.stdout
    for week in ("2026-W49", "2026-W50"):
        mine = run("commitments", "--week", week, "--json").stdout
        theirs = run("commitments", "--week", week, "--json", env=other).stdout
        assert mine == theirs
    again = run("import", str(backup), env=other)
    assert "Added 0 commitments; skipped 3 commitments already in the journal." in again.stdout

    # A version 1 backup (before commitments) still imports; one that claims to have them
    # under version 1 is refused whole.
    old = {k: v for k, v in document.items() if k not in ("commitments", "goals")}
    old |= {"version": 1}
    (tmp_path / "v1.json").write_text(json.dumps(old), encoding="utf-8")
    fresh = {"SELFLEAD_HOME": str(tmp_path / "fresh")}
    assert run("import", str(tmp_path / "v1.json"), env=fresh).exit_code == 0
    assert not (tmp_path / "fresh" / "commitments").exists()
    (tmp_path / "bad.json").write_text(json.dumps(document | {"version": 1}), encoding="utf-8")
    empty = {"SELFLEAD_HOME": str(tmp_path / "empty")}
    refused = run("import", str(tmp_path / "bad.json"), env=empty)
    assert refused.exit_code == 2
    assert '"commitments" came with backup format version 2, not 1' in refused.stderr
    assert not (tmp_path / "empty").exists()


def test_a_journal_from_before_commitments_works_unchanged(
    run: Callable[..., Result], journal: Path
) -> None:
    env = {"SELFLEAD_TODAY": "2026-12-02"}
    assert run("checkin", "--rate", "goals=4", env=env).exit_code == 0
    before = tree(journal)
    listing = run("commitments", env=env)
    assert listing.exit_code == 0
    assert "Commitments for 2026-W49" in listing.stdout and "None yet" in listing.stdout
    review = run("review", "--json", env=env)
    assert json.loads(review.stdout)["commitments"]["commitments"] == []
    assert "Commitments" not in run("review", env=env).stdout  # no empty section
    assert run("doctor").exit_code == 0
    assert tree(journal) == before  # reading it wrote nothing, made no folder


@given(st.sets(st.text("0123456789abcdef", min_size=12, max_size=12), max_size=40))
def test_every_short_id_is_unique_and_resolves_to_its_id(ids: set[str]) -> None:
    from selflead.core.commitments import resolve_id
    from selflead.core.ids import MIN_SHORT as SHORT_ID
    from selflead.core.ids import unique_prefixes

    shown = unique_prefixes(ids)
    assert set(shown) == ids
    for full, prefix in shown.items():
        assert len(prefix) >= SHORT_ID and full.startswith(prefix)
        assert resolve_id(prefix, ids) == full
        # one character shorter (down to the minimum) would be ambiguous or too short
        if len(prefix) > SHORT_ID:
            assert sum(other.startswith(prefix[:-1]) for other in ids) > 1


def test_marks_that_fail_after_the_checkin_is_saved_show_the_saved_checkin_then_the_error(
    run: Callable[..., Result], journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check-in is written first: when its commitments' marks cannot be written after
    it, the saved check-in is still shown (so that nobody records it twice), then one error."""
    from selflead.core import commitments
    from selflead.errors import StorageError

    env = {"SELFLEAD_TODAY": "2026-12-02"}
    made = json.loads(
        run("commitments", "add", "--when", "a", "--will", "b", "--json", env=env).stdout
    )

    def full_disk(*_: object) -> None:
        raise StorageError("could not save 2026-W49.json: no space left on device")

    monkeypatch.setattr(commitments, "save_marks", full_disk)
    done = run("checkin", "--rate", "goals=4", "--kept", made["short_id"], env=env)
    assert done.exit_code == StorageError.exit_code, done.output
    assert "Saved: Wednesday 2 December 2026" in done.stdout
    said = done.stderr.splitlines()
    assert said[0].startswith(f"Saved to {journal / 'entries' / '2026' / '2026-12-02.json'}")
    assert said[1:] == ["error: could not save 2026-W49.json: no space left on device"]
    assert len(Store(journal).read_day(date(2026, 12, 2))) == 1
