"""The whole command line, every command registered: what ``selflead --help`` lists and what
the tests drive. The console script starts from ``selflead.cli.root`` instead, which builds only
the command it runs."""

from selflead.cli.root import app, main, register

register()

__all__ = ["app", "main"]
