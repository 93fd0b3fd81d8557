"""``selflead calendar``: a year in pixels, as a user reads it in a pipe, a wide terminal and
JSON; its means against a full scan of the files; its refusals."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from selflead.areas import AREAS
from selflead.core.calendar import day_means, level
from selflead.models import AreaCheckin, Entry
from selflead.store.journal import Store
from selflead.ui import console

Run = Callable[..., Result]
TODAY = "2026-03-10"


def checkin(run: Run, day: str, *rates: str) -> None:
    args = ["checkin", "--date", day, "--no-input"]
    for rate in rates:
        args += ["--rate", rate]
    done = run(*args, env={"SELFLEAD_TODAY": TODAY})
    assert done.exit_code == 0, done.stderr


def calendar(run: Run, *args: str, columns: int = 80, **env: str | None) -> Result:
    """``selflead calendar ARGS`` at ``columns``, on a console made for this run (the stdout
    console is made once per process, with the width and colours of its environment)."""
    console.out.cache_clear()
    try:
        return run("calendar", *args, env={"SELFLEAD_TODAY": TODAY, "COLUMNS": str(columns), **env})
    finally:
        console.out.cache_clear()


def row(output: str, day_number: int) -> str:
    """The grid's line for ``day_number`` (the first grid's, when there are several)."""
    return next(line for line in output.splitlines() if re.match(rf"^{day_number:>2} ", line))


def cell(line: str, month: int) -> str:
    """The two characters of ``month``'s column in a grid line: the step, then the mark."""
    start = 3 + (month - 1) * 2
    return line[start : start + 2].ljust(2)


def test_each_day_is_its_mean_rating_on_five_steps_in_its_month_column(run: Run) -> None:
    checkin(run, "2026-01-03", "communication=1", "emotions=2")  # mean 1.5: step 2
    checkin(run, "2026-02-03", "goals=5")
    checkin(run, "2026-02-03", "goals=4")  # two check-ins: 4.5, step 5
    checkin(run, "2026-03-01", "behaviour=3")
    done = calendar(run)
    assert done.exit_code == 0, done.stderr
    out = done.stdout
    assert out.startswith("2026 so far: 3 days checked in of 69\n")
    assert "Mean of all areas" in out
    assert cell(row(out, 3), 1) == "2 "
    assert cell(row(out, 3), 2) == "5 "
    assert cell(row(out, 1), 3) == "3 "
    assert cell(row(out, 2), 1) == ". "  # no check-in
    assert cell(row(out, 30), 2) == "  "  # there is no 30 February


def test_today_is_marked_and_the_days_after_it_are_not_drawn(run: Run) -> None:
    checkin(run, "2026-03-10", "emotions=4")
    out = calendar(run).stdout
    assert cell(row(out, 10), 3) == "4*"
    assert cell(row(out, 11), 3) == "  "
    assert cell(row(out, 11), 4) == "  "
    assert cell(row(out, 9), 3) == ". "
    assert "* today" in out


def test_one_area_and_a_past_year(run: Run) -> None:
    checkin(run, "2025-07-04", "emotions=1", "goals=5")
    out = calendar(run, "--year", "2025", "--area", "emotion").stdout
    assert out.startswith("2025: 1 day checked in\n")
    assert "Emotions" in out and "Mean of all areas" not in out
    assert cell(row(out, 4), 7) == "1 "
    assert cell(row(out, 31), 12) == ". "  # a past year is drawn whole
    goals = calendar(run, "--year", "2025", "--area", "goals").stdout
    assert cell(row(goals, 4), 7) == "5 "


def test_it_fits_in_80_columns_and_a_wide_terminal_gets_a_grid_per_area(run: Run) -> None:
    checkin(run, "2026-01-05", "communication=2", "emotions=4", "behaviour=5", "goals=1")
    narrow = calendar(run, columns=80).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "Communication" not in narrow
    wide = calendar(run, columns=130).stdout
    titles = next(line for line in wide.splitlines() if "Communication" in line)
    assert re.search(r"Communication +Emotions +Behaviour +Goals", titles)
    assert "Mean of all areas" not in wide
    fifth = row(wide, 5)
    grids = [fifth[start : start + 27] for start in range(0, 4 * 30, 30)]
    assert [cell(g, 1) for g in grids] == ["2 ", "4 ", "5 ", "1 "]
    assert max(len(line) for line in wide.splitlines()) <= 130


def test_in_colour_each_step_has_its_own_background_and_keeps_its_digit(run: Run) -> None:
    checkin(run, "2026-01-05", "goals=1")
    checkin(run, "2026-01-06", "goals=5")
    done = calendar(run, NO_COLOR=None, FORCE_COLOR="1")
    assert "\x1b[" in done.stdout
    colours = set(re.findall(r"\x1b\[([0-9;]+)m([1-5])", done.stdout))
    steps = {digit: code for code, digit in colours}
    assert {"1", "5"} <= set(steps)
    assert steps["1"] != steps["5"]  # the two ends of the scale differ
    plain = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
    assert cell(row(plain, 5), 1) == "1 "
    assert cell(row(plain, 6), 1) == "5 "


def test_json_holds_each_days_mean(run: Run) -> None:
    checkin(run, "2026-01-03", "communication=1", "emotions=2")
    data = json.loads(calendar(run, "--json").stdout)
    assert data["year"] == 2026 and data["so_far"] is True
    assert data["mean"] == {"2026-01-03": 1.5}
    assert data["areas"]["emotions"] == {"2026-01-03": 2.0}
    assert data["areas"]["goals"] == {}


def test_refusals_are_one_line(run: Run) -> None:
    for args, message in (
        (["--year", "2027"], "error: --year 2027 has not started yet"),
        (["--year", "1800"], "error: --year 1800 is outside the days selflead supports"),
        (["--area", "mood"], "error: unknown area 'mood'"),
    ):
        done = calendar(run, *args)
        assert done.exit_code == 2, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(message), lines
        assert done.stdout == ""


def test_a_damaged_day_is_left_out_and_said(run: Run, journal: Path) -> None:
    checkin(run, "2026-01-05", "goals=4")
    checkin(run, "2026-01-06", "goals=2")
    (journal / "entries" / "2026" / "2026-01-06.json").write_text("{ not json", encoding="utf-8")
    done = calendar(run)
    assert done.exit_code == 0
    assert cell(row(done.stdout, 5), 1) == "4 "
    assert cell(row(done.stdout, 6), 1) == ". "
    assert "1 damaged day not shown" in done.stderr


def test_a_mean_rounds_half_up_within_the_scale() -> None:
    assert [level(m) for m in (1.0, 1.49, 1.5, 2.5, 3.5, 4.49, 4.5, 5.0)] == [
        1,
        1,
        2,
        3,
        4,
        4,
        5,
        5,
    ]


ratings = st.one_of(st.none(), st.integers(1, 5))
days = st.lists(
    st.tuples(st.integers(0, 40), ratings, ratings, ratings, ratings), min_size=1, max_size=25
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days)
def test_the_index_means_are_those_of_a_full_scan(tmp_path: Path, found: list[tuple]) -> None:
    home = tmp_path / f"j{abs(hash(tuple(found)))}"
    store = Store(home)
    start = date(2026, 1, 1)
    for n, (offset, *values) in enumerate(found):
        day = start + timedelta(days=offset)
        areas = {a: AreaCheckin(rating=v) for a, v in zip(AREAS, values, strict=True) if v}
        if not areas:
            areas = {"goals": AreaCheckin(reflection="words only")}
        store.add_entry(
            Entry(
                id=f"{n:032x}",
                date=day,
                created=datetime(2026, 1, 1, tzinfo=UTC),
                **areas,
            )
        )
    means = day_means(store, start, start + timedelta(days=40))
    for day in store.days():
        entries = store.read_day(day)
        every = [e.area(a).rating for e in entries for a in AREAS]
        rated = [r for r in every if r is not None]
        if rated:
            assert abs(means.overall.means[day] - sum(rated) / len(rated)) < 1e-9
        else:
            assert day not in means.overall.means
        for a in AREAS:
            one = [r for e in entries if (r := e.area(a).rating) is not None]
            assert means.by_area[a].means.get(day) == (sum(one) / len(one) if one else None)
    assert means.checked_in == frozenset(store.days())
