"""The quote bank: its contents, the quote of the day, user quotes, broken files, packaging."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from selflead.core.quotes import (
    QUOTE_AREAS,
    at_random,
    in_area,
    load_bank,
    load_file,
    of_the_day,
    packaged_quotes_file,
)
from selflead.errors import DamagedFileError, InputError

Run = Callable[..., Result]
REPO = Path(__file__).resolve().parents[1]


def test_the_bank_is_large_balanced_and_holds_the_article_quotes() -> None:
    bank = load_bank()
    assert len(bank) >= 60
    assert len({q.text for q in bank}) == len(bank)
    for area in QUOTE_AREAS:
        assert len(in_area(bank, area)) >= 10, area
    by_author = {q.author: q.text for q in bank}
    assert by_author["Vince Lombardi"].startswith("Leaders aren't born, they are made.")
    assert by_author["Jack Welch"].startswith("Before you are a leader, success is all about")
    bennis = [q.text for q in bank if q.author == "Warren Bennis"]
    assert any(t.startswith("The most dangerous leadership myth") for t in bennis)
    lao = [q.text for q in bank if q.author == "Lao Tzu"]
    assert any(t.startswith("A leader is best when people barely know he exists") for t in lao)


def test_repo_file_is_the_packaged_file() -> None:
    assert packaged_quotes_file().read_bytes() == (REPO / "data" / "quotes.yaml").read_bytes()


def test_quote_of_the_day_is_stable_within_a_day_and_changes_daily() -> None:
    bank = load_bank()
    start = date(2026, 1, 1)
    picks = [of_the_day(bank, start + timedelta(days=i)) for i in range(len(bank) + 5)]
    for today, tomorrow in itertools.pairwise(picks):
        assert today != tomorrow
    # Every quote comes round before any comes back.
    assert len({q.text for q in picks[: len(bank)]}) == len(bank)
    assert of_the_day(bank, start) == of_the_day(bank, start)


def test_quote_command_same_all_day_different_tomorrow(run: Run) -> None:
    first = run("quote", env={"SELFLEAD_TODAY": "2026-11-27"})
    again = run("quote", env={"SELFLEAD_TODAY": "2026-11-27"})
    tomorrow = run("quote", env={"SELFLEAD_TODAY": "2026-11-28"})
    assert first.exit_code == 0, first.stderr
    assert first.stdout == again.stdout
    assert first.stdout != tomorrow.stdout
    assert "Quote of the day" in first.stdout
    assert "—" in first.stdout  # the author line


def test_area_filter_and_random() -> None:
    bank = load_bank()
    for _ in range(30):
        assert "emotions" in at_random(bank, "emotions").areas
    assert "goals" in of_the_day(bank, date(2026, 3, 3), "goals").areas
    with pytest.raises(InputError, match="unknown quote area"):
        in_area(bank, "feelings")


def test_quote_area_over_the_cli_accepts_american_spelling(run: Run) -> None:
    result = run("quote", "--random", "--area", "behavior")
    assert result.exit_code == 0, result.stderr
    bad = run("quote", "--area", "feelings")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: unknown quote area 'feelings'")


def test_user_quotes_join_the_bank(journal: Path, run: Run) -> None:
    journal.mkdir(parents=True)
    (journal / "quotes.yaml").write_text(
        'quotes:\n  - text: "My own [bold]rule[/]: listen first."\n'
        '    author: "Me"\n    areas: [communication]\n',
        encoding="utf-8",
    )
    bank = load_bank(journal)
    assert bank[-1].author == "Me"
    assert len(bank) == len(load_bank()) + 1
    # Over enough days the user's quote comes round as the quote of the day, shown literally.
    outputs = [
        run("quote", "--area", "communication", env={"SELFLEAD_TODAY": str(date(2026, 1, d))})
        for d in range(1, 31)
    ]
    assert any("My own [bold]rule[/]: listen first." in r.stdout for r in outputs)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("quotes: [\n  - text: 'unclosed\n", "is not valid YAML"),
        ("- just a list\n", "must be a mapping"),
        ('quotes:\n  - text: "x"\n    areas: [goals]\n', "quotes.0.author"),
        ('quotes:\n  - text: "x"\n    author: "y"\n    areas: [cooking]\n', "quotes.0.areas.0"),
        ('quotes:\n  - text: "x"\n    author: "y"\n    areas: [goals]\n    year: 1\n', "year"),
    ],
)
def test_malformed_quotes_file_names_the_file_and_the_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "quotes.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DamagedFileError) as caught:
        load_file(path, required=True)
    assert str(path) in caught.value.message
    assert problem in caught.value.message


def test_broken_user_quotes_file_is_a_clear_cli_error(journal: Path, run: Run) -> None:
    journal.mkdir(parents=True, mode=0o700)  # a private journal: no mode warning
    path = journal / "quotes.yaml"
    path.write_text("quotes:\n  - text: [unclosed\n", encoding="utf-8")
    result = run("quote")
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and "line" in lines[0]


def test_packaged_quotes_found_from_an_installed_copy(tmp_path: Path) -> None:
    """A non-editable install, run from another folder, finds the quotes inside the package."""
    wheels = tmp_path / "wheels"
    target = tmp_path / "site"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("selflead-*.whl")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    probe = (
        "import selflead.core.quotes as q; p = q.packaged_quotes_file(); "
        "print(p); print(len(q.load_bank()))"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {probe}"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    where, count = done.stdout.splitlines()
    assert where.startswith(str(target))
    assert not Path(where).is_symlink()
    assert int(count) == len(load_bank())
