"""The edit service: the one way the window and the command line change an article file.

Every edit goes through the save transaction (``atomic.save``): under the file's lock the
file is read again and the one-key edit is applied to what is on disk *now*. An edit
decided on an older read (the window's list) still lands when the edited key itself
holds what the editor saw (``Change.rebased`` says so); only when that key changed too
is it refused as a conflict. Values are checked against the field schema first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curator_app.core import atomic, conflicts, schema
from curator_app.core.atomic import FileIdentity
from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import ConflictError, CuratorError, EditError, ReadError
from curator_app.core.library import entry_from_document, read_entry
from curator_app.core.yamlio import same_value


class _Unseen:
    """The caller does not say what it saw: any change on disk is a conflict."""

    def __repr__(self) -> str:
        return "UNSEEN"


UNSEEN: Any = _Unseen()
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
    value: Any = None  # the value written
    rebased: bool = False  # the file had changed since the caller read it; applied anyway


class ArticleEditor:
    """Writes single-key edits to the article files of one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._swept: set[Path] = set()  # folders already rid of stale temporary files

    def read_document(self, path: Path) -> ArticleDocument:
        """The file as it is on disk now (raises ArticleFormatError or ReadError)."""
        return ArticleDocument.load(path)

    def read_text(self, path: Path, limit: int = PREVIEW_BYTES) -> str:
        """The start of the file as text, for showing a file that cannot be parsed:
        bytes that are not UTF-8 are shown as U+FFFD; an unreadable file gives ""."""
        try:
            fd, _st = atomic.open_regular(path)
        except ReadError:
            return ""
        try:
            raw = os.pread(fd, limit, 0)
        except OSError:
            return ""
        finally:
            os.close(fd)
        return raw.decode("utf-8", errors="replace")

    def read_entry(self, path: Path) -> ArticleEntry:
        """The list entry for the file as it is on disk now; never raises."""
        return read_entry(path, self.folder)

    def apply(
        self, path: Path, key: str, value: Any, expected: ArticleEntry | None = None
    ) -> ArticleEntry:
        """Set ``key`` to ``value`` (adding the key when missing) and return the new entry."""
        return self.change(path, key, value, expected).entry

    def change(
        self,
        path: Path,
        key: str,
        value: Any,
        expected: ArticleEntry | None = None,
        seen: Any = UNSEEN,
        *,
        new_key: bool = False,
    ) -> Change:
        """Set ``key`` to ``value``; tell what the key held before and whether bytes changed.

        ``expected`` is the entry the caller decided on and ``seen`` the value of ``key``
        it saw (``schema.seen_value``). Raises EditError for a value the schema refuses, a
        key neither the file nor the schema knows (unless ``new_key``) or an unsafe edit;
        ConflictError when the file changed and so did the key; WriteError when the
        system refuses the write.
        """
        check_value(path, key, value)
        found: dict[str, Any] = {}

        def decide(raw: bytes, identity: FileIdentity) -> bytes | None:
            document = ArticleDocument(path, raw, identity)
            found["document"] = document
            found["rebased"] = _rebase(document, key, expected, seen)
            _check_key(document, key, new_key)
            if key in document.data and same_value(document.data[key], value):
                return None
            found["raw"] = document.edited_bytes(key, value)
            return bytes(found["raw"])

        identity = self._save(path, decide, was_read=expected is not None)
        document: ArticleDocument = found["document"]
        old_value = document.get(key, _MISSING)
        after = document if identity is None else ArticleDocument(path, found["raw"], identity)
        return Change(
            entry=entry_from_document(after, self.folder),
            had_key=old_value is not _MISSING,
            old_value=None if old_value is _MISSING else old_value,
            written=identity is not None,
            before=document.raw,
            after_sha256=identity.sha256 if identity is not None else "",
            value=value,
            rebased=found["rebased"],
        )

    def revert(self, change: Change, key: str) -> ArticleEntry:
        """Undo ``change`` exactly: the old bytes come back while the file is still what the
        edit wrote; if something else changed it since, only the key is set back, and only
        while it still holds the value the edit wrote."""
        path = change.entry.path
        found: dict[str, bytes] = {}

        def decide(raw: bytes, identity: FileIdentity) -> bytes:
            document = ArticleDocument(path, raw, identity)
            if change.before and identity.sha256 == change.after_sha256:
                document.edited_raw_check(change.before)
                new = change.before
            elif not same_value(document.get(key, _MISSING), change.value):
                raise ConflictError(path, f"{key} value")  # changed again since the edit
            elif change.had_key:
                new = document.edited_bytes(key, change.old_value)
            else:
                new = document.deleted_bytes(key)
            found["raw"] = new
            return new

        identity = self._save(path, decide, was_read=True)
        return entry_from_document(ArticleDocument(path, found["raw"], identity), self.folder)

    def resolve_conflict(self, path: Path, key: str, side: conflicts.Side) -> ArticleEntry:
        """Take one side ("Keep mine" / "Take theirs") of ``key``'s merge conflict markers
        in ``path``, through the save transaction; once no markers are left the file must
        read as an article, or nothing is written (EditError)."""

        def decide(raw: bytes, identity: FileIdentity) -> bytes:
            try:
                new = conflicts.resolve(raw, key, side)
            except UnicodeDecodeError:
                raise EditError(path, "is not UTF-8 text; resolve it in an editor") from None
            if new == raw:
                raise ConflictError(path, f"{key} conflict (no longer in the file)")
            if not conflicts.conflict_keys(new):
                try:
                    ArticleDocument(path, new)
                except CuratorError as error:
                    raise EditError(
                        path, f"the resolved file would not read ({error.reason})"
                    ) from None
            return new

        self._save(path, decide, was_read=True)
        return read_entry(path, self.folder)

    def _save(self, path: Path, decide: atomic.Decide, was_read: bool) -> FileIdentity | None:
        folder = Path(os.path.realpath(path)).parent
        if folder not in self._swept:
            self._swept.add(folder)
            atomic.remove_stale_temporaries(folder)
        return atomic.save(path, decide, was_read=was_read)


def _rebase(document: ArticleDocument, key: str, expected: ArticleEntry | None, seen: Any) -> bool:
    """Whether the file changed since ``expected`` was read; raise ConflictError when it
    did and ``key`` no longer holds what the caller saw."""
    identity = document.identity
    if expected is None or identity is None:
        return False
    same_bytes = not expected.content_hash or identity.sha256.startswith(expected.content_hash)
    if identity.size == expected.size and identity.mtime_ns == expected.mtime_ns and same_bytes:
        return False
    if seen is UNSEEN:
        if identity.size != expected.size:
            what = "size"
        elif identity.mtime_ns != expected.mtime_ns:
            what = "modification time"
        else:
            what = "content"  # rewritten within the same clock tick, or its time set back
        raise ConflictError(document.path, what)
    if not same_value(schema.seen_value(document.data, key), seen):
        raise ConflictError(document.path, f"{key} value")
    return True


def _check_key(document: ArticleDocument, key: str, new_key: bool) -> None:
    """A key the file lacks is added only when the schema knows it or the caller insists."""
    if key in document.data or schema.field(key) is not None or new_key:
        return
    if "." in key:
        raise EditError(
            document.path,
            f"has no key {key!r}; nested values cannot be set by a dotted path, "
            "only top-level keys",
        )
    raise EditError(
        document.path, f"has no key {key!r} and it is not a known article key; nothing written"
    )


def check_value(path: Path, key: str, value: Any) -> None:
    """Refuse, with EditError, a value the key must not hold; nothing is written then."""
    known = schema.field(key)
    if known is None:
        return  # a key the schema does not know takes any YAML value
    try:
        known.check(value)
    except schema.FieldError as error:
        raise EditError(path, str(error)) from None
