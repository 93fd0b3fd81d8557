"""``selflead review --month`` and ``selflead review --year``: the review over a longer span."""

from __future__ import annotations

from typing import TYPE_CHECKING

from selflead.cli.options import open_store, today

if TYPE_CHECKING:
    import typer

    from selflead.core.spans import SpanKind


def check_options(
    span: str | None,
    *,
    month: bool,
    year: bool,
    week: str | None,
    reflect: bool,
    resume: bool,
) -> None:
    """Refuse what a month or year review cannot take."""
    from selflead.errors import InputError

    if month and year:
        raise InputError("--month and --year cannot be combined", "use one of them")
    if not (month or year):
        text = (span or "").strip()
        option = "--year" if text.isdigit() else "--month" if "-" in text else "--month or --year"
        raise InputError(
            f"{span!r} needs {option} before it",
            f"run 'selflead review {option} {text}'"
            if " " not in option
            else "a month is YYYY-MM after --month, a year YYYY after --year",
        )
    option = "--month" if month else "--year"
    for given, name in ((week is not None, "--week"), (reflect, "--reflect"), (resume, "--resume")):
        if given:
            raise InputError(
                f"{option} cannot be combined with {name}",
                "a reflection is written for a week: 'selflead review --reflect'"
                if name != "--week"
                else "use one of them",
            )


def review_span(
    ctx: typer.Context,
    kind: SpanKind,
    named: str | None,
    *,
    last: bool,
    as_json: bool,
    skip_damaged: bool,
    weekdays: bool | None,
) -> None:
    from selflead.core.span_review import load_span_review
    from selflead.core.spans import resolve_span
    from selflead.ui import console
    from selflead.ui import span_review as render

    day = today()
    span = resolve_span(kind, named, last, day)
    store = open_store(ctx)
    if weekdays is None:
        from selflead.store.config import load_config

        weekdays = load_config(store.home).weekdays_only
    result = load_span_review(store, span, day, skip_damaged=skip_damaged, weekdays_only=weekdays)
    console.skipped_days(result.skipped_days)
    if as_json:
        console.emit_json(result.to_json())
        return
    render.span(result)
