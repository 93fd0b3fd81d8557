"""``selflead review`` and ``selflead quote``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from selflead.cli.options import AsJson, SkipDamaged, journal_folder, now, open_store, today

if TYPE_CHECKING:
    from selflead.core.commitments import Plan
    from selflead.core.follow_through import Listed
    from selflead.core.recovery import Resumable
    from selflead.core.spans import SpanKind
    from selflead.models import WeeklyReflection
    from selflead.store.journal import Store

REVIEW_HELP = """Review a week: check-in days, averages and trends per area, streaks, the
strongest and weakest area, the week's high and low moments, a coaching focus for next week
and a quote for it.

--month [YYYY-MM] and --year [YYYY] review a calendar month or year instead (the current
one, or with --last the one before): days checked in, averages and their change, a
sparkline per area by week or by month, the best and hardest weeks, the longest streak,
commitments kept, goals reached and the GROW Will answers by week.

Weeks are ISO weeks, Monday to Sunday; the default is the current week. --reflect adds a
guided GROW reflection (Goal, Reality, Options, Will) saved with the week.
--weekdays counts streaks and days checked in Monday to Friday only (the
weekdays_only setting in the journal's config.toml does the same for every run).
"""
REVIEW_EPILOG = """\b
Examples:
  selflead review
  selflead review --last --reflect
  selflead review --reflect --resume
  selflead review --week 2026-W47 --json
  selflead review --weekdays
  selflead review --month
  selflead review --month 2026-11 --json
  selflead review --year --last
"""
QUOTE_HELP = "Show the quote of the day (the same all day), or a random one."
QUOTE_EPILOG = """\b
Examples:
  selflead quote
  selflead quote --random --area emotions
"""


def review(
    ctx: typer.Context,
    span: Annotated[
        str | None,
        typer.Argument(
            metavar="YYYY-MM|YYYY",
            help="With --month or --year: which one (default: the current one).",
            show_default=False,
        ),
    ] = None,
    month: Annotated[
        bool, typer.Option("--month", help="Review a calendar month (YYYY-MM after it).")
    ] = False,
    year: Annotated[
        bool, typer.Option("--year", help="Review a calendar year (YYYY after it).")
    ] = False,
    week: Annotated[
        str | None,
        typer.Option("--week", "-w", metavar="YYYY-Www", help="The ISO week, e.g. 2026-W47."),
    ] = None,
    last: Annotated[
        bool, typer.Option("--last", help="Review the previous week (month, year).")
    ] = False,
    as_json: AsJson = False,
    reflect: Annotated[
        bool, typer.Option("--reflect", help="Then write the week's GROW reflection.")
    ] = False,
    skip_damaged: SkipDamaged = False,
    weekdays: Annotated[
        bool | None,
        typer.Option(
            "--weekdays/--every-day",
            help="Count streaks and days checked in Monday to Friday only (or every day), "
            "whatever config.toml says.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="With --reflect: the answers kept when a save failed."),
    ] = False,
) -> None:
    if month or year or span is not None:
        from selflead.cli.span_review import check_options, review_span

        check_options(span, month=month, year=year, week=week, reflect=reflect, resume=resume)

        kind: SpanKind = "month" if month else "year"
        review_span(
            ctx,
            kind,
            span,
            last=last,
            as_json=as_json,
            skip_damaged=skip_damaged,
            weekdays=weekdays,
        )
        return
    import sys

    from selflead.core.weekly import week_report
    from selflead.errors import InputError
    from selflead.ui import weekly

    if reflect and as_json:
        raise InputError("--reflect cannot be combined with --json", "use one of them")
    if reflect and not sys.stdin.isatty():
        raise InputError(
            "--reflect asks questions, and stdin is not a terminal",
            "run 'selflead review --reflect' in a terminal",
        )
    if resume and not reflect:
        raise InputError("--resume goes with --reflect", "run 'selflead review --reflect --resume'")
    day = today()
    store = open_store(ctx)
    result = week_report(
        store,
        week,
        last=last,
        today=day,
        skip_damaged=skip_damaged,
        weekdays=weekdays,
        resume=resume,
    )
    weekly.report(result, today=day, as_json=as_json)
    if reflect:
        _reflect(store, result.review.week, result.review.reflection, result.kept, result.data)


def _reflect(
    store: Store,
    week: str,
    existing: WeeklyReflection | None,
    kept: Resumable | None,
    data: dict[str, Any] | None,
) -> None:
    """Ask GROW, then apply the answers to the week as it is at save time."""
    from selflead.core import commitments
    from selflead.core.recovery import AnswersKept, save_reflection
    from selflead.errors import Cancelled
    from selflead.ui import commitments as ask_commitments
    from selflead.ui import console, prompts
    from selflead.ui import review as render_review
    from selflead.ui.terminal import Terminal

    current = existing.model_dump(exclude={"created", "updated"}) if existing else {}
    base = current if data is None else data["base"]
    this_week = commitments.week_commitments(store, week)
    coming = commitments.next_week(week)
    room = commitments.room_in(store, coming)
    carry: list[Listed] = []
    plans: list[Plan] = []

    def reality() -> None:
        carry.extend(ask_commitments.review_last(term, this_week, room))

    def will() -> None:
        plans.extend(ask_commitments.ask_plans(term, room - len(carry)))

    term = Terminal()
    try:
        if kept is not None:
            prompts.resuming(term, kept, week)
        try:
            answers = prompts.reflect(
                term,
                week,
                current,
                None if data is None else data["answers"],
                before={"reality": reality},
                after={"will": will},
            )
        except Cancelled as cancelled:
            if kept is None:
                raise
            raise Cancelled(
                f"{cancelled.message}; your answers are still kept in {kept.path}",
                "'selflead review --reflect --resume' offers them again",
            ) from None
        if not answers:
            _save_commitments(store, coming, carry, plans)
            still = f" (the kept answers stay in {kept.path})" if kept is not None else ""
            console.status(f"Nothing new to save; the reflection is unchanged{still}.")
            return
        path = kept.path if kept is not None else None
        store.on_wait = term.waiting
        while True:
            try:
                saved = save_reflection(store, week, base, answers, now=now(), kept=path)
                break
            except AnswersKept as failed:
                if not failed.busy:
                    raise
                path = failed.path
                prompts.retry_when_busy(term, failed.cause, failed.path, failed.resume)
    finally:
        term.close()
    _save_commitments(store, coming, carry, plans)
    with console.after_save(f"saved the reflection to {saved.path}"):
        render_review.reflection(week, saved.merged.reflection)
        if saved.merged.both_kept:
            fields = " and ".join(saved.merged.both_kept)
            console.warning(
                f"{fields} changed in the journal while you wrote; both texts are kept, "
                "yours first",
                "edit the reflection with 'selflead review --reflect' to tidy it",
            )
        console.status(f"Saved to {saved.path}")


def _save_commitments(store: Store, week: str, carry: list[Listed], plans: list[Plan]) -> None:
    """Next week's commitments from the reflection: those carried over, then the new ones."""
    from selflead.core import commitments
    from selflead.errors import SelfleadError
    from selflead.ui import commitments as render

    try:
        for item in carry:
            carried = commitments.change(
                store, item.commitment.id, "carry", now=now(), today=today()
            )
            plan = carried.commitment
            render.changed("Carried into next week", week, plan.when, plan.will)
        for made in commitments.add(store, week, plans, now=now()):
            render.changed("Committed", week, made.when, made.will)
    except SelfleadError:
        render.not_saved(week, carry, plans)  # what was typed is never thrown away
        raise


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
        short_help="Review a week (with a focus and a quote), a month or a year.",
    )(review)
    app.command("quote", help=QUOTE_HELP, epilog=QUOTE_EPILOG, short_help=QUOTE_HELP)(quote)
