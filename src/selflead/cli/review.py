"""``selflead review`` and ``selflead quote``."""

from typing import Annotated

import typer

from selflead.cli.options import AsJson, SkipDamaged, journal_folder, now, open_store, today

REVIEW_HELP = """Review a week: check-in days, averages and trends per area, streaks, the
strongest and weakest area, the week's high and low moments, a coaching focus for next week
and a quote for it.

Weeks are ISO weeks, Monday to Sunday; the default is the current week. --reflect adds a
guided GROW reflection (Goal, Reality, Options, Will) saved with the week.
"""
REVIEW_EPILOG = """\b
Examples:
  selflead review
  selflead review --last --reflect
  selflead review --week 2026-W47 --json
"""
QUOTE_HELP = "Show the quote of the day (the same all day), or a random one."
QUOTE_EPILOG = """\b
Examples:
  selflead quote
  selflead quote --random --area emotions
"""


def review(
    ctx: typer.Context,
    week: Annotated[
        str | None,
        typer.Option("--week", "-w", metavar="YYYY-Www", help="The ISO week, e.g. 2026-W47."),
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Review the previous week.")] = False,
    as_json: AsJson = False,
    reflect: Annotated[
        bool, typer.Option("--reflect", help="Then write the week's GROW reflection.")
    ] = False,
    skip_damaged: SkipDamaged = False,
) -> None:
    import sys

    from selflead.core import quotes
    from selflead.core import review as core
    from selflead.errors import InputError
    from selflead.ui import console
    from selflead.ui import review as render_review

    if reflect and as_json:
        raise InputError("--reflect cannot be combined with --json", "use one of them")
    if reflect and not sys.stdin.isatty():
        raise InputError(
            "--reflect asks questions, and stdin is not a terminal",
            "run 'selflead review --reflect' in a terminal",
        )
    day = today()
    start = core.resolve_week(week, last, day)
    store = open_store(ctx)
    bank = quotes.load_bank(store.home)
    result = core.load_review(store, start, day, bank, skip_damaged=skip_damaged)
    console.skipped_days(result.skipped_days)
    if as_json:
        console.emit_json(result.to_json())
        return
    render_review.week(result, today=day)
    if reflect:
        from selflead.ui import prompts as guided

        existing = result.reflection
        current = existing.model_dump(exclude={"created", "updated"}) if existing else {}
        answers = guided.reflect(result.week, current)
        if not answers:
            console.status("Nothing new to save; the reflection is unchanged.")
            return
        reflection = core.updated_reflection(existing, answers, now())
        path = store.write_week(result.week, reflection)
        with console.after_save(f"saved the reflection to {path}"):
            render_review.reflection(result.week, reflection)
            console.status(f"Saved to {path}")


def quote(
    ctx: typer.Context,
    random: Annotated[bool, typer.Option("--random", help="Any quote, not the day's.")] = False,
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            metavar="AREA",
            help="communication, emotions, behaviour, goals or leadership.",
        ),
    ] = None,
) -> None:
    from selflead.core import quotes
    from selflead.ui import review as render_review

    bank = quotes.load_bank(journal_folder(ctx))
    if area is not None:
        from selflead.areas import AREA_ALIASES

        area = AREA_ALIASES.get(area.strip().lower(), area.strip().lower())
    chosen = quotes.at_random(bank, area) if random else quotes.of_the_day(bank, today(), area)
    render_review.quote(chosen, title="A quote for you" if random else "Quote of the day")


def register(app: typer.Typer) -> None:
    app.command(
        "review",
        help=REVIEW_HELP,
        epilog=REVIEW_EPILOG,
        short_help="Review a week: trends, streaks, a focus and a quote.",
    )(review)
    app.command("quote", help=QUOTE_HELP, epilog=QUOTE_EPILOG, short_help=QUOTE_HELP)(quote)
