"""The save transaction: the one way Curator replaces a file on disk.

``save(path, decide)`` takes the file's lock, reads it, asks ``decide`` for the new bytes
given what is on disk *now*, and replaces the file atomically:

1. Writes to one file are serialised by an advisory lock (``flock``) on the file itself;
   the lock follows the file across replaces (a waiter that locked the old inode sees the
   name now points elsewhere and locks again), and a dead process holds no lock.
2. The new bytes go to a short-named temporary file beside the real target (symbolic
   links are followed, so the link stays a link). It is locked before it has the real
   name, gets the old file's owner, group, extended attributes and mode (refused when any
   cannot be kept), and is synced.
3. A last check right before the rename: the old file still holds what was read and the
   name still points to it. After the rename, the old file's still-open descriptor tells
   whether another program wrote into it in between; if so its version is put back and
   the save is reported as a ConflictError.

Only regular files are read or written: a FIFO, device or socket is refused at once,
and no file larger than MAX_FILE_BYTES is read. git's lockfiles and Qt's QSaveFile are
the references. Temporary files left by a killed process are removed by
``remove_stale_temporaries`` (they are locked while in use, so a live one is never taken).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from curator_app.core.errors import ConflictError, LateWriteError, ReadError, WriteError

try:  # POSIX; elsewhere writes are not serialised between processes
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

TEMP_PREFIX = ".curator-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"\.curator-[0-9a-f]{8}\.tmp")
MAX_FILE_BYTES = 64 * 1024 * 1024  # far beyond any article; stops /dev/zero-like inputs
LOCK_TIMEOUT_S = 10.0
STALE_EMPTY_S = 60.0  # an empty temporary file this old was left, not just created
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What a file was when it was read: a later write checks it is still so."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, raw: bytes, st: os.stat_result) -> FileIdentity:
        return cls(st.st_size, st.st_mtime_ns, hashlib.sha256(raw).hexdigest())


Decide = Callable[[bytes, FileIdentity], bytes | None]


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """Open ``path`` for reading without blocking; refuse anything but a regular file."""
    try:
        fd = os.open(path, _READ_FLAGS | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ReadError(path, _read_reason(error, path)) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise ReadError(path, f"is {kind}, not an article file; not read")
    return fd, st


def read_all(fd: int, path: Path) -> bytes:
    """The whole file behind ``fd`` from its start, at most MAX_FILE_BYTES."""
    chunks: list[bytes] = []
    offset = 0
    while True:
        chunk = os.pread(fd, 1 << 20, offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)
        if offset > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise ReadError(path, f"is larger than {limit} MB; not an article file")


def read_file(path: Path) -> tuple[bytes, os.stat_result]:
    """Read a regular file whole (raises ReadError naming it)."""
    fd, st = open_regular(path)
    try:
        return read_all(fd, path), st
    finally:
        os.close(fd)


def save(path: Path, decide: Decide, *, was_read: bool = False) -> FileIdentity | None:
    """Replace ``path`` with what ``decide(bytes_on_disk, identity)`` returns, under the
    file's lock. ``decide`` may raise (nothing is written) or return None (nothing to
    write). Returns the new file's identity, or None when nothing was written.

    ``was_read``: the caller read the file before, so its absence is a ConflictError
    ("deleted") rather than a ReadError."""
    if was_read and not os.path.lexists(path):
        raise ConflictError(path, "deleted")
    with _LockedFile.open(path) as locked:
        new = decide(locked.raw, locked.identity)
        if new is None:
            return None
        return locked.replace(new)


class _LockedFile:
    """An article file opened, locked and read; ``replace`` swaps in new bytes."""

    def __init__(self, path: Path, target: Path, fd: int, st: os.stat_result) -> None:
        self.path = path  # as the caller named it (errors name it)
        self.target = target  # the real file behind any symbolic links
        self.fd = fd
        self.stat = st
        self.raw = read_all(fd, path)
        self.identity = FileIdentity.of(self.raw, st)

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: Path) -> Iterator[_LockedFile]:
        locked = cls._acquire(path)
        try:
            yield locked
        finally:
            os.close(locked.fd)

    @classmethod
    def _acquire(cls, path: Path) -> _LockedFile:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            target = _real_target(path)
            fd, st = open_regular(target)
            try:
                _lock(fd, path, deadline)
                now = os.lstat(target)
                if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):
                    return cls(path, target, fd, os.fstat(fd))
            except FileNotFoundError:
                pass  # replaced or removed while we waited: look again
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
            if time.monotonic() > deadline:
                raise WriteError(path, "kept changing while Curator tried to save it")

    def replace(self, data: bytes) -> FileIdentity:
        if self.stat.st_nlink > 1:
            raise WriteError(
                self.path,
                f"has {self.stat.st_nlink} hard links; saving would split them, "
                "so nothing was written",
            )
        new_fd = self._swap_in(data, self.fd, self.stat, check=True)
        old_fd, self.fd = self.fd, new_fd
        try:
            if _late_write(old_fd, self.stat, self.raw) is not None:
                self._put_back(old_fd, data)
        finally:
            os.close(old_fd)
        self.stat = os.fstat(self.fd)
        self.raw = data
        self.identity = FileIdentity.of(data, self.stat)
        return self.identity

    def _swap_in(self, data: bytes, source_fd: int, source: os.stat_result, check: bool) -> int:
        """Write ``data`` beside the target with ``source``'s metadata and rename it over
        the target; return the new file's descriptor, locked."""
        folder = self.target.parent
        try:
            fd, tmp = _create_temporary(folder)
        except OSError as error:
            raise WriteError(self.path, f"could not write: {error.strerror or error}") from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # a sweeper may hold it for a moment
            if os.fstat(fd).st_nlink == 0:  # swept as abandoned before it was locked
                raise OSError(errno.EAGAIN, "the temporary file was removed; try again")
            _write_all(fd, data)
            keep_metadata(source_fd, fd, source, self.path)
            os.fsync(fd)
            if check:
                self._final_check()
            _rename(tmp, self.target)
        except BaseException as error:
            os.close(fd)
            with contextlib.suppress(OSError):
                tmp.unlink()
            if isinstance(error, OSError):
                raise WriteError(self.path, f"could not write: {error.strerror or error}") from None
            raise
        _fsync_directory(folder)
        return fd

    def _final_check(self) -> None:
        """Right before the rename: the name still points to the file read, unchanged."""
        try:
            now = os.lstat(self.target)
        except FileNotFoundError:
            raise ConflictError(self.path, "deleted") from None
        if (now.st_dev, now.st_ino) != (self.stat.st_dev, self.stat.st_ino):
            raise ConflictError(self.path, "content")
        if _late_write(self.fd, self.stat, self.raw) is not None:
            raise ConflictError(self.path, "content")

    def _put_back(self, old_fd: int, ours: bytes) -> None:
        """Another program wrote into the old file while it was being replaced: its
        version goes back and the save fails. Bytes it appended meanwhile to the new file
        (or to a file replaced while putting back) are kept too; when it rewrote the new
        file instead, that newest version stays."""
        keep, shown = read_all(old_fd, self.path), ours
        for _ in range(8):  # each round, a writer still appending must have written again
            if os.lstat(self.target).st_ino != os.fstat(self.fd).st_ino:
                break  # replaced by another program: its version stays
            now = read_all(self.fd, self.path)
            if not now.startswith(shown):
                break
            version = keep + now[len(shown) :]
            new_fd = self._swap_in(version, old_fd, os.fstat(old_fd), check=False)
            replaced, self.fd = self.fd, new_fd
            late = read_all(replaced, self.path)
            os.close(replaced)
            if late == now or not late.startswith(now):
                break
            keep, shown = version + late[len(now) :], version
        raise LateWriteError(self.path)


def keep_metadata(source_fd: int, fd: int, source: os.stat_result, path: Path) -> None:
    """Give the new file the old one's owner, group, extended attributes and mode, in that
    order (a change of owner clears set-user-ID bits and capabilities); refuse to save
    when one cannot be kept."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (source.st_uid, source.st_gid):
        try:
            os.fchown(fd, source.st_uid, source.st_gid)
        except OSError:
            raise WriteError(
                path,
                f"belongs to user {source.st_uid} and group {source.st_gid}; saving it as "
                "this user would change that, so nothing was written",
            ) from None
    _copy_xattrs(source_fd, fd, path)
    mode = stat.S_IMODE(source.st_mode)
    os.fchmod(fd, mode)
    if stat.S_IMODE(os.fstat(fd).st_mode) != mode:
        raise WriteError(path, f"its mode {mode:o} cannot be kept; nothing was written")


def _copy_xattrs(source_fd: int, fd: int, path: Path) -> None:
    if not hasattr(os, "listxattr"):  # pragma: no cover - not Linux
        return
    try:
        names = os.listxattr(source_fd)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.ENOSYS):
            return
        raise
    for name in names:
        value = os.getxattr(source_fd, name)
        try:
            os.setxattr(fd, name, value)
        except OSError as error:
            with contextlib.suppress(OSError):
                if os.getxattr(fd, name) == value:
                    continue
            raise WriteError(
                path,
                f"its extended attribute {name} cannot be kept "
                f"({error.strerror or error}); nothing was written",
            ) from None


def remove_stale_temporaries(folder: Path) -> int:
    """Remove temporary files a killed Curator left in ``folder``; return how many."""
    try:
        names = [n for n in os.listdir(folder) if is_temporary_name(n)]
    except OSError:
        return 0
    return sum(remove_if_stale(folder / name) for name in names)


def is_temporary_name(name: str) -> bool:
    return _TEMP_NAME.fullmatch(name) is not None


def remove_if_stale(path: Path) -> bool:
    """Remove one of Curator's temporary files unless a live save holds its lock."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | _READ_FLAGS)
    except OSError:
        return False
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        st, now = os.fstat(fd), os.lstat(path)
        # An empty one may be a save between creating its file and locking it.
        fresh = st.st_size == 0 and time.time() - st.st_mtime < STALE_EMPTY_S
        same = (st.st_dev, st.st_ino) == (now.st_dev, now.st_ino)
        if stat.S_ISREG(st.st_mode) and same and not fresh:
            path.unlink()
            return True
    except OSError:
        pass  # in use, already gone, or not ours to remove
    finally:
        os.close(fd)
    return False


# -- small steps --------------------------------------------------------------------


def _real_target(path: Path) -> Path:
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError as error:
        raise ReadError(path, _read_reason(error, path)) from None


def _read_reason(error: OSError, path: Path) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link loop; not read"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "is a symbolic link to a missing file; not read"
    return f"cannot be read: {error.strerror or error}"


def _lock(fd: int, path: Path, deadline: float) -> None:
    """Wait for the file's lock; give up at ``deadline`` rather than hang."""
    if fcntl is None:  # pragma: no cover
        return
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WriteError(
                    path, "is being saved by another program; nothing was written"
                ) from None
            time.sleep(0.005)


def _late_write(fd: int, read_stat: os.stat_result, raw: bytes) -> bytes | None:
    """The file's bytes if they differ from what was read (a late writer), else None."""
    now = os.fstat(fd)
    if now.st_size == read_stat.st_size and now.st_mtime_ns == read_stat.st_mtime_ns:
        current = read_all(fd, Path("."))
        return None if current == raw else current
    return read_all(fd, Path("."))


def _create_temporary(folder: Path) -> tuple[int, Path]:
    """A new, empty, private file with a short recognisable name (a 255-byte article
    name still saves) that no symbolic link can redirect."""
    tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(4)}{TEMP_SUFFIX}"
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.open(tmp, flags | getattr(os, "O_CLOEXEC", 0), 0o600), tmp


def _rename(tmp: Path, target: Path) -> None:
    """The atomic step; a named seam so tests can put another writer right before it."""
    os.replace(tmp, target)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_directory(folder: Path) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
