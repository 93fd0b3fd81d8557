"""``selflead insights``: each rule at the edges of its thresholds, the sentences as a user reads
them, the index against the files, and properties over any span of days."""

from __future__ import annotations

import importlib
import json
import math
import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from selflead.areas import AREAS, AreaName
from selflead.core import insights as core
from selflead.core.daily import Day, days_of
from selflead.core.insight_statements import describe
from selflead.ui import console

Run = Callable[..., Result]
START = date(2026, 6, 1)  # a Monday


def day(offset: int, tags: tuple[str, ...] = (), **means: float) -> Day:
    return Day(START + timedelta(days=offset), means, frozenset(tags))  # type: ignore[arg-type]


def found(days: list[Day]) -> core.Insights:
    days = sorted(days, key=lambda d: d.day)
    last = days[-1].day if days else START
    return core.insights(days, START, last)


def comparison(result: core.Insights, tag: str, area: AreaName) -> core.TagComparison:
    [only] = [c for c in result.tag_comparisons if c.tag == tag and c.area == area]
    return only


# --------------------------------------------------------------------------- tags


def tagged_days(tagged: int, untagged: int, with_mean: float, without_mean: float) -> list[Day]:
    days = [day(n, ("1on1",), communication=with_mean) for n in range(tagged)]
    days += [day(tagged + n, communication=without_mean) for n in range(untagged)]
    return days


def test_a_tag_is_compared_from_its_fifth_day() -> None:
    assert not found(tagged_days(4, 10, 4.0, 3.0)).tag_comparisons
    result = found(tagged_days(5, 10, 4.0, 3.0))
    assert comparison(result, "1on1", "communication").shown
    assert [t.tag for t in result.frequent_tags] == ["1on1"]


def test_both_sides_need_five_days() -> None:
    assert not comparison(found(tagged_days(5, 4, 4.0, 3.0)), "1on1", "communication").shown
    assert comparison(found(tagged_days(5, 5, 4.0, 3.0)), "1on1", "communication").shown


@pytest.mark.parametrize(
    ("with_mean", "without_mean", "shown"),
    [
        (3.49, 3.0, False),
        (3.5, 3.0, True),
        (3.0, 3.49, False),
        (3.0, 3.5, True),  # lower by 0.5 is shown too
        # Differences of 0.5 that floats compute a hair below it: shown all the same.
        (4.1, 3.6, True),
        (2.3, 1.8, True),
        (4.1, 3.61, False),
    ],
)
def test_a_difference_is_shown_from_half_a_point(
    with_mean: float, without_mean: float, shown: bool
) -> None:
    result = found(tagged_days(6, 6, with_mean, without_mean))
    assert comparison(result, "1on1", "communication").shown is shown
    assert [c.area for c in result.shown_tags] == (["communication"] if shown else [])


def test_an_area_rated_on_too_few_tagged_days_is_not_compared() -> None:
    # The tag is on 6 days, but emotions was rated on only 4 of them.
    days = [day(n, ("q4",), communication=4.0, emotions=5.0) for n in range(4)]
    days += [day(4 + n, ("q4",), communication=4.0) for n in range(2)]
    days += [day(6 + n, communication=2.0, emotions=1.0) for n in range(6)]
    result = found(days)
    assert comparison(result, "q4", "communication").shown
    emotions = comparison(result, "q4", "emotions")
    assert (emotions.with_days, emotions.without_days, emotions.shown) == (4, 6, False)


# --------------------------------------------------------------------------- links


def series(n: int, r: float) -> tuple[list[float], list[float]]:
    """Two series of ``n`` values around 3 whose Pearson correlation is exactly ``r``."""
    xs = [i - (n - 1) / 2 for i in range(n)]
    zs = [x * x for x in xs]
    mean_z = sum(zs) / n
    zs = [z - mean_z for z in zs]  # even around the middle: orthogonal to xs, and centred
    norm_x = math.sqrt(sum(x * x for x in xs))
    norm_z = math.sqrt(sum(z * z for z in zs))
    ys = [r * x / norm_x + math.sqrt(1 - r * r) * z / norm_z for x, z in zip(xs, zs, strict=True)]
    return [3 + x / norm_x for x in xs], [3 + y for y in ys]


def linked(n: int, r: float) -> core.Link:
    xs, ys = series(n, r)
    days = [
        day(i * 2, communication=x, emotions=y) for i, (x, y) in enumerate(zip(xs, ys, strict=True))
    ]
    [same] = [
        link
        for link in found(days).links
        if (link.first, link.second, link.next_day) == ("communication", "emotions", False)
    ]
    return same


@pytest.mark.parametrize(
    ("r", "shown"), [(0.29, False), (0.3, True), (-0.29, False), (-0.3, True), (0.95, True)]
)
def test_a_link_is_shown_from_an_r_of_three_tenths(r: float, shown: bool) -> None:
    link = linked(30, r)
    assert link.r == pytest.approx(r)
    assert link.shown is shown


def test_a_link_needs_twenty_paired_days() -> None:
    assert not linked(19, 0.9).shown
    assert linked(20, 0.9).shown
    assert linked(20, 0.9).days == 20


def test_next_day_links_pair_only_consecutive_days() -> None:
    # Communication on a day is goals on the next one; every third day is missing.
    values = [1.0, 4.0, 2.0, 5.0, 3.0] * 12
    days = [
        day(n, communication=values[n], goals=values[n - 1] if n else 3.0)
        for n in range(len(values))
        if n % 3 != 2
    ]
    result = found(days)
    [after] = [
        link
        for link in result.links
        if (link.first, link.second, link.next_day) == ("communication", "goals", True)
    ]
    offsets = {(d.day - START).days for d in days}
    assert after.days == sum(1 for n in offsets if n + 1 in offsets) == 20
    assert after.r == pytest.approx(1.0)
    assert after.shown


def test_a_constant_area_has_no_correlation() -> None:
    days = [day(n, communication=float(n % 5 + 1), emotions=3.0) for n in range(30)]
    [same] = [link for link in found(days).links if link.second == "emotions" and not link.next_day]
    assert (same.r, same.shown, same.days) == (None, False, 30)


# --------------------------------------------------------------------------- weekdays


def test_weekdays_are_compared_from_three_days_on_two_of_them() -> None:
    # Mondays 4 and Tuesdays 2, on 3 weeks, but only 2 of the Tuesdays.
    days = [day(7 * w, goals=4.0) for w in range(3)] + [day(7 * w + 1, goals=2.0) for w in range(2)]
    pattern = found(days).weekdays[AREAS.index("goals")]
    assert (pattern.shown, pattern.needs) == (False, 1)
    pattern = found([*days, day(15, goals=2.0)]).weekdays[AREAS.index("goals")]
    assert pattern.shown
    assert [(w.weekday, w.mean, w.days) for w in pattern.highest] == [(0, 4.0, 3)]
    assert [(w.weekday, w.mean, w.days) for w in pattern.lowest] == [(1, 2.0, 3)]


def test_weekdays_that_tie_are_named_together() -> None:
    days = [day(7 * w + d, behaviour=[4.0, 4.0, 2.0][d]) for w in range(3) for d in range(3)]
    pattern = found(days).weekdays[AREAS.index("behaviour")]
    assert [w.weekday for w in pattern.highest] == [0, 1]
    line = describe(found(days)).sections[0][1][0]
    assert line == (
        "The behaviour rating tends to be highest on Mondays and Tuesdays (both 4.00; 3 and 3 "
        "days) and lowest on Wednesdays 2.00 (3 days)."
    )


# --------------------------------------------------------------------------- the command


def entry(day_: date, number: int, tags: list[str] | None = None, **ratings: int) -> dict[str, Any]:
    found_ = {
        "id": f"{day_.isoformat()}-{number}",
        "date": day_.isoformat(),
        "created": f"{day_.isoformat()}T20:0{number}:00+01:00",
        "tags": tags or [],
    }
    for area, rating in ratings.items():
        found_[area] = {"rating": rating, "reflection": ""}
    return found_


def imported(run: Run, tmp_path: Path, entries: list[dict[str, Any]]) -> None:
    backup = {"format": "selflead", "version": 1, "entries": entries, "reviews": []}
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr


def one_on_ones(days: int = 40) -> list[dict[str, Any]]:
    """Every fourth day tagged 1on1 with communication 4 (two check-ins: 5 and 3), else 3."""
    entries = []
    for n in range(days):
        when = START + timedelta(days=n)
        if n % 4 == 0:
            entries += [
                entry(when, 1, ["1on1"], communication=5),
                entry(when, 2, ["1On1"], communication=3),
            ]
        else:
            entries.append(entry(when, 1, communication=3))
    return entries


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", (START + timedelta(days=39)).isoformat())


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A 200-column terminal: no sentence wraps, so each is one line to compare."""
    monkeypatch.setenv("COLUMNS", "200")
    console.out.cache_clear()  # the stdout console keeps the width it was made with
    yield
    console.out.cache_clear()


@pytest.mark.usefixtures("wide")
def test_a_tag_that_goes_with_higher_ratings_is_said_with_its_days(
    run: Run, tmp_path: Path
) -> None:
    imported(run, tmp_path, one_on_ones())
    result = run("insights")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Insights · Mon 1 Jun – Fri 10 Jul 2026" not in out  # the default is 90 days
    assert "Insights · Sun 12 Apr – Fri 10 Jul 2026 " in out
    assert "The last 90 days · 40 days with a check-in, 40 with a rating" in out
    assert (
        "On days tagged 1on1, the communication rating tends to be higher: 4.00 vs 3.00 "
        "(10 vs 30 days)."
    ) in out
    assert "not causes" in out
    assert result.stderr == ""


@pytest.mark.usefixtures("wide")
def test_too_little_data_says_how_many_more_days_it_needs(run: Run, tmp_path: Path) -> None:
    imported(
        run,
        tmp_path,
        [entry(START + timedelta(days=n), 1, ["q4"], goals=3, emotions=n + 1) for n in range(3)],
    )
    result = run("insights", "--from", START.isoformat())
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert (
        "Emotions and goals: at least 4 more days of check-ins needed (ratings on 3 days of each "
        "of two weekdays)."
    ) in out
    assert "Communication and behaviour: at least 6 more days" in out
    assert (
        "The most used tag, q4, is on 3 days; a comparison needs 5 days with it and 5 without: "
        "at least 7 more days of check-ins."
    ) in out
    assert (
        "Links need two areas rated on the same 20 days (3 days so far): at least 17 more days "
        "of check-ins."
    ) in out
    assert "not causes" not in out  # nothing shown, nothing to caution about


def test_json_states_every_rule_and_its_evidence(run: Run, tmp_path: Path) -> None:
    imported(run, tmp_path, one_on_ones())
    result = run("insights", "--json", "--from", START.isoformat())
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["from"], data["to"], data["days"], data["default_span"]) == (
        "2026-06-01",
        "2026-07-10",
        40,
        False,
    )
    assert data["rules"]["tag_min_difference"] == 0.5
    assert data["tags"] == [{"tag": "1on1", "days": 10}]
    [shown] = [c for c in data["tag_comparisons"] if c["shown"]]
    assert shown == {
        "tag": "1on1",
        "area": "communication",
        "shown": True,
        "with": {"mean": 4.0, "days": 10},
        "without": {"mean": 3.0, "days": 30},
        "difference": 1.0,
    }
    assert len(data["links"]) == 6 + 12


def test_the_index_and_the_files_give_the_same_insights(
    run: Run, tmp_path: Path, journal: Path
) -> None:
    rng = random.Random(15)
    entries = [
        entry(
            START + timedelta(days=n),
            k,
            rng.sample(["a", "b", "c"], rng.randint(0, 2)),
            **{a: rng.randint(1, 5) for a in AREAS if rng.random() < 0.8},
        )
        for n in range(39)
        for k in range(1, rng.randint(1, 3) + 1)
    ]
    imported(run, tmp_path, entries)
    first = run("insights", "--json", "--from", START.isoformat())
    # A check-in after the index was built: the index notices it.
    added = run("checkin", "--rate", "goals=1", "--tag", "a")
    assert added.exit_code == 0, added.stderr
    fresh = run("insights", "--json", "--from", START.isoformat())
    assert json.loads(fresh.stdout)["days"] == json.loads(first.stdout)["days"] + 1
    # An index that cannot be used: the day files are read instead, to the same result.
    (journal / "index.sqlite3").unlink()
    (journal / "index.sqlite3").mkdir()
    from_files = run("insights", "--json", "--from", START.isoformat())
    assert from_files.exit_code == 0, from_files.stderr
    assert json.loads(from_files.stdout) == json.loads(fresh.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2026-07-02", "--to", "2026-07-01"],
            "error: --from 2026-07-02 is after --to 2026-07-01; swap them",
        ),
        (
            ["--from", "soon"],
            "error: --from 'soon' is not a date; use YYYY-MM-DD, 'today' or 'yesterday'",
        ),
    ],
)
def test_a_bad_span_is_one_error_line(run: Run, args: list[str], message: str) -> None:
    result = run("insights", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""


def test_a_damaged_day_stops_insights_unless_skipped(
    run: Run, tmp_path: Path, journal: Path
) -> None:
    imported(run, tmp_path, one_on_ones())
    (journal / "entries" / "2026" / "2026-06-03.json").write_text("{not json", encoding="utf-8")
    result = run("insights")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "2026-06-03.json" in line and "--skip-damaged" in line
    skipped = run("insights", "--skip-damaged", "--json")
    assert skipped.exit_code == 0
    assert json.loads(skipped.stdout)["days"] == 39
    assert "warning: left out" in skipped.stderr


def test_the_default_span_is_the_last_ninety_days(run: Run, tmp_path: Path) -> None:
    last = START + timedelta(days=39)
    imported(
        run,
        tmp_path,
        [
            entry(last - timedelta(days=89), 1, goals=3),
            entry(last - timedelta(days=90), 1, goals=3),
        ],
    )
    data = json.loads(run("insights", "--json").stdout)
    assert (data["from"], data["to"], data["days"]) == ("2026-04-12", "2026-07-10", 1)


# --------------------------------------------------------------------------- properties

ratings = st.one_of(st.none(), st.integers(1, 5))
checkins = st.lists(
    st.tuples(
        st.integers(0, 45),
        st.tuples(ratings, ratings, ratings, ratings),
        st.sets(st.sampled_from(["a", "b", "c"])),
    ),
    max_size=80,
)


def rows_of(items: list[Any]) -> list[tuple[date, tuple[int | None, ...], set[str]]]:
    return [(START + timedelta(days=n), r, tags) for n, r, tags in items]


@settings(max_examples=60, deadline=None)
@given(checkins, st.randoms(use_true_random=False))
def test_the_order_of_the_check_ins_does_not_matter(items: list[Any], rng: random.Random) -> None:
    rows = rows_of(items)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    last = START + timedelta(days=45)
    one = core.insights(days_of(rows), START, last).to_json()
    other = core.insights(days_of(shuffled), START, last).to_json()
    assert one == other


@settings(max_examples=80, deadline=None)
@given(checkins)
def test_everything_shown_meets_its_rule(items: list[Any]) -> None:
    days = days_of(rows_of(items))
    result = core.insights(days, START, START + timedelta(days=45))
    for link in result.links:
        assert link.r is None or -1 - 1e-9 <= link.r <= 1 + 1e-9
        assert link.shown == (link.days >= 20 and link.r is not None and abs(link.r) >= 0.3 - 1e-9)
    for c in result.shown_tags:
        assert c.with_days >= 5 and c.without_days >= 5
        assert abs(c.difference or 0) >= 0.5 - 1e-9
    for t in result.tags:
        compared = {c.tag for c in result.tag_comparisons}
        assert (t.tag in compared) == (t.days >= 5)
    for pattern in result.weekdays:
        assert pattern.shown == (pattern.needs == 0)
        counted = [w for w in pattern.weekdays if w.days >= 3]
        assert pattern.shown == (len(counted) >= 2)
        for w in pattern.highest + pattern.lowest:
            assert w.days >= 3
        if pattern.shown:
            assert pattern.highest[0].mean >= pattern.lowest[0].mean
            assert pattern.highest[0].mean == max(w.mean for w in counted)
    same_day = max(link.days for link in result.links if not link.next_day)
    assert (result.link_needs == 0) == (same_day >= 20)
    shown = result.shown_tags or result.shown_links or any(p.shown for p in result.weekdays)
    assert bool(describe(result).caution) == bool(shown)  # said with every pattern, only then


# --------------------------------------------------------------------------- the README


def test_the_readme_screen_is_what_insights_says_of_the_synthetic_journal(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's insights screen comes from the benchmark's synthetic journal (one check-in
    a day for a year), at 96 columns: made again here, it must be the same."""
    root = Path(__file__).resolve().parent.parent
    monkeypatch.syspath_prepend(str(root / "bench"))
    bench = importlib.import_module("selflead_bench.journal")
    path = tmp_path / "synthetic.json"
    path.write_text(json.dumps(bench.generate(365, 1)), encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    monkeypatch.setenv("SELFLEAD_TODAY", bench.END.isoformat())
    monkeypatch.setenv("COLUMNS", "96")
    console.out.cache_clear()
    try:
        result = run("insights")
    finally:
        console.out.cache_clear()
    readme = (root / "README.md").read_text(encoding="utf-8")
    screen = readme.split("$ selflead insights\n", 1)[1].split("\n```", 1)[0]
    assert result.stdout.rstrip("\n") == screen


def test_a_next_day_link_needs_twenty_pairs_of_days() -> None:
    xs, ys = series(21, 0.9)
    for n, shown in ((20, True), (19, False)):  # n + 1 consecutive days make n pairs
        days = [day(0, communication=xs[0])]
        days += [day(i, communication=xs[i], goals=ys[i - 1]) for i in range(1, n + 1)]
        [after] = [
            link
            for link in found(days).links
            if (link.first, link.second, link.next_day) == ("communication", "goals", True)
        ]
        assert (after.days, after.shown) == (n, shown)


def test_the_span_with_one_end_given() -> None:
    today = date(2026, 11, 27)
    assert core.span(None, None, today=today) == (date(2026, 8, 30), today, True)
    assert core.span(date(2026, 11, 1), None, today=today) == (date(2026, 11, 1), today, False)
    assert core.span(None, date(2026, 3, 31), today=today) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
        False,
    )
    later = date(2027, 1, 1)
    assert core.span(later, None, today=today) == (later, later, False)
