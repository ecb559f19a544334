"""The live folder: files other programs change, add, delete or rename show up on their own.

A QFileSystemWatcher watches every folder below the opened one (and, up to
``MAX_FILE_WATCHES``, the article files themselves: a write in place changes no folder).
Its signals are collected for ``debounce_ms`` and the folders they name are listed again
off the GUI thread: a file whose size or modification time changed, or that is new, is
read into an entry; a file that is gone is reported removed. A periodic stat of every
file (``poll_ms``, slower for large folders) catches what the watcher cannot see: watches
that ran out, network drives that report nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from curator_app.core.entry import ArticleEntry
from curator_app.core.library import ARTICLE_SUFFIXES, read_entry
from curator_app.ui.tasks import Task, TaskRunner

MAX_FILE_WATCHES = 4000
Signature = tuple[int, int]  # (size, mtime_ns); (-1, -1) when the file cannot be stat'ed
# folder -> its article files, as path strings: 100,000 Path objects per poll cost
# seconds of the interpreter lock the GUI thread needs.
Snapshot = dict[str, dict[str, Signature]]


_SCAN = "folder-watch-scan"  # one scan at a time; stopping drops the last folder's


@dataclass
class _Scan:
    """What one listing found: the folders listed and their files, entries to show."""

    listed: Snapshot
    changed: list[ArticleEntry] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    gone_folders: list[str] = field(default_factory=list)


def list_folder(folder: str) -> tuple[dict[str, Signature], list[str]] | None:
    """The article files of one folder with their signatures, and its subfolders."""
    files: dict[str, Signature] = {}
    subfolders: list[str] = []
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                if item.name.startswith("."):
                    continue
                try:
                    if item.is_dir(follow_symlinks=False):
                        subfolders.append(item.path)
                        continue
                except OSError:
                    continue
                if os.path.splitext(item.name)[1].lower() in ARTICLE_SUFFIXES:
                    signature = _signature(item)
                    if signature is not None:
                        files[item.path] = signature
    except OSError:
        return None
    return files, subfolders


def _signature(item: os.DirEntry[str]) -> Signature | None:
    """A regular file's (size, mtime); (-1, -1) for a broken link (listed with its error,
    as the folder scan does); None for what is no article (pipes, links to folders)."""
    try:
        if item.is_file():
            st = item.stat()
            return st.st_size, st.st_mtime_ns
    except OSError:
        return -1, -1  # a link loop
    if not item.is_symlink():
        return None
    try:
        os.stat(item.path)
    except OSError:
        return -1, -1
    return None


def scan(
    root: Path, folders: Iterable[str], known: Snapshot, recursive: bool, read: bool = True
) -> _Scan:
    """List ``folders`` (and new subfolders), compare with ``known``, read what changed
    (``read=False``: only list, for the baseline)."""
    result = _Scan({})
    stack = list(folders)
    while stack:
        folder = stack.pop()
        listed = list_folder(folder)
        if listed is None:
            below = folder + os.sep
            result.gone_folders += [f for f in known if f == folder or f.startswith(below)]
            continue
        files, subfolders = listed
        result.listed[folder] = files
        before = known.get(folder, {})
        for path, signature in files.items():
            if read and before.get(path) != signature:
                result.changed.append(read_entry(Path(path), root))
        result.removed += [Path(path) for path in before if path not in files]
        stack += [s for s in subfolders if recursive or s not in known]
        result.gone_folders += [
            f for f in known if os.path.dirname(f) == folder and f not in subfolders and f != folder
        ]
    for gone in result.gone_folders:
        result.removed += [Path(path) for path in known.get(gone, {})]
    return result


class FolderWatcher(QObject):
    """Reports changed and new files as entries, deleted ones as paths."""

    entriesChanged = Signal(object)  # list[ArticleEntry]: changed or new files
    pathsRemoved = Signal(object)  # list[Path]

    def __init__(
        self,
        runner: TaskRunner,
        parent: QObject | None = None,
        debounce_ms: int = 250,
        poll_ms: int = 1500,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._root: Path | None = None
        self._snapshot: Snapshot = {}
        self._busy = False  # a scan is under way: changes wait for the next one
        self._dirty: set[str] = set()
        self._full_pending = False
        self._held = False  # a bulk step is writing: look once it is over
        self._poll_ms = poll_ms
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._mark)
        self._watcher.fileChanged.connect(lambda p: self._mark(os.path.dirname(p)))
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self._flush)
        self._poll = QTimer(self, singleShot=True, interval=poll_ms)
        self._poll.timeout.connect(self._poll_all)

    @property
    def folder(self) -> Path | None:
        return self._root

    def watch(self, folder: Path, baseline: Iterable[ArticleEntry] | None = None) -> None:
        """Watch ``folder`` from now on. Its files as the list read them (``baseline``)
        are compared with the disk at once, so what changed since it was read shows up;
        without a baseline, the files present now are the baseline."""
        self.stop()
        self._root = folder
        self._full_pending = True
        if baseline is None:
            self._start_scan([str(folder)], recursive=True, initial=True)
        else:
            self._start_scan([str(folder)], recursive=True, baseline=list(baseline))

    def stop(self) -> None:
        self._runner.cancel(_SCAN)  # a scan of the last folder under way is dropped
        self._busy = False
        self._root = None
        self._snapshot = {}
        self._dirty.clear()
        self._debounce.stop()
        self._poll.stop()
        for paths in (self._watcher.directories(), self._watcher.files()):
            if paths:
                self._watcher.removePaths(paths)

    def hold(self, held: bool) -> None:
        """While the window writes many files itself, listing and re-reading them as they
        change would only compete with the writes: changes wait until released."""
        self._held = held
        if not held and (self._dirty or self._full_pending):
            self._debounce.start()

    def _mark(self, folder: str) -> None:
        self._dirty.add(folder)
        self._debounce.start()

    def _flush(self) -> None:
        if self._root is None or self._busy or self._held:
            return
        if self._full_pending:
            self._full_pending = False
            self._dirty.clear()
            self._start_scan([str(self._root)], recursive=True)
        elif self._dirty:
            folders, self._dirty = sorted(self._dirty), set()
            self._start_scan(folders, recursive=False)

    def _poll_all(self) -> None:
        self._full_pending = True
        self._flush()  # held: the release starts the scan

    def _start_scan(
        self,
        folders: list[str],
        recursive: bool,
        initial: bool = False,
        baseline: list[ArticleEntry] | None = None,
    ) -> None:
        root = self._root
        assert root is not None
        # Read by the task as it is: ``_apply`` replaces the snapshot, never changes it.
        # A baseline is built into a dict of the task's own, never into the snapshot.
        known: Snapshot = {} if initial or baseline is not None else self._snapshot
        self._busy = True
        started = time.monotonic()

        def work(_task: Task) -> _Scan:
            if baseline is not None:  # built here: 100,000 entries are a GUI-thread stall
                for entry in baseline:
                    path = str(entry.path)
                    known.setdefault(os.path.dirname(path), {})[path] = (entry.size, entry.mtime_ns)
            return scan(root, folders, known, recursive, read=not initial)

        def done(result: _Scan) -> None:
            self._busy = False
            self._apply(result)
            spent_ms = int((time.monotonic() - started) * 1000)
            if recursive:  # a large folder is polled less often
                self._poll.start(max(self._poll_ms, 10 * spent_ms))
            if self._dirty or self._full_pending:
                self._debounce.start()

        def failed(_error: BaseException) -> None:
            self._busy = False

        self._runner.start(work, done, failed, key=_SCAN)

    def _apply(self, result: _Scan) -> None:
        snapshot = dict(self._snapshot)  # a new one: a running task may read the old
        for gone in result.gone_folders:
            snapshot.pop(gone, None)
        snapshot.update(result.listed)
        self._snapshot = snapshot
        watched_folders = set(self._watcher.directories())
        new_folders = [f for f in result.listed if f not in watched_folders]
        if new_folders:
            self._watcher.addPaths(new_folders)
        self._watch_files(result.listed)
        if result.removed:
            self.pathsRemoved.emit(result.removed)
        if result.changed:
            self.entriesChanged.emit(result.changed)

    def _watch_files(self, listed: Snapshot) -> None:
        watched = set(self._watcher.files())
        room = MAX_FILE_WATCHES - len(watched)
        if room <= 0:
            return
        wanted = (
            path
            for files in listed.values()
            for path, signature in files.items()
            if signature[0] >= 0 and path not in watched
        )
        first = list(islice(wanted, room))  # not 100,000 strings for 4,000 watches
        if first:
            self._watcher.addPaths(first)
