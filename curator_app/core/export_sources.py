"""Reading what an export takes, and refusing anything that would leave the library folder.

Every path an export writes is derived from an article's path or an image reference.
Both are checked twice: lexically (no ``..`` above the folder, no absolute path) and
for real (the file, symbolic links followed, must lie inside the library folder), so
neither a crafted reference nor a symlink can read from or write outside it.
"""

from __future__ import annotations

import os
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


@dataclass(frozen=True, slots=True)
class LocalImage:
    reference: str  # the url as the article writes it
    relpath: str  # where it lies below the library folder (and in the copy)
    real_path: Path


def article_path(article: Path | ArticleEntry) -> Path:
    return article.path if isinstance(article, ArticleEntry) else article


def read_source(root: LibraryRoot, article: Path | ArticleEntry) -> SourceArticle:
    """Read one article; raise OutsideLibraryError or ReadError naming the file."""
    path = article_path(article)
    absolute = _absolute(path)
    try:
        relative = absolute.relative_to(root.absolute)
    except ValueError:
        raise OutsideLibraryError(path, f"is not inside the library folder {root.given}") from None
    if not relative.parts:
        raise OutsideLibraryError(path, "is the library folder itself, not an article file")
    real_path = absolute.resolve()
    if not real_path.is_relative_to(root.real):
        raise OutsideLibraryError(
            path, f"is a symbolic link to {real_path}, outside the library folder; refused"
        )
    try:
        with open(real_path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except IsADirectoryError:
        raise ReadError(path, "is a folder, not an article file") from None
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

    Backslashes count as separators, so a Windows-style ``..\\..\\x.png`` is caught too.
    Raises ReadError when the reference is safe but no such file exists.
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
    real_path = (root.absolute / relpath).resolve()
    if not real_path.is_relative_to(root.real):
        raise OutsideLibraryError(
            source.path,
            f"image {reference!r} is a symbolic link to {real_path}, outside the "
            "library folder; refused",
        )
    if real_path.is_dir():
        raise ReadError(source.path, f"image {reference!r} is a folder, not a file; not copied")
    if not real_path.is_file():
        raise ReadError(source.path, f"image {reference!r} does not exist; nothing to copy")
    return LocalImage(reference, relpath.as_posix(), real_path)


def _absolute(path: Path) -> Path:
    return Path(os.path.normpath(os.path.abspath(path)))
