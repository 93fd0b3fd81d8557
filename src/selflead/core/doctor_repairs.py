"""``selflead doctor --fix``'s repairs, the safe ones only: they never delete what the user
wrote (see ``core/doctor.py``). Each finding's repair is made under the journal lock."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from selflead.core import conflict_copies, consistency
from selflead.core.doctor_findings import (
    FOLD,
    REBUILD,
    REMOVE,
    RESOLVE,
    SET_ASIDE,
    TIGHTEN,
    UNTRASH,
    Finding,
    Repair,
)
from selflead.errors import (
    DamagedFileError,
    NewerSchemaError,
    SelfleadError,
    UnreadableFileError,
)
from selflead.store import layout
from selflead.store.documents import MisplacedEntriesError
from selflead.store.journal import Store
from selflead.store.kinds import KIND_NAMED

_REPAIR_ORDER: Final = {
    TIGHTEN: 0,
    REMOVE: 1,
    SET_ASIDE: 2,
    RESOLVE: 3,
    UNTRASH: 4,
    REBUILD: 5,
    FOLD: 6,
}


def repair(store: Store, findings: list[Finding], now: datetime) -> list[Repair]:
    """Make the safe repairs in order: modes first (they may make a file readable again),
    then temporary files, then damaged files that are still damaged. Call under the lock."""
    done: list[Repair] = []
    for finding in sorted(findings, key=lambda f: (_REPAIR_ORDER[f.repair or TIGHTEN], f.path)):
        try:
            done.append(_repair_one(store, finding, now))
        except SelfleadError as exc:
            done.append(Repair(finding, done=False, detail=exc.message))
    return done


def _repair_one(store: Store, finding: Finding, now: datetime) -> Repair:
    item = finding.item
    if finding.repair == TIGHTEN and item is not None:
        store.tighten(item)
        wanted = layout.DIR_MODE if item.is_dir else layout.FILE_MODE
        return Repair(finding, done=True, detail=f"mode set to {wanted:04o}")
    if finding.repair == REMOVE:
        store.remove_temporary(finding.path)
        return Repair(finding, done=True, detail="removed")
    if finding.repair == RESOLVE and finding.key is not None:
        detail = consistency.resolve_duplicate(store, list(finding.days), finding.key, now)
        return Repair(finding, done=True, detail=detail)
    if finding.repair == UNTRASH and finding.key is not None:
        return Repair(finding, done=True, detail=consistency.remove_trash_copy(store, finding.key))
    if finding.repair == REBUILD:
        store.index.rebuild()
        return Repair(finding, done=True, detail="rebuilt from the day files")
    if finding.repair == SET_ASIDE and item is not None:
        # Read it again under the lock: a mode repair may have made it readable, and a file
        # that reads now (or one from a newer selflead) must stay where it is.
        try:
            kind = KIND_NAMED.get(item.kind)
            if kind is not None and item.key is not None:
                store.load(kind, item.path, item.key)
        except NewerSchemaError:
            return Repair(finding, done=False, detail="written by a newer selflead; left alone")
        except UnreadableFileError:
            return Repair(finding, done=False, detail="you cannot read it; left alone")
        except MisplacedEntriesError:
            return Repair(finding, done=False, detail="its check-ins are sound; left alone")
        except DamagedFileError:
            target = store.set_aside(item.path, now)
            return Repair(finding, done=True, detail=f"moved aside to {target.name}")
        return Repair(finding, done=False, detail="it reads fine now; left in place")
    if finding.repair == FOLD and item is not None:
        try:
            done = conflict_copies.fold(store, item, now)
        except DamagedFileError as exc:
            return Repair(finding, done=False, detail=f"left in place: {exc.problem}")
        if not done:
            return Repair(finding, done=False, detail="it changed; left in place")
        return Repair(finding, done=True, detail=done)
    return Repair(finding, done=False, detail="nothing to do")
