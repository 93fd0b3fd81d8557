"""Where the journal lives: ``--journal`` wins over ``SELFLEAD_HOME``, then the platform folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_HOME = "SELFLEAD_HOME"


def journal_home(option: Path | None = None) -> Path:
    """The journal folder to use. Nothing is created here; the store does that on first write."""
    if option is not None:
        return option.expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("selflead", appauthor=False)


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
