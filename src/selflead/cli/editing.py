"""``selflead edit`` in a terminal: the check-in in ``$VISUAL``/``$EDITOR`` as the template
``checkin --editor`` writes, and ``edit --resume`` for an edit whose save failed.

Nothing typed is lost: a template left with an error in it, or one whose save fails, is kept
in a recovery file that ``selflead edit --resume`` reopens (or saves)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from selflead.cli.options import now, today

if TYPE_CHECKING:
    from pathlib import Path

    from selflead.core.answers import Answers
    from selflead.store.journal import Store
    from selflead.ui.terminal import Terminal


def in_editor(store: Store, given: str | None) -> None:
    """Open the entry ``given`` names in the editor and save what changed."""
    from selflead.core import changes, ids
    from selflead.core.answers import answers_of
    from selflead.ui.terminal import Terminal

    entry = changes.to_edit(store, given)
    short = ids.short_ids(store, [entry])[entry.id]
    base = answers_of(entry)
    term = Terminal()
    try:
        answers = _ask(store, term, entry.id, short, base, None)
        _save(store, term, entry.id, short, base, answers, None)
    finally:
        term.close()


def resume(store: Store, *, interactive: bool) -> None:
    """The oldest edit kept by a failed save: saved, or (a template with an error in it)
    reopened in the editor."""
    from selflead.core import ids
    from selflead.core.recovery import KeptEdit, next_to_resume
    from selflead.errors import Cancelled, InputError
    from selflead.store.recovery import discard
    from selflead.ui import prompts
    from selflead.ui.terminal import Terminal

    info, kept = next_to_resume(store, "edit")
    assert isinstance(kept, KeptEdit)
    short = kept.entry_id[: ids.MIN_SHORT]
    if kept.answers is not None and not interactive:
        _save(store, None, kept.entry_id, short, kept.base, kept.answers, info.path)
        return
    if kept.answers is None and not interactive:
        raise InputError(
            f"{info.path} holds an edit's template with an error in it",
            "run 'selflead edit --resume' in a terminal to fix it in your editor",
        )
    term = Terminal()
    try:
        prompts.resuming(term, info, short)
        if kept.answers is not None:
            _save(store, term, kept.entry_id, short, kept.base, kept.answers, info.path)
            return
        try:
            answers = _ask(
                store, term, kept.entry_id, short, kept.base, kept.template, replacing=info.path
            )
        except Cancelled as cancelled:
            raise Cancelled(
                f"{cancelled.message}; your text is still kept in {info.path}",
                "'selflead edit --resume' reopens it",
            ) from None
        # A failed save keeps these new answers in a file of their own; the old one goes
        # once they are saved.
        _save(store, term, kept.entry_id, short, kept.base, answers, None)
        discard(info.path)
    finally:
        term.close()


def _ask(
    store: Store,
    term: Terminal,
    entry_id: str,
    short: str,
    base: Answers,
    text: str | None,
    *,
    replacing: Path | None = None,
) -> Answers:
    """The entry in the editor until it reads back; a template given up with an error in it
    is kept (in place of the recovery file ``replacing`` it was resumed from)."""
    from selflead.core.recovery import keep_edit_template
    from selflead.core.template import TemplateAbandoned
    from selflead.errors import Cancelled, InputError
    from selflead.ui import prompts

    try:
        answers = prompts.edit_template(term, base, today=today(), text=text, editing=short)
    except TemplateAbandoned as gave_up:
        kept = keep_edit_template(
            store,
            entry_id,
            base,
            gave_up.text,
            problem=gave_up.message,
            now=now(),
            replacing=replacing,
        )
        raise InputError(
            gave_up.message, f"your text is kept in {kept}; 'selflead edit --resume' reopens it"
        ) from None
    except prompts.TemplateLeftAlone as left:
        if left.emptied:
            raise Cancelled(
                left.message, f"nothing was changed; to remove it, run: selflead delete {short}"
            ) from None
        raise Cancelled(left.message, "nothing was changed") from None
    if answers.is_empty:
        raise Cancelled(
            "every rating and reflection was emptied",
            f"nothing was changed; to remove it, run: selflead delete {short}",
        )
    return answers


def _save(
    store: Store,
    term: Terminal | None,
    entry_id: str,
    short: str,
    base: Answers,
    answers: Answers,
    kept: Path | None,
) -> None:
    """Save the changes, keeping them if that fails; at a terminal a busy journal is retried."""
    from selflead.core.recovery import AnswersKept, save_edit
    from selflead.ui import changes as ui

    if term is not None:
        store.on_wait = term.waiting
    while True:
        try:
            result = save_edit(store, entry_id, base, answers, today=today(), now=now(), kept=kept)
            break
        except AnswersKept as failed:
            if term is None or not failed.busy:
                raise
            from selflead.ui import prompts

            kept = failed.path
            prompts.retry_when_busy(term, failed.cause, failed.path, failed.resume)
    ui.edited(result, short)
