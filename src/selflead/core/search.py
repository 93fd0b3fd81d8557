"""``selflead search``: which check-ins hold the words, and where in them.

Words are compared case- and accent-insensitively (``tokens.py``); each word matches the start
of a word in the text (``snap`` finds "snapped"), and every word must match. A ``"quoted
phrase"`` must match as consecutive words. The index finds the check-ins; ``find`` says where
the words are (for highlighting) and is, alone, the same search over entries read from the
files: the two must always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from selflead.areas import AREAS, AreaName
from selflead.errors import DamagedFileError, InputError
from selflead.models import Entry
from selflead.store.index import TAGS, Filters
from selflead.store.journal import Store
from selflead.tokens import fold_tag, spans, words

DEFAULT_LIMIT: Final = 20
Span = tuple[int, int]


@dataclass(frozen=True)
class Query:
    terms: tuple[tuple[str, ...], ...]  # each a word, or the words of a phrase
    filters: Filters = field(default_factory=Filters)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    found: dict[str, list[Span]]  # area (or "tags") -> where the words are, in its text

    @property
    def areas(self) -> list[str]:
        return list(self.found)


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # there were more than the limit
    damaged: list[DamagedFileError] = field(default_factory=list)


def split_terms(text: str) -> tuple[tuple[str, ...], ...]:
    """The words and ``"quoted phrases"`` of ``text``, folded; a quote left open runs to the
    end. Punctuation separates words; text with no letter or digit is refused."""
    terms: list[tuple[str, ...]] = []
    for number, piece in enumerate(text.split('"')):
        found = words(piece)
        if number % 2:  # inside quotes
            if found:
                terms.append(tuple(found))
        else:
            terms += [(word,) for word in found]
    if text.strip() and not terms:
        raise InputError(
            f"nothing to search for in {text!r}", "search for words: letters and digits"
        )
    return tuple(terms)


def query(
    text: str | None,
    *,
    area: AreaName | None = None,
    tag: str | None = None,
    min_rating: int | None = None,
    max_rating: int | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Query:
    for option, value in (("--min-rating", min_rating), ("--max-rating", max_rating)):
        if value is not None and not 1 <= value <= 5:
            raise InputError(f"{option} must be from 1 to 5, not {value}", f"e.g. {option} 2")
    if min_rating is not None and max_rating is not None and min_rating > max_rating:
        raise InputError(
            f"--min-rating {min_rating} is above --max-rating {max_rating}", "swap them"
        )
    folded = None
    if tag is not None:
        folded = fold_tag(tag)
        if not folded:
            raise InputError(f"--tag {tag!r} holds no letter or digit", "e.g. --tag q4")
    filters = Filters(first, last, area, min_rating, max_rating, folded)
    return Query(split_terms(text or ""), filters)


def _fields(entry: Entry, area: AreaName | None) -> dict[str, str]:
    texts: dict[str, str] = {a: entry.area(a).reflection for a in ([area] if area else AREAS)}
    if area is None:
        texts[TAGS] = " ".join(entry.tags)
    return texts


def _term_spans(found: Sequence[tuple[str, int, int]], term: Sequence[str]) -> list[Span]:
    """Where ``term`` is in a text's words: the run of words equal to it, the last one
    starting with its last word."""
    size = len(term)
    places = []
    for start in range(len(found) - size + 1):
        run = found[start : start + size]
        if all(w == t for (w, _, _), t in zip(run[:-1], term[:-1], strict=True)) and run[-1][
            0
        ].startswith(term[-1]):
            places.append((run[0][1], run[-1][2]))
    return places


def _passes(entry: Entry, filters: Filters) -> bool:
    if filters.first and entry.date < filters.first:
        return False
    if filters.last and entry.date > filters.last:
        return False
    if filters.tag is not None and filters.tag not in {fold_tag(t) for t in entry.tags}:
        return False
    if filters.min_rating is None and filters.max_rating is None:
        return True
    low, high = filters.min_rating or 1, filters.max_rating or 5
    ratings = [entry.area(a).rating for a in ([filters.area] if filters.area else AREAS)]
    return any(r is not None and low <= r <= high for r in ratings)


def find(entry: Entry, query: Query) -> Hit | None:
    """The hit ``entry`` is for ``query``, or None: the search, over one entry."""
    if not _passes(entry, query.filters):
        return None
    texts = _fields(entry, query.filters.area)
    per_field = {name: spans(text) for name, text in texts.items()}
    found: dict[str, list[Span]] = {}
    for term in query.terms:
        matched = False
        for name, field_words in per_field.items():
            places = _term_spans(field_words, term)
            if places:
                matched = True
                found.setdefault(name, []).extend(places)
        if not matched:
            return None
    ordered = {name: sorted(found[name]) for name in texts if name in found}
    return Hit(entry, ordered)


def scan(entries: Iterable[Entry], query: Query, limit: int | None = None) -> list[Hit]:
    """The search over ``entries`` (read from the files), the newest first."""
    ordered = sorted(enumerate(entries), key=lambda p: (p[1].date, p[0]), reverse=True)
    hits = [hit for _, e in ordered if (hit := find(e, query)) is not None]
    return hits if limit is None else hits[:limit]


def search(store: Store, query: Query, limit: int = DEFAULT_LIMIT) -> Results:
    """Up to ``limit`` hits, the newest first, through the index."""
    if limit < 1:
        raise InputError(f"--limit must be 1 or more, not {limit}", "e.g. --limit 50")
    results = Results(damaged=store.index.damaged(query.filters.first, query.filters.last))
    days: dict[date, dict[str, Entry]] = {}
    for candidate in store.index.search(query.terms, query.filters):
        # The index finds; the day file is the truth, read for each day with a hit.
        if candidate.date not in days:
            try:
                days[candidate.date] = {e.id: e for e in store.read_day(candidate.date)}
            except DamagedFileError:
                days[candidate.date] = {}
        entry = days[candidate.date].get(candidate.id)
        hit = None if entry is None else find(entry, query)
        if hit is None:
            continue
        if len(results.hits) == limit:
            results.more = True
            break
        results.hits.append(hit)
    return results
