"""``selflead sync``: the journal shared between devices through a git remote.

``init`` makes the folder a repository (or adopts one) with selflead's ignore and attributes
files and registers the merge driver, which git runs for every journal file both sides
changed (``merge_driver``, with ``transfer.merge``). ``sync`` commits what changed, pulls
(a merge, through the driver), pushes, makes every file private again and says how many
check-ins came in.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from selflead.core.merge import (
    ALSO,
    COMMITMENT_TEXTS,
    GOAL_TEXTS,
    TOO_LONG,
    WOOP_TEXTS,
    trash_id,
)
from selflead.errors import DamagedFileError
from selflead.store.changes import remove
from selflead.store.journal import Store
from selflead.store.kinds import TRASH
from selflead.store.sync import (
    DRIVER,
    Git,
    SyncError,
    ensure_home,
    kind_of,
    load_side,
    make_private,
    write_document,
    write_merged,
    write_setup_files,
    write_trash,
)
from selflead.transfer.merge import MERGES

COMMIT_NAME = "selflead"
COMMIT_EMAIL = "selflead@localhost"


@dataclass(frozen=True)
class InitResult:
    home: Path
    created: bool  # a new repository (not an adopted one)
    remote: str | None


@dataclass(frozen=True)
class SyncResult:
    committed: bool
    remote: str | None
    came_in: int  # check-ins that arrived from the remote
    made_private: int
    # Goals and commitments that now keep both devices' text of a field both changed.
    both_kept: tuple[int, int] = (0, 0)


def driver_command() -> str:
    """What git runs to merge a journal file: this Python, so that PATH does not matter, on the
    journal git runs it in (the top of the repository)."""
    return f"{shlex.quote(sys.executable)} -m selflead --journal . sync merge-driver %O %A %B %P"


def init(store: Store, remote: str | None) -> InitResult:
    git = Git(store.home)
    ensure_home(store.home)
    created = not git.is_repository()
    if created:
        git.run("init", "--quiet")
    write_setup_files(store.home)
    git.run("config", f"merge.{DRIVER}.name", "selflead: merge journal files by entry id")
    git.run("config", f"merge.{DRIVER}.driver", driver_command())
    for key, value in (("user.name", COMMIT_NAME), ("user.email", COMMIT_EMAIL)):
        if git.run("config", key, check=False).returncode != 0:
            git.run("config", key, value)
    if remote is not None:
        if git.run("remote", "get-url", "origin", check=False).returncode == 0:
            git.run("remote", "set-url", "origin", remote)
        else:
            git.run("remote", "add", "origin", remote)
    make_private(store.home)
    origin = git.run("remote", "get-url", "origin", check=False)
    return InitResult(
        store.home, created, origin.stdout.strip() if origin.returncode == 0 else None
    )


def _joined(store: Store) -> tuple[set[str], set[str]]:
    """The goals and the commitments whose short texts hold both devices' (``core.merge``)."""

    def both(item: BaseModel | None, names: frozenset[str]) -> bool:
        return item is not None and any(
            f"({ALSO} " in (getattr(item, name) or "") for name in names
        )

    goals, plans = set(), set()
    try:
        for goal_id in store.goal_ids():
            goal = store.read_goal(goal_id)
            if goal is not None and (both(goal, GOAL_TEXTS) or both(goal.woop, WOOP_TEXTS)):
                goals.add(goal_id)
        for week in store.commitment_weeks():
            plans |= {c.id for c in store.read_commitments(week) if both(c, COMMITMENT_TEXTS)}
    except DamagedFileError:
        pass  # doctor reports it; the count is only what sync says
    return goals, plans


def _entry_ids(store: Store) -> set[str]:
    read = store.read_range()
    return {entry.id for entry in read.entries}


def settle_trash(store: Store, now: datetime) -> int:
    """After a merge: a trashed entry whose id is on its day again with other content (deleted
    on one device, edited on the other; the edit stays on the day) moves to its own trash id,
    so that both versions are kept and neither stands in the other's way."""
    moved = 0
    for key in store.keys(TRASH):
        try:
            item = store.read(TRASH, key)
            on_day = store.read_day(item.entry.date) if item is not None else []
        except DamagedFileError:
            continue  # doctor reports it
        if item is None or item.entry in on_day or not any(e.id == key for e in on_day):
            continue
        moved += write_trash(
            store, [item.entry.model_copy(update={"id": trash_id(item.entry)})], now
        )
        remove(store.path(TRASH, key))
    return moved


def sync(store: Store, now: datetime) -> SyncResult:
    now_text = now.isoformat(timespec="minutes")
    git = Git(store.home)
    if not git.is_repository():
        raise SyncError(
            f"the journal {store.home} is not set up for sync",
            "run 'selflead sync init [REMOTE]' first (once on each device)",
        )
    if git.run("config", f"merge.{DRIVER}.driver", check=False).returncode != 0:
        raise SyncError(
            "this clone has no selflead merge driver (git does not copy it)",
            "run 'selflead sync init' once here",
        )
    with store.locked():
        git.run("add", "--all")
        staged = git.run("diff", "--cached", "--quiet", check=False).returncode != 0
        if staged:
            git.run("commit", "--quiet", "-m", f"selflead sync on {now_text}")
        remote_url = git.run("remote", "get-url", "origin", check=False)
        remote = remote_url.stdout.strip() if remote_url.returncode == 0 else None
        came_in = 0
        both_kept = (0, 0)
        if remote is not None:
            before = _entry_ids(store)
            joined = _joined(store)
            branch = git.run("rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
            git.run("fetch", "--quiet", "origin")
            has_remote_branch = (
                git.run(
                    "rev-parse", "--verify", "--quiet", f"origin/{branch}", check=False
                ).returncode
                == 0
            )
            if has_remote_branch:
                merged = git.run("merge", "--no-edit", "--quiet", f"origin/{branch}", check=False)
                unsolved = _resolve(store, git, now) if merged.returncode != 0 else None
                if merged.returncode != 0 and unsolved is None:
                    git.run("commit", "--quiet", "--no-edit")
                elif merged.returncode != 0:
                    git.run("merge", "--abort", check=False)
                    raise _not_merged(store, unsolved or "")
            settle_trash(store, now)
            git.run("add", "--all")
            if git.run("diff", "--cached", "--quiet", check=False).returncode != 0:
                git.run("commit", "--quiet", "-m", f"selflead sync on {now_text}: kept both")
            git.run("push", "--quiet", "-u", "origin", branch)
            came_in = len(_entry_ids(store) - before)
            now_joined = _joined(store)
            both_kept = (len(now_joined[0] - joined[0]), len(now_joined[1] - joined[1]))
        private = make_private(store.home)
    return SyncResult(staged, remote, came_in, private, both_kept)


def _not_merged(store: Store, why: str) -> SyncError:
    """The merge stopped: what could not be merged, and what to do."""
    if why.startswith(TOO_LONG):  # two texts both devices changed that one field cannot hold
        return SyncError(
            f"the changes from the other device could not be merged: {why} "
            "(the journal is as it was before this sync)",
            "shorten that text on this device or the other, then run 'selflead sync' again; "
            "both versions are kept in git",
        )
    return SyncError(
        "the changes from the other device could not be merged "
        "(the journal is as it was before this sync)",
        f"see 'git -C {store.home} status'; both versions are kept in git",
    )


def _resolve(store: Store, git: Git, now: datetime) -> str | None:
    """Settle what git's merge left in conflict without the driver (a file deleted on one side
    and changed on the other, say) with the same merges; None when it did, else why not (a
    path is not a journal file selflead merges, cannot be read, or holds two texts that do not
    fit together): the caller aborts the merge."""
    unmerged = git.unmerged()
    if not unmerged:
        return "git left nothing to merge"
    plans = []
    for name, stages in unmerged.items():
        found = kind_of(name)
        if found is None or found[0].name not in MERGES:
            return f"{name} is not a journal file"
        kind, key = found
        try:
            sides = [git.load_blob(store, kind, stages.get(n), key) for n in (1, 2, 3)]
            plans.append((name, kind, MERGES[kind.name](*sides)))
        except DamagedFileError as exc:
            return exc.problem
        except (ValueError, OSError) as exc:
            return str(exc)
    for name, kind, merged in plans:
        write_trash(store, merged.trashed, now)
        there = write_merged(kind, store.home / name, merged.fields)
        if there:
            git.run("add", "--", name)
        else:
            git.run("rm", "--quiet", "--cached", "--ignore-unmatch", "--", name)
    return None


def merge_driver(store: Store, base: str, ours: str, theirs: str, name: str, now: datetime) -> int:
    """git's merge driver for one journal file: 0 and the merge in ``ours``, or 1 (git then
    reports a conflict; ``ours`` is left whole, with no conflict markers)."""
    found = kind_of(name)
    if found is None or found[0].name not in MERGES:
        return 1
    kind, key = found
    try:
        sides = [load_side(store, kind, Path(p), key) for p in (base, ours, theirs)]
        merged = MERGES[kind.name](*sides)
        write_trash(store, merged.trashed, now)
        write_document(kind, Path(ours), **merged.fields)
    except (DamagedFileError, ValueError, OSError):
        return 1
    return 0
