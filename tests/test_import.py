"""``selflead import``: the JSON backup comes back exactly; a bad file changes nothing; merging
by id never overwrites what the journal holds; a big import takes the lock once."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pexpect
import pytest
from filelock import FileLock, Timeout
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

import helpers
from selflead.errors import InputError
from selflead.models import AREAS, AreaCheckin, Entry, WeeklyReflection
from selflead.store import folder as folder_module
from selflead.store.journal import Store
from selflead.transfer import backup as importer
from selflead.transfer import importing, markdown
from selflead.transfer.journal import Journal
from test_export import HOSTILE, blocks, shown

CET = timezone(timedelta(hours=1))
PRIVATE = "my private reflection PRIVATE-7731"


def entry(number: int, day: date, text: str = "", rating: int | None = 3) -> Entry:
    return helpers.entry(
        day, 9, number % 60, id=f"entry-{number}", tz=CET, tags=["q4"], goals=(rating, text)
    )


def reflection(goal: str) -> WeeklyReflection:
    moment = datetime(2026, 11, 22, 20, 0, tzinfo=CET)
    return WeeklyReflection(goal=goal, created=moment, updated=moment)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (but the lock) and its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "journal.lock"
    }


def backup_doc(entries: list[Entry], reviews: dict[str, WeeklyReflection]) -> dict[str, Any]:
    text = "".join(importer.chunks(Journal(entries, reviews), datetime(2026, 11, 27, tzinfo=UTC)))
    return json.loads(text)  # type: ignore[no-any-return]


def write_doc(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def filled(journal: Path) -> Store:
    """A journal with hostile text in every area, on several days, and two reflections."""
    store = Store(journal)
    for number, text in enumerate(HOSTILE):
        day = date(2026, 11, 2) + timedelta(days=number % 9)
        areas = {
            area: AreaCheckin(rating=(number + i) % 5 + 1, reflection=text)
            for i, area in enumerate(AREAS)
        }
        store.add_entry(
            Entry(
                id=f"hostile-{number}",
                date=day,
                created=datetime(2026, 11, 2, 8, number, tzinfo=CET) + timedelta(days=number % 9),
                tags=["q4", f"n{number}"],
                **areas,
            )
        )
    store.write_week("2026-W45", reflection("# Goal\n  with *markup*"))
    store.write_week("2026-W46", reflection("Déjà vu 🎉"))
    return store


def exported(run: Callable[..., Result], *args: str) -> Any:
    result = run(*args, "export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- round trips


def test_export_import_export_gives_identical_entries(
    run: Callable[..., Result], filled: Store, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    assert run("export", "--format", "json", "--output", str(backup)).exit_code == 0
    other = tmp_path / "other-journal"
    result = run("--journal", str(other), "import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Added {len(HOSTILE)} check-ins on 9 days and 2 weekly reflections.",
        "Skipped 0 check-ins and 0 weekly reflections already in the journal.",
    ]
    before = json.loads(backup.read_text(encoding="utf-8"))
    after = exported(run, "--journal", str(other))
    assert after["entries"] == before["entries"]
    assert after["reviews"] == before["reviews"]
    # The day files themselves are the same bytes as the original journal's.
    originals = snapshot(filled.home / "entries")
    assert snapshot(other / "entries") == originals
    assert snapshot(other / "reviews") == snapshot(filled.home / "reviews")


def test_importing_the_same_file_twice_adds_nothing(
    run: Callable[..., Result], filled: Store, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    assert run("export", "--format", "json", "-o", str(backup)).exit_code == 0
    files = {p: p.stat().st_mtime_ns for p in filled.home.rglob("*.json")}
    contents = snapshot(filled.home)
    result = run("import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Added 0 check-ins and 0 weekly reflections.",
        f"Skipped {len(HOSTILE)} check-ins and 2 weekly reflections already in the journal.",
    ]
    assert snapshot(filled.home) == contents
    assert {p: p.stat().st_mtime_ns for p in filled.home.rglob("*.json")} == files


def test_an_id_with_different_content_is_kept_and_reported(
    run: Callable[..., Result], journal: Path, tmp_path: Path
) -> None:
    store = Store(journal)
    mine = entry(1, date(2026, 11, 16), "what I wrote here")
    store.add_entry(mine)
    store.write_week("2026-W47", reflection("my goal"))
    theirs = entry(1, date(2026, 11, 16), "an older version")
    new = entry(2, date(2026, 11, 16), "new from the backup")
    doc = backup_doc(
        [theirs, new], {"2026-W47": reflection("another goal"), "2026-W48": reflection("next")}
    )
    result = run("import", str(write_doc(tmp_path / "b.json", doc)))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Added 1 check-in on 1 day and 1 weekly reflection.",
        "Skipped 0 check-ins and 0 weekly reflections already in the journal.",
        "Kept the journal's version of 2 items whose id or week is already there with "
        "different content:",
        "  entry 1: id entry-1 (in the journal on 2026-11-16)",
        "  review 1: week 2026-W47",
    ]
    assert "older version" not in result.stdout + result.stderr
    assert store.read_day(date(2026, 11, 16)) == [mine, new]
    assert store.read_week("2026-W47") == reflection("my goal")
    assert store.read_week("2026-W48") == reflection("next")


def test_new_entries_go_after_those_already_on_the_day(
    run: Callable[..., Result], journal: Path, tmp_path: Path
) -> None:
    store = Store(journal)
    day = date(2026, 11, 16)
    store.add_entry(entry(5, day))
    doc = backup_doc([entry(1, day), entry(5, day), entry(3, day)], {})
    assert run("import", str(write_doc(tmp_path / "b.json", doc))).exit_code == 0
    assert [e.id for e in store.read_day(day)] == ["entry-5", "entry-1", "entry-3"]


def test_dry_run_says_what_would_happen_and_writes_nothing(
    run: Callable[..., Result], journal: Path, tmp_path: Path
) -> None:
    doc = backup_doc([entry(1, date(2026, 11, 16))], {"2026-W47": reflection("g")})
    result = run("import", "--dry-run", str(write_doc(tmp_path / "b.json", doc)))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Would add 1 check-in on 1 day and 1 weekly reflection."
    assert result.stderr.strip() == "Dry run: nothing was written."
    assert not journal.exists()


def test_import_from_stdin(run: Callable[..., Result], journal: Path) -> None:
    doc = backup_doc([entry(1, date(2026, 11, 16), "from a pipe")], {})
    result = run("import", "-", input=json.dumps(doc))
    assert result.exit_code == 0, result.stderr
    assert Store(journal).read_day(date(2026, 11, 16))[0].goals.reflection == "from a pipe"


area_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
tag = st.text(
    st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc", "Cf")), min_size=1, max_size=8
).filter(
    lambda t: (
        not t.startswith("#") and t.strip() == t and not any(c.isspace() or c == "," for c in t)
    )
)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.fixed_dictionaries(dict.fromkeys(AREAS, area_text)),
    goal=area_text,
    tags=st.lists(tag, max_size=4, unique=True),
)
def test_any_text_survives_json_and_shows_literally_in_markdown(
    texts: dict[str, str], goal: str, tags: list[str]
) -> None:
    day = date(2026, 11, 18)
    original = Entry(
        id="any",
        date=day,
        created=datetime(2026, 11, 18, 21, 5, 7, 123456, tzinfo=CET),
        tags=tags,
        **{area: AreaCheckin(rating=4, reflection=text) for area, text in texts.items()},
    )
    week = reflection(goal)
    journal = Journal([original], {"2026-W47": week})
    now = datetime(2026, 11, 27, tzinfo=UTC)

    with tempfile.TemporaryDirectory() as folder:
        target = Store(Path(folder) / "journal")
        parsed = importer.parse("".join(importer.chunks(journal, now)).encode(), "backup.json")
        importing.run(target, parsed, source="backup.json")
        assert target.read_range().entries == [original]
        assert target.read_week("2026-W47") == week

    found = [text for kind, text in blocks("".join(markdown.chunks(journal, now))) if kind == "p"]
    for text in [*texts.values(), goal]:
        if text:
            assert shown(text) in found


# --------------------------------------------------------------------------- bad files


def good_doc() -> dict[str, Any]:
    entries = [entry(n, date(2026, 11, 16), PRIVATE) for n in (1, 2, 3)]
    return backup_doc(entries, {"2026-W47": reflection(PRIVATE)})


def changed(**top: Any) -> Callable[[dict[str, Any]], Any]:
    def change(doc: dict[str, Any]) -> Any:
        doc.update(top)
        return doc

    return change


def in_entry(number: int, **fields: Any) -> Callable[[dict[str, Any]], Any]:
    def change(doc: dict[str, Any]) -> Any:
        item = doc["entries"][number - 1]
        for key, value in fields.items():
            if value is None and key in item:
                del item[key]
            else:
                item[key] = value
        return doc

    return change


def in_review(number: int, **fields: Any) -> Callable[[dict[str, Any]], Any]:
    def change(doc: dict[str, Any]) -> Any:
        doc["reviews"][number - 1].update(fields)
        return doc

    return change


def second_review_same_week(doc: dict[str, Any]) -> Any:
    doc["reviews"].append(dict(doc["reviews"][0]))
    return doc


NOT_IMPORTED = "fix the file and import it again; nothing was imported"

BAD_FILES: list[tuple[str, Callable[[dict[str, Any]], Any] | bytes, str]] = [
    (
        "not json",
        b'{"format": "selflead", "entries": [',
        "b.json is not valid JSON: Expecting value (line 1, column 36); "
        "import a file written by 'selflead export --format json'; nothing was imported",
    ),
    (
        "byte order mark",
        b"\xef\xbb\xbf{}",
        "b.json starts with a byte-order mark, which JSON files must not; "
        "import a file written by 'selflead export --format json'; nothing was imported",
    ),
    (
        "not a selflead file",
        changed(format="jrnl"),
        'b.json is not a selflead backup (its "format" is not "selflead"); '
        "import a file written by 'selflead export --format json'; nothing was imported",
    ),
    (
        "a list",
        lambda doc: [doc],
        'b.json is not a selflead backup (its "format" is not "selflead"); '
        "import a file written by 'selflead export --format json'; nothing was imported",
    ),
    (
        "newer version",
        changed(version=3),
        "b.json was written by a newer selflead (backup format version 3; this selflead reads "
        "version 2); upgrade selflead to import it; nothing was imported",
    ),
    (
        "version as text",
        changed(version="1"),
        'b.json: "version" must be a whole number from 1; nothing was imported',
    ),
    (
        "unknown top-level field",
        changed(notes=PRIVATE),
        f"b.json: unknown top-level field notes; {NOT_IMPORTED}",
    ),
    (
        "entries not a list",
        changed(entries={}),
        f'b.json: "entries" must be a list; {NOT_IMPORTED}',
    ),
    (
        "bad exported",
        changed(exported="yesterday"),
        f'b.json: "exported" must be an ISO 8601 timestamp with a UTC offset; {NOT_IMPORTED}',
    ),
    (
        "rating out of range",
        in_entry(2, communication={"rating": 9, "reflection": PRIVATE}),
        "b.json: entry 2, communication.rating: Input should be less than or equal to 5; "
        + NOT_IMPORTED,
    ),
    (
        "missing field",
        in_entry(3, created=None),
        f"b.json: entry 3, created: Field required; {NOT_IMPORTED}",
    ),
    (
        "impossible date",
        in_entry(1, date="2026-02-30"),
        f"b.json: entry 1, date: day is out of range for month; {NOT_IMPORTED}",
    ),
    (
        "unknown field named with private text",
        in_entry(1, **{PRIVATE: 1}),
        f"b.json: entry 1, <unknown key>: Extra inputs are not permitted; {NOT_IMPORTED}",
    ),
    (
        "week that does not exist",
        in_review(1, week="2026-W60"),
        f"b.json: review 1, week: 2026-W60 does not exist; {NOT_IMPORTED}",
    ),
    (
        "week written oddly",
        in_review(1, week=PRIVATE),
        f"b.json: review 1, week: must be an ISO week written YYYY-Www; {NOT_IMPORTED}",
    ),
    (
        "review without its times",
        in_review(1, created="not a time"),
        "b.json: review 1 (2026-W47), created: must be an ISO 8601 timestamp "
        f"with a UTC offset; {NOT_IMPORTED}",
    ),
    (
        "same week twice",
        second_review_same_week,
        f"b.json: review 2 is for the same week as review 1; {NOT_IMPORTED}",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [(c, m) for _, c, m in BAD_FILES], ids=[n for n, _, _ in BAD_FILES]
)
def test_a_bad_file_says_what_and_where_and_changes_nothing(
    run: Callable[..., Result],
    journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, Any]], Any] | bytes,
    message: str,
) -> None:
    Store(journal).add_entry(entry(9, date(2026, 11, 10), "already here"))
    before = snapshot(journal)
    monkeypatch.chdir(tmp_path)
    raw = change if isinstance(change, bytes) else json.dumps(change(good_doc())).encode()
    Path("b.json").write_bytes(raw)
    result = run("import", "b.json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"error: {message}"
    assert PRIVATE not in result.stderr
    assert snapshot(journal) == before


def test_many_problems_are_counted(run: Callable[..., Result], tmp_path: Path) -> None:
    doc = good_doc()
    for item in doc["entries"]:
        item["goals"]["rating"] = 0
    doc["entries"][1]["tags"] = ["two words"]
    doc["reviews"][0]["week"] = "W47"
    result = run("import", str(write_doc(tmp_path / "b.json", doc)))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'b.json'}: "
        "entry 1, goals.rating: Input should be greater than or equal to 1; "
        "entry 2, goals.rating: Input should be greater than or equal to 1; "
        "entry 3, goals.rating: Input should be greater than or equal to 1 "
        f"(and 1 more problem); {NOT_IMPORTED}"
    )


def test_a_missing_file_or_a_folder_is_one_clear_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    hint = "give the path of a file written by 'selflead export'"
    result = run("import", str(tmp_path / "nope.json"))
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        f"error: {tmp_path / 'nope.json'} does not exist; {hint}",
    )
    result = run("import", str(tmp_path))
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        f"error: {tmp_path} is a folder, not a file; {hint}",
    )


def test_a_damaged_day_in_the_journal_stops_the_import(
    run: Callable[..., Result], journal: Path, tmp_path: Path
) -> None:
    store = Store(journal)
    store.add_entry(entry(1, date(2026, 11, 16)))
    damaged = store.day_path(date(2026, 11, 16))
    damaged.write_bytes(b"{")
    before = snapshot(journal)
    doc = backup_doc([entry(2, date(2026, 11, 17))], {})
    result = run("import", str(write_doc(tmp_path / "b.json", doc)))
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"error: {damaged}: is not valid JSON: Expecting property name enclosed in double quotes "
        "(line 1, column 2); nothing was imported: every day must be readable to merge by id; "
        "'selflead doctor --fix' moves a damaged file aside"
    )
    assert snapshot(journal) == before


# --------------------------------------------------------------------------- a big import


def test_a_big_import_takes_the_lock_once_and_writes_each_day_once(
    run: Callable[..., Result], journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = [date(2025, 12, 20) + timedelta(days=n) for n in range(40)]  # across a new year
    store = Store(journal)
    store.add_entry(entry(10_000, days[3]))  # a day that already has an entry
    entries = [entry(n, days[n % 40], f"text {n}") for n in range(400)]
    doc = backup_doc(entries, {"2026-W01": reflection("g")})
    path = write_doc(tmp_path / "big.json", doc)

    sessions = 0
    depth = 0
    original_locked = Store.locked

    @contextlib.contextmanager
    def counting_locked(self: Store) -> Iterator[None]:
        nonlocal sessions, depth
        with original_locked(self):
            depth += 1
            sessions += depth == 1
            try:
                yield
            finally:
                depth -= 1

    writes: list[Path] = []
    real_write = folder_module.atomic_write

    def spying_write(target: Path, data: bytes, *, batch: bool = False) -> None:
        assert depth > 0, "written without the journal lock"
        if not writes:  # another process could not take the lock now
            with pytest.raises(Timeout):
                FileLock(journal / "journal.lock", timeout=0).acquire()
        writes.append(target)
        real_write(target, data, batch=batch)

    monkeypatch.setattr(Store, "locked", counting_locked)
    monkeypatch.setattr(folder_module, "atomic_write", spying_write)
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Added 400 check-ins on 40 days and 1 weekly reflection."
    )
    assert sessions == 1
    day_writes = [p for p in writes if p.suffix == ".json" and "entries" in p.parts]
    assert sorted(day_writes) == sorted(store.day_path(d) for d in days)  # each day once
    assert len(store.read_range().entries) == 401
    assert store.read_day(days[3])[0].id == "entry-10000"


def test_progress_bar_on_a_terminal(
    journal: Path, tmp_path: Path, cli_command: list[str], subprocess_env: dict[str, str]
) -> None:
    entries = [entry(n, date(2026, 1, 1) + timedelta(days=n % 30)) for n in range(600)]
    path = write_doc(tmp_path / "b.json", backup_doc(entries, {}))
    env = {**subprocess_env, "TERM": "xterm-256color"}
    child = pexpect.spawn(
        cli_command[0], [*cli_command[1:], "import", str(path)], env=env, encoding="utf-8"
    )
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    screen = child.before or ""
    assert "Checking the backup" in screen
    assert "Writing" in screen
    assert "Added 600 check-ins on 30 days and 0 weekly reflections." in screen


def test_a_file_changed_between_its_check_and_its_merge_is_said_and_writes_nothing(
    journal: Path, tmp_path: Path
) -> None:
    from selflead.store.outside import open_outside_file
    from selflead.transfer import restore

    path = write_doc(tmp_path / "backup.json", good_doc())
    checked = restore.check(lambda: open_outside_file(str(path)), str(path))
    doc = good_doc()
    doc["entries"][0]["goals"]["reflection"] = "other words, still a sound entry"
    write_doc(path, doc)  # still valid: only the fingerprint tells the bytes changed
    with pytest.raises(InputError, match="changed while it was imported"):
        restore.run(Store(journal), checked, source=str(path))
    assert [p for p in snapshot(journal) if p.startswith("entries")] == []
