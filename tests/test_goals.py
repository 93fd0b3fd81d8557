"""Goals through the CLI and, for WOOP and the check-in's questions, a real pseudo-terminal:
a WOOP goal whose plan becomes a commitment, progress over the weeks, a goal going overdue."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pexpect
from typer.testing import Result

from helpers import ENTER, RATING, REFLECTION, REVIEW, TAGS, one_error, spawn


def tree(journal: Path) -> dict[str, bytes]:
    if not journal.exists():
        return {}
    return {str(p.relative_to(journal)): p.read_bytes() for p in journal.rglob("*") if p.is_file()}


def refused(result: Result, message: str) -> None:
    """Exit 2 and exactly ``message`` on stderr (no traceback)."""
    assert one_error(result, 2) == message


def goals_json(run: Callable[..., Result], today: str, *args: str) -> list[dict[str, object]]:
    result = run("goal", "list", "--json", *args, env={"SELFLEAD_TODAY": today})
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


def checkin_answering_goal(journal: Path, today: str, number: str) -> str:
    child = spawn(journal, "checkin", today=today, columns=100)
    child.logfile_read = seen = io.BytesIO()
    child.expect("did you\\?")
    child.expect("no occasion today:")
    child.send(ENTER)
    for area in range(4):
        if area == 3:
            child.expect("deals now \\(")
            child.expect("Enter keeps it\\):")
            child.send(number + ENTER)
        child.expect(RATING)
        child.send("4" + ENTER)
        child.expect(REFLECTION)
        child.send(ENTER)
    child.expect(TAGS)
    child.send(ENTER)
    child.expect(REVIEW)
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return seen.getvalue().decode()


def test_a_woop_goal_over_four_weeks(run: Callable[..., Result], journal: Path) -> None:
    child = spawn(
        journal,
        "goal",
        "add",
        "--woop",
        "--due",
        "2026-12-31",
        "--measure",
        "deals",
        "--target",
        "12",
        today="2026-12-01",
        columns=100,
    )
    child.expect("Wish")
    child.send("Close 12 deals this month" + ENTER)
    child.expect("Outcome")
    child.send("A calm January" + ENTER)
    child.expect("Obstacle")
    child.send("I put off calling" + ENTER)
    child.expect("When I put off calling, I will \\.\\.\\.")
    child.send("dial the first number before I think" + ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    [goal] = goals_json(run, "2026-12-01")
    assert goal["title"] == "Close 12 deals this month"
    assert goal["woop"] == {
        "wish": "Close 12 deals this month",
        "outcome": "A calm January",
        "obstacle": "I put off calling",
        "plan": "dial the first number before I think",
    }
    # The plan is this week's commitment.
    week = json.loads(run("commitments", "--json", env={"SELFLEAD_TODAY": "2026-12-01"}).stdout)
    assert [(c["when"], c["will"]) for c in week["commitments"]] == [
        ("I put off calling", "dial the first number before I think")
    ]

    # Week 1: progress from the command line; the check-in does not ask again that week.
    gid = str(goal["short_id"])
    done = run(
        "goal", "progress", gid, "3", "--note", "good start", env={"SELFLEAD_TODAY": "2026-12-02"}
    )
    assert done.exit_code == 0, done.output
    # Week 2: the plan stands without carrying it (carrying is refused, nothing written);
    # the check-in asks about it, and for the number once (Enter would keep it).
    before = tree(journal)
    refused(
        run("commitments", "carry", gid_of_commitment(week), env={"SELFLEAD_TODAY": "2026-12-06"}),
        "error: that commitment is a goal's standing plan: it comes back every week while the "
        "goal is open; nothing was changed; 'selflead goal list' shows the goal",
    )
    assert tree(journal) == before
    week2 = json.loads(run("commitments", "--json", env={"SELFLEAD_TODAY": "2026-12-08"}).stdout)
    assert [(c["will"], c["goal"]) for c in week2["commitments"]] == [
        ("dial the first number before I think", goal["id"])
    ]
    seen = checkin_answering_goal(journal, "2026-12-08", "7")
    assert "(3 of 12;" in seen
    assert "Recorded where 1 goal stands." in seen
    [goal] = goals_json(run, "2026-12-08")
    assert goal["current"] == 7
    review = run("review", env={"SELFLEAD_TODAY": "2026-12-08"})
    text = " ".join(review.stdout.split())
    assert (
        f"{gid} Close 12 deals this month (7 of 12 deals (58%), 77% of the time left; "
        "due 2026-12-31 (in 23 days))" in text
    )

    # Week 5: past the due date, still open: overdue, in the list and in the review.
    [goal] = goals_json(run, "2027-01-04")
    assert goal["overdue"] is True
    listing = " ".join(run("goal", "list", env={"SELFLEAD_TODAY": "2027-01-04"}).stdout.split())
    assert "7 of 12 deals (58%); overdue since 2026-12-31 (4 days)" in listing
    data = json.loads(run("review", "--json", env={"SELFLEAD_TODAY": "2027-01-04"}).stdout)
    assert [g["id"] for g in data["goals"]["overdue"]] == [goal["id"]]
    assert run("goal", "done", gid, env={"SELFLEAD_TODAY": "2027-01-04"}).exit_code == 0
    assert goals_json(run, "2027-01-04") == []
    [closed] = goals_json(run, "2027-01-04", "--all")
    assert (closed["status"], closed["closed"]) == ("done", "2027-01-04")
    assert [p["value"] for p in closed["progress"]] == [3.0, 7.0]


def gid_of_commitment(week: dict[str, list[dict[str, str]]]) -> str:
    return week["commitments"][0]["short_id"]


def test_goal_bad_input_is_one_line_and_writes_nothing(
    run: Callable[..., Result], journal: Path
) -> None:
    env = {"SELFLEAD_TODAY": "2026-12-01"}
    made = run("goal", "add", "Write the book", "--json", env=env)
    gid = json.loads(made.stdout)["short_id"]
    before = tree(journal)
    cases = [
        (
            ["goal", "add", "Deals", "--measure", "deals", "--target", "0"],
            "error: --target must be a positive number, not '0'; e.g. --target 12",
        ),
        (
            ["goal", "add", "Deals", "--measure", "deals", "--target", "-3"],
            "error: --target must be a positive number, not '-3'; e.g. --target 12",
        ),
        (
            ["goal", "add", "Deals", "--measure", "deals", "--target", "many"],
            "error: --target must be a positive number, not 'many'; e.g. --target 12",
        ),
        (
            ["goal", "add", "Deals", "--target", "12"],
            "error: --measure and --target go together; e.g. --measure deals --target 12",
        ),
        (
            ["goal", "add", "Deals", "--due", "2026-02-30"],
            "error: --due '2026-02-30' is not a real calendar day; "
            "use YYYY-MM-DD, 'today' or 'yesterday'",
        ),
        (
            ["goal", "progress", "ffffff", "3"],
            "error: no goal has the id 'ffffff'; 'selflead goal list --all' lists them",
        ),
        (
            ["goal", "progress", gid, "3"],
            "error: that goal has no measure, so it takes a note, not a number; "
            "e.g. selflead goal progress ID --note 'first draft done'",
        ),
        (
            ["goal", "add", "  "],
            "error: the goal's title is empty; e.g. selflead goal add 'Close 12 deals'",
        ),
    ]
    for args, message in cases:
        refused(run(*args, env=env), message)
        assert tree(journal) == before, args
    assert run("goal", "drop", gid, env=env).exit_code == 0
    refused(
        run("goal", "done", gid, env=env),
        "error: that goal is already dropped; nothing was changed",
    )

    # A due date already past is allowed, with a note.
    late = run("goal", "add", "Tax return", "--due", "2026-11-30", env=env)
    assert late.exit_code == 0
    assert late.stderr.splitlines()[0] == (
        "note: the due date 2026-11-30 is already past; the goal is overdue from the start"
    )


def test_goals_go_into_the_export_and_round_trip_through_a_backup(
    run: Callable[..., Result], journal: Path, tmp_path: Path
) -> None:
    env = {"SELFLEAD_TODAY": "2026-12-01"}
    made = run(
        "goal",
        "add",
        "Close *deals*",
        "--due",
        "2026-12-31",
        "--measure",
        "deals",
        "--target",
        "12",
        "--json",
        env=env,
    )
    gid = json.loads(made.stdout)["short_id"]
    run("goal", "progress", gid, "3", env={"SELFLEAD_TODAY": "2026-12-02"})
    run("goal", "progress", gid, "7", "--note", "two calls", env={"SELFLEAD_TODAY": "2026-12-09"})
    run("goal", "add", "Read more", env=env)
    markdown = run("export", env={"SELFLEAD_TODAY": "2026-12-10"}).stdout
    assert "### Goal progress\n\n- 2 December 2026, Close \\*deals\\*: 3 of 12 deals\n" in markdown
    assert "- 9 December 2026, Close \\*deals\\*: 7 of 12 deals (two calls)" in markdown

    backup = tmp_path / "backup.json"
    backup.write_text(run("export", "--format", "json").stdout, encoding="utf-8")
    other = {"SELFLEAD_HOME": str(tmp_path / "other"), "SELFLEAD_TODAY": "2026-12-10"}
    first = run("import", str(backup), env=other)
    assert "Added 2 goals; skipped 0 goals already in the journal." in first.stdout
    mine = run("goal", "list", "--all", "--json", env={"SELFLEAD_TODAY": "2026-12-10"}).stdout
    assert run("goal", "list", "--all", "--json", env=other).stdout == mine
    again = run("import", str(backup), env=other)
    assert "Added 0 goals; skipped 2 goals already in the journal." in again.stdout
    assert run("doctor", env=other).exit_code == 0


def test_a_woop_plan_made_on_a_sunday_is_next_weeks_commitment(
    run: Callable[..., Result], journal: Path
) -> None:
    child = spawn(journal, "goal", "add", "Run a 10k", "--woop", today="2026-12-06", columns=100)
    child.expect("Outcome")  # the title is the wish
    child.send("Feeling strong" + ENTER)
    child.expect("Obstacle")
    child.send("it rains" + ENTER)
    child.expect("When it rains, I will \\.\\.\\.")
    child.send("I will run on the treadmill" + ENTER)
    child.expect("Committed \\(2026-W50\\): When it rains, I will run on the treadmill")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    week = json.loads(run("commitments", "--week", "2026-W50", "--json").stdout)
    assert [c["will"] for c in week["commitments"]] == ["run on the treadmill"]
    assert run("goal", "add", "x", "--woop").exit_code == 2  # no terminal: refused, one line
