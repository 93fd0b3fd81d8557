"""The report: Markdown tables of the medians, against the floor, the targets and jrnl."""

from __future__ import annotations

from collections.abc import Sequence

from selflead_bench.cases import ROW
from selflead_bench.jrnl import JRNL_ROW
from selflead_bench.timing import MIB, Case


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
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
        target = ROW[case.name].target
        said, result = "", ""
        if target is not None:
            said, met = target.check(case, floor, by_name)
            result = "pass" if met else "MISS"
            if not met:
                missed.append(case.name)
        rows.append(
            [
                ROW[case.name].title,
                f"{case.median:.3f}",
                f"{case.cpu:.3f}",
                f"{case.median / floor:.2f}x",
                f"{case.peak / MIB:.0f}",
                said,
                result,
            ]
        )
    header = ["command", "median s", "cpu s", "vs floor", "peak MiB", "target", "result"]
    return table(header, rows), missed


def jrnl_report(ours: Sequence[Case], theirs: Sequence[Case]) -> str:
    """jrnl's cases, each beside the selflead case it compares with."""
    by_name = {c.name: c for c in ours}
    floor = by_name["floor"].median
    rows = []
    for case in theirs:
        selflead = by_name[case.name]
        rows.append(
            [
                JRNL_ROW[case.name].label,
                f"{case.median:.3f}",
                f"{case.median / floor:.2f}x",
                f"{case.peak / MIB:.0f}",
                ROW[case.name].title,
                f"{selflead.median:.3f}",
                f"{case.median / selflead.median:.2f}x",
            ]
        )
    header = ["jrnl", "median s", "vs floor", "peak MiB", "selflead", "median s", "jrnl/selflead"]
    return table(header, rows)
