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

The pieces live in ``bench/selflead_bench/`` (found beside this script, nothing to install):
``journal`` (the synthetic journal), ``timing`` (processes, medians, peak memory), ``cases``
(the registry of commands and their targets: one ``Row`` adds a line to the table), ``jrnl``
(the comparison's journal and operations) and ``report`` (the tables).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from selflead_bench.cases import (
    ROW,
    Setup,
    compile_selflead,
    selflead_cases,
    selflead_command,
)
from selflead_bench.journal import END
from selflead_bench.jrnl import find_jrnl, jrnl_cases
from selflead_bench.report import jrnl_report, report
from selflead_bench.timing import BenchError, Launcher, time_cases

DEFAULT_OUT = Path(__file__).resolve().parent / "out"


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
    parser.add_argument(
        "--only",
        action="append",
        metavar="ROW",
        help="time only this row (repeatable; the floor and the rows it is compared with come "
        "too), e.g. --only 'search a word (index current)': for --years 100",
    )
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
    unknown = sorted(set(args.only or []) - set(ROW))
    if unknown:
        parser.error(f"no row named {unknown[0]!r}; the rows are: {', '.join(ROW)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    launcher = Launcher(out)  # first, while this process is still small
    env = dict(os.environ)
    env.pop("SELFLEAD_HOME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env |= {"SELFLEAD_TODAY": END.isoformat(), "COLUMNS": "100"}
    jrnl = None if args.no_jrnl else find_jrnl(args.jrnl)
    setup = Setup(
        out=out,
        days=args.days,
        per_day=args.per_day,
        runs=args.runs,
        heavy_runs=args.heavy_runs,
        jrnl=jrnl,
        env=env,
        selflead=selflead_command(),
        launcher=launcher,
    )
    print(
        f"selflead benchmark: {setup.entries:,} entries ({setup.days:,} days x {setup.per_day}), "
        f"median of {setup.runs} runs ({setup.heavy_runs} for export/import), "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
        flush=True,
    )
    compile_selflead()
    try:
        cases = selflead_cases(setup, args.only)
        time_cases(launcher, cases, runs=setup.runs, heavy_runs=setup.heavy_runs, env=env, cwd=out)
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
            heavy_runs = min(runs, setup.heavy_runs)
            time_cases(launcher, theirs, runs=runs, heavy_runs=heavy_runs, env=env, cwd=out)
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
        launcher.close()
        for work in (out / "work", out / "jrnl" / "work"):
            with contextlib.suppress(OSError):
                shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
