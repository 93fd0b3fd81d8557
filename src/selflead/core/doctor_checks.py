"""``selflead doctor``'s checks: every file of the journal looked at (``Store.scan`` lists
everything, classified), each problem a ``Finding``. Nothing here changes a file."""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path
from typing import Final

from selflead.core import conflict_copies, consistency, quotes
from selflead.core.doctor_findings import (
    FOLD,
    REBUILD,
    REMOVE,
    RESOLVE,
    SET_ASIDE,
    TIGHTEN,
    UNTRASH,
    Finding,
    RepairKind,
    Report,
)
from selflead.errors import (
    DamagedFileError,
    LinkInJournalError,
    NewerSchemaError,
    UnreadableFileError,
)
from selflead.models import TrashFile
from selflead.store import layout
from selflead.store.config import CONFIG_NAME, ConfigError, load_config
from selflead.store.documents import MisplacedEntriesError
from selflead.store.index_check import DaysRead, differences
from selflead.store.journal import Store
from selflead.store.kinds import COMMITMENTS, GOAL, TRASH
from selflead.store.layout import JournalItem

_SET_ASIDE_FIX: Final = (
    "move it aside so the day can be used again: 'selflead doctor --fix' renames it to "
    "<name>.damaged-<time>, bytes kept; copy what you need from it by hand"
)
_QUOTES_FIX: Final = (
    "fix the YAML by hand (doctor never changes your quotes); the README's 'selflead quote' "
    "section shows the shape, as does the bank selflead ships: {packaged}"
)
_CONFIG_FIX: Final = (
    "fix it by hand (doctor never changes your settings): it holds 'weekdays_only = true' "
    "or 'false'; without it, selflead uses the defaults"
)
_MISPLACED_LISTED: Final = 3


def check(store: Store) -> Report:
    """Every problem in the journal. Call under the lock, so a temporary file is a stale one."""
    report = Report(store.home)
    if not store.is_marked():
        report.findings.append(
            Finding(
                store.marker_path,
                "is missing, so selflead is not sure this folder is a journal; "
                "doctor --fix repairs nothing here until it is there",
                "if this is your journal, its next write (a check-in) writes it",
                serious=False,
            )
        )
    ids = _Ids()
    trashed: list[tuple[JournalItem, TrashFile]] = []
    # Each day file read once: the index is compared with these reads (and a file it holds
    # byte for byte is not validated again).
    read = DaysRead(store.index if store.index.is_built() else None)
    for item in store.scan():
        report.findings.extend(_mode_findings(item))
        report.findings.extend(_content_findings(store, item, report, ids, trashed, read))
    for entry_id, paths in ids.repeated.items():
        report.findings.append(_duplicate(store, entry_id, paths))
    for item, held in trashed:
        if held.id in ids:
            on_its_day = store.read_day(held.entry.date)
            if any(e.id == held.id for e in on_its_day):
                problem, fix, can = consistency.trashed_and_present(held, on_its_day)
                repair_kind: RepairKind | None = UNTRASH if can else None
                report.findings.append(
                    Finding(item.path, problem, fix, repair_kind, item=item, key=held.id)
                )
    found = differences(store.index, read) if store.index.is_built() else []
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        report.findings.append(
            Finding(
                store.index.path,
                f"the index {found[0]}{more}",
                "'selflead doctor --fix' rebuilds it from the day files (it can also be deleted)",
                REBUILD,
            )
        )
    known = {plan_id for plan_id, _, _, _ in report.plans}
    for plan_id, carried_from, goal_id, path in report.plans:
        if goal_id is not None and goal_id not in report.goal_ids:
            report.findings.append(
                Finding(
                    path,
                    f"commitment {plan_id} is the standing plan of goal {goal_id}, which no "
                    "longer exists",
                    "nothing is lost: its own record is whole; no check-in asks about it "
                    "after its week",
                    serious=False,
                )
            )
        if carried_from is not None and carried_from not in known:
            report.findings.append(
                Finding(
                    path,
                    f"commitment {plan_id} was carried from {carried_from}, which no longer exists",
                    "nothing is lost: its own record is whole; the link can stay or be "
                    "removed by hand",
                    serious=False,
                )
            )
    return report


class _Ids:
    """Where each entry id is: its first file, and every file of an id found more than once
    (one path per id, shared by the day's entries, not a list for each)."""

    def __init__(self) -> None:
        self.first: dict[str, Path] = {}
        self.repeated: dict[str, list[Path]] = {}

    def add(self, entry_id: str, path: Path) -> None:
        seen = self.first.get(entry_id)
        if seen is None:
            self.first[entry_id] = path
        else:  # in another file, or twice in this one
            self.repeated.setdefault(entry_id, [seen]).append(path)

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self.first


def _duplicate(store: Store, entry_id: str, paths: list[Path]) -> Finding:
    days = tuple(date.fromisoformat(p.name.removesuffix(".json")) for p in paths)
    copies = consistency.find_copies(store, list(days), entry_id)
    fix, can = consistency.describe_duplicate(store, entry_id, copies)
    others = ", ".join(str(_relative(store.home, p)) for p in paths[1:])
    return Finding(
        paths[0],
        f"holds entry id {entry_id}, which appears {len(paths)} times (again in {others})",
        fix,
        RESOLVE if can else None,
        key=entry_id,
        days=days,
    )


def _relative(home: Path, path: Path) -> Path:
    try:
        return path.relative_to(home)
    except ValueError:
        return path


def _mode_findings(item: JournalItem) -> list[Finding]:
    if not item.is_private or item.kind == layout.TEMPORARY:
        return []
    wanted = layout.DIR_MODE if item.is_dir else layout.FILE_MODE
    needed = 0o400 if item.kind == layout.USER_FILE else wanted  # selflead only reads quotes
    what = "folder" if item.is_dir else "file"
    if item.mode & 0o077:
        problem = f"has mode {item.mode:04o}: other users can read this journal {what}"
    elif item.mode & needed != needed:
        problem = f"has mode {item.mode:04o}: selflead cannot use this {what} without {wanted:04o}"
    else:
        return []
    return [
        Finding(
            item.path,
            problem,
            f"chmod {wanted:o} {shlex.quote(str(item.path))} (or 'selflead doctor --fix')",
            TIGHTEN,
            item=item,
        )
    ]


def _content_findings(
    store: Store,
    item: JournalItem,
    report: Report,
    ids: _Ids,
    trashed: list[tuple[JournalItem, TrashFile]],
    read: DaysRead,
) -> list[Finding]:
    kind = item.kind
    if item.error is not None:
        return [
            Finding(
                item.path,
                f"cannot be listed ({item.error})",
                "check the folder's owner and permissions",
                item=item,
            )
        ]
    if kind == layout.DAY and item.day is not None:
        try:
            raw = store.read_listed(item.path)  # the scan looked at its folders
            day_ids = None if raw is None else read.as_indexed(item.day, raw)
            if day_ids is None:
                entries = [] if raw is None else store.parse_day(item.path, item.day, raw)
                read.read(item.day, entries)
                day_ids = [entry.id for entry in entries]
        except MisplacedEntriesError as exc:
            read.damaged(item.day)
            return [_misplaced_entries(store, exc, item)]
        except DamagedFileError as exc:
            read.damaged(item.day)
            return [_damaged(exc, item)]
        report.days += 1
        report.entries += len(day_ids)
        for entry_id in day_ids:
            ids.add(entry_id, item.path)
        return []
    if kind == layout.WEEK and item.week is not None:
        try:
            store.load_week_file(item.path, item.week)
        except DamagedFileError as exc:
            return [_damaged(exc, item)]
        report.weeks += 1
        return []
    if kind == COMMITMENTS.name and item.week is not None:
        try:
            loaded = store.load(COMMITMENTS, item.path, item.week)
        except DamagedFileError as exc:
            return [_damaged(exc, item)]
        for plan in [] if loaded is None else loaded.commitments:
            report.commitments += 1
            report.plans.append((plan.id, plan.carried_from, plan.goal, item.path))
        return []
    if kind == GOAL.name and item.week is not None:
        try:
            goal_file = store.load(GOAL, item.path, item.week)
        except DamagedFileError as exc:
            return [_damaged(exc, item)]
        report.goals += 1
        report.goal_ids.update([] if goal_file is None else [goal_file.id])
        return []
    if kind == layout.CONFLICT_COPY:
        seen = conflict_copies.inspect(store, item)
        return [
            Finding(item.path, seen.problem, seen.fix, FOLD if seen.foldable else None, item=item)
        ]
    if kind == layout.USER_FILE and item.path.name == CONFIG_NAME:
        try:
            load_config(store.home)
        except ConfigError as exc:
            return [Finding(item.path, exc.problem, _CONFIG_FIX, item=item)]
        return []
    if kind == layout.TRASH and item.key is not None:
        try:
            held: TrashFile | None = store.load(TRASH, item.path, item.key)
        except DamagedFileError as exc:
            return [_damaged(exc, item)]
        if held is not None:
            trashed.append((item, held))
        return []
    if kind == layout.USER_FILE:
        try:
            quotes.load_file(item.path, required=False)
        except DamagedFileError as exc:
            fix = _QUOTES_FIX.format(packaged=quotes.packaged_quotes_file())
            return [Finding(item.path, exc.problem, fix, item=item)]
        return []
    simple = _SIMPLE.get(kind)
    if simple is None:
        return []
    problem, fix, repair_kind, serious = simple
    if kind == layout.MISPLACED_DAY and item.day is not None:
        where = _relative(store.home, store.day_path(item.day))
        problem = problem.format(day=item.day, where=where)
        fix = fix.format(where=where)
    return [Finding(item.path, problem, fix, repair_kind, serious, item)]


def _misplaced_entries(store: Store, exc: MisplacedEntriesError, item: JournalItem) -> Finding:
    """Sound check-ins under the wrong date: say where each belongs; a person moves them."""

    def file_of(day: date) -> Path:
        return _relative(store.home, store.day_path(day))

    if exc.file_date != exc.day and all(dated == exc.file_date for dated in exc.dates):
        fix = f"move it to {file_of(exc.file_date)} (merge its entries by hand if that file exists)"
    else:
        moves = [(n, dated) for n, dated in enumerate(exc.dates, start=1) if dated != exc.day]
        steps = [f"entry {n} to {file_of(dated)}" for n, dated in moves[:_MISPLACED_LISTED]]
        if len(moves) > len(steps):
            steps.append(f"the {len(moves) - len(steps)} other entries to their days' files")
        fix = f"move {', '.join(steps)} by hand" if steps else ""
        if exc.file_date != exc.day:
            fix += (" and " if fix else "") + f'set the file\'s "date" to {exc.day}'
        if steps:
            fix += " (or cut the entries out and add them back with 'selflead import')"
    fix += "; --fix leaves this file alone, as its check-ins are sound"
    return Finding(item.path, exc.problem, fix, item=item)


def _damaged(exc: DamagedFileError, item: JournalItem) -> Finding:
    if isinstance(exc, NewerSchemaError):
        return Finding(item.path, exc.problem, "upgrade selflead to read it", item=item)
    if isinstance(exc, UnreadableFileError | LinkInJournalError):  # never moved aside
        return Finding(item.path, exc.problem, exc.hint or "", item=item)
    return Finding(item.path, exc.problem, _SET_ASIDE_FIX, SET_ASIDE, item=item)


# kind -> (problem, fix, repair, serious) for findings that need no reading.
_SIMPLE: Final[dict[str, tuple[str, str, RepairKind | None, bool]]] = {
    layout.TEMPORARY: (
        "is a temporary file left by an interrupted write; it holds no saved check-in",
        "remove it (or 'selflead doctor --fix')",
        REMOVE,
        True,
    ),
    layout.MISPLACED_DAY: (
        "holds the day {day} outside its folder, so selflead does not read it",
        "move it to {where} (merge it by hand if that file exists)",
        None,
        True,
    ),
    layout.BAD_DAY_NAME: (
        "is named like a day file, but that date does not exist; selflead does not read it",
        "rename it to the right date, or move it out of the journal",
        None,
        True,
    ),
    layout.SPECIAL: (
        "is not a regular file (a FIFO, socket or device); selflead does not read it",
        "remove it from the journal folder",
        None,
        True,
    ),
    layout.JOURNAL_LINK: (
        "is a symbolic link where selflead keeps journal data; selflead never reads or "
        "writes through it, so what it points to is not part of the journal",
        "replace the link with the folder or file it points to (only the journal folder "
        "itself may be a link)",
        None,
        True,
    ),
    layout.LINK: (
        "is a symbolic link; doctor does not follow links",
        "replace it with the file it points to if selflead should read it",
        None,
        False,
    ),
    layout.SET_ASIDE: (
        "is a damaged file set aside by 'selflead doctor --fix'; selflead does not read it",
        "copy what you need from it into a check-in, then delete it",
        None,
        False,
    ),
    layout.RECOVERY_FILE: (
        "holds answers a failed save kept; doctor never removes it",
        "save them with 'selflead checkin --resume' (or 'selflead review --reflect --resume' "
        "for a reflection, 'selflead edit --resume' for an edit), which removes the file once "
        "they are saved",
        None,
        False,
    ),
    layout.UNKNOWN: ("is not a selflead file; selflead ignores it", "", None, False),
    layout.UNKNOWN_FOLDER: ("is not a selflead folder; selflead ignores it", "", None, False),
    layout.FOREIGN: (
        "belongs to git (selflead sync); doctor does not look inside",
        "",
        None,
        False,
    ),
}
