"""``selflead doctor``: check the whole journal, and make the repairs that are safe.

The checks read through the store (``Store.scan`` lists everything, classified) and return
findings: data that names the file, what is wrong and how to fix it. Nothing here prints.
The safe repairs never delete what the user wrote: they tighten modes, remove temporary files
a killed writer left (never read, never a saved entry), and move a damaged file aside under a
name that says so, its bytes kept, so that its day can be used again. A day file whose
check-ins are sound but sit under the wrong date, and the user's own quotes.yaml, are only
reported: moving them aside would hide what the user wrote.
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Final, Literal

from selflead.core import quotes
from selflead.errors import DamagedFileError, NewerSchemaError, SelfleadError
from selflead.models import Entry
from selflead.store import layout
from selflead.store.config import CONFIG_NAME, ConfigError, load_config
from selflead.store.conflicts import remove_copy
from selflead.store.documents import MisplacedEntriesError
from selflead.store.journal import Store
from selflead.store.kinds import KIND_NAMED
from selflead.store.layout import JournalItem
from selflead.words import plural

RepairKind = Literal["tighten", "remove", "set-aside", "fold"]
TIGHTEN: Final = "tighten"
REMOVE: Final = "remove"
SET_ASIDE: Final = "set-aside"
FOLD: Final = "fold"  # a sync tool's conflict copy: its entries into the journal, by id

_REPAIR_ORDER: Final = {TIGHTEN: 0, REMOVE: 1, SET_ASIDE: 2, FOLD: 3}
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


@dataclass(frozen=True)
class Finding:
    """Something doctor noticed. A note (``serious=False``) does not make the journal unwell."""

    path: Path
    problem: str
    fix: str
    repair: RepairKind | None = None  # what --fix does about it; None: only by hand
    serious: bool = True
    item: JournalItem | None = None


@dataclass(frozen=True)
class Repair:
    """What ``--fix`` did (or could not do) about one finding."""

    finding: Finding
    done: bool
    detail: str


@dataclass
class Report:
    home: Path
    exists: bool = True
    days: int = 0
    entries: int = 0
    weeks: int = 0
    findings: list[Finding] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.serious]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if not f.serious]

    @property
    def repairable(self) -> list[Finding]:
        return [f for f in self.problems if f.repair is not None]

    @property
    def ok(self) -> bool:
        return not self.problems


def examine(store: Store, *, fix_at: datetime | None = None) -> Report:
    """Check the journal under its lock; with ``fix_at`` (the moment of the repair, which
    names set-aside files), repair what is safe and check again."""
    from selflead.store.home import home_state

    state = home_state(store.home)
    if state == "missing":
        return Report(store.home, exists=False)
    if state == "not-a-folder":
        problem = Finding(store.home, "is not a folder", "point --journal at a folder")
        return Report(store.home, findings=[problem])
    with store.locked():
        report = check(store)
        if fix_at is not None and report.repairable:
            repairs = repair(store, report.repairable, fix_at)
            report = check(store)
            report.repairs = repairs
    return report


def check(store: Store) -> Report:
    """Every problem in the journal. Call under the lock, so a temporary file is a stale one."""
    report = Report(store.home)
    ids: defaultdict[str, list[Path]] = defaultdict(list)
    for item in store.scan():
        report.findings.extend(_mode_findings(item))
        report.findings.extend(_content_findings(store, item, report, ids))
    for entry_id, paths in ids.items():
        if len(paths) > 1:
            others = ", ".join(str(_relative(store.home, p)) for p in paths[1:])
            report.findings.append(
                Finding(
                    paths[0],
                    f"holds entry id {entry_id}, which appears {len(paths)} times "
                    f"(again in {others})",
                    "keep one copy: remove the other from its file by hand",
                )
            )
    return report


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


# --------------------------------------------------------------------------- checks


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
    store: Store, item: JournalItem, report: Report, ids: defaultdict[str, list[Path]]
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
            entries = store.load_day_file(item.path, item.day)
        except MisplacedEntriesError as exc:
            return [_misplaced_entries(store, exc, item)]
        except DamagedFileError as exc:
            return [_damaged(exc, item)]
        report.days += 1
        report.entries += len(entries)
        for entry in entries:
            ids[entry.id].append(item.path)
        return []
    if kind == layout.WEEK and item.week is not None:
        try:
            store.load_week_file(item.path, item.week)
        except DamagedFileError as exc:
            return [_damaged(exc, item)]
        report.weeks += 1
        return []
    if kind == layout.CONFLICT_COPY:
        return [_conflict_copy(store, item)]
    if kind == layout.USER_FILE and item.path.name == CONFIG_NAME:
        try:
            load_config(store.home)
        except ConfigError as exc:
            return [Finding(item.path, exc.problem, _CONFIG_FIX, item=item)]
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


_COPY: Final = "is a conflict copy a sync tool (Syncthing, Dropbox, Nextcloud) left"


def _fold_plan(store: Store, item: JournalItem) -> tuple[list[Entry], list[str]]:
    """A day's conflict copy: its entries missing from the journal, and the ids whose
    content differs from the journal's (those need a person)."""
    assert item.day is not None
    copy = store.load_day_file(item.path, item.day)
    journal = {entry.id: entry for entry in store.read_day(item.day)}
    missing = [entry for entry in copy if entry.id not in journal]
    differ = [e.id for e in copy if e.id in journal and journal[e.id] != e]
    return missing, differ


def _conflict_copy(store: Store, item: JournalItem) -> Finding:
    by_hand = "compare it with the journal's file and copy what you need by hand, then delete it"
    try:
        if item.day is None:
            assert item.week is not None
            copy = store.load_week_file(item.path, item.week)
            current = store.read_week(item.week)
            if current is None or current == copy:
                what = (
                    "the journal has no reflection for that week"
                    if current is None
                    else ("it is the same as the journal's")
                )
                return Finding(
                    item.path,
                    f"{_COPY} ({what})",
                    "'selflead doctor --fix' folds it in and removes the copy",
                    FOLD,
                    item=item,
                )
            return Finding(
                item.path, f"{_COPY}; its reflection differs from the week's", by_hand, item=item
            )
        missing, differ = _fold_plan(store, item)
    except DamagedFileError as exc:
        return Finding(item.path, f"{_COPY}, and cannot be read: {exc.problem}", by_hand, item=item)
    if differ:
        return Finding(
            item.path,
            f"{_COPY}; {plural(len(differ), 'check-in')} in it "
            f"{'differs' if len(differ) == 1 else 'differ'} from the journal's "
            f"(id {differ[0]})",
            by_hand,
            item=item,
        )
    return Finding(
        item.path,
        f"{_COPY}; {plural(len(missing), 'check-in')} in it {'is' if len(missing) == 1 else 'are'} "
        "not in the journal",
        "'selflead doctor --fix' folds them in by id, then removes the copy",
        FOLD,
        item=item,
    )


def _fold(store: Store, item: JournalItem) -> str:
    """Fold a conflict copy in, check that all of it is in the journal, then remove it."""
    if item.day is None:
        assert item.week is not None
        copy = store.load_week_file(item.path, item.week)
        if copy is not None and store.read_week(item.week) is None:
            store.write_week(item.week, copy)
        if store.read_week(item.week) != copy:
            return ""
        remove_copy(item.path)
        return "folded into its week and removed"
    missing, differ = _fold_plan(store, item)
    if differ:
        return ""
    if missing:
        store.write_day(item.day, [*store.read_day(item.day), *missing])
    after, differ = _fold_plan(store, item)
    if after or differ:
        return ""
    remove_copy(item.path)
    return f"folded {plural(len(missing), 'check-in')} in by id and removed the copy"


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
        "for a reflection), which removes the file once they are saved",
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


# --------------------------------------------------------------------------- repairs


def _repair_one(store: Store, finding: Finding, now: datetime) -> Repair:
    item = finding.item
    if finding.repair == TIGHTEN and item is not None:
        store.tighten(item)
        wanted = layout.DIR_MODE if item.is_dir else layout.FILE_MODE
        return Repair(finding, done=True, detail=f"mode set to {wanted:04o}")
    if finding.repair == REMOVE:
        store.remove_temporary(finding.path)
        return Repair(finding, done=True, detail="removed")
    if finding.repair == SET_ASIDE and item is not None:
        # Read it again under the lock: a mode repair may have made it readable, and a file
        # that reads now (or one from a newer selflead) must stay where it is.
        try:
            kind = KIND_NAMED.get(item.kind)
            if kind is not None and item.key is not None:
                store.load(kind, item.path, item.key)
        except NewerSchemaError:
            return Repair(finding, done=False, detail="written by a newer selflead; left alone")
        except MisplacedEntriesError:
            return Repair(finding, done=False, detail="its check-ins are sound; left alone")
        except DamagedFileError:
            target = store.set_aside(item.path, now)
            return Repair(finding, done=True, detail=f"moved aside to {target.name}")
        return Repair(finding, done=False, detail="it reads fine now; left in place")
    if finding.repair == FOLD and item is not None:
        try:
            done = _fold(store, item)
        except DamagedFileError as exc:
            return Repair(finding, done=False, detail=f"left in place: {exc.problem}")
        if not done:
            return Repair(finding, done=False, detail="it changed; left in place")
        return Repair(finding, done=True, detail=done)
    return Repair(finding, done=False, detail="nothing to do")
