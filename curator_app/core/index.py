"""The persistent folder index: a cache of list entries, so a second scan reads only changes.

One SQLite database (standard library, WAL mode) per folder, named by a hash of the
folder's real path, in the user cache folder (``cache_folder``). Each row holds a file's
path relative to the folder, its signature (size, mtime_ns, ctime_ns and inode packed in
32 bytes, kept beside the path in a covering index: opening reads no entry) and its
``ArticleEntry`` fields in ``marshal``'s format (as Python's own ``.pyc`` caches: read
back about twice as fast as JSON). ``scan`` stats every file and reads again only
the new or changed ones (any of the four differs); rows of files no longer there are
removed, so a renamed file is a removal plus a new file. Error entries are cached by the
same rule.

The index is only a cache, never the source of truth: a corrupt database or one of
another schema is rebuilt silently, a locked one is read if it can be and otherwise
bypassed, and writes never consult it (the save transaction re-reads the file itself).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
import struct
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from curator_app.core import library, parallel
from curator_app.core.entry import VALUE_NAMES, ArticleEntry

SCHEMA_VERSION = 4  # PRAGMA user_version; a database of any other version is rebuilt
BUSY_TIMEOUT = 1.0  # seconds to wait for another process's write lock before giving up
FLUSH_EVERY = 1000  # changed rows written per transaction during a scan
WALK_AHEAD = 2000  # files walked ahead of the entries yielded (see ``FolderIndex.scan``)
_IN_LIST = 500  # rowids per query (well under SQLite's limit of bound values)
DECODE_BLOCK = 1000  # stored rows fetched together, in blocks of ``_IN_LIST``
# A file modified this close to the scan may change again within the same mtime tick
# (a coarse file-system clock), unseen: its row is stored as "read it again next time".
RACY_NS = 2_000_000_000
_UNTRUSTED = b""  # the stored signature of a file to read again: no file has it

# The stored fields (``ArticleEntry.values()``, the folded search key last, so a warm
# scan never folds accented text again), in order; the list is part of the format.
_DATE_AT = VALUE_NAMES.index("published_at")
_TOPICS_AT = VALUE_NAMES.index("topics")

# The source files of the code that turns a file into an entry (see ``_format``), named
# rather than imported: a scan that reads no file never loads the parser.
_READING_CODE = (
    "atomic.py",
    "conflicts.py",
    "document.py",
    "entry.py",
    "errors.py",
    "library.py",
    "schema.py",
    "textfold.py",
    "yamlguard.py",
    "yamlio.py",
    "yamlplain.py",
)

Signature = bytes  # size, mtime_ns, ctime_ns and inode, packed (``_SIGNATURE``)
Row = tuple[Signature, int]  # a file's signature and its row's rowid
# Packed, a row's signature is one value to read back (four were 40% of opening the index
# of 100,000 files) and one to compare.
_SIGNATURE = struct.Struct("<qqqQ")
# One file of a scan, as planned after the walk: path, relpath, signature, the stored
# row when it is still valid, and the reason for a candidate that cannot be opened.
_Step = tuple[
    Path, str, Signature | None, int | None, str | None
]  # path, relpath, signature, rowid, problem

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def cache_folder() -> Path:
    """Where Curator keeps its caches: ``$XDG_CACHE_HOME/curator`` when that is set (on
    any system), else ``~/.cache/curator`` on Linux, ``~/Library/Caches/curator`` on
    macOS, ``%LOCALAPPDATA%\\curator\\cache`` on Windows."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec ignores relative paths
        return Path(xdg) / "curator"
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "")
        return (Path(local) if local else home / "AppData" / "Local") / "curator" / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "curator"
    return home / ".cache" / "curator"


def folder_key(folder: Path) -> str:
    """The folder as the index knows it: its real path (links and ``..`` resolved)."""
    return os.path.realpath(folder)


def index_path(folder: Path) -> Path:
    """The database file of ``folder``'s index (one per real folder path)."""
    digest = hashlib.sha256(os.fsencode(folder_key(folder))).hexdigest()[:32]
    return cache_folder() / "index" / f"{digest}.sqlite3"


def scan(folder: Path, should_stop: Callable[[], bool] | None = None) -> Iterator[ArticleEntry]:
    """``library.scan_folder`` through the index: the same entries in the same order,
    reading only files that are new or changed since the last scan of ``folder``.

    When the index cannot be opened at all, this is a plain ``scan_folder``."""
    index = FolderIndex.open(folder)
    if index is None:
        yield from library.scan_folder(folder, should_stop)
        return
    with contextlib.closing(index):
        yield from index.scan(should_stop)


class FolderIndex:
    """One folder's open index: the stored rows and the connection that updates them."""

    def __init__(self, folder: Path, connection: sqlite3.Connection, rows: dict[str, Row]) -> None:
        self.folder = folder
        self._connection = connection
        self._rows = rows
        self._writable = True  # False after a write failed (locked): the rest is not stored
        self._pending: list[tuple[str, Signature, bytes]] = []

    @classmethod
    def open(cls, folder: Path) -> FolderIndex | None:
        """The index of ``folder``, created or rebuilt as needed; None when it cannot be
        used (no cache folder, or a database another process keeps locked)."""
        path = index_path(folder)
        key = folder_key(folder)
        for _attempt in range(2):
            connection = _connect(path)
            if connection is None:
                return None
            try:
                _prepare(connection, key)
                rows = _load(connection)
            except sqlite3.DatabaseError as error:
                connection.close()
                if not _is_corrupt(error):
                    return None  # locked, read-only, out of space: bypass, keep the file
                _remove_database(path)
                continue
            return cls(folder, connection, rows)
        return None

    def close(self) -> None:
        self._connection.close()

    def scan(self, should_stop: Callable[[], bool] | None = None) -> Iterator[ArticleEntry]:
        """Every entry in walk order, yielded while the walk goes on: a stored one when the
        file's signature is unchanged, else the file read (on every core when there are
        many). The walk keeps up to ``WALK_AHEAD`` files ahead of what was yielded, so the
        first rows come at once and the pool always has files to parse."""
        stop = should_stop or _never
        started_ns = time.time_ns()
        reader = parallel.OrderedReader(self.folder, stop)
        walk: Iterator[library.Found] | None = library.walk(self.folder)
        plan: deque[_Step] = deque()  # walked, not yet yielded
        decoded: deque[Any] = deque()  # the parsed rows of the plan's first stored steps
        seen: set[str] = set()
        try:
            while True:
                if walk is not None and len(plan) < WALK_AHEAD // 2:
                    walk = self._walk_ahead(walk, plan, reader, seen, stop)
                if not plan or stop():
                    break
                path, relpath, signature, stored, problem = plan.popleft()
                if problem is not None:  # a broken link or an unlistable folder: not cached
                    yield library.error_entry(path, self.folder, problem)
                    continue
                entry = None
                if stored is not None:
                    if not decoded:  # this row and the next stored ones, one JSON parse
                        later = (step[3] for step in islice(plan, DECODE_BLOCK))
                        rowids = [stored, *(rowid for rowid in later if rowid is not None)]
                        decoded.extend(_decode_rows(self._stored(rowids)))
                    entry = _entry(path, relpath, decoded.popleft())
                    if entry is None:  # a row that did not decode: the file is read
                        entry = library.read_entry(path, self.folder)
                        self._remember(relpath, signature, entry, started_ns)
                else:
                    entry = reader.take()
                    if entry is None:  # stopped
                        break
                    self._remember(relpath, signature, entry, started_ns)
                yield entry
        finally:
            reader.close()
            self._flush()
        if walk is None and not plan:  # walked to the end: rows of files gone are removed
            self._forget(self._rows.keys() - seen)

    def _walk_ahead(
        self,
        walk: Iterator[library.Found],
        plan: deque[_Step],
        reader: parallel.OrderedReader,
        seen: set[str],
        stop: Callable[[], bool],
    ) -> Iterator[library.Found] | None:
        """Walk on until the plan holds ``WALK_AHEAD`` steps; None once the walk is over.
        Files to read go to ``reader`` as they are found."""
        while len(plan) < WALK_AHEAD:
            if len(seen) % library.STOP_CHECK_EVERY == 0 and stop():
                return walk
            found = next(walk, None)
            if found is None:
                return None
            path = found.path
            if found.item is None or found.problem is not None:
                plan.append((path, found.relpath, None, None, found.problem or ""))
                continue
            seen.add(found.relpath)
            signature = _signature(found.item)
            row = self._rows.get(found.relpath)
            known = row is not None and signature is not None and row[0] == signature
            stored = row[1] if row is not None and known else None
            if stored is None:
                reader.add(path, found.relpath)
                if reader.added == parallel.MIN_POOL_FILES // 2:
                    parallel.warm_up()  # the fork server loads the parser meanwhile
            plan.append((path, found.relpath, signature, stored, None))
        return walk

    def _stored(self, rowids: list[int]) -> list[bytes | None]:
        """The stored entries of ``rowids``, in order; None for a row gone meanwhile (another
        scan replaced it) or when the database cannot be read: then the file is read."""
        found: dict[int, bytes] = {}
        try:
            for start in range(0, len(rowids), _IN_LIST):
                part = rowids[start : start + _IN_LIST]
                marks = ",".join("?" * len(part))
                query = f"SELECT rowid, entry FROM entries WHERE rowid IN ({marks})"
                found.update(self._connection.execute(query, part).fetchall())
        except sqlite3.Error:
            pass
        return [found.get(rowid) for rowid in rowids]

    def _remember(
        self, relpath: str, signature: Signature | None, entry: ArticleEntry, started_ns: int
    ) -> None:
        if signature is None:
            return
        _size, mtime_ns, _ctime_ns, _inode = _SIGNATURE.unpack(signature)
        if started_ns - mtime_ns < RACY_NS:
            signature = _UNTRUSTED
        self._pending.append((relpath, signature, _encode(entry)))
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self._write("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", pending)

    def _forget(self, relpaths: set[str]) -> None:
        if relpaths:
            self._write("DELETE FROM entries WHERE relpath = ?", [(r,) for r in sorted(relpaths)])

    def _write(self, statement: str, rows: list[Any]) -> None:
        if not self._writable:
            return
        try:
            with _transaction(self._connection):
                self._connection.executemany(statement, rows)
        except sqlite3.Error:
            self._writable = False  # locked by another scan, disk full…: a cache may lag


def _connect(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None


def _prepare(connection: sqlite3.Connection, key: str) -> None:
    """Make the database this version's, for this folder: create it, or rebuild it when
    it holds another schema, another entry format or another folder."""
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION and _meta(connection) == {"folder": key, "format": _format()}:
        return
    with _transaction(connection):
        connection.execute("DROP TABLE IF EXISTS meta")
        connection.execute("DROP TABLE IF EXISTS entries")
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute(
            "CREATE TABLE entries (relpath TEXT PRIMARY KEY, signature BLOB NOT NULL, "
            "entry BLOB NOT NULL)"  # a rowid table: a 1 kB row fits in its page
        )
        # What opening reads, apart from the entries (a tenth of the file's pages).
        connection.execute("CREATE INDEX signatures ON entries (relpath, signature)")
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("folder", key), ("format", _format())]
        )
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock at once (or failing after the
    busy timeout); rolled back when anything in it fails."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _meta(connection: sqlite3.Connection) -> dict[str, str] | None:
    try:
        return dict(connection.execute("SELECT key, value FROM meta"))
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise


def _format() -> str:
    """What the stored entries depend on: the stored fields, and the code that reads a file
    into an entry, and the Python whose ``marshal`` wrote them. An upgrade or an edited
    source file changes a module's size or mtime, and the index is rebuilt; a bundle
    without source files stamps its executable."""
    here = os.path.dirname(__file__)
    stamps = {_stamp(os.path.join(here, name)) for name in _READING_CODE}
    python = f"python{sys.version_info[0]}.{sys.version_info[1]}-marshal{marshal.version}"
    return f"{','.join(VALUE_NAMES)};{','.join(sorted(stamps))};{python}"


def _stamp(file: str | None) -> str:
    try:
        st = os.stat(file) if file else os.stat(sys.executable)
    except OSError:
        return _stamp(None) if file else "unknown"
    return f"{st.st_size}-{st.st_mtime_ns}"


def _load(connection: sqlite3.Connection) -> dict[str, Row]:
    """Every row's signature and rowid; the entries themselves are read as a scan needs
    them (``FolderIndex._stored``), so the first rows of 100,000 do not wait for all."""
    cursor = connection.execute("SELECT relpath, signature, rowid FROM entries")
    return {relpath: (signature, rowid) for relpath, signature, rowid in cursor}


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return not isinstance(error, sqlite3.OperationalError)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def _signature(item: os.DirEntry[str]) -> Signature | None:
    try:
        st = item.stat()  # follows a symbolic link, as reading the file does
    except OSError:
        return None
    return _SIGNATURE.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _encode(entry: ArticleEntry) -> bytes:
    values = list(entry.values())  # the search key None when folding it is a lower()
    when = values[_DATE_AT]
    values[_DATE_AT] = when.isoformat() if isinstance(when, datetime) else None
    return marshal.dumps(values)


def _decode_rows(stored: list[bytes | None]) -> list[Any]:
    """The stored rows' values; None for a row that is gone or does not read back."""
    try:
        return [None if data is None else marshal.loads(data) for data in stored]
    except (ValueError, EOFError, TypeError):  # one bad row: the others one by one
        return [_decode_row(data) for data in stored]


def _decode_row(data: bytes | None) -> Any:
    try:
        return None if data is None else marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None


def _entry(path: Path, relpath: str, values: Any) -> ArticleEntry | None:
    """The stored entry, or None when the row cannot be read back (then the file is)."""
    try:
        if not isinstance(values, list):
            return None
        when = values[_DATE_AT]
        values[_DATE_AT] = datetime.fromisoformat(when) if when is not None else None
        values[_TOPICS_AT] = tuple(values[_TOPICS_AT])
        return ArticleEntry.from_values(path, relpath, values)
    except (ValueError, TypeError, IndexError):
        return None


def _never() -> bool:
    return False
