"""The derived index: ``index.sqlite3`` in the journal folder (SQLite, FTS5 for the words).

The day files stay the only truth. The index holds nothing that cannot be rebuilt from them:
it may be deleted at any time, and is rebuilt when it is missing, corrupt, of another
version or stale. It lets ids, search and streaks answer without reading every day file.

The file and how it is kept current: ``index_build``; its schema and vocabulary:
``index_schema``. This module asks it the questions.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from selflead.areas import AREAS
from selflead.errors import DamagedFileError, NewerSchemaError
from selflead.models import Entry
from selflead.store.index_build import IndexFile
from selflead.store.index_schema import (
    SEQ_BITS,
    TAGS,
    VERSION,
    Filters,
    Located,
    rowid_of,
    tag_list,
    text_of,
    unusable,
)

__all__ = ["TAGS", "VERSION", "Filters", "Index", "Located", "tag_list", "text_of"]


class Index(IndexFile):
    """The journal's index. Open through ``Store.index``; every read refreshes it first."""

    def _rows(self, sql: str, args: Iterable[object] = ()) -> list[tuple[object, ...]]:
        self.refresh()
        try:
            return list(self.db.execute(sql, tuple(args)))
        except sqlite3.OperationalError as exc:
            self.close()
            raise unusable(self.path, exc) from None
        except sqlite3.DatabaseError:  # a damaged page: build it again, once
            self.close()
            self.rebuild()
            try:
                return list(self.db.execute(sql, tuple(args)))
            except sqlite3.Error as exc:
                raise unusable(self.path, exc) from None

    def located(self, ids: Iterable[str]) -> list[Located]:
        found = []
        for entry_id in ids:
            rows = self._rows("SELECT id, day FROM entries WHERE id = ? ORDER BY day", (entry_id,))
            found += [Located(str(i), date.fromisoformat(str(d))) for i, d in rows]
        return found

    def with_prefix(self, prefix: str, limit: int = 50) -> list[Located]:
        """Entries whose id starts with ``prefix``, by id."""
        rows = self._rows(
            "SELECT id, day FROM entries WHERE id >= ? AND id < ? ORDER BY id, day LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),  # every id is ASCII: all sort below it
        )
        return [Located(str(i), date.fromisoformat(str(d))) for i, d in rows]

    def latest(self, count: int = 1) -> list[Located]:
        """The most recent entries: the latest day first, the last added on it first."""
        rows = self._rows(
            "SELECT id, day FROM entries ORDER BY day DESC, seq DESC LIMIT ?", (count,)
        )
        return [Located(str(i), date.fromisoformat(str(d))) for i, d in rows]

    def short_ids(self, ids: Sequence[str], minimum: int) -> dict[str, str]:
        """The shortest start of each of ``ids`` (at least ``minimum`` long) that no other id
        has: from each one's neighbours in id order, found in one query with two lookups in
        the ids' index per id, so that it costs the same in a journal of any size (a month's
        300 ids: 3 ms at 36,500 entries, 11 ms at 365,000)."""
        if not ids:  # nothing to ask: the index is not even opened (nor made)
            return {}
        rows = self._rows(
            "SELECT j.value, (SELECT max(id) FROM entries WHERE id < j.value), "
            "(SELECT min(id) FROM entries WHERE id > j.value) FROM json_each(?) AS j",
            (json.dumps(list(ids)),),
        )
        found = {}
        for entry_id, *others in rows:
            given = str(entry_id)
            length = minimum
            for other in others:
                if other is not None:
                    length = max(length, _common(given, str(other)) + 1)
            found[given] = given[:length]
        return found

    def days_in_a_row(self, until: date) -> int:
        """Consecutive days with a day file, ending at ``until`` (0 when it has none).

        Days are counted, not walked: a run of n days is found with about 2 log n counts of
        ranges in SQLite's index (3n index entries read in all, in C), so a streak of a
        hundred years costs milliseconds."""
        end = until.toordinal()

        def full(first: int, last: int) -> bool:  # every day in [first, last] has a file
            ((count,),) = self._rows(
                "SELECT count(*) FROM days WHERE ord BETWEEN ? AND ?", (first, last)
            )
            return count == last - first + 1

        if not full(end, end):
            return 0
        run = 1  # [end - run + 1, end] is full: double it while the block before is full too
        while full(end - 2 * run + 1, end - run):
            run *= 2
        # A day in [low, high] has no file, and every day after high has one: find the last.
        low, high = end - 2 * run + 1, end - run
        while low < high:
            middle = (low + high + 1) // 2
            if full(middle, high):
                high = middle - 1
            else:
                low = middle
        return end - low

    def longest_run(self, until: date) -> int:
        """The longest run of consecutive days with a day file, up to ``until``."""
        rows = self._rows(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM "
            "(SELECT ord - row_number() OVER (ORDER BY ord) AS island FROM days WHERE ord <= ?) "
            "GROUP BY island)",
            (until.toordinal(),),
        )
        return int(str(rows[0][0] or 0))

    def damaged(self, first: date | None, last: date | None) -> list[DamagedFileError]:
        """The damaged day files in [first, last], as reading them said."""
        rows = self._rows(
            "SELECT day, problem, newer FROM days WHERE problem IS NOT NULL "
            "AND ord >= ? AND ord <= ? ORDER BY day",
            (_low(first), _high(last)),
        )
        found: list[DamagedFileError] = []
        for key, problem, newer in rows:
            path = self.store.day_path(date.fromisoformat(str(key)))
            error = NewerSchemaError if newer else DamagedFileError
            found.append(error(path, str(problem)))
        return found

    def digests(self, first: date | None, last: date | None) -> dict[date, bytes]:
        """The ``documents.file_digest`` of each sound day file in [first, last] that the index
        read (or selflead wrote) exactly as selflead writes it: what ``Store.read_day`` is
        handed as ``known`` by a reader of many days."""
        rows = self._rows(
            "SELECT day, digest FROM days WHERE problem IS NULL AND digest IS NOT NULL "
            "AND ord >= ? AND ord <= ?",
            (_low(first), _high(last)),
        )
        return {
            date.fromisoformat(str(day)): digest
            for day, digest in rows
            if isinstance(digest, bytes)  # a BLOB
        }

    def entry_count(self, first: date | None, last: date | None) -> int:
        """How many entries the day files in [first, last] hold (an export's summary line)."""
        rows = self._rows(
            "SELECT coalesce(sum(entries), 0) FROM days WHERE ord >= ? AND ord <= ?",
            (_low(first), _high(last)),
        )
        return int(str(rows[0][0] or 0))

    def repeated_ids(self, first: date | None, last: date | None) -> dict[str, list[date]]:
        """Each id held more than once by the days in [first, last], with its days."""
        if first is None and last is None:  # the whole journal: no day to look up (4x faster)
            rows = self._rows(
                "SELECT id, day FROM entries WHERE id IN (SELECT id FROM entries "
                "GROUP BY id HAVING count(*) > 1) ORDER BY id, day, seq"
            )
            return _by_id(rows)
        rows = self._rows(
            "SELECT e.id, e.day FROM entries e JOIN days d ON d.day = e.day "
            "WHERE d.ord >= ? AND d.ord <= ? AND e.id IN (SELECT e2.id FROM entries e2 "
            "JOIN days d2 ON d2.day = e2.day WHERE d2.ord >= ? AND d2.ord <= ? "
            "GROUP BY e2.id HAVING count(*) > 1) ORDER BY e.id, e.day, e.seq",
            (_low(first), _high(last)) * 2,
        )
        return _by_id(rows)

    def search(self, terms: Sequence[Sequence[str]], filters: Filters) -> Iterator[Entry]:
        """Entries whose words hold every term (a term is a run of words, the last one a prefix
        of a word), that pass ``filters``: the newest first."""
        low = rowid_of(filters.first or date.min, 0)
        high = rowid_of(filters.last or date.max, (1 << SEQ_BITS) - 1)
        low_rating = filters.min_rating if filters.min_rating is not None else 1
        high_rating = filters.max_rating if filters.max_rating is not None else 5
        where: list[str] = ["e.rowid BETWEEN ? AND ?"]
        args: list[object] = [low, high]
        if filters.min_rating is not None or filters.max_rating is not None:
            areas = [filters.area] if filters.area else list(AREAS)
            where.append("(" + " OR ".join(f"e.{a} BETWEEN ? AND ?" for a in areas) + ")")
            for _ in areas:
                args += [low_rating, high_rating]
        if filters.tag is not None:
            where.append("instr(e.tags, ?) > 0")
            args.append(f" {filters.tag} ")
        source, order = "entries e", "e.rowid"
        if terms:
            column = f"{filters.area} : " if filters.area else ""
            match = " AND ".join(column + '"' + " ".join(term) + '" *' for term in terms if term)
            # FTS5 drives, newest rowid first, so the first hits come without sorting them all.
            source, order = "texts t CROSS JOIN entries e ON e.rowid = t.rowid", "t.rowid"
            where += ["texts MATCH ?", "t.rowid BETWEEN ? AND ?"]
            args += [match, low, high]
        sql = (
            f"SELECT e.doc FROM {source} WHERE {' AND '.join(where)} "  # noqa: S608 (ours)
            f"ORDER BY {order} DESC"
        )
        self.refresh()
        with contextlib.closing(self.db.execute(sql, args)) as rows:
            for (doc,) in rows:
                yield Entry.model_validate(json.loads(doc))


def _by_id(rows: Iterable[tuple[object, ...]]) -> dict[str, list[date]]:
    found: dict[str, list[date]] = {}
    for key, day in rows:
        found.setdefault(str(key), []).append(date.fromisoformat(str(day)))
    return found


def _low(first: date | None) -> int:
    return first.toordinal() if first else 0


def _high(last: date | None) -> int:
    return last.toordinal() if last else date.max.toordinal()


def _common(one: str, other: str) -> int:
    """How many characters ``one`` and ``other`` start with in common."""
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count
