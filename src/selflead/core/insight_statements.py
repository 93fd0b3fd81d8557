"""Every sentence ``selflead insights`` can say, each with the rule that makes it true.

As ``core.statements`` does for the weekly review: ``STATEMENTS`` is the catalogue (``rule``:
when it is said; ``text``: a ``str.format`` template) and ``describe`` picks the sentences one
``Insights`` supports. The screen (``ui.insights``) and any other rendering (an HTML report)
word insights from ``describe``, so they say the same. Every pattern is worded as an
association ("tends to be higher"), never as a cause. Means and r have two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from selflead.areas import AREA_LABELS
from selflead.core.insights import (
    LINK_MIN_DAYS,
    LINK_MIN_R,
    TAG_MIN_DAYS,
    TAG_MIN_DIFFERENCE,
    WEEKDAY_MIN_DAYS,
    WEEKDAY_NAMES,
    Insights,
    Link,
    TagComparison,
    WeekdayMean,
    WeekdayPattern,
)
from selflead.core.statements import Statement
from selflead.dates import date_span
from selflead.words import plural

S = Statement
STATEMENTS: Final[dict[str, Statement]] = {
    # ---------------------------------------------------------------- the span
    "span": S("Always: the span, as dates.", "{span}"),
    "span.default": S("No --from/--to: the default span is named.", "The last {days} days · "),
    "span.days": S("Always.", "{days} with a check-in, {rated} with a rating"),
    "span.none": S("A span without check-ins.", "No check-ins in this span."),
    # ---------------------------------------------------------------- by weekday
    "weekday.title": S("Always.", "By weekday"),
    "weekday.shown": S(
        f"An area rated on at least {WEEKDAY_MIN_DAYS} days on each of two weekdays or more: the "
        "weekdays "
        "with its highest and its lowest mean of daily means (several, when they tie), each "
        "with its days.",
        "The {area} rating tends to be highest on {high} and lowest on {low}.",
    ),
    "weekday.level": S(
        "As weekday.shown, when every weekday counted has the same mean.",
        "The {area} rating is level across the {count} weekdays counted ({mean} on each).",
    ),
    "weekday.needs": S(
        f"Areas with fewer than two weekdays rated on {WEEKDAY_MIN_DAYS} days: how many more "
        "days they "
        "need, at the least (one line for the areas that need as many).",
        "{Area}: at least {more} needed (ratings on {min} days of each of two weekdays).",
    ),
    "weekday.needs.all": S(
        "As weekday.needs, when every area needs the same: one line for all.",
        "At least {more} needed for each area (ratings on {min} days of each of two weekdays).",
    ),
    # ---------------------------------------------------------------- tags
    "tags.title": S("Always.", "Tags"),
    "tags.shown": S(
        f"A tag on {TAG_MIN_DAYS} days or more, an area rated on {TAG_MIN_DAYS} days or more "
        "with it and "
        f"without it, and the two means {TAG_MIN_DIFFERENCE:.2f} or more apart.",
        "On days tagged {tag}, the {area} rating tends to be {direction}: {with_mean} vs "
        "{without_mean} "
        "({with_days} vs {without_days} days).",
    ),
    "tags.none_shown": S(
        f"Tags on {TAG_MIN_DAYS} days or more, and no comparison that passes tags.shown.",
        "Compared {tags} (on {min} days or more each): no area differs by {difference} or "
        "more between days with and without a tag, with {min} days on each side.",
    ),
    "tags.none": S(
        "No check-in of the span has a tag.",
        "No tags in this span. A tag (--tag) on {min} days, and {min} days without it, "
        "lets the days with it be compared.",
    ),
    "tags.needs": S(
        f"Tags, none on {TAG_MIN_DAYS} days yet: the most used one, and how many more days it "
        "needs.",
        "The most used tag, {tag}, is on {count}; a comparison needs {min} days with it and "
        "{min} without: at least {more}.",
    ),
    "tags.needs.without": S(
        f"Every tag on {TAG_MIN_DAYS} days or more is on nearly every day: days without it are "
        "needed.",
        "{Tags} on nearly every day: a comparison needs {min} days without a tag, at least {more}.",
    ),
    # ---------------------------------------------------------------- links
    "links.title": S("Always.", "Links between areas"),
    "links.same": S(
        f"Two areas rated on the same {LINK_MIN_DAYS} days or more, whose daily means correlate "
        "with "
        f"|r| of {LINK_MIN_R:.2f} or more.",
        "On days with a higher {first} rating, the {second} rating tends to be {direction} "
        "(r = {value}, {days}).",
    ),
    "links.next": S(
        f"An area on a day and another on the next day, over {LINK_MIN_DAYS} pairs of days or "
        "more, "
        f"with |r| of {LINK_MIN_R:.2f} or more.",
        "After a day with a higher {first} rating, the {second} rating tends to be "
        "{direction} the next day (r = {value}, {days}).",
    ),
    "links.none_shown": S(
        f"Pairs of areas with {LINK_MIN_DAYS} paired days or more, none with |r| of "
        f"{LINK_MIN_R:.2f} or more.",
        "Compared {pairs}, each over {min} days or more: none has |r| of {r} or more.",
    ),
    "links.needs": S(
        f"No two areas rated together on {LINK_MIN_DAYS} days yet.",
        "Links need two areas rated on the same {min} days ({count} so far): at least {more}.",
    ),
    # ---------------------------------------------------------------- the close
    "caution": S(
        "After the insights, when at least one pattern is shown.",
        "These are associations in your own ratings, not causes: something to notice and ask "
        "about, not proof.",
    ),
}


def say(key: str, **values: object) -> str:
    return STATEMENTS[key].text.format(**values)


def _area(area: str) -> str:
    return AREA_LABELS[area].lower()  # type: ignore[index]


def _days(count: int) -> str:
    return plural(count, "day")


def _more(count: int) -> str:
    """``1 more day of check-ins``, ``8 more days of check-ins``."""
    return f"{count:,} more {'day' if count == 1 else 'days'} of check-ins"


def _weekdays(items: tuple[WeekdayMean, ...]) -> str:
    """``Tuesdays 3.80 (13 days)``, or for a tie ``Tuesdays and Fridays (both 3.80; 13 and 12
    days)``."""
    if len(items) == 1:
        return f"{WEEKDAY_NAMES[items[0].weekday]}s {items[0].mean:.2f} ({_days(items[0].days)})"
    names = _names([f"{WEEKDAY_NAMES[w.weekday]}s" for w in items])
    each = "both" if len(items) == 2 else "all"
    days = _names([f"{w.days:,}" for w in items])
    return f"{names} ({each} {items[0].mean:.2f}; {days} days)"


def weekday_line(pattern: WeekdayPattern) -> str:
    if pattern.level:
        return say(
            "weekday.level",
            area=_area(pattern.area),
            count=len(pattern.highest),
            mean=f"{pattern.highest[0].mean:.2f}",
        )
    return say(
        "weekday.shown",
        area=_area(pattern.area),
        high=_weekdays(pattern.highest),
        low=_weekdays(pattern.lowest),
    )


def tag_line(comparison: TagComparison) -> str:
    assert comparison.with_mean is not None and comparison.without_mean is not None
    return say(
        "tags.shown",
        tag=comparison.tag,
        area=_area(comparison.area),
        direction="higher" if (comparison.difference or 0) > 0 else "lower",
        with_mean=f"{comparison.with_mean:.2f}",
        without_mean=f"{comparison.without_mean:.2f}",
        with_days=comparison.with_days,
        without_days=comparison.without_days,
    )


def link_line(link: Link) -> str:
    assert link.r is not None
    positive = link.r > 0
    if link.next_day:
        days = plural(link.days, "pair of days", "pairs of days")
        direction = "higher" if positive else "lower"
    else:
        days = _days(link.days)
        direction = "higher too" if positive else "lower"
    return say(
        "links.next" if link.next_day else "links.same",
        first=_area(link.first),
        second=_area(link.second),
        direction=direction,
        value=f"{link.r:.2f}",
        days=days,
    )


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class InsightsText:
    """The sentences one ``insights`` says: a heading, then (title, lines) per rule."""

    span: str
    days: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    caution: str = ""


def describe(found: Insights) -> InsightsText:
    span = say("span", span=date_span(found.first, found.last))
    if found.days:
        days = say("span.days", days=_days(found.days), rated=found.rated_days)
    else:
        days = say("span.none")
    if found.default_span:
        days = say("span.default", days=(found.last - found.first).days + 1) + days

    weekday = [weekday_line(p) for p in found.weekdays if p.shown]
    waiting: dict[int, list[str]] = {}  # areas not compared yet, by how many more days
    for pattern in found.weekdays:
        if not pattern.shown:
            waiting.setdefault(pattern.needs, []).append(AREA_LABELS[pattern.area])
    if len(waiting) == 1 and not weekday:
        weekday = [say("weekday.needs.all", more=_more(next(iter(waiting))), min=WEEKDAY_MIN_DAYS)]
    else:
        for count, labels in sorted(waiting.items()):
            areas = _names([labels[0]] + [label.lower() for label in labels[1:]])
            weekday.append(
                say("weekday.needs", Area=areas, more=_more(count), min=WEEKDAY_MIN_DAYS)
            )

    tags: list[str] = [tag_line(c) for c in found.shown_tags]
    tags_shown = bool(tags)
    frequent = found.frequent_tags
    difference = f"{TAG_MIN_DIFFERENCE:.2f}"
    if not tags:
        if not found.tags:
            tags.append(say("tags.none", min=TAG_MIN_DAYS))
        elif not frequent:
            top = found.tags[0]
            more = _more(found.tag_needs)
            tags.append(
                say("tags.needs", tag=top.tag, count=_days(top.days), min=TAG_MIN_DAYS, more=more)
            )
        elif found.tag_needs:
            names = _names([t.tag for t in frequent])
            lead = f"{names} {'is' if len(frequent) == 1 else 'are'}"
            tags.append(
                say(
                    "tags.needs.without",
                    Tags=lead[0].upper() + lead[1:],
                    min=TAG_MIN_DAYS,
                    more=_more(found.tag_needs),
                )
            )
        else:
            tags.append(
                say(
                    "tags.none_shown",
                    tags=_names([t.tag for t in frequent]),
                    min=TAG_MIN_DAYS,
                    difference=difference,
                )
            )

    links: list[str] = [link_line(link) for link in found.shown_links]
    links_shown = bool(links)
    if not links:
        compared = [link for link in found.links if link.days >= LINK_MIN_DAYS]
        r = f"{LINK_MIN_R:.2f}"
        if compared:
            same = sum(1 for link in compared if not link.next_day)
            following = len(compared) - same
            said = []
            if same:
                said.append(f"{plural(same, 'pair')} of areas on the same day")
            if following:
                unit = "" if same else f" {'pair' if following == 1 else 'pairs'} of areas"
                said.append(f"{following}{unit} from one day to the next")
            pairs = _names(said)
            links.append(say("links.none_shown", pairs=pairs, min=LINK_MIN_DAYS, r=r))
        else:
            best = max(link.days for link in found.links if not link.next_day)
            links.append(
                say(
                    "links.needs",
                    min=LINK_MIN_DAYS,
                    count=_days(best),
                    more=_more(found.link_needs),
                )
            )
    return InsightsText(
        span=span,
        days=days,
        sections=[
            (say("weekday.title"), weekday),
            (say("tags.title"), tags),
            (say("links.title"), links),
        ],
        caution=say("caution")
        if any(p.shown for p in found.weekdays) or tags_shown or links_shown
        else "",
    )
