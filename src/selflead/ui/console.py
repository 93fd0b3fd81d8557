"""The two consoles: stdout for content, stderr for status, warnings and errors.

The only module that writes to the terminal directly; every other ui module prints through it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from selflead.chars import json_escape, visible

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console


@functools.cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


@functools.cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def plain(text: str) -> None:
    """Text of selflead's own (the version, the help) on stdout, as it is."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def status(message: str) -> None:
    """A short status line on stderr (never mixed into data on stdout)."""
    from rich.text import Text

    err().print(Text(visible(message), style="dim"), soft_wrap=True)


def _problem(label: str, style: str, message: str, hint: str | None) -> None:
    """``<label>: what is wrong; what to do`` on stderr, on one line whatever the text holds."""
    from rich.text import Text

    line = Text(f"{label}: ", style=style)
    line.append(visible(message.replace("\n", " ")))
    if hint:
        line.append("; " + visible(hint.replace("\n", " ")), style="dim")
    err().print(line, soft_wrap=True)


def error(message: str, hint: str | None = None) -> None:
    """The one-line error format: ``error: what went wrong; what to do``."""
    _problem("error", "bold red", message, hint)


def warning(message: str, hint: str | None = None) -> None:
    """``warning: what is wrong; what to do`` on stderr."""
    _problem("warning", "bold yellow", message, hint)


def cancelled(message: str, hint: str | None = None) -> None:
    """``cancelled: nothing was saved`` on stderr: what the person chose, not an error."""
    _problem("cancelled", "bold yellow", message, hint)


def emit_json(data: Any) -> None:
    """Machine-readable output: plain JSON on stdout, nothing else.

    Text stays readable (UTF-8), but characters a terminal could act on are written as JSON
    ``\\uXXXX`` escapes: the same data for a parser, nothing a terminal runs.
    """
    import json

    sys.stdout.write(json_escape(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
    sys.stdout.flush()


def skipped_days(damaged: Iterable[object]) -> None:
    """Warn on stderr about each damaged day that a command left out."""
    for exc in damaged:
        warning(f"left out {exc}")


def exposed_journal(home: Path, mode: int) -> None:
    """The journal folder can be read by other users: say so, and how to fix it."""
    import shlex

    command = f"chmod 700 {shlex.quote(str(home))}"
    warning(
        f"the journal folder {home} can be opened by other users (mode {mode:04o})",
        f"make it private with: {command} (or run 'selflead doctor --fix')",
    )
