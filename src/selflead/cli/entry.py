"""The console script: ``selflead due`` is answered before the Typer app is imported.

A shell prompt runs ``selflead due`` at every prompt, so it must cost about what starting
Python costs; every other command line goes to ``selflead.cli.root.main`` unchanged.
"""

import sys


def main() -> None:
    """Console-script entry point."""
    from selflead.cli.due import fast

    code = fast(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from selflead.cli.plugins import without_pydantic_plugins

    without_pydantic_plugins()
    from selflead.cli.root import main as app_main

    app_main()
