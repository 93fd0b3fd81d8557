"""The console script: ``selflead due`` is answered before the Typer app is imported.

A shell prompt runs ``selflead due`` at every prompt, so it must cost about what starting
Python costs; every other command line goes to ``selflead.cli.root.main`` unchanged.
"""

import os
import sys


def main() -> None:
    """Console-script entry point."""
    # selflead uses no pydantic plugins: not looking for them (a scan of every installed
    # package's entry points) saves about 10 ms of each command's start, and a broken plugin
    # installed beside selflead cannot break it. A value the user set is left as it is.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from selflead.cli.due import fast

    code = fast(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from selflead.cli.root import main as app_main

    app_main()
