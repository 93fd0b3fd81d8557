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
from pathlib import Path

from selflead.errors import DamagedFileError
from selflead.store.journal import Store
from selflead.store.sync import (
    DRIVER,
    Git,
    SyncError,
    ensure_home,
    kind_of,
    load_side,
    make_private,
    write_document,
    write_setup_files,
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


def driver_command() -> str:
    """What git runs to merge a journal file: this Python, so that PATH does not matter."""
    return f"{shlex.quote(sys.executable)} -m selflead sync merge-driver %O %A %B %P"


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


def _entry_ids(store: Store) -> set[str]:
    read = store.read_range()
    return {entry.id for entry in read.entries}


def sync(store: Store, now_text: str) -> SyncResult:
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
        if remote is not None:
            before = _entry_ids(store)
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
                if merged.returncode != 0:
                    git.run("merge", "--abort", check=False)
                    raise SyncError(
                        "the changes from the other device could not be merged "
                        "(the journal is as it was before this sync)",
                        f"see 'git -C {store.home} status'; both versions are kept in git",
                    )
            git.run("push", "--quiet", "-u", "origin", branch)
            came_in = len(_entry_ids(store) - before)
        private = make_private(store.home)
    return SyncResult(staged, remote, came_in, private)


def merge_driver(store: Store, base: str, ours: str, theirs: str, name: str) -> int:
    """git's merge driver for one journal file: 0 and the merge in ``ours``, or 1 (git then
    reports a conflict; ``ours`` is left whole, with no conflict markers)."""
    found = kind_of(name)
    if found is None or found[0].name not in MERGES:
        return 1
    kind, key = found
    try:
        sides = [load_side(store, kind, Path(p), key) for p in (base, ours, theirs)]
        merged = MERGES[kind.name](*sides)
        write_document(kind, Path(ours), **merged.fields)
    except (DamagedFileError, ValueError, OSError):
        return 1
    return 0
