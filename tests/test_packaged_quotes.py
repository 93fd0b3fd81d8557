"""The packaged quote bank is read from its JSON copy, which must hold exactly the YAML's data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from selflead.core import quotes
from selflead.errors import DamagedFileError


def test_json_copy_holds_exactly_the_yaml_data() -> None:
    from_yaml = yaml.safe_load(quotes.packaged_quotes_file().read_text(encoding="utf-8"))
    from_json = json.loads(quotes.packaged_quotes_json().read_text(encoding="utf-8"))
    assert from_json == from_yaml, (
        "src/selflead/data/quotes.json is out of date: run 'python -m selflead.core.quotes'"
    )


def test_bank_from_json_equals_bank_from_yaml() -> None:
    from_yaml = quotes.load_file(quotes.packaged_quotes_file(), required=True)
    assert quotes.load_bank() == from_yaml
    assert len(from_yaml) > 50


def test_missing_json_copy_falls_back_to_the_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = quotes.load_bank()
    monkeypatch.setattr(quotes, "packaged_quotes_json", lambda: tmp_path / "missing.json")
    assert quotes.load_bank() == expected


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "is not valid JSON"),
        ('["a list"]', "must be a mapping with a 'quotes:' list"),
        ('{"quotes": [{"text": "x", "author": "y", "areas": []}]}', "quotes.0.areas"),
    ],
)
def test_damaged_json_copy_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, problem: str
) -> None:
    path = tmp_path / "quotes.json"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(quotes, "packaged_quotes_json", lambda: path)
    with pytest.raises(DamagedFileError) as caught:
        quotes.load_bank()
    assert caught.value.path == path
    assert problem in str(caught.value)


def test_quote_command_does_not_import_yaml_without_user_quotes(
    journal: Path, subprocess_env: dict[str, str]
) -> None:
    probe = (
        "import sys\n"
        "from selflead.cli.app import app\n"
        "try:\n"
        "    app(['quote'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('yaml' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=subprocess_env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()  # the quote was shown
    assert done.stderr.strip().splitlines()[-1] == "False"
    # With the user's own quotes.yaml, YAML is read (and the quotes join the bank).
    journal.mkdir(mode=0o700)
    (journal / "quotes.yaml").write_text(
        "quotes:\n  - text: Mine.\n    author: Me\n    areas: [goals]\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=subprocess_env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "True"
