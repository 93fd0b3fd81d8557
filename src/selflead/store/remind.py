"""Where the reminder is kept and how it is started: files under ``$HOME`` and the system's
own scheduler (``systemctl --user``, ``crontab``, ``launchctl``); no daemon of ours.

Each install writes the scheduler's files whole (atomically, private), then asks the
scheduler to start them; if that fails, the files written are removed again and the
scheduler's own message is in the error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from selflead.errors import SelfleadError
from selflead.store.files import atomic_write, ensure_dir

NAME: Final = "selflead-remind"  # the systemd units' name
LAUNCHD_LABEL: Final = "net.selflead.remind"
CRON_MARK: Final = "# selflead-remind"  # ends selflead's line in a crontab
SYSTEMD_FILES: Final = (f"{NAME}.service", f"{NAME}.timer")


def crontab_with(current: str, line: str | None) -> str:
    """The user's crontab with selflead's line replaced (or removed when ``line`` is None);
    every other line kept as it is."""
    kept = [row for row in current.splitlines() if not row.rstrip().endswith(CRON_MARK)]
    if line is not None:
        kept.append(line)
    return "".join(row + "\n" for row in kept)


def cron_entry(current: str) -> str | None:
    """selflead's line in a crontab, if there is one."""
    for row in current.splitlines():
        if row.rstrip().endswith(CRON_MARK):
            return row
    return None


class SchedulerError(SelfleadError):
    """The system's scheduler refused or is not there."""


@dataclass(frozen=True)
class Installed:
    scheduler: str
    where: str  # the files, or "your crontab"
    text: str  # what is there (the timer, the crontab line, the plist)


def _systemd_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def _launchd_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def _run(args: list[str], *, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            args, input=stdin, capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return subprocess.CompletedProcess(args, 127, "", str(exc))


def _say(done: subprocess.CompletedProcess[str]) -> str:
    text = (done.stderr or done.stdout).strip().splitlines()
    return text[-1] if text else f"exit status {done.returncode}"


def available() -> list[str]:
    """The schedulers this computer has, the preferred first."""
    found: list[str] = []
    if sys.platform == "darwin" and shutil.which("launchctl"):
        found.append("launchd")
    if (
        shutil.which("systemctl")
        and _run(["systemctl", "--user", "show-environment"]).returncode == 0
    ):
        found.append("systemd")
    if shutil.which("crontab"):
        found.append("cron")
    return found


def _check(done: subprocess.CompletedProcess[str], what: str, hint: str) -> None:
    if done.returncode != 0:
        raise SchedulerError(f"{what} failed: {_say(done)}", hint)


def install(scheduler: str, files: dict[str, str]) -> Installed:
    """Write the scheduler's files (by name: the systemd units, ``crontab`` for the line,
    ``plist``) and start them."""
    if scheduler == "systemd":
        folder = _systemd_dir()
        ensure_dir(folder)
        written = []
        try:
            for name, text in files.items():
                atomic_write(folder / name, text.encode("utf-8"))
                written.append(folder / name)
            _check(
                _run(["systemctl", "--user", "daemon-reload"]),
                "systemctl --user daemon-reload",
                "is a user session of systemd running?",
            )
            _check(
                _run(["systemctl", "--user", "enable", "--now", f"{NAME}.timer"]),
                "systemctl --user enable",
                "try 'selflead remind install --via cron'",
            )
        except SelfleadError:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return Installed("systemd", str(folder / f"{NAME}.timer"), files[f"{NAME}.timer"])
    if scheduler == "cron":
        current = _crontab()
        line = files["crontab"]
        _check(
            _run(["crontab", "-"], stdin=crontab_with(current, line)),
            "crontab",
            "check 'crontab -l' by hand",
        )
        return Installed("cron", "your crontab", line)
    path = _launchd_file()
    ensure_dir(path.parent)
    text = files["plist"]
    if path.exists():
        _run(["launchctl", "unload", str(path)])
    atomic_write(path, text.encode("utf-8"))
    done = _run(["launchctl", "load", "-w", str(path)])
    if done.returncode != 0:
        path.unlink(missing_ok=True)
        _check(done, "launchctl load", "check Console.app for launchd's reason")
    return Installed("launchd", str(path), text)


def _crontab() -> str:
    done = _run(["crontab", "-l"])
    if done.returncode == 127:
        raise SchedulerError(
            "crontab cannot be run: " + _say(done), "install cron, or use --via systemd"
        )
    return done.stdout if done.returncode == 0 else ""  # "no crontab for user" is empty


def show() -> list[Installed]:
    """Every reminder selflead installed, whichever scheduler holds it."""
    found = []
    timer = _systemd_dir() / f"{NAME}.timer"
    if timer.exists():
        found.append(Installed("systemd", str(timer), timer.read_text(encoding="utf-8")))
    if shutil.which("crontab"):
        line = cron_entry(_crontab())
        if line is not None:
            found.append(Installed("cron", "your crontab", line))
    plist = _launchd_file()
    if plist.exists():
        found.append(Installed("launchd", str(plist), plist.read_text(encoding="utf-8")))
    return found


def remove() -> list[Installed]:
    """Stop and remove every reminder selflead installed; what was removed."""
    gone = show()
    for item in gone:
        if item.scheduler == "systemd":
            _run(["systemctl", "--user", "disable", "--now", f"{NAME}.timer"])
            for name in SYSTEMD_FILES:
                (_systemd_dir() / name).unlink(missing_ok=True)
            _run(["systemctl", "--user", "daemon-reload"])
        elif item.scheduler == "cron":
            _check(
                _run(["crontab", "-"], stdin=crontab_with(_crontab(), None)),
                "crontab",
                "check 'crontab -l' by hand",
            )
        else:
            _run(["launchctl", "unload", "-w", item.where])
            Path(item.where).unlink(missing_ok=True)
    return gone
