"""Every lower bound in pyproject.toml is one the code works with: ``.ci/floors.py`` turns
them into the constraints that ``.ci/run`` installs before running the quick tests again."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / ".ci" / "floors.py"


def _floors(pyproject: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import runpy, sys; from pathlib import Path; "
        f"m = runpy.run_path({str(FLOORS)!r}); "
        "print(m['floors'](Path(sys.argv[1])))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(pyproject)], capture_output=True, text=True, check=False
    )


def test_the_constraints_pin_every_runtime_dependency_to_its_floor() -> None:
    done = subprocess.run([sys.executable, str(FLOORS)], capture_output=True, text=True, check=True)
    pins = dict(line.split("==") for line in done.stdout.splitlines())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [re.match(r"[A-Za-z0-9._-]+", r)[0] for r in project["dependencies"]]  # type: ignore[index]
    assert list(pins) == names
    assert all(re.fullmatch(r"\d+(\.\d+)*", version) for version in pins.values()), pins


def test_a_dependency_without_a_floor_is_refused(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\ndependencies = ["typer>=0.28", "rich"]\n')
    done = _floors(pyproject)
    assert done.returncode != 0
    assert "rich has no lower bound in pyproject.toml" in done.stderr


@pytest.mark.parametrize(
    ("spec", "floor"), [("a>=1.2", "1.2"), ("a==3", "3"), ("a>=2.7,<3", "2.7"), ("a~=1.4", "1.4")]
)
def test_floors_reads_the_usual_spellings(tmp_path: Path, spec: str, floor: str) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[project]\nname = "x"\ndependencies = ["{spec}"]\n')
    done = _floors(pyproject)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str({"a": floor})


def test_the_installed_versions_meet_the_floors() -> None:
    done = subprocess.run([sys.executable, str(FLOORS)], capture_output=True, text=True, check=True)
    for line in done.stdout.splitlines():
        name, floor = line.split("==")
        installed = importlib.metadata.version(name)
        as_tuple = tuple(int(p) for p in re.findall(r"\d+", installed)[:3])
        assert as_tuple >= tuple(int(p) for p in floor.split(".")), (name, installed, floor)


def test_the_error_boundary_needs_what_the_typer_floor_has() -> None:
    """typer 0.15.4 (the old floor) has no TyperException, so a bad option crashed."""
    import typer

    assert hasattr(typer, "TyperException")
    requirement = next(
        r
        for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
        if r.startswith("typer")
    )
    assert ">=0.28" in requirement


def test_ci_runs_the_quick_tests_against_the_floors() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert ".ci/floors.py" in script and '-c "$floors/constraints.txt"' in script
    assert '-m "not reliability"' in script
