"""The Store's goal files: one file per goal (``goals/<id>.json``), with its history."""

from __future__ import annotations

from pathlib import Path

from selflead.models import Goal, GoalFile
from selflead.store.folder import JournalFolder
from selflead.store.kinds import GOAL


class GoalFiles(JournalFolder):
    """Reading and writing goal files."""

    def goal_ids(self) -> list[str]:
        return self.keys(GOAL)

    def read_goal(self, goal_id: str) -> Goal | None:
        loaded: GoalFile | None = self.read(GOAL, goal_id)
        return None if loaded is None else loaded.goal

    def write_goal(self, goal: Goal) -> Path:
        """Replace the goal's file. The caller holds ``locked()`` (and read it in it)."""
        path = self.path(GOAL, goal.id)
        self._write(path, self._document(GOAL, id=goal.id, goal=goal))
        return path
