"""How things look: narrow terminals, wrapped text, dates, backfilled entries, empty results.

Renderers are driven at a chosen width (``COLUMNS`` and a fresh stdout console) and checked on
what a person would see: no line wider than the terminal, nothing cut, continuation lines
indented, day numbers without a leading zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import Result

import helpers
from selflead import dates
from selflead.core.browse import DayShown, Span
from selflead.core.quotes import Quote, load_bank
from selflead.core.record import Saved
from selflead.core.review import WeekReview, build_review
from selflead.models import Entry, WeeklyReflection
from selflead.transfer.importing import Conflict, ImportResult
from selflead.ui import console, entries
from selflead.ui import review as render_review
from selflead.ui import transfer as render_transfer

Run = Callable[..., Result]
Width = Callable[[int], None]

MONDAY = date(2026, 12, 28)  # ISO week 2026-W53: Mon 28 Dec 2026 to Sun 3 Jan 2027
WIDTHS = [50, 60, 80, 120]


@pytest.fixture
def width(monkeypatch: pytest.MonkeyPatch) -> Iterator[Width]:
    """Set the terminal width for the next renderer call (the stdout console is cached)."""

    def set_width(columns: int) -> None:
        monkeypatch.setenv("COLUMNS", str(columns))
        console.out.cache_clear()

    yield set_width
    console.out.cache_clear()


def entry(
    day: date,
    hour: int = 9,
    *,
    written: datetime | None = None,
    tags: tuple[str, ...] = (),
    **areas: tuple[int | None, str],
) -> Entry:
    return helpers.entry(
        day, hour, 15, id=f"{day.isoformat()}-{hour}", created=written, tags=tags, **areas
    )


def show_day(day: date, found: list[Entry], *, today: date) -> None:
    entries.shown(DayShown(day, found, day == today))


LONG = "listened first and asked what they needed before I offered any advice at all " * 2


def a_week() -> WeekReview:
    days = [MONDAY + timedelta(days=i) for i in (0, 1, 2, 4, 6)]
    week = [
        entry(
            day,
            communication=(3 + i % 3, LONG),
            emotions=(2, ""),
            behaviour=(None, ""),
            goals=(4, "shipped"),
        )
        for i, day in enumerate(days)
    ]
    previous = [entry(MONDAY - timedelta(days=5), communication=(2, ""), emotions=(4, ""))]
    review = build_review(
        MONDAY,
        week,
        previous,
        {e.date for e in week + previous},
        MONDAY + timedelta(days=8),
        load_bank(),
    )
    stamp = datetime(2027, 1, 3, 20, tzinfo=UTC)
    review.reflection = WeeklyReflection(
        goal="Be a calmer leader in meetings, and listen before speaking, even in a hurry",
        reality="first line of what happened\nsecond line of what happened",
        created=stamp,
        updated=stamp,
    )
    return review


def lines_of(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def inside(line: str) -> str:
    """A panel line without its borders."""
    return line.strip().strip("│").strip()


# --------------------------------------------------------------------------- review widths


@pytest.mark.parametrize("columns", WIDTHS)
def test_review_fits_the_terminal_and_cuts_nothing(
    columns: int, width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(columns)
    review = a_week()
    render_review.week(review, today=MONDAY + timedelta(days=8))
    out = capsys.readouterr().out
    lines = lines_of(out)
    too_wide = [line for line in lines if cell_len(line) > columns]
    assert not too_wide, too_wide
    assert "…" not in out
    # Each area's row is whole and on one line: name, average, sparkline, change, skipped.
    rows = {
        "Communication": ["Communication", "3.80", "▅▆█·▅·▆", "▲ +1.80", "0"],
        "Emotions": ["Emotions", "2.00", "▃▃▃·▃·▃", "▼ -2.00", "0"],
        "Behaviour": ["Behaviour", "–", "·······", "–", "5"],
        "Goals": ["Goals", "4.00", "▆▆▆·▆·▆", "new", "0"],
    }
    header = next(i for i, line in enumerate(lines) if inside(line).startswith("Area "))
    table = [inside(line) for line in lines[header + 1 : header + 5]]
    for row, cells in zip(table, rows.values(), strict=True):
        assert [cell.strip() for cell in row.split("  ") if cell.strip()] == cells
    # The week strip is never wrapped: every day's mark is on one line.
    if columns < render_review.COMPACT_BELOW:
        assert "M T W T F S S" in [inside(line) for line in lines]
        assert "● ● ● ○ ● ○ ●" in [inside(line) for line in lines]
        assert "Avg" in out and "Δ" in out
    else:
        assert "Mon ●  Tue ●  Wed ●  Thu ○  Fri ●  Sat ○  Sun ●" in [inside(x) for x in lines]
        assert "Average" in out and "vs last week" in out
    # Cross-year week: both years, day numbers without a leading zero.
    assert "Mon 28 Dec 2026 – Sun 3 Jan 2027" in lines[0]
    assert "updated Sun 3 Jan" in out


@pytest.mark.parametrize("columns", WIDTHS)
def test_review_through_the_cli_fits_the_terminal(
    columns: int, width: Width, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-22")
    for day, rating in (("2026-11-16", "3"), ("2026-11-18", "5"), ("2026-11-22", "1")):
        result = run(
            "checkin",
            "--no-input",
            "--date",
            day,
            "--rate",
            f"communication={rating}",
            "--rate",
            "behaviour=4",
            "--communication",
            LONG,
        )
        assert result.exit_code == 0, result.stderr
    width(columns)
    result = run("review", "--week", "2026-W47")
    assert result.exit_code == 0, result.stderr
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= columns
    assert "…" not in result.stdout
    header = next(i for i, line in enumerate(lines) if inside(line).startswith("Area "))
    row = inside(lines[header + 1])
    assert row.startswith("Communication ") and "3.00" in row and "▅·█···▁" in row
    assert "Mon 16 Nov – Sun 22 Nov 2026" in lines[0]


# --------------------------------------------------------------------------- wrapped text


@pytest.mark.parametrize("columns", [50, 80])
def test_a_wrapped_reflection_stays_indented_under_its_area(
    columns: int, width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(columns)
    show_day(MONDAY, [entry(MONDAY, communication=(4, LONG), goals=(2, "short"))], today=MONDAY)
    lines = lines_of(capsys.readouterr().out)
    assert max(cell_len(line) for line in lines) <= columns
    start = next(i for i, line in enumerate(lines) if "Communication" in line)
    end = next(i for i, line in enumerate(lines) if "Emotions" in line)
    body = lines[start + 1 : end]
    assert len(body) >= 2  # it did wrap
    assert all(line.startswith("│   ") and line[4] != " " for line in body), body
    assert " ".join(inside(line) for line in body) == LONG.strip()


def test_multi_line_grow_answers_stay_in_their_column(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(50)
    stamp = datetime(2026, 11, 22, tzinfo=UTC)
    reflection = WeeklyReflection(
        goal="Be a calmer leader in meetings, and listen before speaking, even in a hurry",
        reality="one\ntwo",
        created=stamp,
        updated=stamp,
    )
    render_review.reflection("2026-W47", reflection)
    lines = lines_of(capsys.readouterr().out)
    goal = next(i for i, line in enumerate(lines) if "Goal " in line)
    text_column = lines[goal].index("Be a")
    reality = next(i for i, line in enumerate(lines) if "Reality" in line)
    assert reality - goal >= 2  # the goal wrapped
    for line in [*lines[goal + 1 : reality], lines[reality + 1]]:
        assert line[:text_column].strip("│ ") == "" and line[text_column] != " ", line
    assert lines[reality + 1][text_column:].startswith("two")


# --------------------------------------------------------------------------- areas


def test_an_area_with_a_reflection_but_no_rating_is_not_rated(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(80)
    show_day(
        MONDAY, [entry(MONDAY, emotions=(None, "tense, then fine"), goals=(3, ""))], today=MONDAY
    )
    lines = [inside(line) for line in lines_of(capsys.readouterr().out)]
    assert "Emotions      –    not rated" in lines
    assert "Communication –    skipped" in lines
    assert "Behaviour     –    skipped" in lines
    assert "Goals         ●●●○○  3/5" in lines


def test_the_saved_panel_says_not_rated_too(run: Run) -> None:
    result = run("checkin", "--no-input", "--emotions", "no number today")
    assert result.exit_code == 0, result.stderr
    assert "Emotions      –    not rated" in result.stdout
    assert "Goals         –    skipped" in result.stdout


# --------------------------------------------------------------------------- dates


def test_dates_have_no_leading_zero() -> None:
    assert dates.long_date(date(2030, 1, 1)) == "Tuesday 1 January 2030"
    assert dates.short_date(date(2027, 1, 3)) == "Sun 3 Jan"
    assert dates.short_date(date(2027, 1, 3), year=True) == "Sun 3 Jan 2027"
    assert dates.date_span(date(2026, 11, 30), date(2026, 12, 6)) == "Mon 30 Nov – Sun 6 Dec 2026"
    assert dates.date_span(date(2026, 12, 28), date(2027, 1, 3)) == (
        "Mon 28 Dec 2026 – Sun 3 Jan 2027"
    )


def test_panels_and_moments_write_days_without_padding(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(100)
    day = date(2027, 1, 4)
    show_day(MONDAY, [entry(day, hour=7, goals=(5, "early start"))], today=MONDAY)
    entries.saved(Saved(Path("somewhere"), entry(day, hour=7, goals=(5, "")), 0, "day"))
    review = build_review(
        day, [entry(day, goals=(5, "best")), entry(day, 10, goals=(1, "worst"))], [], {day}, day, []
    )
    render_review.week(review, today=day)
    out = capsys.readouterr().out
    assert "Monday 4 January 2027, 07:15" in out
    assert "Saved: Monday 4 January 2027" in out
    assert "Mon 4 Jan – Sun 10 Jan 2027" in out
    assert "Mon 4 Jan 09:15, Goals 5/5" in out
    assert " 04 " not in out


# --------------------------------------------------------------------------- backfill


WRITTEN_LATER = datetime(2026, 11, 27, 5, 33, tzinfo=UTC)


def test_a_backfilled_entry_shows_when_it_was_written(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(100)
    late = entry(date(2026, 11, 19), written=WRITTEN_LATER, goals=(3, "caught up"))
    show_day(MONDAY, [late], today=MONDAY)
    entries.saved(Saved(Path("somewhere"), late, 0, "day"))
    out = capsys.readouterr().out
    assert "Thursday 19 November 2026 (written Fri 27 Nov)" in out
    assert "Saved: Thursday 19 November 2026 (written Fri 27 Nov)" in out
    assert "05:33" not in out  # a backfilled entry has no time of day


def test_a_backfilled_entry_from_another_year_names_the_year(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(100)
    late = entry(date(2026, 12, 31), written=datetime(2027, 1, 2, 8, 0, tzinfo=UTC))
    show_day(MONDAY, [late], today=MONDAY)
    entries.entry_lines([late], Span(None, None))
    out = capsys.readouterr().out
    assert "Thursday 31 December 2026 (written Sat 2 Jan 2027)" in out
    assert "2026-12-31        C- E- B- G-  (written Sat 2 Jan 2027)\n" in out


def test_list_lines_do_not_show_a_backfill_time_and_end_cleanly(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(100)
    day = date(2026, 11, 19)
    entries.entry_lines(
        [
            entry(day, 8, goals=(2, "")),
            entry(day, 9, tags=("q4", "pitch")),
            entry(day, 10, goals=(4, "done"), tags=("q4",)),
            entry(day, written=WRITTEN_LATER, goals=(3, "caught up")),
            entry(day, written=WRITTEN_LATER, tags=("late",)),
        ],
        Span(None, None),
    )
    assert capsys.readouterr().out.split("\n") == [
        "2026-11-19 08:15  C- E- B- G2",
        "2026-11-19 09:15  C- E- B- G-  #q4 #pitch",
        "2026-11-19 10:15  C- E- B- G4  done #q4",
        "2026-11-19        C- E- B- G3  caught up (written Fri 27 Nov)",
        "2026-11-19        C- E- B- G-  (written Fri 27 Nov) #late",
        "",
    ]


def test_a_long_snippet_leaves_room_for_the_written_note_and_tags(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(60)
    late = entry(date(2026, 11, 19), written=WRITTEN_LATER, goals=(3, LONG), tags=("q4",))
    entries.entry_lines([late], Span(None, None))
    [line] = lines_of(capsys.readouterr().out)
    assert cell_len(line) <= 60
    assert line.endswith("… (written Fri 27 Nov) #q4")


# --------------------------------------------------------------------------- empty results


def empty_review(start: date, today: date) -> WeekReview:
    return build_review(start, [], [], set(), today, [])


def test_an_empty_past_week_suggests_backfilling(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(80)
    render_review.week(empty_review(date(2026, 11, 16), date(2026, 12, 1)), today=date(2026, 12, 1))
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "No check-ins that week." in out
    assert "selflead checkin --date 2026-11-16" in out


def test_an_empty_current_week_suggests_a_checkin_now(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(80)
    today = date(2026, 11, 18)
    render_review.week(empty_review(date(2026, 11, 16), today), today=today)
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "No check-ins this week yet." in out
    assert "selflead checkin" in out and "--date" not in out


def test_an_empty_future_week_suggests_nothing_impossible(
    width: Width, capsys: pytest.CaptureFixture[str]
) -> None:
    width(80)
    today = date(2026, 11, 18)
    render_review.week(empty_review(date(2026, 12, 7), today), today=today)
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "That week has not started yet." in out
    assert "Monday 7 December 2026" in out
    assert "selflead checkin" not in out


# --------------------------------------------------------------------------- quotes, numbers


def test_the_quote_panel_title_can_be_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    chosen = Quote(text="Know thyself.", author="Socrates", areas=["leadership"])
    render_review.quote(chosen)
    render_review.quote(chosen, title="A quote for you")
    first, second = capsys.readouterr().out.split("“Know thyself.”")[:2]
    assert "Quote of the day" in first
    assert "A quote for you" in second and "Quote of the day" not in second


def test_import_numbers_all_have_thousands_separators(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = ImportResult(
        source="backup.json",
        added_entries=10_950,
        added_days=1_095,
        skipped_entries=2_000,
        kept=[Conflict("entry", 12_345, "abc", date(2026, 1, 2))],
    )
    render_transfer.import_summary(result)
    out = capsys.readouterr().out
    assert "Added 10,950 check-ins on 1,095 days and 0 weekly reflections." in out
    assert "Skipped 2,000 check-ins" in out
    assert "entry 12,345: id abc" in out
    assert render_transfer.counted(1_095, 10_950) == "1,095/10,950"
