"""``selflead checkin``."""

import sys
from typing import Annotated

import typer

from selflead.cli.options import now, open_store, today

HELP = """Record a check-in on communication, emotions, behaviour and goals.

In a terminal with no field options it guides you: a coaching question, a rating from 1 to 5
and a reflection for each area. Give any field option (an area's text or --rate) to record
without prompts; --no-input never prompts.
"""
EPILOG = """\b
Examples:
  selflead checkin
  selflead checkin --rate goals=4 --goals "Closed the Q4 plan" --tag planning
  selflead checkin --date yesterday --rate emotions=2 --emotions "Snapped at a colleague"
"""


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
        typer.Option("--communication", metavar="TEXT", help="Reflection on communication."),
    ] = None,
    emotions: Annotated[
        str | None, typer.Option("--emotions", metavar="TEXT", help="Reflection on emotions.")
    ] = None,
    behaviour: Annotated[
        str | None,
        typer.Option("--behaviour", "--behavior", metavar="TEXT", help="Reflection on behaviour."),
    ] = None,
    goals: Annotated[
        str | None, typer.Option("--goals", metavar="TEXT", help="Reflection on goals.")
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
        typer.Option("--tag", "-t", metavar="TAG", help="Tag it (repeatable), e.g. --tag q4."),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; areas not given stay empty.")
    ] = False,
) -> None:
    from selflead.core import checkin as core
    from selflead.dates import parse_day
    from selflead.errors import InputError, JournalBusyError
    from selflead.ui import entries

    day = parse_day(date, today=today(), option="--date")
    core.check_not_future(day, today())
    ratings = core.parse_rates(rate or [])
    tags = core.parse_tags(tag or [])
    given = {"communication": communication, "emotions": emotions}
    given |= {"behaviour": behaviour, "goals": goals}
    reflections = {core.resolve_area(a): t for a, t in given.items() if t is not None}
    store = open_store(ctx)

    guided_run = not (reflections or ratings or no_input)
    if guided_run:
        if not sys.stdin.isatty():
            raise InputError(
                "no check-in given and stdin is not a terminal, so selflead will not prompt",
                "pass the fields as options, e.g. selflead checkin --rate goals=4 "
                "--goals 'text' (see --help)",
            )
        from selflead.ui import prompts as guided

        answers = guided.run(day, tags)
        reflections, ratings, tags = answers.reflections, answers.ratings, answers.tags
        if not (reflections or ratings):
            raise InputError(
                "nothing to save: every area was skipped", "run 'selflead checkin' again later"
            )

    entry = core.build_entry(day, reflections=reflections, ratings=ratings, tags=tags, now=now())
    while True:
        try:
            path = store.add_entry(entry)
            break
        except JournalBusyError as busy:
            if not guided_run:
                raise
            guided.retry_when_busy(busy)
    from selflead.ui import console

    with console.after_save(f"saved the check-in to {path}"):
        entries.saved(entry, str(path), store.days_in_a_row(entry.date))


def register(app: typer.Typer) -> None:
    app.command(
        "checkin",
        help=HELP,
        epilog=EPILOG,
        short_help="Record a check-in (guided in a terminal, or from options).",
    )(checkin)
