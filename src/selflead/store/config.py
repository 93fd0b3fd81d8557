"""The journal's settings: ``config.toml`` in the journal folder (optional).

```toml
weekdays_only = true   # streaks and days checked in count Monday to Friday
```

A missing file means the defaults. A file that cannot be read, is not TOML, holds a setting
selflead does not know or a value of the wrong kind is refused with one line naming the file:
a setting is never silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from selflead.errors import InputError
from selflead.store.files import read_file

CONFIG_NAME: Final = "config.toml"
HINT: Final = "fix it (it holds 'weekdays_only = true' or 'false') or remove it"


class ConfigError(InputError):
    """``config.toml`` cannot be used; ``problem`` says why (the message names the file too)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}", HINT)
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Config:
    weekdays_only: bool = False


def config_path(home: Path) -> Path:
    return home / CONFIG_NAME


def load_config(home: Path) -> Config:
    """The settings in ``home/config.toml``; the defaults when there is none."""
    path = config_path(home)
    raw = read_file(path)
    if raw is None:
        return Config()
    import tomllib  # only for a journal that has the file

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(path, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"is not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"weekdays_only"})
    if unknown:
        raise ConfigError(path, f"unknown setting {unknown[0]!r}")
    weekdays_only = data.get("weekdays_only", False)
    if not isinstance(weekdays_only, bool):
        raise ConfigError(path, "weekdays_only must be true or false")
    return Config(weekdays_only=weekdays_only)
