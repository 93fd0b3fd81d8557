"""A big JSON document read a piece at a time: the top-level object's small values whole, and
the items of its lists one by one, so that a backup of a hundred years is never held as
Python objects (or as text) whole.

The rules are those of ``store.documents.decode_json`` (UTF-8 without a byte-order mark, no
NaN, no key twice, no nesting past ``MAX_NESTING``), with the same messages: each problem
says what is wrong and where (line and column), never what the text holds there. The
nesting guard looks at each piece of text as it is read, before the parser does.

A read can note the SHA-256 of each piece of bytes it reads (``Fingerprint``); a second read
given the fingerprint of a first that passed proves, piece by piece, that it reads the same
bytes (``Changed`` as soon as one differs), and so skips the checks the first made: the
nesting guard, and the strict decoder's (no key twice, no NaN), which those bytes passed. The
fingerprint also holds the length of each list item's text, so the second read cuts each item
out of the text without parsing it again (its ``value`` is then None: the caller reads the text).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Final, NamedTuple

from selflead.store.documents import NestingScan, StrictJSONError, strict_decoder

_READ: Final = 1 << 20  # bytes read at a time
_SPACE: Final = " \t\n\r"
_NUMBER_START: Final = "-0123456789"
_NUMBER_END: Final = re.compile(r"[^0-9eE.+\-]")
_LONGEST: Final = 64 << 20  # characters one value may take (a day file's limit)


class StreamProblem(Exception):
    """The document is not strict JSON; ``problem`` is said after its name."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class Changed(StreamProblem):
    """A read given a fingerprint found bytes other than the ones it records."""

    def __init__(self) -> None:
        super().__init__("changed since it was checked")


@dataclass
class Fingerprint:
    """The SHA-256 of each piece of bytes a read of a document read, in order (the empty read
    at its end too), and the length (characters) of the text of each item of a list; ``complete``
    once the read reached that end."""

    digests: list[bytes] = field(default_factory=list)
    lengths: array[int] = field(default_factory=lambda: array("Q"))
    complete: bool = False


class Item(NamedTuple):
    """A top-level key and one value: its whole value, or (``in_list``) one of its items (a
    tuple: made twice for each entry of a backup, at half a frozen dataclass's cost)."""

    key: str
    value: Any
    in_list: bool = False
    end_of_list: bool = False  # no value: the list ``key`` has ended (maybe with no item)
    text: str = ""  # an item of a list: its JSON text as the document holds it
    # (a read given ``same_as`` gives an item of a list by its text alone: ``value`` is None)


class _Text:
    """The document's text from ``pos`` on, read and decoded as it is needed."""

    def __init__(
        self, handle: IO[bytes], noted: Fingerprint | None, same_as: Fingerprint | None
    ) -> None:
        self.handle = handle
        self.noted = noted
        self.same_as = same_as
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # the line where ``buf`` starts, and the column of its first character
        self.column = 1
        self.bytes_read = 0
        self.pieces = 0  # pieces read so far
        self.lines_read = 0  # newlines in the bytes read so far (for a UTF-8 error's line)
        self.nesting = NestingScan()
        self.first = True
        self.start = 0
        self.items = 0  # items of lists read so far (``same_as``: whose length is known)

    def more(self) -> bool:
        """Read another piece; False at the end of the document."""
        if self.eof:
            return False
        raw = self.handle.read(_READ)
        if self.noted is not None or self.same_as is not None:
            self._fingerprint(raw)
        if self.first:
            self.first = False
            if raw.startswith(b"\xef\xbb\xbf"):
                raise StreamProblem("starts with a byte-order mark, which JSON files must not")
        try:
            text = self.decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            line = self.lines_read + raw.count(b"\n", 0, max(exc.start, 0)) + 1
            at = self.bytes_read + max(exc.start, 0)
            raise StreamProblem(f"is not valid UTF-8 (line {line}, byte {at})") from None
        self.bytes_read += len(raw)
        self.lines_read += raw.count(b"\n")
        if not raw:
            self.eof = True
        if self.same_as is None and self.nesting.feed(text):
            raise StreamProblem("is nested too deeply to be a journal file")
        self._drop_read()
        self.buf += text
        return bool(raw)

    def _fingerprint(self, raw: bytes) -> None:
        """Note the digest of the piece ``raw``, and (given one) check it is the same piece."""
        digest = hashlib.sha256(raw).digest()
        if self.same_as is not None:
            known = self.same_as.digests
            if not self.same_as.complete or self.pieces >= len(known):
                raise Changed
            if known[self.pieces] != digest:
                raise Changed
        self.pieces += 1
        if self.noted is not None:
            self.noted.digests.append(digest)
            self.noted.complete = not raw

    def _drop_read(self) -> None:
        """Forget the text before ``pos``, keeping count of its lines."""
        done = self.buf[: self.pos]
        newlines = done.count("\n")
        if newlines:
            self.line += newlines
            self.column = self.pos - done.rfind("\n")
        else:
            self.column += self.pos
        self.buf = self.buf[self.pos :]
        self.pos = 0

    def where(self, pos: int) -> str:
        before = self.buf[:pos]
        newlines = before.count("\n")
        column = pos - before.rfind("\n") if newlines else self.column + pos
        return f"line {self.line + newlines}, column {column}"

    def skip_space(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def expect(self, chars: str, what: str) -> str:
        found = self.skip_space()
        if not found or found not in chars:
            raise StreamProblem(f"is not valid JSON: Expecting {what} ({self.where(self.pos)})")
        self.pos += 1
        return found

    def text_of_value(self) -> str:
        """The JSON text of the value ``value`` has just read."""
        return self.buf[self.start : self.pos]

    def cut(self, length: int) -> str:
        """The next ``length`` characters (a value whose length a first read noted)."""
        self.skip_space()
        while len(self.buf) - self.pos < length:
            if not self.more():
                raise Changed
        start = self.pos
        self.pos += length
        return self.buf[start : self.pos]

    def value(self, decoder: json.JSONDecoder) -> Any:
        """The next JSON value, read whole (more text is read until it is complete)."""
        first = self.skip_space()
        if first and first in _NUMBER_START:  # a number ends only where something else starts
            while not _NUMBER_END.search(self.buf, self.pos) and self.more():
                pass
        while True:
            try:
                self.start = self.pos  # where it starts in ``buf`` (``text_of_value``)
                value, end = decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos < _LONGEST and self.more():
                    continue  # the value may go on in the text not yet read
                raise StreamProblem(
                    f"is not valid JSON: {exc.msg} ({self.where(exc.pos)})"
                ) from None
            except StrictJSONError as exc:
                raise StreamProblem(f"is not valid journal JSON: {exc}") from None
            except ValueError:
                raise StreamProblem("holds a number too long to be a journal value") from None
            except RecursionError:
                raise StreamProblem("is nested too deeply to be a journal file") from None
            self.pos = end
            return value


def items(
    handle: IO[bytes],
    lists: frozenset[str],
    *,
    noted: Fingerprint | None = None,
    same_as: Fingerprint | None = None,
) -> Iterator[Item]:
    """The top-level object of the document in ``handle``, key by key: the lists named in
    ``lists`` item by item, every other value whole. ``StreamProblem`` for text that is not
    strict JSON, or a top level that is not an object (then its one value is the whole).

    ``noted`` is given the read's fingerprint as it goes; with ``same_as`` (the fingerprint of
    a complete read that raised nothing) the bytes must be those (else ``Changed``), and the
    checks they passed are not made again."""
    text = _Text(handle, noted, same_as)
    decoder = strict_decoder() if same_as is None else json.JSONDecoder()
    if not text.skip_space():
        raise StreamProblem("is empty")
    if text.buf[text.pos] != "{":
        yield Item("", text.value(decoder))  # not an object: the caller says what it is
        _end(text)
        return
    text.pos += 1
    seen: set[str] = set()
    if text.skip_space() == "}":
        text.pos += 1
        _end(text)
        return
    while True:
        if text.skip_space() != '"':
            raise StreamProblem(
                "is not valid JSON: Expecting property name enclosed in double quotes "
                f"({text.where(text.pos)})"
            )
        key = text.value(decoder)
        if key in seen:
            raise StreamProblem("is not valid journal JSON: an object holds the same key twice")
        seen.add(key)
        text.expect(":", "':' delimiter")
        if key in lists and text.skip_space() == "[":
            text.pos += 1
            if text.skip_space() == "]":
                text.pos += 1
            else:
                while True:
                    yield _list_item(text, decoder, key)
                    if text.expect(",]", "',' delimiter") == "]":
                        break
            yield Item(key, None, end_of_list=True)
        else:
            yield Item(key, text.value(decoder))
        if text.expect(",}", "',' delimiter") == "}":
            break
    _end(text)


def _list_item(text: _Text, decoder: json.JSONDecoder, key: str) -> Item:
    """The next item of the list ``key``: decoded (its length noted), or given ``same_as``,
    cut out by the length the first read noted."""
    if text.same_as is not None:
        lengths = text.same_as.lengths
        if text.items >= len(lengths):
            raise Changed
        length = lengths[text.items]
        text.items += 1
        return Item(key, None, in_list=True, text=text.cut(length))
    value = text.value(decoder)
    item = Item(key, value, in_list=True, text=text.text_of_value())
    if text.noted is not None:
        text.noted.lengths.append(len(item.text))
    return item


def _end(text: _Text) -> None:
    if text.skip_space():
        raise StreamProblem(f"is not valid JSON: Extra data ({text.where(text.pos)})")
