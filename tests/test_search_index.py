"""``selflead search`` and the derived index: words case- and accent-insensitive, phrases,
filters, hostile text; and the index always answering what a full scan of the files answers,
whether it is current, deleted, corrupted, stale or cut short by a crash."""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from typer.testing import Result

from helpers import one_error
from selflead.core import changes, review
from selflead.core import search as core
from selflead.models import AreaCheckin, Entry
from selflead.store.index import Index
from selflead.store.journal import Store
from selflead.tokens import words

Run = Callable[..., Result]
DAY = "2026-11-24"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", "2026-11-30")


def add(run: Run, day: str, *args: str) -> None:
    result = run("checkin", "--no-input", "--date", day, *args)
    assert result.exit_code == 0, result.stderr


def found(run: Run, *args: str) -> list[str]:
    """What ``search --json`` finds: each hit's goals reflection, the newest first."""
    result = run("search", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return [e["goals"]["reflection"] for e in json.loads(result.stdout)]


@pytest.fixture
def journal_with_words(run: Run) -> None:
    add(
        run,
        "2026-11-20",
        "--goals",
        "g1",
        "--emotions",
        "Snapped at a colleague",
        "-r",
        "emotions=2",
    )
    add(run, "2026-11-21", "--goals", "g2", "--communication", "Café crème with Ana, ÉTÉ plans")
    add(run, "2026-11-22", "--goals", "g3", "--behaviour", "a colleague snapped at me", "-t", "Q4")
    add(run, "2026-11-23", "--goals", "g4 colleague", "-r", "goals=5", "-t", "planning")


@pytest.mark.usefixtures("journal_with_words")
def test_words_ignore_case_and_accents_and_match_the_start_of_words(run: Run) -> None:
    assert found(run, "snap") == ["g3", "g1"]
    assert found(run, "SNAPPED") == ["g3", "g1"]
    assert found(run, "cafe") == found(run, "CAFÉ") == found(run, "creme") == ["g2"]
    assert found(run, "ete") == ["g2"]
    assert found(run, "napped") == []  # the start of a word, not any part of it
    assert found(run, "snapped", "colleague") == ["g3", "g1"]  # every word must be there
    assert found(run, "snapped", "ana") == []


@pytest.mark.usefixtures("journal_with_words")
def test_a_quoted_phrase_matches_the_words_in_order(run: Run) -> None:
    assert found(run, '"snapped at"') == ["g3", "g1"]
    assert found(run, '"at a colleague"') == ["g1"]
    assert found(run, '"colleague snapped"') == ["g3"]
    assert found(run, '"a colleague snapped at"') == ["g3"]
    assert found(run, '"snapped colleague"') == []


@pytest.mark.usefixtures("journal_with_words")
def test_filters(run: Run) -> None:
    assert found(run, "colleague", "--area", "emotions") == ["g1"]
    assert found(run, "colleague", "--area", "behavior") == ["g3"]  # the American spelling too
    assert found(run, "--tag", "q4") == ["g3"]
    lines = run("search", "--tag", "q4").stdout.splitlines()  # no words: the usual snippet
    assert len(lines) == 1 and "a colleague snapped at me / g3 (written" in lines[0]
    assert found(run, "--tag", "#Q4") == ["g3"]
    assert found(run, "colleague") == ["g4 colleague", "g3", "g1"]
    assert found(run, "colleague", "--max-rating", "2") == ["g1"]
    assert found(run, "--min-rating", "5") == ["g4 colleague"]
    assert found(run, "--min-rating", "2", "--area", "goals") == ["g4 colleague"]
    assert found(run, "--from", "2026-11-21", "--to", "2026-11-22") == ["g3", "g2"]
    assert found(run, "--limit", "2") == ["g4 colleague", "g3"]
    assert found(run, "planning") == ["g4 colleague"]  # tags are searched too
    assert found(run, "zzz") == []
    assert one_error(run("search", "--min-rating", "6"), 2) == (
        "error: --min-rating must be from 1 to 5, not 6; e.g. --min-rating 2"
    )
    assert one_error(run("search", "--area", "mood"), 2).startswith("error: unknown area 'mood'")
    assert one_error(run("search", "--limit", "0"), 2) == (
        "error: --limit must be 1 or more, not 0; e.g. --limit 50"
    )


def test_the_default_limit_is_the_newest_twenty(run: Run, tmp_path: Path) -> None:
    entries = [
        {
            "id": f"e{n:03}",
            "date": (date(2026, 1, 1) + timedelta(days=n)).isoformat(),
            "created": f"{(date(2026, 1, 1) + timedelta(days=n)).isoformat()}T08:00:00+00:00",
            "goals": {"rating": 3, "reflection": f"same word {n}"},
        }
        for n in range(25)
    ]
    source = tmp_path / "b.json"
    source.write_text(json.dumps({"format": "selflead", "version": 1, "entries": entries}))
    assert run("import", str(source)).exit_code == 0
    result = run("search", "same")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 20
    assert lines[0].startswith("2026-01-25") and lines[-1].startswith("2026-01-06")
    assert result.stderr == "Showing the newest 20; pass --limit to see more.\n"


@pytest.mark.usefixtures("journal_with_words")
def test_each_hit_is_one_line_with_the_area_it_was_found_in(run: Run) -> None:
    result = run("search", "colleague")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("2026-11-23 ")
    assert "goals: g4 colleague" in lines[0]
    assert "behaviour: a colleague snapped at me" in lines[1] and lines[1].endswith("#Q4")
    assert "emotions: Snapped at a colleague" in lines[2]
    assert "\x1b" not in result.stdout  # NO_COLOR and a pipe: no highlighting


@pytest.mark.usefixtures("journal_with_words")
def test_show_json_has_the_shape_of_list_json(run: Run) -> None:
    listed = json.loads(run("list", "--from", DAY.replace("24", "23"), "--json").stdout)
    shown = json.loads(run("show", "2026-11-23", "--json").stdout)
    assert shown == [e for e in listed if e["date"] == "2026-11-23"]
    assert json.loads(run("show", "2026-11-01", "--json").stdout) == []


HOSTILE = [
    '"',
    '"unclosed phrase',
    "NEAR(a b)",
    "a OR b",
    "goals : x",
    "x*",
    "'; DROP TABLE entries; --",
    "^start",
    "{communication}: x",
    "\x1b[31mred\x1b[0m",
    "[bold]markup[/bold]",
    "\u202eevil",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_is_only_words(run: Run, journal: Path, text: str) -> None:
    add(run, DAY, "--goals", f"plain {text} words")
    result = run("search", text)
    if not words(text):
        assert one_error(result, 2).startswith("error: nothing to search for in ")
        return
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1, result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert found(run, text) == [f"plain {text} words"]
    assert run("doctor").exit_code == 0  # the index is intact


def test_the_words_found_are_highlighted_in_a_terminal(journal: Path, run: Run) -> None:
    add(run, DAY, "--goals", "We snapped and then talked")
    env = dict(os.environ) | {
        "SELFLEAD_HOME": str(journal),
        "SELFLEAD_TODAY": "2026-11-30",
        "TERM": "xterm-256color",
        "COLUMNS": "100",
    }
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable, ["-m", "selflead", "search", "snap"], env=env, dimensions=(20, 100)
    )
    child.expect(pexpect.EOF, timeout=20)
    shown = child.before.decode()
    assert "\x1b[1;7msnapped\x1b[0m" in shown
    env["NO_COLOR"] = "1"
    child = pexpect.spawn(
        sys.executable, ["-m", "selflead", "search", "snap"], env=env, dimensions=(20, 100)
    )
    child.expect(pexpect.EOF, timeout=20)
    assert "\x1b[1;7m" not in child.before.decode()
    assert "snapped" in child.before.decode()


# --------------------------------------------------------------------------- the index


@pytest.mark.usefixtures("journal_with_words")
def test_the_index_is_private_and_never_exported(run: Run, journal: Path) -> None:
    index = journal / "index.sqlite3"
    assert index.stat().st_mode & 0o777 == 0o600
    assert b"SQLite" not in run("export", "--format", "json").stdout.encode()
    assert "index" not in run("export", "--format", "json").stdout


@pytest.mark.usefixtures("journal_with_words")
@pytest.mark.parametrize("damage", ["deleted", "random-bytes", "truncated", "empty"])
def test_a_deleted_or_corrupt_index_is_rebuilt_and_results_stay_right(
    run: Run, journal: Path, damage: str
) -> None:
    expected = found(run, "colleague")
    index = journal / "index.sqlite3"
    rng = random.Random(damage)
    if damage == "deleted":
        index.unlink()
    elif damage == "random-bytes":
        index.write_bytes(rng.randbytes(index.stat().st_size))
    elif damage == "truncated":
        index.write_bytes(index.read_bytes()[:2000])
    else:
        index.write_bytes(b"")
    assert found(run, "colleague") == expected
    saved = run("checkin", "--no-input", "--date", DAY, "--goals", "streak")
    assert "(5 days in a row)" in saved.stderr
    assert run("doctor").exit_code == 0
    assert index.stat().st_mode & 0o777 == 0o600


@pytest.mark.usefixtures("journal_with_words")
def test_a_page_of_random_bytes_inside_the_index_is_noticed(run: Run, journal: Path) -> None:
    index = journal / "index.sqlite3"
    data = bytearray(index.read_bytes())
    data[4096:8192] = random.Random(1).randbytes(4096)
    index.write_bytes(bytes(data))
    assert found(run, "colleague") == ["g4 colleague", "g3", "g1"]
    assert found(run, "cafe") == ["g2"]


def rewrite_behind_selflead(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """A hand-edit or a sync from another device: a new file put in place of the old one."""
    doc = json.loads(path.read_text())
    change(doc)
    tmp = path.with_name("handmade.tmp")
    tmp.write_text(json.dumps(doc))
    tmp.chmod(0o600)
    tmp.replace(path)


@pytest.mark.usefixtures("journal_with_words")
def test_a_stale_index_is_brought_up_to_date(run: Run, journal: Path) -> None:
    assert found(run, "colleague") == ["g4 colleague", "g3", "g1"]
    day = journal / "entries" / "2026" / "2026-11-20.json"

    def retell(doc: dict[str, Any]) -> None:
        doc["entries"][0]["emotions"]["reflection"] = "Kept my temper"

    rewrite_behind_selflead(day, retell)
    assert found(run, "colleague") == ["g4 colleague", "g3"]
    assert found(run, "temper") == ["g1"]
    # A day copied in from elsewhere, and one removed by hand.
    copy = journal / "entries" / "2025" / "2025-06-01.json"
    copy.parent.mkdir(mode=0o700)
    doc = json.loads(day.read_text())
    doc["date"] = doc["entries"][0]["date"] = "2025-06-01"
    doc["entries"][0]["id"] = "from-another-device"
    copy.write_text(json.dumps(doc))
    (journal / "entries" / "2026" / "2026-11-22.json").unlink()
    assert found(run, "temper") == ["g1", "g1"]
    assert found(run, "colleague") == ["g4 colleague"]
    assert run("edit", "from-an", "--goals", "moved in").exit_code == 0  # ids see it too
    assert run("doctor").exit_code == 0


@pytest.mark.usefixtures("journal_with_words")
def test_a_crash_between_the_day_file_and_the_index_is_repaired_next_time(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(self: Index, day: date, entries: Any, written: bytes = b"") -> None:
        raise SystemExit(137)

    real_note_day = Index.note_day
    monkeypatch.setattr(Index, "note_day", killed)
    assert run("checkin", "--no-input", "--date", DAY, "--goals", "unindexed words").exit_code
    assert run("edit", "--goals", "renamed").exit_code == 137
    monkeypatch.setattr(Index, "note_day", real_note_day)
    assert found(run, "unindexed") == []
    assert found(run, "renamed") == ["renamed"]
    assert run("doctor").exit_code == 0


def test_doctor_notices_an_in_place_edit_and_fix_rebuilds(run: Run, journal: Path) -> None:
    """An edit inside the same file, same size and time, in a folder whose time is kept: the
    cheap check cannot see it; doctor compares every file."""
    add(run, DAY, "--goals", "aaaa")
    assert found(run, "aaaa") == ["aaaa"]
    day = journal / "entries" / "2026" / f"{DAY}.json"
    folder = day.parent.stat()
    info = day.stat()
    with day.open("r+b") as handle:
        text = handle.read().replace(b'"aaaa"', b'"bbbb"')
        handle.seek(0)
        handle.write(text)
    os.utime(day, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.utime(day.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    report = run("doctor")
    assert report.exit_code == 1
    assert "index.sqlite3: the index holds other entries for 2026-11-24 than its file" in (
        report.stdout
    )
    assert run("doctor", "--fix").exit_code == 0
    assert found(run, "bbbb") == ["bbbb"]


# --------------------------------------------------------------------------- a stateful model

WORDS = ["snap", "Snapped", "café", "CAFE", "crème", "plan", "Ärger", "ärger", "q4", "ok"]
QUERIES = [
    core.query("snap"),
    core.query("cafe"),
    core.query('"snapped cafe"'),
    core.query("arger plan"),
    core.query("ok", area="goals"),
    core.query(None, tag="q4"),
    core.query(None, min_rating=4),
    core.query("plan", max_rating=2, area="emotions"),
    core.query(None, first=date(2026, 11, 3), last=date(2026, 11, 6)),
]
UNTIL = date(2026, 11, 8)


class JournalModel(RuleBasedStateMachine):
    """Everything selflead and a person can do to a journal; after each step, every search and
    streak through the index equals the same question asked of the files."""

    def __init__(self) -> None:
        super().__init__()
        # A new journal for each example (hypothesis seeds ``random``: not that).
        self.home = Path(os.environ["SELFLEAD_HOME"]) / f"model-{os.urandom(8).hex()}"
        self.count = 0

    def store(self) -> Store:
        return Store(self.home)  # a new one each time, as each command opens its own

    def ids(self) -> list[tuple[str, date]]:
        return [(e.id, e.date) for e in self.store().read_range().entries]

    @rule(
        day=st.integers(1, 8),
        text=st.lists(st.sampled_from(WORDS), max_size=4),
        rating=st.none() | st.integers(1, 5),
        tag=st.booleans(),
    )
    def add(self, day: int, text: list[str], rating: int | None, tag: bool) -> None:
        self.count += 1
        entry = Entry(
            id=f"id{self.count:04}",
            date=date(2026, 11, day),
            created=datetime(2026, 11, day, 8, tzinfo=UTC),
            goals=AreaCheckin(rating=rating or 3, reflection=" ".join(text)),
            emotions=AreaCheckin(rating=rating, reflection=" ".join(reversed(text))),
            tags=["q4"] if tag else [],
        )
        self.store().add_entry(entry)

    @rule(data=st.data(), text=st.lists(st.sampled_from(WORDS), max_size=3))
    def edit(self, data: st.DataObject, text: list[str]) -> None:
        ids = self.ids()
        if ids:
            entry_id, _ = data.draw(st.sampled_from(ids))
            change = changes.Edit(reflections={"goals": " ".join(text) or "x"}, ratings={})
            now = datetime(2026, 11, 30, tzinfo=UTC)
            changes.edit(self.store(), entry_id, change, today=date(2026, 11, 30), now=now)

    @rule(data=st.data(), day=st.integers(1, 8))
    def move(self, data: st.DataObject, day: int) -> None:
        ids = self.ids()
        if ids:
            entry_id, _ = data.draw(st.sampled_from(ids))
            change = changes.Edit(day=date(2026, 11, day))
            now = datetime(2026, 11, 30, tzinfo=UTC)
            changes.edit(self.store(), entry_id, change, today=date(2026, 11, 30), now=now)

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        ids = self.ids()
        if ids:
            entry_id, _ = data.draw(st.sampled_from(ids))
            store = self.store()
            changes.delete(store, changes.to_delete(store, [entry_id]), datetime.now(UTC))

    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        held = [t.id for t in changes.trash(self.store()).items]
        present = {i for i, _ in self.ids()}
        held = [i for i in held if i not in present]
        if held:
            changes.restore(self.store(), data.draw(st.sampled_from(held)))

    @rule(data=st.data(), text=st.sampled_from(WORDS))
    def hand_edit(self, data: st.DataObject, text: str) -> None:
        days = self.store().days()
        if days:
            day = data.draw(st.sampled_from(days))
            path = self.store().day_path(day)

            def retell(doc: dict[str, Any]) -> None:
                doc["entries"][0]["goals"]["reflection"] = text

            rewrite_behind_selflead(path, retell)

    @rule()
    def lose_the_index(self) -> None:
        (self.home / "index.sqlite3").unlink(missing_ok=True)

    @invariant()
    def search_and_streaks_equal_a_full_scan(self) -> None:
        store = self.store()
        entries = store.read_range().entries
        for query in QUERIES:
            by_index = [h.entry for h in core.search(store, query, limit=10_000).hits]
            by_scan = [h.entry for h in core.scan(entries, query)]
            assert by_index == by_scan, query
        days = store.days()
        for until in (UNTIL, date(2026, 11, 5)):
            assert store.streaks(until) == review.streaks(days, until)
            run = 0
            while until - timedelta(days=run) in days:
                run += 1
            assert store.days_in_a_row(until) == run


JournalModel.TestCase.settings = settings(
    max_examples=15,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
test_the_index_always_agrees_with_the_files = JournalModel.TestCase
