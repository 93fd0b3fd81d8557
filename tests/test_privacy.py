"""Privacy: no network access, ever; folder 0700, files and exports 0600 whatever the umask; a
journal folder others can open gives one warning that says how to fix it."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import Result

from selflead.models import WeeklyReflection
from selflead.store.journal import Store

Run = Callable[..., Result]
DAY = "2026-11-24"

# Every command, run in one process under an audit hook that stops the process at the first
# socket event of any kind (creating, resolving, connecting), before anything is sent.
NO_NETWORK = """
import json, os, sys

def guard(event, args):
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        os.write(2, ("NETWORK " + event + "\\n").encode())
        os._exit(99)

sys.addaudithook(guard)
from selflead.cli.app import app

codes = []
for argv in json.loads(sys.argv[1]):
    try:
        app(argv, prog_name="selflead")
    except SystemExit as exc:
        codes.append(exc.code or 0)
print(json.dumps(codes))
"""


def test_no_command_opens_a_network_connection(
    journal: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    backup = tmp_path / "backup.json"
    commands = [
        ["--help"],
        ["--version"],
        ["checkin", "--date", DAY, "--rate", "goals=4", "--goals", "https://example.com/"],
        ["checkin", "--date", "2026-11-25", "--emotions", "calm", "--tag", "q4"],
        ["show", DAY],
        ["list", "--all"],
        ["list", "--all", "--json"],
        ["review", "--week", "2026-W48"],
        ["review", "--week", "2026-W48", "--json"],
        ["quote"],
        ["quote", "--random"],
        ["export"],
        ["export", "--format", "json", "--output", str(backup)],
        ["import", "--dry-run", str(backup)],
        ["import", str(backup)],
        ["doctor"],
        ["doctor", "--fix"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, json.dumps(commands)],
        capture_output=True,
        text=True,
        env=subprocess_env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    assert "NETWORK" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout.splitlines()[-1])
    assert codes == [0] * len(commands), (codes, done.stderr)


def test_the_network_guard_would_notice(subprocess_env: dict[str, str]) -> None:
    """The same guard stops a process that only asks for a socket (so the test above can fail)."""
    probe = NO_NETWORK.replace("from selflead.cli.app import app", "import socket; socket.socket()")
    done = subprocess.run(
        [sys.executable, "-c", probe, "[]"],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 99
    assert done.stderr == "NETWORK socket.__new__\n"


def modes(root: Path) -> dict[str, int]:
    found = {str(p.relative_to(root)): stat.S_IMODE(p.lstat().st_mode) for p in root.rglob("*")}
    found["."] = stat.S_IMODE(root.stat().st_mode)
    return found


def test_everything_selflead_creates_is_private_whatever_the_umask(
    run: Run, journal: Path, tmp_path: Path, open_umask: None
) -> None:
    assert run("checkin", "--date", DAY, "--goals", "private").exit_code == 0
    assert run("checkin", "--date", "2025-01-02", "--rate", "goals=2").exit_code == 0
    now = datetime(2026, 11, 29, tzinfo=UTC)
    Store(journal).write_week("2026-W48", WeeklyReflection(will="w", created=now, updated=now))
    # A damaged day that doctor --fix moves aside: the set-aside file is private too.
    damaged = journal / "entries" / "2026" / "2026-11-26.json"
    damaged.write_text("{")
    damaged.chmod(0o600)
    assert run("doctor", "--fix").exit_code == 0
    for relative, mode in modes(journal).items():
        wanted = 0o700 if (journal / relative).is_dir() else 0o600
        assert mode == wanted, (relative, oct(mode))

    exports = tmp_path / "exports"
    exports.mkdir()
    assert run("export", "--output", str(exports / "journal.md")).exit_code == 0
    assert run("export", "--format", "json", "--output", str(exports / "b.json")).exit_code == 0
    assert run("export", "--split", "day", "--output", str(exports / "days")).exit_code == 0
    for relative, mode in modes(exports).items():
        if relative == ".":
            continue  # made by the test
        wanted = 0o700 if (exports / relative).is_dir() else 0o600
        assert mode == wanted, (relative, oct(mode))


WARNING = (
    "warning: the journal folder {home} can be opened by other users (mode {mode}); make it "
    "private with: chmod 700 {home} (or run 'selflead doctor --fix')"
)


@pytest.mark.parametrize("loose", [0o755, 0o750, 0o705, 0o777])
def test_a_journal_others_can_open_is_warned_about_once_per_command(
    run: Run, journal: Path, loose: int
) -> None:
    assert run("checkin", "--date", DAY, "--goals", "x").exit_code == 0
    journal.chmod(loose)
    expected = WARNING.format(home=journal, mode=f"{loose:04o}")
    for argv in (
        ["checkin", "--date", DAY, "--goals", "y"],
        ["show", DAY],
        ["list", "--all", "--json"],
        ["review", "--week", "2026-W48"],
        ["export"],
    ):
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.stderr)
        warnings = [x for x in result.stderr.splitlines() if x.startswith("warning:")]
        assert warnings == [expected], argv
        assert "warning" not in result.stdout
    listed = run("list", "--all", "--json")
    assert len(json.loads(listed.stdout)) == 2  # data on stdout is unaffected

    # doctor reports it as a problem (no separate warning) and --fix makes it private.
    report = run("doctor")
    assert report.exit_code == 1
    assert "warning" not in report.stderr
    assert f"problem  .: has mode {loose:04o}: other users can read this journal folder" in (
        report.stdout
    )
    assert run("doctor", "--fix").exit_code == 0
    assert stat.S_IMODE(journal.stat().st_mode) == 0o700
    assert run("show", DAY).stderr == ""


def test_no_warning_for_a_private_or_missing_journal(run: Run, journal: Path) -> None:
    assert "warning:" not in run("list", "--all").stderr  # no journal yet: a note, no warning
    assert run("checkin", "--date", DAY, "--goals", "x").exit_code == 0
    assert stat.S_IMODE(journal.stat().st_mode) == 0o700
    assert run("show", DAY).stderr == ""
