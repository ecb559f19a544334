"""The folder library: find article files below a folder and read each into an entry.

Walking needs no YAML: the modules that parse (``document``, ``schema``, PyYAML) are
imported when the first file is read, so a scan that finds every entry in the folder
index never loads them.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from curator_app.core.entry import ArticleEntry
from curator_app.core.errors import CuratorError

if TYPE_CHECKING:
    from curator_app.core.document import ArticleDocument

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
STOP_CHECK_EVERY = 500  # files found between two looks at should_stop while walking
_NAME = attrgetter("name")


HASH_CHARS = 32  # of the hex SHA-256 an entry keeps (128 bits: collisions are not a concern)


def iter_article_paths(folder: Path) -> Iterator[Path]:
    """Article candidates below ``folder``, hidden files and folders skipped, sorted per folder.

    Only files that can be opened: broken symbolic links and folders that cannot be
    listed are left out here (``scan_folder`` lists them as error entries).
    """
    for path, problem in iter_candidates(folder):
        if problem is None:
            yield path


def iter_candidates(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Every article candidate with None, or with the reason it cannot be opened.

    A symbolic link named like an article that loops or points at nothing is yielded
    with its reason, and so is a folder that exists but cannot be listed; named pipes,
    devices and links to folders are skipped (a pipe would block the scan forever).
    """
    for found in walk(folder):
        yield found.path, found.problem


class Found(NamedTuple):
    """One article candidate as the walk found it."""

    path: Path  # the folder as given, joined with the names below it
    relpath: str  # POSIX path relative to the folder
    item: os.DirEntry[str] | None  # None for a folder that cannot be listed
    problem: str | None  # why it cannot be opened, or None


def walk(folder: Path) -> Iterator[Found]:
    """``iter_candidates`` with each file's path relative to ``folder`` and its DirEntry."""
    stack = [(os.fspath(folder), "", Path(folder))]
    while stack:
        current, prefix, current_path = stack.pop()
        try:
            with os.scandir(current) as listing:
                items = sorted(listing, key=_NAME)
        except (FileNotFoundError, NotADirectoryError):  # gone since: nothing to list
            continue
        except OSError as error:
            reason = error.strerror or str(error)
            unlisted = f"folder cannot be listed ({reason}); its articles are missing"
            yield Found(current_path, prefix.rstrip("/"), None, unlisted)
            continue
        subfolders = []
        child = _child_maker(current_path)
        for item in items:
            name = item.name
            if name.startswith("."):
                from curator_app.core import atomic  # hashing and locking: rarely needed

                if atomic.is_temporary_name(name):  # left by a killed save
                    atomic.remove_if_stale(Path(item.path))
                continue
            if _is_folder(item):
                subfolders.append((item.path, f"{prefix}{name}/", child(name)))
            elif name[name.rfind(".") :].lower() in ARTICLE_SUFFIXES:  # no dot: the last char
                is_candidate, problem = _candidate(item)
                if is_candidate:
                    yield Found(child(name), prefix + name, item, problem)
        stack.extend(reversed(subfolders))


def _child_maker(folder: Path) -> Callable[[str], Path]:
    """``folder / name`` for names from a listing (no separators): pathlib's own way of
    making a child without parsing the path again, which a walk of 100,000 files
    notices, when this Python has it; else the plain join."""
    make = getattr(folder, "_make_child_relpath", None)
    if make is not None and _CHILD_MAKER_WORKS:
        return make  # type: ignore[no-any-return]
    return folder.joinpath


def _child_maker_works() -> bool:
    folder = Path("a")
    make = getattr(folder, "_make_child_relpath", None)
    try:
        made, joined = make("b.md") if make is not None else None, folder / "b.md"
        return made == joined and str(made) == str(joined) and made.name == "b.md"
    except Exception:  # a Python whose private method means something else
        return False


_CHILD_MAKER_WORKS = _child_maker_works()


def _is_folder(item: os.DirEntry[str]) -> bool:
    try:
        return item.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _candidate(item: os.DirEntry[str]) -> tuple[bool, str | None]:
    """Whether an article-named item is listed, and why it cannot be opened (None: it can).

    A regular file (or a link to one) is; a broken link is, with its reason; a pipe, a
    device or a link to a folder is not an article file at all.
    """
    try:
        if item.is_file():
            return True, None
    except OSError as error:  # a symbolic link loop, or a folder on the way not searchable
        return True, _link_problem(error)
    if not item.is_symlink():
        return False, None
    try:
        os.stat(item.path)
    except OSError as error:
        return True, _link_problem(error)
    return False, None


def _link_problem(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT:
        return "symbolic link to a missing file"
    return f"cannot be read: {error.strerror or error}"


def relative_path(path: Path, folder: Path) -> str:
    # A path found below the folder starts with its text: cut it, as pathlib would,
    # without parsing both paths again (every file read asks).
    prefix = os.path.join(os.fspath(folder), "")
    text = os.fspath(path)
    if len(text) > len(prefix) and text.startswith(prefix):
        rest = text[len(prefix) :]
        return rest if os.sep == "/" else rest.replace(os.sep, "/")
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


def read_entry(path: Path, folder: Path) -> ArticleEntry:
    """Read one file into an entry; a file that cannot be read becomes an error entry."""
    from curator_app.core.document import ArticleDocument  # PyYAML: only when reading

    try:
        return entry_from_document(ArticleDocument.load(path), folder)
    except CuratorError as error:
        return error_entry(path, folder, error.reason, getattr(error, "line", None))
    except Exception as error:  # a bug must cost one row, not the rest of the folder
        reason = f"cannot be read (unexpected {type(error).__name__}: {error})"
        return error_entry(path, folder, reason)


def error_entry(path: Path, folder: Path, reason: str, line: int | None = None) -> ArticleEntry:
    """The row of a file that cannot be read as an article: its name and the reason."""
    size, mtime_ns = _stat(path)
    return ArticleEntry(
        path=path,
        relpath=relative_path(path, folder),
        title=path.stem,
        error=reason,
        error_line=line,
        size=size,
        mtime_ns=mtime_ns,
    )


def scan_folder(
    folder: Path, should_stop: Callable[[], bool] | None = None
) -> Iterator[ArticleEntry]:
    """Every article below ``folder`` as an entry, in path order; stops when asked.

    Broken files, broken symbolic links and folders that cannot be listed are entries
    too, with the reason in ``error``: one bad file never hides the others. Many files
    are parsed on every core (``parallel.read_entries``), the entries still in order.
    """
    from curator_app.core import parallel  # it imports this module

    stop = should_stop or _never
    found: list[Found] = []
    for count, candidate in enumerate(walk(folder), 1):
        if count % STOP_CHECK_EVERY == 0 and stop():
            return
        if count == parallel.MIN_POOL_FILES:
            parallel.warm_up()
        found.append(candidate)
    readable = [(f.path, f.relpath) for f in found if f.problem is None]
    with contextlib.closing(parallel.read_entries(folder, readable, stop)) as read:
        for candidate in found:
            if candidate.problem is None:
                entry = next(read, None)
                if entry is None:  # stopped
                    return
                yield entry
            elif stop():
                return
            else:
                yield error_entry(candidate.path, folder, candidate.problem)


def _never() -> bool:
    return False


def entry_from_document(document: ArticleDocument, folder: Path) -> ArticleEntry:
    """The list's row for a parsed file; every value is read through the field schema."""
    from curator_app.core import schema  # PyYAML: only when reading

    data = document.data
    provider, domain = schema.read(data, "provider")
    when = data.get("publishedDateTime")
    identity = document.identity
    images = schema.read(data, "images")
    return ArticleEntry(
        path=document.path,
        relpath=relative_path(document.path, folder),
        title=schema.read(data, "title"),
        excerpt=schema.read(data, "excerpt"),
        provider=provider,
        provider_domain=domain,
        # A timestamp is listed as the file writes it (``2021-10-11T05:30:00Z``).
        published_text=(document.value_text("publishedDateTime") or "").strip("\"'")
        if isinstance(when, datetime)
        else schema.text(when),
        published_at=schema.read(data, "publishedDateTime"),
        type=schema.read(data, "type"),
        category=schema.read(data, "category"),
        quality=schema.read(data, "quality"),
        heat=schema.read(data, "heat"),
        published=schema.read(data, "published"),
        topics=schema.read(data, "topics"),
        image_count=len(images),
        first_image=_first_url(images),
        body_length=len(document.body.strip()),
        error=None,
        size=identity.size if identity else len(document.raw),
        mtime_ns=identity.mtime_ns if identity else 0,
        content_hash=identity.sha256[:HASH_CHARS] if identity else "",
    )


def _first_url(images: list[Any]) -> str:
    first = images[0] if images else None
    url = first.get("url") if isinstance(first, dict) else None
    return url.strip() if isinstance(url, str) else ""


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return 0, 0
    return st.st_size, st.st_mtime_ns
