"""The streamed reading of a backup (``transfer.jsonstream``) reads what ``json.loads`` reads,
wherever the pieces it reads happen to end: in a string, an escape, a number, a character of
several bytes."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selflead.transfer import jsonstream
from selflead.transfer.jsonstream import StreamProblem, items

LISTS = frozenset({"entries", "reviews"})
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
documents = st.dictionaries(
    st.sampled_from(["format", "version", "entries", "reviews", "other"]),
    values | st.lists(values, max_size=4),
)


def _read_back(raw: bytes) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items(io.BytesIO(raw), LISTS):
        if item.end_of_list:
            found.setdefault(item.key, [])
        elif item.in_list:
            found.setdefault(item.key, []).append(item.value)
        else:
            found[item.key] = item.value
    return found


@settings(max_examples=200, deadline=None)
@given(documents, st.integers(min_value=1, max_value=9), st.booleans(), st.booleans())
def test_pieces_of_any_size_read_as_json_loads_does(
    document: dict[str, Any], size: int, indent: bool, ascii_only: bool
) -> None:
    raw = json.dumps(document, indent=2 if indent else None, ensure_ascii=ascii_only).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonstream, "_READ", size)
        assert _read_back(raw) == json.loads(raw)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b'{"entries": [1, 2', "is not valid JSON: Expecting ',' delimiter (line 1, column 18)"),
        (b'{"a": 1, "a": 2}', "is not valid journal JSON: an object holds the same key twice"),
        (b'{"entries": [{"x": 1, "x": 2}]}', "is not valid journal JSON: an object holds"),
        (b'{"entries": [NaN]}', "is not valid journal JSON: NaN is not allowed"),
        (b'{"entries": []} x', "is not valid JSON: Extra data (line 1, column 17)"),
        (b'{"entries": ["\xff"]}', "is not valid UTF-8 (line 1, byte 14)"),
        (b"\xef\xbb\xbf{}", "starts with a byte-order mark"),
        (b"  \n ", "is empty"),
        (b'{"entries": ' + b"[" * 700 + b"]" * 700 + b"}", "is nested too deeply"),
    ],
)
def test_what_is_not_strict_json_is_said_with_where(raw: bytes, problem: str) -> None:
    for size in (3, 1 << 20):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(jsonstream, "_READ", size)
            with pytest.raises(StreamProblem) as caught:
                _read_back(raw)
        assert caught.value.problem.startswith(problem), (size, caught.value.problem)


@settings(max_examples=50, deadline=None)
@given(documents, st.integers(min_value=1, max_value=9))
def test_a_second_read_of_the_same_bytes_reads_the_same_and_of_others_is_changed(
    document: dict[str, Any], size: int
) -> None:
    raw = json.dumps(document).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonstream, "_READ", size)
        first = jsonstream.Fingerprint()
        read = list(items(io.BytesIO(raw), LISTS, noted=first))
        assert first.complete
        # The second read cuts each item of a list out by the length the first noted: the
        # same text, not decoded again.
        without_values = [item._replace(value=None) if item.in_list else item for item in read]
        assert list(items(io.BytesIO(raw), LISTS, same_as=first)) == without_values
        assert [json.loads(item.text) for item in read if item.in_list] == [
            item.value for item in read if item.in_list
        ]
        for other in (raw + b" ", raw[:-1] + b" ", b" " + raw):
            with pytest.raises(jsonstream.Changed):
                list(items(io.BytesIO(other), LISTS, same_as=first))


def test_a_read_that_stopped_early_proves_nothing() -> None:
    raw = b'{"entries": [1, 2], "x": NaN}'
    first = jsonstream.Fingerprint()
    with pytest.raises(StreamProblem):
        list(items(io.BytesIO(raw), LISTS, noted=first))
    with pytest.raises(jsonstream.Changed):
        list(items(io.BytesIO(raw), LISTS, same_as=first))
