"""Running the installed ``selflead`` command in a process of its own, and the one assertion
for a failure: exactly one ``error:`` line on stderr, this exit code, no traceback.

For behaviour that depends on the process (the locale, closed or failing streams, signals,
another user): the command as installed, not the app called in this interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SELFLEAD = str(Path(sys.executable).with_name("selflead"))


def selflead(
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,  # a guard against a hang, never a timing assertion
    **options: Any,
) -> subprocess.CompletedProcess[str]:
    """``selflead ARGS`` in a process, its journal the test's own (``SELFLEAD_HOME``)."""
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


def one_error(done: subprocess.CompletedProcess[str], code: int, start: str = "error: ") -> str:
    """The process failed with ``code`` and said so in exactly one line, starting ``start``."""
    assert "Traceback" not in (done.stdout or "") + (done.stderr or ""), done.stderr
    assert done.returncode == code, (done.returncode, done.stderr)
    lines = (done.stderr or "").splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(start), lines[0]
    return lines[0]


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in (done.stdout or "") + (done.stderr or ""), done.stderr
