"""The list's view of one article file: the few fields the table shows, or the error."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import datetime
from itertools import repeat
from operator import call
from pathlib import Path
from typing import Any

from curator_app.core.textfold import fold

# Between the searched fields, so a typed text never matches across two of them.
_FIELD_SEPARATOR = "\x1f"


# The fields, in order: ``path``, ``relpath``, then what ``values()`` returns.
FIELD_NAMES = (
    "path",
    "relpath",
    "title",
    "excerpt",
    "provider",
    "provider_domain",
    "published_text",
    "published_at",
    "type",
    "category",
    "quality",
    "heat",
    "published",
    "topics",
    "image_count",
    "first_image",
    "body_length",
    "error",
    "error_line",
    "size",
    "mtime_ns",
    "content_hash",
)


class ArticleEntry:
    """One row of the library. Broken files are entries too, with ``error`` set.

    Immutable, compared and hashed by its fields. Written out rather than made by
    ``dataclasses``: importing that module (and ``inspect``) is 3% of a warm scan."""

    __slots__ = (*FIELD_NAMES, "_search_key")

    path: Path  # absolute path of the file
    relpath: str  # POSIX path relative to the library folder
    title: str
    excerpt: str
    provider: str
    provider_domain: str
    published_text: str  # publishedDateTime as written in the file
    published_at: datetime | None  # timezone-aware when the file says so
    type: str
    category: str
    quality: int | None
    heat: int | None
    published: bool
    topics: tuple[str, ...]
    image_count: int
    first_image: str  # the url of the first image, as the file writes it
    body_length: int
    error: str | None  # the reason the file could not be read, or None
    error_line: int | None  # the file line (1-based) the error points at, if any
    size: int
    mtime_ns: int
    # The start of the bytes' SHA-256 when read ("" for an unreadable file): a write
    # notices a change that kept the size and the modification time.
    content_hash: str
    # Title, excerpt, provider, domain, path and topics folded once (see ``search_key``);
    # None until first asked for when folding them is a plain lower() (ASCII text), and
    # in an entry rebuilt by ``from_values`` without it.
    _search_key: str | None

    def __init__(
        self,
        path: Path,
        relpath: str,
        title: str = "",
        excerpt: str = "",
        provider: str = "",
        provider_domain: str = "",
        published_text: str = "",
        published_at: datetime | None = None,
        type: str = "",
        category: str = "",
        quality: int | None = None,
        heat: int | None = None,
        published: bool = False,
        topics: tuple[str, ...] = (),
        image_count: int = 0,
        first_image: str = "",
        body_length: int = 0,
        error: str | None = None,
        error_line: int | None = None,
        size: int = 0,
        mtime_ns: int = 0,
        content_hash: str = "",
    ) -> None:
        _set_path(self, path)
        _set_relpath(self, relpath)
        values = (
            title,
            excerpt,
            provider,
            provider_domain,
            published_text,
            published_at,
            type,
            category,
            quality,
            heat,
            published,
            topics,
            image_count,
            first_image,
            body_length,
            error,
            error_line,
            size,
            mtime_ns,
            content_hash,
        )
        deque(map(call, _FIELD_SETTERS, repeat(self), values), 0)
        # Accented text is folded when the entry is made (in a parsing process), never per
        # keystroke; ASCII text is lower-cased when first asked for, cheaper than sending
        # the copy between processes and storing it in the index.
        text = self.search_text
        _set_search_key(self, None if text.isascii() else fold(text))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of an ArticleEntry")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of an ArticleEntry")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArticleEntry):
            return NotImplemented
        return self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(FIELD_NAMES, self.fields(), strict=True))
        return f"ArticleEntry({shown})"

    def fields(self) -> tuple[Any, ...]:
        """Every field's value in the order of ``FIELD_NAMES``."""
        return (self.path, self.relpath, *[getter(self) for getter in _FIELD_GETTERS])

    def replace(self, **changes: Any) -> ArticleEntry:
        """A copy with ``changes`` (as ``dataclasses.replace``); its search text is folded
        again."""
        given = dict(zip(FIELD_NAMES, self.fields(), strict=True))
        given.update(changes)
        return ArticleEntry(**given)

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
        """Every field after ``relpath``, in order, the folded search key last (None when
        it is not folded yet): what the index stores and a parsing process sends back
        (see ``from_values``)."""
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
_VALUE_NAMES = (*FIELD_NAMES[2:], "_search_key")
VALUE_NAMES = (*FIELD_NAMES[2:], "search_key")  # the order of ``ArticleEntry.values()``
_FIELD_GETTERS = tuple(getattr(ArticleEntry, name).__get__ for name in FIELD_NAMES[2:])
_GETTERS = (*_FIELD_GETTERS, vars(ArticleEntry)["_search_key"].__get__)  # None: not yet folded
_SETTERS = tuple(getattr(ArticleEntry, name).__set__ for name in _VALUE_NAMES)
_FIELD_SETTERS = _SETTERS[:-1]
_set_path, _set_relpath, _set_search_key = (
    getattr(ArticleEntry, name).__set__ for name in ("path", "relpath", "_search_key")
)
