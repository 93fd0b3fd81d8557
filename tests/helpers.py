"""The one home of the test helpers.

- ``entry``: the one entry factory (a model built in memory, for the tests below the CLI).
- ``one_error``: the one assertion for a failure, of the CLI run in this process (CliRunner)
  or in a process of its own: exactly one line on stderr, starting ``error:``; this exit code;
  no traceback; and, given ``unchanged``, nothing written in the journal.
- ``files``: what a folder holds, to compare before and after (``unchanged``).
- ``selflead``: the one subprocess runner (the installed command, the test's own journal).
- ``spawn`` and ``finish``: the one pty spawner (pexpect), with the keys a person presses.
The umask fixture is ``open_umask`` in ``conftest.py``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

import pexpect
from typer.testing import Result

from selflead.models import AreaCheckin, Entry

# --------------------------------------------------------------------------- entries

Area = AreaCheckin | tuple[int | None, str]


def entry(
    day: date,
    hour: int = 9,
    minute: int = 0,
    *,
    id: str | None = None,
    created: datetime | None = None,
    tz: tzinfo = UTC,
    tags: list[str] | tuple[str, ...] = (),
    **areas: Area,
) -> Entry:
    """One check-in about ``day``, written that day at ``hour``:``minute`` (or at ``created``);
    each area given as an ``AreaCheckin`` or as ``(rating, reflection)``."""
    when = created or datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    return Entry(
        id=id or f"{day.isoformat()}-{hour:02d}{minute:02d}-{''.join(sorted(areas))}",
        date=day,
        created=when,
        tags=list(tags),
        **{
            name: value
            if isinstance(value, AreaCheckin)
            else AreaCheckin(rating=value[0], reflection=value[1])
            for name, value in areas.items()
        },
    )


# --------------------------------------------------------------------------- failures

Done = Result | subprocess.CompletedProcess[str]


def files(folder: Path, *, derived: bool = True) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes ({} when there is no folder); without the
    index when ``derived`` is False (it is derived: any command may bring it up to date)."""
    if not folder.exists():
        return {}
    index = {"index.sqlite3", "index.sqlite3-journal"}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (derived or p.name not in index)
    }


@dataclass(frozen=True)
class Snapshot:
    """What a folder held before a command, to show that the command wrote nothing there."""

    folder: Path
    derived: bool
    before: dict[str, bytes]

    def assert_unchanged(self) -> None:
        assert files(self.folder, derived=self.derived) == self.before


def snapshot(folder: Path, *, derived: bool = True) -> Snapshot:
    return Snapshot(folder, derived, files(folder, derived=derived))


def one_error(
    done: Done, code: int, start: str = "error: ", *, unchanged: Snapshot | None = None
) -> str:
    """The command failed with ``code`` and said so in exactly one line on stderr, starting
    ``start``, with no traceback; given ``unchanged`` (a ``snapshot`` taken before), it wrote
    nothing there. Returns the line, for the caller's own checks."""
    stdout, stderr = done.stdout or "", done.stderr or ""
    assert "Traceback" not in stdout + stderr, stderr
    if isinstance(done, Result):
        assert done.exit_code == code, (done.exit_code, stdout, stderr)
        assert isinstance(done.exception, SystemExit), done.exception
    else:
        assert done.returncode == code, (done.returncode, stderr)
    lines = stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(start), lines[0]
    if unchanged is not None:
        unchanged.assert_unchanged()
    return lines[0]


def no_traceback(done: Done) -> None:
    assert "Traceback" not in (done.stdout or "") + (done.stderr or ""), done.stderr


# --------------------------------------------------------------------------- processes

SELFLEAD = str(Path(sys.executable).with_name("selflead"))


def selflead(
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,  # a guard against a hang, never a timing assertion
    **options: Any,
) -> subprocess.CompletedProcess[str]:
    """``selflead ARGS`` in a process of its own, its journal the test's own
    (``SELFLEAD_HOME``): for what depends on the process (the locale, closed or failing
    streams, signals, another user)."""
    options.setdefault("capture_output", "stdout" not in options and "stderr" not in options)
    options.setdefault("stdin", subprocess.DEVNULL)
    options.setdefault("text", True)
    return subprocess.run(
        [SELFLEAD, *args],
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
        **options,
    )


# --------------------------------------------------------------------------- pseudo-terminals

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


def _in_child(stderr: Path | None) -> Callable[[], None]:
    """What the child does before it starts selflead: take the default SIGINT (a test run
    started in the background inherits SIGINT ignored, and a Ctrl-C sent outside the line
    editor would be lost) and, given ``stderr``, write its stderr to that file."""

    def prepare() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if stderr is not None:
            fd = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(fd, 2)
            os.close(fd)

    return prepare


def spawn(
    journal: Path,
    *args: str,
    today: str = TODAY,
    term: str = "dumb",
    env: dict[str, str] | None = None,
    columns: int = 200,
    shell: str | None = None,
    encoding: str | None = None,
    stderr: Path | None = None,
) -> pexpect.spawn:
    """``selflead ARGS`` (or a ``shell`` command line) in a pseudo-terminal; its stderr to
    the file ``stderr`` if given (the terminal's prompts still go to the terminal)."""
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
        encoding=encoding,  # None: bytes in and out; "utf-8": text
        preexec_fn=_in_child(stderr),
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


def save_rest(child: pexpect.spawn, areas: int = 3) -> None:
    """Skip the next ``areas`` areas and the tags, then save at the review (Enter)."""
    for _ in range(areas):
        answer_area(child)
    child.expect(TAGS)
    child.send(ENTER)
    child.expect(REVIEW)
    child.send(ENTER)
