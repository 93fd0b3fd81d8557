"""One pty spawner for the interactive flows (pexpect), and the keys a person presses."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pexpect

TODAY = "2026-11-24"
RATING = re.escape(b"rating 1-5 (Enter to skip):")
REFLECTION = re.escape(b"Enter now to skip):")
TAGS = re.escape(b"Tags, separated by spaces (Enter to skip):")
REVIEW = re.escape("Enter saves · 1-4".encode())

# What the keyboard sends (the terminal is in raw mode under the line editor).
ENTER = "\r"
LEFT = "\x1b[D"
RIGHT = "\x1b[C"
HOME = "\x1b[H"
END = "\x1b[F"
ALT_ENTER = "\x1b\r"
CTRL_D = "\x04"
CTRL_U = "\x15"
CTRL_W = "\x17"
CTRL_X_CTRL_E = "\x18\x05"


def paste(text: str) -> str:
    """``text`` as a terminal sends a paste with bracketed paste on."""
    return f"\x1b[200~{text}\x1b[201~"


def spawn(
    journal: Path,
    *args: str,
    today: str = TODAY,
    term: str = "dumb",
    env: dict[str, str] | None = None,
    columns: int = 200,
    shell: str | None = None,
) -> pexpect.spawn:
    """``selflead ARGS`` (or a ``shell`` command line) in a pseudo-terminal."""
    environ = dict(os.environ)
    environ |= {
        "SELFLEAD_HOME": str(journal),
        "SELFLEAD_TODAY": today,
        "TERM": term,
        "NO_COLOR": "1",
        "COLUMNS": str(columns),  # one question per line, so it can be matched whole
        "LINES": "40",
        "LC_ALL": "C.UTF-8",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect does not answer cursor position requests
    }
    environ.pop("VISUAL", None)
    environ.pop("EDITOR", None)
    environ |= env or {}
    if shell is not None:
        command, argv = "/bin/sh", ["-c", shell]
    else:
        command, argv = sys.executable, ["-m", "selflead", *args]
    child = pexpect.spawn(
        command,
        argv,
        env=environ,
        dimensions=(40, columns),
        timeout=20,  # a guard against a hung test, not a timing check
        echo=False,
    )
    child.delaybeforesend = None
    return child


def finish(child: pexpect.spawn) -> tuple[int, bytes]:
    """Wait for the program to end; its exit code and what it printed since the last match."""
    child.expect(pexpect.EOF)
    rest: bytes = child.before
    child.close()
    assert child.signalstatus is None
    code: int = child.exitstatus
    return code, rest


def answer_area(child: pexpect.spawn, rating: str = "", reflection: str = "") -> None:
    """A rating line, then a reflection typed and finished with Enter on an empty line."""
    child.expect(RATING)
    child.send(rating + ENTER)
    child.expect(REFLECTION)
    child.send(reflection.replace("\n", ENTER) + ENTER + (ENTER if reflection else ""))


def day_entries(journal: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted((journal / "entries").rglob("*.json")):
        found.extend(json.loads(path.read_text(encoding="utf-8"))["entries"])
    return found


def write_editor(folder: Path, body: str) -> str:
    """A fake ``$EDITOR``: a Python script whose ``edit(text)`` (``body``) returns the new text;
    each run appends what it was given to ``seen.txt`` beside it."""
    script = folder / "fake_editor.py"
    script.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        "seen = pathlib.Path(__file__).with_name('seen.txt')\n"
        "runs = seen.read_text(encoding='utf-8').count('\\0') if seen.exists() else 0\n"
        "with seen.open('a', encoding='utf-8') as log:\n"
        "    log.write(f'{path}\\n{oct(path.stat().st_mode & 0o777)}\\n{text}\\0')\n"
        f"{body}\n"
        "new = edit(text)\n"
        "if new is None:\n"
        "    sys.exit(1)\n"
        "path.write_text(new, encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def editor_runs(folder: Path) -> list[tuple[str, str, str]]:
    """(path, mode, text given) for each run of the fake editor."""
    seen = folder / "seen.txt"
    if not seen.exists():
        return []
    runs = []
    for chunk in seen.read_text(encoding="utf-8").split("\0")[:-1]:
        path, mode, text = chunk.split("\n", 2)
        runs.append((path, mode, text))
    return runs


_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def screen_lines(output: bytes) -> list[str]:
    """What was printed, without the line editor's cursor moves and styles: the non-blank lines."""
    text = _ANSI.sub(b"", output).decode("utf-8", "replace")
    return [line.strip() for line in text.split("\n") if line.strip()]
