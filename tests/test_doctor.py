"""``selflead doctor``: every problem named with its file and a fix; ``--fix`` makes only the
safe repairs and never deletes what the user wrote. Damaged day files, one kind of damage at a
time, are in tests/test_damaged_files.py."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from selflead.core import doctor, doctor_checks, doctor_findings, doctor_repairs, quotes
from selflead.core.checkin import build_entry
from selflead.models import WeeklyReflection
from selflead.store.files import ensure_dir, is_temporary
from selflead.store.journal import Store
from selflead.store.layout import INDEX_NAMES

Run = Callable[..., Result]
DAY = date(2026, 11, 24)

NOW = datetime.now().astimezone()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def contents(home: Path) -> Counter[bytes]:
    """The bytes of every file that is not a temporary one (nor the index, which is derived
    from the others), wherever it now is."""
    return Counter(
        p.read_bytes()
        for p in home.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not is_temporary(p.name)
        and p.name not in INDEX_NAMES
    )


def problem_lines(result: Result) -> list[str]:
    return [x for x in result.stdout.splitlines() if x.startswith("problem  ")]


@pytest.fixture
def healthy(run: Run, journal: Path) -> Path:
    for day, text in ((DAY, "one"), (DAY, "two"), (date(2025, 12, 31), "last year")):
        assert run("checkin", "--date", str(day), "--goals", text).exit_code == 0
    store = Store(journal)
    now = datetime(2026, 11, 29, tzinfo=UTC)
    store.write_week("2026-W48", WeeklyReflection(goal="g", created=now, updated=now))
    return journal


def test_no_journal_yet_is_all_well_and_creates_nothing(run: Run, journal: Path) -> None:
    result = run("doctor")
    assert result.exit_code == 0
    assert result.stdout == (
        f"Journal: {journal}\nNo journal here yet; it is created by the first check-in. All well.\n"
    )
    assert not journal.exists()
    assert run("doctor", "--fix").exit_code == 0
    assert not journal.exists()


def test_a_healthy_journal_is_all_well(run: Run, healthy: Path) -> None:
    assert (healthy / "journal.lock").exists()  # left by filelock by design: not a problem
    result = run("doctor")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [
        f"Journal: {healthy}",
        "Checked 2 days (3 check-ins) and 1 week. All well.",
    ]
    before = contents(healthy)
    assert run("doctor", "--fix").exit_code == 0
    assert contents(healthy) == before


def test_a_journal_path_that_is_a_file(run: Run, journal: Path) -> None:
    journal.write_text("not a folder")
    result = run("doctor")
    assert result.exit_code == 1
    assert "problem  .: is not a folder" in result.stdout
    assert journal.read_text() == "not a folder"


def test_loose_modes_are_named_and_fix_tightens_them(run: Run, healthy: Path) -> None:
    day_file = Store(healthy).day_path(DAY)
    week_file = Store(healthy).week_path("2026-W48")
    loose = {
        healthy: 0o755,
        healthy / "entries": 0o750,
        day_file.parent: 0o711,
        day_file: 0o644,
        week_file: 0o640,
        healthy / "journal.lock": 0o666,
        Store(healthy).day_path(date(2025, 12, 31)): 0o400,  # owner cannot write it
    }
    for path, loose_mode in loose.items():
        path.chmod(loose_mode)
    result = run("doctor")
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == len(loose), result.stdout
    assert "problem  .: has mode 0755: other users can read this journal folder" in lines
    assert (
        "problem  entries/2026/2026-11-24.json: has mode 0644: other users can read this "
        "journal file" in lines
    )
    assert (
        "problem  entries/2025/2025-12-31.json: has mode 0400: selflead cannot use this file "
        "without 0600" in lines
    )
    assert f"fix: chmod 600 {day_file} (or 'selflead doctor --fix')" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "Checked 2 days (3 check-ins) and 1 week. 7 problems found; 7 can be repaired safely "
        "with: selflead doctor --fix."
    )
    before = contents(healthy)
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert fixed.stdout.count("mode set to 0") == len(loose)
    for path in loose:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert contents(healthy) == before


def test_leftover_temporary_files_are_removed_and_nothing_else(run: Run, healthy: Path) -> None:
    day_file = Store(healthy).day_path(DAY)
    leftovers = [
        day_file.parent / f".{day_file.name}.0123456789ab.tmp",
        healthy / "reviews" / ".2026-W48.json.ffffffffffff.tmp",
    ]
    for path in leftovers:
        path.write_bytes(day_file.read_bytes()[:40])
    result = run("doctor")
    assert result.exit_code == 1
    for path in leftovers:
        relative = path.relative_to(healthy)
        assert (
            f"problem  {relative}: is a temporary file left by an interrupted write; it holds "
            "no saved check-in" in problem_lines(result)
        )
    before = contents(healthy)
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert fixed.stdout.count(": removed") == 2
    assert not any(p.exists() for p in leftovers)
    assert contents(healthy) == before  # contents() never counts temporary files


def test_duplicate_ids_are_named_with_both_files_and_left_for_a_person(
    run: Run, healthy: Path
) -> None:
    store = Store(healthy)
    first = store.day_path(DAY)
    other = store.day_path(date(2025, 12, 31))
    doc = json.loads(first.read_text())
    duplicated = doc["entries"][0]["id"]
    # The same id again in the same day, and in another day's file.
    doc["entries"][1]["id"] = duplicated
    first.write_text(json.dumps(doc))
    other_doc = json.loads(other.read_text())
    other_doc["entries"][0]["id"] = duplicated
    other.write_text(json.dumps(other_doc))
    result = run("doctor")
    assert result.exit_code == 1
    [line] = problem_lines(result)
    assert line == (
        f"problem  entries/2025/2025-12-31.json: holds entry id {duplicated}, which appears 3 "
        "times (again in entries/2026/2026-11-24.json, entries/2026/2026-11-24.json)"
    )
    assert "keep one copy: remove the other from its file by hand" in result.stdout
    before = contents(healthy)
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 1  # nothing here is safe to do automatically
    assert contents(healthy) == before


def test_fix_never_deletes_user_text(run: Run, healthy: Path) -> None:
    """Everything wrong at once; afterwards every non-temporary file's bytes still exist."""
    store = Store(healthy)
    day_file = store.day_path(DAY)
    day_file.write_bytes(day_file.read_bytes()[:-30])  # damaged
    store.week_path("2026-W48").write_bytes(b"\0\0\0")  # damaged
    (day_file.parent / ".2026-11-24.json.aaaaaaaaaaaa.tmp").write_bytes(b"half")
    (healthy / "entries" / "2025").chmod(0o755)
    (healthy / "notes.txt").write_text("my own notes")
    (healthy / "entries" / "2026" / "2026-02-30.json").write_text("{}")
    (healthy / "entries" / "2026" / "2026-11-25.json").write_bytes(
        day_file.read_bytes()
    )  # damaged too
    before = contents(healthy)
    result = run("doctor", "--fix")
    after = contents(healthy)
    assert after == before  # same bytes, some under new names; only the .tmp is gone
    assert (healthy / "notes.txt").read_text() == "my own notes"
    set_aside = sorted(p.name for p in healthy.rglob("*.damaged-*"))
    assert [name.split(".damaged-")[0] for name in set_aside] == [
        "2026-11-24.json",
        "2026-11-25.json",
        "2026-W48.json",
    ]
    # What is left needs a person: the impossible date. The notes file is only a note.
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in problem_lines(result)] == [
        "problem  entries/2026/2026-02-30.json"
    ]
    assert "note     notes.txt: is not a selflead file; selflead ignores it" in result.stdout


def test_set_aside_names_never_collide(journal: Path) -> None:
    store = Store(journal)
    path = store.day_path(DAY)
    ensure_dir(path.parent)
    moment = datetime(2026, 11, 24, 12, 0, 0).astimezone()  # the same second, three times
    names = []
    for n in range(3):
        path.write_bytes(f"damaged {n}".encode())
        with store.locked():
            names.append(store.set_aside(path, moment).name)
    assert names == [
        "2026-11-24.json.damaged-20261124-120000",
        "2026-11-24.json.damaged-20261124-120000-2",
        "2026-11-24.json.damaged-20261124-120000-3",
    ]
    assert [(path.parent / n).read_bytes() for n in names] == [
        b"damaged 0",
        b"damaged 1",
        b"damaged 2",
    ]


def test_a_file_that_reads_again_is_not_set_aside(run: Run, healthy: Path) -> None:
    """--fix reads a damaged file again under the lock before moving it: a stale finding
    (the file was repaired meanwhile) moves nothing."""
    store = Store(healthy)
    path = store.day_path(DAY)
    good = path.read_bytes()
    path.write_bytes(b"{")
    [finding] = [
        f for f in doctor_checks.check(store).findings if f.repair == doctor_findings.SET_ASIDE
    ]
    path.write_bytes(good)
    with store.locked():
        [repair] = doctor_repairs.repair(store, [finding], NOW)
    assert (repair.done, repair.detail) == (False, "it reads fine now; left in place")
    assert path.read_bytes() == good


def test_hostile_file_names_are_shown_as_escapes(run: Run, healthy: Path) -> None:
    folder = healthy / "entries" / "2026"
    (folder / "evil\x1b]0;pwned\x07\x1b[2J\u202e.json").write_text("x")
    (folder / "line\nbreak").write_text("x")
    result = run("doctor")
    assert result.exit_code == 0  # foreign files are notes, not problems
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J\\u202e.json: is not a selflead file" in result.stdout
    assert "line\\x0abreak: is not a selflead file" in result.stdout


def test_links_are_not_followed_by_doctor(run: Run, healthy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("someone else's file")
    outside.chmod(0o644)
    link = healthy / "entries" / "2026" / "elsewhere"
    link.symlink_to(outside)
    result = run("doctor", "--fix")
    assert result.exit_code == 0, result.stdout
    assert "note     entries/2026/elsewhere: is a symbolic link; doctor does not follow links" in (
        result.stdout
    )
    assert mode(outside) == 0o644 and link.is_symlink()


def test_unknown_folders_are_notes(run: Run, healthy: Path) -> None:
    (healthy / "entries" / "old").mkdir(mode=0o755)
    result = run("doctor")
    assert result.exit_code == 0
    assert "note     entries/old: is not a selflead folder; selflead ignores it" in result.stdout


WRITER = """
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from selflead.core.checkin import build_entry
from selflead.store.journal import Store

NOW = datetime.now().astimezone()

store = Store(Path(sys.argv[1]), lock_timeout=60)
for n in range(int(sys.argv[2])):
    day = date(2026, 11, 1) + timedelta(days=n % 5)
    store.add_entry(build_entry(day, reflections={"goals": f"w{n}"}, ratings={"goals": 3}, now=NOW))
"""


@pytest.mark.reliability
def test_doctor_fix_while_a_writer_works_loses_nothing(
    journal: Path, subprocess_env: dict[str, str]
) -> None:
    """Doctor holds the lock while it checks and repairs, so a live writer's temporary file is
    never mistaken for a leftover, and nothing the writer saves is lost."""
    count = 150
    first = build_entry(date(2026, 11, 1), reflections={"goals": "first"}, ratings={}, now=NOW)
    Store(journal).add_entry(first)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(journal), str(count)], env=subprocess_env
    )
    store = Store(journal, lock_timeout=60)
    rounds = 0
    try:
        while writer.poll() is None:
            report = doctor.examine(store, fix_at=NOW)
            assert report.ok, report.findings
            assert not report.repairs
            rounds += 1
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait()
    assert writer.returncode == 0
    texts = sorted(e.goals.reflection for e in store.read_range().entries)
    assert texts == sorted(["first", *(f"w{n}" for n in range(count))])
    assert rounds > 0


def test_a_journal_folder_that_is_a_link_is_checked_through_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal kept elsewhere (a synced or encrypted folder) and linked to: the folder's own
    mode counts, not the link's, and --fix tightens the folder it points to."""
    real = tmp_path / "encrypted" / "journal"
    real.mkdir(parents=True, mode=0o700)
    real.chmod(0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("SELFLEAD_HOME", str(link))
    assert run("checkin", "--date", str(DAY), "--goals", "linked").exit_code == 0
    result = run("doctor")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "Checked 1 day (1 check-in) and 0 weeks. All well."
    real.chmod(0o755)
    assert "problem  .: has mode 0755" in run("doctor").stdout
    assert run("doctor", "--fix").exit_code == 0
    assert mode(real) == 0o700 and link.is_symlink()


# --------------------------------------------------------------------------- the user's quotes

QUOTES = 'quotes:\n  - text: "Listen first."\n    author: "My coach"\n    areas: [communication]\n'
README_SHAPE = "the README's 'selflead quote' section shows the shape"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            "quotes: [\n  - text: 'unclosed\n",
            "is not valid YAML: did not find expected node content (line 2, column 3)",
        ),
        ('quotes:\n  - text: "x"\n    areas: [goals]\n', "quotes.0.author: Field required"),
    ],
    ids=["bad-yaml", "wrong-shape"],
)
def test_a_broken_quotes_yaml_is_reported_and_never_moved(
    run: Run, healthy: Path, content: str, problem: str
) -> None:
    """review and quote refuse a broken quotes.yaml and send the user to doctor: doctor must
    name it too, and leave the user's own file where it is."""
    path = healthy / "quotes.yaml"
    path.write_text(content, encoding="utf-8")
    path.chmod(0o600)
    for argv in (["quote"], ["review", "--week", "2026-W48"]):
        refused = run(*argv)
        assert refused.exit_code == 3, (argv, refused.stderr)
        assert refused.stderr.startswith(f"error: {path}: {problem}"), refused.stderr
        assert "data/quotes.yaml for the shape" not in refused.stderr
    result = run("doctor")
    assert result.exit_code == 1, result.stdout
    assert problem_lines(result) == [f"problem  quotes.yaml: {problem}"]
    assert (
        f"fix: fix the YAML by hand (doctor never changes your quotes); {README_SHAPE}, as does "
        f"the bank selflead ships: {quotes.packaged_quotes_file()}\n"
    ) in result.stdout
    assert "can be repaired safely" not in result.stdout
    before = contents(healthy)
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 1
    assert "fixed" not in fixed.stdout
    assert path.read_text(encoding="utf-8") == content
    assert contents(healthy) == before
    assert not list(healthy.glob("quotes.yaml.*"))


def test_a_wrong_shape_in_quotes_yaml_points_at_the_readme_and_the_packaged_bank(
    run: Run, healthy: Path
) -> None:
    (healthy / "quotes.yaml").write_text('quotes:\n  - text: "x"\n', encoding="utf-8")
    result = run("quote")
    assert result.exit_code == 3
    assert result.stderr.rstrip().endswith(
        f"fix the file; {README_SHAPE}, as does the bank selflead ships: "
        f"{quotes.packaged_quotes_file()}"
    ), result.stderr
    assert quotes.packaged_quotes_file().is_file()


def test_quotes_yaml_is_kept_private_like_every_journal_file(run: Run, healthy: Path) -> None:
    path = healthy / "quotes.yaml"
    path.write_text(QUOTES, encoding="utf-8")
    path.chmod(0o644)
    result = run("doctor")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "problem  quotes.yaml: has mode 0644: other users can read this journal file"
    ]
    assert f"fix: chmod 600 {path} (or 'selflead doctor --fix')" in result.stdout
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert "fixed    quotes.yaml: mode set to 0600" in fixed.stdout
    assert mode(path) == 0o600
    assert path.read_text(encoding="utf-8") == QUOTES
    # Read-only for its owner is fine: selflead only reads it.
    path.chmod(0o400)
    assert run("doctor").exit_code == 0
    assert mode(path) == 0o400


# --------------------------------------------------------------------------- temporaries


def test_only_selflead_s_own_temporary_names_are_removed(run: Run, healthy: Path) -> None:
    """A user's hidden .tmp files are theirs: doctor notes them, --fix and the clean-up before
    a write (after a killed writer) leave them; only .<name>.<12 hex digits>.tmp is ours."""
    folder = Store(healthy).day_path(DAY).parent
    theirs = [
        folder / ".x.tmp",
        folder / ".2026-11-24.json.tmp",
        folder / ".2026-11-24.json.0123456789AB.tmp",  # upper case: not what we write
        folder / ".2026-11-24.json.0123456789a.tmp",  # 11 digits
        healthy / ".notes.tmp",
    ]
    ours = folder / ".2026-11-24.json.0123456789ab.tmp"
    for path in [*theirs, ours]:
        path.write_text("mine", encoding="utf-8")
        path.chmod(0o600)
    assert [is_temporary(p.name) for p in theirs] == [False] * len(theirs)
    result = run("doctor")
    assert result.exit_code == 1
    for path in theirs:
        relative = path.relative_to(healthy)
        assert f"note     {relative}: is not a selflead file; selflead ignores it" in result.stdout
    assert problem_lines(result) == [
        f"problem  {ours.relative_to(healthy)}: is a temporary file left by an interrupted "
        "write; it holds no saved check-in"
    ]
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert not ours.exists()
    assert all(p.read_text(encoding="utf-8") == "mine" for p in theirs)
    # The next write into the folder removes a killed writer's leftovers, and only those.
    ours.write_text("half", encoding="utf-8")
    assert run("checkin", "--date", str(DAY), "--goals", "three").exit_code == 0
    assert not ours.exists()
    assert all(p.read_text(encoding="utf-8") == "mine" for p in theirs)


# --------------------------------------------------------------------------- misplaced entries

SHORT = date(2026, 11, 21)
NEXT = date(2026, 11, 22)


def _retarget(doc: dict[str, Any], what: str) -> None:
    if what == "one-entry":
        doc["entries"][1]["date"] = NEXT.isoformat()
    elif what == "file-date":
        doc["date"] = NEXT.isoformat()
    else:  # the whole file holds the next day
        doc["date"] = NEXT.isoformat()
        for entry in doc["entries"]:
            entry["date"] = NEXT.isoformat()


@pytest.mark.parametrize(
    ("what", "problem", "fix"),
    [
        (
            "one-entry",
            "entry 2 is dated 2026-11-22 but sits in the file for 2026-11-21",
            "move entry 2 to entries/2026/2026-11-22.json by hand (or cut the entries out and "
            "add them back with 'selflead import')",
        ),
        (
            "file-date",
            "holds the date 2026-11-22, not 2026-11-21; entry 1 is dated 2026-11-21 and entry 2 "
            "is dated 2026-11-21",
            'set the file\'s "date" to 2026-11-21',
        ),
        (
            "whole-file",
            "holds the date 2026-11-22, not 2026-11-21",
            "move it to entries/2026/2026-11-22.json (merge its entries by hand if that file "
            "exists)",
        ),
    ],
    ids=["one-entry", "file-date", "whole-file"],
)
def test_sound_entries_under_the_wrong_date_are_reported_never_set_aside(
    run: Run, healthy: Path, what: str, problem: str, fix: str
) -> None:
    """Every check-in in the file is sound; only dates disagree. Setting the file aside would
    hide that day's check-ins, so doctor says where each belongs and --fix leaves it."""
    for text in ("first", "second"):
        assert run("checkin", "--date", str(SHORT), "--goals", text).exit_code == 0
    path = Store(healthy).day_path(SHORT)
    doc = json.loads(path.read_text(encoding="utf-8"))
    _retarget(doc, what)
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    content = path.read_bytes()

    shown = run("show", str(SHORT))
    assert shown.exit_code == 3
    assert shown.stderr == (
        f"error: {path}: {problem}; the file was left untouched; run 'selflead doctor' to see "
        "where each entry belongs\n"
    )
    result = run("doctor")
    assert result.exit_code == 1
    assert problem_lines(result) == [f"problem  entries/2026/2026-11-21.json: {problem}"]
    assert f"fix: {fix}; --fix leaves this file alone, as its check-ins are sound\n" in (
        result.stdout
    )
    assert "can be repaired safely" not in result.stdout
    before = contents(healthy)
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 1
    assert path.read_bytes() == content and contents(healthy) == before
    assert not list(healthy.rglob("*.damaged-*"))


def test_following_the_fix_for_a_misplaced_entry_makes_the_journal_well(
    run: Run, healthy: Path
) -> None:
    for text in ("first", "second"):
        assert run("checkin", "--date", str(SHORT), "--goals", text).exit_code == 0
    store = Store(healthy)
    path = store.day_path(SHORT)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["entries"][1]["date"] = NEXT.isoformat()
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "move entry 2 to entries/2026/2026-11-22.json" in run("doctor").stdout
    # As told: entry 2 into the file for its day.
    moved = doc["entries"].pop(1)
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = store.day_path(NEXT)
    target.write_text(
        json.dumps({"schema_version": 1, "date": NEXT.isoformat(), "entries": [moved]}),
        encoding="utf-8",
    )
    target.chmod(0o600)
    assert run("doctor").exit_code == 0
    assert [e.goals.reflection for e in store.read_day(SHORT)] == ["first"]
    assert [e.goals.reflection for e in store.read_day(NEXT)] == ["second"]
