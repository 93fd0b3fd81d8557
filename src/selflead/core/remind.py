"""The daily reminder: what a systemd user timer, a crontab line or a launchd agent says.

Pure: given the time, the days and the command, each scheduler's files as text. The store
(``store/remind.py``) writes them and asks the system to start them; the command it runs is
``selflead due --notify``, which notifies only when today has no check-in yet.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Final, Literal

from selflead.errors import InputError
from selflead.store import remind as store
from selflead.store.remind import CRON_MARK, LAUNCHD_LABEL, NAME, Installed

Scheduler = Literal["systemd", "cron", "launchd"]
SCHEDULERS: Final[tuple[Scheduler, ...]] = ("systemd", "cron", "launchd")
DEFAULT_AT: Final = "18:30"
_AT_RE = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class Reminder:
    hour: int
    minute: int
    weekdays: bool  # Monday to Friday only
    command: tuple[str, ...]  # what runs: python -m selflead due --notify

    @property
    def at(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @property
    def days(self) -> str:
        return "Monday to Friday" if self.weekdays else "every day"


def reminder(at: str, *, weekdays: bool, command: tuple[str, ...]) -> Reminder:
    """The reminder ``--at HH:MM`` asks for, or ``InputError``."""
    match = _AT_RE.fullmatch(at.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InputError(f"--at {at!r} is not a time of day", "write it HH:MM, e.g. --at 18:30")
    return Reminder(int(match[1]), int(match[2]), weekdays, command)


def systemd_files(r: Reminder) -> dict[str, str]:
    """The service and the timer, by file name (in ``~/.config/systemd/user``)."""
    days = "Mon..Fri " if r.weekdays else ""
    service = (
        "[Unit]\nDescription=selflead: remind me to check in\n\n"
        f"[Service]\nType=oneshot\nExecStart={shlex.join(r.command)}\n"
        "SuccessExitStatus=1\n"
    )
    timer = (
        "[Unit]\nDescription=selflead: remind me to check in\n\n"
        f"[Timer]\nOnCalendar={days}*-*-* {r.at}:00\nUnit={NAME}.service\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return {f"{NAME}.service": service, f"{NAME}.timer": timer}


def cron_line(r: Reminder) -> str:
    days = "1-5" if r.weekdays else "*"
    return f"{r.minute} {r.hour} * * {days} {shlex.join(r.command)} >/dev/null 2>&1 {CRON_MARK}"


def launchd_plist(r: Reminder) -> str:
    from xml.sax.saxutils import escape

    args = "".join(f"\n        <string>{escape(word)}</string>" for word in r.command)

    def interval(weekday: int | None) -> str:
        day = f"<key>Weekday</key><integer>{weekday}</integer>" if weekday else ""
        return (
            f"<dict>{day}<key>Hour</key><integer>{r.hour}</integer>"
            f"<key>Minute</key><integer>{r.minute}</integer></dict>"
        )

    when = (
        "<array>" + "".join(interval(d) for d in range(1, 6)) + "</array>"
        if r.weekdays
        else interval(None)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
        '<plist version="1.0">\n<dict>\n'
        f"    <key>Label</key>\n    <string>{LAUNCHD_LABEL}</string>\n"
        f"    <key>ProgramArguments</key>\n    <array>{args}\n    </array>\n"
        f"    <key>StartCalendarInterval</key>\n    {when}\n"
        "</dict>\n</plist>\n"
    )


def files_for(scheduler: Scheduler, r: Reminder) -> dict[str, str]:
    if scheduler == "systemd":
        return systemd_files(r)
    if scheduler == "cron":
        return {"crontab": cron_line(r)}
    return {"plist": launchd_plist(r)}


def choose(via: str | None) -> Scheduler:
    """The scheduler ``--via`` names, or the first this computer has (launchd on macOS, a
    systemd user session, cron), or an error saying there is none."""
    if via is not None:
        name = via.strip().lower()
        for known in SCHEDULERS:
            if known == name:
                return known
        raise InputError(
            f"--via {via!r} is not a scheduler", f"use one of: {', '.join(SCHEDULERS)}"
        )
    found = store.available()
    if not found:
        raise store.SchedulerError(
            "this computer has no scheduler selflead can use (no systemd user session, no "
            "crontab, no launchd)",
            "run 'selflead due --notify' from your own scheduler, or add 'selflead due' to "
            "your shell prompt (see the README)",
        )
    first: Scheduler = found[0]  # type: ignore[assignment]
    return first


def install(via: str | None, r: Reminder) -> Installed:
    """``selflead remind install``: replace any reminder selflead installed by this one."""
    scheduler = choose(via)
    store.remove()
    return store.install(scheduler, files_for(scheduler, r))


def preview(via: str | None, r: Reminder) -> dict[str, str]:
    """What ``install`` would write, without writing it (``--print``)."""
    return files_for(choose(via) if via is not None else _preferred(), r)


def _preferred() -> Scheduler:
    found = store.available()
    return found[0] if found else "systemd"  # type: ignore[return-value]
