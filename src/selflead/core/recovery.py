"""Answers are never thrown away: a save that fails keeps them in a recovery file, and
``--resume`` brings them back.

``save_checkin`` and ``save_reflection`` try the save; on any failure (a busy journal, a file
found damaged at save time, a full disk, a permission) the answers go to a private recovery
file (``store.recovery``) and ``AnswersKept`` says where, with the failure's own exit code.
A recovery file is removed only after its answers were saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from selflead.core.answers import Answers, answers_from_json
from selflead.core.reflect import Merged, merge
from selflead.errors import Cancelled, InputError, JournalBusyError, SelfleadError
from selflead.models import Entry, WeeklyReflection
from selflead.store import recovery
from selflead.store.journal import Store

if TYPE_CHECKING:
    from datetime import date

    from selflead.core.changes import Edited
    from selflead.core.template import TemplateAbandoned

T = TypeVar("T")

RESUME: Final = {
    "checkin": "selflead checkin --resume",
    "reflect": "selflead review --reflect --resume",
    "edit": "selflead edit --resume",
}


class AnswersKept(SelfleadError):
    """Saving failed, and the answers are in ``path``; the exit code is the failure's."""

    def __init__(self, cause: SelfleadError, path: Path, kind: recovery.RecoveryKind) -> None:
        super().__init__(
            cause.message, f"your answers are kept in {path}; '{RESUME[kind]}' saves them"
        )
        self.exit_code = cause.exit_code
        self.cause = cause
        self.path = path
        self.busy = isinstance(cause, JournalBusyError)
        self.resume = RESUME[kind]


class AnswersNotKept(SelfleadError):
    """Saving failed and no recovery file could be written either (the folder refuses)."""

    def __init__(self, cause: SelfleadError, problem: SelfleadError) -> None:
        super().__init__(
            cause.message,
            f"the answers could not be kept in the journal either ({problem.message}); "
            "they are printed on stdout, copy them",
        )
        self.exit_code = cause.exit_code


def _attempt(
    store: Store,
    save: Callable[[], T],
    kind: recovery.RecoveryKind,
    about: str,
    answers: dict[str, Any],
    *,
    kept: Path | None,
    now: datetime,
    keep: bool = True,
) -> T:
    try:
        done = save()
    except SelfleadError as cause:
        if not keep:
            raise
        if kept is None:
            try:
                kept = recovery.keep(
                    store.home, kind, about, answers, problem=cause.message, now=now
                )
            except SelfleadError as problem:
                raise AnswersNotKept(cause, problem) from None
        raise AnswersKept(cause, kept, kind) from None
    except KeyboardInterrupt:  # Ctrl-C while waiting for the lock or writing
        if not keep:
            raise
        if kept is None:
            kept = recovery.keep(
                store.home, kind, about, answers, problem="interrupted while saving", now=now
            )
        raise Cancelled(
            f"interrupted while saving; your answers are kept in {kept}",
            f"'{RESUME[kind]}' saves them",
        ) from None
    if kept is not None:
        recovery.discard(kept)
    return done


def save_checkin(
    store: Store, answers: Answers, *, now: datetime, kept: Path | None, keep: bool = True
) -> tuple[Path, Entry]:
    """Add the check-in to its day; on failure keep the answers (``kept``: already kept).

    ``keep=False`` (a scripted check-in whose every field is on the command line, which can
    simply be run again) lets the failure through with nothing written."""
    entry = answers.entry(now)  # refuses bad answers before anything is tried
    path = _attempt(
        store,
        lambda: store.add_entry(entry),
        "checkin",
        answers.day.isoformat(),
        answers.to_json(),
        kept=kept,
        now=now,
        keep=keep,
    )
    return path, entry


def keep_template(
    store: Store,
    answers: Answers,
    gave_up: TemplateAbandoned,
    *,
    now: datetime,
    replacing: Path | None = None,
) -> InputError:
    """Keep a check-in template that does not read back, as the person left it (in place of
    the recovery file ``replacing`` it was resumed from); the error to raise says where."""
    data = answers.to_json() | {"template": gave_up.text}
    path = recovery.keep(
        store.home, "checkin", answers.day.isoformat(), data, problem=gave_up.message, now=now
    )
    if replacing is not None:
        recovery.discard(replacing)
    return InputError(
        gave_up.message, f"your text is kept in {path}; '{RESUME['checkin']}' reopens it"
    )


def save_edit(
    store: Store,
    entry_id: str,
    base: Answers,
    answers: Answers,
    *,
    today: date,
    now: datetime,
    kept: Path | None,
) -> Edited:
    """Make the changes from ``base`` (the entry as the editor showed it) to ``answers`` (as
    it was saved there); on failure keep both (``kept``: already kept)."""
    from selflead.core import changes

    change = changes.edit_between(base, answers)
    return _attempt(
        store,
        lambda: changes.edit(store, entry_id, change, today=today, now=now),
        "edit",
        entry_id,
        {"id": entry_id, "base": base.to_json(), "answers": answers.to_json()},
        kept=kept,
        now=now,
    )


def keep_edit_template(
    store: Store,
    entry_id: str,
    base: Answers,
    text: str,
    *,
    problem: str,
    now: datetime,
    replacing: Path | None = None,
) -> Path:
    """Keep an edit's template that does not read back, as the person left it."""
    data = {"id": entry_id, "base": base.to_json(), "template": text}
    path = recovery.keep(store.home, "edit", entry_id, data, problem=problem, now=now)
    if replacing is not None:
        recovery.discard(replacing)
    return path


@dataclass(frozen=True)
class KeptEdit:
    """An edit kept by a failed save: the entry, what the editor showed, and either the
    answers it read back or the template left with an error in it."""

    entry_id: str
    base: Answers
    answers: Answers | None
    template: str | None


def kept_edit(info: Resumable, data: dict[str, Any]) -> KeptEdit:
    entry_id, answers, text = data.get("id"), data.get("answers"), data.get("template")
    if not (
        isinstance(entry_id, str)
        and isinstance(data.get("base"), dict)
        and (isinstance(answers, dict) or isinstance(text, str))
    ):
        raise InputError(f"{info.path} does not hold an edit", "copy its text by hand")
    return KeptEdit(
        entry_id,
        answers_from_json(data["base"]),
        answers_from_json(answers) if isinstance(answers, dict) else None,
        text if isinstance(text, str) else None,
    )


@dataclass
class ReflectionSaved:
    path: Path
    merged: Merged


def save_reflection(
    store: Store,
    week: str,
    base: dict[str, str],
    answers: dict[str, str],
    *,
    now: datetime,
    kept: Path | None,
) -> ReflectionSaved:
    """Apply the answers field by field to the week's reflection as it is at save time
    (re-read under the lock); ``base`` is what the person was shown."""
    result: list[Merged] = []

    def change(current: WeeklyReflection | None) -> WeeklyReflection:
        merged = merge(base, answers, current, now)
        result.append(merged)
        return merged.reflection

    path = _attempt(
        store,
        lambda: store.update_week(week, change),
        "reflect",
        week,
        {"week": week, "base": base, "answers": answers},
        kept=kept,
        now=now,
    )
    return ReflectionSaved(path, result[-1])


@dataclass
class Resumable:
    path: Path
    written: str
    problem: str
    waiting: int  # recovery files of this kind, this one included
    template: str | None = None  # a check-in template kept as the person left it


def next_to_resume(store: Store, kind: recovery.RecoveryKind) -> tuple[Resumable, Any]:
    """The oldest kept answers of ``kind`` (check-in ``Answers``, a ``KeptEdit``, or the
    reflection's data)."""
    paths = recovery.pending(store.home, kind)
    if not paths:
        raise InputError(
            f"there are no kept answers to resume in {recovery.folder(store.home)}",
            "answers are kept there only when a save fails",
        )
    kept = recovery.load(paths[0])
    template = kept.answers.get("template")
    info = Resumable(
        kept.path,
        kept.written,
        kept.problem,
        len(paths),
        template if isinstance(template, str) else None,
    )
    if kind == "checkin":
        return info, answers_from_json(kept.answers)
    data = kept.answers
    if kind == "edit":
        return info, kept_edit(info, data)
    if not (
        isinstance(data.get("base"), dict)
        and isinstance(data.get("answers"), dict)
        and data.get("week") == kept.about
    ):
        raise InputError(f"{kept.path} does not hold a reflection", "copy its text by hand")
    return info, data
