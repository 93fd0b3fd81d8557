"""SECURITY.md's promises about characters, held by the code: bidi controls and characters
that take no room are visible escapes in the terminal, in JSON and in Markdown exports, and a
renderer shows exactly what was typed."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import Result

Run = Callable[..., Result]
SECURITY = Path(__file__).resolve().parent.parent / "SECURITY.md"
BIDI = {
    "right-to-left override": ("price \u202e0001$\u202c end", "\\u202e", "\\u202c"),
    "left-to-right override": ("a\u202db", "\\u202d", None),
    "isolates": ("\u2066x\u2069 \u2067y\u2069 \u2068z\u2069", "\\u2066", "\\u2069"),
    "marks": ("a\u200eb\u200fc\u061cd", "\\u200e", "\\u061c"),
    "embeddings": ("\u202aa\u202bb\u202c", "\\u202a", "\\u202b"),
}


def test_security_md_says_what_the_tests_hold() -> None:
    text = " ".join(SECURITY.read_text().split())
    assert "Markdown exports escape them" in text
    assert "bidi" in text and "zero-width" in text


@pytest.mark.parametrize("case", BIDI)
def test_markdown_export_escapes_bidi_controls(run: Run, case: str) -> None:
    typed, first, second = BIDI[case]
    assert run("checkin", "-r", "goals=3", "--goals", typed, "--tag", "q4").exit_code == 0
    document = run("export").stdout
    assert not re.search("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", document)
    page = html.unescape(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(document)))
    assert first in page and (second is None or second in page)


@pytest.mark.parametrize("case", BIDI)
def test_notes_escape_bidi_controls_too(run: Run, case: str, tmp_path: Path) -> None:
    typed, first, _ = BIDI[case]
    assert run("checkin", "--date", "2026-11-24", "--goals", typed).exit_code == 0
    assert run("export", "--split", "day", "-o", str(tmp_path / "n")).exit_code == 0
    note = (tmp_path / "n" / "2026-11-24.md").read_text()
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]", note)
    assert first.replace("\\", "\\\\") in note


@pytest.mark.parametrize("case", BIDI)
def test_json_writes_them_as_escapes_and_keeps_the_data(run: Run, case: str) -> None:
    typed, _, _ = BIDI[case]
    assert run("checkin", "-r", "goals=3", "--goals", typed).exit_code == 0
    for argv, read in (
        (["export", "--format", "json"], lambda d: d["entries"][0]["goals"]["reflection"]),
        (["list", "--json"], lambda d: d[0]["goals"]["reflection"]),
    ):
        raw = run(*argv).stdout
        assert not re.search("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]", raw)
        assert read(json.loads(raw)) == typed


@pytest.mark.parametrize("case", BIDI)
def test_the_terminal_shows_them_as_escapes(run: Run, case: str) -> None:
    typed, first, _ = BIDI[case]
    assert run("checkin", "-r", "goals=3", "--goals", typed).exit_code == 0
    shown = run("show").stdout
    assert first in shown and not re.search("[\u202a-\u202e\u2066-\u2069]", shown)
