"""What ``selflead due`` says: one short line, without rich (it runs in a shell prompt), and a
desktop notification for ``--notify`` where the system has a notifier."""

from __future__ import annotations

import sys
from datetime import date

from selflead.dates import long_date

TITLE = "selflead"


def due_line(day: date) -> str:
    return f"no check-in yet today ({long_date(day)}): run 'selflead checkin'"


def due(day: date) -> None:
    sys.stdout.write(due_line(day) + "\n")
    sys.stdout.flush()


def damaged(path: str) -> None:
    sys.stderr.write(
        f"error: today's file {path} cannot be read; run 'selflead doctor' to see why\n"
    )
    sys.stderr.flush()


def notify(day: date) -> bool:
    """Show the reminder on the desktop: notify-send (Linux) or osascript (macOS); nothing
    where neither exists. True when a notifier took it."""
    import subprocess

    text = due_line(day)
    if sys.platform == "darwin":
        script = f"display notification {_applescript(text)} with title {_applescript(TITLE)}"
        command = ["osascript", "-e", script]
    else:
        command = ["notify-send", "--app-name", TITLE, TITLE, text]
    try:
        done = subprocess.run(command, check=False, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
