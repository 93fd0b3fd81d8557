"""Files outside the journal, which the user names: a file ``import`` reads (or stdin), with a
size limit and refusing a FIFO or a device; the files ``export`` writes, each 0600, all or none,
never replacing anything but a regular file."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO, Final

from selflead.errors import InputError, StorageError
from selflead.store.files import (
    DIR_MODE,
    MIB,
    check_path,
    fsync_dir,
    is_temporary,
    mode_in_words,
    size_in_words,
    temporary_name,
    write_synced,
)

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


# ---------------------------------------------------------------------- reading

_HINT = "give the path of a file written by 'selflead export'"


def _too_big(what: str, limit: int) -> InputError:
    return InputError(
        f"{what} is larger than {size_in_words(limit)}, more than selflead imports at once",
        "export the journal in parts (--from/--to) and import each, or raise "
        f"{IMPORT_LIMIT_ENV}; nothing was imported",
    )


@contextlib.contextmanager
def open_outside_file(name: str, *, limit: int | None = None) -> Iterator[BinaryIO]:
    """A file the user names (not stdin), open to be read a piece at a time (and again from
    its start), with the checks ``read_outside_file`` makes, or ``InputError``."""
    path = Path(name)
    hint = _HINT
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
                f"{path} is {mode_in_words(info.st_mode)}, not a regular file",
                f"to import from a pipe, use: selflead import - < {path}",
            )
        if info.st_size > limit:
            raise _too_big(str(path), limit)
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
    if limit is None:
        limit = import_limit(stdin=name == "-")
    if name == "-":
        try:
            data = sys.stdin.buffer.read(limit + 1)
        except OSError as exc:
            raise InputError(f"stdin cannot be read ({exc.strerror or exc})") from None
    else:
        with open_outside_file(name, limit=limit) as handle:
            try:
                data = handle.read(limit + 1)
            except OSError as exc:
                raise InputError(f"{name} cannot be read ({exc.strerror or exc})", _HINT) from None
    if len(data) > limit:
        raise _too_big("stdin" if name == "-" else str(Path(name)), limit)
    return data


# ---------------------------------------------------------------------- writing


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
            f"{path} is {mode_in_words(info.st_mode)}, not a regular file; selflead only ever "
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
            tmp = temporary_name(path)
            written.append((tmp, path))
            try:
                write_synced(tmp, [data] if isinstance(data, bytes) else data, exact_mode=True)
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
