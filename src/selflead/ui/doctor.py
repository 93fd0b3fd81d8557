"""``selflead doctor``'s report: each finding with its file and a fix, what --fix did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from selflead.ui.console import out
from selflead.ui.text import safe

if TYPE_CHECKING:
    from pathlib import Path

    from selflead.core.doctor_findings import Report


_DOCTOR_LABELS = {True: ("problem", "bold red"), False: ("note", "bold blue")}


def report(report: Report) -> None:
    """``selflead doctor``: each finding with its file and a fix, what --fix did, a verdict."""
    from rich.text import Text

    console = out()
    console.print(Text("Journal: ", style="bold") + safe(str(report.home)), soft_wrap=True)
    if not report.exists:
        console.print(Text("No journal here yet; it is created by the first check-in. All well."))
        return

    def where(path: Path) -> str:
        try:
            name = str(path.relative_to(report.home)) or "."
        except ValueError:
            name = str(path)
        return name.replace("\n", "\\x0a")  # one finding, one line, whatever a name holds

    for repair in report.repairs:
        line = Text(
            "fixed    " if repair.done else "not fixed ",
            style="green" if repair.done else "bold red",
        )
        line.append_text(safe(where(repair.finding.path)))
        line.append_text(safe(f": {repair.detail}", style="" if repair.done else "red"))
        console.print(line, soft_wrap=True)
    for finding in report.findings:
        label, style = _DOCTOR_LABELS[finding.serious]
        line = Text(f"{label:<8} ", style=style)
        line.append_text(safe(f"{where(finding.path)}: {finding.problem}"))
        console.print(line, soft_wrap=True)
        if finding.fix:
            console.print(Text("         fix: ", style="dim") + safe(finding.fix), soft_wrap=True)

    checked = (
        f"Checked {report.days} day{'s' if report.days != 1 else ''} "
        f"({report.entries} check-in{'s' if report.entries != 1 else ''}) and "
        f"{report.weeks} week{'s' if report.weeks != 1 else ''}."
    )
    if report.commitments:
        checked = checked[:-1] + (
            f", with {report.commitments} commitment{'s' if report.commitments != 1 else ''}."
        )
    if report.goals:
        checked = checked[:-1] + f"; {report.goals} goal{'s' if report.goals != 1 else ''}."
    problems = report.problems
    if not problems:
        console.print(Text(f"{checked} All well.", style="bold green"))
        return
    verdict = f"{checked} {len(problems)} problem{'s' if len(problems) != 1 else ''} found"
    fixable = len(report.repairable)
    if fixable:
        verdict += f"; {fixable} can be repaired safely with: selflead doctor --fix"
    console.print(Text(verdict + ".", style="bold red"), soft_wrap=True)
