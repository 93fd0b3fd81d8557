"""The command line: the Typer app, global options, the registry of commands, and the one place
errors become exit codes.

Each command lives in a module of its own (``COMMANDS`` says which) that adds it with
``register(app)``; a command body parses its options, calls one core function and hands the
result to the ``selflead.ui`` modules. Heavy modules are imported inside command bodies, and
``main`` registers only the command it runs, so that every command starts fast.
"""

import gc
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final

import typer
from typer.core import TyperGroup

from selflead import __version__
from selflead.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, Cancelled, SelfleadError


def _debugging(args: Sequence[str] | None) -> bool:
    """``--debug`` before the command, or ``SELFLEAD_DEBUG=1``: show tracebacks."""
    words = list(sys.argv[1:] if args is None else args)
    return "--debug" in words or os.environ.get("SELFLEAD_DEBUG", "") not in {"", "0"}


class SelfleadGroup(TyperGroup):
    """Runs the app and turns every error into one line on stderr and an exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from selflead.ui import console

        try:
            result = super().main(
                args,
                prog_name or "selflead",
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except Cancelled as exc:
            console.cancelled(exc.message, exc.hint)
            sys.exit(exc.exit_code)
        except SelfleadError as exc:
            console.error(exc.message, exc.hint)
            sys.exit(exc.exit_code)
        except typer.TyperException as exc:  # Typer's usage errors: bad option, missing value
            ctx = getattr(exc, "ctx", None)
            command = ctx.command_path if ctx is not None else "selflead"
            console.error(exc.format_message().rstrip("."), f"see '{command} --help'")
            sys.exit(exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):  # Ctrl-C outside a prompt: a cancel too
            console.cancelled("nothing was saved")
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # a bug: one line, unless the user asked for the traceback
            if _debugging(args):
                raise
            console.error(
                f"unexpected error: {type(exc).__name__}: {exc}",
                "this is a bug in selflead: run the command again with --debug and send the "
                "traceback to the selflead developers",
            )
            sys.exit(EXIT_INTERNAL)
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    cls=SelfleadGroup,
    name="selflead",
    help=(
        "A terminal coaching journal for self-leadership.\n\n"
        "Check in daily on communication, emotions, behaviour and goals; review the week; "
        "export to Markdown."
    ),
    epilog="Example: selflead checkin",
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass(frozen=True)
class Settings:
    journal: Path | None


def _version(value: bool) -> None:
    if value:
        from selflead.ui import console

        console.plain(f"selflead {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    journal: Annotated[
        Path | None,
        typer.Option(
            "--journal",
            metavar="PATH",
            help="Journal folder to use (overrides SELFLEAD_HOME).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show the full traceback of an unexpected error (or SELFLEAD_DEBUG=1)."
        ),
    ] = False,
) -> None:
    ctx.obj = Settings(journal=journal)
    if ctx.invoked_subcommand is None:
        from selflead.ui import console

        console.plain(ctx.get_help())


# Each command and command group, in the order ``selflead --help`` lists them, and the module
# that registers it (with its ``register(app)``). A command line that names a command imports
# and builds only that command's module: Typer turns every registered command into a Click
# command at each run, which for all of them was about a tenth of a command's start.
COMMANDS: Final[dict[str, str]] = {
    "checkin": "checkin",
    "show": "browse",
    "list": "browse",
    "edit": "entries",
    "delete": "entries",
    "trash": "entries",
    "restore": "entries",
    "search": "entries",
    "review": "review",
    "quote": "review",
    "commitments": "commitments",
    "goal": "goals",
    "doctor": "doctor",
    "export": "transfer",
    "import": "transfer",
    "due": "due_command",
    "remind": "remind",
    "sync": "sync",
    "calendar": "calendar",
    "report": "report",
    "insights": "insights",
    "on-this-day": "on_this_day",
}
_registered: set[str] = set()


def register(name: str | None = None) -> None:
    """Registers the module of command ``name``, or of every command when ``name`` is None or
    names none (help, completion, a mistyped command: their texts list every command)."""
    modules = [COMMANDS[name]] if name in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module in modules:
        if module not in _registered:
            # The import statement's own machinery (importlib.import_module's is not the one
            # ``python -X importtime`` reports on, which the tests read).
            __import__(f"selflead.cli.{module}", fromlist=["register"]).register(app)
            _registered.add(module)


# The global options before the command word, and which of them take a value.
_VALUED = {"--journal"}
_FLAGS = {"--debug"}


def _command_word(args: Sequence[str]) -> str | None:
    """The command a command line runs (``checkin`` in ``--journal J checkin --rate ...``), or
    None when it asks for help, a version or completion, or names no command."""
    words = iter(args)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word.startswith("--journal=") or word in _FLAGS:
            continue
        elif word.startswith("-"):
            return None  # --help, --version, completion, or a usage error: the whole app
        else:
            return word
    return None


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    # A closed stdin, stdout or stderr (``selflead show >&-``) gets /dev/null on its
    # descriptor, so that no journal file opened later can take descriptor 1 or 2; printing to
    # the closed stream is then one clear error (or, after a save, a warning). Under a locale
    # that is not UTF-8, what the terminal's encoding lacks is shown as "?".
    from selflead.store.files import reserve_standard_descriptors
    from selflead.ui.console import prepare_streams

    reserve_standard_descriptors()
    prepare_streams()
    # A terminated command (SIGTERM, SIGHUP) unwinds, so that an export's temporary files go.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminated)
    # A write past RLIMIT_FSIZE must fail with EFBIG (and leave the old file), not kill us.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # A reader that closes the pipe early (``selflead export | head``) ends us quietly, as it
    # ends cat or grep (exit 141), instead of a "broken pipe" error. Nothing is written to
    # the journal after a command has started its output, so this cannot cut a save short.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # A command is one short process that builds many long-lived objects (pydantic's schemas,
    # a whole journal for export and import) and next to no reference cycles: Python's cyclic
    # collector would walk all of them again at each pass, which was more than half the time
    # of reading a large journal and about a tenth of starting a command. Reference counting
    # still frees everything that is no longer used.
    completing = any(key.startswith("_SELFLEAD_COMPLETE") for key in os.environ)
    register(None if completing else _command_word(sys.argv[1:]))
    gc.disable()
    try:
        app()
    finally:
        # Python's last collection at exit would still walk every object the command made
        # (pydantic's schemas, rich's styles, a whole journal): nothing there needs collecting,
        # so it is frozen out of that walk. Files and the lock are closed by then.
        gc.freeze()
