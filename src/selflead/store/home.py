"""Where the journal lives: ``--journal`` wins over ``SELFLEAD_HOME``, then the platform folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_HOME = "SELFLEAD_HOME"


def journal_home(option: Path | None = None) -> Path:
    """The journal folder to use. Nothing is created here; the store does that on first write.

    A path no file system takes (a name over 255 bytes) is refused here, once, with one line.
    """
    from selflead.store.files import check_path

    if option is not None:
        home = option.expanduser()
    elif os.environ.get(ENV_HOME):
        home = Path(os.environ[ENV_HOME]).expanduser()
    else:
        from platformdirs import user_data_path

        home = user_data_path("selflead", appauthor=False)
    # Room for the longest name selflead makes inside it (entries/2026/.<day>.<hex>.tmp).
    check_path(home, "the journal folder")
    check_path(
        home / "entries" / "2026" / ".2026-11-27.json.0123456789ab.tmp", "the journal folder"
    )
    return home


def home_state(home: Path) -> str:
    """``"missing"``, ``"folder"`` or ``"not-a-folder"``: what is at the journal's path."""
    if not home.exists():
        return "missing"
    return "folder" if home.is_dir() else "not-a-folder"


def exposed_mode(home: Path) -> int | None:
    """The journal folder's mode when other users may read it (group or other bits set)."""
    try:
        info = home.stat()
    except OSError:
        return None
    mode = stat.S_IMODE(info.st_mode)
    return mode if stat.S_ISDIR(info.st_mode) and mode & 0o077 else None
