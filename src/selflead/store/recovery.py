"""Recovery files: answers that could not be saved, kept until a later save succeeds.

::

    recovery/checkin-20261124-213015-3f2a.json   a check-in whose save failed
    recovery/reflect-20261124-213015-9bc1.json   a weekly reflection whose save failed
    recovery/edit-20261124-213015-c07e.json      an edit (in $EDITOR) whose save failed

Written without the journal lock (the lock being busy is one reason to write one), each under
a name of its own, atomically and with mode 0600. Only ``resume`` deletes one, after the
answers it holds were saved; doctor lists them and never removes them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal

from selflead.errors import DamagedFileError, StorageError
from selflead.store.files import atomic_write, ensure_dir, fsync_dir, read_file

RECOVERY: Final = "recovery"
RecoveryKind = Literal["checkin", "reflect", "edit"]
KINDS: Final[tuple[RecoveryKind, ...]] = ("checkin", "reflect", "edit")
RECOVERY_FILE_RE: Final = re.compile(
    r"(checkin|reflect|edit)-\d{8}-\d{6}-[0-9a-f]{4}\.json", re.ASCII
)
FORMAT_VERSION: Final = 1


@dataclass(frozen=True)
class Recovered:
    """What one recovery file holds: the answers, what they are about, why they were kept."""

    path: Path
    kind: RecoveryKind
    about: str  # the day (YYYY-MM-DD), the ISO week or the entry's id
    written: str
    problem: str
    answers: dict[str, Any]


def folder(home: Path) -> Path:
    return home / RECOVERY


def keep(
    home: Path,
    kind: RecoveryKind,
    about: str,
    answers: dict[str, Any],
    *,
    problem: str,
    now: datetime,
) -> Path:
    """Write the answers to a new private recovery file and return its path. A folder that
    holds kept answers is a journal: it gets its marker (``selflead.toml``) if it has none."""
    from selflead.store.layout import MARKER_NAME, MARKER_TEXT  # layout reads this module

    target_dir = folder(home)
    ensure_dir(target_dir)
    marker = home / MARKER_NAME
    if not os.path.lexists(marker):
        with contextlib.suppress(OSError):  # the answers matter more than the marker
            atomic_write(marker, MARKER_TEXT.encode(), batch=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    while True:
        path = target_dir / f"{kind}-{stamp}-{os.urandom(2).hex()}.json"
        if not os.path.lexists(path):
            break
    document = {
        "selflead_recovery": FORMAT_VERSION,
        "kind": kind,
        "about": about,
        "written": now.isoformat(timespec="seconds"),
        "problem": problem,
        "answers": answers,
    }
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    # batch: no lock is held, so other writers' temporaries in this folder are left alone.
    atomic_write(path, data, batch=True)
    with contextlib.suppress(OSError):
        fsync_dir(target_dir)
    return path


def load(path: Path) -> Recovered:
    """One recovery file, or ``DamagedFileError`` saying what is wrong with it."""
    raw = read_file(path)
    if raw is None:
        raise DamagedFileError(path, "no longer exists", "run 'selflead doctor' to list the rest")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DamagedFileError(path, "is not a readable recovery file") from None
    fields = ("kind", "about", "written", "problem")
    if (
        not isinstance(data, dict)
        or data.get("selflead_recovery") != FORMAT_VERSION
        or data.get("kind") not in KINDS
        or not all(isinstance(data.get(name), str) for name in fields)
        or not isinstance(data.get("answers"), dict)
    ):
        raise DamagedFileError(path, "does not have the shape of a selflead recovery file")
    return Recovered(
        path, data["kind"], data["about"], data["written"], data["problem"], data["answers"]
    )


def pending(home: Path, kind: RecoveryKind) -> list[Path]:
    """Recovery files of ``kind``, oldest first (their names start with the time)."""
    try:
        names = os.listdir(folder(home))  # noqa: PTH208 (names only)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise StorageError(
            f"cannot list {folder(home)}: {exc.strerror}", "check the journal's permissions"
        ) from None
    found = [n for n in names if RECOVERY_FILE_RE.fullmatch(n) and n.startswith(kind + "-")]
    return [folder(home) / name for name in sorted(found)]


def is_kept(path: Path) -> bool:
    """Whether the recovery file at ``path`` is still there (not yet saved and discarded)."""
    return path.exists()


def discard(path: Path) -> None:
    """Remove a recovery file whose answers were saved."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(
            f"the answers were saved, but {path} could not be removed: {exc.strerror}",
            "remove it by hand",
        ) from None
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)
