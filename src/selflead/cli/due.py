"""``selflead due``: nothing and exit 0 when today has a check-in, else one line and exit 1.

It is meant for a shell prompt and a reminder timer, so the common command lines
(``selflead due``, ``selflead due --notify``, with ``--journal PATH`` before ``due``) are
answered by ``fast`` before Typer, rich or pydantic are imported (``selflead.cli.entry``).
Anything else (``due --help``, a mistyped option) goes through the full app, which registers
the same command (``selflead.cli.due_command``).
"""

# Only modules Python has loaded anyway, or next to nothing (no typing, no collections): every
# import here is paid at every shell prompt. The Typer command is in cli/due_command.py.
import os

from selflead.errors import EXIT_DAMAGED, EXIT_ERROR, EXIT_OK


def check(journal: "str | os.PathLike[str] | None", *, notify: bool) -> int:
    """The exit code of ``selflead due`` for the journal chosen as every command chooses it."""
    from selflead.cli.clock import today
    from selflead.store.due import checked_in
    from selflead.store.home import journal_home_name

    home = journal_home_name(None if journal is None else os.fspath(journal))
    day = today()
    state = checked_in(home, day)
    if state == "done":
        return EXIT_OK  # the common case at a prompt: nothing to say, so no ui to import
    from selflead.ui import due as render

    if state == "damaged":
        from selflead.store.due import day_file

        render.damaged(day_file(home, day))
        return EXIT_DAMAGED
    render.due(day)
    if notify:
        render.notify(day)
    return EXIT_ERROR


def fast(args: list[str]) -> int | None:
    """The exit code for a plain ``due`` command line, or None to let the full app run it."""
    words = list(args)
    journal: str | None = None
    if words[:1] == ["--journal"] and len(words) >= 2:
        journal, words = words[1], words[2:]
    elif words[:1] and words[0].startswith("--journal="):
        journal, words = words[0].partition("=")[2], words[1:]
    if words == ["due"]:
        notify = False
    elif words == ["due", "--notify"]:
        notify = True
    else:
        return None
    try:
        return check(journal, notify=notify)
    except Exception:  # the full app has the one error boundary: it runs the command again
        return None
