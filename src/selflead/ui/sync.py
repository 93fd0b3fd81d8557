"""What ``selflead sync`` says."""

from __future__ import annotations

from selflead.transfer.sync import InitResult, SyncResult
from selflead.ui.console import status
from selflead.words import plural


def initialised(done: InitResult) -> None:
    how = (
        "Made the journal a git repository"
        if done.created
        else "Set up the journal's git repository"
    )
    where = f", remote {done.remote}" if done.remote else ", no remote yet"
    status(
        f"{how} for sync ({done.home}{where}). "
        "On another device: git clone it, then run 'selflead sync init' there once."
    )


def synced(done: SyncResult) -> None:
    committed = "Committed this device's changes" if done.committed else "Nothing new here"
    if done.remote is None:
        status(f"{committed}; no remote to sync with ('selflead sync init REMOTE' adds one).")
        return
    came = plural(done.came_in, "check-in") if done.came_in else "no new check-in"
    status(f"{committed}; {came} from the other device; pushed to {done.remote}.")
    goals, plans = done.both_kept
    if goals:
        status(
            f"Both devices changed the same text of {plural(goals, 'goal')}; both versions are "
            "kept side by side ('selflead goal list' shows them, 'selflead goal edit' keeps the "
            "one you want)."
        )
    if plans:
        status(
            f"Both devices changed the same text of {plural(plans, 'commitment')}; both "
            "versions are kept side by side ('selflead commitments --week WEEK' shows them)."
        )
