"""File primitives: private folders, safe reads, atomic writes, and files outside the journal.

Used by the store (journal files) and by exports. Every write goes to a temporary file in the
same folder (``.<name>.<random>.tmp``, mode 0600), is fsynced, then renamed over the target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO, Final

from selflead.errors import DamagedFileError, InputError, StorageError, UnreadableFileError

DIR_MODE: Final = 0o700
FILE_MODE: Final = 0o600
# Exactly the names _temporary_name makes (6 random bytes as 12 hex digits), so that a user's
# own ".notes.tmp" is never taken for one: doctor --fix and the clean-up after a killed writer
# remove what this matches.
MIB: Final = 1024 * 1024
# The largest file selflead reads from the journal (a day file, quotes.yaml). A day with
# a hundred check-ins of the longest reflections is a few MiB.
MAX_FILE_BYTES: Final = 64 * MIB
# The largest backup file ``import`` reads: it is streamed, read twice a piece at a time (a
# hundred years of ten check-ins a day is about 425 MB). Past this, an error says so.
MAX_IMPORT_BYTES: Final = 2048 * MIB
# The largest backup read from stdin, which cannot be read twice: it is held whole.
MAX_STDIN_IMPORT_BYTES: Final = 256 * MIB
IMPORT_LIMIT_ENV: Final = "SELFLEAD_MAX_IMPORT_MIB"


def import_limit(*, stdin: bool = False) -> int:
    """The largest backup ``import`` reads, in bytes: ``SELFLEAD_MAX_IMPORT_MIB`` (a whole
    number of MiB, 1 or more) or ``MAX_IMPORT_BYTES`` (``MAX_STDIN_IMPORT_BYTES`` for stdin)."""
    text = os.environ.get(IMPORT_LIMIT_ENV, "").strip()
    if not text:
        return MAX_STDIN_IMPORT_BYTES if stdin else MAX_IMPORT_BYTES
    if not text.isdigit() or int(text) < 1:
        raise InputError(
            f"{IMPORT_LIMIT_ENV}={text!r} is not a whole number of MiB",
            f"use a number such as {MAX_IMPORT_BYTES // MIB}, or unset it",
        )
    return int(text) * MIB


_TMP_RE = re.compile(r"\..+\.[0-9a-f]{12}\.tmp", re.ASCII | re.DOTALL)


# The longest name of one path component, and of a whole path, most file systems take.
NAME_MAX: Final = 255
PATH_MAX: Final = 4096


def check_path(path: Path, what: str, *, room: int = 0) -> None:
    """Refuse a path no file system takes (a name over 255 bytes, a path over 4096) with one
    clear line, before any call fails on it. ``room``: bytes a name must leave free (for the
    temporary names selflead makes beside a file)."""
    for part in path.parts:
        size = len(os.fsencode(part))
        if size + room > NAME_MAX:
            shown = part if len(part) <= 40 else part[:40] + "…"
            limit = NAME_MAX - room
            raise InputError(
                f"{what} {shown!r} is a name of {size:,} bytes; "
                f"a file system takes at most {limit}",
                "choose a shorter name",
            )
    if len(os.fsencode(path)) >= PATH_MAX:
        raise InputError(
            f"{what} is a path of {len(os.fsencode(path)):,} bytes; a file system takes at most "
            f"{PATH_MAX - 1:,}",
            "choose a shorter path",
        )


def reserve_standard_descriptors() -> None:
    """Put /dev/null on descriptors 0, 1 and 2 where the process was started without them
    (``>&-``), so that no journal file opened later takes one of them and gets what is printed.
    Python has already set the matching ``sys`` stream to None."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.open(os.devnull, os.O_RDWR)  # takes the lowest free descriptor: this one


def is_temporary(name: str) -> bool:
    """A name our atomic writer uses for its temporary files (``.<target>.<12 hex>.tmp``)."""
    return _TMP_RE.fullmatch(name) is not None


def ensure_dir(path: Path) -> None:
    """Create ``path`` (and parents) if missing; folders we create are 0700."""
    if path.is_dir():
        return
    missing = [path]
    while not missing[-1].parent.exists() and missing[-1].parent != missing[-1]:
        missing.append(missing[-1].parent)
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
            os.chmod(folder, DIR_MODE)
    except OSError as exc:
        raise StorageError(
            f"cannot create the journal folder {path}: {exc.strerror}",
            "check the path and its permissions, or choose another with --journal",
        ) from None


def _size_words(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit >= MIB else f"{limit:,} bytes"


def _user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def unreadable(path: Path) -> UnreadableFileError:
    """``path`` may not be read by this user: say whose it is and what to run."""
    import shlex

    quoted = shlex.quote(str(path))
    try:
        owner = os.lstat(path).st_uid
    except OSError:
        return UnreadableFileError(
            path, "cannot be read (permission denied)", "check its owner and permissions"
        )
    if owner == os.getuid():
        return UnreadableFileError(
            path,
            "cannot be read (permission denied); it is not damaged",
            f"make it readable again with: chmod 600 {quoted}",
        )
    me = shlex.quote(_user_name(os.getuid()))
    return UnreadableFileError(
        path,
        f"is owned by {_user_name(owner)}, so you cannot read it; it is not damaged",
        f"run: sudo chown {me} {quoted} (selflead left it untouched)",
    )


def read_file(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of a file selflead reads (a journal file, quotes.yaml), or None when missing.

    Opened without blocking and checked to be a regular file, so a folder, a FIFO or a device
    that carries the name is reported instead of hanging the command or reading without end;
    read with a size limit. A file the user may not read is ``UnreadableFileError`` (it is not
    damaged, and nothing moves it); one that cannot be read for another reason is damaged.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except PermissionError:
        raise unreadable(path) from None
    except OSError as exc:
        raise DamagedFileError(path, f"cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DamagedFileError(path, f"is {_kind_of(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise DamagedFileError(path, f"is larger than {_size_words(limit)}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:  # it grew while we read it
            raise DamagedFileError(path, f"is larger than {_size_words(limit)}")
        return data
    except OSError as exc:
        raise DamagedFileError(path, f"cannot be read ({exc.strerror})") from None
    finally:
        with contextlib.suppress(OSError):  # the bytes are read; closing cannot change them
            os.close(fd)


def _kind_of(mode: int) -> str:
    """What a path that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a special file"


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files a killed writer left in ``folder``. Call only under the lock.

    Best effort: a file that cannot be removed stays (``selflead doctor`` reports it); it is
    never read as data either way.
    """
    removed = []
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if is_temporary(child.name):
                with contextlib.suppress(OSError):
                    child.unlink()
                    removed.append(child)
    return removed


def _temporary_name(path: Path) -> Path:
    return path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"


def _write_synced(path: Path, chunks: Iterable[bytes], *, exact_mode: bool = False) -> None:
    """Create ``path`` (it must not exist), mode 0600, write every chunk and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    try:
        if exact_mode:
            os.fchmod(fd, FILE_MODE)  # exactly 0600, whatever the umask
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, batch: bool = False) -> None:
    """Replace ``path`` with ``data`` so that it is always either the old or the new bytes.

    In a ``batch`` (many files under one lock) the caller removes stale temporaries from each
    folder once before and flushes each folder once after, instead of once per file.
    """
    folder = path.parent
    ensure_dir(folder)
    if not batch:
        remove_stale_temporaries(folder)
    tmp = _temporary_name(path)
    try:
        _write_synced(tmp, [data])
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
        raise StorageError(
            f"could not save {path}: {reason}",
            "nothing was changed; free some disk space or check the folder's permissions",
        ) from None
    # The new bytes are in place from here on, so this is no longer a failed save. Flushing the
    # folder makes the rename survive a power cut; a file system that refuses it (or a failing
    # disk) weakens only that, and the next write flushes the folder again.
    if not batch:
        with contextlib.suppress(OSError):
            fsync_dir(folder)


# ------------------------------------------------------------- files outside the journal


@contextlib.contextmanager
def open_outside_file(name: str, *, limit: int | None = None) -> Iterator[BinaryIO]:
    """A file the user names (not stdin), open to be read a piece at a time (and again from
    its start), with the checks ``read_outside_file`` makes, or ``InputError``."""
    path = Path(name)
    hint = "give the path of a file written by 'selflead export'"
    limit = import_limit() if limit is None else limit
    check_path(path, "the file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{path} does not exist", hint) from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror or exc})", hint) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a folder, not a file", hint)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"{path} is {_kind_of(info.st_mode)}, not a regular file",
                f"to import from a pipe, use: selflead import - < {path}",
            )
        if info.st_size > limit:
            raise InputError(
                f"{path} is larger than {_size_words(limit)}, more than selflead imports at once",
                "export the journal in parts (--from/--to) and import each, or raise "
                f"{IMPORT_LIMIT_ENV}; nothing was imported",
            )
    except OSError as exc:
        os.close(fd)
        raise InputError(f"{path} cannot be read ({exc.strerror or exc})", hint) from None
    except InputError:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        yield handle


def size_of(handle: IO[bytes]) -> int:
    """The size of the open file ``handle`` (for a progress bar over its bytes)."""
    return os.fstat(handle.fileno()).st_size


def read_outside_file(name: str, *, limit: int | None = None) -> bytes:
    """The bytes of a file the user names (an import; ``-`` is stdin), or ``InputError``.

    A named file must be a regular file (opened without blocking: a FIFO or a device is
    refused, never waited on); stdin may be a pipe. Either is read up to ``limit`` bytes.
    """
    path = Path(name)
    if limit is None:
        limit = import_limit(stdin=name == "-")
    too_big = InputError(
        f"{'stdin' if name == '-' else path} is larger than {_size_words(limit)}, more than "
        "selflead imports at once",
        "export the journal in parts (--from/--to) and import each, or raise "
        f"{IMPORT_LIMIT_ENV}; nothing was imported",
    )
    if name == "-":
        try:
            data = sys.stdin.buffer.read(limit + 1)
        except OSError as exc:
            raise InputError(f"stdin cannot be read ({exc.strerror or exc})") from None
        if len(data) > limit:
            raise too_big
        return data
    hint = "give the path of a file written by 'selflead export'"
    check_path(path, "the file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{path} does not exist", hint) from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror or exc})", hint) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a folder, not a file", hint)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"{path} is {_kind_of(info.st_mode)}, not a regular file",
                f"to import from a pipe, use: selflead import - < {path}",
            )
        if info.st_size > limit:
            raise too_big
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise too_big
        return data
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror or exc})", hint) from None
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)


def _exists_error(path: Path) -> InputError:
    return InputError(
        f"{path} already exists", "pass --force to overwrite it, or choose another --output"
    )


# What a temporary beside a file adds to its name.
_TMP_EXTRA: Final = len(".") + len(".0123456789ab.tmp")


def _check_target(path: Path, *, force: bool) -> None:
    """Refuse an ``--output`` that selflead must not write: only a regular file (or, with
    ``force``, a link, which is replaced itself) is ever replaced."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(
            f"{path} cannot be examined ({exc.strerror})", "choose another --output"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path} is a folder", "give a file name, or use --split")
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        raise InputError(
            f"{path} is {_kind_of(info.st_mode)}, not a regular file; selflead only ever "
            "replaces regular files",
            "choose a file name with --output, or leave --output out to write to stdout",
        )
    if not force:
        raise _exists_error(path)


def _remove_stale_exports(paths: Iterable[Path]) -> None:
    """Remove the temporaries an export killed before it finished left beside its targets
    (``.<target>.<12 hex>.tmp``, never anything else)."""
    wanted: dict[Path, set[str]] = {}
    for path in paths:
        wanted.setdefault(path.parent, set()).add(path.name)
    for folder, names in wanted.items():
        with contextlib.suppress(OSError):
            for child in folder.iterdir():
                if is_temporary(child.name) and child.name[1:-17] in names:
                    with contextlib.suppress(OSError):
                        child.unlink()


def _storage_error(path: Path, exc: OSError) -> StorageError:
    reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
    return StorageError(
        f"could not write {path}: {reason}", "check the folder, its permissions and free space"
    )


def _put_in_place(tmp: Path, path: Path, *, force: bool) -> None:
    """Give the written temporary ``tmp`` the name ``path``."""
    if force:
        os.replace(tmp, path)  # replaces a link itself, never the file it points to
        return
    try:
        os.link(tmp, path)  # fails if anything took the name meanwhile
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(path):  # a file system without hard links
            raise _exists_error(path) from None
        tmp.rename(path)


def write_new_files(
    files: Iterable[tuple[Path, bytes | Iterable[bytes]]],
    *,
    force: bool,
    make_folder: Path | None = None,
    targets: list[Path] | None = None,
) -> None:
    """Write exported files, each with mode 0600 (a file's data may come in chunks, so that a
    big export is never held in memory whole), all or none.

    Every file is written to a temporary first; only when all are written do they take their
    names. Without ``force`` an existing file is never replaced: if any target exists, nothing
    is written, and a failure part-way removes the files this run had named (a retry needs no
    ``--force``). ``make_folder`` (``--split``'s folder) is created, 0700, when missing;
    otherwise each file's folder must exist. Only regular files (and, with ``force``, links)
    are ever replaced: a device, FIFO, socket or folder is refused.

    ``targets``, the paths ``files`` will name, lets ``files`` be made one at a time as they
    are written (an export of many notes): every name is checked before the first is made.
    """
    if targets is None:
        files = list(files)
    checked = [path for path, _ in files] if targets is None else targets
    if make_folder is not None:
        check_path(make_folder, "the folder")
    if make_folder is not None and not make_folder.is_dir():
        try:
            make_folder.mkdir(mode=DIR_MODE, parents=True)
        except FileExistsError:
            raise InputError(f"{make_folder} is a file, not a folder", "give a folder") from None
        except OSError as exc:
            raise StorageError(f"cannot create {make_folder}: {exc.strerror}") from None
    for path in checked:
        check_path(path.parent, "the folder")
        check_path(Path(path.name), "the file name", room=_TMP_EXTRA)
        if not path.parent.is_dir():
            raise InputError(f"the folder {path.parent} does not exist", "create it first")
        _check_target(path, force=force)
    _remove_stale_exports(checked)
    allowed = set(checked)
    written: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for path, data in files:
            if path not in allowed:  # every name was checked before the first was written
                raise StorageError(f"{path} was not among the files to export")
            tmp = _temporary_name(path)
            written.append((tmp, path))
            try:
                _write_synced(tmp, [data] if isinstance(data, bytes) else data, exact_mode=True)
            except OSError as exc:
                raise _storage_error(path, exc) from None
        for tmp, path in written:
            try:
                _put_in_place(tmp, path, force=force)
            except OSError as exc:
                raise _storage_error(path, exc) from None
            placed.append(path)
    except BaseException:
        if not force:  # leave no partial set: what this run named goes again
            for path in placed:
                with contextlib.suppress(OSError):
                    path.unlink()
        raise
    finally:
        for tmp, _ in written:
            with contextlib.suppress(OSError):
                tmp.unlink()
    for folder in {path.parent for path in checked}:
        with contextlib.suppress(OSError):
            fsync_dir(folder)
