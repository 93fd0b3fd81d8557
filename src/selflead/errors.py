"""The one family of errors selflead raises, and the exit code each one means.

Core and store code raise these; only the CLI boundary (``cli.main``) turns them into a
one-line message on stderr and an exit code. No traceback reaches a user, unless they ask
for it with ``--debug`` (or ``SELFLEAD_DEBUG=1``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (selflead due)
if TYPE_CHECKING:
    from pathlib import Path

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_ERROR = 1  # something went wrong that is not the user's input
EXIT_USAGE = 2  # bad input: options, dates, ratings, files to import
EXIT_DAMAGED = 3  # a journal file cannot be read; nothing was rewritten
EXIT_BUSY = 4  # another selflead holds the journal lock
EXIT_UNREADABLE = 5  # a journal file the user may not read (another owner); left untouched
EXIT_PROBLEMS = 1  # doctor found problems in the journal (the report says which)
EXIT_INTERNAL = 70  # a bug in selflead (EX_SOFTWARE): one line, the traceback under --debug
EXIT_INTERRUPTED = 130  # Ctrl-C: nothing was saved


class SelfleadError(Exception):
    """Base of every error a user may see. ``message`` is one line; ``hint`` says what to do."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(SelfleadError):
    """The user gave something we cannot accept (a rating of 9, an unknown area, a bad date)."""

    exit_code = EXIT_USAGE


class DamagedFileError(SelfleadError):
    """A journal file does not parse or validate. It is never rewritten or treated as empty."""

    exit_code = EXIT_DAMAGED

    def __init__(self, path: Path, problem: str, hint: str | None = None) -> None:
        super().__init__(
            f"{path}: {problem}",
            hint or "the file was left untouched; run 'selflead doctor' to see how to repair it",
        )
        self.path = path
        self.problem = problem


class NewerSchemaError(DamagedFileError):
    """A journal file written by a newer selflead. Not damaged: never moved aside or rewritten."""


class JournalBusyError(SelfleadError):
    """The journal lock could not be had in time."""

    exit_code = EXIT_BUSY


class StorageError(SelfleadError):
    """Writing failed (disk full, permissions). The previous file is unchanged."""

    exit_code = EXIT_ERROR


class Cancelled(SelfleadError):
    """The person cancelled at a prompt (Ctrl-C, or cancel chosen): reported as a cancel,
    ``cancelled: nothing was saved``, never as an error."""

    exit_code = EXIT_INTERRUPTED


class UnreadableFileError(DamagedFileError):
    """A journal file the user may not read (owned by another user, such as root after a
    ``sudo selflead``). Not damaged: reported as such, never moved aside or rewritten."""

    exit_code = EXIT_UNREADABLE


class LinkInJournalError(DamagedFileError):
    """A symbolic link where the journal keeps its data (a year folder, a day file): selflead
    never reads or writes through it. Not damaged: never moved aside."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            "is a symbolic link; selflead never reads or writes journal data through a link",
            "replace the link with the folder or file it points to (the journal folder itself "
            "may be a link); 'selflead doctor' lists every link",
        )


class OutputError(SelfleadError):
    """stdout (or stderr) is closed or failing (``> /dev/full``). Raised only by the ui's
    consoles; a command that had already saved says so instead (``console.after_save``)."""

    exit_code = EXIT_ERROR

    def __init__(self, stream: str, reason: str) -> None:
        super().__init__(f"could not write to {stream}: {reason}", "nothing was changed")
        self.stream = stream
        self.reason = reason
