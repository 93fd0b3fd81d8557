"""The journal folder as a git repository: git run in it, its ignore and attributes files,
and the merge driver's files (git's three versions of one journal file).

git is the sync engine; selflead only writes what git needs to know and restores the private
modes git does not keep.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from selflead.errors import SelfleadError
from selflead.models import Entry, TrashFile
from selflead.store.documents import CURRENT, to_bytes
from selflead.store.files import DIR_MODE, FILE_MODE, atomic_write, ensure_dir
from selflead.store.kinds import KINDS, TRASH, FileKind
from selflead.store.layout import INDEX_NAMES, LOCK_NAME, scan
from selflead.store.recovery import RECOVERY

if TYPE_CHECKING:
    from selflead.store.journal import Store

DRIVER: Final = "selflead"
# Never shared: the lock, temporaries, the index (derived from the files, rebuilt on each
# device), recovery files (answers whose save failed here), set-aside and pre-migration copies.
GITIGNORE: Final = "".join(
    f"{line}\n"
    for line in (
        "# written by 'selflead sync init'",
        f"/{LOCK_NAME}",
        ".*.tmp",
        *(f"/{name}" for name in INDEX_NAMES),
        f"/{RECOVERY}/",
        "*.damaged-*",
        "*.bak",
    )
)


class SyncError(SelfleadError):
    """git refused, or the journal is not set up for sync."""


@dataclass(frozen=True)
class Git:
    home: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run(
                ["git", "-C", str(self.home), *args],
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
            )
        except FileNotFoundError:
            raise SyncError("git is not installed", "install git, then run it again") from None
        if check and done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise SyncError(
                f"git {args[0]} failed: {said[-1] if said else done.returncode}",
                "see 'git -C " + str(self.home) + " status'; nothing in the journal was lost",
            )
        return done

    def is_repository(self) -> bool:
        return (self.home / ".git").exists()

    def unmerged(self) -> dict[str, dict[int, str]]:
        """The paths a merge left in conflict: per path, the blob of each stage git has (1 the
        common ancestor, 2 ours, 3 theirs; a side that deleted the file has none)."""
        found: dict[str, dict[int, str]] = {}
        listed = self.run("ls-files", "-u", "-z").stdout
        for line in filter(None, listed.split("\0")):
            info, _, path = line.partition("\t")
            _mode, blob, stage = info.split()
            found.setdefault(path, {})[int(stage)] = blob
        return found

    def load_blob(self, store: Store, kind: FileKind, blob: str | None, key: str) -> Any | None:
        """One stage of a journal file, validated as ``kind`` (None: that side has no file)."""
        if blob is None:
            return None
        raw = subprocess.run(
            ["git", "-C", str(self.home), "cat-file", "blob", blob],
            capture_output=True,
            check=True,
            timeout=300,
        ).stdout
        scratch = self.home / ".git" / f"selflead-merge-{blob[:12]}.json"
        atomic_write(scratch, raw)
        try:
            return load_side(store, kind, scratch, key)
        finally:
            scratch.unlink(missing_ok=True)


def attributes() -> str:
    """Every journal JSON file of a registered kind goes to selflead's merge driver."""
    lines = ["# written by 'selflead sync init'"]
    for kind in KINDS:
        lines.append(f"{kind.folder}/{'*/' if kind.by_year else ''}*.json merge={DRIVER}")
    return "\n".join(lines) + "\n"


def write_setup_files(home: Path) -> None:
    for name, text in ((".gitignore", GITIGNORE), (".gitattributes", attributes())):
        atomic_write(home / name, text.encode("utf-8"))


def kind_of(relative: str) -> tuple[FileKind, str] | None:
    """The registered kind and key of a journal file by its path in the repository."""
    path = Path(relative)
    for kind in KINDS:
        key = kind.key_of(path.name)
        if key is not None and path.parts == kind.path(Path(), key).parts:
            return kind, key
    return None


def write_document(kind: FileKind, path: Path, **fields: Any) -> None:
    """A ``kind`` document written whole to ``path`` (git's %A file, in the merge driver)."""
    model = kind.model(schema_version=CURRENT.version, **fields)
    atomic_write(path, to_bytes(model))


def write_merged(kind: FileKind, path: Path, fields: dict[str, Any]) -> bool:
    """A merged journal file in the working tree; a day left with no entry has no file (as
    ``Store.write_day``). Whether a file is there now."""
    if kind.name == "day" and not fields.get("entries"):
        path.unlink(missing_ok=True)
        return False
    ensure_dir(path.parent)
    write_document(kind, path, **fields)
    return True


def make_private(home: Path) -> int:
    """Folders 0700 and files 0600 again after git wrote them, and ``.git`` 0700 (its objects
    hold every check-in); how many were changed."""
    changed = 0
    repository = home / ".git"
    if repository.is_dir() and not repository.is_symlink() and repository.stat().st_mode & 0o077:
        repository.chmod(DIR_MODE)
        changed += 1
    for item in scan(home):
        if item.is_private and item.kind != "link" and item.mode & 0o077:
            item.path.chmod(DIR_MODE if item.is_dir else FILE_MODE)
            changed += 1
    return changed


def ensure_home(home: Path) -> None:
    ensure_dir(home)


def load_side(store: Store, kind: FileKind, path: Path, key: str) -> Any | None:
    """One of git's three versions of a journal file; None when that side has none (git
    gives an empty file for a side where the file does not exist)."""
    try:
        if path.stat().st_size == 0:
            return None
    except FileNotFoundError:
        return None
    return store.load(kind, path, key)


def write_trash(store: Store, entries: list[Entry], now: datetime) -> int:
    """The versions a merge did not keep, each in the trash under its own id (a file already
    there for that id holds the same version, as the id is a hash of it); how many were new."""
    added = 0
    for entry in entries:
        path = store.path(TRASH, entry.id)
        if store.load(TRASH, path, entry.id) is not None:
            continue
        item = TrashFile(schema_version=CURRENT.version, id=entry.id, deleted=now, entry=entry)
        store._write(path, item)  # the store's one atomic write
        added += 1
    return added
