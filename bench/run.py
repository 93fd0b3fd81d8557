"""The selflead benchmark: whole commands, as a user runs them, on a journal of a chosen size.

    python bench/run.py                      # 10 years x 10 check-ins a day = 36,500 entries
    python bench/run.py --years 1 --runs 3   # smaller and quicker
    python bench/run.py --tiny               # 50 entries, one run each: the test suite's smoke test

What it does, in order:

1. Generates a synthetic journal (seeded, so every run gets the same one) with realistic text in
   every area, and writes it in selflead's public import format
   (``{"format": "selflead", "version": 1, "entries": [...], ...}``).
2. Builds the full journal with ``selflead import`` of that file, never by writing the store's
   files directly. The built journal is cached under ``bench/out/`` (gitignored) and copied
   afresh for every benchmark run, so check-ins never change the cache.
3. Times each command in its own process (the ``selflead`` script of this environment), several
   runs interleaved round-robin after one warm-up round, and reports the median. Peak memory is
   each process's own maximum resident set size, read with ``os.wait4``.
4. Measures in the same rounds the floor: ``python -c "import typer, rich.console, pydantic;
   pydantic.BaseModel"`` in this environment (pydantic v2 imports lazily, hence the attribute),
   and prints every command as a ratio to it, beside the issue's target and pass/miss.
5. When ``jrnl`` is installed in this environment (or given with ``--jrnl PATH``), runs the
   equivalent jrnl operations on a jrnl journal of the same entries and prints their times and
   ratios; otherwise it says that it skipped them.

Times are never asserted anywhere: the test suite runs ``--tiny`` only to check that this works.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
# The day the synthetic journal ends on; commands run with SELFLEAD_TODAY pinned to it, so the
# journal, "today", "the last week" and "the last month" are the same in every run.
END = date(2026, 11, 27)
SEED = 20261127
GENERATOR_VERSION = 1  # bump when the generated text changes, so old caches are not reused
FLOOR_CODE = "import typer, rich.console, pydantic; pydantic.BaseModel"
MIB = 1024 * 1024

AREAS = ("communication", "emotions", "behaviour", "goals")


# --------------------------------------------------------------------------- synthetic text

_OPENERS = {
    "communication": (
        "In the {meeting} I {verb_c} {person}",
        "I {verb_c} {person} before the {meeting}",
        "During the {meeting} {person} pushed back and I {verb_c} them",
        "I wrote to {person} about the {topic}",
        "On the call about the {topic} I {verb_c} {person}",
    ),
    "emotions": (
        "I felt {feeling} when the {topic} slipped",
        "Most of the day I was {feeling}",
        "After the {meeting} I noticed I was {feeling}",
        "The {topic} left me {feeling}",
        "I woke up {feeling} and it coloured the morning",
    ),
    "behaviour": (
        "I {habit} before lunch",
        "I kept my promise to {habit}",
        "I skipped my plan to {habit}",
        "Instead of scrolling I chose to {habit}",
        "I led by example and {habit} in front of the team",
    ),
    "goals": (
        "I moved the {topic} forward",
        "I spent my best hours on the {topic}",
        "The {topic} is blocked on {person}",
        "I finished the first draft of the {topic}",
        "I said no to two meetings to protect time for the {topic}",
    ),
}
_ENDINGS = (
    "and it went better than I expected.",
    "but I interrupted twice and want to listen first next time.",
    "so tomorrow I will start with it before opening my inbox.",
    "which made the rest of the afternoon calmer.",
    "and I need to follow up on Thursday.",
    "although I rushed the ending.",
    "and asked what they needed from me.",
    "which I want to repeat next week.",
)
_WORDS = {
    "meeting": (
        "one-to-one",
        "stand-up",
        "planning session",
        "retro",
        "board review",
        "client call",
        "hiring panel",
    ),
    "verb_c": (
        "listened to",
        "asked open questions of",
        "gave clear feedback to",
        "summarised the decision for",
        "thanked",
        "challenged",
        "coached",
    ),
    "person": ("Sam", "my manager", "the new hire", "Priya", "the client", "Jonas", "the team"),
    "topic": (
        "Q4 plan",
        "budget",
        "product launch",
        "migration",
        "hiring plan",
        "quarterly report",
        "roadmap",
        "pricing change",
    ),
    "feeling": (
        "anxious",
        "calm",
        "frustrated",
        "energised",
        "tired",
        "proud",
        "impatient",
        "grateful",
    ),
    "habit": (
        "take a walk",
        "block an hour of focus time",
        "write down three priorities",
        "put my phone away in meetings",
        "review my week",
        "prepare the agenda",
        "go to bed on time",
    ),
}
_TAGS = ("q4", "pitch", "hiring", "1on1", "launch", "family", "health", "focus", "travel", "board")


def _sentence(rng: random.Random, area: str) -> str:
    opener = rng.choice(_OPENERS[area])
    words = {slot: rng.choice(options) for slot, options in _WORDS.items()}
    return opener.format(**words) + " " + rng.choice(_ENDINGS)


def _reflection(rng: random.Random, area: str) -> str:
    if rng.random() < 0.15:
        return ""
    sentences = [_sentence(rng, area) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    if rng.random() < 0.2:  # some reflections span several lines, as typed in the guided flow
        return "\n".join(sentences)
    return " ".join(sentences)


def _rating(rng: random.Random) -> int | None:
    if rng.random() < 0.1:
        return None
    return rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 6, 7, 3))[0]


def generate(days: int, per_day: int, end: date = END, seed: int = SEED) -> dict[str, Any]:
    """A journal in selflead's import format: ``per_day`` check-ins on each of ``days`` days."""
    rng = random.Random(seed)
    entries = []
    for offset in range(days - 1, -1, -1):
        day = end - timedelta(days=offset)
        minutes = sorted(rng.sample(range(7 * 60, 23 * 60), per_day))
        for minute in minutes:
            entry: dict[str, Any] = {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "date": day.isoformat(),
                "created": f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:"
                f"{rng.randrange(60):02d}+01:00",
            }
            for area in AREAS:
                entry[area] = {"rating": _rating(rng), "reflection": _reflection(rng, area)}
            entry["tags"] = rng.sample(_TAGS, rng.choice((0, 0, 1, 1, 2, 3)))
            entries.append(entry)
    return {
        "format": "selflead",
        "version": 1,
        "exported": f"{end.isoformat()}T23:59:00+01:00",
        "entries": entries,
        "reviews": _reviews(rng, end - timedelta(days=days - 1), end),
    }


_GROW = {
    "goal": "Next week I want the {topic} settled and the team clear on who owns what.",
    "reality": "I rated {area} lowest this week; I was {feeling} after the {meeting}.",
    "options": "Prepare the {meeting} the evening before, or ask {person} to run it.",
    "will": "Every morning I will {habit} before opening my inbox.",
}


def _reviews(rng: random.Random, first: date, end: date) -> list[dict[str, Any]]:
    """A GROW reflection for about half of the weeks, written on the Sunday evening."""
    reviews = []
    sunday = first + timedelta(days=6 - first.weekday())
    while sunday <= end:
        if rng.random() < 0.5:
            words = {slot: rng.choice(options) for slot, options in _WORDS.items()}
            words["area"] = rng.choice(AREAS)
            stamp = f"{sunday.isoformat()}T20:{rng.randrange(60):02d}:00+01:00"
            year, week, _ = sunday.isocalendar()
            review: dict[str, Any] = {"week": f"{year}-W{week:02d}"}
            review |= {name: text.format(**words) for name, text in _GROW.items()}
            review |= {"created": stamp, "updated": stamp}
            reviews.append(review)
        sunday += timedelta(days=7)
    return reviews


def to_jrnl_text(document: dict[str, Any]) -> str:
    """The same entries as a jrnl journal (timeformat ``%Y-%m-%d %H:%M``, tags as ``#tag``)."""
    parts = []
    for entry in document["entries"]:
        stamp = entry["created"][:16].replace("T", " ")
        lines = []
        for area in AREAS:
            rating = entry[area]["rating"]
            text = entry[area]["reflection"]
            lines.append(f"{area.capitalize()} {rating if rating else '-'}/5: {text}".rstrip())
        tags = " ".join(f"#{t}" for t in entry["tags"])
        title = f"Check-in {tags}".rstrip()
        parts.append(f"[{stamp}] {title}\n" + "\n".join(lines) + "\n")
    return "\n".join(parts)


# --------------------------------------------------------------------------- timing


class BenchError(Exception):
    """A command failed; the message says which and shows the end of its stderr."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    max_rss: int  # bytes


# Every command is started by this small launcher process, not by the benchmark itself. On Linux
# a child's peak resident size (ru_maxrss) also counts the memory of the process it was forked
# from, and the benchmark holds the generated journal; the launcher stays at about 10 MiB, below
# any command's own peak, so the peaks reported are the commands' own.
LAUNCHER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["stderr"], "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(job["argv"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=job["env"], cwd=job["cwd"])
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
    result = {"seconds": seconds, "max_rss": usage.ru_maxrss * 1024, "code": code}
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
"""


class Launcher:
    """Starts commands one at a time and reports each one's wall time and peak memory."""

    def __init__(self, scratch: Path) -> None:
        self.stderr = scratch / "stderr.txt"
        self.proc = subprocess.Popen(
            [sys.executable, "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: Sequence[str], env: dict[str, str], cwd: Path) -> Sample:
        """Run ``argv`` in a fresh process; its wall time and its own peak resident memory."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        job = {"argv": list(argv), "env": env, "cwd": str(cwd), "stderr": str(self.stderr)}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise BenchError("the launcher process stopped")
        result = json.loads(line)
        if result["code"] != 0:
            text = self.stderr.read_text(encoding="utf-8", errors="replace")
            tail = text.strip().splitlines()[-5:]
            raise BenchError(
                f"{' '.join(argv)} exited with {result['code']}:\n  " + "\n  ".join(tail)
            )
        # ru_maxrss is in KiB on Linux
        return Sample(result["seconds"], result["max_rss"])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


_launcher: Launcher | None = None


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path) -> Sample:
    """Run ``argv`` through the launcher (started by ``main``)."""
    if _launcher is None:
        raise BenchError("the launcher is not running")
    return _launcher.run(argv, env, cwd)


@dataclass
class Case:
    """One command to time. ``setup`` runs before each run, untimed, and returns the argv."""

    name: str
    setup: Callable[[int], list[str]]
    heavy: bool = False
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak(self) -> int:
        return max(s.max_rss for s in self.samples)


def time_cases(
    cases: Sequence[Case], *, runs: int, heavy_runs: int, env: dict[str, str], cwd: Path
) -> None:
    """Light cases round-robin (one warm-up round, then ``runs`` rounds); heavy ones after."""
    light = [c for c in cases if not c.heavy]
    for round_number in range(runs + 1):
        for case in light:
            sample = run_once(case.setup(round_number), env, cwd)
            if round_number > 0:
                case.samples.append(sample)
    for case in (c for c in cases if c.heavy):
        for round_number in range(heavy_runs):
            case.samples.append(run_once(case.setup(round_number), env, cwd))


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """What the issue asks of a command; ``check`` returns (description, met)."""

    floor_ratio: float | None = None
    vs_case: tuple[str, float] | None = None
    seconds: float | None = None
    mib: float | None = None

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
        if self.mib is not None:
            said.append(f"< {self.mib:g} MiB")
            met &= case.peak / MIB < self.mib
        return "; ".join(said), met


LABELS = {"floor": f'floor: python -c "{FLOOR_CODE}"', "--help": "selflead --help"}
TARGETS = {
    "--help": Target(floor_ratio=1.3),
    "checkin (empty journal)": Target(floor_ratio=1.5),
    "checkin (full journal)": Target(floor_ratio=1.5, vs_case=("checkin (empty journal)", 1.25)),
    "show (a day)": Target(floor_ratio=1.5),
    "review --last (last week)": Target(floor_ratio=1.6),
    "quote": Target(floor_ratio=1.5),
    "export --format markdown (all)": Target(seconds=4, mib=250),
    "import (all)": Target(seconds=40),
}


# --------------------------------------------------------------------------- the benchmark


@dataclass
class Setup:
    out: Path
    days: int
    per_day: int
    runs: int
    heavy_runs: int
    jrnl: list[str] | None
    env: dict[str, str]
    selflead: list[str]

    @property
    def entries(self) -> int:
        return self.days * self.per_day

    @property
    def key(self) -> str:
        raw = f"{self.days}x{self.per_day}:{SEED}:{END}:{GENERATOR_VERSION}"
        return f"{self.days}d{self.per_day}-{hashlib.sha256(raw.encode()).hexdigest()[:8]}"


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    return path


def _selflead_command() -> list[str]:
    script = Path(sys.executable).parent / "selflead"
    return [str(script)] if script.exists() else [sys.executable, "-m", "selflead"]


def _compile_selflead() -> None:
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


def _find_jrnl(option: str | None) -> list[str] | None:
    if option:
        return [option]
    script = Path(sys.executable).parent / "jrnl"
    if script.exists():
        return [str(script)]
    import importlib.util

    if importlib.util.find_spec("jrnl") is not None:
        return [sys.executable, "-m", "jrnl"]
    return None


def import_file(setup: Setup) -> Path:
    """The generated journal in the import format, written once per size into the cache."""
    path = setup.out / f"journal-{setup.key}.json"
    if not path.exists():
        document = generate(setup.days, setup.per_day)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    return path


def full_journal(setup: Setup, source: Path) -> Path:
    """The journal built by ``selflead import`` of ``source``, cached between runs."""
    cached = setup.out / f"journal-{setup.key}"
    marker = cached / ".bench-complete"
    if not marker.exists():
        _fresh(cached)
        run_once([*setup.selflead, "--journal", str(cached), "import", str(source)],
                 setup.env, setup.out)  # fmt: skip
        marker.write_text("built by bench/run.py with selflead import\n", encoding="utf-8")
    return cached


def selflead_cases(setup: Setup) -> list[Case]:
    work = setup.out / "work"
    source = import_file(setup)
    cached = full_journal(setup, source)
    full = work / "full"
    _fresh(work).mkdir(parents=True)
    shutil.copytree(cached, full)
    (full / ".bench-complete").unlink()
    cmd = setup.selflead
    journal = ["--journal", str(full)]

    def fixed(*args: str) -> Callable[[int], list[str]]:
        return lambda _round: [*cmd, *args]

    def checkin_empty(round_number: int) -> list[str]:
        home = _fresh(work / f"empty-{round_number}")
        return [*cmd, "--journal", str(home), *CHECKIN]

    def import_all(round_number: int) -> list[str]:
        home = _fresh(work / "imported")
        return [*cmd, "--journal", str(home), "import", str(source)]

    def export(fmt: str) -> Callable[[int], list[str]]:
        target = work / f"export.{'md' if fmt == 'markdown' else 'json'}"
        return fixed(*journal, "export", "--format", fmt, "--output", str(target), "--force")

    return [
        Case("floor", lambda _round: [sys.executable, "-c", FLOOR_CODE]),
        Case("--help", fixed("--help")),
        Case("checkin (empty journal)", checkin_empty),
        Case("checkin (full journal)", fixed(*journal, *CHECKIN)),
        Case("show (a day)", fixed(*journal, "show", END.isoformat())),
        Case("review --last (last week)", fixed(*journal, "review", "--last")),
        Case("list (last 30 days)", fixed(*journal, "list")),
        Case("quote", fixed(*journal, "quote")),
        Case("export --format markdown (all)", export("markdown"), heavy=True),
        Case("export --format json (all)", export("json"), heavy=True),
        Case("import (all)", import_all, heavy=True),
    ]


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


# --------------------------------------------------------------------------- jrnl, for comparison


def jrnl_cases(setup: Setup, jrnl: list[str]) -> list[Case]:
    """The jrnl operations closest to selflead's, on a jrnl journal of the same entries."""
    out = setup.out / "jrnl"
    work = _fresh(out / "work")
    work.mkdir(parents=True)
    text_path = out / f"journal-{setup.key}.txt"
    if not text_path.exists():
        text_path.write_text(to_jrnl_text(generate(setup.days, setup.per_day)), encoding="utf-8")

    def config(name: str, journal: Path) -> Path:
        path = work / f"{name}.yaml"
        # YAML by hand (jrnl reads a config that starts with "{" as a pre-v2 one to upgrade).
        path.write_text(
            "\n".join(
                [
                    "version: v4.6",
                    "journals:",
                    f"  default: {json.dumps(str(journal))}",
                    "editor: ''",
                    "encrypt: false",
                    "template: false",
                    "default_hour: 9",
                    "default_minute: 0",
                    "timeformat: '%Y-%m-%d %H:%M'",
                    "tagsymbols: '#@'",
                    "highlight: false",
                    "linewrap: 79",
                    "indent_character: '|'",
                    "colors: {body: none, date: none, tags: none, title: none}",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        return path

    cached = out / f"journal-{setup.key}.jrnl"
    if not cached.exists():
        building = out / "building.jrnl"
        building.unlink(missing_ok=True)
        run_once([*jrnl, "--config-file", str(config("build", building)), "--import",
                  "--file", str(text_path)], setup.env, work)  # fmt: skip
        building.replace(cached)
    full = work / "full.jrnl"
    shutil.copyfile(cached, full)
    full_cfg = ["--config-file", str(config("full", full))]
    entry = ["Closed the Q4 plan with the team. Calm after a hard morning. #q4"]

    def fixed(*args: str) -> Callable[[int], list[str]]:
        return lambda _round: [*jrnl, *args]

    def add_empty(round_number: int) -> list[str]:
        journal = work / f"empty-{round_number}.jrnl"
        journal.unlink(missing_ok=True)
        journal.touch()
        return [*jrnl, "--config-file", str(config(f"empty-{round_number}", journal)), *entry]

    def import_all(_round: int) -> list[str]:
        journal = work / "imported.jrnl"
        journal.unlink(missing_ok=True)
        journal.touch()
        return [*jrnl, "--config-file", str(config("imported", journal)), "--import",
                "--file", str(text_path)]  # fmt: skip

    week_start = END - timedelta(days=END.weekday() + 7)
    week = [week_start.isoformat(), (week_start + timedelta(days=6)).isoformat()]
    month_start = (END - timedelta(days=29)).isoformat()
    return [
        Case("--help", fixed("--help")),
        Case("checkin (empty journal)", add_empty),
        Case("checkin (full journal)", fixed(*full_cfg, *entry)),
        Case("show (a day)", fixed(*full_cfg, "-on", END.isoformat())),
        Case("review --last (last week)", fixed(*full_cfg, "-from", week[0], "-to", week[1])),
        Case("list (last 30 days)", fixed(*full_cfg, "-from", month_start, "--short")),
        Case(
            "export --format markdown (all)",
            fixed(*full_cfg, "--format", "markdown", "--file", str(work / "export.md")),
            heavy=True,
        ),
        Case(
            "export --format json (all)",
            fixed(*full_cfg, "--format", "json", "--file", str(work / "export.json")),
            heavy=True,
        ),
        Case("import (all)", import_all, heavy=True),
    ]


JRNL_EQUIVALENT = {
    "--help": ("--help", "jrnl --help"),
    "checkin (empty journal)": ("checkin (empty journal)", "jrnl TEXT"),
    "checkin (full journal)": ("checkin (full journal)", "jrnl TEXT"),
    "show (a day)": ("show (a day)", "jrnl -on DAY"),
    "review --last (last week)": ("review --last (last week)", "jrnl -from MON -to SUN"),
    "list (last 30 days)": ("list (last 30 days)", "jrnl -from DAY --short"),
    "export --format markdown (all)": ("export --format markdown (all)", "jrnl --format markdown"),
    "export --format json (all)": ("export --format json (all)", "jrnl --format json"),
    "import (all)": ("import (all)", "jrnl --import --file FILE"),
}


# --------------------------------------------------------------------------- the report


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def report(cases: Sequence[Case]) -> tuple[str, list[str]]:
    """The Markdown table of selflead's cases, and the names of targets missed."""
    by_name = {c.name: c for c in cases}
    floor = by_name["floor"].median
    rows, missed = [], []
    for case in cases:
        target = TARGETS.get(case.name)
        said, result = "", ""
        if target is not None:
            said, met = target.check(case, floor, by_name)
            result = "pass" if met else "MISS"
            if not met:
                missed.append(case.name)
        rows.append(
            [
                LABELS.get(case.name, f"selflead {case.name}"),
                f"{case.median:.3f}",
                f"{case.median / floor:.2f}x",
                f"{case.peak / MIB:.0f}",
                said,
                result,
            ]
        )
    header = ["command", "median s", "vs floor", "peak MiB", "target", "result"]
    return _table(header, rows), missed


def jrnl_report(ours: Sequence[Case], theirs: Sequence[Case]) -> str:
    by_name = {c.name: c for c in ours}
    floor = by_name["floor"].median
    rows = []
    for case in theirs:
        mine, label = JRNL_EQUIVALENT[case.name]
        selflead = by_name[mine]
        rows.append(
            [
                label,
                f"{case.median:.3f}",
                f"{case.median / floor:.2f}x",
                f"{case.peak / MIB:.0f}",
                LABELS.get(mine, f"selflead {mine}"),
                f"{selflead.median:.3f}",
                f"{case.median / selflead.median:.2f}x",
            ]
        )
    header = ["jrnl", "median s", "vs floor", "peak MiB", "selflead", "median s", "jrnl/selflead"]
    return _table(header, rows)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python bench/run.py",
        description="Time selflead's commands on a synthetic journal, against the floor of "
        "starting Python with typer, rich and pydantic (and against jrnl when installed).",
    )
    parser.add_argument("--years", type=float, default=10, help="years of check-ins (10)")
    parser.add_argument("--days", type=int, help="days of check-ins (overrides --years)")
    parser.add_argument("--per-day", type=int, default=10, help="check-ins a day (10)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (7)")
    parser.add_argument(
        "--heavy-runs", type=int, default=3, help="timed runs of export and import (3)"
    )
    parser.add_argument("--tiny", action="store_true", help="50 entries, one run: a smoke test")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="cache and work folder")
    parser.add_argument("--jrnl", metavar="PATH", help="a jrnl executable to compare against")
    parser.add_argument(
        "--jrnl-runs",
        type=int,
        default=3,
        help="timed runs of each jrnl operation (3: some take half a minute at full size)",
    )
    parser.add_argument("--no-jrnl", action="store_true", help="do not run jrnl even if installed")
    args = parser.parse_args(argv)
    if args.tiny:
        args.days, args.per_day, args.runs, args.heavy_runs = 5, 10, 1, 1
    if args.days is None:
        args.days = round(args.years * 365)
    if args.days < 1 or not 1 <= args.per_day <= 16 * 60:
        parser.error("--days must be at least 1 and --per-day from 1 to 960")
    if min(args.runs, args.heavy_runs, args.jrnl_runs) < 1:
        parser.error("--runs, --heavy-runs and --jrnl-runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    global _launcher
    args = parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    _launcher = Launcher(out)  # first, while this process is still small
    env = dict(os.environ)
    env.pop("SELFLEAD_HOME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env |= {"SELFLEAD_TODAY": END.isoformat(), "COLUMNS": "100"}
    jrnl = None if args.no_jrnl else _find_jrnl(args.jrnl)
    setup = Setup(
        out=out,
        days=args.days,
        per_day=args.per_day,
        runs=args.runs,
        heavy_runs=args.heavy_runs,
        jrnl=jrnl,
        env=env,
        selflead=_selflead_command(),
    )
    print(
        f"selflead benchmark: {setup.entries:,} entries ({setup.days:,} days x {setup.per_day}), "
        f"median of {setup.runs} runs ({setup.heavy_runs} for export/import), "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
        flush=True,
    )
    _compile_selflead()
    try:
        cases = selflead_cases(setup)
        time_cases(cases, runs=setup.runs, heavy_runs=setup.heavy_runs, env=env, cwd=out)
        table, missed = report(cases)
        print()
        print(table)
        print()
        print("targets missed: " + (", ".join(missed) if missed else "none"))
        print()
        if jrnl is None:
            print("jrnl: skipped (not installed in this environment; --jrnl PATH points at one)")
        else:
            theirs = jrnl_cases(setup, jrnl)
            runs = min(args.jrnl_runs, setup.runs)
            time_cases(theirs, runs=runs, heavy_runs=min(runs, setup.heavy_runs), env=env, cwd=out)
            print(
                f"jrnl ({' '.join(jrnl)}) on the same {setup.entries:,} entries, "
                f"median of {runs} runs:"
            )
            print()
            print(jrnl_report(cases, theirs))
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    finally:
        _launcher.close()
        _launcher = None
        (out / "stderr.txt").unlink(missing_ok=True)
        for work in (out / "work", out / "jrnl" / "work"):
            with contextlib.suppress(OSError):
                shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
