"""The list's view of one article file: the few fields the table shows, or the error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One row of the library. Broken files are entries too, with ``error`` set."""

    path: Path  # absolute path of the file
    relpath: str  # POSIX path relative to the library folder
    title: str = ""
    excerpt: str = ""
    provider: str = ""
    provider_domain: str = ""
    published_text: str = ""  # publishedDateTime as written in the file
    published_at: datetime | None = None  # timezone-aware when the file says so
    type: str = ""
    category: str = ""
    quality: int | None = None
    heat: int | None = None
    published: bool = False
    topics: tuple[str, ...] = ()
    image_count: int = 0
    body_length: int = 0
    error: str | None = None  # the reason the file could not be read, or None
    error_line: int | None = None  # the file line (1-based) the error points at, if any
    size: int = 0
    mtime_ns: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None
