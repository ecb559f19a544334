"""The edit service the GUI writes through: one key of one file, refused on conflict.

Every write loads the file fresh, checks that it is still the version the caller
last saw (size and modification time of the entry it shows) and only then makes
the core minimal-diff edit, which checks the file once more just before replacing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import ConflictError, EditError
from curator_app.core.library import entry_from_document, read_entry

_MISSING = object()
PREVIEW_BYTES = 256 * 1024  # enough for any article; a huge or binary file is cut short


@dataclass(frozen=True, slots=True)
class Change:
    """What one edit did: the entry now, and what the file held before (for undo)."""

    entry: ArticleEntry
    had_key: bool
    old_value: Any
    written: bool  # False when the key already held the value: nothing was written
    before: bytes = b""  # the file's bytes before the edit
    after_sha256: str = ""  # the hash of the bytes the edit wrote


class ArticleEditor:
    """Writes single-key edits to the article files of one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def read_document(self, path: Path) -> ArticleDocument:
        """The file as it is on disk now (raises ArticleFormatError or ReadError)."""
        return ArticleDocument.load(path)

    def read_text(self, path: Path, limit: int = PREVIEW_BYTES) -> str:
        """The start of the file as text, for showing a file that cannot be parsed:
        bytes that are not UTF-8 are shown as U+FFFD; an unreadable file gives ""."""
        try:
            with open(path, "rb") as handle:
                raw = handle.read(limit)
        except OSError:
            return ""
        return raw.decode("utf-8", errors="replace")

    def read_entry(self, path: Path) -> ArticleEntry:
        """The list entry for the file as it is on disk now; never raises."""
        return read_entry(path, self.folder)

    def apply(
        self, path: Path, key: str, value: Any, expected: ArticleEntry | None = None
    ) -> ArticleEntry:
        """Set ``key`` to ``value`` (adding the key when missing) and return the new entry.

        Raises ConflictError when the file no longer matches ``expected``, EditError when
        the edit cannot be made safely, WriteError when the system refuses the write.
        """
        return self.change(path, key, value, expected).entry

    def change(
        self, path: Path, key: str, value: Any, expected: ArticleEntry | None = None
    ) -> Change:
        """Like ``apply``, also telling what the key held before and whether bytes changed."""
        check_value(path, key, value)
        document = self._load_expected(path, expected)
        old_value = document.get(key, _MISSING)
        before = document.raw
        written = document.set(key, value)
        return Change(
            entry=entry_from_document(document, self.folder),
            had_key=old_value is not _MISSING,
            old_value=None if old_value is _MISSING else old_value,
            written=written,
            before=before,
            after_sha256=document.identity.sha256 if document.identity else "",
        )

    def revert(
        self, change: Change, key: str, expected: ArticleEntry | None = None
    ) -> ArticleEntry:
        """Undo ``change`` exactly: the old bytes come back while the file is still what the
        edit wrote; if something else changed it since, only the key is set back."""
        path = change.entry.path
        document = self._load_expected(path, expected)
        identity = document.identity
        if change.before and identity is not None and identity.sha256 == change.after_sha256:
            document.restore(change.before)
        elif change.had_key:
            document.set(key, change.old_value)
        else:
            document.delete(key)
        return entry_from_document(document, self.folder)

    def remove(self, path: Path, key: str, expected: ArticleEntry | None = None) -> ArticleEntry:
        """Remove ``key`` (the undo of adding it) and return the new entry."""
        document = self._load_expected(path, expected)
        document.delete(key)
        return entry_from_document(document, self.folder)

    def _load_expected(self, path: Path, expected: ArticleEntry | None) -> ArticleDocument:
        document = self.read_document(path)
        identity = document.identity
        if expected is not None and identity is not None:
            if identity.size != expected.size:
                raise ConflictError(path, "size")
            if identity.mtime_ns != expected.mtime_ns:
                raise ConflictError(path, "modification time")
        return document


_TEXT_KEYS = frozenset({"title", "excerpt", "type", "category", "originalUrl", "webUrl"})
_INT_KEYS = frozenset({"quality", "heat"})
_REQUIRED_TEXT = frozenset({"title"})


def check_value(path: Path, key: str, value: Any) -> None:
    """Refuse, with EditError, a value the key must not hold; nothing is written then."""
    if key == "secured":
        raise EditError(path, "'secured' is never rewritten")
    if key == "published" and not isinstance(value, bool):
        raise EditError(path, f"published must be true or false, not {value!r}")
    if key in _INT_KEYS and (isinstance(value, bool) or not isinstance(value, int)):
        raise EditError(path, f"{key} must be a whole number, not {value!r}")
    if key == "publishedDateTime" and not isinstance(value, datetime):
        raise EditError(path, f"publishedDateTime must be a date and time, not {value!r}")
    if key == "topics" and not (
        isinstance(value, list) and all(isinstance(t, str) and t.strip() for t in value)
    ):
        raise EditError(path, "topics must be a list of non-empty texts")
    if key in _TEXT_KEYS:
        if not isinstance(value, str):
            raise EditError(path, f"{key} must be text, not {value!r}")
        if key in _REQUIRED_TEXT and not value.strip():
            raise EditError(path, f"{key} cannot be empty")
        if key == "title" and ("\n" in value or "\r" in value):
            raise EditError(path, "a title is a single line")
