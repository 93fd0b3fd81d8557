"""``selflead checkin``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from selflead.cli.options import now, open_store, today

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date
    from pathlib import Path

    from selflead.areas import AreaName
    from selflead.core.answers import Answers
    from selflead.core.focus import Focus
    from selflead.models import Outcome
    from selflead.store.journal import Store
    from selflead.ui.terminal import Terminal

HELP = """Record a check-in on communication, emotions, behaviour and goals.

In a terminal with no field options it guides you: a coaching question, a rating from 1 to 5
and a reflection for each area, then the whole check-in to save, edit or cancel. --editor
writes it all in your $VISUAL/$EDITOR instead. Give any field option (an area's text or
--rate) to record without prompts; an area's text '-' is read from stdin; --no-input never
prompts. If a save fails, the answers are kept and --resume saves them.
"""
EPILOG = """\b
Examples:
  selflead checkin
  selflead checkin --editor --date yesterday
  selflead checkin --rate goals=4 --goals "Closed the Q4 plan" --tag planning
  pbpaste | selflead checkin --goals - --rate goals=4
  selflead checkin --resume
"""


def _complete_tag(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for --tag: the tags in use (see core.tags)."""
    from selflead.core.tags import tags_in_use
    from selflead.store.home import journal_home
    from selflead.store.journal import Store

    journal = ctx.find_root().params.get("journal")
    try:
        return tags_in_use(Store(journal_home(journal)), today(), incomplete)
    except Exception:  # a Tab press shows nothing rather than an error
        return []


def checkin(
    ctx: typer.Context,
    date: Annotated[
        str,
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="The day: YYYY-MM-DD, today, yesterday.",
        ),
    ] = "today",
    communication: Annotated[
        str | None,
        typer.Option(
            "--communication", metavar="TEXT", help="Reflection on communication ('-': stdin)."
        ),
    ] = None,
    emotions: Annotated[
        str | None,
        typer.Option("--emotions", metavar="TEXT", help="Reflection on emotions ('-': stdin)."),
    ] = None,
    behaviour: Annotated[
        str | None,
        typer.Option(
            "--behaviour",
            "--behavior",
            metavar="TEXT",
            help="Reflection on behaviour ('-': stdin).",
        ),
    ] = None,
    goals: Annotated[
        str | None,
        typer.Option("--goals", metavar="TEXT", help="Reflection on goals ('-': stdin)."),
    ] = None,
    rate: Annotated[
        list[str] | None,
        typer.Option(
            "--rate",
            "-r",
            metavar="AREA=N",
            help="Rate an area from 1 to 5, e.g. --rate goals=4 (repeatable).",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            "-t",
            metavar="TAG",
            help="Tag it (repeatable), e.g. --tag q4.",
            autocompletion=_complete_tag,
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; areas not given stay empty.")
    ] = False,
    editor: Annotated[
        bool, typer.Option("--editor", "-e", help="Write the whole check-in in your $EDITOR.")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Save the answers kept when a save failed.")
    ] = False,
    kept: Annotated[
        list[str] | None,
        typer.Option("--kept", metavar="ID", help="A commitment kept today (repeatable)."),
    ] = None,
    partly: Annotated[
        list[str] | None,
        typer.Option("--partly", metavar="ID", help="A commitment partly kept (repeatable)."),
    ] = None,
    missed: Annotated[
        list[str] | None,
        typer.Option("--missed", metavar="ID", help="A commitment not kept (repeatable)."),
    ] = None,
) -> None:
    from selflead.core import checkin as core
    from selflead.core.answers import Answers, text_from_stdin
    from selflead.dates import parse_day
    from selflead.errors import InputError

    day = parse_day(date, today=today(), option="--date")
    core.check_not_future(day, today())
    ratings = core.parse_rates(rate or [])
    tags = core.parse_tags(tag or [])
    given = {"communication": communication, "emotions": emotions}
    given |= {"behaviour": behaviour, "goals": goals}
    reflections, from_stdin = core.given_reflections(given)
    store = open_store(ctx)
    from selflead.store.config import load_config

    # Read once, before anything is asked: a broken config.toml stops the check-in here.
    weekdays_only = load_config(store.home).weekdays_only
    marking = bool(kept or partly or missed)
    if resume:
        if reflections or ratings or tags or editor or marking:
            raise InputError("--resume takes no other fields", "run 'selflead checkin --resume'")
        _resume(store, weekdays_only, interactive=not no_input and sys.stdin.isatty())
        return

    scripted = bool(reflections or ratings or no_input or marking) and not editor
    if not scripted and not sys.stdin.isatty():
        raise InputError(
            "no check-in given and stdin is not a terminal, so selflead will not prompt",
            "pass the fields as options, e.g. selflead checkin --rate goals=4 "
            "--goals 'text' (see --help)",
        )
    # The day's file is read before anything is asked: a damaged one stops here.
    store.read_day(day)
    if from_stdin is not None:
        from selflead.store.outside import read_outside_file

        reflections[from_stdin] = text_from_stdin(
            read_outside_file("-"), what=f"{from_stdin} reflection"
        )
    answers = Answers(day, ratings, reflections, tags)
    if scripted:
        marks: dict[str, Outcome] = {}
        if marking:  # checked before anything is written; --no-input alone never reads them
            from selflead.core import commitments

            typed = commitments.parse_marks(
                {"kept": kept or [], "partly": partly or [], "missed": missed or []}
            )
            marks = commitments.resolve_marks(commitments.open_for(store, day), typed, day)
        if marks and answers.is_empty:
            _save_marks(store, day, marks)
            return
        # Only text read from stdin cannot be given again: that is kept if the save fails.
        _save(store, answers, None, None, weekdays_only, keep=from_stdin is not None)
        _save_marks(store, day, marks)
        return

    from selflead.core import commitments
    from selflead.core import goals as goal_rules
    from selflead.core.carried_focus import carried_focus
    from selflead.ui import commitments as ask_commitments
    from selflead.ui import goals as ask_goals
    from selflead.ui.terminal import Terminal

    open_now = commitments.open_for(store, day)
    focus = carried_focus(store, day)
    goal_views = goal_rules.listed(store, day, everything=False)
    numbers: dict[str, float] = {}

    def goals_area() -> None:
        ask_goals.due_in_checkin(term, goal_rules.due_soon(goal_views, goal_rules.DUE_SOON_CHECKIN))
        if day == today():  # a number is where a goal stands now, not on a day that is over
            numbers.update(ask_goals.ask_numbers(term, goal_rules.to_ask(goal_views)))

    term = Terminal()
    try:
        marks = {}

        def ask_marks() -> None:
            marks.update(ask_commitments.ask_marks(term, open_now))

        if editor:
            ask_marks()
        answers = _ask(
            store,
            term,
            answers,
            editor=editor,
            first=ask_marks,
            focus=focus,
            within={"goals": goals_area},
        )
        if answers.is_empty and not marks and not numbers:
            raise InputError(
                "nothing to save: every area was skipped", "run 'selflead checkin' again later"
            )
        if not answers.is_empty:
            _save(store, answers, term, None, weekdays_only)
        _save_marks(store, day, marks)
        for goal_id, value in numbers.items():
            goal_rules.set_number(store, goal_id, value, today=day)
        if numbers:
            from selflead.ui import console
            from selflead.words import plural

            verb = "stands" if len(numbers) == 1 else "stand"
            console.status(f"Recorded where {plural(len(numbers), 'goal')} {verb}.")
    finally:
        term.close()


def _save_marks(store: Store, day: date, marks: dict[str, Outcome]) -> None:
    if not marks:
        return
    from selflead.core import commitments
    from selflead.ui import console
    from selflead.words import plural

    commitments.save_marks(store, day, marks)
    console.status(f"Recorded {plural(len(marks), 'commitment')} for {day}.")


def _ask(
    store: Store,
    term: Terminal,
    answers: Answers,
    *,
    editor: bool,
    first: Callable[[], None] | None = None,
    focus: Focus | None = None,
    within: Mapping[AreaName, Callable[[], None]] | None = None,
) -> Answers:
    from selflead.ui import prompts

    if not editor:
        return prompts.run(term, answers, today=today(), first=first, focus=focus, within=within)
    return _edit(store, term, answers, None)


def _edit(
    store: Store,
    term: Terminal,
    answers: Answers,
    text: str | None,
    *,
    replacing: Path | None = None,
) -> Answers:
    """The check-in in the editor; a template given up with an error in it is kept (in place
    of the recovery file it was resumed from, if any)."""
    from selflead.core.recovery import keep_template
    from selflead.errors import InputError
    from selflead.ui import prompts

    try:
        return prompts.edit_template(term, answers, today=today(), text=text)
    except prompts.TemplateAbandoned as gave_up:
        kept = keep_template(
            store, answers, gave_up.text, problem=gave_up.message, now=now(), replacing=replacing
        )
        raise InputError(
            gave_up.message, f"your text is kept in {kept}; 'selflead checkin --resume' reopens it"
        ) from None


def _save(
    store: Store,
    answers: Answers,
    term: Terminal | None,
    kept: Path | None,
    weekdays_only: bool,
    *,
    keep: bool = True,
) -> None:
    """Save, keeping the answers if it fails; at a terminal a busy journal is retried."""
    from selflead.core import record
    from selflead.core.recovery import AnswersKept, AnswersNotKept
    from selflead.ui import console, entries

    on_busy: record.OnBusy | None = None
    if term is not None:
        store.on_wait = term.waiting

        def on_busy(failed: AnswersKept) -> None:
            from selflead.ui import prompts

            prompts.retry_when_busy(term, failed.cause, failed.path, failed.resume)

    try:
        saved = record.save(
            store,
            answers,
            now=now(),
            kept=kept,
            weekdays_only=weekdays_only,
            keep=keep,
            on_busy=on_busy,
        )
    except AnswersNotKept:
        entries.unsaved(answers, today=today())
        raise
    from selflead.core.on_this_day import glance
    from selflead.ui import on_this_day

    seen = glance(store, saved.entry.date, today=today())  # never raises
    with console.after_save(f"saved the check-in to {saved.path}"):
        entries.saved(saved)
        on_this_day.mention(seen)


def _resume(store: Store, weekdays_only: bool, *, interactive: bool) -> None:
    from selflead.core.recovery import next_to_resume
    from selflead.errors import Cancelled, InputError

    info, answers = next_to_resume(store, "checkin")
    store.read_day(answers.day)
    if not interactive:
        if info.template is not None:
            raise InputError(
                f"{info.path} holds a check-in template with an error in it",
                "run 'selflead checkin --resume' in a terminal to fix it in your editor",
            )
        _save(store, answers, None, info.path, weekdays_only)
        return
    from selflead.ui import prompts
    from selflead.ui.terminal import Terminal

    term = Terminal()
    try:
        prompts.resuming(term, info, answers.day.isoformat())
        if info.template is not None:
            answers = _edit(store, term, answers, info.template, replacing=info.path)
        else:
            answers = prompts.confirm(term, answers, today=today(), given_tags=[])
        _save(store, answers, term, info.path, weekdays_only)
    except Cancelled as cancelled:
        from selflead.store.recovery import is_kept

        if not is_kept(info.path):
            raise
        raise Cancelled(
            f"{cancelled.message}; your answers are still kept in {info.path}",
            "'selflead checkin --resume' offers them again",
        ) from None
    finally:
        term.close()


def register(app: typer.Typer) -> None:
    app.command(
        "checkin",
        help=HELP,
        epilog=EPILOG,
        short_help="Record a check-in (guided in a terminal, or from options).",
    )(checkin)
