"""The folder library: find article files below a folder and read each into an entry."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from curator_app.core.document import ArticleDocument, is_article_path
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.core.yamlio import format_datetime


def iter_article_paths(folder: Path) -> Iterator[Path]:
    """Article candidates below ``folder``, hidden files and folders skipped, sorted per folder."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError:
            continue
        subfolders = []
        for item in items:
            if item.name.startswith("."):
                continue
            if item.is_dir(follow_symlinks=False):
                subfolders.append(Path(item.path))
            elif item.is_file() and is_article_path(Path(item.name)):
                yield Path(item.path)
        stack.extend(reversed(subfolders))


def relative_path(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


def read_entry(path: Path, folder: Path) -> ArticleEntry:
    """Read one file into an entry; a file that cannot be read becomes an error entry."""
    try:
        document = ArticleDocument.load(path)
    except CuratorError as error:
        size, mtime_ns = _stat(path)
        return ArticleEntry(
            path=path,
            relpath=relative_path(path, folder),
            title=path.stem,
            error=error.reason,
            error_line=getattr(error, "line", None),
            size=size,
            mtime_ns=mtime_ns,
        )
    return entry_from_document(document, folder)


def scan_folder(
    folder: Path, should_stop: Callable[[], bool] | None = None
) -> Iterator[ArticleEntry]:
    """Every article below ``folder`` as an entry, in path order; stops when asked."""
    for path in iter_article_paths(folder):
        if should_stop is not None and should_stop():
            return
        yield read_entry(path, folder)


def entry_from_document(document: ArticleDocument, folder: Path) -> ArticleEntry:
    data = document.data
    provider = data.get("provider")
    provider_name, provider_domain = "", ""
    if isinstance(provider, dict):
        provider_name = _text(provider.get("name"))
        provider_domain = _text(provider.get("domain"))
    elif provider is not None:
        provider_name = _text(provider)
    images = data.get("images")
    identity = document.identity
    return ArticleEntry(
        path=document.path,
        relpath=relative_path(document.path, folder),
        title=_text(data.get("title")),
        excerpt=_text(data.get("excerpt")),
        provider=provider_name,
        provider_domain=provider_domain,
        published_text=_date_text(data.get("publishedDateTime"))
        if not isinstance(data.get("publishedDateTime"), datetime)
        else (document.value_text("publishedDateTime") or "").strip("\"'"),
        published_at=_as_datetime(data.get("publishedDateTime")),
        type=_text(data.get("type")),
        category=_text(data.get("category")),
        quality=_int_or_none(data.get("quality")),
        heat=_int_or_none(data.get("heat")),
        published=data.get("published") is True,
        topics=tuple(_text(t) for t in data.get("topics") or () if t is not None)
        if isinstance(data.get("topics"), list)
        else (),
        image_count=len(images) if isinstance(images, list) else 0,
        body_length=len(document.body.strip()),
        error=None,
        size=identity.size if identity else len(document.raw),
        mtime_ns=identity.mtime_ns if identity else 0,
    )


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return 0, 0
    return st.st_size, st.st_mtime_ns


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _date_text(value: Any) -> str:
    """The date as the file writes it (``2021-10-11T05:30:00Z``)."""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return _text(value)
