"""A small journal for the report's tests: ratings over two weeks, a hostile reflection, a
commitment, a goal and a GROW answer, all made as a user makes them (the GROW answer through
the store, as ``review --reflect`` saves it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from typer.testing import Result

from selflead.models import WeeklyReflection
from selflead.store.journal import Store

TODAY = "2026-11-27"  # a Friday
# What a page must show as text and never act on: markup, an early end of the SVG, quotes,
# an ampersand, and the bidi override that reorders what follows it.
HOSTILE = "<script>alert(1)</script></svg><b>bold</b> \"double\" 'single' & \u202eevil\u202c"
GROW_ANSWER = "Ask before advising </svg><img src=x onerror=alert(2)>"
PLAN_WILL = "ask one question <i>first</i>"
GOAL_TITLE = "Close 12 deals <script>"
LONG_WORD = "https://example.invalid/" + "a" * 160  # one word wider than a phone: must wrap


def make_journal(run: Callable[..., Result], home: Path) -> None:
    env = {"SELFLEAD_TODAY": TODAY}
    start = date(2026, 11, 16)
    for n in range(12):
        day = start + timedelta(days=n)
        args = ["checkin", "--date", day.isoformat(), "--no-input"]
        args += ["--rate", f"communication={1 + n % 5}", "--rate", f"goals={5 - n % 3}"]
        args += ["--behaviour", f"Plain day {n}"]
        if n == 5:
            args += ["--goals", LONG_WORD]
        if n == 3:
            args += ["--emotions", HOSTILE, "--rate", "emotions=2", "--tag", "1on1"]
        done = run(*args, env=env)
        assert done.exit_code == 0, done.stderr
    done = run("commitments", "add", "--when", "a 1:1 starts", "--will", PLAN_WILL, env=env)
    assert done.exit_code == 0, done.stderr
    done = run("goal", "add", GOAL_TITLE, "--area", "goals", "--measure", "deals",
               "--target", "12", "--due", "2026-12-31", env=env)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    written = datetime(2026, 11, 22, 18, tzinfo=UTC)
    Store(home).write_week(
        "2026-W47", WeeklyReflection(will=GROW_ANSWER, created=written, updated=written)
    )
