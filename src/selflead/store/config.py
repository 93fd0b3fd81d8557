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
_HINT = "fix it (it holds 'weekdays_only = true' or 'false') or remove it"


@dataclass(frozen=True)
class Config:
    weekdays_only: bool = False


def config_path(home: Path) -> Path:
    return home / CONFIG_NAME


def load_config(home: Path) -> Config:
    """The settings in ``home/config.toml``; the defaults when there is none."""
    import tomllib

    path = config_path(home)
    raw = read_file(path)
    if raw is None:
        return Config()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text", _HINT) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: is not valid TOML ({exc})", _HINT) from None
    unknown = sorted(set(data) - {"weekdays_only"})
    if unknown:
        raise InputError(f"{path}: unknown setting {unknown[0]!r}", _HINT)
    weekdays_only = data.get("weekdays_only", False)
    if not isinstance(weekdays_only, bool):
        raise InputError(f"{path}: weekdays_only must be true or false", _HINT)
    return Config(weekdays_only=weekdays_only)
