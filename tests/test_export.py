"""``selflead export``: Markdown that any CommonMark renderer shows as typed, notes per day or
week with YAML front matter, the JSON backup, and files that are never overwritten unasked.

Markdown is checked by rendering it with a real CommonMark parser (markdown-it-py): user text
must come back as plain text and hard line breaks, never as markup.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pexpect
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import Result

import helpers
from selflead.chars import UNSEEN, escape_code
from selflead.models import AreaCheckin, Entry, WeeklyReflection
from selflead.store.journal import Store
from selflead.transfer import notes
from selflead.transfer.commonmark import escape
from selflead.transfer.journal import Journal

CET = timezone(timedelta(hours=1))
COMMONMARK = MarkdownIt("commonmark")
# What notes apps add on top of CommonMark: tables and strikethrough must not appear either.
EXTENDED = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "# not a heading",
    "---",
    "1. not a list",
    "- not a list either",
    "> not a quote",
    "```python\nprint('not code')\n```",
    "    four spaces, not code",
    "<script>alert('x')</script>",
    "[links](x) and ![images](y.png) and <https://example.com>",
    "*stars* and **more stars** and _underscores_",
    "`backticks` and ``double``",
    "&amp; &#32; &copy; stay as typed",
    "| a | b |\n|---|---|\n| c | d |",
    "~~not struck~~",
    "Title\n===",
    "two trailing spaces  \nand a backslash at the end\\",
    "line one\n\nline three after an empty line\n\n\n",
    "\n  leading newline and spaces",
    "Déjà vu 🎉 naïve — ça va? 日本語",
]


def shown(text: str) -> str:
    """What a reader sees for ``text``: control characters (not tab, line breaks, form feed),
    bidi controls and characters that take no room as visible escapes, exactly as the terminal
    display shows them (SECURITY.md); everything else as typed."""
    return re.sub(
        f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f{UNSEEN}]", lambda m: escape_code(m.group()), text
    )


def literal(inline: Token) -> str:
    """The text an inline token renders to; fails on anything that is markup."""
    parts = []
    for child in inline.children or []:
        if child.type in {"text", "text_special"}:
            parts.append(child.content)
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type in {"strong_open", "strong_close"}:
            continue  # ours: the area labels
        else:
            raise AssertionError(f"user text became markup: {child.type}")
    return "".join(parts)


def blocks(markdown: str, parser: MarkdownIt = COMMONMARK) -> list[tuple[str, str]]:
    """Each block of a document as (kind, literal text): ("h2", ...), ("p", ...)."""
    tokens = parser.parse(markdown)
    allowed = {"heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline"}
    result = []
    for index, token in enumerate(tokens):
        assert token.type in allowed, f"unexpected block: {token.type}"
        if token.type == "inline":
            opener = tokens[index - 1]
            kind = opener.tag if opener.type == "heading_open" else "p"
            result.append((kind, literal(token)))
    return result


def headings(markdown: str) -> list[tuple[str, str]]:
    return [(kind, text) for kind, text in blocks(markdown) if kind != "p"]


def paragraphs(markdown: str) -> list[str]:
    return [text for kind, text in blocks(markdown) if kind == "p"]


def entry(
    day: date,
    hour: int = 9,
    minute: int = 0,
    *,
    tags: tuple[str, ...] = (),
    number: int = 0,
    **areas: AreaCheckin,
) -> Entry:
    ident = f"{day.isoformat()}-{hour:02d}{minute:02d}-{number}"
    return helpers.entry(day, hour, minute, id=ident, tz=CET, tags=tags, **areas)


def reflection(**fields: str) -> WeeklyReflection:
    moment = datetime(2026, 11, 22, 20, 0, tzinfo=CET)
    return WeeklyReflection(created=moment, updated=moment, **fields)


def markdown_of(run: Callable[..., Result], *args: str) -> str:
    result = run("export", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


# --------------------------------------------------------------------------- escaping


text_anything = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
text_markdownish = st.text(
    st.sampled_from([*"#-*_`>[]()!<>&\\/=+|~:;$%^{}'\".1) \t\n\r\x0cx", "\u2028", "\xa0"]),
    max_size=60,
)


# ASCII, as most of what is typed is (escape's quicker path for plain text takes only it).
text_ascii = st.text(st.characters(max_codepoint=127, exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=600, deadline=None)
@given(st.one_of(text_anything, text_markdownish, text_ascii).filter(bool))
def test_any_text_renders_literally_as_one_paragraph(text: str) -> None:
    escaped = escape(text)
    for parser in (COMMONMARK, EXTENDED):
        assert blocks(escaped, parser) == [("p", shown(text))]
    assert "\n\n" not in escaped  # one paragraph wherever it is placed


@settings(max_examples=600, deadline=None)
@given(st.one_of(text_anything, text_markdownish, text_ascii))
def test_the_quick_plain_check_says_what_the_full_one_says(text: str) -> None:
    """Text that needs no escaping is found without the regex when it is ASCII: the answer
    must be the regex's own, whichever way it is reached."""
    from selflead.transfer.commonmark import _PLAIN, _is_plain

    assert _is_plain(text) == (_PLAIN.fullmatch(text) is not None)


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_in_a_reflection_shows_as_typed(
    run: Callable[..., Result], journal: Path, text: str
) -> None:
    day = date(2026, 11, 16)
    Store(journal).add_entry(
        entry(day, communication=AreaCheckin(rating=3, reflection=text), tags=("q4",))
    )
    document = markdown_of(run)
    for parser in (COMMONMARK, EXTENDED):
        assert ("p", text) in blocks(document, parser)
    assert headings(document) == [
        ("h1", "selflead journal"),
        ("h2", "Week 2026-W47 · 16 November 2026 to 22 November 2026"),
        ("h3", "Monday 16 November 2026"),
        ("h4", "09:00"),
    ]
    assert "Tags: #q4" in paragraphs(document)


def test_control_characters_are_visible_escapes_not_terminal_codes(
    run: Callable[..., Result], journal: Path
) -> None:
    text = "red \x1b[31malert\x07 and a null \x00"
    Store(journal).add_entry(entry(date(2026, 11, 16), goals=AreaCheckin(reflection=text)))
    document = markdown_of(run)
    assert "\x1b" not in document and "\x00" not in document
    assert "red \\x1b[31malert\\x07 and a null \\x00" in paragraphs(document)


# --------------------------------------------------------------------------- structure


@pytest.fixture
def two_weeks(journal: Path) -> Store:
    """Check-ins across two ISO weeks, a reflection on the first, one on a week with none."""
    store = Store(journal)
    store.add_entry(
        entry(
            date(2026, 11, 16),
            communication=AreaCheckin(rating=4, reflection="Asked before advising."),
            goals=AreaCheckin(rating=3),
            tags=("q4", "1on1"),
        )
    )
    store.add_entry(entry(date(2026, 11, 17), 8, 30, communication=AreaCheckin(rating=3), number=1))
    store.add_entry(
        entry(
            date(2026, 11, 17),
            18,
            45,
            emotions=AreaCheckin(rating=2, reflection="Snapped at a colleague.\nApologised."),
            number=2,
        )
    )
    store.add_entry(entry(date(2026, 11, 23), behaviour=AreaCheckin(rating=5)))
    store.write_week("2026-W47", reflection(goal="Listen more", will="Ask first, twice a day"))
    store.write_week("2026-W49", reflection(reality="A quiet week"))
    return store


def test_a_section_per_week_a_heading_per_day_and_entry(
    run: Callable[..., Result], two_weeks: Store
) -> None:
    document = markdown_of(run)
    assert headings(document) == [
        ("h1", "selflead journal"),
        ("h2", "Week 2026-W47 · 16 November 2026 to 22 November 2026"),
        ("h3", "Weekly reflection"),
        ("h3", "Monday 16 November 2026"),
        ("h4", "09:00"),
        ("h3", "Tuesday 17 November 2026"),
        ("h4", "08:30"),
        ("h4", "18:45"),
        ("h2", "Week 2026-W48 · 23 November 2026 to 29 November 2026"),
        ("h3", "Monday 23 November 2026"),
        ("h4", "09:00"),
        ("h2", "Week 2026-W49 · 30 November 2026 to 6 December 2026"),
        ("h3", "Weekly reflection"),
    ]
    text = paragraphs(document)
    assert text[0].startswith("16 November 2026 to 23 November 2026 · 4 check-ins · ")
    # Each week opens with the summary its review shows, numbers with two decimals (issue 11).
    week47 = text.index("2 of 7 days checked in · 3 entries")
    assert text[week47 - 1 : week47 + 6] == [
        "Only 2 days with a check-in that week: read what follows as an observation, "
        "not yet a pattern.",
        "2 of 7 days checked in · 3 entries",
        "Averages: Communication 3.50 (new) · Emotions 2.00 (new) · Behaviour – · Goals 3.00 (new)",
        "On the 2 days you checked in: highest Communication (3.50), lowest Emotions (2.00).",
        "Not rated that week: Behaviour.",
        "Focus for next week: Emotions. On the 2 days you checked in, emotions was at 2.00, "
        "at or below 2.50: worth watching first. (rule 1: at or below 2.50)",
        "Carry this question into the week: Which situation this week is most likely to test "
        "me, and how do I want to meet it?",
    ]
    assert "Last week's focus, emotions (2.00), was not rated that week." in text
    assert "Averages: Communication – · Emotions – · Behaviour 5.00 (new) · Goals –" in text
    assert "No check-ins this week." in text
    # The reflection, in GROW order, then each entry: area, rating, reflection, tags.
    week47 = text[text.index("Goal") :]
    assert week47[:4] == ["Goal", "Listen more", "Will", "Ask first, twice a day"]
    first = text.index("Communication 4/5")
    assert text[first : first + 4] == [
        "Communication 4/5",
        "Asked before advising.",
        "Goals 3/5",
        "Tags: #q4 #1on1",
    ]
    assert "Snapped at a colleague.\nApologised." in text  # the line break is kept


def test_from_and_to_are_inclusive(run: Callable[..., Result], two_weeks: Store) -> None:
    document = markdown_of(run, "--from", "2026-11-17", "--to", "2026-11-23")
    days = [text for kind, text in headings(document) if kind == "h3"]
    assert days == ["Weekly reflection", "Tuesday 17 November 2026", "Monday 23 November 2026"]
    backup = json.loads(markdown_of(run, "--format", "json", "--from", "2026-11-23"))
    assert [e["date"] for e in backup["entries"]] == ["2026-11-23"]
    assert [r["week"] for r in backup["reviews"]] == ["2026-W49"]


def test_an_empty_range_is_still_a_document(run: Callable[..., Result]) -> None:
    document = markdown_of(run, "--from", "2026-01-01", "--to", "2026-01-31")
    assert headings(document) == [("h1", "selflead journal")]
    assert "No check-ins in this range." in paragraphs(document)


# --------------------------------------------------------------------------- JSON


def test_json_is_the_documented_versioned_backup(
    run: Callable[..., Result], two_weeks: Store
) -> None:
    backup = json.loads(markdown_of(run, "--format", "json"))
    assert list(backup) == [
        "format",
        "version",
        "exported",
        "entries",
        "reviews",
        "commitments",
        "goals",
    ]
    assert (backup["format"], backup["version"]) == ("selflead", 2)
    assert datetime.fromisoformat(backup["exported"]).tzinfo is not None
    first = backup["entries"][0]
    assert first == {
        "id": "2026-11-16-0900-0",
        "date": "2026-11-16",
        "created": "2026-11-16T09:00:00+01:00",
        "communication": {"rating": 4, "reflection": "Asked before advising."},
        "emotions": {"rating": None, "reflection": ""},
        "behaviour": {"rating": None, "reflection": ""},
        "goals": {"rating": 3, "reflection": ""},
        "tags": ["q4", "1on1"],
    }
    assert [e["id"] for e in backup["entries"]] == [
        "2026-11-16-0900-0",
        "2026-11-17-0830-1",
        "2026-11-17-1845-2",
        "2026-11-23-0900-0",
    ]
    assert backup["reviews"][0] == {
        "week": "2026-W47",
        "goal": "Listen more",
        "reality": "",
        "options": "",
        "will": "Ask first, twice a day",
        "created": "2026-11-22T20:00:00+01:00",
        "updated": "2026-11-22T20:00:00+01:00",
    }


def without_export_time(text: str) -> str:
    return re.sub(r'\n  "exported": "[^"]*",\n', "\n", text, count=1)


def test_a_backup_says_the_same_however_its_day_files_were_written(
    run: Callable[..., Result], journal: Path
) -> None:
    """A day file as selflead writes it is copied into the backup as it stands; one written
    otherwise (by hand, compact) goes through the models: the backup's text is the same."""
    store = Store(journal)
    texts = [*HOSTILE, "line\u2028separator, DEL \x7f, bidi \u202e and \x85", "ok"]
    for number, text in enumerate(texts):
        day = date(2026, 11, 16 + number % 3)
        store.add_entry(entry(day, 9, number, number=number, goals=AreaCheckin(reflection=text)))
    day = date(2026, 11, 16)
    edited = store.read_day(day)
    moment = datetime(2026, 11, 20, 8, 0, tzinfo=CET)
    edited[1] = edited[1].model_copy(update={"updated": moment})
    with store.locked():
        store.write_day(day, edited)
    as_written = markdown_of(run, "--format", "json")
    assert '"updated": "2026-11-20T08:00:00+01:00"' in as_written
    assert as_written.count('"updated"') == 1  # never-edited entries leave it out
    assert "\u2028" not in as_written and "\x7f" not in as_written  # written \\u escapes
    for path in sorted(journal.glob("entries/*/*.json")):
        path.write_text(json.dumps(json.loads(path.read_text()), ensure_ascii=True))
    by_hand = markdown_of(run, "--format", "json")
    assert without_export_time(by_hand) == without_export_time(as_written)
    parsed = json.loads(as_written)["entries"]
    assert [e["goals"]["reflection"] for e in parsed] == [
        e.goals.reflection for d in store.days() for e in store.read_day(d)
    ]


# --------------------------------------------------------------------------- files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_output_file_is_private_and_never_overwritten_without_force(
    run: Callable[..., Result], two_weeks: Store, tmp_path: Path
) -> None:
    target = tmp_path / "week.md"
    result = run("export", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == (f"Exported 4 check-ins and 2 weekly reflections to {target}")
    assert mode(target) == 0o600
    assert headings(target.read_text(encoding="utf-8"))[0] == ("h1", "selflead journal")

    target.write_text("my own notes\n", encoding="utf-8")
    target.chmod(0o644)
    result = run("export", "--format", "json", "--output", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {target} already exists; pass --force to overwrite it, or choose another --output"
    )
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    result = run("export", "--format", "json", "--output", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "selflead"
    assert mode(target) == 0o600


def test_output_refuses_a_link_to_another_file(
    run: Callable[..., Result], two_weeks: Store, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "export.md"
    link.symlink_to(precious)
    result = run("export", "--output", str(link))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    result = run("export", "--output", str(link), "--force")
    assert result.exit_code == 0, result.stderr
    # --force replaces the link itself; the file it pointed to is untouched.
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert not link.is_symlink()


def test_options_that_cannot_work_are_refused(run: Callable[..., Result], tmp_path: Path) -> None:
    cases = {
        ("--from", "2026-11-20", "--to", "2026-11-10"): (
            "error: --from 2026-11-20 is after --to 2026-11-10; swap them"
        ),
        ("--split", "day"): (
            "error: --split day writes one file per day into a folder; "
            "name the folder with --output DIR"
        ),
        ("--split", "week", "--format", "json", "-o", str(tmp_path)): (
            "error: --split writes Markdown notes, not JSON; drop --format json, or drop --split"
        ),
        ("--output", str(tmp_path)): (
            f"error: {tmp_path} is a folder; give a file name, or use --split"
        ),
        ("--output", str(tmp_path / "missing" / "x.md")): (
            f"error: the folder {tmp_path / 'missing'} does not exist; create it first"
        ),
    }
    for args, message in cases.items():
        result = run("export", *args)
        assert result.exit_code == 2, args
        assert result.stderr.strip() == message
        assert result.stdout == ""
    result = run("export", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --format 'pdf' is not a format selflead knows; use one of: markdown, json\n"
    )


def front_matter(text: str) -> tuple[dict[str, object], str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded, body


def test_split_by_day_writes_daily_notes_with_front_matter(
    run: Callable[..., Result], two_weeks: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "Notes" / "Journal"
    result = run("export", "--split", "day", "--output", str(folder))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    # Daily notes, and a weekly note for each week with a reflection, so none is lost.
    assert names == [
        "2026-11-16.md",
        "2026-11-17.md",
        "2026-11-23.md",
        "2026-W47.md",
        "2026-W49.md",
    ]
    assert all(mode(folder / name) == 0o600 for name in names)
    assert mode(folder) == 0o700

    props, body = front_matter((folder / "2026-11-17.md").read_text(encoding="utf-8"))
    assert props == {
        "date": date(2026, 11, 17),
        "week": "2026-W47",
        "checkins": 2,
        "communication": 3,
        "emotions": 2,
        "behaviour": None,
        "goals": None,
        "tags": [],
    }
    assert headings(body) == [
        ("h1", "Tuesday 17 November 2026"),
        ("h2", "08:30"),
        ("h2", "18:45"),
    ]
    props, body = front_matter((folder / "2026-11-16.md").read_text(encoding="utf-8"))
    assert props["tags"] == ["q4", "1on1"]
    assert props["communication"] == 4
    props, body = front_matter((folder / "2026-W47.md").read_text(encoding="utf-8"))
    assert props["week"] == "2026-W47" and props["date"] == date(2026, 11, 16)
    assert headings(body) == [
        ("h1", "Week 2026-W47 · 16 November 2026 to 22 November 2026"),
        ("h2", "Weekly reflection"),
    ]
    assert "Listen more" in paragraphs(body)


def test_split_by_week_writes_a_note_per_week(
    run: Callable[..., Result], two_weeks: Store, tmp_path: Path
) -> None:
    result = run("export", "--split", "week", "-o", str(tmp_path / "weeks"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == (
        f"Exported 4 check-ins and 2 weekly reflections to 3 files in {tmp_path / 'weeks'}"
    )
    note = (tmp_path / "weeks" / "2026-W47.md").read_text(encoding="utf-8")
    props, body = front_matter(note)
    assert props["checkins"] == 3 and props["communication"] == 3.5
    assert props["tags"] == ["q4", "1on1"]
    assert [h for h in headings(body) if h[0] in {"h1", "h3"}] == [
        ("h1", "Week 2026-W47 · 16 November 2026 to 22 November 2026"),
        ("h3", "09:00"),
        ("h3", "08:30"),
        ("h3", "18:45"),
    ]


def test_split_writes_nothing_when_any_note_exists(
    run: Callable[..., Result], two_weeks: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "Journal"
    folder.mkdir()
    (folder / "2026-11-23.md").write_text("my own daily note\n", encoding="utf-8")
    result = run("export", "--split", "day", "--output", str(folder))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {folder / '2026-11-23.md'} already exists; "
        "pass --force to overwrite it, or choose another --output"
    )
    assert [p.name for p in folder.iterdir()] == ["2026-11-23.md"]
    assert (folder / "2026-11-23.md").read_text(encoding="utf-8") == "my own daily note\n"


tag_text = st.text(st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1)


@settings(max_examples=100, deadline=None)
@given(
    tags=st.lists(
        tag_text.filter(lambda t: not t.startswith("#") and len(t) <= 32 and t.strip() == t),
        max_size=5,
        unique=True,
    ),
    text=text_anything,
)
def test_front_matter_and_body_keep_any_text(tags: list[str], text: str) -> None:
    try:
        item = entry(
            date(2026, 11, 16), goals=AreaCheckin(rating=4, reflection=text), tags=tuple(tags)
        )
    except ValueError:
        return  # not a valid tag (e.g. a space that hypothesis found): checkin refuses it too
    journal = Journal([item], {})
    [(name, note)] = notes.files(journal, "day", date(2026, 11, 30))
    assert name == "2026-11-16.md"
    props, body = front_matter(note)
    assert props["tags"] == tags
    assert props["goals"] == 4
    found = paragraphs(body)
    if text:
        assert shown(text) in found
    if tags:
        assert "Tags: " + " ".join(f"#{shown(t)}" for t in tags) in found


# --------------------------------------------------------------------------- damaged days


def test_a_damaged_day_stops_the_export_unless_skipped(
    run: Callable[..., Result], two_weeks: Store, journal: Path
) -> None:
    damaged = journal / "entries" / "2026" / "2026-11-17.json"
    damaged.write_bytes(b'{"schema_version": 1, "date": "2026-11-17", "entr')
    result = run("export")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {damaged}: is not valid JSON")
    result = run("export", "--skip-damaged")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: left out {damaged}")
    days = [text for kind, text in headings(result.stdout) if kind == "h3"]
    assert "Tuesday 17 November 2026" not in days
    assert "Monday 16 November 2026" in days


# --------------------------------------------------------------------------- progress


def test_progress_bar_on_a_terminal_only_the_document_in_the_pipe(
    two_weeks: Store, tmp_path: Path, cli_command: list[str], subprocess_env: dict[str, str]
) -> None:
    out = tmp_path / "piped.md"
    env = {**subprocess_env, "TERM": "xterm-256color", "COLUMNS": "100"}
    command = " ".join([*cli_command, "export", ">", str(out)])
    child = pexpect.spawn("/bin/sh", ["-c", command], env=env, encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Reading the journal" in (child.before or "")  # the bar was drawn on stderr
    document = out.read_text(encoding="utf-8")
    assert "\x1b" not in document and "Reading the journal" not in document
    assert headings(document)[0] == ("h1", "selflead journal")
