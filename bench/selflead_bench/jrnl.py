"""jrnl, for comparison: the same entries as a jrnl journal, and jrnl's closest operations.

``JRNL_ROWS`` is the registry: each row names the selflead row (``cases.ROWS``) it is set beside.
"""

from __future__ import annotations

import functools
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from selflead_bench.cases import Setup, fresh
from selflead_bench.journal import END, generate, to_jrnl_text
from selflead_bench.timing import Case


def find_jrnl(option: str | None) -> list[str] | None:
    """The jrnl given with ``--jrnl``, or the one installed in this environment, or None."""
    if option:
        return [option]
    script = Path(sys.executable).parent / "jrnl"
    if script.exists():
        return [str(script)]
    import importlib.util

    if importlib.util.find_spec("jrnl") is not None:
        return [sys.executable, "-m", "jrnl"]
    return None


@dataclass(frozen=True)
class JrnlSpace:
    jrnl: list[str]
    work: Path
    text: Path  # the entries as jrnl text, the source of jrnl --import
    full: list[str]  # --config-file for a copy of the full jrnl journal

    def config(self, name: str, journal: Path) -> Path:
        """A jrnl config file for ``journal``, written by hand as YAML.

        jrnl reads a config that starts with "{" as a pre-v2 one to upgrade.
        """
        path = self.work / f"{name}.yaml"
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

    def on_full(self, *args: str) -> list[str]:
        return [*self.jrnl, *self.full, *args]


JrnlArgv = Callable[[JrnlSpace, int], list[str]]


@dataclass(frozen=True)
class JrnlRow:
    """jrnl's closest operation to the selflead row named ``compares``."""

    compares: str
    label: str
    argv: JrnlArgv
    heavy: bool = False


ENTRY = ["Closed the Q4 plan with the team. Calm after a hard morning. #q4"]


def on_full(*args: str) -> JrnlArgv:
    return lambda space, _round: space.on_full(*args)


def _help(space: JrnlSpace, _round: int) -> list[str]:
    return [*space.jrnl, "--help"]


def _add_empty(space: JrnlSpace, round_number: int) -> list[str]:
    journal = space.work / f"empty-{round_number}.jrnl"
    journal.unlink(missing_ok=True)
    journal.touch()
    config = space.config(f"empty-{round_number}", journal)
    return [*space.jrnl, "--config-file", str(config), *ENTRY]


def _export(fmt: str, name: str) -> JrnlArgv:
    return lambda space, _round: space.on_full("--format", fmt, "--file", str(space.work / name))


def _import_all(space: JrnlSpace, _round: int) -> list[str]:
    journal = space.work / "imported.jrnl"
    journal.unlink(missing_ok=True)
    journal.touch()
    return [*space.jrnl, "--config-file", str(space.config("imported", journal)), "--import",
            "--file", str(space.text)]  # fmt: skip


_WEEK_START = END - timedelta(days=END.weekday() + 7)  # the Monday of the last full week
_WEEK = [_WEEK_START.isoformat(), (_WEEK_START + timedelta(days=6)).isoformat()]
_MONTH_START = (END - timedelta(days=29)).isoformat()

JRNL_ROWS = [
    JrnlRow("--help", "jrnl --help", _help),
    JrnlRow("checkin (empty journal)", "jrnl TEXT", _add_empty),
    JrnlRow("checkin (full journal)", "jrnl TEXT", on_full(*ENTRY)),
    JrnlRow("show (a day)", "jrnl -on DAY", on_full("-on", END.isoformat())),
    JrnlRow(
        "review --last (last week)",
        "jrnl -from MON -to SUN",
        on_full("-from", _WEEK[0], "-to", _WEEK[1]),
    ),
    JrnlRow(
        "list (last 30 days)", "jrnl -from DAY --short", on_full("-from", _MONTH_START, "--short")
    ),
    JrnlRow(
        "export --format markdown (all)",
        "jrnl --format markdown",
        _export("markdown", "export.md"),
        heavy=True,
    ),
    JrnlRow(
        "export --format json (all)",
        "jrnl --format json",
        _export("json", "export.json"),
        heavy=True,
    ),
    JrnlRow("import (all)", "jrnl --import --file FILE", _import_all, heavy=True),
]
JRNL_ROW = {row.compares: row for row in JRNL_ROWS}


def jrnl_cases(setup: Setup, jrnl: list[str]) -> list[Case]:
    """The jrnl operations closest to selflead's, on a jrnl journal of the same entries."""
    out = setup.out / "jrnl"
    work = fresh(out / "work")
    work.mkdir(parents=True)
    text_path = out / f"journal-{setup.key}.txt"
    if not text_path.exists():
        text_path.write_text(to_jrnl_text(generate(setup.days, setup.per_day)), encoding="utf-8")
    building = JrnlSpace(jrnl, work, text_path, full=[])
    cached = out / f"journal-{setup.key}.jrnl"
    if not cached.exists():
        journal = out / "building.jrnl"
        journal.unlink(missing_ok=True)
        setup.launcher.run([*jrnl, "--config-file", str(building.config("build", journal)),
                            "--import", "--file", str(text_path)], setup.env, work)  # fmt: skip
        journal.replace(cached)
    full = work / "full.jrnl"
    shutil.copyfile(cached, full)
    space = JrnlSpace(jrnl, work, text_path, ["--config-file", str(building.config("full", full))])
    return [Case(row.compares, functools.partial(row.argv, space), row.heavy) for row in JRNL_ROWS]
