"""The store: round trips, untouched neighbours, concurrent writers, killed writers, damaged
files and a busy lock. Entries are never lost and a file that cannot be read is never rewritten.
"""

from __future__ import annotations

import errno
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import Result

from helpers import one_error
from selflead.core.checkin import build_entry
from selflead.dates import FIRST_DAY, LAST_DAY
from selflead.errors import DamagedFileError, StorageError
from selflead.models import AREAS, MAX_REFLECTION, AreaCheckin, DayFile, Entry, clean_tag
from selflead.store import documents as documents_module
from selflead.store.documents import (
    MAX_NESTING,
    decode_json,
    describe_validation,
    to_bytes,
    too_deep,
)
from selflead.store.files import ensure_dir, is_temporary
from selflead.store.journal import Store

Run = Callable[..., Result]

DAY = date(2026, 11, 23)

NOW = datetime.now().astimezone()


def make_entry(day: date = DAY, text: str = "x", rating: int | None = 3) -> Entry:
    return build_entry(
        day, reflections={"goals": text}, ratings={"goals": rating} if rating else {}, now=NOW
    )


def temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if is_temporary(p.name))


def assert_one_error(result: Result, code: int, *fragments: str) -> str:
    line = one_error(result, code)
    for fragment in fragments:
        assert fragment in line, line
    return line


# --------------------------------------------------------------------------- round trip


def _valid_tag(text: str) -> bool:
    try:
        clean_tag(text)
    except ValueError:
        return False
    return True


unicode_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)
reflections = st.one_of(
    unicode_text,
    st.just("é" * MAX_REFLECTION),
    st.just("[bold]x[/] \x1b[31m\x00\u202e\r\n\t"),
)
areas = st.builds(
    AreaCheckin,
    rating=st.one_of(st.none(), st.integers(1, 5)),
    reflection=reflections,
)
tags = st.lists(
    # Leading '#'s are what a user may type; the model drops them.
    st.builds(
        str.__add__,
        st.sampled_from(["", "#", "##"]),
        st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=33),
    ).filter(_valid_tag),
    max_size=20,
)
offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
created = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=offsets
)
ids = st.from_regex(r"[A-Za-z0-9_.:-]{1,64}", fullmatch=True)


@st.composite
def day_of_entries(draw: st.DrawFn) -> tuple[date, list[Entry]]:
    day = draw(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
    count = draw(st.integers(1, 3))
    entries = [
        Entry(
            id=draw(ids),
            date=day,
            created=draw(created),
            tags=draw(tags),
            **{area: draw(areas) for area in AREAS},
        )
        for _ in range(count)
    ]
    return day, entries


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_of_entries())
def test_round_trip_of_any_valid_entries(case: tuple[date, list[Entry]]) -> None:
    day, entries = case
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "journal")
        for entry in entries:
            assert store.add_entry(entry) == store.day_path(day)
        back = Store(store.home).read_day(day)
        assert back == entries
        # Aware timestamps keep their offset, not just the instant.
        assert [e.created.utcoffset() for e in back] == [e.created.utcoffset() for e in entries]
        assert Store(store.home).days() == [day]

        raw = store.day_path(day).read_bytes()
        text = raw.decode("utf-8")  # strict: the file is UTF-8
        data = json.loads(text)
        # Indented, key order kept, non-ASCII written as itself, one newline at the end.
        assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        assert data["schema_version"] == 2
        assert data["date"] == day.isoformat()
        assert len(data["entries"]) == len(entries)


def test_tags_are_stable_once_stored() -> None:
    # What the model holds is what comes back: cleaning a tag twice changes nothing more.
    entry = Entry(id="a", date=DAY, created=datetime.now(UTC), tags=["##a", "#b", "c"])
    assert Entry.model_validate_json(entry.model_dump_json()) == entry
    for tag in ("#", "##", "###"):
        assert not _valid_tag(tag)


# --------------------------------------------------------------------------- neighbours


def test_adding_an_entry_leaves_other_days_untouched(journal: Path) -> None:
    store = Store(journal)
    others = [date(2026, 11, 22), date(2026, 11, 24), date(2025, 11, 23)]
    for day in others:
        store.add_entry(make_entry(day, f"on {day}"))
    old = 1_000_000_000  # 2001: a rewrite in the same clock tick cannot hide behind the mtime
    for day in others:
        os.utime(store.day_path(day), ns=(old, old))
    before = {d: (store.day_path(d).read_bytes(), store.day_path(d).stat()) for d in others}

    store.add_entry(make_entry(DAY, "new"))
    store.add_entry(make_entry(DAY, "newer"))

    for day, (raw, info) in before.items():
        now = store.day_path(day).stat()
        assert store.day_path(day).read_bytes() == raw
        assert (now.st_ino, now.st_mtime_ns, now.st_size) == (
            info.st_ino,
            info.st_mtime_ns,
            info.st_size,
        )
    assert [e.goals.reflection for e in store.read_day(DAY)] == ["new", "newer"]


def test_adding_reads_only_its_own_day(journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(journal)
    for offset in range(5):
        store.add_entry(make_entry(DAY - timedelta(days=offset + 1)))
    opened: list[str] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def opener(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, (str, os.PathLike)):
                opened.append(os.fspath(path))
            return real(path, *args, **kwargs)

        return opener

    # Both ways a file can be opened: os.open (descriptors) and io.open (Path.read_bytes etc).
    monkeypatch.setattr(os, "open", spy(os.open))
    monkeypatch.setattr(io, "open", spy(io.open))
    store.add_entry(make_entry(DAY))
    monkeypatch.undo()
    assert any(name.endswith(f"{DAY}.json") for name in opened)  # the spy sees the store's reads
    assert {Path(p).name for p in opened if p.endswith(".json")} == {f"{DAY}.json"}


# --------------------------------------------------------------------------- concurrent writers

WRITER = """
import sys
from datetime import date, datetime
from pathlib import Path
from selflead.core.checkin import build_entry
from selflead.dates import FIRST_DAY, LAST_DAY
from selflead.store.journal import Store

NOW = datetime.now().astimezone()

home, day, name, count = sys.argv[1], date.fromisoformat(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store = Store(Path(home), lock_timeout=60)
print("ready", flush=True)
sys.stdin.readline()  # everyone starts together
for n in range(count):
    goals = {"goals": f"{name}-{n}"}
    store.add_entry(build_entry(day, reflections=goals, ratings={"goals": 3}, now=NOW))
print("done", flush=True)
"""


def test_concurrent_processes_lose_no_entry(journal: Path, subprocess_env: dict[str, str]) -> None:
    processes, per_process = 6, 10
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(journal),
                DAY.isoformat(),
                f"p{i}",
                str(per_process),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=subprocess_env,
        )
        for i in range(processes)
    ]
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.close()
        for child in children:
            assert child.wait(timeout=120) == 0  # a guard against a hang, not a timing check
            assert child.stdout is not None
            assert child.stdout.read() == "done\n"
            child.stdout.close()
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()

    entries = Store(journal).read_day(DAY)
    texts = [e.goals.reflection for e in entries]
    expected = {f"p{i}-{n}" for i in range(processes) for n in range(per_process)}
    assert sorted(texts) == sorted(expected)
    assert len({e.id for e in entries}) == processes * per_process
    # Each writer's own entries are in the order it wrote them.
    for i in range(processes):
        mine = [t for t in texts if t.startswith(f"p{i}-")]
        assert mine == [f"p{i}-{n}" for n in range(per_process)]
    assert temporaries(journal) == []


def test_concurrent_cli_check_ins_lose_no_entry(
    journal: Path, cli_command: list[str], subprocess_env: dict[str, str]
) -> None:
    processes, per_process = 6, 1  # the volume is in the test above; this one is the CLI
    failures: list[str] = []

    def options(i: int, n: int) -> list[str]:
        return ["--rate", "goals=3", "--goals", f"p{i}-{n}"]

    def one_writer(i: int) -> None:
        for n in range(per_process):
            done = subprocess.run(
                [*cli_command, "checkin", "--no-input", "--date", DAY.isoformat(), *options(i, n)],
                capture_output=True,
                text=True,
                env=subprocess_env,
                stdin=subprocess.DEVNULL,
                timeout=120,
                check=False,
            )
            if done.returncode != 0:
                failures.append(done.stderr)

    threads = [threading.Thread(target=one_writer, args=(i,)) for i in range(processes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    texts = sorted(e.goals.reflection for e in Store(journal).read_day(DAY))
    assert texts == sorted(f"p{i}-{n}" for i in range(processes) for n in range(per_process))


# --------------------------------------------------------------------------- killed writers

KILLED_WRITER = """
import sys
from datetime import date, datetime
from pathlib import Path
from selflead.core.checkin import build_entry
from selflead.dates import FIRST_DAY, LAST_DAY
from selflead.store.journal import Store

NOW = datetime.now().astimezone()

store = Store(Path(sys.argv[1]), lock_timeout=60)
day, tag = date.fromisoformat(sys.argv[2]), sys.argv[3]
print("ready", flush=True)
n = 0
while True:
    goals = {"goals": f"{tag}-{n} " + "x" * 400}
    entry = build_entry(day, reflections=goals, ratings={"goals": 2}, now=NOW)
    store.add_entry(entry)
    sys.stdout.write(entry.id + "\\n")  # confirmed: add_entry returned
    sys.stdout.flush()
    n += 1
"""


@pytest.mark.reliability
def test_a_writer_killed_mid_write_loses_nothing_confirmed(
    journal: Path, subprocess_env: dict[str, str]
) -> None:
    rng = random.Random(20261123)
    store = Store(journal)
    store.add_entry(make_entry(DAY, "before any writer"))
    folder = store.day_path(DAY).parent
    previous = [e.id for e in store.read_day(DAY)]
    confirmed: set[str] = set()
    leftovers = 0
    for round_number in range(20):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                KILLED_WRITER,
                str(journal),
                DAY.isoformat(),
                f"r{round_number}",
            ],
            stdout=subprocess.PIPE,
            env=subprocess_env,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        threading.Event().wait(rng.uniform(0.0, 0.06))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL
        output = child.stdout.read()
        child.stdout.close()
        confirmed |= {line.decode() for line in output.split(b"\n")[:-1]}  # complete lines only

        raw = store.day_path(DAY).read_bytes()
        json.loads(raw)  # always a whole JSON document
        now = [e.id for e in Store(journal).read_day(DAY)]
        assert now[: len(previous)] == previous  # nothing earlier was lost or reordered
        assert confirmed <= set(now)
        assert len(set(now)) == len(now)
        previous = now
        leftovers += bool(temporaries(folder))

    # The next write cleans up whatever a killed writer left behind.
    store.add_entry(make_entry(DAY, "after the last writer"))
    assert temporaries(journal) == []
    final = store.read_day(DAY)
    assert [e.id for e in final[:-1]] == previous
    assert final[-1].goals.reflection == "after the last writer"
    print(f"killed 20 writers; {len(confirmed)} confirmed entries; {leftovers} left a .tmp file")


def test_temporary_files_are_never_read_and_removed_by_the_next_write(
    run: Run, journal: Path
) -> None:
    store = Store(journal)
    store.add_entry(make_entry(DAY, "the real entry"))
    folder = store.day_path(DAY).parent
    decoy = json.loads(store.day_path(DAY).read_text(encoding="utf-8"))
    decoy["entries"][0]["goals"]["reflection"] = "from a half-written file"
    planted = [
        folder / f".{DAY}.json.0123456789ab.tmp",
        folder / ".2026-11-24.json.ffffffffffff.tmp",
    ]
    planted[0].write_text(json.dumps(decoy), encoding="utf-8")
    planted[1].write_bytes(b'{"schema_version": 1, "date": "2026-11-2')

    assert run("show", DAY.isoformat()).stdout.count("the real entry") == 1
    listing = run("list", "--all", "--json")
    assert listing.exit_code == 0, listing.stderr
    assert [e["goals"]["reflection"] for e in json.loads(listing.stdout)] == ["the real entry"]
    assert "from a half-written" not in run("show", DAY.isoformat()).stdout
    assert store.days() == [DAY]
    assert all(p.exists() for p in planted)  # reading never removes anything

    result = run("checkin", "--date", "2026-11-24", "--goals", "next write")
    assert result.exit_code == 0, result.stderr
    assert temporaries(journal) == []
    assert [e.goals.reflection for e in store.read_day(DAY)] == ["the real entry"]


def test_a_failed_write_keeps_the_old_file_and_no_temporary(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(journal)
    store.add_entry(make_entry(DAY, "kept"))
    before = store.day_path(DAY).read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StorageError, match="No space left on device"):
        store.add_entry(make_entry(DAY, "lost"))
    monkeypatch.undo()
    assert store.day_path(DAY).read_bytes() == before
    assert temporaries(journal) == []


# --------------------------------------------------------------------------- damaged files

GOOD = Entry(
    id="good",
    date=DAY,
    created=datetime(2026, 11, 23, 20, 0, tzinfo=UTC),
    goals=AreaCheckin(rating=4, reflection="SECRET reflection"),
)


def _good_file() -> bytes:
    doc = {"schema_version": 1, "date": DAY.isoformat(), "entries": [GOOD.model_dump(mode="json")]}
    return json.dumps(doc, indent=2).encode()


def _with(change: Callable[[dict[str, Any]], None]) -> bytes:
    doc = json.loads(_good_file())
    change(doc)
    return json.dumps(doc).encode()


def _as_written(change: Callable[[bytes], bytes]) -> bytes:
    """The day file exactly as selflead writes it, but for ``change`` (which must change it):
    what pydantic's own JSON parser alone would accept is still refused."""
    written = to_bytes(DayFile(schema_version=2, date=DAY, entries=[GOOD]))
    changed = change(written)
    assert changed != written
    return changed


DAMAGED = [
    pytest.param(
        _as_written(lambda b: b.replace(b'"schema_version": 2,', b'"schema_version": 2.0,')),
        "has no valid schema_version",
        id="version-2.0",
    ),
    pytest.param(
        _as_written(lambda b: b.replace(b'      "tags": [],\n', b'      "tags": [],\n' * 2)),
        "same key twice",
        id="dup-key-as-written",
    ),
    pytest.param(
        _as_written(lambda b: b.replace(b'"rating": 4', b'"rating": NaN')),
        "NaN is not allowed",
        id="nan-as-written",
    ),
    pytest.param(_good_file()[: len(_good_file()) // 2], "is not valid JSON", id="truncated"),
    pytest.param(b"", "is empty", id="empty"),
    pytest.param(b"\xff\xfe SECRET", "is not valid UTF-8", id="not-utf8"),
    pytest.param(b'["SECRET"]', "not a journal file", id="a-list"),
    pytest.param(b'{"SECRET": 1}', "has no valid schema_version", id="no-version"),
    pytest.param(
        _with(lambda d: d["entries"][0]["goals"].update(rating="SECRET")), "", id="bad-rating"
    ),
    pytest.param(_with(lambda d: d["entries"][0].update({"my SECRET": 1})), "", id="unknown-field"),
    pytest.param(_with(lambda d: d.update(entries={"SECRET": 1})), "", id="entries-not-a-list"),
    pytest.param(_with(lambda d: d.update(date="2026-11-24")), "is dated", id="file-date-differs"),
    pytest.param(
        _with(lambda d: (d.update(date="2026-11-24"), d["entries"][0].update(date="2026-11-24"))),
        "holds the date 2026-11-24, not 2026-11-23",
        id="another-day-s-file",
    ),
    pytest.param(
        _with(lambda d: d["entries"][0].update(date="2026-11-24")), "is dated", id="entry-elsewhere"
    ),
    pytest.param(b'{"schema_version": 1, "schema_version": 1}', "same key twice", id="dup-key"),
    pytest.param(_with(lambda d: d.update(schema_version=99)), "newer selflead", id="newer"),
]


@pytest.mark.parametrize(("content", "problem"), DAMAGED)
def test_a_damaged_day_is_reported_and_never_rewritten(
    run: Run, journal: Path, content: bytes, problem: str
) -> None:
    store = Store(journal)
    store.add_entry(make_entry(date(2026, 11, 22), "yesterday is fine"))
    path = store.day_path(DAY)
    path.write_bytes(content)
    info = path.stat()

    show = assert_one_error(run("show", DAY.isoformat()), 3, str(path), problem)
    checkin = assert_one_error(
        run("checkin", "--date", DAY.isoformat(), "--rate", "goals=3"), 3, str(path), problem
    )
    listing = assert_one_error(run("list", "--all"), 3, str(path))
    for line in (show, checkin, listing):
        assert "SECRET" not in line  # the file's text is never echoed
    assert path.read_bytes() == content
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (info.st_ino, info.st_mtime_ns)

    # Other days still work.
    assert run("checkin", "--date", "2026-11-22", "--goals", "still works").exit_code == 0
    shown = run("show", "2026-11-22")
    assert shown.exit_code == 0
    assert "yesterday is fine" in shown.stdout
    assert "still works" in shown.stdout
    skipped = run("list", "--all", "--json", "--skip-damaged")
    assert skipped.exit_code == 0
    assert [e["goals"]["reflection"] for e in json.loads(skipped.stdout)] == [
        "yesterday is fine",
        "still works",
    ]
    assert str(path) in skipped.stderr
    assert path.read_bytes() == content
    assert temporaries(journal) == []


def test_a_day_file_that_is_a_folder_is_reported(run: Run, journal: Path) -> None:
    path = Store(journal).day_path(DAY)
    journal.mkdir(mode=0o700)
    path.mkdir(parents=True, mode=0o700)
    assert_one_error(run("show", DAY.isoformat()), 3, str(path))
    assert_one_error(run("checkin", "--date", DAY.isoformat(), "--rate", "goals=3"), 3, str(path))
    assert path.is_dir()


# --------------------------------------------------------------------------- the lock


def test_a_held_lock_makes_checkin_exit_4_and_write_nothing(
    run: Run,
    journal: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli_command: list[str],
    subprocess_env: dict[str, str],
) -> None:
    monkeypatch.setenv("SELFLEAD_LOCK_TIMEOUT", "0.5")
    journal.mkdir(mode=0o700)
    lock = FileLock(journal / "journal.lock")
    with lock:
        result = run("checkin", "--date", DAY.isoformat(), "--rate", "goals=3")
        line = assert_one_error(result, 4, "busy", str(journal))
        assert re.search(r"waited 0\.5 s", line)
        assert "nothing was written" in line

        env = subprocess_env | {"SELFLEAD_LOCK_TIMEOUT": "0.5"}
        done = subprocess.run(
            [*cli_command, "checkin", "--date", DAY.isoformat(), "--goals", "x"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 4
        assert [x for x in done.stderr.splitlines() if x.strip()] == [line]

        # Reading needs no lock.
        assert run("show", DAY.isoformat()).exit_code == 0
        assert not Store(journal).day_path(DAY).exists()
    assert sorted(p.name for p in journal.iterdir()) == ["journal.lock"]

    # Once the lock is free, the same check-in goes through.
    assert run("checkin", "--date", DAY.isoformat(), "--rate", "goals=3").exit_code == 0
    assert len(Store(journal).read_day(DAY)) == 1


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-1", "5s"])
def test_a_bad_lock_timeout_setting_is_one_line(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SELFLEAD_LOCK_TIMEOUT", value)
    result = run("checkin", "--date", DAY.isoformat(), "--rate", "goals=3")
    assert_one_error(result, 2, f"SELFLEAD_LOCK_TIMEOUT={value!r} is not a number of seconds")
    assert not journal.exists()


def test_an_empty_lock_timeout_setting_means_the_default(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELFLEAD_LOCK_TIMEOUT", "")
    assert run("checkin", "--date", DAY.isoformat(), "--rate", "goals=3").exit_code == 0
    assert Store(journal).lock_timeout == 5.0


# --------------------------------------------------------------------------- messages


def _day_doc(*entries: Entry) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "date": DAY.isoformat(),
        "entries": [e.model_dump(mode="json") for e in entries],
    }


def test_validation_messages_count_entries_from_1_as_import_does(journal: Path) -> None:
    store = Store(journal)
    path = store.day_path(DAY)
    ensure_dir(path.parent)
    doc = _day_doc(make_entry(DAY, "one"), make_entry(DAY, "two"))
    doc["entries"][1]["goals"]["rating"] = 9
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DamagedFileError) as caught:
        store.read_day(DAY)
    assert caught.value.problem == "entry 2, goals.rating: Input should be less than or equal to 5"
    doc["entries"][0]["tags"] = ["two words"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DamagedFileError) as caught:
        store.read_day(DAY)
    assert caught.value.problem == (  # pydantic's "Value error, " is not ours to show
        "entry 1, tags.0: a tag is a single word without spaces, commas or control characters "
        "(e.g. q4) (and 1 more problem)"
    )
    doc["entries"][0] = "SECRET"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DamagedFileError) as caught:
        store.read_day(DAY)
    assert caught.value.problem.startswith("entry 1: Input should be a valid dictionary")


def test_a_problem_with_the_whole_file_says_the_file() -> None:
    doc = _day_doc(make_entry(DAY + timedelta(days=2)))
    with pytest.raises(ValidationError) as caught:
        DayFile.model_validate(doc)
    assert describe_validation(caught.value) == (
        "the file: entry 1 is dated 2026-11-25 but sits in the file for 2026-11-23"
    )


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ("[" * MAX_NESTING + "]" * MAX_NESTING, False),
        ("[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1), True),
        ("[" * 100_000, True),
        ("{" * 700, True),
        ("[[]]" * 1000, False),  # many brackets, never deep
        ('["' + "[" * 5000 + '"]', False),  # inside a string
        ('["\\"' + "[" * 5000 + '"]', False),  # after an escaped quote, still in the string
        ('["\\\\", ' + "[" * 5000, True),  # an escaped backslash ends the string
        ('["' + "[" * 5000, False),  # an unterminated string runs to the end
        ("é" + "[" * 700, True),  # whatever else is outside strings
    ],
)
def test_nesting_is_measured_without_recursion(text: str, deep: bool) -> None:
    assert too_deep(text) is deep


def test_a_deep_file_is_refused_before_the_parser_runs(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def parser(*args: object, **kwargs: object) -> None:
        raise AssertionError("json.loads must not see a file nested this deeply")

    monkeypatch.setattr(documents_module.json, "loads", parser)
    with pytest.raises(DamagedFileError, match="is nested too deeply to be a journal file"):
        decode_json(journal / "x.json", b"[" * (MAX_NESTING + 1) + b"]" * (MAX_NESTING + 1))
