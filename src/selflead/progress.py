"""The progress callback type, shared by the store, the transfers and the progress bar.

A long job (an export, an import) asks a ``ProgressFactory`` for a ``Tick`` per phase and
calls ``tick(done, total)`` as it goes; the ui's factory draws a bar, ``no_progress`` nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

Tick = Callable[[int, int], None]
ProgressFactory = Callable[[str], AbstractContextManager[Tick]]


@contextlib.contextmanager
def no_progress(_: str) -> Iterator[Tick]:
    yield lambda done, total: None
