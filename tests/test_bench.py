"""The benchmark runs end to end at a tiny size. It asserts that it works, never a time."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.mark.slow
def test_tiny_benchmark_prints_the_table(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SELFLEAD_HOME"}
    result = subprocess.run(
        [sys.executable, str(BENCH), "--tiny", "--no-jrnl", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "50 entries (5 days x 10)" in out
    header = next(line for line in out.splitlines() if line.startswith("| command"))
    assert [c.strip() for c in header.strip("|").split("|")] == [
        "command",
        "median s",
        "cpu s",
        "vs floor",
        "peak MiB",
        "target",
        "result",
    ]
    rows = {
        line.split("|")[1].strip(): line
        for line in out.splitlines()
        if line.startswith("| ") and not line.startswith("| command")
    }
    for command in (
        "selflead --help",
        "selflead checkin (empty journal)",
        "selflead checkin (full journal)",
        "selflead show (a day)",
        "selflead review --last (last week)",
        "selflead list (last 30 days)",
        "selflead quote",
        "selflead export --format markdown (all)",
        "selflead export --format json (all)",
        "selflead import (all)",
        "selflead doctor (all)",
    ):
        assert command in rows, f"{command} missing from:\n{out}"
        cells = [c.strip() for c in rows[command].strip().strip("|").split("|")]
        float(cells[1])  # a median in seconds
        float(cells[2])  # and its CPU time
        assert cells[3].endswith("x")
    assert any(name.startswith("floor: python -c") for name in rows)
    assert "jrnl: skipped" in out
    # The journal was built through `selflead import` and cached; the work folder is gone.
    cached = list((tmp_path / "out").glob("journal-*/entries/*/*.json"))
    assert len(cached) == 5
    assert not (tmp_path / "out" / "work").exists()


@pytest.mark.slow
def test_only_times_the_rows_named_with_what_they_are_compared_with(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SELFLEAD_HOME"}
    argv = [sys.executable, str(BENCH), "--tiny", "--no-jrnl", "--out", str(tmp_path / "out")]
    result = subprocess.run(
        [*argv, "--only", "checkin (full journal)", "--only", "search a word (index current)"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [
        line.split("|")[1].strip()
        for line in result.stdout.splitlines()
        if line.startswith("| ") and not line.startswith("| command")
    ]
    assert rows[0].startswith("floor: python -c")
    assert rows[1:] == [
        "selflead checkin (one-year journal)",
        "selflead checkin (full journal)",
        "selflead search a word (index current)",
    ]
    wrong = subprocess.run(
        [*argv, "--only", "serach"], capture_output=True, text=True, env=env, check=False
    )
    assert wrong.returncode == 2  # argparse's usage error
    assert "error: no row named 'serach'; the rows are: floor, --help, " in wrong.stderr


def test_generated_journal_is_what_import_reads(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generator's document passes `selflead import --dry-run` (the public format)."""
    monkeypatch.syspath_prepend(str(BENCH.parent))  # as `python bench/run.py` finds it
    bench = importlib.import_module("selflead_bench.journal")
    document = bench.generate(days=15, per_day=3)
    assert len(document["entries"]) == 45
    assert document["reviews"], "about half the weeks carry a GROW reflection"
    areas = ("communication", "emotions", "behaviour", "goals")
    assert all(any(e[a]["reflection"] for e in document["entries"]) for a in areas)
    assert bench.generate(days=15, per_day=3) == document  # seeded: the same every run
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    listed = run("list", "--all", "--json")
    assert len(json.loads(listed.stdout)) == 45


@pytest.mark.slow
def test_the_hundred_year_rows_run_at_a_tiny_size(tmp_path: Path) -> None:
    """``--years 100`` with ``--tiny``: the whole-journal rows and their targets (time per
    36,500 entries, peak memory, CPU time), end to end on 50 entries."""
    env = {k: v for k, v in os.environ.items() if k != "SELFLEAD_HOME"}
    result = subprocess.run(
        [sys.executable, str(BENCH), "--years", "100", "--tiny", "--no-jrnl",
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.strip().strip("|").split("|")]
        for line in result.stdout.splitlines()
        if line.startswith("| selflead ")
    }
    export = rows["selflead export --format markdown (all)"]
    assert export[5] == "<= floor + 1 s per 36,500 entries (+0.00 s); < 80 MiB"
    assert rows["selflead import (all)"][5] == "< 20 s CPU; < 300 MiB"
    assert rows["selflead doctor (all)"][5] == "< 3 s; < 150 MiB"
