"""The console script: ``selflead due`` is answered before the Typer app is imported.

A shell prompt runs ``selflead due`` at every prompt, so it must cost about what starting
Python costs; every other command line goes to ``selflead.cli.root.main`` unchanged.
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


def _without_pydantic_plugins() -> None:
    # selflead uses no pydantic plugins: not looking for them (a scan of every installed
    # package's entry points) saves about 10 ms of each command's start, and a broken plugin
    # installed beside selflead cannot break it. A value the user set is left as it is, and
    # with it pydantic's own loader.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__":
        sys.modules.setdefault(_PLUGIN_LOADER, _NoPlugins(_PLUGIN_LOADER))


def main() -> None:
    """Console-script entry point."""
    _without_pydantic_plugins()
    from selflead.cli.due import fast

    code = fast(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from selflead.cli.root import main as app_main

    app_main()
