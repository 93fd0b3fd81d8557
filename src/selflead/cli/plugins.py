"""No search for pydantic plugins at start: selflead uses none (see ``without_pydantic_plugins``).

Run by the console script before pydantic is imported, after ``selflead due`` (which imports
no pydantic) has had its chance to answer.
"""

import importlib
import os
import sys
import types
from typing import Any

_PLUGIN_LOADER = "pydantic.plugin._loader"


class _NoPlugins(types.ModuleType):
    """Stands in for pydantic's plugin loader while plugins are off: its answer then is "no
    plugins" whatever is installed, but importing it imports ``importlib.metadata`` (and with it
    ``email``, ``csv``, ``zipfile``), about a twelfth of the floor that every command pays.
    Anything else asked of it loads the real module, so a newer pydantic still gets what it
    asks for."""

    @staticmethod
    def get_plugins(*_args: Any, **_kwargs: Any) -> tuple[()]:
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's questions (``__path__``, ...)
            raise AttributeError(name)
        if sys.modules.get(_PLUGIN_LOADER) is self:
            del sys.modules[_PLUGIN_LOADER]
        return getattr(importlib.import_module(_PLUGIN_LOADER), name)


def without_pydantic_plugins() -> None:
    """Plugins off unless the user said otherwise, and then no search for them."""
    # selflead uses no pydantic plugins: not looking for them (a scan of every installed
    # package's entry points) saves about 10 ms of each command's start, and a broken plugin
    # installed beside selflead cannot break it. A value the user set is left as it is, and
    # with it pydantic's own loader.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__":
        sys.modules.setdefault(_PLUGIN_LOADER, _NoPlugins(_PLUGIN_LOADER))
