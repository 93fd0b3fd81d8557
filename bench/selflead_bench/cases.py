"""The cases: which selflead commands are timed, on which journal, against which target.

``ROWS`` is the registry: one ``Row`` per line of the table, in the table's order. Adding a
command to the benchmark is one entry there (its name, how to build its command line for a
round, and the issue's target for it, if any).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from selflead_bench.journal import END, GENERATOR_VERSION, SEED, generate
from selflead_bench.timing import MIB, BenchError, Case, Launcher

FLOOR_CODE = "import typer, rich.console, pydantic; pydantic.BaseModel"


@dataclass
class Setup:
    """One benchmark run: its size, its folders, its environment and the launcher."""

    out: Path
    days: int
    per_day: int
    runs: int
    heavy_runs: int
    jrnl: list[str] | None
    env: dict[str, str]
    selflead: list[str]
    launcher: Launcher

    @property
    def entries(self) -> int:
        return self.days * self.per_day

    @property
    def key(self) -> str:
        raw = f"{self.days}x{self.per_day}:{SEED}:{END}:{GENERATOR_VERSION}"
        return f"{self.days}d{self.per_day}-{hashlib.sha256(raw.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class Workspace:
    """What a case's command line can point at: a copy of the full journal, a scratch folder."""

    selflead: list[str]  # the command that starts selflead
    full: Path  # a fresh copy of the cached full journal, for this run only
    work: Path  # scratch: empty journals, exports, imports
    source: Path  # the generated journal in the import format
    year: Path | None = None  # a copy of a one-year journal (as many check-ins a day)

    def on_full(self, *args: str) -> list[str]:
        return [*self.selflead, "--journal", str(self.full), *args]


Argv = Callable[[Workspace, int], list[str]]  # (workspace, round number) -> the command line


@dataclass(frozen=True)
class Target:
    """What the issue asks of a command; ``check`` returns (description, met)."""

    floor_ratio: float | None = None
    vs_case: tuple[str, float] | None = None
    seconds: float | None = None
    mib: float | None = None
    per_36500: float | None = None  # seconds beyond the floor per 36,500 entries (ten years)
    cpu_seconds: float | None = None

    def check(self, case: Case, floor: float, by_name: dict[str, Case]) -> tuple[str, bool]:
        said, met = [], True
        if self.floor_ratio is not None:
            said.append(f"<= {self.floor_ratio:g}x floor")
            met &= case.median / floor <= self.floor_ratio
        if self.vs_case is not None:
            other, limit = self.vs_case
            ratio = case.median / by_name[other].median
            said.append(f"<= {limit:g}x {other} (is {ratio:.2f}x)")
            met &= ratio <= limit
        if self.seconds is not None:
            said.append(f"< {self.seconds:g} s")
            met &= case.median < self.seconds
        if self.per_36500 is not None:  # beyond the floor: starting Python is not per entry
            limit = self.per_36500 * max(case.entries, 1) / 36_500
            said.append(f"<= floor + {self.per_36500:g} s per 36,500 entries (+{limit:.2f} s)")
            met &= case.median - floor <= limit
        if self.cpu_seconds is not None:
            said.append(f"< {self.cpu_seconds:g} s CPU")
            met &= case.cpu < self.cpu_seconds
        if self.mib is not None:
            said.append(f"< {self.mib:g} MiB")
            met &= case.peak / MIB < self.mib
        return "; ".join(said), met


@dataclass(frozen=True)
class Row:
    """One line of the table: a command, its command line for each round, and its target."""

    name: str
    argv: Argv
    target: Target | None = None
    heavy: bool = False  # export and import: timed after the others, --heavy-runs times
    label: str | None = None  # the table's first column; "selflead <name>" when not given

    @property
    def title(self) -> str:
        return self.label or f"selflead {self.name}"


CHECKIN = [
    "checkin",
    "--rate",
    "goals=4",
    "--rate",
    "emotions=3",
    "--goals",
    "Closed the Q4 plan with the team",
    "--emotions",
    "Calm after a hard morning",
    "--tag",
    "q4",
]


# When the benchmark last deleted files (``fresh``): on ext4 without a journal, creating files
# in the 30 s after deleting as many scans past every inode just freed (the kernel's
# ``recently_deleted``), which doubled a 100-year import's system time.
_DELETED_AT = [0.0]
_RECENT = 31.0  # seconds: the kernel's dirty_expire_interval (30 s), and one more


_MANY = 1_000  # files: fewer deleted cost the next creations nothing to speak of


def fresh(path: Path) -> Path:
    if path.exists():
        many = sum(len(files) for _, _, files in os.walk(path)) >= _MANY
        shutil.rmtree(path)
        if many:
            _DELETED_AT[0] = time.monotonic()
    return path


def _after_recent_deletes() -> None:
    """Wait (untimed) until the benchmark's last deletion is no longer recent to the kernel."""
    time.sleep(max(0.0, _DELETED_AT[0] + _RECENT - time.monotonic()))


def on_full(*args: str) -> Argv:
    """``selflead --journal FULL ARGS``, the same in every round."""
    return lambda space, _round: space.on_full(*args)


def _floor(_space: Workspace, _round: int) -> list[str]:
    return [sys.executable, "-c", FLOOR_CODE]


def _bare_python(_space: Workspace, _round: int) -> list[str]:
    return [sys.executable, "-c", "pass"]


def _script_python(_space: Workspace, _round: int) -> list[str]:
    return [sys.executable, "-c", "import re, sys"]


def _help(space: Workspace, _round: int) -> list[str]:
    return [*space.selflead, "--help"]


def _checkin_empty(space: Workspace, round_number: int) -> list[str]:
    home = fresh(space.work / f"empty-{round_number}")
    return [*space.selflead, "--journal", str(home), *CHECKIN]


def _export(fmt: str) -> Argv:
    def argv(space: Workspace, _round: int) -> list[str]:
        target = space.work / f"export.{'md' if fmt == 'markdown' else 'json'}"
        return space.on_full("export", "--format", fmt, "--output", str(target), "--force")

    return argv


def _checkin_year(space: Workspace, _round: int) -> list[str]:
    return [*space.selflead, "--journal", str(space.year), *CHECKIN]


def on_year(*args: str) -> Argv:
    """``selflead --journal YEAR ARGS``: on the one-year journal, beside the full one."""
    return lambda space, _round: [*space.selflead, "--journal", str(space.year), *args]


YEAR_SPAN = ["--from", (END - timedelta(days=364)).isoformat(), "--to", END.isoformat()]


def _report(journal: str) -> Argv:
    """``selflead report`` for the year up to the journal's last day, replacing its file."""

    def argv(space: Workspace, _round: int) -> list[str]:
        home = space.full if journal == "full" else space.year
        target = space.work / f"report-{journal}.html"
        return [*space.selflead, "--journal", str(home), "report", *YEAR_SPAN, "-o", str(target),
                "--force"]  # fmt: skip

    return argv


def _index_build(space: Workspace, _round: int) -> list[str]:
    """A search on a copy of the full journal whose index was just deleted: the whole build."""
    (space.full / "index.sqlite3").unlink(missing_ok=True)
    return space.on_full("search", "pushed")


def _edit(space: Workspace, round_number: int) -> list[str]:
    return space.on_full("edit", "--rate", f"goals={1 + round_number % 5}")


def _review_year_one(space: Workspace, _round: int) -> list[str]:
    """The review of the last generated year on the one-year journal: what the full
    journal's review of the same year is compared with."""
    return [*space.selflead, "--journal", str(space.year), "review", "--year", str(END.year)]


def _first_day(journal: Path) -> str:
    """The journal's first day, from its folder names (not timed: before the process starts)."""
    top = journal / "entries"
    year = min(p.name for p in top.iterdir() if p.name.isdigit())
    return min(p.stem for p in (top / year).iterdir() if p.suffix == ".json")


def _insights_all(space: Workspace, _round: int) -> list[str]:
    return space.on_full("insights", "--from", _first_day(space.full), "--to", END.isoformat())


YEAR_SPAN = ["--from", (END - timedelta(days=364)).isoformat(), "--to", END.isoformat()]


def _insights_year(space: Workspace, _round: int) -> list[str]:
    return [*space.selflead, "--journal", str(space.year), "insights", *YEAR_SPAN]


def _import_all(space: Workspace, round_number: int) -> list[str]:
    # A folder of its own each round (the workspace is emptied when the next benchmark run
    # starts), and none deleted just before (``_DELETED_AT``).
    home = fresh(space.work / f"imported-{round_number}")
    _after_recent_deletes()
    return [*space.selflead, "--journal", str(home), "import", str(space.source)]


ROWS = [
    Row("floor", _floor, label=f'floor: python -c "{FLOOR_CODE}"'),
    Row("--help", _help, Target(floor_ratio=1.3)),
    Row("checkin (empty journal)", _checkin_empty, Target(floor_ratio=1.5)),
    Row("checkin (one-year journal)", _checkin_year, Target(floor_ratio=1.5)),
    Row(
        "checkin (full journal)",
        on_full(*CHECKIN),
        Target(floor_ratio=1.5, vs_case=("checkin (one-year journal)", 1.05)),
    ),
    Row("show (a day)", on_full("show", END.isoformat()), Target(floor_ratio=1.5)),
    Row("review --last (last week)", on_full("review", "--last"), Target(floor_ratio=1.6)),
    Row("list (last 30 days)", on_full("list")),
    Row("review --year (one-year journal)", _review_year_one, Target(floor_ratio=2)),
    Row(
        "review --year (full journal)",
        on_full("review", "--year", str(END.year)),
        Target(floor_ratio=2, vs_case=("review --year (one-year journal)", 1.1)),
    ),
    Row("quote", on_full("quote"), Target(floor_ratio=1.5)),
    Row("search a word (index current)", on_full("search", "pushed"), Target(floor_ratio=1.6)),
    Row("edit (the latest)", _edit, Target(floor_ratio=1.6)),
    Row("delete --yes (the latest)", on_full("delete", "--yes"), Target(floor_ratio=1.6)),
    Row("insights (every year of the journal)", _insights_all, Target(floor_ratio=3)),
    Row("insights (last 365 days, one-year journal)", _insights_year, Target(floor_ratio=3)),
    Row(
        "insights (last 365 days, full journal)",
        on_full("insights", *YEAR_SPAN),
        Target(floor_ratio=3, vs_case=("insights (last 365 days, one-year journal)", 1.1)),
    ),
    Row("on-this-day", on_full("on-this-day")),
    # selflead due runs at every shell prompt: the target is against bare Python.
    Row("python -c pass", _bare_python, label='python -c "pass"'),
    # What the console script pip and pipx write imports before any of selflead's code.
    Row("python -c import re", _script_python, label='python -c "import re, sys" (the script)'),
    Row(
        "due (today checked in)",
        on_full("due"),
        Target(vs_case=("python -c pass", 2.0)),
    ),
    Row("calendar (one-year journal)", on_year("calendar", "--year", str(END.year))),
    Row(
        "calendar (full journal)",
        on_full("calendar", "--year", str(END.year)),
        Target(floor_ratio=1.6, vs_case=("calendar (one-year journal)", 1.10)),
    ),
    Row("report (a year, one-year journal)", _report("year"), Target(seconds=2)),
    Row(
        "report (a year, full journal)",
        _report("full"),
        Target(seconds=2, vs_case=("report (a year, one-year journal)", 1.10)),
    ),
    Row("index build (from nothing)", _index_build, Target(seconds=5), heavy=True),
    # Issue 17: the whole-journal commands in memory that does not grow with the journal, and
    # in time linear in it (the same targets at 1, 10 and 100 years: --years 100).
    Row(
        "export --format markdown (all)",
        _export("markdown"),
        Target(per_36500=1.0, mib=80),
        heavy=True,
    ),
    Row("export --format json (all)", _export("json"), Target(per_36500=1.0, mib=80), heavy=True),
    Row("import (all)", _import_all, Target(cpu_seconds=20, mib=300), heavy=True),
    Row("doctor (all)", on_full("doctor"), Target(seconds=3, mib=150), heavy=True),
]
ROW = {row.name: row for row in ROWS}


def import_file(setup: Setup) -> Path:
    """The generated journal in the import format, written once per size into the cache."""
    path = setup.out / f"journal-{setup.key}.json"
    if not path.exists():
        document = generate(setup.days, setup.per_day)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    return path


IMPORT_PART = 200 * MIB  # selflead imports a file of up to 256 MiB at once


def import_parts(source: Path) -> list[Path]:
    """``source``, or (over ``IMPORT_PART``: at 100 years) the parts it is imported in, each
    written once beside it: the entries in runs of days, the weekly reflections with the first."""
    size = source.stat().st_size
    if size <= IMPORT_PART:
        return [source]
    count = -(-size // IMPORT_PART)
    paths = [source.with_suffix(f".part{n + 1}of{count}.json") for n in range(count)]
    if all(path.exists() for path in paths):
        return paths
    document = json.loads(source.read_text(encoding="utf-8"))
    entries = document["entries"]  # by day: each part is a run of whole days
    step = -(-len(entries) // count)
    for n, path in enumerate(paths):
        part = document | {"entries": entries[n * step : (n + 1) * step]}
        part["reviews"] = document["reviews"] if n == 0 else []
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    return paths


def full_journal(setup: Setup, source: Path) -> Path:
    """The journal built by ``selflead import`` of ``source``, cached between runs."""
    cached = setup.out / f"journal-{setup.key}"
    marker = cached / ".bench-complete"
    if not marker.exists():
        fresh(cached)
        for part in import_parts(source):
            setup.launcher.run([*setup.selflead, "--journal", str(cached), "import", str(part)],
                               setup.env, setup.out)  # fmt: skip
        marker.write_text("built by bench/run.py with selflead import\n", encoding="utf-8")
    if not (cached / "index.sqlite3").exists():  # built once, so searches find it current
        setup.launcher.run([*setup.selflead, "--journal", str(cached), "search", "x"],
                           setup.env, setup.out)  # fmt: skip
    return cached


def year_journal(setup: Setup) -> Path:
    """A one-year journal with as many check-ins a day, cached: what the full journal's
    check-in is compared with."""
    days = min(setup.days, 365)
    cached = setup.out / f"year-journal-{days}x{setup.per_day}-{setup.key}"
    marker = cached / ".bench-complete"
    if not marker.exists():
        fresh(cached)
        source = setup.out / f"year-journal-{setup.key}.json"
        source.write_text(json.dumps(generate(days, setup.per_day)), encoding="utf-8")
        for argv in (["import", str(source)], ["search", "x"]):
            setup.launcher.run([*setup.selflead, "--journal", str(cached), *argv],
                               setup.env, setup.out)  # fmt: skip
        marker.write_text("built by bench/run.py with selflead import\n", encoding="utf-8")
    return cached


def chosen(only: list[str] | None) -> list[Row]:
    """The rows ``--only`` names, with the floor and the rows their targets compare with."""
    if not only:
        return ROWS
    unknown = [name for name in only if name not in ROW]
    if unknown:
        raise BenchError(f"no row {unknown[0]!r}; the rows are: " + ", ".join(ROW))
    names = {"floor", *only}
    names |= {ROW[n].target.vs_case[0] for n in only if ROW[n].target and ROW[n].target.vs_case}
    return [row for row in ROWS if row.name in names]


def selflead_cases(setup: Setup, only: list[str] | None = None) -> list[Case]:
    """A case for every row (or those ``only`` names), on a fresh copy of the full journal
    (the cache is never changed)."""
    rows = chosen(only)  # first: a mistyped row is said before the journal is built
    work = setup.out / "work"
    source = import_file(setup)
    cached = full_journal(setup, source)
    full = work / "full"
    fresh(work).mkdir(parents=True)
    shutil.copytree(cached, full)
    (full / ".bench-complete").unlink()
    year = work / "year"
    shutil.copytree(year_journal(setup), year)
    space = Workspace(selflead=setup.selflead, full=full, work=work, source=source, year=year)
    return [
        Case(row.name, functools.partial(row.argv, space), row.heavy, entries=setup.entries)
        for row in rows
    ]


def selflead_command() -> list[str]:
    script = Path(sys.executable).parent / "selflead"
    return [str(script)] if script.exists() else [sys.executable, "-m", "selflead"]


def compile_selflead() -> None:
    """Byte-compile selflead, as pip does on install (the floor's libraries have theirs).

    Without it, a checkout run with PYTHONDONTWRITEBYTECODE would compile selflead's sources
    in every timed process, which no installed copy does.
    """
    import importlib.util

    spec = importlib.util.find_spec("selflead")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", folder],
            stdout=subprocess.DEVNULL,
            check=False,
        )
