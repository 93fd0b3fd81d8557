"""Hostile text through every command that shows it: stored exactly, shown literally with
control characters made visible, never a traceback.

The table is rows of text (HOSTILE) times viewers (VIEWERS): a viewer is a command line and
a check of how that command must show the text. A new command that shows user text is one
more ``Viewer`` line.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import Result

from selflead.chars import visible
from selflead.store.journal import Store

Run = Callable[..., Result]
DAY = date(2026, 11, 24)  # in ISO week 2026-W48

HOSTILE: dict[str, str] = {
    "rich-close-tag": "[/]",
    "rich-bold": "[bold]loud[/bold] and [/] [red]",
    "rich-link": "[link=file:///etc/passwd]x[/link]",
    "emoji-codes": ":smile: :thumbs_up: :warning:",
    "backslashes": "C:\\new\\table \\[not markup] \\\\ end\\",
    "clear-screen": "before\x1b[2J\x1b[Hafter",
    "window-title": "\x1b]0;owned title\x07 text",
    "osc8-hyperlink": "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "osc52-clipboard": "\x1b]52;c;cm0gLXJmIH4K\x07paste",
    "c1-csi": "\x9b31mred\x9b0m",
    "carriage-return": "shown\rhidden by a carriage return",
    "bidi-override": "price \u202e0001$\u202c end",
    "bidi-isolates": "\u2066isolated\u2069 \u200f mark",
    "zero-width": "zero\u200bwidth\u2060joined\ufeffbom",
    "tag-characters": "tag\U000e0001\U000e0071\U000e007f end",
    "nul-bel-del": "a\x00b\x07c\x7fd",
    "line-separators": "one\u2028two\u2029three\x85four",
    "markdown-and-html": "# not a heading *not em* `code` <script>alert(1)</script> | a |",
    "long-line": "w" * 10_000,
    "long-multiline": ("word " * 30 + "\n") * 60,
    "empty": "",
    "only-newlines": "\n\n\n",
    "leading-spaces": "    indented like code",
    "mixed-scripts": "Grüße 你好 مرحبا 🙂‍↔️ e\u0301",
}

# Characters no display may send to a terminal raw: C0 controls but tab and newline, DEL, C1.
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# On top of those, what selflead's own displays make visible: bidi and direction marks, and
# the characters that take no room (zero-width, word joiner, BOM, tag characters).
BIDI = re.compile(
    "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\U000e0000-\U000e007f]"
)


def squash(text: str) -> str:
    """Text without whitespace and panel borders, so a wrapped display can be compared."""
    return re.sub(r"[\s│╭╮╰╯─…]", "", text)


def one_space(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- how each shows it


def shows_all_of_it(text: str, result: Result) -> None:
    """Every character, with control characters as visible escapes (``\\x1b``)."""
    assert squash(visible(text)) in squash(result.stdout)


def shows_a_snippet(text: str, result: Result) -> None:
    """A one-line snippet: the start of the text, spaces collapsed, controls visible."""
    start = squash(visible(text))[:16]
    assert start in squash(result.stdout), start


def json_path(*path: str | int) -> Callable[[str, Result], None]:
    def check(text: str, result: Result) -> None:
        value: Any = json.loads(result.stdout)
        for key in path:
            value = value[key]
        assert value == text  # exactly as typed

    return check


def json_contains(text: str, result: Result) -> None:
    """Somewhere in the JSON document the text is a value, exactly as typed."""

    def strings(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return []

    assert text in strings(json.loads(result.stdout))


_MARKDOWN_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def markdown_shows_it(text: str, result: Result) -> None:
    """Rendered as CommonMark, the page reads as the text: markup inert, controls as escapes."""
    rendered = MarkdownIt("commonmark").render(result.stdout)
    page = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    expected = _MARKDOWN_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    expected = BIDI.sub(lambda m: visible(m.group()), expected)
    assert one_space(expected) in one_space(page)


@dataclass(frozen=True)
class Viewer:
    argv: tuple[str, ...]
    check: Callable[[str, Result], None] | None  # None: only the safety checks apply
    unsafe: re.Pattern[str]


def _either(pattern: re.Pattern[str], other: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(f"{pattern.pattern}|{other.pattern}")


DISPLAY_UNSAFE = _either(TERMINAL_UNSAFE, BIDI)
WEEK = ("--week", "2026-W48")

VIEWERS: dict[str, Viewer] = {
    "show": Viewer(("show", str(DAY)), shows_all_of_it, DISPLAY_UNSAFE),
    "list": Viewer(("list", "--all"), shows_a_snippet, DISPLAY_UNSAFE),
    "list-json": Viewer(
        ("list", "--all", "--json"), json_path(0, "goals", "reflection"), DISPLAY_UNSAFE
    ),
    "review": Viewer(("review", *WEEK), shows_a_snippet, DISPLAY_UNSAFE),
    "review-json": Viewer(("review", *WEEK, "--json"), json_contains, DISPLAY_UNSAFE),
    # Markdown is a file to keep: controls, bidi and unseen characters become escapes, as
    # SECURITY.md promises.
    "export": Viewer(("export",), markdown_shows_it, DISPLAY_UNSAFE),
    "export-json": Viewer(
        ("export", "--format", "json"),
        json_path("entries", 0, "goals", "reflection"),
        DISPLAY_UNSAFE,
    ),
}


def assert_safe(result: Result, unsafe: re.Pattern[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    for stream in (result.stdout, result.stderr):
        found = unsafe.search(stream)
        assert found is None, f"raw {found.group()!r} in output" if found else ""


@pytest.fixture
def stored(run: Run, journal: Path) -> Callable[[str], None]:
    def store(text: str) -> None:
        result = run(
            "checkin", "--date", str(DAY), "--rate", "goals=5", "--goals", text, "--emotions", text
        )
        assert result.exit_code == 0, result.stderr
        assert_safe(result, DISPLAY_UNSAFE)  # the "Saved" panel shows it too
        if text.strip():
            shows_all_of_it(text, result)
        [entry] = Store(journal).read_day(DAY)
        assert entry.goals.reflection == text  # stored exactly
        assert entry.emotions.reflection == text
        on_disk = json.loads(Store(journal).day_path(DAY).read_bytes())
        assert on_disk["entries"][0]["goals"]["reflection"] == text

    return store


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_text_is_stored_exactly_and_shown_literally(
    run: Run, stored: Callable[[str], None], case: str, viewer: str
) -> None:
    text = HOSTILE[case]
    stored(text)
    if viewer.startswith("review"):
        # A lone rating is no "best moment" (issue 11): a lower one makes the 5/5 the best,
        # shown with its text.
        assert run("checkin", "--date", str(DAY), "--rate", "goals=2").exit_code == 0
    how = VIEWERS[viewer]
    result = run(*how.argv)
    assert result.exit_code == 0, result.stderr
    assert_safe(result, how.unsafe)
    if how.check is not None and text.strip():
        how.check(text, result)


HOSTILE_TAGS = {
    "[bold]": "[bold]",
    "[link=file:///x]y[/link]": "[link=file:///x]y[/link]",
    ":smile:": ":smile:",
    "back\\slash": "back\\slash",
    "#hash": "hash",
    "\u202eevil": "\u202eevil",
}


@pytest.mark.parametrize("tag", HOSTILE_TAGS)
def test_hostile_tags_are_stored_exactly_and_shown_literally(
    run: Run, journal: Path, tag: str
) -> None:
    result = run("checkin", "--date", str(DAY), "--rate", "goals=3", "--tag", tag)
    assert result.exit_code == 0, result.stderr
    [entry] = Store(journal).read_day(DAY)
    assert entry.tags == [HOSTILE_TAGS[tag]]
    for viewer in ("show", "list"):
        shown = run(*VIEWERS[viewer].argv)
        assert_safe(shown, DISPLAY_UNSAFE)
        assert "#" + visible(HOSTILE_TAGS[tag]) in shown.stdout
    listed = run("list", "--all", "--json")
    assert json.loads(listed.stdout)[0]["tags"] == [HOSTILE_TAGS[tag]]


REFUSED = {
    "lone-surrogate-text": (
        ["checkin", "--goals", "half \ud83d of an emoji", "--rate", "goals=3"],
        "error: the goals reflection is not valid Unicode text; check the terminal's encoding",
    ),
    "lone-surrogate-tag": (
        ["checkin", "--rate", "goals=3", "--tag", "\udcff"],
        "error: the tag is not valid Unicode text",
    ),
    "10001-characters": (
        ["checkin", "--goals", "w" * 10_001],
        "error: the goals reflection has 10,001 characters; the limit is 10,000",
    ),
    "escape-in-a-tag": (
        ["checkin", "--rate", "goals=3", "--tag", "\x1b[2J"],
        "error: tag '\\x1b[2J' is not valid: a tag is a single word",
    ),
    "escape-in-a-date": (["show", "\x1b]0;t\x07"], "error: day '\\x1b]0;t\\x07' is not a date"),
    "markup-in-a-date": (["list", "--from", "[bold]x"], "error: --from '[bold]x' is not a date"),
    "c1-in-a-rating": (
        ["checkin", "--rate", "goals=\x9b4"],
        "error: the rating for goals must be a whole number from 1 to 5, not '\\x9b4'",
    ),
    "bidi-in-an-area": (
        ["checkin", "--rate", "go\u202eals=4"],
        "error: unknown area 'go\\u202eals'",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_text_that_cannot_be_taken_is_refused_clearly(run: Run, journal: Path, case: str) -> None:
    argv, start = REFUSED[case]
    result = run(*argv)
    assert result.exit_code == 2, result.stderr
    assert_safe(result, DISPLAY_UNSAFE)
    [line] = [x for x in result.stderr.splitlines() if x.strip()]
    assert line.startswith(start), line
    assert not journal.exists() or not list(journal.rglob("*.json"))  # nothing written
