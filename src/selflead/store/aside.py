"""Text made aside, by a copy of this process, while this one makes the text before it.

A long export is all Python (validating day files, building week summaries, escaping
reflections), which one process runs on one core: the Markdown export of a hundred years
takes about 10 s of CPU. ``make_aside`` forks a copy of the process that makes the second
half of the document into an unlinked temporary file (mode 0600, gone when closed) while
this process makes the first half; ``Aside.pieces`` then gives its text, a megabyte at a
time, so that memory stays what one half needs.

The copy only helps: it writes nothing but that temporary file and prints nothing, and when
it fails in any way (no ``fork`` on this system, a damaged day, a full disk, a signal),
``pieces`` returns None and the caller makes that half itself, which says what is wrong
in the usual words.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import signal
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Final

PIECE: Final = 1 << 20  # bytes read back at a time


def _stop(pid: int) -> None:
    """End the copy if it still runs, and reap it (also when the caller never asked)."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


class Aside:
    """A copy of this process making text into ``file``."""

    def __init__(self, pid: int, file: IO[bytes]) -> None:
        self._pid = pid
        self._file = file
        self._stopped = weakref.finalize(self, _stop, pid)

    def pieces(self) -> Iterator[str] | None:
        """The copy's text once it has made all of it; None when it did not."""
        try:
            _, status = os.waitpid(self._pid, 0)
        except OSError:
            status = -1
        self._stopped.detach()
        if status != 0:
            self._file.close()
            return None
        return self._read()

    def _read(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        with self._file:
            self._file.seek(0)
            while piece := self._file.read(PIECE):
                yield decoder.decode(piece)
        yield decoder.decode(b"", final=True)

    def close(self) -> None:
        """Stop the copy (the caller no longer wants its text)."""
        self._stopped()
        self._file.close()


def make_aside(make: Callable[[], Iterable[str]]) -> Aside | None:
    """A copy of this process writing the text ``make()`` gives; None when there cannot be
    one (no ``fork`` here, or no room for the temporary file)."""
    if not hasattr(os, "fork"):
        return None
    try:
        file = tempfile.TemporaryFile()  # noqa: SIM115 (the Aside closes it)
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        file.close()
        return None
    if pid == 0:  # the copy: make the text, and leave without running anything else
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it, quietly
            whole = False
            with open(file.fileno(), "wb", buffering=PIECE, closefd=False) as out:
                for text in make():
                    if os.getppid() != parent:  # it is gone (killed, or a closed pipe)
                        break
                    out.write(text.encode())
                else:
                    whole = True
            code = 0 if whole else 1  # written, and flushed
        except BaseException:  # noqa: S110 (the caller makes the text itself)
            pass
        finally:
            os._exit(code)
    return Aside(pid, file)
