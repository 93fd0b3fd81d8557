"""The wing rules, checked on the source tree with ``ast`` (names are resolved through imports).

- Nothing outside ``ui/`` prints, prompts or writes to stdout/stderr.
- Nothing outside ``store/`` opens, lists, stats, renames or chmods a file.
- Imports point down only: cli -> ui -> transfer -> core -> store -> shared.
- The clock is read only in ``cli/``.

Each rule is one test over every module of ``src/selflead``; each also has negative tests that
feed the checker a small snippet breaking it, so the rule can fail. Offences that exist today are
in ``ALLOWED``, each with its reason, for the lead to shrink: an entry that no longer matches an
offence fails too, so the list can only get shorter.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "selflead"

# Bottom to top: a module may import its own wing and any wing below it. "shared" is every
# module at the package root (errors, models, areas, dates, chars, __init__, __main__).
WINGS = ("shared", "store", "core", "transfer", "ui", "cli")
# `python -m selflead` has to start the CLI: the entry point may import any wing.
ENTRY_POINTS = frozenset({"selflead.__main__"})


# --------------------------------------------------------------------------- reading a module


@dataclass(frozen=True)
class Offence:
    path: str  # relative to src/, e.g. "selflead/cli/app.py"
    line: int
    scope: str  # the enclosing function or class ("Store.write"), "<module>" at the top level
    what: str  # the call or name, e.g. "typer.echo", "os.replace", ".read_text()"

    @property
    def key(self) -> tuple[str, str, str]:
        """What ``ALLOWED`` matches: no line numbers, so edits elsewhere in a file keep it."""
        return (self.path, self.scope, self.what)

    def __str__(self) -> str:
        return f"src/{self.path}:{self.line}: {self.what} (in {self.scope})"


@dataclass
class Module:
    name: str  # "selflead.core.quotes"
    path: str
    tree: ast.Module
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> dotted import name
    scopes: dict[ast.AST, str] = field(default_factory=dict)  # node -> enclosing scope

    @property
    def wing(self) -> str:
        return wing_of(self.name)

    def nodes(self) -> Iterator[tuple[ast.AST, str]]:
        return iter(self.scopes.items())

    def offence(self, node: ast.AST, what: str) -> Offence:
        return Offence(self.path, getattr(node, "lineno", 0), self.scopes[node], what)

    def resolve(self, node: ast.AST) -> str | None:
        """The dotted name an expression stands for, through the module's imports.

        ``Path`` after ``from pathlib import Path`` is ``pathlib.Path``; ``os.path.exists`` is
        itself. Only a chain that starts at an imported name resolves; anything else is None.
        """
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            return None if base is None else f"{base}.{node.attr}"
        return None


def wing_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in WINGS[1:]:
        return parts[1]
    return "shared"


def _package_of(module: str, path: str) -> str:
    return module if path.endswith("__init__.py") else module.rpartition(".")[0]


def imported_names(module: str, path: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The full dotted names an import statement brings in (relative imports made absolute)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = _package_of(module, path).split(".")
        parent = ".".join(package[: len(package) - node.level + 1])
        base = f"{parent}.{base}" if base else parent
    return [f"{base}.{alias.name}" for alias in node.names]


def parse(source: str, name: str, path: str) -> Module:
    tree = ast.parse(source, filename=path)
    module = Module(name, path, tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    module.aliases[alias.asname] = alias.name
                else:
                    root = alias.name.partition(".")[0]
                    module.aliases[root] = root
        elif isinstance(node, ast.ImportFrom):
            full = imported_names(name, path, node)
            for alias, dotted in zip(node.names, full, strict=True):
                module.aliases[alias.asname or alias.name] = dotted

    def visit(node: ast.AST, scope: str) -> None:
        module.scopes[node] = scope
        inner = scope
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = node.name if scope == "<module>" else f"{scope}.{node.name}"
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, "<module>")
    return module


def source_modules() -> list[Module]:
    modules = []
    for file in sorted((SRC / PACKAGE).rglob("*.py")):
        relative = file.relative_to(SRC)
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules.append(parse(file.read_text(encoding="utf-8"), ".".join(parts), str(relative)))
    return modules


# --------------------------------------------------------------------------- the four rules


def _calls(module: Module) -> Iterator[tuple[ast.Call, str | None]]:
    for node, _ in module.nodes():
        if isinstance(node, ast.Call):
            yield node, module.resolve(node.func)


def _names(module: Module) -> Iterator[tuple[ast.Name | ast.Attribute, str]]:
    """Every name or attribute that resolves through an import, whether called or not."""
    for node, _ in module.nodes():
        if isinstance(node, ast.Name | ast.Attribute):
            dotted = module.resolve(node)
            if dotted is not None:
                yield node, dotted


def _bare_builtin(module: Module, node: ast.AST, names: frozenset[str]) -> str | None:
    if isinstance(node, ast.Name) and node.id in names and node.id not in module.aliases:
        return node.id
    return None


PRINT_BUILTINS = frozenset({"print", "input", "breakpoint"})
PRINTING = frozenset(
    {
        "builtins.print",
        "builtins.input",
        "typer.echo",
        "typer.secho",
        "typer.prompt",
        "typer.confirm",
        "typer.echo_via_pager",
        "typer.getchar",
        "click.echo",
        "click.secho",
        "click.prompt",
        "click.confirm",
        "click.echo_via_pager",
        "click.getchar",
        "click.pause",
        "sys.stdout",
        "sys.stderr",
        "sys.__stdout__",
        "sys.__stderr__",
        "getpass.getpass",
        "rich.print",
        "rich.print_json",
        "rich.inspect",
        "rich.get_console",
        "rich.console.Console",
        "rich.progress.Progress",
        "rich.progress.track",
        "rich.live.Live",
        "rich.status.Status",
        "pprint.pprint",
        "pprint.pp",
        "traceback.print_exc",
        "traceback.print_exception",
        "traceback.print_tb",
        "traceback.print_stack",
        "traceback.print_last",
    }
)
PRINTING_MODULES = frozenset({"rich.prompt"})  # anything from it asks the user


def printing(module: Module) -> list[Offence]:
    """Printing, prompting, stdout/stderr and rich consoles (sys.stdin, e.g. isatty, is not)."""
    found = []
    for node, _ in module.nodes():
        bare = _bare_builtin(module, node, PRINT_BUILTINS)
        if bare:
            found.append(module.offence(node, bare))
    for node, dotted in _names(module):
        if dotted in PRINTING or dotted.rpartition(".")[0] in PRINTING_MODULES:
            found.append(module.offence(node, dotted))
    return found


def _words(text: str) -> list[str]:
    return text.split()


OS_FILE_CALLS = frozenset(
    f"os.{name}"
    for name in _words(
        "open fdopen stat lstat fstat statvfs listdir scandir walk fwalk replace rename renames "
        "chmod fchmod lchmod chown fchown lchown unlink remove rmdir removedirs mkdir makedirs "
        "mkfifo fsync fdatasync link symlink readlink access utime truncate ftruncate read write "
        "path.exists path.lexists path.isfile path.isdir path.islink path.ismount path.getsize "
        "path.getmtime path.getatime path.getctime path.realpath path.samefile"
    )
)
FILE_CALLS = OS_FILE_CALLS | {"builtins.open", "io.open", "codecs.open", "pkgutil.get_data"}
# Any name from these modules: they only exist to touch files.
FILE_MODULES = frozenset({"shutil", "tempfile", "glob", "fcntl", "filelock", "importlib.resources"})
NOT_FILES = frozenset({"shutil.get_terminal_size"})  # asks the terminal, not the disk
# pathlib.Path methods that touch the disk. On an expression whose type ast cannot know
# (`path.read_text()`), the method name is enough, except where str/datetime share the name.
PATH_METHODS = frozenset(
    _words(
        "read_text read_bytes write_text write_bytes open exists is_dir is_file is_symlink "
        "is_mount iterdir glob rglob walk stat lstat mkdir rmdir chmod lchmod unlink rename "
        "replace touch resolve readlink samefile symlink_to hardlink_to"
    )
)
ONE_ARGUMENT_METHODS = frozenset({"replace", "rename"})  # str.replace(a, b), date.replace(day=1)


def file_access(module: Module) -> list[Offence]:
    """Opening, listing, stat-ing, renaming, chmod-ing or removing a file, by any route."""
    found = []
    for node, _ in module.nodes():
        if _bare_builtin(module, node, frozenset({"open"})):
            found.append(module.offence(node, "open"))
    for node, dotted in _names(module):
        parent = dotted.rpartition(".")[0]
        method = parent == "pathlib.Path" and dotted.rpartition(".")[2] in PATH_METHODS
        if dotted in FILE_CALLS or (parent in FILE_MODULES and dotted not in NOT_FILES) or method:
            found.append(module.offence(node, dotted))
    for call, dotted in _calls(module):
        func = call.func
        if dotted is not None or not isinstance(func, ast.Attribute):
            continue  # through an import: judged above by its full name
        if func.attr not in PATH_METHODS:
            continue
        if func.attr in ONE_ARGUMENT_METHODS and (len(call.args) != 1 or call.keywords):
            continue
        found.append(module.offence(call, f".{func.attr}()"))
    return found


def _imports(module: Module) -> Iterator[tuple[ast.AST, str]]:
    """Every module name imported, by statement (anywhere, TYPE_CHECKING too) or by importlib."""
    for node, _ in module.nodes():
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in imported_names(module.name, module.path, node):
                yield node, name
    for call, dotted in _calls(module):
        dynamic = dotted == "importlib.import_module" or _bare_builtin(
            module, call.func, frozenset({"__import__"})
        )
        first = call.args[0] if call.args else None
        if dynamic and isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield call, first.value


def upward_imports(module: Module) -> list[Offence]:
    """An import of a wing above the module's own."""
    if module.name in ENTRY_POINTS:
        return []
    own = WINGS.index(module.wing)
    found = []
    for node, name in _imports(module):
        if name.split(".")[0] != PACKAGE:
            continue
        target = wing_of(name)
        if WINGS.index(target) > own:
            found.append(module.offence(node, f"imports {name} ({module.wing} -> {target})"))
    return found


CLOCK = frozenset(
    {
        "datetime.date.today",
        "datetime.datetime.now",
        "datetime.datetime.today",
        "datetime.datetime.utcnow",
        "time.time",
        "time.time_ns",
    }
)
# These read the clock only when called without the time to work on.
CLOCK_WITHOUT_ARGUMENT = {
    "time.localtime": 0,
    "time.gmtime": 0,
    "time.ctime": 0,
    "time.asctime": 0,
    "time.strftime": 1,
}


def clock(module: Module) -> list[Offence]:
    """Reading the time of day or today's date (time.monotonic and perf_counter are not)."""
    found = [module.offence(node, dotted) for node, dotted in _names(module) if dotted in CLOCK]
    for call, dotted in _calls(module):
        if dotted in CLOCK_WITHOUT_ARGUMENT and len(call.args) <= CLOCK_WITHOUT_ARGUMENT[dotted]:
            found.append(module.offence(call, dotted))
    return found


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Module], list[Offence]]
    home: str | None  # the only wing allowed to do it; None: the rule holds everywhere
    says: str
    fix: str

    def offences(self, modules: list[Module]) -> list[Offence]:
        return [o for m in modules if m.wing != self.home for o in self.check(m)]


PRINTS = Rule(
    "printing",
    printing,
    "ui",
    "prints, prompts or writes to stdout/stderr outside ui/",
    "return the facts and let a ui/ function word them",
)
FILES = Rule(
    "files",
    file_access,
    "store",
    "touches a file outside store/",
    "ask the Store (or a store/ function) for it",
)
IMPORTS = Rule(
    "imports",
    upward_imports,
    None,
    "imports upwards (cli -> ui -> transfer -> core -> store -> shared)",
    "move the shared piece down to the lower wing, or pass it in from above",
)
CLOCK_RULE = Rule(
    "clock",
    clock,
    "cli",
    "reads the clock outside cli/",
    "take `today`/`now` as a parameter; cli/options.py reads the clock",
)


# --------------------------------------------------------------------------- today's offences

# (path, scope, what) -> why it is still there. Shrink it: fix the code, delete the line.
ALLOWED: dict[str, dict[tuple[str, str, str], str]] = {
    "printing": {},
    "files": {
        # The terminal is the ui's own device: prompts read and draw on /dev/tty, so that they
        # reach the person when stdout is redirected.
        ("selflead/ui/terminal.py", "_open_tty", "open"): "opens /dev/tty for the prompts",
        # Starting the user's editor is ui; finding it on PATH goes with starting it.
        ("selflead/ui/editor.py", "editor_command", "shutil.which"): "finds $EDITOR's program",
        # The quote bank is read (and its JSON copy written) by core, not by store.
        ("selflead/core/quotes.py", "packaged_quotes_file", "importlib.resources.files"): (
            "finds the packaged quotes.yaml"
        ),
        ("selflead/core/quotes.py", "packaged_quotes_json", "importlib.resources.files"): (
            "finds the packaged quotes.json"
        ),
        ("selflead/core/quotes.py", "_write_packaged_json", ".read_text()"): (
            "reads quotes.yaml to refresh quotes.json"
        ),
        ("selflead/core/quotes.py", "_write_packaged_json", ".write_text()"): (
            "writes quotes.json (python -m selflead.core.quotes)"
        ),
    },
    "imports": {},
    "clock": {},
}


@pytest.fixture(scope="module")
def modules() -> list[Module]:
    found = source_modules()
    assert len(found) > 30, f"only {len(found)} modules found under {SRC / PACKAGE}"
    return found


def problems(rule: Rule, modules: list[Module], allowed: dict[tuple[str, str, str], str]) -> str:
    """Every offence not in ``allowed``, and every entry of ``allowed`` no longer found."""
    offences = rule.offences(modules)
    new = [o for o in offences if o.key not in allowed]
    stale = sorted(set(allowed) - {o.key for o in offences})
    said = []
    if new:
        said.append(f"{len(new)} place(s) where the code {rule.says}:")
        said += [f"  {o}" for o in new]
        said.append(f"Fix: {rule.fix} (or list it in ALLOWED[{rule.name!r}] with its reason).")
    if stale:
        said.append(f"ALLOWED[{rule.name!r}] lists what no longer happens; delete:")
        said += [f"  {key}" for key in stale]
    return "\n".join(said)


def _check_tree(rule: Rule, modules: list[Module]) -> None:
    said = problems(rule, modules, ALLOWED[rule.name])
    assert not said, said


def test_only_ui_prints_or_prompts(modules: list[Module]) -> None:
    _check_tree(PRINTS, modules)


def test_only_store_touches_files(modules: list[Module]) -> None:
    _check_tree(FILES, modules)


def test_imports_point_down(modules: list[Module]) -> None:
    _check_tree(IMPORTS, modules)


def test_only_cli_reads_the_clock(modules: list[Module]) -> None:
    _check_tree(CLOCK_RULE, modules)


def test_every_module_is_in_a_wing(modules: list[Module]) -> None:
    """A new folder under selflead/ is not silently counted as shared vocabulary."""
    folders = {Path(m.path).parts[1] for m in modules if len(Path(m.path).parts) > 2}
    assert folders <= set(WINGS[1:]), f"folders outside the wings: {folders - set(WINGS)}"


# --------------------------------------------------------------------------- the rules can fail


def caught(rule: Rule, source: str, module: str = "selflead.core.example") -> list[str]:
    """What ``rule`` reports in ``source``, as if it were the module named."""
    parts = module.split(".")
    path = "/".join(parts) + ".py"
    return [o.what for o in rule.offences([parse(source, module, path)])]


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("print('hi')", "print"),
        ("name = input('Name? ')", "input"),
        ("import typer\ntyper.echo('x')", "typer.echo"),
        ("import typer\ntyper.secho('x', fg='red')", "typer.secho"),
        ("import typer\nok = typer.confirm('Sure?')", "typer.confirm"),
        ("from typer import prompt\nprompt('Rating')", "typer.prompt"),
        ("import sys\nsys.stdout.write('x')", "sys.stdout"),
        ("import sys as system\nsystem.stderr.flush()", "sys.stderr"),
        ("from sys import stderr\nstream = stderr", "sys.stderr"),
        ("from rich.console import Console\nConsole(stderr=True)", "rich.console.Console"),
        ("import rich.console\nrich.console.Console()", "rich.console.Console"),
        ("from getpass import getpass\ngetpass()", "getpass.getpass"),
        ("from rich.prompt import Prompt\nPrompt.ask('x')", "rich.prompt.Prompt"),
        ("def later():\n    import click\n    click.echo('x')", "click.echo"),
        ("import traceback\ntraceback.print_exc()", "traceback.print_exc"),
    ],
)
def test_printing_is_caught(source: str, what: str) -> None:
    assert what in caught(PRINTS, source)


def test_printing_rule_leaves_the_rest_alone() -> None:
    clean = "\n".join(
        [
            "import sys",
            "from rich.text import Text",
            "interactive = sys.stdin.isatty()",
            "label = Text('x')",
            "def show(print_them: bool) -> None: ...",
            "text = 'print(1)'",
        ]
    )
    assert caught(PRINTS, clean) == []
    assert caught(PRINTS, "print('x')", module="selflead.ui.example") == []


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("with open('x') as f:\n    pass", "open"),
        ("import os\nos.replace('a', 'b')", "os.replace"),
        ("import os\nos.stat('a')", "os.stat"),
        ("import os\nos.path.exists('a')", "os.path.exists"),
        ("from os import listdir\nlistdir('.')", "os.listdir"),
        ("import os\nfd = os.open('a', os.O_RDONLY)\nos.fsync(fd)", "os.fsync"),
        ("import shutil\nshutil.copyfile('a', 'b')", "shutil.copyfile"),
        ("from shutil import rmtree\nrmtree('a')", "shutil.rmtree"),
        ("import tempfile\ntempfile.mkstemp()", "tempfile.mkstemp"),
        (
            "from importlib import resources\nresources.files('selflead')",
            "importlib.resources.files",
        ),
        (
            "import importlib.resources\nimportlib.resources.read_text('a', 'b')",
            ("importlib.resources.read_text"),
        ),
        ("def f(path):\n    return path.read_text()", ".read_text()"),
        ("def f(path):\n    path.write_bytes(b'')", ".write_bytes()"),
        ("def f(path):\n    return path.exists()", ".exists()"),
        ("def f(path):\n    return [p for p in path.iterdir()]", ".iterdir()"),
        ("def f(path):\n    return list(path.glob('*.json'))", ".glob()"),
        ("def f(path):\n    path.chmod(0o600)", ".chmod()"),
        ("def f(path, other):\n    path.replace(other)", ".replace()"),
        ("def f(path):\n    path.unlink(missing_ok=True)", ".unlink()"),
        ("from pathlib import Path\nPath('a').mkdir(parents=True)", ".mkdir()"),
        ("from pathlib import Path\nPath.read_text(Path('a'))", "pathlib.Path.read_text"),
    ],
)
def test_file_access_is_caught(source: str, what: str) -> None:
    assert what in caught(FILES, source)


def test_file_rule_leaves_the_rest_alone() -> None:
    clean = "\n".join(
        [
            "import dataclasses, shutil",
            "from datetime import datetime",
            "from pathlib import Path",
            "text = 'a-b'.replace('-', ' ')",
            "def later(moment: datetime) -> datetime:",
            "    return moment.replace(tzinfo=None)",
            "def change(item: object) -> object:",
            "    return dataclasses.replace(item)",
            "path = Path('journal') / 'entries' / '2026-11-27.json'",
            "name, suffix = path.name, path.suffix",
            "import re",
            "day = re.match('(.*)', name).group(1)",
            "columns = shutil.get_terminal_size().columns",
        ]
    )
    assert caught(FILES, clean) == []
    assert caught(FILES, "open('x')", module="selflead.store.example") == []


@pytest.mark.parametrize(
    ("module", "source", "what"),
    [
        ("selflead.core.example", "from selflead.ui import console", "core -> ui"),
        ("selflead.core.example", "import selflead.cli.app", "core -> cli"),
        ("selflead.store.example", "from selflead.core.stats import mean", "store -> core"),
        ("selflead.transfer.example", "from selflead import ui", "transfer -> ui"),
        ("selflead.models", "from selflead.store.layout import DAY", "shared -> store"),
        ("selflead.ui.example", "from selflead.cli.options import today", "ui -> cli"),
        ("selflead.core.example", "from ..ui import console", "core -> ui"),
        (
            "selflead.core.example",
            "def f():\n    from selflead.transfer import export",
            ("core -> transfer"),
        ),
        (
            "selflead.core.example",
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from selflead.ui.text import safe",
            "core -> ui",
        ),
        (
            "selflead.core.example",
            "import importlib\nimportlib.import_module('selflead.ui')",
            ("core -> ui"),
        ),
    ],
)
def test_upward_import_is_caught(module: str, source: str, what: str) -> None:
    found = caught(IMPORTS, source, module=module)
    assert any(what in said for said in found), found


def test_import_rule_allows_own_wing_and_below() -> None:
    down = "\n".join(
        [
            "import typer, rich.console",
            "from selflead import __version__",
            "from selflead.errors import InputError",
            "from selflead.store.journal import Store",
            "from selflead.core import review",
            "from selflead.transfer.backup import ImportResult",
            "from . import console",
        ]
    )
    assert caught(IMPORTS, down, module="selflead.ui.example") == []
    assert caught(IMPORTS, "from selflead.ui import console", module="selflead.cli.app") == []
    assert caught(IMPORTS, "from selflead.cli.app import main", module="selflead.__main__") == []


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("from datetime import date\nday = date.today()", "datetime.date.today"),
        ("from datetime import datetime\nmoment = datetime.now()", "datetime.datetime.now"),
        ("import datetime\nmoment = datetime.datetime.now(datetime.UTC)", "datetime.datetime.now"),
        ("from datetime import datetime as dt\ndt.utcnow()", "datetime.datetime.utcnow"),
        ("import time\nstamp = time.time()", "time.time"),
        ("import time\nday = time.strftime('%Y-%m-%d')", "time.strftime"),
        ("import time\nparts = time.localtime()", "time.localtime"),
        (
            "from dataclasses import dataclass, field\nfrom datetime import datetime\n"
            "@dataclass\nclass C:\n    at: datetime = field(default_factory=datetime.now)",
            "datetime.datetime.now",
        ),
    ],
)
def test_clock_is_caught(source: str, what: str) -> None:
    assert what in caught(CLOCK_RULE, source)


def test_clock_rule_leaves_the_rest_alone() -> None:
    clean = "\n".join(
        [
            "import time",
            "from datetime import date, datetime",
            "start = time.monotonic()",
            "time.sleep(0.1)",
            "elapsed = time.perf_counter() - start",
            "day = date(2026, 11, 27)",
            "moment = datetime.fromisoformat('2026-11-27T10:00:00+01:00')",
            "parts = time.localtime(0)",
        ]
    )
    assert caught(CLOCK_RULE, clean) == []
    assert caught(CLOCK_RULE, clean + "\ndate.today()", module="selflead.cli.example") == []


def test_allowed_offences_pass_and_stale_entries_fail() -> None:
    module = parse(
        "import typer\n\n\ndef hello():\n    typer.echo('x')\n",
        "selflead.core.x",
        ("selflead/core/x.py"),
    )
    entry = ("selflead/core/x.py", "hello", "typer.echo")
    assert problems(PRINTS, [module], {entry: "a reason"}) == ""
    said = problems(PRINTS, [module], {})
    assert said.splitlines() == [
        "1 place(s) where the code prints, prompts or writes to stdout/stderr outside ui/:",
        "  src/selflead/core/x.py:5: typer.echo (in hello)",
        "Fix: return the facts and let a ui/ function word them"
        " (or list it in ALLOWED['printing'] with its reason).",
    ]
    gone = ("selflead/core/x.py", "goodbye", "print")
    assert "lists what no longer happens" in problems(PRINTS, [module], {entry: "", gone: ""})


def test_offence_names_file_and_line() -> None:
    module = parse(
        "import typer\n\n\ndef hello():\n    typer.echo('x')\n",
        "selflead.core.x",
        ("selflead/core/x.py"),
    )
    [offence] = PRINTS.offences([module])
    assert str(offence) == "src/selflead/core/x.py:5: typer.echo (in hello)"


if __name__ == "__main__":  # python tests/test_wings.py: every offence, allowed or not
    for rule in (PRINTS, FILES, IMPORTS, CLOCK_RULE):
        for offence in rule.offences(source_modules()):
            mark = "allowed" if offence.key in ALLOWED[rule.name] else "NEW"
            sys.stdout.write(f"{rule.name:8} {mark:7} {offence}\n")
