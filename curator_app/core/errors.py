"""Typed errors: each names the file and says what is wrong in words a person understands."""

from __future__ import annotations

from pathlib import Path


class CuratorError(Exception):
    """Base class: ``str(error)`` reads ``PATH: reason`` (``PATH:LINE:COL: reason`` for YAML)."""

    def __init__(self, path: Path | str | None, reason: str) -> None:
        self.path = Path(path) if path is not None else None
        self.reason = reason
        super().__init__(self._render())

    def _render(self) -> str:
        return f"{self.path}: {self.reason}" if self.path is not None else self.reason


class ArticleFormatError(CuratorError):
    """The file cannot be read as an article."""


class NoFrontMatterError(ArticleFormatError):
    def __init__(self, path: Path | str | None) -> None:
        super().__init__(path, "no front matter (the file does not start with a '---' line)")


class UnterminatedFrontMatterError(ArticleFormatError):
    def __init__(self, path: Path | str | None) -> None:
        super().__init__(path, "unterminated front matter (no closing '---' line)")


class NotUtf8Error(ArticleFormatError):
    def __init__(self, path: Path | str | None, offset: int) -> None:
        super().__init__(path, f"not UTF-8 text (invalid byte at offset {offset})")


class InvalidYamlError(ArticleFormatError):
    """YAML syntax or construction error; ``line`` and ``column`` are 1-based file positions."""

    def __init__(self, path: Path | str | None, problem: str, line: int, column: int) -> None:
        self.line = line
        self.column = column
        super().__init__(path, f"invalid YAML at line {line}, column {column}: {problem}")


class NotAMappingError(ArticleFormatError):
    def __init__(self, path: Path | str | None, kind: str) -> None:
        super().__init__(path, f"front matter is a {kind}, not a mapping of keys to values")


class DuplicateKeyError(ArticleFormatError):
    def __init__(self, path: Path | str | None, key: str, line: int) -> None:
        self.key = key
        self.line = line
        super().__init__(path, f"duplicate key {key!r} at line {line}")


class TooComplexError(ArticleFormatError):
    """Aliases that expand far beyond the file's size (a "billion laughs" document)."""

    def __init__(self, path: Path | str | None, limit: int) -> None:
        super().__init__(
            path, f"front matter expands to more than {limit:,} values through aliases"
        )


class MergeConflictError(ArticleFormatError):
    """A merge left conflict markers in the file; ``keys`` names what conflicts."""

    def __init__(self, path: Path | str | None, keys: tuple[str, ...]) -> None:
        self.keys = keys
        super().__init__(path, f"merge conflict: {', '.join(keys)}")


class EditError(CuratorError):
    """An edit could not be made safely; nothing was written."""


class ConflictError(CuratorError):
    """The file changed on disk since it was read; nothing was written."""

    def __init__(self, path: Path | str | None, what: str = "content") -> None:
        change = "it was deleted" if what == "deleted" else f"its {what} differs"
        super().__init__(
            path, f"changed on disk since it was read ({change}); reload before editing"
        )


class LateWriteError(ConflictError):
    """Another program wrote to the file while Curator replaced it; its version was kept."""

    def __init__(self, path: Path | str | None) -> None:
        CuratorError.__init__(
            self,
            path,
            "another program wrote to it while it was being saved; its version was kept "
            "and this edit was not saved",
        )


class WriteError(CuratorError):
    """The operating system refused the write (read-only, disk full…); the file is unchanged."""


class ReadError(CuratorError):
    """The operating system refused the read (missing file, permission…)."""


class FrontMatterTooLargeError(ArticleFormatError):
    """A front matter past the size limit; refused before it is parsed."""

    def __init__(self, path: Path | str | None, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        shown = f"{size / 1_000_000:.1f} MB"
        if shown == f"{limit / 1_000_000:.1f} MB":
            shown = f"{size:,} bytes"  # "1.0 MB, more than the 1 MB limit" would puzzle
        super().__init__(
            path, f"front matter is {shown}, more than the {limit / 1_000_000:g} MB limit"
        )


class RecursiveAliasError(ArticleFormatError):
    """A value that contains itself (``a: &a [*a]``): it has no end to read or write."""

    def __init__(self, path: Path | str | None, line: int) -> None:
        self.line = line
        super().__init__(
            path,
            f"an alias refers to itself at line {line} "
            "(the value contains itself through an alias)",
        )


class TooDeepError(ArticleFormatError):
    """Collections nested far deeper than any article nests them."""

    def __init__(self, path: Path | str | None, limit: int, line: int) -> None:
        self.line = line
        super().__init__(path, f"values nest more than {limit} levels deep at line {line}")


class ExpansionTooLargeError(TooComplexError):
    """Aliases of long text that would expand to far more text than the file holds."""

    def __init__(self, path: Path | str | None, limit: int) -> None:
        ArticleFormatError.__init__(
            self,
            path,
            f"front matter expands to more than {limit / 1_000_000:g} MB of text through aliases",
        )
