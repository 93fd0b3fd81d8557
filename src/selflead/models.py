"""What a check-in is: pydantic models for entries and the files that hold them.

Every model is strict and refuses unknown fields, so a file that drifts from this shape is
reported as damaged instead of being half-read. Validation errors never echo the input
(``hide_input_in_errors``): a reflection is private.

JSON input (``model_validate_json``: every file read) is checked by pydantic-core alone where
it can say the same yes or no, so that reading a day file calls back into Python only for its
timestamps and its model checks. It accepts and refuses exactly what the Python validators
do, and gives the same values; only its words for a refusal may be pydantic's own. No one shows
those: a file that fails it is read again by the strict reader, whose Python-input validation
gives the messages below (``store.documents.canonical``). tests/test_model_equivalence.py holds
the proof against a frozen copy of the validators before this split.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetPydanticSchema,
    model_validator,
)
from pydantic_core import PydanticKnownError, core_schema

from selflead.areas import AREAS, AreaName
from selflead.dates import FIRST_DAY, LAST_DAY, RANGE_WORDS, in_range, parse_week
from selflead.errors import InputError

# The version of the on-disk shape written by this program (see store.MIGRATIONS). Version 2
# added each entry's ``updated`` (null until the entry is first edited) and the trash.
SCHEMA_VERSION: Final = 2

MAX_REFLECTION = 10_000
MAX_TAG = 32
MAX_TAGS = 20

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TAG_RE = re.compile(r"[^\s,\x00-\x1f\x7f-\x9f]+")


def _iso_date(value: Any) -> Any:
    """Accept a real ``date`` or exactly ``YYYY-MM-DD`` (what our files and imports hold)."""
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


# A moment's day, in any time zone, stays inside the supported days (and far from year 9999,
# where converting it to another offset overflows).
_FIRST_MOMENT: Final = FIRST_DAY.toordinal() - 1
_LAST_MOMENT: Final = LAST_DAY.toordinal() + 1


def _supported_moment(value: datetime) -> datetime:
    if not _FIRST_MOMENT <= value.toordinal() <= _LAST_MOMENT:
        raise ValueError(f"must be a moment {RANGE_WORDS}")
    return value


def _supported_week(value: str) -> str:
    try:
        parse_week(value)
    except InputError as exc:
        raise ValueError(exc.message.replace(f"week {value!r} ", "the week ")) from None
    return value


def _valid_unicode(value: str) -> str:
    """Refuse text that cannot be written as UTF-8 (lone surrogates from undecodable input)."""
    if value.isascii():  # most text: nothing to encode (every file read validates each string)
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text") from None
    return value


def _reflection_length(value: str) -> str:
    if len(value) > MAX_REFLECTION:
        raise ValueError(f"has {len(value):,} characters; at most {MAX_REFLECTION:,} are allowed")
    return value


def clean_tag(value: str) -> str:
    """A tag as stored: leading '#'s dropped; one short word, no spaces or control characters.

    All of them, so that cleaning a stored tag again changes nothing (a file read back holds
    what was written).
    """
    value = value.lstrip("#")
    if not value or not _TAG_RE.fullmatch(value):
        raise ValueError(
            "a tag is a single word without spaces, commas or control characters (e.g. q4)"
        )
    if len(value) > MAX_TAG:
        raise ValueError(f"a tag has at most {MAX_TAG} characters")
    return value


def _json_moment(value: Any) -> datetime:
    """A timestamp parsed from JSON: what the three steps above do for Python input, in one
    call (the value is a string or not a timestamp)."""
    if not isinstance(value, str):
        raise PydanticKnownError("datetime_type")
    moment = _iso_datetime(value)
    if moment.tzinfo is None:
        raise PydanticKnownError("timezone_aware")
    return _supported_moment(moment)


def _for_json(schema: core_schema.CoreSchema) -> GetPydanticSchema:
    """Annotated last: JSON input is validated by ``schema`` alone; Python input by all that
    comes before, unchanged."""
    return GetPydanticSchema(
        lambda source, handler: core_schema.json_or_python_schema(
            json_schema=schema, python_schema=handler(source)
        )
    )


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    AfterValidator(_supported_day),
    _for_json(
        core_schema.chain_schema(
            [
                core_schema.str_schema(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
                core_schema.date_schema(strict=False, ge=FIRST_DAY, le=LAST_DAY),
            ]
        )
    ),
]
Timestamp = Annotated[
    AwareDatetime,
    BeforeValidator(_iso_datetime),
    AfterValidator(_supported_moment),
    _for_json(core_schema.no_info_plain_validator_function(_json_moment)),
]
IsoWeek = Annotated[str, Field(pattern=r"^\d{4}-W\d{2}$"), AfterValidator(_supported_week)]
Text = Annotated[str, AfterValidator(_valid_unicode)]
Reflection = Annotated[
    Text,
    AfterValidator(_reflection_length),
    _for_json(core_schema.str_schema(max_length=MAX_REFLECTION)),
]
Rating = Annotated[int, Field(ge=1, le=5)]
# A tag that ``clean_tag`` keeps as it is, spelled for pydantic's own regex engine: no leading
# '#' and none of the characters _TAG_RE refuses (Python's ``\s`` listed: str.isspace()).
_TAG_REFUSED: Final = (
    (0x00, 0x20),
    (0x2C, 0x2C),
    (0x7F, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
)
_TAG_CLASS: Final = "".join(
    f"\\x{{{low:X}}}" + (f"-\\x{{{high:X}}}" if high > low else "") for low, high in _TAG_REFUSED
)
_KEPT_TAG: Final = f"^[^#{_TAG_CLASS}][^{_TAG_CLASS}]{{0,{MAX_TAG - 1}}}$"

Tag = Annotated[
    Text,
    AfterValidator(clean_tag),
    _for_json(
        core_schema.union_schema(
            [
                core_schema.str_schema(pattern=_KEPT_TAG),
                core_schema.no_info_after_validator_function(clean_tag, core_schema.str_schema()),
            ],
            mode="left_to_right",
        )
    ),
]
EntryId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]

_STRICT = ConfigDict(
    strict=True, extra="forbid", frozen=True, hide_input_in_errors=True, defer_build=True
)


class AreaCheckin(BaseModel):
    """One area of a check-in: a 1-5 rating (or none) and a written reflection (may be empty)."""

    model_config = _STRICT

    rating: Rating | None = None
    reflection: Reflection = ""

    @property
    def is_empty(self) -> bool:
        return self.rating is None and not self.reflection.strip()


class Entry(BaseModel):
    """One check-in. A day can hold several; ``date`` is the day it is about (backfill allowed)."""

    model_config = _STRICT

    id: EntryId
    date: IsoDate
    created: Timestamp
    communication: AreaCheckin = AreaCheckin()
    emotions: AreaCheckin = AreaCheckin()
    behaviour: AreaCheckin = AreaCheckin()
    goals: AreaCheckin = AreaCheckin()
    tags: Annotated[list[Tag], Field(max_length=MAX_TAGS)] = []
    updated: Timestamp | None = None  # when it was last edited; None: never

    def area(self, name: AreaName) -> AreaCheckin:
        result: AreaCheckin = getattr(self, name)
        return result

    @property
    def is_empty(self) -> bool:
        return all(self.area(a).is_empty for a in AREAS)

    @property
    def backfilled(self) -> bool:
        """Written on a later day than the one it is about: it has no time of day."""
        return self.created.date() != self.date

    def ratings(self) -> dict[AreaName, int | None]:
        return {a: self.area(a).rating for a in AREAS}


class DayFile(BaseModel):
    """The file that holds one calendar day's entries (``entries/YYYY/YYYY-MM-DD.json``)."""

    model_config = _STRICT

    schema_version: Literal[2]
    date: IsoDate
    entries: list[Entry]

    @model_validator(mode="after")
    def _entries_belong_here(self) -> DayFile:
        for number, entry in enumerate(self.entries, start=1):
            if entry.date != self.date:
                raise ValueError(
                    f"entry {number} is dated {entry.date} but sits in the file for {self.date}"
                )
        return self


class WeeklyReflection(BaseModel):
    """A GROW-model weekly reflection: Goal, Reality, Options, Will."""

    model_config = _STRICT

    goal: Reflection = ""
    reality: Reflection = ""
    options: Reflection = ""
    will: Reflection = ""
    created: Timestamp
    updated: Timestamp

    @property
    def is_empty(self) -> bool:
        return not any(text.strip() for text in (self.goal, self.reality, self.options, self.will))


class WeekFile(BaseModel):
    """The file that holds one ISO week's reflection (``reviews/YYYY-Www.json``)."""

    model_config = _STRICT

    schema_version: Literal[2]
    week: IsoWeek
    reflection: WeeklyReflection


class TrashFile(BaseModel):
    """A deleted entry, whole, and when it was deleted (``trash/<id>.json``)."""

    model_config = _STRICT

    schema_version: Literal[2]
    id: EntryId
    deleted: Timestamp
    entry: Entry

    @model_validator(mode="after")
    def _holds_its_entry(self) -> TrashFile:
        if self.entry.id != self.id:
            raise ValueError(f"holds the entry {self.entry.id}, not {self.id}")
        return self


# ---- commitments: if-then plans made in a week's review, asked about every day of that week

Outcome = Literal["kept", "partly", "missed"]
CommitmentId = Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
PlanText = Annotated[Text, Field(min_length=1, max_length=500)]


class Mark(BaseModel):
    """How a commitment went on one day (a day with no occasion has no mark)."""

    model_config = _STRICT

    date: IsoDate
    outcome: Outcome


class Commitment(BaseModel):
    """An if-then plan for one ISO week: "When <situation>, I will <action>"."""

    model_config = _STRICT

    id: CommitmentId
    when: PlanText
    will: PlanText
    created: Timestamp
    carried_from: CommitmentId | None = None  # the same plan in an earlier week
    goal: CommitmentId | None = None  # the WOOP goal whose standing plan this is
    dropped: bool = False
    marks: list[Mark] = []


class CommitmentsFile(BaseModel):
    """The file that holds one ISO week's commitments (``commitments/YYYY-Www.json``)."""

    model_config = _STRICT

    schema_version: Literal[2]  # the kinds came with version 2
    week: Annotated[str, Field(pattern=r"^\d{4}-W\d{2}$")]
    commitments: list[Commitment]


# ---- goals: each its own file (goals/<id>.json), with its history of progress

GoalStatus = Literal["open", "done", "dropped"]
MAX_TARGET: Final = 1_000_000_000


class Progress(BaseModel):
    """One step of a goal's history: a measured goal's number on a day, and/or a note."""

    model_config = _STRICT

    date: IsoDate
    value: Annotated[float, Field(ge=0, le=MAX_TARGET, allow_inf_nan=False)] | None = None
    note: Annotated[Text, Field(max_length=2_000)] = ""


class Woop(BaseModel):
    """Mental contrasting with an if-then plan: Wish, Outcome, Obstacle, Plan."""

    model_config = _STRICT

    wish: PlanText
    outcome: PlanText
    obstacle: PlanText
    plan: PlanText  # what "I will" do when the obstacle comes


class Goal(BaseModel):
    model_config = _STRICT

    id: CommitmentId
    title: Annotated[Text, Field(min_length=1, max_length=200)]
    created: Timestamp
    started: IsoDate  # the day it was set: the time it has runs from here to ``due``
    area: AreaName | None = None
    due: IsoDate | None = None
    measure: Annotated[Text, Field(min_length=1, max_length=100)] | None = None
    target: Annotated[float, Field(gt=0, le=MAX_TARGET, allow_inf_nan=False)] | None = None
    status: GoalStatus = "open"
    closed: IsoDate | None = None
    woop: Woop | None = None
    progress: list[Progress] = []

    @model_validator(mode="after")
    def _measured_whole(self) -> Goal:
        if (self.measure is None) != (self.target is None):
            raise ValueError("a measured goal has both a measure and a target")
        return self

    @property
    def current(self) -> float | None:
        """The latest number recorded (0 for a measured goal with none yet)."""
        values = [p.value for p in self.progress if p.value is not None]
        if values:
            return values[-1]
        return 0.0 if self.target is not None else None


class GoalFile(BaseModel):
    """The file that holds one goal (``goals/<id>.json``)."""

    model_config = _STRICT

    schema_version: Literal[2]  # the kinds came with version 2
    id: CommitmentId
    goal: Goal
