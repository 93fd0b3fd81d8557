"""Asking yes or no on the terminal before something is removed (delete, emptying the trash).

Small on purpose: the lead moves it onto prompt_toolkit with the rest of ``ui/prompts.py``.
"""

from __future__ import annotations

from selflead.ui.console import out


def confirm(question: str) -> bool:
    """Ask ``question``; only an explicit yes is a yes. Ctrl-D answers no."""
    from rich.prompt import Confirm
    from rich.text import Text

    try:
        return Confirm.ask(Text(question), console=out(), default=False)
    except EOFError:
        out().print()
        return False
