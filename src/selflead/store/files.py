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
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from selflead.errors import DamagedFileError, InputError, StorageError

DIR_MODE: Final = 0o700
FILE_MODE: Final = 0o600
# Exactly the names _temporary_name makes (6 random bytes as 12 hex digits), so that a user's
# own ".notes.tmp" is never taken for one: doctor --fix and the clean-up after a killed writer
# remove what this matches.
_TMP_RE = re.compile(r"\..+\.[0-9a-f]{12}\.tmp", re.ASCII | re.DOTALL)


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


def read_file(path: Path) -> bytes | None:
    """The bytes of a journal file, or None when it does not exist.

    Opened without blocking and checked to be a regular file, so a folder or a FIFO that
    happens to carry a journal file's name is reported instead of hanging the command.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DamagedFileError(path, f"cannot be read ({exc.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DamagedFileError(path, "is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise DamagedFileError(path, f"cannot be read ({exc.strerror})") from None
    finally:
        with contextlib.suppress(OSError):  # the bytes are read; closing cannot change them
            os.close(fd)


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


def read_outside_file(name: str) -> bytes:
    """The bytes of a file the user names (an import; ``-`` is stdin), or ``InputError``."""
    path = Path(name)
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        return path.read_bytes()
    except FileNotFoundError:
        problem = "does not exist"
    except IsADirectoryError:
        problem = "is a folder, not a file"
    except OSError as exc:
        problem = f"cannot be read ({exc.strerror or exc})"
    raise InputError(f"{path} {problem}", "give the path of a file written by 'selflead export'")


def _exists_error(path: Path) -> InputError:
    return InputError(
        f"{path} already exists", "pass --force to overwrite it, or choose another --output"
    )


def _write_new_file(path: Path, data: bytes | Iterable[bytes], *, force: bool) -> None:
    tmp = _temporary_name(path)
    try:
        _write_synced(tmp, [data] if isinstance(data, bytes) else data, exact_mode=True)
        if force:
            os.replace(tmp, path)  # replaces a link itself, never the file it points to
        else:
            try:
                os.link(tmp, path)  # fails if anything took the name meanwhile
            except FileExistsError:
                raise _exists_error(path) from None
            except OSError:  # a file system without hard links
                if os.path.lexists(path):
                    raise _exists_error(path) from None
                tmp.rename(path)
    except OSError as exc:
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
        raise StorageError(
            f"could not write {path}: {reason}", "check the folder, its permissions and free space"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


def write_new_files(
    files: list[tuple[Path, bytes | Iterable[bytes]]],
    *,
    force: bool,
    make_folder: Path | None = None,
) -> None:
    """Write exported files, each atomically and with mode 0600 (a file's data may come in
    chunks, so that a big export is never held in memory whole).

    Without ``force`` an existing file is never replaced: if any target exists, nothing is
    written. ``make_folder`` (``--split``'s folder) is created, 0700, when missing; otherwise
    each file's folder must exist.
    """
    if make_folder is not None and not make_folder.is_dir():
        try:
            make_folder.mkdir(mode=DIR_MODE, parents=True)
        except FileExistsError:
            raise InputError(f"{make_folder} is a file, not a folder", "give a folder") from None
        except OSError as exc:
            raise StorageError(f"cannot create {make_folder}: {exc.strerror}") from None
    for path, _ in files:
        if path.is_dir():
            raise InputError(f"{path} is a folder", "give a file name, or use --split")
        if not path.parent.is_dir():
            raise InputError(f"the folder {path.parent} does not exist", "create it first")
        if not force and os.path.lexists(path):
            raise _exists_error(path)
    for path, data in files:
        _write_new_file(path, data, force=force)
