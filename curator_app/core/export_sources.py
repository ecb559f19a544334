"""Reading what an export takes, and refusing anything that would leave the library folder.

Every path an export writes is derived from an article's path or an image reference.
Both are checked lexically (no ``..`` above the folder, no absolute path). An article
must then lie inside the library folder for real, symbolic links followed; its resolved
path is opened as images are (below), so a link swapped in after the check is refused.

A local image is opened once, from the library folder down, one path component at a
time with ``O_NOFOLLOW``; its bytes and mtime come from that descriptor. So an image
swapped for a symbolic link after the checks can never be read in its place. The
price: an image that is a symbolic link, or lies in a linked folder below the library
folder, is refused (an error naming the article and the reference) even when the link
stays inside the library; copy the file itself to export it. Anything but a regular
file (a FIFO, a device) is refused too, without waiting on it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import ArticleFormatError, CuratorError, ReadError


class OutsideLibraryError(CuratorError):
    """A path that would lead out of the library folder (or out of the export); refused."""


@dataclass(frozen=True, slots=True)
class LibraryRoot:
    """The library folder three ways: as given (for messages), absolute, and real."""

    given: Path
    absolute: Path  # lexically normalised, symbolic links kept
    real: Path  # every symbolic link resolved

    @classmethod
    def of(cls, folder: Path) -> LibraryRoot:
        return cls(folder, _absolute(folder), folder.resolve())


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """One article file read for export: its bytes, and the document when they parse."""

    path: Path  # as the caller named it: errors are reported against it
    relpath: str  # POSIX path below the library folder; never starts with '..' or '/'
    real_path: Path
    raw: bytes
    mtime: float
    document: ArticleDocument | None
    problem: ArticleFormatError | None  # why ``document`` is None


class UnsafeFileError(CuratorError):
    """A symbolic link, a FIFO, a device…: not a file an export reads; refused."""


@dataclass(frozen=True, slots=True)
class LocalImage:
    reference: str  # the url as the article writes it
    relpath: str  # where it lies below the library folder (and in the copy)


@dataclass(frozen=True, slots=True)
class ImageFile:
    data: bytes
    mtime: float


def article_path(article: Path | ArticleEntry) -> Path:
    return article.path if isinstance(article, ArticleEntry) else article


def read_source(root: LibraryRoot, article: Path | ArticleEntry) -> SourceArticle:
    """Read one article; raise OutsideLibraryError, UnsafeFileError or ReadError naming
    the file."""
    path = article_path(article)
    absolute = _absolute(path)
    try:
        relative = absolute.relative_to(root.absolute)
    except ValueError:
        raise OutsideLibraryError(path, f"is not inside the library folder {root.given}") from None
    if not relative.parts:
        raise OutsideLibraryError(path, "is the library folder itself, not an article file")
    try:
        real_path = absolute.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop
        raise ReadError(path, "is a symbolic link loop; not read") from None
    if not real_path.is_relative_to(root.real):
        raise OutsideLibraryError(
            path, f"is a symbolic link to {real_path}, outside the library folder; refused"
        )
    try:  # the resolved path, opened without following links: a swap since is refused
        raw, st = _read_regular(root.real, real_path.relative_to(root.real).parts)
    except _LinkFound:
        raise OutsideLibraryError(
            path, "was replaced by a symbolic link while being read; refused"
        ) from None
    except _NotRegular as other:
        if other.kind == "a folder":
            raise ReadError(path, "is a folder, not an article file") from None
        raise UnsafeFileError(path, f"is {other.kind}, not a regular file; refused") from None
    except OSError as error:
        raise ReadError(path, f"cannot be read: {error.strerror or error}") from None
    try:
        document: ArticleDocument | None = ArticleDocument(path, raw)
        problem = None
    except ArticleFormatError as error:  # the alias bomb too: refused before expansion
        document, problem = None, error
    return SourceArticle(path, relative.as_posix(), real_path, raw, st.st_mtime, document, problem)


def image_references(data: dict[str, Any]) -> Iterator[str]:
    """The ``url`` of every image of the article and of its related articles."""
    yield from _urls(data.get("images"))
    related = data.get("related")
    if isinstance(related, list):
        for item in related:
            if isinstance(item, dict):
                yield from _urls(item.get("images"))


def _urls(images: Any) -> Iterator[str]:
    if not isinstance(images, list):
        return
    for image in images:
        if isinstance(image, dict) and isinstance(image.get("url"), str) and image["url"]:
            yield image["url"]


def is_remote(reference: str) -> bool:
    """A URL another program fetches (``https:``, ``data:``, ``//host/…``): not copied."""
    parts = urlsplit(reference.replace("\\", "/"))
    if reference.startswith(("//", "\\\\")):
        return True
    return len(parts.scheme) > 1 and parts.scheme.lower() != "file"


def resolve_image(root: LibraryRoot, source: SourceArticle, reference: str) -> LocalImage:
    """Where a local image reference points; raise OutsideLibraryError when it escapes.

    Only a lexical check: ``read_image`` opens the file without following links.
    Backslashes count as separators, so a Windows-style ``..\\..\\x.png`` is caught too.
    """
    text = reference.replace("\\", "/")
    scheme = urlsplit(text).scheme
    if text.startswith("/") or scheme:  # '/x', 'file:///x', 'C:/x'
        raise OutsideLibraryError(
            source.path,
            f"image {reference!r} is an absolute path; only paths relative to "
            "the article are copied",
        )
    joined = os.path.normpath(str(PurePosixPath(source.relpath).parent / text))
    relpath = PurePosixPath(joined.replace(os.sep, "/"))
    if relpath.parts[:1] == ("..",) or joined in ("", "."):
        raise OutsideLibraryError(
            source.path, f"image {reference!r} points outside the library folder; refused"
        )
    return LocalImage(reference, relpath.as_posix())


def read_image(root: LibraryRoot, source: SourceArticle, image: LocalImage) -> ImageFile:
    """The image's bytes and mtime, read from one descriptor opened without following links.

    Raises ReadError when there is no such file or it is a folder (worth a warning),
    UnsafeFileError for a link or a non-regular file, CuratorError when unreadable.
    """
    described = f"image {image.reference!r}"
    try:
        data, st = _read_regular(root.absolute, PurePosixPath(image.relpath).parts)
    except _LinkFound as link:
        if link.relpath == image.relpath:
            what = "is a symbolic link"
        else:
            what = f"leads through the symbolic link {link.relpath!r}"
        raise UnsafeFileError(source.path, f"{described} {what}; not followed, refused") from None
    except _NotRegular as other:
        if other.kind == "a folder":
            raise ReadError(
                source.path, f"{described} is a folder, not a file; not copied"
            ) from None
        raise UnsafeFileError(
            source.path, f"{described} is {other.kind}, not a regular file; refused"
        ) from None
    except (FileNotFoundError, NotADirectoryError):
        raise ReadError(source.path, f"{described} does not exist; nothing to copy") from None
    except OSError as error:
        raise CuratorError(
            source.path, f"{described} cannot be read: {error.strerror or error}"
        ) from None
    except ValueError as error:  # a NUL byte, a lone surrogate: no file can have that name
        raise UnsafeFileError(
            source.path, f"{described} is not a possible file name ({error}); refused"
        ) from None
    return ImageFile(data, st.st_mtime)


# -- opening below the library folder without following links --------------------

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
# O_NONBLOCK: opening a FIFO (swapped in after any check) must not wait for a writer.
_FILE_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_BY_DESCRIPTOR = bool(_NOFOLLOW) and {os.open, os.stat} <= os.supports_dir_fd


class _LinkFound(Exception):
    def __init__(self, relpath: str) -> None:
        super().__init__(relpath)
        self.relpath = relpath  # the link's path below the library folder


class _NotRegular(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _read_regular(folder: Path, parts: tuple[str, ...]) -> tuple[bytes, os.stat_result]:
    """The bytes and status of the regular file ``folder/parts…``, opened once, no link
    below ``folder`` followed; raises _LinkFound, _NotRegular, OSError or ValueError."""
    fd = _open_below(folder, parts)
    try:
        st = os.fstat(fd)
        _require_regular(st.st_mode)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(), st
    finally:
        os.close(fd)


def _open_below(folder: Path, parts: tuple[str, ...]) -> int:
    """A descriptor for ``folder/parts…``, following no link below ``folder``.

    ``folder`` itself may be reached through links: the user chose it.
    """
    if not _BY_DESCRIPTOR:  # Windows: no dir_fd, no O_NOFOLLOW
        return _open_by_path(folder, parts)
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for index, name in enumerate(parts):
            last = index == len(parts) - 1
            try:
                child = os.open(name, _FILE_FLAGS if last else _DIRECTORY_FLAGS, dir_fd=fd)
            except OSError:
                # Say why in words when a link or a socket is in the way.
                st = _lstat_or_none(name, fd)
                if st is not None and stat.S_ISLNK(st.st_mode):
                    raise _LinkFound("/".join(parts[: index + 1])) from None
                if st is not None and last:
                    _require_regular(st.st_mode)
                raise
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_by_path(folder: Path, parts: tuple[str, ...]) -> int:
    """Best effort where descriptors cannot be walked: check each component, then open
    (a swap between the two is not caught there)."""
    for index in range(len(parts)):
        if folder.joinpath(*parts[: index + 1]).is_symlink():
            raise _LinkFound("/".join(parts[: index + 1]))
    return os.open(folder.joinpath(*parts), _FILE_FLAGS)


def _lstat_or_none(name: str, dir_fd: int) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except (OSError, ValueError):
        return None


def _require_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise _NotRegular("a folder")
    if stat.S_ISFIFO(mode):
        raise _NotRegular("a FIFO")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise _NotRegular("a device")
    if stat.S_ISSOCK(mode):
        raise _NotRegular("a socket")
    raise _NotRegular("a special file")


def _absolute(path: Path) -> Path:
    return Path(os.path.normpath(os.path.abspath(path)))
