"""The two consoles: stdout for content, stderr for status, warnings and errors.

The only module that writes to the terminal directly; every other ui module prints through it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import sys
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, Final

from selflead.chars import json_escape, visible
from selflead.errors import OutputError

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console


class _Stream:
    """``sys.stdout`` or ``sys.stderr`` as it is at each write (tests swap them), where a
    closed or failing stream (``>&-``, ``> /dev/full``) raises ``OutputError``, one line at
    the CLI boundary, instead of a traceback."""

    def __init__(self, name: str) -> None:
        self.name = name

    def file(self) -> IO[str]:
        stream: IO[str] | None = getattr(sys, self.name)
        if stream is None:
            raise OutputError(self.name, "it is closed")
        # Under a progress bar, rich stands a proxy in for the stream; write past it.
        return getattr(stream, "rich_proxied_file", stream)

    def _failed(self, exc: OSError) -> OutputError:
        return OutputError(self.name, exc.strerror or errno.errorcode.get(exc.errno or 0, "error"))

    def write(self, text: str) -> int:
        try:
            return self.file().write(text)
        except OSError as exc:
            raise self._failed(exc) from None
        except ValueError:  # "I/O operation on closed file"
            raise OutputError(self.name, "it is closed") from None

    def put_bytes(self, data: bytes) -> None:
        """Bytes as they are (an exported document, JSON: UTF-8 whatever the locale)."""
        stream = self.file()
        try:
            buffer = getattr(stream, "buffer", None)
            if buffer is None:
                stream.write(data.decode("utf-8"))
            else:
                stream.flush()
                buffer.write(data)
        except OSError as exc:
            raise self._failed(exc) from None
        except ValueError:
            raise OutputError(self.name, "it is closed") from None

    def flush(self) -> None:
        try:
            self.file().flush()
        except OSError as exc:
            raise self._failed(exc) from None
        except ValueError:
            raise OutputError(self.name, "it is closed") from None

    def isatty(self) -> bool:
        stream = getattr(sys, self.name)
        try:
            return stream is not None and stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        return self.file().fileno()

    @property
    def encoding(self) -> str:
        return getattr(getattr(sys, self.name), "encoding", None) or "utf-8"


STDOUT: Final = _Stream("stdout")
STDERR: Final = _Stream("stderr")


def prepare_streams() -> None:
    """Under a locale that is not UTF-8 (``LANG=en_US.ISO-8859-1``), show a character the
    terminal's encoding lacks as ``?`` instead of ending the command; exports and JSON are
    written as UTF-8 bytes, whole (``_Stream.put_bytes``)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not stream.encoding.lower().startswith("utf"):
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


@functools.cache
def out() -> Console:
    from rich.console import Console

    return Console(file=STDOUT, highlight=False, emoji=False)  # type: ignore[arg-type]


@functools.cache
def err() -> Console:
    from rich.console import Console

    return Console(file=STDERR, highlight=False, emoji=False)  # type: ignore[arg-type]


@contextlib.contextmanager
def after_save(saved: str) -> Iterator[None]:
    """Around what a command prints once it has saved: if stdout (or stderr) fails then, say
    ``<saved>, but could not print ...`` and end normally (exit 0), so that a failed print
    never makes a save look failed, and a retry never makes a duplicate."""
    try:
        yield
    except OutputError as exc:
        with contextlib.suppress(OutputError):
            warning(f"{saved}, but could not print the rest: {exc.stream}: {exc.reason}")


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
    """The one-line error format: ``error: what went wrong; what to do``. When stderr itself
    is closed or failing there is nowhere to say it; the exit code still does."""
    with contextlib.suppress(OutputError):
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

    text = json_escape(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    STDOUT.put_bytes(text.encode("utf-8"))  # JSON is UTF-8, whatever the locale
    STDOUT.flush()


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
