"""Exporting chosen articles: JSON Lines, JSON, CSV, a folder copy or a zip archive.

``export_articles`` writes the whole output under a hidden temporary name beside the
chosen path and renames it at the end: a cancelled or failed export leaves nothing
behind, and an existing output is replaced only when ``force`` says so. The output
gets the permissions the user's umask gives any new file or folder. One bad
article never stops the others: it is reported in ``ExportResult.errors`` as
``PATH: reason``. The formats themselves live in export_records and export_copy.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO

from curator_app.core.document import is_article_path
from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError
from curator_app.core.export_copy import (
    EXPORT_MARKER,
    ArticleCopier,
    CopySink,
    FolderSink,
    ZipSink,
)
from curator_app.core.export_records import (
    CsvWriter,
    JsonArrayWriter,
    JsonLinesWriter,
    RecordWriter,
)
from curator_app.core.export_sources import LibraryRoot, SourceArticle, read_source

Progress = Callable[[int, int], None]  # (articles done, articles in all)
ShouldCancel = Callable[[], bool]

_STAGING_ATTEMPTS = 100  # random names tried for the temporary output


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"
    CSV = "csv"
    FOLDER = "folder"
    ZIP = "zip"

    @property
    def is_record_format(self) -> bool:
        """One record per article in one file: these can also go to a stream (stdout)."""
        return self in (ExportFormat.JSONL, ExportFormat.JSON, ExportFormat.CSV)

    @property
    def suffix(self) -> str:
        """The usual file-name ending of the output ('' for a folder)."""
        return "" if self is ExportFormat.FOLDER else f".{self.value}"


@dataclass(frozen=True, slots=True)
class ExportOptions:
    force: bool = False  # replace an existing output
    csv_bom: bool = False  # start CSV with a UTF-8 byte-order mark, for spreadsheets
    csv_raw: bool = False  # no ' before CSV cells a spreadsheet would run as formulas


@dataclass(slots=True)
class ExportResult:
    total: int = 0  # articles asked for
    written: int = 0  # articles in the output
    errors: list[str] = field(default_factory=list)  # "PATH: reason", one per problem
    warnings: list[str] = field(default_factory=list)  # written, but worth knowing
    output: Path | None = None  # None when cancelled or written to a stream
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.cancelled


class ExportError(CuratorError):
    """The export as a whole was refused or failed; nothing was written."""


class OutputExistsError(ExportError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, "already exists; not replaced unless that is asked for")


def export_articles(
    folder: Path,
    articles: Iterable[Path | ArticleEntry],
    fmt: ExportFormat,
    output: Path,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ExportResult:
    """Export ``articles`` (files below ``folder``) to ``output``, atomically.

    Raises ExportError (OutputExistsError when ``output`` exists without force) when
    nothing could be written; per-article problems are in the result instead.
    """
    options = options or ExportOptions()
    root = LibraryRoot.of(folder)
    check_output(folder, output, fmt, options.force)
    staging = _create_staging(output, directory=fmt is ExportFormat.FOLDER)
    try:
        result = _write_staging(
            root, list(articles), fmt, staging, options, progress, should_cancel
        )
        if result.cancelled or (should_cancel is not None and should_cancel()):
            result.cancelled = True
            _remove(staging)
            return result
        _publish(staging, output, options.force)
    except BaseException as error:
        _remove(staging)
        if isinstance(error, OSError):
            raise ExportError(output, f"could not write: {error.strerror or error}") from error
        raise
    result.output = output
    return result


def export_to_stream(
    folder: Path,
    articles: Iterable[Path | ArticleEntry],
    fmt: ExportFormat,
    stream: IO[bytes],
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ExportResult:
    """Write JSON Lines, JSON or CSV records to ``stream`` (standard output, say)."""
    if not fmt.is_record_format:
        raise ValueError(f"a {fmt.value} export cannot be written to a stream")
    writer = _record_writer(fmt, stream, options or ExportOptions())
    return _write_records(LibraryRoot.of(folder), list(articles), writer, progress, should_cancel)


def check_output(folder: Path, output: Path, fmt: ExportFormat, force: bool) -> None:
    """Refuse an output that is unsafe or taken; raise ExportError saying why."""
    parent = output.parent
    if not parent.is_dir():
        raise ExportError(output, f"cannot be created: the folder {parent} does not exist")
    library, target = folder.resolve(), output.resolve()
    if target == library or library.is_relative_to(target):
        raise ExportError(output, "is the library folder or contains it; choose another place")
    inside = target.is_relative_to(library)
    if inside and fmt is ExportFormat.FOLDER:
        raise ExportError(
            output, "is inside the library folder; the copy would be read as part of the library"
        )
    if inside and is_article_path(output):
        raise ExportError(
            output, "is inside the library folder and named like an article; choose another name"
        )
    if not os.path.lexists(output):
        return
    if not force:
        raise OutputExistsError(output)
    if output.is_dir() and not output.is_symlink():
        if fmt is not ExportFormat.FOLDER:
            raise ExportError(output, f"is a folder; a {fmt.value} export is a file")
        if not (output / EXPORT_MARKER).is_file() and any(output.iterdir()):
            raise ExportError(
                output, "is a folder that no Curator export made; not replaced (remove it yourself)"
            )


def throttle_progress(report: Progress, interval: float) -> Progress:
    """A progress callback passing on at most one report per ``interval`` seconds, and
    always the last: 100,000 files need not mean 100,000 GUI updates."""
    last = -interval

    def throttled(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done == total or now - last >= interval:
            last = now
            report(done, total)

    return throttled


# -- writing -----------------------------------------------------------------------


def _write_staging(
    root: LibraryRoot,
    articles: list[Path | ArticleEntry],
    fmt: ExportFormat,
    staging: Path,
    options: ExportOptions,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> ExportResult:
    if fmt is ExportFormat.FOLDER:
        return _copy_articles(root, articles, FolderSink(staging), progress, should_cancel)
    if fmt is ExportFormat.ZIP:
        with zipfile.ZipFile(staging, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            result = _copy_articles(root, articles, ZipSink(archive), progress, should_cancel)
        _fsync_file(staging)
        return result
    with open(staging, "wb") as stream:
        writer = _record_writer(fmt, stream, options)
        result = _write_records(root, articles, writer, progress, should_cancel)
        stream.flush()
        os.fsync(stream.fileno())
    return result


def _record_writer(fmt: ExportFormat, stream: IO[bytes], options: ExportOptions) -> RecordWriter:
    if fmt is ExportFormat.JSONL:
        return JsonLinesWriter(stream)
    if fmt is ExportFormat.JSON:
        return JsonArrayWriter(stream)
    return CsvWriter(stream, bom=options.csv_bom, raw=options.csv_raw)


def _write_records(
    root: LibraryRoot,
    articles: list[Path | ArticleEntry],
    writer: RecordWriter,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> ExportResult:
    def write(source: SourceArticle, result: ExportResult) -> None:
        if source.document is None:  # broken files are reported and skipped
            raise source.problem or CuratorError(source.path, "cannot be read")
        writer.add(source.document, source.relpath)

    writer.begin()
    result = _each_article(root, articles, write, progress, should_cancel)
    if not result.cancelled:
        writer.end()
    return result


def _copy_articles(
    root: LibraryRoot,
    articles: list[Path | ArticleEntry],
    sink: CopySink,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> ExportResult:
    copier = ArticleCopier(root, sink)

    def copy(source: SourceArticle, result: ExportResult) -> None:
        copier.copy(source, result.errors, result.warnings)

    return _each_article(root, articles, copy, progress, should_cancel)


def _each_article(
    root: LibraryRoot,
    articles: list[Path | ArticleEntry],
    handle: Callable[[SourceArticle, ExportResult], None],
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> ExportResult:
    """Read and handle every article; a CuratorError is that article's error, not the end."""
    result = ExportResult(total=len(articles))
    for done, article in enumerate(articles, start=1):
        if should_cancel is not None and should_cancel():
            result.cancelled = True
            return result
        try:
            handle(read_source(root, article), result)
        except CuratorError as error:
            result.errors.append(str(error))
        else:
            result.written += 1
        if progress is not None:
            progress(done, result.total)
    return result


# -- the temporary output and its rename -------------------------------------------


def _create_staging(output: Path, directory: bool) -> Path:
    """A new, hidden, uniquely named file or folder beside ``output``.

    Created with the usual modes (0o666, 0o777) so that the system applies the user's
    umask (or the folder's default ACL) as for any new file: the output is renamed
    into place, and tempfile's private 0o600/0o700 would stay on it.
    """
    for _ in range(_STAGING_ATTEMPTS):
        staging = output.with_name(f".{output.name}.{secrets.token_hex(4)}.part")
        try:
            if directory:
                os.mkdir(staging, 0o777)
            else:
                os.close(os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as error:
            raise ExportError(output, f"cannot be created: {error.strerror or error}") from None
        return staging
    raise ExportError(output, "cannot be created: no free temporary name beside it")


def _publish(staging: Path, output: Path, force: bool) -> None:
    """Move the finished staging file or folder to ``output``."""
    if not force:
        if os.path.lexists(output):  # appeared while the export ran
            raise OutputExistsError(output)
        if staging.is_dir():
            os.rename(staging, output)  # fails on anything but an empty folder
            return
        try:  # a hard link never replaces a file that appeared a moment ago
            os.link(staging, output)
        except FileExistsError:
            raise OutputExistsError(output) from None
        except OSError:  # no hard links on this file system
            os.rename(staging, output)
            return
        os.unlink(staging)
        return
    replaces_folder = output.is_dir() and not output.is_symlink()
    if not (os.path.lexists(output) and (staging.is_dir() or replaces_folder)):
        os.replace(staging, output)  # a file over a file (or nothing): atomic
        return
    # A folder cannot be renamed over another: move the old one aside first, and
    # back if the rename fails, so there is always one complete output.
    aside = output.with_name(f".{output.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(output, aside)
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(aside, output)
        raise
    _remove(aside)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
