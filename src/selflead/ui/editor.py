"""The person's own editor (``$VISUAL``, ``$EDITOR``, else nano or vi) on a private scratch file."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
from typing import TextIO

from selflead.errors import InputError
from selflead.store.scratch import read_scratch, scratch_file

FALLBACK_EDITORS = ("nano", "vi")


class EditorFailed(InputError):
    """The editor could not run, or exited with an error (vim's ``:cq``): what it held is not
    taken, and the caller keeps what it had."""


def editor_command() -> list[str]:
    """The editor to run, as an argument list; ``InputError`` when there is none."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                words = []
            if not words:
                raise InputError(f"${variable} ({value!r}) is not a command", "fix or unset it")
            return words
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise InputError(
        "no editor found: $VISUAL and $EDITOR are unset and neither nano nor vi is installed",
        "set EDITOR, e.g. export EDITOR=nano",
    )


def edit(text: str, *, tty: tuple[TextIO, TextIO] | None = None, suffix: str = ".txt") -> str:
    """Open the editor on ``text`` and return what was saved. An editor that cannot run, or
    exits with an error (vim's ``:cq``), raises ``EditorFailed``: the caller keeps its text."""
    try:
        command = editor_command()
    except InputError as exc:
        raise EditorFailed(exc.message, exc.hint) from None
    with scratch_file(text, suffix=suffix) as path:
        stdin, stdout = tty if tty is not None else (None, None)
        # Ctrl-C belongs to the editor while it runs (vi users press it freely): here it must not
        # cancel the check-in. A handler, not SIG_IGN, so that the editor starts with the default.
        previous = signal.signal(signal.SIGINT, lambda number, frame: None)
        try:
            done = subprocess.run([*command, str(path)], check=False, stdin=stdin, stdout=stdout)
        except OSError as exc:
            raise EditorFailed(
                f"cannot run the editor {command[0]!r}: {exc.strerror}", "check $VISUAL or $EDITOR"
            ) from None
        finally:
            signal.signal(signal.SIGINT, previous)
        if done.returncode != 0:
            raise EditorFailed(
                f"the editor {command[0]!r} exited with status {done.returncode}",
                "its text was not taken",
            )
        result: str = read_scratch(path)
        return result
