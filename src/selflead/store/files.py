"""File primitives for the journal: private folders, safe reads, atomic writes.

Files outside the journal (what ``import`` reads, what ``export`` writes) are in
``store/outside.py``, built on these. Every write goes to a temporary file in the
same folder (``.<name>.<random>.tmp``, mode 0600), is fsynced, then renamed over the target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from selflead.errors import (
    DamagedFileError,
    InputError,
    LinkInJournalError,
    StorageError,
    UnreadableFileError,
)

DIR_MODE: Final = 0o700
FILE_MODE: Final = 0o600
MIB: Final = 1024 * 1024
# The largest file selflead reads from the journal (a day file, quotes.yaml). A day with
# a hundred check-ins of the longest reflections is a few MiB.
MAX_FILE_BYTES: Final = 64 * MIB
# Exactly the names temporary_name makes (6 random bytes as 12 hex digits), so that a user's
# own ".notes.tmp" is never taken for one: doctor --fix and the clean-up after a killed writer
# remove what this matches.
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


def size_in_words(limit: int) -> str:
    """A size limit in words: "64 MiB", or "1,000 bytes" under one MiB."""
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


def read_file(path: Path, *, limit: int = MAX_FILE_BYTES, follow: bool = True) -> bytes | None:
    """The bytes of a file selflead reads (a journal file, quotes.yaml), or None when missing.

    Opened without blocking and checked to be a regular file, so a folder, a FIFO or a device
    that carries the name is reported instead of hanging the command or reading without end;
    read with a size limit. A file the user may not read is ``UnreadableFileError`` (it is not
    damaged, and nothing moves it); one that cannot be read for another reason is damaged.
    Not ``follow``: a symbolic link at ``path`` itself is ``LinkInJournalError``, not opened.
    """
    flags = os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags if follow else flags | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise unreadable(path) from None
    except OSError as exc:
        if not follow and exc.errno == errno.ELOOP:
            raise LinkInJournalError(path) from None
        raise DamagedFileError(path, f"cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DamagedFileError(path, f"is {mode_in_words(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise DamagedFileError(path, f"is larger than {size_in_words(limit)}")
        # Asked for the size it has (a read of the limit would allocate the whole limit
        # first, four times the cost of reading a day file), and on if it grew meanwhile.
        want = min(info.st_size, limit) + 1
        data = _read_up_to(fd, want)
        if len(data) == want:
            data += _read_up_to(fd, limit + 1 - want)
        if len(data) > limit:  # it grew while we read it
            raise DamagedFileError(path, f"is larger than {size_in_words(limit)}")
        return data
    except OSError as exc:
        raise DamagedFileError(path, f"cannot be read ({exc.strerror})") from None
    finally:
        with contextlib.suppress(OSError):  # the bytes are read; closing cannot change them
            os.close(fd)


def _read_up_to(fd: int, size: int) -> bytes:
    """At most ``size`` bytes from ``fd``: fewer only at its end. Plain ``os.read`` calls (a
    file object per read costs more than reading a day file)."""
    data = os.read(fd, size)
    if len(data) == size or not data:
        return data
    parts = [data]
    size -= len(data)
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def mode_in_words(mode: int) -> str:
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


def temporary_name(path: Path) -> Path:
    """A fresh temporary name beside ``path``, one that ``is_temporary`` matches."""
    return path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"


def write_synced(path: Path, chunks: Iterable[bytes], *, exact_mode: bool = False) -> None:
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

    In a ``batch`` (many files under one lock) the caller makes each folder and removes its
    stale temporaries once before, and flushes each folder once after, instead of per file.
    """
    folder = path.parent
    if not batch:
        ensure_dir(folder)
        remove_stale_temporaries(folder)
    tmp = temporary_name(path)
    try:
        write_synced(tmp, [data])
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
