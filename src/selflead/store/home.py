"""Where the journal lives: ``--journal`` wins over ``SELFLEAD_HOME``, then the platform folder."""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (selflead due)
if TYPE_CHECKING:
    from pathlib import Path

ENV_HOME = "SELFLEAD_HOME"


def journal_home(option: Path | None = None) -> Path:
    """The journal folder to use. Nothing is created here; the store does that on first write.

    A path no file system takes (a name over 255 bytes) is refused here, once, with one line.
    """
    from pathlib import Path

    from selflead.store.files import check_path

    home = Path(journal_home_name(None if option is None else os.fspath(option)))
    # Room for the longest name selflead makes inside it (entries/2026/.<day>.<hex>.tmp).
    check_path(home, "the journal folder")
    check_path(
        home / "entries" / "2026" / ".2026-11-27.json.0123456789ab.tmp", "the journal folder"
    )
    return home


def journal_home_name(option: str | None = None) -> str:
    """``journal_home`` as a string, without pathlib (for ``selflead due``, in a shell prompt)."""
    # os.path, not pathlib: importing pathlib is a third of what `selflead due` may cost.
    if option is not None:
        return os.path.expanduser(option)  # noqa: PTH111
    env = os.environ.get(ENV_HOME)
    if env:
        return os.path.expanduser(env)  # noqa: PTH111
    import sys

    # platformdirs' answer on Linux and macOS, without importing it (it imports pathlib);
    # tests/test_due.py holds the two together. Elsewhere, platformdirs decides.
    if sys.platform.startswith("linux"):
        data = os.environ.get("XDG_DATA_HOME", "")
        if not data.strip():
            data = os.path.expanduser("~/.local/share")  # noqa: PTH111
        return os.path.join(data, "selflead")  # noqa: PTH118
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Application Support/selflead")  # noqa: PTH111
    from platformdirs import user_data_dir

    return user_data_dir("selflead", appauthor=False)


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
