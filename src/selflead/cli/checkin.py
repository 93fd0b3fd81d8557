"""``selflead checkin``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from selflead.cli.options import Rates, now, open_store, today

if TYPE_CHECKING:
    from selflead.models import Outcome

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
    rate: Rates = None,
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
    from selflead.ui.checkin import recorded

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
    marking = bool(kept or partly or missed)  # checked before anything is written
    if resume:
        if reflections or ratings or tags or editor or marking:
            raise InputError("--resume takes no other fields", "run 'selflead checkin --resume'")
        from contextlib import nullcontext

        from selflead.core.guided import resume as resume_checkin
        from selflead.ui.guided import Guided

        interactive = not no_input and sys.stdin.isatty()
        with Guided(today=today()) if interactive else nullcontext() as ask:
            done = resume_checkin(store, ask, today=today(), now=now, weekdays_only=weekdays_only)
        recorded(done, today=today())
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
        from selflead.core.record import scripted as record_scripted

        marks: dict[Outcome, list[str]] = {
            "kept": kept or [],
            "partly": partly or [],
            "missed": missed or [],
        }
        result = record_scripted(
            store,
            answers,
            marks,
            today=today(),
            now=now,
            weekdays_only=weekdays_only,
            # Only text read from stdin cannot be given again: that is kept if the save fails.
            keep=from_stdin is not None,
        )
        recorded(result, today=today())
        return

    from selflead.core.guided import checkin as guided_checkin
    from selflead.ui.guided import Guided

    with Guided(today=today()) as ask:
        result = guided_checkin(
            store,
            answers,
            ask,
            editor=editor,
            today=today(),
            now=now,
            weekdays_only=weekdays_only,
        )
    recorded(result, today=today())


def register(app: typer.Typer) -> None:
    app.command(
        "checkin",
        help=HELP,
        epilog=EPILOG,
        short_help="Record a check-in (guided in a terminal, or from options).",
    )(checkin)
