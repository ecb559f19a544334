"""Saving: a failed write leaves the old file whole and no temporary file behind."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from curator_app.core import atomic
from curator_app.core.document import ArticleDocument
from curator_app.core.errors import WriteError


def _disk_full(*_args: Any, **_kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name], "a temporary file was left"


def _half_write(fd: int, data: bytes) -> None:
    """Writes half the data, then reports a full disk."""
    os.write(fd, data[: len(data) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["fsync", "replace", "half-write"])
def test_full_disk_keeps_the_old_file_and_says_why(
    fixture_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = fixture_copy("seed.txt")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    if where == "half-write":
        monkeypatch.setattr(atomic, "_write_all", _half_write)
    else:
        monkeypatch.setattr(os, where, _disk_full)
    with pytest.raises(WriteError) as caught:
        document.set_published(True)
    assert caught.value.path == path
    assert caught.value.reason == "could not write: No space left on device"
    _assert_untouched(path, before)
    # The document still describes the file on disk: once there is room, the edit works.
    assert document.published is False and document.raw == before
    monkeypatch.undo()
    assert document.set_published(True) is True
    assert ArticleDocument.load(path).published is True


@pytest.mark.parametrize("error", [RuntimeError("bug while writing"), KeyboardInterrupt()])
def test_any_exception_while_writing_keeps_the_old_file(
    fixture_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    path = fixture_copy("seed.txt")
    before = path.read_bytes()

    def fail(*_args: Any) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(error)):
        ArticleDocument.load(path).set_published(True)
    _assert_untouched(path, before)


def test_folder_that_refuses_new_files_is_a_write_error(
    fixture_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fixture_copy("seed.txt")
    before = path.read_bytes()

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(atomic, "_create_temporary", refuse)
    with pytest.raises(WriteError, match="Permission denied"):
        ArticleDocument.load(path).set_published(True)
    _assert_untouched(path, before)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_read_only_folder_is_a_write_error(fixture_copy: Callable[[str], Path]) -> None:
    path = fixture_copy("seed.txt")
    before = path.read_bytes()
    document = ArticleDocument.load(path)
    path.parent.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="Permission denied"):
            document.set_published(True)
    finally:
        path.parent.chmod(0o755)
    _assert_untouched(path, before)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444])
def test_file_mode_is_kept(fixture_copy: Callable[[str], Path], mode: int) -> None:
    path = fixture_copy("seed.txt")
    path.chmod(mode)
    document = ArticleDocument.load(path)
    document.set_published(True)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert document.published is True


def test_save_replaces_the_file_and_reports_its_identity(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    path.chmod(0o640)
    seen: list[bytes] = []

    def decide(raw: bytes, identity: atomic.FileIdentity) -> bytes:
        seen.append(raw)
        return b"new contents"

    identity = atomic.save(path, decide)
    assert seen == [b"old"]
    assert path.read_bytes() == b"new contents"
    assert identity is not None and identity.size == len(b"new contents")
    assert identity.mtime_ns == path.stat().st_mtime_ns
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_save_writes_nothing_when_told_so(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    before = path.stat()
    assert atomic.save(path, lambda raw, identity: None) is None
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns
