"""A WOOP goal's plan is a standing commitment: asked about in every week while the goal is
open, written into a week only once answered there, never carried, ended by the goal; and
``goal edit``, scripted, with bad input as one clear line and nothing written. Through the CLI
(the WOOP flow's own prompts are in tests/test_goals.py, in a pty)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import Result

import helpers

GOAL_ID = "9b0e77a1c3d2"
WOOP = {
    "wish": "Close 12 deals",
    "outcome": "A calm January",
    "obstacle": "I put off calling",
    "plan": "dial the first number before I think",
}

Run = Callable[..., Result]


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


def refused(result: Result, message: str) -> None:
    """Exit 2 and exactly ``message`` as the one line on stderr (no traceback)."""
    assert helpers.one_error(result, 2) == message


def on(day: str) -> dict[str, str]:
    return {"SELFLEAD_TODAY": day}


def week_json(run: Run, day: str, week: str | None = None) -> dict[str, Any]:
    args = ["commitments", "--json", *(["--week", week] if week else [])]
    result = run(*args, env=on(day))
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def import_goal(run: Run, tmp_path: Path, **goal: Any) -> None:
    """A WOOP goal set on Monday 30 November 2026 (2026-W49), by the backup format."""
    document = {
        "format": "selflead",
        "version": 2,
        "entries": [],
        "goals": [
            {
                "id": GOAL_ID,
                "title": WOOP["wish"],
                "created": "2026-11-30T20:00:00+01:00",
                "started": "2026-11-30",
                "due": "2026-12-31",
                "measure": "deals",
                "target": 12,
                "woop": WOOP,
            }
            | goal
        ],
    }
    source = tmp_path / "goal.json"
    source.write_text(json.dumps(document))
    done = run("import", str(source), env=on("2026-11-30"))
    assert done.exit_code == 0, done.output


def test_the_plan_stands_every_week_and_is_written_only_once_answered(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    import_goal(run, tmp_path)
    w49 = week_json(run, "2026-12-01")
    [standing] = w49["commitments"]
    assert (standing["when"], standing["will"], standing["goal"]) == (
        WOOP["obstacle"],
        WOOP["plan"],
        GOAL_ID,
    )
    w50 = week_json(run, "2026-12-08")
    assert [c["goal"] for c in w50["commitments"]] == [GOAL_ID]
    assert w50["commitments"][0]["id"] != standing["id"]  # one commitment per week
    assert not (journal / "commitments").exists()  # nothing written by looking

    listing = run("commitments", env=on("2026-12-01")).stdout
    assert "the standing plan of the goal Close 12 deals" in " ".join(listing.split())

    # A check-in's answer writes it into its week, under the id it was shown with.
    done = run("checkin", "--kept", standing["short_id"], env=on("2026-12-02"))
    assert done.exit_code == 0, done.output
    assert "Recorded 1 commitment for 2026-12-02." in done.stderr
    [written] = json.loads((journal / "commitments" / "2026-W49.json").read_text())["commitments"]
    assert (written["id"], written["goal"]) == (standing["id"], GOAL_ID)
    again = week_json(run, "2026-12-03")
    assert [c["record"]["kept"] for c in again["commitments"]] == [1]
    assert again["follow_through"]["percent"] == 100

    # It is never carried (it comes back by itself), and nothing is written.
    before = tree(journal)
    refused(
        run("commitments", "carry", standing["id"], env=on("2026-12-06")),
        "error: that commitment is a goal's standing plan: it comes back every week while the "
        "goal is open; nothing was changed; 'selflead goal list' shows the goal",
    )
    assert tree(journal) == before


def test_a_dropped_week_comes_back_and_the_goal_ends_it(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    import_goal(run, tmp_path)
    [w50] = week_json(run, "2026-12-08")["commitments"]
    dropped = run("commitments", "drop", w50["short_id"], env=on("2026-12-08"))
    assert dropped.exit_code == 0, dropped.output
    assert dropped.stderr.splitlines()[1] == (
        "It is a goal's standing plan, so it comes back in 2026-W51; 'selflead goal done ID' "
        "or 'selflead goal drop ID' ends it."
    )
    assert [c["dropped"] for c in week_json(run, "2026-12-08")["commitments"]] == [True]
    refused(
        run("checkin", "--kept", w50["short_id"], env=on("2026-12-09")),
        "error: --kept: there is no open commitment in 2026-W50 (the week of 2026-12-09); "
        "add one with 'selflead commitments add --when TEXT --will TEXT'",
    )
    [w51] = week_json(run, "2026-12-15")["commitments"]
    assert (w51["goal"], w51["dropped"]) == (GOAL_ID, False)

    # Answered on Tuesday, then the goal is done on Wednesday: Thursday's check-in does not
    # ask, the week keeps its record, and the weeks after have no standing plan.
    assert run("checkin", "--partly", w51["id"], env=on("2026-12-15")).exit_code == 0
    assert run("goal", "done", GOAL_ID[:6], env=on("2026-12-16")).exit_code == 0
    before = tree(journal)
    refused(
        run("checkin", "--kept", w51["id"], env=on("2026-12-17")),
        "error: --kept: there is no open commitment in 2026-W51 (the week of 2026-12-17); "
        "add one with 'selflead commitments add --when TEXT --will TEXT'",
    )
    assert tree(journal) == before
    [kept] = week_json(run, "2026-12-17")["commitments"]
    assert kept["record"]["partly"] == 1
    assert week_json(run, "2026-12-22")["commitments"] == []
    assert [c["goal"] for c in week_json(run, "2026-12-22", "2026-W49")["commitments"]] == [GOAL_ID]


def test_a_standing_plan_takes_no_room_from_the_weeks_own(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    import_goal(run, tmp_path)
    for n in range(3):
        made = run("commitments", "add", "--when", f"w{n}", "--will", "x", env=on("2026-12-01"))
        assert made.exit_code == 0, made.output
    refused(
        run("commitments", "add", "--when", "w4", "--will", "x", env=on("2026-12-01")),
        "error: 2026-W49 already has 3 open commitments; a week holds at most 3; drop one "
        "first with 'selflead commitments drop ID'",
    )
    assert len(week_json(run, "2026-12-01")["commitments"]) == 4


def test_a_commitment_whose_goal_is_gone_is_reported_by_doctor(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    import_goal(run, tmp_path)
    [w49] = week_json(run, "2026-12-01")["commitments"]
    assert run("checkin", "--kept", w49["id"], env=on("2026-12-01")).exit_code == 0
    (journal / "goals" / f"{GOAL_ID}.json").unlink()
    report = run("doctor", env=on("2026-12-01"))
    assert (
        f"commitment {w49['id']} is the standing plan of goal {GOAL_ID}, which no longer exists"
        in " ".join(report.output.split())
    )
    assert "Traceback" not in report.output
    assert [c["goal"] for c in week_json(run, "2026-12-01")["commitments"]] == [GOAL_ID]


def test_a_backup_round_trip_keeps_the_written_standing_plan(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    import_goal(run, tmp_path)
    [w49] = week_json(run, "2026-12-01")["commitments"]
    assert run("checkin", "--kept", w49["id"], env=on("2026-12-01")).exit_code == 0
    backup = tmp_path / "all.json"
    assert run("export", "--format", "json", "--output", str(backup)).exit_code == 0
    [plan] = json.loads(backup.read_text())["commitments"]
    assert (plan["id"], plan["goal"], plan["week"]) == (w49["id"], GOAL_ID, "2026-W49")
    other = tmp_path / "other"
    assert run("import", str(backup), env={"SELFLEAD_HOME": str(other)}).exit_code == 0
    moved = run("commitments", "--json", env={"SELFLEAD_HOME": str(other)} | on("2026-12-01"))
    assert json.loads(moved.stdout) == week_json(run, "2026-12-01")


# --------------------------------------------------------------------------- goal edit


def test_goal_edit_changes_what_is_given_and_the_plan_from_the_next_unanswered_week(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    import_goal(run, tmp_path)
    [w49] = week_json(run, "2026-12-02")["commitments"]
    assert run("checkin", "--kept", w49["id"], env=on("2026-12-02")).exit_code == 0
    edited = run(
        "goal",
        "edit",
        GOAL_ID[:6],
        "--title",
        "Close 15 deals",
        "--target",
        "15",
        "--due",
        "2027-01-31",
        "--plan",
        "I will call before coffee",
        env=on("2026-12-02"),
    )
    assert edited.exit_code == 0, edited.output
    assert edited.stderr.splitlines() == [
        "Edited 9b0e77  Close 15 deals  (0 of 15 deals (0%), 97% of the time left; due "
        "2027-01-31 (in 60 days))",
        "Its standing plan from 2026-W50: When I put off calling, I will call before coffee "
        "(a week already answered keeps the plan it had).",
    ]
    [goal] = json.loads(run("goal", "list", "--json", env=on("2026-12-02")).stdout)
    assert (goal["title"], goal["target"], goal["due"]) == ("Close 15 deals", 15.0, "2027-01-31")
    assert goal["woop"] == WOOP | {"wish": "Close 15 deals", "plan": "call before coffee"}
    assert [c["will"] for c in week_json(run, "2026-12-02")["commitments"]] == [WOOP["plan"]]
    assert [c["will"] for c in week_json(run, "2026-12-08")["commitments"]] == [
        "call before coffee"
    ]

    # The same values again: nothing written.
    before = tree(journal)
    same = run("goal", "edit", GOAL_ID, "--target", "15", env=on("2026-12-02"))
    assert same.exit_code == 0
    assert same.stderr.startswith("Unchanged 9b0e77")
    assert tree(journal) == before
    cleared = run("goal", "edit", GOAL_ID, "--no-due", "--area", "goals", "--json")
    assert (json.loads(cleared.stdout)["due"], json.loads(cleared.stdout)["area"]) == (
        None,
        "goals",
    )


def test_goal_edit_bad_input_is_one_line_and_writes_nothing(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    import_goal(run, tmp_path)
    plain = run("goal", "add", "Read more", "--json", env=on("2026-12-01"))
    plain_id = json.loads(plain.stdout)["id"]
    before = tree(journal)
    cases = {
        ("goal", "edit", GOAL_ID): "error: nothing to change was given; give the fields to "
        "change as options, e.g. selflead goal edit ID --due 2027-03-31 (see --help)",
        ("goal", "edit", GOAL_ID, "--due", "2027-01-01", "--no-due"): "error: --due cannot be "
        "combined with --no-due; give one of them",
        ("goal", "edit", GOAL_ID, "--target", "0"): "error: --target must be a positive "
        "number, not '0'; e.g. --target 12",
        ("goal", "edit", GOAL_ID, "--due", "2026-02-30"): "error: --due '2026-02-30' is not a "
        "real calendar day; use YYYY-MM-DD, 'today' or 'yesterday'",
        ("goal", "edit", GOAL_ID, "--area", "feelings"): "error: unknown area 'feelings'; the "
        "areas are communication, emotions, behaviour, goals",
        ("goal", "edit", GOAL_ID, "--title", " "): "error: --title is empty; e.g. --title "
        "'Close 12 deals'",
        ("goal", "edit", "abcdef", "--title", "x"): "error: no goal has the id 'abcdef'; "
        "'selflead goal list --all' lists them",
        ("goal", "edit", plain_id, "--plan", "x"): "error: that goal has no WOOP plan, so it "
        "has no --outcome, --obstacle or --plan; 'selflead goal add --woop' makes a goal "
        "with one",
        ("goal", "edit", plain_id, "--measure", "pages"): "error: that goal has no measure "
        "yet: --measure and --target go together; e.g. --measure deals --target 12",
        ("goal", "edit", GOAL_ID, "--title", "x" * 201): "error: --title has 201 characters; "
        "the limit is 200; shorten it",
    }
    for args, message in cases.items():
        refused(run(*args, env=on("2026-12-01")), message)
    assert tree(journal) == before

    # A due date already past is allowed, with a note.
    late = run("goal", "edit", plain_id, "--due", "2026-11-01", env=on("2026-12-01"))
    assert late.exit_code == 0, late.output
    assert late.stderr.splitlines()[0] == (
        "note: the due date 2026-11-01 is already past; the goal is overdue"
    )
