"""The terminal a person answers at: ``/dev/tty`` with prompt_toolkit's line editor.

Prompts, questions and hints go to the terminal itself, so that ``selflead checkin > log.txt``
still shows them; stdout keeps only the final summary. Only the interactive flows import this
module (prompt_toolkit is not needed by scripted commands, and not loaded by them).

Keys, in every prompt: the arrows, Home/End, Ctrl/Alt-arrows and Alt-B/F for words, Ctrl-W,
Ctrl-U and Ctrl-K, Up/Down for the earlier answers to that prompt in this session. In a
reflection (several lines): Enter on an empty line after the text finishes (Enter at once
skips), as do Esc Enter / Alt-Enter and Ctrl-D; a paste lands whole, blank lines and all;
Ctrl-X Ctrl-E, or ``e`` then Enter on an empty reflection, opens ``$VISUAL``/``$EDITOR``.
Ctrl-C cancels.
"""

from __future__ import annotations

import contextlib
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.output import create_output
from rich.console import Console
from rich.text import Text

from selflead.errors import Cancelled, SelfleadError
from selflead.ui.editor import EditorFailed, edit

if TYPE_CHECKING:
    from prompt_toolkit.key_binding import KeyPressEvent
    from rich.console import RenderableType

FINISH_KEYS = "Enter on an empty line, Esc Enter or Ctrl-D finishes (Enter at once skips)"
EDITOR_KEYS = "Ctrl-X Ctrl-E, or e then Enter on an empty reflection, opens your editor"
CANCEL_KEY = "Ctrl-C cancels"
HINT = f"Keys: {FINISH_KEYS}; paste keeps blank lines; {EDITOR_KEYS}; {CANCEL_KEY}."

_TRAILING_BLANK = re.compile(r"(\n[ \t]*)+\Z")


@dataclass(frozen=True)
class _Edit:
    """A prompt left to open the editor on ``text``."""

    text: str


def _without_trailing_blank_lines(text: str) -> str:
    return _TRAILING_BLANK.sub("", text)


def _single_line_keys() -> KeyBindings:
    keys = KeyBindings()

    @keys.add("c-d")
    def _finish(event: KeyPressEvent) -> None:
        # Ctrl-D never cancels: on a one-line prompt it answers with what is there.
        event.current_buffer.validate_and_handle()

    return keys


def _reflection_keys() -> KeyBindings:
    keys = KeyBindings()

    def accept(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.text = _without_trailing_blank_lines(buffer.text)
        buffer.validate_and_handle()

    @keys.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        document = buffer.document
        if buffer.text.strip() == "e":
            event.app.exit(result=_Edit(""))
        elif not buffer.text.strip():
            accept(event)  # Enter at once: skip
        elif document.is_cursor_at_the_end and not document.current_line.strip():
            accept(event)  # Enter on an empty line after the text: finish
        else:
            buffer.newline(copy_margin=False)

    @keys.add("escape", "enter")
    @keys.add("c-d")
    def _finish(event: KeyPressEvent) -> None:
        accept(event)

    @keys.add("c-x", "c-e")
    def _editor(event: KeyPressEvent) -> None:
        event.app.exit(result=_Edit(event.current_buffer.text))

    return keys


def _continuation(width: int, line_number: int, wrap_count: int) -> str:
    """``  … `` before each new line of a reflection; nothing before a line that only wraps."""
    return "  … " if wrap_count == 0 else ""


def _open_tty() -> tuple[TextIO, TextIO] | None:
    try:
        reader = open("/dev/tty", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115, PTH123
    except OSError:
        return None
    try:
        writer = open("/dev/tty", "w", encoding="utf-8", errors="replace")  # noqa: SIM115, PTH123
    except OSError:
        reader.close()
        return None
    return reader, writer


class Terminal:
    """The person's terminal: rich for what is shown, prompt_toolkit for what is asked."""

    def __init__(self) -> None:
        opened = _open_tty()
        self._opened = opened is not None
        if opened is None:  # no controlling terminal: the standard streams it is
            opened = (sys.stdin, sys.stdout if sys.stdout.isatty() else sys.stderr)
        self.tty = opened
        self.console = Console(file=opened[1], highlight=False, emoji=False)
        self._input = create_input(opened[0])
        self._output = create_output(opened[1])
        self._histories: dict[str, InMemoryHistory] = {}
        self._hint_shown = False

    def close(self) -> None:
        if self._opened:
            for stream in self.tty:
                with contextlib.suppress(OSError):
                    stream.close()

    @property
    def width(self) -> int:
        return self.console.width

    def print(self, *renderables: RenderableType | str) -> None:
        self.console.print(*renderables)

    def warn(self, message: str) -> None:
        self.console.print(Text(message, style="yellow"))

    def waiting(self) -> None:
        """A save waits for another selflead to finish writing."""
        self.console.print(
            Text("  Waiting for the journal: another selflead is writing to it…", style="dim")
        )

    def hint_once(self) -> None:
        """How to finish a reflection, open the editor or cancel: said once per session."""
        if not self._hint_shown:
            self._hint_shown = True
            self.console.print(Text(HINT, style="dim"))

    def _session(self, history: str, keys: KeyBindings, **options: Any) -> PromptSession[Any]:
        return PromptSession(
            history=self._histories.setdefault(history, InMemoryHistory()),
            key_bindings=keys,
            input=self._input,
            output=self._output,
            **options,
        )

    def _prompt(self, session: PromptSession[Any], message: str, default: str) -> Any:
        self.console.file.flush()
        try:
            return session.prompt(message, default=default)
        except KeyboardInterrupt:
            raise Cancelled("nothing was saved") from None
        except EOFError:  # the terminal went away
            raise Cancelled("the terminal closed", "nothing was saved") from None

    def line(self, message: str, *, history: str, default: str = "") -> str:
        """One line: Enter (or Ctrl-D) answers."""
        session = self._session(history, _single_line_keys())
        answer: str = self._prompt(session, message, default)
        return answer

    def text(self, message: str, *, history: str, default: str = "") -> str:
        """A reflection of any length and any number of lines ("" when skipped)."""
        session = self._session(
            history, _reflection_keys(), multiline=True, prompt_continuation=_continuation
        )
        while True:
            answer = self._prompt(session, message, default)
            if not isinstance(answer, _Edit):
                return str(answer)
            default = self.edit(answer.text)

    def edit(self, text: str) -> str:
        """``text`` after the person's editor; unchanged if the editor failed."""
        try:
            edited = edit(text, tty=self.tty)
        except EditorFailed as exc:
            self.warn(f"  {exc.message}; {exc.hint}." if exc.hint else f"  {exc.message}.")
            return text
        return edited.rstrip("\n")

    def editor_document(self, text: str) -> str:
        """A whole document (the check-in template) through the editor, or ``Cancelled``."""
        try:
            return edit(text, tty=self.tty)
        except EditorFailed as exc:
            raise Cancelled(exc.message, "nothing was saved") from None


def problem_line(exc: SelfleadError) -> str:
    return f"  {exc.message}; {exc.hint}." if exc.hint else f"  {exc.message}."
