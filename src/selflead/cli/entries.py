"""``selflead edit``, ``delete``, ``trash``, ``restore`` and ``search``: fixing a mistake and
finding a moment. Every command that takes an entry takes a full id, a short one, or none
(the most recent entry)."""

import sys
from typing import Annotated

import typer

from selflead.cli.options import (
    AsJson,
    Behaviour,
    Communication,
    Emotions,
    FromDay,
    Goals,
    Rates,
    SkipDamaged,
    ToDay,
    Yes,
    day_range,
    now,
    open_store,
    today,
)


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for an id: the last month's short ids (see core.ids)."""
    from selflead.core.ids import recent_short_ids
    from selflead.store.home import journal_home
    from selflead.store.journal import Store

    journal = ctx.find_root().params.get("journal")
    try:
        return recent_short_ids(Store(journal_home(journal)), today(), incomplete)
    except Exception:  # a Tab press shows nothing rather than an error
        return []


EntryId = Annotated[
    str | None,
    typer.Argument(
        metavar="[ID]",
        help="A full or short id (see 'selflead list'); none: the latest.",
        autocompletion=complete_id,
    ),
]

EDIT_HELP = """Change a saved check-in: its ratings, reflections, tags or day.

In a terminal with no field options it opens in your $VISUAL/$EDITOR as the template
'checkin --editor' writes. Or give the fields to change as options, as checkin takes them;
what is not given stays. --date moves the check-in to another day. It keeps its id and when
it was written, and records when it was edited. If a save fails, the edit is kept and
--resume saves it.
"""
EDIT_EPILOG = """\b
Examples:
  selflead edit
  selflead edit 0b6f5c
  selflead edit --rate emotions=3
  selflead edit 0b6f5c --emotions "Snapped, then apologised" --tag conflict
  selflead edit 0b6f5c --date yesterday
"""
DELETE_HELP = """Delete check-ins (the latest, or each ID given) to the trash.

In a terminal it shows each one and asks first; --yes does not ask (for scripts). Nothing is
lost: 'selflead trash' lists what was deleted and 'selflead restore ID' puts it back.
"""
DELETE_EPILOG = """\b
Examples:
  selflead delete
  selflead delete 0b6f5c 91d3aa --yes
"""
TRASH_HELP = "List deleted check-ins; --empty removes them for good (after asking)."
TRASH_EPILOG = """\b
Examples:
  selflead trash
  selflead trash --empty
"""
RESTORE_HELP = "Put a deleted check-in back on its day (its id, or the start of it, from trash)."
RESTORE_EPILOG = """\b
Example:
  selflead restore 0b6f5c
"""
SEARCH_HELP = """Find check-ins whose reflections or tags hold the words.

Case and accents do not matter, each word matches the start of a word ("snap" finds
"snapped"), every word must be there, and "a quoted phrase" must be there as it is. The
newest come first.
"""
SEARCH_EPILOG = """\b
Examples:
  selflead search snapped
  selflead search '"said no"' --area communication
  selflead search --tag q4 --max-rating 2 --from 2026-01-01
  selflead search deadline --json
"""


def edit(
    ctx: typer.Context,
    entry_id: EntryId = None,
    communication: Communication = None,
    emotions: Emotions = None,
    behaviour: Behaviour = None,
    goals: Goals = None,
    rate: Rates = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Add a tag.")
    ] = None,
    untag: Annotated[
        list[str] | None, typer.Option("--untag", metavar="TAG", help="Remove a tag.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", metavar="DATE", help="Move it to this day."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Save the edit kept when a save failed.")
    ] = False,
) -> None:
    from selflead.core import changes, checkin, ids
    from selflead.dates import parse_day
    from selflead.errors import InputError
    from selflead.ui import changes as ui

    given = {"communication": communication, "emotions": emotions}
    given |= {"behaviour": behaviour, "goals": goals}
    change = changes.Edit(
        reflections={checkin.resolve_area(a): t for a, t in given.items() if t is not None},
        ratings=checkin.parse_rates(rate or []),
        tag=tag or [],
        untag=untag or [],
        day=parse_day(date, today=today(), option="--date") if date else None,
    )
    if resume:
        if entry_id is not None or not change.is_empty:
            raise InputError("--resume takes no id and no fields", "run 'selflead edit --resume'")
        from selflead.cli import editing

        editing.resume(open_store(ctx), interactive=sys.stdin.isatty())
        return
    if change.is_empty:
        if sys.stdin.isatty():
            from selflead.cli import editing

            editing.in_editor(open_store(ctx), entry_id)
            return
        raise InputError(
            "nothing to change was given",
            "give the fields to change as options, e.g. selflead edit --rate goals=4 (see --help)",
        )
    store = open_store(ctx)
    result = changes.edit(store, entry_id, change, today=today(), now=now())
    ui.edited(result, ids.short_ids(store, [result.after])[result.after.id])


def delete(
    ctx: typer.Context,
    entry_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Full or short ids; none: the latest check-in.",
            autocompletion=complete_id,
        ),
    ] = None,
    yes: Yes = False,
) -> None:
    from selflead.core import changes, ids
    from selflead.errors import InputError
    from selflead.ui import changes as ui
    from selflead.ui import console

    if not yes and not sys.stdin.isatty():
        raise InputError(
            "delete asks before it deletes, and stdin is not a terminal",
            "pass --yes to delete without asking",
        )
    store = open_store(ctx)
    entries = changes.to_delete(store, entry_ids or [])
    shorts = ids.short_ids(store, entries)
    if not yes:
        from selflead.ui.confirm import confirm

        ui.to_delete(entries, shorts)
        count = f"these {len(entries)} check-ins" if len(entries) > 1 else "this check-in"
        if not confirm(f"Delete {count}? (it goes to the trash)"):
            console.status("Nothing was deleted.")
            return
    ui.deleted(changes.delete(store, entries, now()), shorts)


def trash(
    ctx: typer.Context,
    empty: Annotated[bool, typer.Option("--empty", help="Remove them for good.")] = False,
    yes: Yes = False,
) -> None:
    from selflead.core import changes
    from selflead.errors import InputError
    from selflead.ui import changes as ui
    from selflead.ui import console

    store = open_store(ctx)
    held = changes.trash(store)
    console.skipped_days(held.damaged)
    if not empty:
        ui.trash(held)
        return
    if not held.items and not held.damaged:
        console.status("The trash is already empty.")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise InputError(
                "emptying the trash asks first, and stdin is not a terminal",
                "pass --yes to empty it without asking",
            )
        from selflead.ui.confirm import confirm

        ui.trash(held)
        if not confirm("Remove these for good? This cannot be undone."):
            console.status("The trash was left as it was.")
            return
    ui.emptied(changes.empty_trash(store))


def restore(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="Its id (from 'selflead trash').")],
) -> None:
    from selflead.core import changes
    from selflead.ui import changes as ui

    store = open_store(ctx)
    entry = changes.restore(store, entry_id)
    ui.restored(entry, str(store.day_path(entry.date)))


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(metavar="[TEXT]...", help='Words, or a "quoted phrase".'),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", "-a", metavar="AREA", help="Look only in this area."),
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar="TAG", help="Only with this tag.")
    ] = None,
    min_rating: Annotated[
        int | None,
        typer.Option("--min-rating", metavar="N", help="A rating of at least N (in --area)."),
    ] = None,
    max_rating: Annotated[
        int | None,
        typer.Option("--max-rating", metavar="N", help="A rating of at most N (in --area)."),
    ] = None,
    start: FromDay = None,
    end: ToDay = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", help="Show at most N (the newest).")
    ] = 20,
    as_json: AsJson = False,
    skip_damaged: SkipDamaged = False,
) -> None:
    from selflead.core import damaged, ids
    from selflead.core import search as core
    from selflead.core.checkin import resolve_area
    from selflead.store.journal import RangeRead
    from selflead.ui import console
    from selflead.ui import search as ui

    first, last = day_range(start, end)
    query = core.query(
        " ".join(words or []),
        area=resolve_area(area) if area is not None else None,
        tag=tag,
        min_rating=min_rating,
        max_rating=max_rating,
        first=first,
        last=last,
    )
    store = open_store(ctx, note_missing=not as_json)
    results = core.search(store, query, limit)
    read = RangeRead(damaged=results.damaged)
    console.skipped_days(damaged.check_damaged(read, skip_damaged=skip_damaged))
    if as_json:
        console.emit_json([hit.entry.model_dump(mode="json") for hit in results.hits])
        return
    ui.hits(results, ids.short_ids(store, [hit.entry for hit in results.hits]))


def register(app: typer.Typer) -> None:
    app.command("edit", help=EDIT_HELP, epilog=EDIT_EPILOG, short_help="Change a check-in.")(edit)
    app.command(
        "delete",
        help=DELETE_HELP,
        epilog=DELETE_EPILOG,
        short_help="Delete check-ins to the trash.",
    )(delete)
    app.command(
        "trash",
        help=TRASH_HELP,
        epilog=TRASH_EPILOG,
        short_help="List (or empty) deleted check-ins.",
    )(trash)
    app.command(
        "restore",
        help=RESTORE_HELP,
        epilog=RESTORE_EPILOG,
        short_help="Put a deleted check-in back.",
    )(restore)
    app.command(
        "search", help=SEARCH_HELP, epilog=SEARCH_EPILOG, short_help="Find check-ins by words."
    )(search)
