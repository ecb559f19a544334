"""The list's view of one article file: the few fields the table shows, or the error."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from itertools import repeat
from operator import attrgetter, call
from pathlib import Path
from typing import Any

from curator_app.core.textfold import fold

# Between the searched fields, so a typed text never matches across two of them.
_FIELD_SEPARATOR = "\x1f"


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
    first_image: str = ""  # the url of the first image, as the file writes it
    body_length: int = 0
    error: str | None = None  # the reason the file could not be read, or None
    error_line: int | None = None  # the file line (1-based) the error points at, if any
    size: int = 0
    mtime_ns: int = 0
    # The start of the bytes' SHA-256 when read ("" for an unreadable file): a write
    # notices a change that kept the size and the modification time.
    content_hash: str = ""
    # Title, excerpt, provider, domain, path and topics folded once (see ``search_key``);
    # None until first asked for, in an entry rebuilt by ``from_values``.
    _search_key: str | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Folded when the entry is made (on the scan's thread), never per keystroke.
        object.__setattr__(self, "_search_key", fold(self.search_text))

    @property
    def search_text(self) -> str:
        """The searched fields as they are, before folding."""
        texts = (
            self.title,
            self.excerpt,
            self.provider,
            self.provider_domain,
            self.relpath,
            *self.topics,
        )
        return _FIELD_SEPARATOR.join(texts)

    @property
    def search_key(self) -> str:
        """The searched fields without case or accents, separated so no match spans two.

        Folded when first asked for (the list asks on its loader's thread): a command
        that only prints rows never folds them."""
        key = self._search_key
        if key is None:
            key = fold(self.search_text)
            _set_search_key(self, key)  # the same text in any thread that gets here
        return key

    @property
    def ok(self) -> bool:
        return self.error is None

    def values(self) -> tuple[Any, ...]:
        """Every field after ``relpath``, in order, the folded search key last: what the
        index stores and a parsing process sends back (see ``from_values``)."""
        return tuple([getter(self) for getter in _GETTERS])

    @classmethod
    def from_values(cls, path: Path, relpath: str, values: Sequence[Any]) -> ArticleEntry:
        """The entry ``values`` describes, its search key taken as given (None: folded
        when first asked for): rebuilding entries by the thousand (a warm scan) skips
        ``__init__``."""
        if len(values) != len(_SETTERS):
            raise ValueError(f"{len(values)} values for {len(_SETTERS)} fields")
        entry = object.__new__(cls)
        _set_path(entry, path)
        _set_relpath(entry, relpath)
        deque(map(call, _SETTERS, repeat(entry), values), 0)  # the loop in C: 10% faster
        return entry


# The slots' own descriptors: they set a field of a frozen entry without __setattr__.
_VALUE_NAMES = tuple(f.name for f in fields(ArticleEntry) if f.name not in ("path", "relpath"))
VALUE_NAMES = (*_VALUE_NAMES[:-1], "search_key")  # the order of ``ArticleEntry.values()``
_GETTERS = (
    *(getattr(ArticleEntry, name).__get__ for name in _VALUE_NAMES[:-1]),
    attrgetter("search_key"),  # folded first when it was not yet
)
_SETTERS = tuple(getattr(ArticleEntry, name).__set__ for name in _VALUE_NAMES)
_set_path, _set_relpath, _set_search_key = (
    getattr(ArticleEntry, name).__set__ for name in ("path", "relpath", "_search_key")
)
