"""Atomic file writes and the identity check that refuses to overwrite others' changes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from curator_app.core.errors import ConflictError, WriteError


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What a file was when it was read: a later write checks it is still so."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, raw: bytes, st: os.stat_result) -> FileIdentity:
        return cls(st.st_size, st.st_mtime_ns, hashlib.sha256(raw).hexdigest())


def check_unchanged(path: Path, expected: FileIdentity) -> os.stat_result:
    """Raise ConflictError unless the file on disk is the one that was read."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ConflictError(path, "deleted") from None
    except OSError as error:
        raise WriteError(path, error.strerror or str(error)) from None
    if st.st_size != expected.size:
        raise ConflictError(path, "size")
    if st.st_mtime_ns != expected.mtime_ns:
        raise ConflictError(path, "modification time")
    try:
        current = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise WriteError(path, error.strerror or str(error)) from None
    if current != expected.sha256:
        raise ConflictError(path, "content")
    return st


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> os.stat_result:
    """Replace ``path`` with ``data``: temporary file beside it, fsync, rename.

    On any failure the original file is untouched and no temporary file is left.
    """
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:  # a read-only or missing folder
        raise WriteError(path, f"could not write: {error.strerror or error}") from error
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, stat.S_IMODE(mode))
        os.replace(tmp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(error, OSError):
            raise WriteError(path, f"could not write: {error.strerror or error}") from error
        raise
    _fsync_directory(path.parent)
    return path.stat()


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
