"""Timing: each command in its own process, round-robin, with its wall time and peak memory."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024


class BenchError(Exception):
    """A command failed; the message says which and shows the end of its stderr."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    max_rss: int  # bytes
    cpu: float = 0.0  # user + system seconds: on a loaded machine, steadier than wall time


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
    result = {"seconds": seconds, "max_rss": usage.ru_maxrss * 1024, "code": code,
              "cpu": usage.ru_utime + usage.ru_stime}
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
"""


class Launcher:
    """Starts commands one at a time and reports each one's wall time and peak memory.

    Start it first, while the benchmark's own process is still small.
    """

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
        return Sample(result["seconds"], result["max_rss"], result["cpu"])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()
        self.stderr.unlink(missing_ok=True)


@dataclass
class Case:
    """One command to time. ``setup`` runs before each run, untimed, and returns the argv."""

    name: str
    setup: Callable[[int], list[str]]
    heavy: bool = False
    samples: list[Sample] = field(default_factory=list)
    entries: int = 0  # in the journal it runs on (for targets per 36,500 entries)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak(self) -> int:
        return max(s.max_rss for s in self.samples)


def time_cases(
    launcher: Launcher,
    cases: Sequence[Case],
    *,
    runs: int,
    heavy_runs: int,
    env: dict[str, str],
    cwd: Path,
) -> None:
    """Light cases round-robin (one warm-up round, then ``runs`` rounds); heavy ones after."""
    light = [c for c in cases if not c.heavy]
    for round_number in range(runs + 1):
        for case in light:
            sample = launcher.run(case.setup(round_number), env, cwd)
            if round_number > 0:
                case.samples.append(sample)
    for case in (c for c in cases if c.heavy):
        for round_number in range(heavy_runs):
            case.samples.append(launcher.run(case.setup(round_number), env, cwd))
