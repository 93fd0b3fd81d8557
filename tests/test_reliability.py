"""The reliability suite: nothing is lost under concurrency, killed writers and failed writes.

Heavier than tests/test_store.py: many processes, hundreds of killed writers checked byte for
byte, a failure injected at every single step of a write, a real file-size limit, and a
stateful model of the store. Run it alone with ``pytest -m reliability``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from typer.testing import CliRunner, Result

import helpers
from selflead.cli.app import app
from selflead.core.doctor import examine
from selflead.errors import DamagedFileError, StorageError
from selflead.models import AreaCheckin, Entry
from selflead.store import files as files_module
from selflead.store.files import is_temporary
from selflead.store.journal import Store

pytestmark = pytest.mark.reliability

Run = Callable[..., Result]
BASE = date(2026, 11, 2)  # a Monday; BASE + a few days stays in the past


def temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if is_temporary(p.name))


def all_files(folder: Path) -> dict[Path, bytes]:
    """Every journal file's bytes, but the index's: it is derived, and may be behind or rebuilt
    after a failed command (the next one brings it up to date)."""
    derived = {"index.sqlite3", "index.sqlite3-journal"}
    return {
        p: p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in derived
    }


# --------------------------------------------------------------------------- concurrency

# Each worker runs the real CLI in-process 50 times (the whole command path: options, build,
# lock, read, write), after all workers are ready, so the check-ins really overlap.
CLI_WORKER = """
import os, sys, time
from selflead.cli.app import app

name, shared, own, count, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
failures = []
for n in range(count):
    day = shared if n % 2 == 0 else own
    args = ["checkin", "--no-input", "--date", day, "--rate", "goals=3", "--goals", f"{name}-{n}"]
    try:
        app(args, prog_name="selflead")
    except SystemExit as exc:
        if exc.code not in (0, None):
            failures.append(f"{name}-{n}: exit {exc.code}")
print("failures:", repr(failures), flush=True)
"""


def test_eight_processes_fifty_check_ins_each_into_one_day_and_their_own(
    journal: Path, subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    processes, per_process = 8, 50
    shared = BASE
    own = {i: BASE + timedelta(days=1 + i) for i in range(processes)}
    go = tmp_path / "go"
    env = subprocess_env | {"SELFLEAD_LOCK_TIMEOUT": "120", "NO_COLOR": "1"}
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CLI_WORKER,
                *map(str, (f"p{i}", shared, own[i], per_process, go)),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        for i in range(processes)
    ]
    outputs = []
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
        go.touch()  # everyone starts together
        for child in children:
            out, err = child.communicate(timeout=300)  # a guard against a hang, not a timing check
            outputs.append(out)
            assert child.returncode == 0, err
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    # Saved panels go to stdout; the last line is the worker's own summary.
    assert all(out.splitlines()[-1] == "failures: []" for out in outputs), outputs

    store = Store(journal)
    read = store.read_range()
    assert read.damaged == []
    texts = [e.goals.reflection for e in read.entries]
    expected = [f"p{i}-{n}" for i in range(processes) for n in range(per_process)]
    assert sorted(texts) == sorted(expected)  # every entry present, none twice
    assert len({e.id for e in read.entries}) == processes * per_process
    shared_entries = store.read_day(shared)
    assert len(shared_entries) == processes * per_process // 2
    for i in range(processes):
        # Each writer's entries are in the order it wrote them, on both days.
        mine = [
            e.goals.reflection for e in shared_entries if e.goals.reflection.startswith(f"p{i}-")
        ]
        assert mine == [f"p{i}-{n}" for n in range(0, per_process, 2)]
        assert [e.goals.reflection for e in store.read_day(own[i])] == [
            f"p{i}-{n}" for n in range(1, per_process, 2)
        ]
    # Every file is valid, in its place, private, and no temporary file is left.
    report = examine(store)
    assert report.ok and report.findings == [], report.findings
    assert (report.days, report.entries) == (processes + 1, processes * per_process)
    assert temporaries(journal) == []


# --------------------------------------------------------------------------- killed writers

PER_DAY = 12  # entries per day in the killed-writer journal; keeps each file small
PAYLOAD = "x" * 3000  # big enough that a write takes a moment to be killed in


def numbered_entry(seq: int) -> Entry:
    """The seq-th entry of the killed-writer sequence: fully determined by seq."""
    return helpers.entry(
        BASE + timedelta(days=seq // PER_DAY),
        id=f"kill-{seq:05d}",
        created=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=seq),
        goals=(seq % 5 + 1, f"entry {seq} {PAYLOAD}"),
    )


def _writer_child(home: Path, start: int, report_fd: int) -> None:
    """Add numbered entries forever, saying before and after each one (5-byte atomic writes)."""
    store = Store(home, lock_timeout=60)
    seq = start
    while True:
        os.write(report_fd, struct.pack("<cI", b"B", seq))
        store.add_entry(numbered_entry(seq))
        os.write(report_fd, struct.pack("<cI", b"E", seq))
        seq += 1


def _run_and_kill(home: Path, start: int, delay: float) -> tuple[set[int], set[int]]:
    """Fork a writer, SIGKILL it after ``delay`` s; the seqs it began and the ones it ended."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read_end)
            _writer_child(home, start, write_end)
        except BaseException as exc:  # reported to the parent, which fails the test
            with contextlib.suppress(OSError):
                os.write(write_end, b"X" + repr(exc).encode()[:200])
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    assert os.WIFSIGNALED(status), f"the writer stopped by itself: {data[-200:]!r}"
    begun, ended = set(), set()
    for offset in range(0, len(data) - len(data) % 5, 5):
        kind, seq = struct.unpack("<cI", data[offset : offset + 5])
        (begun if kind == b"B" else ended).add(seq)
    return begun, ended


def test_writers_killed_at_random_moments_leave_old_or_new_files_only(journal: Path) -> None:
    """200 rounds: a writer adding entries in a loop is SIGKILLed at a random moment.

    After each kill, every day file is byte for byte the file of a prefix of the sequence:
    the version before the interrupted write or the one after it, never anything else; every
    entry whose add returned is there; no temporary file is ever listed or read as a day.
    """
    rounds = 200
    rng = random.Random(20261127)
    reference = Store(journal.parent / "reference")  # the bytes each version must have
    expected_bytes: dict[tuple[date, int], bytes] = {}

    def version_bytes(day: date, seqs: list[int]) -> bytes:
        key = (day, len(seqs))
        if key not in expected_bytes:
            with reference.locked():
                reference.write_day(day, [numbered_entry(s) for s in seqs])
            expected_bytes[key] = reference.day_path(day).read_bytes()
        return expected_bytes[key]

    store = Store(journal)
    with store.locked():  # import what a write needs here, so each forked writer starts warm
        version_bytes(BASE, [0])
    stored = 0
    interrupted = leftovers = landed_in_flight = 0
    for _ in range(rounds):
        begun, ended = _run_and_kill(journal, stored, rng.uniform(0.0, 0.012))
        in_flight = begun - ended
        assert len(in_flight) <= 1
        interrupted += bool(in_flight)

        # Only day files (and temporary files) exist; temporaries are never listed as days.
        for path in journal.joinpath("entries").rglob("*"):
            assert path.is_dir() or is_temporary(path.name) or path.suffix == ".json", path
        leftovers += bool(temporaries(journal))
        read = Store(journal).read_range()
        assert read.damaged == []
        seqs = [int(e.id.removeprefix("kill-")) for e in read.entries]
        confirmed_end = max(ended, default=stored - 1) + 1
        assert seqs == list(range(len(seqs))), "an entry was lost, duplicated or reordered"
        allowed = {confirmed_end} | {s + 1 for s in in_flight}
        assert len(seqs) in allowed, (len(seqs), allowed)
        landed_in_flight += bool(in_flight) and len(seqs) == max(in_flight) + 1
        for day in store.days():
            day_seqs = [s for s in seqs if numbered_entry(s).date == day]
            assert store.day_path(day).read_bytes() == version_bytes(day, day_seqs)
        stored = len(seqs)

    # The killed writers' leftovers are what doctor reports, and all --fix has to remove.
    report = examine(store)
    assert {f.problem.split(";")[0] for f in report.problems} <= {
        "is a temporary file left by an interrupted write"
    }
    assert examine(store, fix_at=datetime.now().astimezone()).ok
    assert temporaries(journal) == []
    print(
        f"\n{rounds} writers killed: {stored} entries kept, {interrupted} killed inside an add "
        f"({landed_in_flight} of those had already replaced the file), "
        f"{leftovers} left a temporary file"
    )
    # The random moments did reach inside writes; otherwise this test would prove little.
    assert interrupted > rounds // 4
    assert leftovers > 0


def test_killed_cli_check_ins_leave_a_valid_day(
    journal: Path, cli_command: list[str], subprocess_env: dict[str, str]
) -> None:
    """The real command, killed anywhere from start-up to exit: the day holds N or N+1."""
    rng = random.Random(7)
    runner = CliRunner()
    assert runner.invoke(app, ["checkin", "--date", str(BASE), "--goals", "first"]).exit_code == 0
    store = Store(journal)
    for n in range(15):
        before = len(store.read_day(BASE))
        child = subprocess.Popen(
            [*cli_command, "checkin", "--no-input", "--date", str(BASE), "--goals", f"cli-{n}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            env=subprocess_env,
        )
        time.sleep(rng.uniform(0.1, 0.5))
        child.kill()
        child.wait()
        after = [e.goals.reflection for e in store.read_day(BASE)]
        assert len(after) in {before, before + 1}
        assert after[-1] in {f"cli-{n}", after[before - 1]}
    assert examine(store, fix_at=datetime.now().astimezone()).ok


# --------------------------------------------------------------------------- failed writes


class FailOnCall:
    """Replace ``os.<name>`` so that its ``n``-th call raises ``OSError(code)``."""

    def __init__(self, name: str, n: int, code: int = errno.ENOSPC) -> None:
        self.name, self.n, self.code = name, n, code
        self.real: Callable[..., Any] = getattr(os, name)
        self.calls = 0
        self.failed = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == self.n:
            self.failed = True
            if self.name == "close":  # close always frees the descriptor, even when it fails
                self.real(*args, **kwargs)
            raise OSError(self.code, os.strerror(self.code))
        return self.real(*args, **kwargs)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EDQUOT])
@pytest.mark.parametrize("step", ["open", "write", "fsync", "close", "replace", "fstat"])
def test_a_failure_at_each_call_of_each_step(run: Run, journal: Path, step: str, code: int) -> None:
    """For N = 1, 2, ...: the N-th call of the step fails, until a check-in gets past them all.

    Each failure before the new file is in place: exit 1, one clear line, the journal's bytes
    unchanged, no temporary file. A failure after it (flushing the folder) is not a lost save.
    """
    assert run("checkin", "--date", str(BASE), "--goals", "kept").exit_code == 0
    assert run("checkin", "--date", str(BASE + timedelta(1)), "--goals", "other").exit_code == 0
    failures = 0
    for n in range(1, 50):
        before = all_files(journal)
        fake = FailOnCall(step, n, code)
        with _patched(os, step, fake):
            result = run("checkin", "--date", str(BASE), "--goals", f"attempt {n}")
        if not fake.failed:  # got past every call: the check-in is saved
            assert result.exit_code == 0, result.stderr
            assert [e.goals.reflection for e in Store(journal).read_day(BASE)] == [
                "kept",
                f"attempt {n}",
            ]
            break
        if result.exit_code == 0:  # the failure came after the file was replaced
            # (flushing the folder; or reading the day again to bring the index up to date
            # for the streak, which a failed read only leaves behind)
            assert step in {"fsync", "close", "open", "fstat"}
            texts = [e.goals.reflection for e in Store(journal).read_day(BASE)]
            assert texts == ["kept", f"attempt {n}"]
            _drop_last(journal)  # so that every round starts from the same journal
        else:
            failures += 1
            assert "Traceback" not in result.stderr
            [line] = [x for x in result.stderr.splitlines() if x.strip()]
            assert line.startswith("error: "), line
            assert os.strerror(code) in line, line
            if "cannot be read" in line:  # reading the day before adding to it failed
                assert result.exit_code == 3, (n, result.stderr)
            else:
                assert result.exit_code == 1, (n, result.stderr)
                assert "could not save" in line or "cannot lock the journal" in line, line
            assert "attempt" not in line  # the text is not echoed
            assert all_files(journal) == before, f"{step} call {n} changed the journal"
            assert temporaries(journal) == []
    else:
        pytest.fail(f"{step} kept failing")
    assert failures >= 1  # the step is really on the write path
    assert examine(Store(journal)).ok


def _drop_last(journal: Path) -> None:
    """Remove the entries added after "kept", so the next round starts from the same file."""
    store = Store(journal)
    with store.locked():
        store.write_day(BASE, store.read_day(BASE)[:1])


def test_a_failing_folder_flush_after_the_rename_is_not_a_lost_save(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("checkin", "--date", str(BASE), "--goals", "kept").exit_code == 0

    def refuse(path: Path) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files_module, "fsync_dir", refuse)
    result = run("checkin", "--date", str(BASE), "--goals", "saved")
    assert result.exit_code == 0, result.stderr
    assert [e.goals.reflection for e in Store(journal).read_day(BASE)] == ["kept", "saved"]
    assert temporaries(journal) == []


FSIZE_CHILD = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["selflead", *sys.argv[2:]]
from selflead.cli.app import main
main()
"""


def test_a_real_file_size_limit_leaves_the_old_file(
    journal: Path, subprocess_env: dict[str, str], run: Run
) -> None:
    """RLIMIT_FSIZE makes write(2) fail with EFBIG part-way through the temporary file."""

    def limited(limit: int, *options: str) -> subprocess.CompletedProcess[str]:
        command = ["checkin", "--date", str(BASE), "--no-input", *options]
        return subprocess.run(
            [sys.executable, "-c", FSIZE_CHILD, str(limit), *command],
            capture_output=True,
            text=True,
            env=subprocess_env | {"PYTHONDONTWRITEBYTECODE": "1"},
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )

    assert run("checkin", "--date", str(BASE), "--goals", "kept").exit_code == 0
    before = all_files(journal)
    size = len(Store(journal).day_path(BASE).read_bytes())
    limit = size + 4096
    big = "y" * 9000
    done = limited(limit, "--goals", big, "--emotions", big)
    assert done.returncode == 1, done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.strip()]
    assert line.startswith("error: could not save ")
    assert str(Store(journal).day_path(BASE)) in line
    assert "File too large" in line
    assert "nothing was changed" in line
    assert all_files(journal) == before
    assert temporaries(journal) == []
    # Under the limit the same journal keeps working.
    small = limited(limit, "--goals", "small")
    assert small.returncode == 0, small.stderr
    assert [e.goals.reflection for e in Store(journal).read_day(BASE)] == ["kept", "small"]
    assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] != limit  # only the child was limited


# --------------------------------------------------------------------------- stateful model

DAYS = [BASE, BASE + timedelta(days=1), date(2027, 1, 1)]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


class StoreMachine(RuleBasedStateMachine):
    """Adds, reads, reloads and failing writes; what is on disk always equals the model."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="selflead-model-"))
        self.store = Store(self.folder / "journal", lock_timeout=10)
        self.model: dict[date, list[Entry]] = {}
        self.count = 0

    def teardown(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)

    def _entry(self, day: date, text: str, rating: int | None) -> Entry:
        self.count += 1
        return Entry(
            id=f"e{self.count}",
            date=day,
            created=datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=self.count),
            emotions=AreaCheckin(rating=rating, reflection=text),
        )

    @rule(day=st.sampled_from(DAYS), text=TEXT, rating=st.none() | st.integers(1, 5))
    def add(self, day: date, text: str, rating: int | None) -> None:
        entry = self._entry(day, text, rating)
        self.store.add_entry(entry)
        self.model.setdefault(day, []).append(entry)

    @rule(
        day=st.sampled_from(DAYS),
        step=st.sampled_from(["open", "write", "fsync", "replace", "close"]),
        n=st.integers(1, 6),
    )
    def failing_add(self, day: date, step: str, n: int) -> None:
        entry = self._entry(day, "doomed?", 3)
        fake = FailOnCall(step, n)
        with _patched(os, step, fake):
            try:
                self.store.add_entry(entry)
            except (StorageError, DamagedFileError):  # failed to write, or to read the day
                assert fake.failed
                event(f"{step} failed: nothing saved")
                return
        event(f"{step} call {n}: saved" + (" despite the failure" if fake.failed else ""))
        # Either no call failed, or the failure came after the rename: saved either way.
        self.model.setdefault(day, []).append(entry)

    @rule(day=st.sampled_from(DAYS))
    def read(self, day: date) -> None:
        assert self.store.read_day(day) == self.model.get(day, [])

    @rule()
    def reload(self) -> None:
        self.store = Store(self.store.home, lock_timeout=10)

    @precondition(lambda self: self.model)
    @rule()
    def read_everything(self) -> None:
        read = self.store.read_range()
        assert read.damaged == []
        assert read.entries == [e for day in sorted(self.model) for e in self.model[day]]

    @invariant()
    def disk_equals_model(self) -> None:
        fresh = Store(self.store.home)
        assert fresh.days() == sorted(d for d, entries in self.model.items() if entries)
        for day in DAYS:
            assert fresh.read_day(day) == self.model.get(day, [])
        assert temporaries(self.folder) == []


@contextlib.contextmanager
def _patched(target: Any, name: str, value: Any) -> Iterator[None]:
    original = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, original)


StoreMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestStoreModel = StoreMachine.TestCase


# --------------------------------------------------------------------------- a held lock

HOLDER = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
sys.stdin.read()  # hold until the test closes stdin (or kills us)
"""


def test_a_held_lock_makes_every_writer_give_up_and_a_dead_holder_does_not(
    run: Run, journal: Path, monkeypatch: pytest.MonkeyPatch, subprocess_env: dict[str, str]
) -> None:
    assert run("checkin", "--date", str(BASE), "--goals", "kept").exit_code == 0
    before = all_files(journal)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(journal / "journal.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setenv("SELFLEAD_LOCK_TIMEOUT", "0.3")
        for args in (
            ["checkin", "--date", str(BASE), "--goals", "blocked"],
            ["checkin", "--date", str(BASE + timedelta(1)), "--goals", "blocked"],
            ["doctor", "--fix"],
            ["doctor"],
        ):
            result = run(*args)
            assert result.exit_code == 4, (args, result.stderr)
            [line] = [x for x in result.stderr.splitlines() if x.strip()]
            assert line == (
                f"error: the journal is busy: another selflead is writing to {journal} "
                "(waited 0.3 s); try again in a moment; nothing was written"
            )
            assert all_files(journal) == before
        # Reading needs no lock.
        assert "kept" in run("show", str(BASE)).stdout
    finally:
        holder.kill()
        holder.wait()
    # The holder died without releasing: the lock file stays (filelock's design), and is free.
    assert (journal / "journal.lock").exists()
    assert run("checkin", "--date", str(BASE), "--goals", "after").exit_code == 0
    report = examine(Store(journal))
    assert report.ok and report.findings == []
