"""``selflead report``: one self-contained HTML file to share, through Jinja2 with autoescape.

The page is a list of sections, ``SECTIONS``: each is a title, the template that draws it
(``templates/sections/<template>.html.j2``) and a builder that turns the report's facts into
what that template needs, or None to leave the section out. Adding a section is one entry;
the generic ``lines`` template draws a list of sentences, e.g.
``Section("Insights", "lines", lambda report, store: {"lines": [...]})``.

No JavaScript and nothing from outside the file: the Content-Security-Policy allows only the
page's own stylesheet, by hash.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from selflead.areas import AREA_LABELS, AREAS
from selflead.chars import visible
from selflead.core.calendar import Grid, level, month_days
from selflead.core.coaching import GROW
from selflead.core.report import WEEKDAYS, Mean, Report, build_report
from selflead.dates import date_span, long_date
from selflead.store.journal import Store
from selflead.store.outside import write_new_files
from selflead.words import plural

# A section's builder: the report's facts (and the store, for a section that asks core for
# more, such as insights over the same span) -> what its template needs, or None: left out.
Builder = Callable[[Report, Store], dict[str, Any] | None]

# The line charts' drawing box (the SVG scales to the page's width).
CHART_W: Final = 360
CHART_H: Final = 170
PAD: Final = 22


@dataclass(frozen=True)
class Section:
    title: str
    template: str  # templates/sections/<template>.html.j2
    build: Builder
    text: bool = False  # holds what the user wrote: left out with --no-text


def _value(mean: Mean) -> str:
    value = mean.value
    return "–" if value is None else f"{value:.2f}"


def _summary(report: Report, _store: Store) -> dict[str, Any]:
    return {
        "span": date_span(report.first, report.last),
        "so_far": report.so_far,
        "days": report.days,
        "checked_in": report.days_checked_in,
        "check_ins": plural(report.check_ins, "check-in"),
        "areas": [
            {"label": AREA_LABELS[a], "area": a, "mean": _value(m), "n": m.n}
            for a, m in report.areas.items()
        ],
    }


def _y(value: float) -> float:
    return round(PAD / 2 + (5 - value) / 4 * (CHART_H - PAD), 1)


def _charts(report: Report, _store: Store) -> dict[str, Any] | None:
    weeks = report.weeks
    if not any(m.n for w in weeks for m in w.areas.values()):
        return None
    step = (CHART_W - 2 * PAD) / max(len(weeks) - 1, 1)
    charts = []
    for area in AREAS:
        lines: list[list[tuple[float, float]]] = [[]]
        for n, week in enumerate(weeks):
            value = week.areas[area].value
            if value is None:
                if lines[-1]:
                    lines.append([])
                continue
            lines[-1].append((round(PAD + n * step, 1), _y(value)))
        charts.append(
            {
                "area": area,
                "label": AREA_LABELS[area],
                "mean": _value(report.areas[area]),
                "lines": [" ".join(f"{x},{y}" for x, y in line) for line in lines if len(line) > 1],
                "dots": [point for line in lines if len(line) == 1 for point in line],
                "weeks": sum(1 for w in weeks if w.areas[area].n),
            }
        )
    ticks = [{"y": _y(v), "label": str(v)} for v in (1, 3, 5)]
    first, last = weeks[0], weeks[-1]
    return {
        "charts": charts,
        "width": CHART_W,
        "height": CHART_H,
        "pad": PAD,
        "ticks": ticks,
        "from_week": first.week,
        "to_week": last.week,
        "count": len(weeks),
    }


CELL: Final = 12


MONTHS: Final = "JFMAMJJASOND"


def _year_grid(report: Report, grid: Grid, year: int) -> dict[str, Any]:
    """One year's grid, its months (those the span reaches) as columns, its days as rows."""
    first = report.first.month if year == report.first.year else 1
    last = report.last.month if year == report.last.year else 12
    months = list(range(first, last + 1))
    cells = []
    for column, month in enumerate(months):
        for day_number in range(1, month_days(year, month) + 1):
            day = date(year, month, day_number)
            if not report.first <= day <= report.last:
                continue
            mean = grid.means.get(day)
            cells.append(
                {
                    "x": 22 + column * (CELL + 2),
                    "y": 16 + (day_number - 1) * (CELL + 2),
                    "step": 0 if mean is None else level(mean),
                    "title": f"{day.isoformat()}: "
                    + ("no rating" if mean is None else f"{mean:.1f}"),
                    "today": day == report.today,
                }
            )
    return {
        "year": year,
        "cells": cells,
        "months": [MONTHS[m - 1] for m in months],
        "width": 22 + len(months) * (CELL + 2),
    }


def _pixels(report: Report, _store: Store) -> dict[str, Any] | None:
    grid = report.means.overall
    if not grid.means:
        return None
    return {
        "years": [_year_grid(report, grid, year) for year in report.years],
        "height": 16 + 31 * (CELL + 2),
        "cell": CELL,
        "step": CELL + 2,
    }


def _weekdays(report: Report, _store: Store) -> dict[str, Any] | None:
    if not any(m.n for means in report.weekdays.values() for m in means):
        return None
    areas = []
    for area in AREAS:
        bars = []
        for n, mean in enumerate(report.weekdays[area]):
            value = mean.value
            bars.append(
                {
                    "day": WEEKDAYS[n][:3],
                    "mean": _value(mean),
                    "n": mean.n,
                    "width": 0 if value is None else round(value / 5 * 200, 1),
                    "y": n * 20,
                }
            )
        areas.append({"area": area, "label": AREA_LABELS[area], "bars": bars})
    return {"areas": areas}


def _commitments(report: Report, _store: Store) -> dict[str, Any] | None:
    if not report.commitments:
        return None
    weeks = []
    text = report.with_text  # numbers only: the plans' words stay out
    for week in report.commitments:
        plans = [
            {
                "when": visible(item.commitment.when) if text else "",
                "will": visible(item.commitment.will) if text else "",
                "record": item.record.words(),
                "dropped": item.commitment.dropped,
            }
            for item in week.items
        ]
        total = week.follow_through
        weeks.append(
            {
                "week": week.week,
                "plans": plans,
                "percent": total.percent,
                "record": total.words(),
            }
        )
    return {"weeks": weeks, "with_text": text}


def _goals(report: Report, _store: Store) -> dict[str, Any] | None:
    if not report.goals:
        return None
    return {
        "goals": [
            {
                "title": visible(v.goal.title) if report.with_text else f"Goal {n}",
                "status": v.goal.status,
                "area": AREA_LABELS[v.goal.area] if v.goal.area else "",
                "progress": v.progress_words(),
                "due": v.due_words(),
                "percent": v.percent_done,
            }
            for n, v in enumerate(report.goals, start=1)
        ]
    }


def _reflections(report: Report, _store: Store) -> dict[str, Any] | None:
    days: dict[date, list[dict[str, Any]]] = {}
    for entry in report.entries:
        written = [
            {"label": AREA_LABELS[a], "rating": entry.area(a).rating, "text": visible(text)}
            for a in AREAS
            if (text := entry.area(a).reflection)
        ]
        if written or entry.tags:
            days.setdefault(entry.date, []).append(
                {"areas": written, "tags": [visible(t) for t in entry.tags]}
            )
    if not days:
        return None
    return {"days": [{"title": long_date(d), "entries": e} for d, e in days.items()]}


def _grow(report: Report, _store: Store) -> dict[str, Any] | None:
    if not report.reflections:
        return None
    weeks = []
    for week, reflection in sorted(report.reflections.items()):
        answers = [
            {"label": step.label, "text": visible(getattr(reflection, step.field))}
            for step in GROW
            if getattr(reflection, step.field)
        ]
        if answers:
            weeks.append({"week": week, "answers": answers})
    return {"weeks": weeks} if weeks else None


def _insights(report: Report, _store: Store) -> dict[str, Any] | None:
    """``selflead insights`` over the report's span, from the same days; with ``--no-text``
    the tag comparisons are left out, since they name the tags."""
    from selflead.core.daily import days_from_ratings
    from selflead.core.insight_statements import describe, say
    from selflead.core.insights import insights

    found = describe(insights(days_from_ratings(report.means.rows), report.first, report.last))
    groups = [
        {"title": title, "lines": [visible(line) for line in lines]}
        for title, lines in found.sections
        if lines and (report.with_text or title != say("tags.title"))
    ]
    return {"days": visible(found.days), "groups": groups, "caution": found.caution}


def _left_out(report: Report, _store: Store) -> dict[str, Any] | None:
    """Damaged files the report could not read: named, so its numbers are not taken as whole."""
    damaged = [*report.means.damaged, *report.damaged_weeks]
    if not damaged:
        return None
    lines = [f"{exc.path.name} could not be read ({visible(exc.problem)})" for exc in damaged]
    return {"lines": [*lines, "'selflead doctor' says how to repair them."]}


SECTIONS: Final[list[Section]] = [
    Section("Summary", "summary", _summary),
    Section("Each area by week", "charts", _charts),
    Section("A year in pixels", "pixels", _pixels),
    Section("Each area by weekday", "weekdays", _weekdays),
    Section("Insights", "insights", _insights),
    Section("Commitments", "commitments", _commitments),
    Section("Goals", "goals", _goals),
    Section("Reflections", "reflections", _reflections, text=True),
    Section("GROW reflections", "grow", _grow, text=True),
    Section("Left out", "lines", _left_out),
]


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("selflead.transfer", "templates"),
        autoescape=True,  # every value is escaped; the templates mark nothing safe
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def style_hash(css: str) -> str:
    """The CSP source that allows exactly this stylesheet."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def chunks(report: Report, store: Store, written: datetime) -> Iterator[str]:
    """The report's HTML, in pieces."""
    from markupsafe import Markup

    env = _environment()
    # The stylesheet is ours, and inside <style> an escape would not be read back: as it is.
    css = Markup(env.get_template("report.css").render())  # noqa: S704 (our own file)
    sections = []
    for section in SECTIONS:
        if section.text and not report.with_text:
            continue
        view = section.build(report, store)
        if view is not None:
            sections.append({"title": section.title, "template": section.template, **view})
    page = env.get_template("report.html.j2")
    generated: Iterator[str] = _batched(
        page.generate(
            css=css,
            style_source=style_hash(css),
            span=date_span(report.first, report.last),
            written=written.strftime("%Y-%m-%d %H:%M"),
            with_text=report.with_text,
            sections=sections,
        )
    )
    return generated


def _batched(pieces: Iterator[str], size: int = 1 << 16) -> Iterator[str]:
    """Jinja2's many small pieces as chunks of about ``size`` characters (one write each)."""
    held: list[str] = []
    length = 0
    for piece in pieces:
        held.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(held)
            held, length = [], 0
    if held:
        yield "".join(held)


@dataclass(frozen=True)
class Written:
    """Where the report went (None: the document is on stdout) and what it left out."""

    report: Report
    where: Path | None
    document: Iterator[str] | None


def write_report(
    store: Store,
    first: date | None,
    last: date | None,
    output: Path,
    *,
    force: bool,
    with_text: bool,
    today: date,
    now: datetime,
) -> Written:
    """Build the report and write it to ``output`` (0600, replacing a file only with
    ``force``), or hand it back for stdout when ``output`` is ``-``."""
    report = build_report(store, first, last, today, with_text=with_text)
    document = chunks(report, store, now)
    if str(output) == "-":
        return Written(report, None, document)
    write_new_files([(output, (chunk.encode("utf-8") for chunk in document))], force=force)
    return Written(report, output, None)
