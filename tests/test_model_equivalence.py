"""The models' JSON fast path says what their Python validators say (issue 17).

``selflead.models`` checks JSON input (every file read) with pydantic-core alone where it can.
The oracle here is a frozen copy of the validators as they were before that split: the new
models must accept and refuse exactly the same inputs, give the same values, and, for Python
input (imports, check-ins typed in, and the strict reader that re-reads a file that failed the
fast path), the same errors in the same words as ``problems.describe`` shows them.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from selflead import models
from selflead.dates import FIRST_DAY, LAST_DAY, RANGE_WORDS, in_range
from selflead.problems import describe

# ---- the oracle: models.py's validators and day-file models before the JSON fast path

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TAG_RE = re.compile(r"[^\s,\x00-\x1f\x7f-\x9f]+")


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _DATE_RE.fullmatch(value):
            raise ValueError("must be a date written YYYY-MM-DD")
        value = date.fromisoformat(value)
    return value


def _supported_day(value: date) -> date:
    if not in_range(value):
        raise ValueError(f"must be a day {RANGE_WORDS}")
    return value


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("must be an ISO 8601 timestamp with a UTC offset") from None
    return value


def _supported_moment(value: datetime) -> datetime:
    if not FIRST_DAY.toordinal() - 1 <= value.toordinal() <= LAST_DAY.toordinal() + 1:
        raise ValueError(f"must be a moment {RANGE_WORDS}")
    return value


def _valid_unicode(value: str) -> str:
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text") from None
    return value


def _reflection_length(value: str) -> str:
    if len(value) > 10_000:
        raise ValueError(f"has {len(value):,} characters; at most {10_000:,} are allowed")
    return value


def _clean_tag(value: str) -> str:
    value = value.lstrip("#")
    if not value or not _TAG_RE.fullmatch(value):
        raise ValueError(
            "a tag is a single word without spaces, commas or control characters (e.g. q4)"
        )
    if len(value) > 32:
        raise ValueError("a tag has at most 32 characters")
    return value


OldIsoDate = Annotated[date, BeforeValidator(_iso_date), AfterValidator(_supported_day)]
OldTimestamp = Annotated[
    AwareDatetime, BeforeValidator(_iso_datetime), AfterValidator(_supported_moment)
]
OldText = Annotated[str, AfterValidator(_valid_unicode)]
OldReflection = Annotated[OldText, AfterValidator(_reflection_length)]
OldTag = Annotated[OldText, AfterValidator(_clean_tag)]
_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True, hide_input_in_errors=True)


class OldAreaCheckin(BaseModel):
    model_config = _STRICT
    rating: Annotated[int, Field(ge=1, le=5)] | None = None
    reflection: OldReflection = ""


class OldEntry(BaseModel):
    model_config = _STRICT
    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
    date: OldIsoDate
    created: OldTimestamp
    communication: OldAreaCheckin = OldAreaCheckin()
    emotions: OldAreaCheckin = OldAreaCheckin()
    behaviour: OldAreaCheckin = OldAreaCheckin()
    goals: OldAreaCheckin = OldAreaCheckin()
    tags: Annotated[list[OldTag], Field(max_length=20)] = []
    updated: OldTimestamp | None = None


class OldDayFile(BaseModel):
    model_config = _STRICT
    schema_version: Literal[2]
    date: OldIsoDate
    entries: list[OldEntry]

    @model_validator(mode="after")
    def _entries_belong_here(self) -> OldDayFile:
        for number, entry in enumerate(self.entries, start=1):
            if entry.date != self.date:
                raise ValueError(
                    f"entry {number} is dated {entry.date} but sits in the file for {self.date}"
                )
        return self


# ---- comparing an outcome


def _outcome(validate: Any, data: Any, *, words: bool) -> tuple[str, Any]:
    """("ok", the value as Python and as JSON) or ("refused", the errors and the line shown)."""
    try:
        value = validate(data)
    except ValidationError as exc:
        if not words:
            return ("refused", None)
        errors = exc.errors(include_input=False, include_url=False, include_context=False)
        shown = [(e["type"], e["loc"], e["msg"]) for e in errors]
        said = (shown, describe(exc), describe(exc, count_more=False, whole=""))
        return ("refused", json.loads(re.sub(r"\bOld(?=[A-Z])", "", json.dumps(said))))
    if isinstance(value, BaseModel):
        return ("ok", (value.model_dump(), value.model_dump_json(indent=2)))
    return ("ok", (value, type(getattr(value, "tzinfo", None))))


def _same(old: Any, new: Any, data: Any, *, json_input: bool, strict: bool = True) -> None:
    """Old and new agree on ``data``: yes or no always, and every word for Python input."""
    if json_input:
        raw = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
        expected = _outcome(lambda r: old.model_validate_json(r), raw, words=False)
        got = _outcome(lambda r: new.model_validate_json(r), raw, words=False)
        raw_ascii = json.dumps(data).encode("ascii")  # lone surrogates as \\udXXX escapes
        assert _outcome(lambda r: old.model_validate_json(r), raw_ascii, words=False) == expected
        assert _outcome(lambda r: new.model_validate_json(r), raw_ascii, words=False) == expected
    else:
        expected = _outcome(lambda d: old.model_validate(d, strict=strict), data, words=True)
        got = _outcome(lambda d: new.model_validate(d, strict=strict), data, words=True)
    assert got == expected


# ---- generated inputs: valid ones, and each kind of nearly valid


def _text_chars() -> st.SearchStrategy[str]:
    return st.characters(codec=None, exclude_categories=())  # includes lone surrogates


DATE_TEXTS = st.one_of(
    st.dates(min_value=date(1890, 1, 1), max_value=date(2210, 12, 31)).map(date.isoformat),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),  # 2026-02-30, 0000-01-01
    st.sampled_from(
        [
            "2026-1-01",
            "20260101",
            "2026-01-01T00:00:00",
            "1699920000",
            "2026-W01-1",
            "２０２６-01-01",
            " 2026-01-01",
            "2026-01-01\n",
            "+2026-01-01",
            "",
            "1899-12-31",
            "1900-01-01",
            "2199-12-31",
            "2200-01-01",
        ]
    ),
)
MOMENT_TEXTS = st.one_of(
    st.builds(
        lambda d, off, micro: d.replace(
            tzinfo=None if off is None else timezone(timedelta(minutes=off)),
            microsecond=micro,
        ).isoformat(),
        st.datetimes(min_value=datetime(1899, 12, 29), max_value=datetime(2200, 1, 3)),
        st.one_of(st.none(), st.integers(-1439, 1439), st.sampled_from([0, 60, -300])),
        st.sampled_from([0, 0, 123456]),
    ),
    st.sampled_from(
        [
            "2026-01-01T10:00:00Z",
            "2026-01-01T10:00Z",
            "2026-01-01 10:00:00+01:00",
            "2026-01-01T10+01:00",
            "20260101T100000+0100",
            "2026-01-01",
            "2026-01-01T24:00:00+00:00",
            "2026-01-01T10:00:00+24:00",
            "2026-01-01T10:00:60+00:00",
            "2026-01-01T10:00:00.1234567+00:00",
            "1899-12-30T23:00:00-05:00",
            "2200-01-02T01:00:00+14:00",
            "9999-12-31T23:59:59+00:00",
            "not a time",
            "",
        ]
    ),
)
WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["a", "b"]), st.integers(), max_size=1),
)


def _python_only(json_input: bool) -> st.SearchStrategy[Any]:
    """Values only Python input holds: dates, datetimes (other tzinfos, naive), bytes."""
    if json_input:
        return st.nothing()
    return st.one_of(
        st.dates(min_value=date(1890, 1, 1), max_value=date(2210, 1, 1)),
        st.datetimes(
            min_value=datetime(1899, 12, 1),
            max_value=datetime(2200, 2, 1),
            timezones=st.sampled_from(
                [None, UTC, timezone(timedelta(hours=-5)), ZoneInfo("Europe/Berlin")]
            ),
        ),
        st.just(b"2026-01-01"),
    )


def _tags() -> st.SearchStrategy[str]:
    return st.one_of(
        st.from_regex(r"#{0,2}[a-z0-9]{1,34}", fullmatch=True),
        st.text(_text_chars(), max_size=36),
        st.sampled_from(
            ["", "#", "##", "a b", "a,b", "q\u00a0", "x\u3000", "\x85x", "é", "#" + "x" * 32]
        ),
    )


def _reflections() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(_text_chars(), max_size=40),
        st.builds(lambda n, c: c * n, st.integers(9_998, 10_002), st.sampled_from(["a", "é"])),
    )


def _area(json_input: bool) -> st.SearchStrategy[Any]:
    fields = st.fixed_dictionaries(
        {},
        optional={
            "rating": st.one_of(st.none(), st.integers(-1, 7), WRONG),
            "reflection": st.one_of(_reflections(), _reflections(), WRONG),
            "extra": st.integers(),
        },
    )
    return st.one_of(fields, fields, WRONG)


def _entry(json_input: bool, day: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[Any]:
    dates = st.one_of(DATE_TEXTS, _python_only(json_input), WRONG) if day is None else day
    moments = st.one_of(MOMENT_TEXTS, MOMENT_TEXTS, _python_only(json_input), WRONG)
    return st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(
                st.from_regex(r"[A-Za-z0-9_.:-]{1,64}", fullmatch=True), st.text(max_size=3)
            ),
            "date": dates,
            "created": moments,
            "communication": _area(json_input),
            "emotions": _area(json_input),
            "behaviour": _area(json_input),
            "goals": _area(json_input),
            "tags": st.one_of(st.lists(_tags(), max_size=22), WRONG),
            "updated": st.one_of(st.none(), moments),
            "colour": st.just("blue"),
        },
    )


def _valid_entry(day: str) -> st.SearchStrategy[dict[str, Any]]:
    """Entries mostly valid, so the yes path is exercised as much as each no."""
    return st.fixed_dictionaries(
        {
            "id": st.from_regex(r"[a-f0-9-]{8,36}", fullmatch=True),
            "date": st.just(day),
            "created": st.just(f"{day}T09:30:44+01:00"),
        },
        optional={
            area: st.fixed_dictionaries(
                {}, optional={"rating": st.integers(1, 5), "reflection": st.text(max_size=30)}
            )
            for area in ("communication", "emotions", "behaviour", "goals")
        }
        | {
            "tags": st.lists(st.from_regex(r"#?[a-z0-9]{1,8}", fullmatch=True), max_size=3),
            "updated": st.sampled_from([None, f"{day}T21:00:00Z"]),
        },
    )


def _day_file(json_input: bool) -> st.SearchStrategy[Any]:
    def build(day: str) -> st.SearchStrategy[Any]:
        near = st.one_of(
            _valid_entry(day), _entry(json_input, st.sampled_from([day, "2026-01-02"]))
        )
        return st.fixed_dictionaries(
            {"schema_version": st.sampled_from([2, 2, 2, 1, "2"]), "date": st.just(day)},
            optional={"entries": st.lists(st.one_of(_valid_entry(day), near), max_size=4)},
        )

    return st.sampled_from(["2026-01-01", "2026-02-30", "1899-12-31"]).flatmap(build)


_CHECKS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("json_input", [True, False], ids=["json", "python"])
@_CHECKS
@given(data=st.data())
def test_entries_are_judged_as_before(json_input: bool, data: st.DataObject) -> None:
    entry = data.draw(_entry(json_input))
    _same(OldEntry, models.Entry, entry, json_input=json_input)


@pytest.mark.parametrize("json_input", [True, False], ids=["json", "python"])
@_CHECKS
@given(data=st.data())
def test_day_files_are_judged_as_before(json_input: bool, data: st.DataObject) -> None:
    _same(OldDayFile, models.DayFile, data.draw(_day_file(json_input)), json_input=json_input)


@_CHECKS
@given(data=st.data())
def test_lax_entries_are_judged_as_before(data: st.DataObject) -> None:
    """Imports from other apps validate with ``strict=False`` (transfer.outside)."""
    _same(OldEntry, models.Entry, data.draw(_entry(False)), json_input=False, strict=False)


_TYPES = [
    (OldIsoDate, models.IsoDate, st.one_of(DATE_TEXTS, WRONG)),
    (OldTimestamp, models.Timestamp, st.one_of(MOMENT_TEXTS, WRONG)),
    (OldReflection, models.Reflection, st.one_of(_reflections(), WRONG)),
    (OldTag, models.Tag, st.one_of(_tags(), WRONG)),
]


@pytest.mark.parametrize(("old", "new", "values"), _TYPES, ids=["date", "moment", "text", "tag"])
@_CHECKS
@given(data=st.data())
def test_each_field_type_is_judged_as_before(
    old: Any, new: Any, values: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    """Every model holding these types (goals, marks, reviews, the trash) judges as before;
    each value both as JSON and as Python, strict and lax."""
    value = data.draw(values)
    old_ta = TypeAdapter(old, config=_STRICT)
    new_ta = TypeAdapter(new, config=_STRICT)
    raw = json.dumps(value).encode()
    assert _outcome(new_ta.validate_json, raw, words=False) == _outcome(
        old_ta.validate_json, raw, words=False
    )
    for strict in (True, False):
        new_way = _outcome(
            lambda v, s=strict: new_ta.validate_python(v, strict=s), value, words=True
        )
        old_way = _outcome(
            lambda v, s=strict: old_ta.validate_python(v, strict=s), value, words=True
        )
        assert new_way == old_way


def test_every_date_shaped_text_is_judged_as_before() -> None:
    """Each month and day number (00 to 39) in the years at the edges of what is supported."""
    old = TypeAdapter(OldIsoDate, config=_STRICT)
    new = TypeAdapter(models.IsoDate, config=_STRICT)
    for year in (0, 1, 4, 1800, 1899, 1900, 1901, 2000, 2024, 2100, 2199, 2200, 9999):
        for month in range(20):
            for day in range(40):
                raw = f'"{year:04}-{month:02}-{day:02}"'.encode()
                assert _outcome(new.validate_json, raw, words=False) == _outcome(
                    old.validate_json, raw, words=False
                ), raw


def test_a_stored_tag_is_refused_natively_for_exactly_the_characters_clean_tag_refuses() -> None:
    """The native tag pattern lists the characters ``_TAG_RE`` refuses (Python's ``\\s``
    included): every code point, one at a time, as a tag alone and after another letter."""
    refused = {
        c
        for c in map(chr, range(0x110000))
        if not 0xD800 <= ord(c) <= 0xDFFF
        if not _TAG_RE.fullmatch(c)
    }
    listed = {chr(n) for low, high in models._TAG_REFUSED for n in range(low, high + 1)}
    assert listed == refused
    tag = TypeAdapter(models.Tag, config=_STRICT)
    for c in sorted(refused):
        for text in (c, "a" + c, "#" + c):
            with pytest.raises(ValidationError):
                tag.validate_json(json.dumps(text))


@pytest.mark.parametrize(
    "raw",
    [b'"\\ud800"', b'"\\udfff"', b'"a\\ud83dz"', b'"\\ude00\\ud83d"', b'"\xed\xa0\x80"', b'"\xff"'],
)
def test_the_json_parser_refuses_text_that_is_not_unicode(raw: bytes) -> None:
    """Why JSON input needs no ``_valid_unicode``: pydantic's parser refuses a lone surrogate,
    escaped or raw, before any validator sees it."""
    reflection = TypeAdapter(models.Reflection, config=_STRICT)
    with pytest.raises(ValidationError) as caught:
        reflection.validate_json(raw)
    assert caught.value.errors()[0]["type"] == "json_invalid"
    assert TypeAdapter(models.Reflection).validate_json(b'"\\ud83d\\ude00"') == "\U0001f600"


def test_a_lone_surrogate_typed_in_is_still_refused_in_the_users_words() -> None:
    with pytest.raises(ValidationError) as caught:
        models.AreaCheckin(reflection="caf\udce9")
    assert describe(caught.value) == "reflection: is not valid Unicode text"
    with pytest.raises(ValidationError) as caught:
        models.Entry.model_validate(
            {
                "id": "a",
                "date": "2026-01-01",
                "created": "2026-01-01T10:00:00+01:00",
                "tags": ["\udce9"],
            }
        )
    assert describe(caught.value) == "tags.0: is not valid Unicode text"
