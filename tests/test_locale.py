"""Under a locale that is not UTF-8, every command runs to the end: text the terminal's
encoding lacks is shown as ``?``, exports and JSON are UTF-8 whole, and a check-in is saved
exactly once (no crash after the save, so no retry and no duplicate)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from helpers import no_traceback, one_error, selflead
from selflead.store.journal import Store

TEXT = "Café talk ☕ with Zoë — “quotes” · 你好"


@pytest.fixture(scope="module")
def latin1(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A real en_US.ISO-8859-1 locale, compiled into a folder of the test's own."""
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.skip("localedef is not installed, so no ISO-8859-1 locale can be made")
    folder = tmp_path_factory.mktemp("locales")
    made = subprocess.run(
        [localedef, "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.ISO-8859-1")],
        capture_output=True,
        check=False,
    )
    if not (folder / "en_US.ISO-8859-1").exists():
        pytest.skip(f"localedef could not make en_US.ISO-8859-1: {made.stderr[-200:]!r}")
    return {"LOCPATH": str(folder), "LANG": "en_US.ISO-8859-1", "LC_ALL": "en_US.ISO-8859-1"}


# The C locale with Python's UTF-8 fallbacks turned off: ASCII, on every machine.
ASCII = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


@pytest.fixture(params=["latin1", "ascii"])
def locale_env(request: pytest.FixtureRequest) -> dict[str, str]:
    if request.param == "ascii":
        return dict(ASCII)
    env: dict[str, str] = request.getfixturevalue("latin1")
    return env


def _encoding(env: dict[str, str]) -> str:
    probe = subprocess.run(
        ["python3", "-c", "import sys; print(sys.stdout.encoding)"],
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.stdout.strip().lower()


def test_the_locales_really_are_not_utf8(locale_env: dict[str, str]) -> None:
    assert not _encoding(locale_env).startswith("utf"), _encoding(locale_env)


@pytest.fixture
def stored(journal: Path) -> None:
    """A check-in holding text no single-byte encoding has, written under UTF-8."""
    done = selflead("checkin", "--date", "2026-11-24", "-r", "goals=4", "--goals", TEXT)
    assert done.returncode == 0, done.stderr


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize(
    "argv",
    [
        ["show", "2026-11-24"],
        ["list", "--all"],
        ["review", "--week", "2026-W48"],
        ["quote"],
        ["quote", "--random"],
        ["doctor"],
        ["--help"],
    ],
)
def test_every_view_runs_to_the_end(locale_env: dict[str, str], argv: list[str]) -> None:
    env = {**locale_env, "SELFLEAD_TODAY": "2026-11-25"}
    done = selflead(*argv, env=env, encoding="latin-1")
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


@pytest.mark.usefixtures("stored")
def test_show_replaces_only_what_the_encoding_lacks(locale_env: dict[str, str]) -> None:
    done = selflead("show", "2026-11-24", env=locale_env, encoding="latin-1")
    assert done.returncode == 0, done.stderr
    assert "talk" in done.stdout and "with Zo" in done.stdout
    assert "?" in done.stdout  # ☕ and 你好 cannot be shown, and do not end the command


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize(
    ("argv", "read"),
    [
        (["list", "--all", "--json"], lambda doc: doc[0]["goals"]["reflection"]),
        (["export", "--format", "json"], lambda doc: doc["entries"][0]["goals"]["reflection"]),
    ],
)
def test_json_is_utf8_whatever_the_locale(
    locale_env: dict[str, str], argv: list[str], read: Callable[[object], str]
) -> None:
    done = selflead(*argv, env=locale_env, text=False)
    assert done.returncode == 0, done.stderr
    assert read(json.loads(done.stdout.decode("utf-8"))) == TEXT


@pytest.mark.usefixtures("stored")
def test_markdown_is_utf8_whatever_the_locale(locale_env: dict[str, str]) -> None:
    done = selflead("export", env=locale_env, text=False)
    assert done.returncode == 0, done.stderr
    assert "Café talk ☕ with Zoë" in done.stdout.decode("utf-8")


def test_a_checkin_is_saved_once_and_says_so(locale_env: dict[str, str], journal: Path) -> None:
    # The saved panel draws ratings as dots the encoding lacks: once that crashed after the
    # save, and a retry made a duplicate.
    done = selflead(
        "checkin",
        "--date",
        "2026-11-24",
        "-r",
        "goals=4",
        "--goals",
        "Listened first",
        env=locale_env,
        encoding="latin-1",
    )
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert "Saved to " in done.stderr
    [entry] = Store(journal).read_day(date(2026, 11, 24))
    assert (entry.goals.rating, entry.goals.reflection) == (4, "Listened first")


def test_text_the_locale_cannot_decode_is_refused_before_saving(journal: Path) -> None:
    done = selflead(
        "checkin", "--date", "2026-11-24", "--goals", "naïve ✓", env=ASCII, encoding="latin-1"
    )
    one_error(done, 2, "error: the goals reflection is not valid Unicode text")
    assert not journal.exists() or Store(journal).read_day(date(2026, 11, 24)) == []
