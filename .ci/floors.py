"""Print a pip constraints file pinning every runtime dependency to its lowest allowed version.

The lower bounds in pyproject.toml are promises: ``.ci/run`` installs these exact versions and
runs the quick tests against them. A dependency without a lower bound (``>=`` or ``==``) is an
error, so no floor can go untested.

    python .ci/floors.py > floors.txt
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_FLOOR = re.compile(r"(?:>=|==|~=)\s*([0-9][0-9A-Za-z.+!-]*)")


def floors(pyproject: Path = PYPROJECT) -> dict[str, str]:
    """Each runtime dependency's name and its lowest allowed version."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    found: dict[str, str] = {}
    for requirement in project["dependencies"]:
        match = _REQUIREMENT.match(requirement.split(";")[0])
        if match is None:
            raise SystemExit(f"cannot read the requirement {requirement!r}")
        name, _, spec = match.groups()
        floor = _FLOOR.search(spec)
        if floor is None:
            raise SystemExit(f"{name} has no lower bound in pyproject.toml: give it one (>=)")
        found[name] = floor[1]
    return found


def main() -> None:
    sys.stdout.write("".join(f"{name}=={version}\n" for name, version in floors().items()))


if __name__ == "__main__":
    main()
