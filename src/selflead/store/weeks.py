"""The Store's week files: a weekly reflection (``reviews/``) and if-then commitments
(``commitments/``), one file per ISO week each."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path

from selflead.errors import DamagedFileError
from selflead.models import Commitment, CommitmentsFile, WeekFile, WeeklyReflection
from selflead.store.files import ensure_dir, fsync_dir, remove_stale_temporaries
from selflead.store.folder import JournalFolder
from selflead.store.kinds import COMMITMENTS, WEEK


class WeekFiles(JournalFolder):
    """Reading and writing the files kept per ISO week."""

    # ---- weekly reflections
    def read_week(self, week: str) -> WeeklyReflection | None:
        return self.load_week_file(self.week_path(week), week)

    def load_week_file(self, path: Path, week: str) -> WeeklyReflection | None:
        """The reflection in the week file at ``path``, which must hold ``week``."""
        loaded: WeekFile | None = self.load(WEEK, path, week)
        return None if loaded is None else loaded.reflection

    def write_week(self, week: str, reflection: WeeklyReflection) -> Path:
        """Save a week's reflection, under the lock."""
        path = self.week_path(week)
        with self.locked():
            # Reading first refuses to overwrite a damaged file.
            self.read_week(week)
            self._write(path, self._document(WEEK, week=week, reflection=reflection))
        return path

    def write_weeks(
        self,
        reviews: dict[str, WeeklyReflection],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Write several weeks' reflections (an import), each once, in one pass. The caller
        holds ``locked()`` and has read each week (a damaged one is never overwritten).

        As ``write_days``: each file atomic (temporary, fsync, rename), the folder tidied once
        before and flushed once after, not once per file."""
        if not reviews:
            return
        folder = self.week_path(next(iter(reviews))).parent
        self.mark()
        self.refuse_links(folder)
        ensure_dir(folder)
        remove_stale_temporaries(folder)
        for done, (week, reflection) in enumerate(sorted(reviews.items()), start=1):
            document = self._document(WEEK, week=week, reflection=reflection)
            self._write(self.week_path(week), document, batch=True)
            if progress is not None:
                progress(done, len(reviews))
        with contextlib.suppress(OSError):
            fsync_dir(folder)

    def update_week(
        self, week: str, change: Callable[[WeeklyReflection | None], WeeklyReflection]
    ) -> Path:
        """Read the week's reflection under the lock, hand it to ``change`` and save what it
        returns: nothing saved meanwhile is overwritten unseen."""
        path = self.week_path(week)
        with self.locked():
            reflection = change(self.read_week(week))
            self._write(path, self._document(WEEK, week=week, reflection=reflection))
        return path

    def weeks(self) -> list[str]:
        return self.keys(WEEK)

    def read_weeks(
        self, weeks: Iterable[str]
    ) -> tuple[dict[str, WeeklyReflection], list[DamagedFileError]]:
        """The reflections of ``weeks`` that exist, and the week files that are damaged."""
        found: dict[str, WeeklyReflection] = {}
        damaged: list[DamagedFileError] = []
        for week in weeks:
            try:
                reflection = self.read_week(week)
            except DamagedFileError as exc:
                damaged.append(exc)
                continue
            if reflection is not None:
                found[week] = reflection
        return found, damaged

    # ---- commitments (one file per ISO week)
    def read_commitments(self, week: str) -> list[Commitment]:
        """The week's commitments, dropped ones included; [] for a week with none."""
        loaded: CommitmentsFile | None = self.read(COMMITMENTS, week)
        return [] if loaded is None else list(loaded.commitments)

    def commitment_weeks(self) -> list[str]:
        return self.keys(COMMITMENTS)

    def write_commitments(self, week: str, commitments: Iterable[Commitment]) -> Path:
        """Replace the week's commitments. The caller holds ``locked()`` and read them in it."""
        path = self.path(COMMITMENTS, week)
        self._write(path, self._document(COMMITMENTS, week=week, commitments=list(commitments)))
        return path
