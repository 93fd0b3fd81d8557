"""``selflead doctor``: check the whole journal, and make the repairs that are safe.

The checks (``doctor_checks.py``) read through the store (``Store.scan`` lists everything,
classified) and return findings (``doctor_findings.py``): data that names the file, what is
wrong and how to fix it. Nothing here prints. The safe repairs (``doctor_repairs.py``) never
delete what the user wrote: they tighten modes, remove temporary files a killed writer left
(never read, never a saved entry), and move a damaged file aside under a name that says so,
its bytes kept, so that its day can be used again. A day file whose check-ins are sound but
sit under the wrong date, and the user's own quotes.yaml, are only
reported: moving them aside would hide what the user wrote.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from selflead.core.doctor_checks import check
from selflead.core.doctor_findings import Finding, Report
from selflead.core.doctor_repairs import repair
from selflead.errors import InputError
from selflead.store.journal import Store


def examine(store: Store, *, fix_at: datetime | None = None) -> Report:
    """Check the journal under its lock; with ``fix_at`` (the moment of the repair, which
    names set-aside files), repair what is safe and check again."""
    from selflead.store.home import home_state

    state = home_state(store.home)
    if state == "missing":
        return Report(store.home, exists=False)
    if state == "not-a-folder":
        problem = Finding(store.home, "is not a folder", "point --journal at a folder")
        return Report(store.home, findings=[problem])
    if fix_at is not None and not store.is_marked():
        raise InputError(
            f"{store.home} is not marked as a selflead journal (it has no selflead.toml), so "
            "doctor --fix changes nothing in it",
            "run 'selflead doctor' to see what it holds; if it is your journal, its next "
            "write (a check-in) marks it",
        )
    if not store.is_marked():  # perhaps not a journal: look, and change nothing (no lock file)
        report = check(store)
        report.findings = [
            replace(f, repair=None, fix=f.fix.replace(" (or 'selflead doctor --fix')", ""))
            for f in report.findings
        ]
        return report
    with store.locked():
        report = check(store)
        if fix_at is not None and report.repairable:
            repairs = repair(store, report.repairable, fix_at)
            report = check(store)
            report.repairs = repairs
    return report
